//! Export benchmarks: the CSV tables of a ten-year journal (target ≤ 150 ms), the PDF report of
//! eight weeks (target ≤ 500 ms), and the FHIR R4 bundle of ten years (target ≤ 1 s) and of eight
//! weeks (target ≤ 50 ms).
//!
//! Run with `cargo bench --bench export`; figures go to BENCHMARKS.md.

use std::hint::black_box;

use chrono::{DateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use feltsense::demo::{DemoOptions, generate};
use feltsense::export::csv::{CsvDialect, write_csv_files, write_entries, write_tensions};
use feltsense::export::fhir::{FhirOptions, write as write_fhir};
use feltsense::export::pdf::{ReportLink, ReportOptions, render_report};
use feltsense::model::{Entry, Lang, Region};

fn ten_years() -> Vec<Entry> {
    let end = DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    generate(&DemoOptions { years: 10, seed: 1, end })
}

fn csv(c: &mut Criterion) {
    let entries = ten_years();
    let ratings: usize = entries.iter().map(|e| e.tensions.len()).sum();
    let mut g = c.benchmark_group("csv");
    g.sample_size(20);
    g.bench_function(
        format!("both tables of ten years in memory ({} entries, {ratings} ratings)", entries.len()),
        |b| {
            b.iter(|| {
                let mut tensions = Vec::with_capacity(8 << 20);
                let mut rows = Vec::with_capacity(4 << 20);
                write_tensions(&entries, Lang::Nl, CsvDialect::Semicolon, &mut tensions).expect("csv");
                write_entries(&entries, Lang::Nl, CsvDialect::Semicolon, &mut rows).expect("csv");
                black_box((tensions.len(), rows.len()))
            });
        },
    );
    let dir = tempfile::tempdir().expect("tempdir");
    g.bench_function("both tables of ten years to files (atomic, fsynced)", |b| {
        b.iter(|| write_csv_files(dir.path(), "bench", &entries, Lang::Nl, CsvDialect::Semicolon).expect("files"));
    });
    g.finish();
}

fn pdf(c: &mut Criterion) {
    let entries = ten_years();
    let last = entries.iter().map(|e| e.at.date_naive()).max().expect("entries");
    let options = ReportOptions {
        period_from: last - TimeDelta::days(55),
        period_to: last,
        include_notes: true,
        name: Some("Sanne de Vries".into()),
        lang: Lang::Nl,
        generated_on: last,
        basis: feltsense::model::prep::PeriodBasis::LastWeeks(8),
        zone: feltsense::model::text::time::Zone::System,
    };
    let links: Vec<ReportLink> = [(Region::Neck, "anxiety"), (Region::Jaw, "anger"), (Region::LowerBack, "stress")]
        .into_iter()
        .map(|(region, emotion)| ReportLink {
            emotion: emotion.into(),
            region,
            window_label: "6–24 h".into(),
            diff_points: 1.4,
            n_events: 21,
            n_days: 18,
            n_checkins: 80,
        })
        .collect();
    let mut g = c.benchmark_group("pdf");
    g.sample_size(20);
    g.bench_function("report of 8 weeks from a ten-year journal", |b| {
        b.iter(|| black_box(render_report(&entries, &links, &options).expect("pdf").len()));
    });
    g.finish();
}

fn fhir(c: &mut Criterion) {
    let entries = ten_years();
    let last = entries.iter().map(|e| e.at.date_naive()).max().expect("entries");
    let weeks8: Vec<Entry> =
        entries.iter().filter(|e| e.at.date_naive() > last - TimeDelta::days(56)).cloned().collect();
    let options = FhirOptions {
        lang: Lang::Nl,
        include_notes: true,
        name: Some("Sanne de Vries".into()),
        generated_at: DateTime::parse_from_rfc3339("2026-11-21T09:00:00+01:00").expect("time"),
        report: None,
        prep: feltsense::model::prep::Prep::default(),
    };
    let mut g = c.benchmark_group("fhir");
    g.sample_size(10);
    for (label, list) in [("ten years", &entries), ("8 weeks", &weeks8)] {
        let counts = feltsense::export::fhir::count_resources(list, true, false);
        g.bench_function(
            format!("bundle of {label} in memory ({} entries, {} resources)", list.len(), counts.total()),
            |b| {
                b.iter(|| {
                    let mut out = Vec::with_capacity(64 << 20);
                    write_fhir(list, &options, &mut out).expect("fhir");
                    black_box(out.len())
                });
            },
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.fhir.json");
    g.bench_function("bundle of ten years to a file (atomic, fsynced)", |b| {
        b.iter(|| {
            feltsense::export::files::write_atomic(&path, |w| write_fhir(&entries, &options, w)).expect("file");
        });
    });
    g.finish();
}

criterion_group!(benches, csv, pdf, fhir);
criterion_main!(benches);
