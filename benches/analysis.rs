//! Analysis benchmarks on a 10-year demo journal: generating it, the full adjusted lag analysis
//! (target ≤ 250 ms; a 50-year journal ≤ 2 s), one cell's drill-down (≤ 50 ms), and the other
//! insights views' computations, and a personal experiment's 28-day result with its exact
//! randomisation test (target ≤ 50 ms).
//!
//! Run with `cargo bench --bench analysis`; figures go to BENCHMARKS.md.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use feltsense::analysis::heatmap::{Aggregate, compare};
use feltsense::analysis::practices::practice_report;
use feltsense::analysis::time_of_day::time_of_day;
use feltsense::analysis::trends::trends;
use feltsense::analysis::weekly::weekly_review;
use feltsense::analysis::{DateRange, LagParams, LagWindow, cell_entries, lag_analysis};
use feltsense::demo::{DemoOptions, generate};
use feltsense::model::{Entry, Level};

fn options() -> DemoOptions {
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    DemoOptions { years: 10, seed: 1, end }
}

fn ten_years() -> Vec<Entry> {
    generate(&options())
}

fn demo(c: &mut Criterion) {
    let opts = options();
    let n = generate(&opts).len();
    let mut g = c.benchmark_group("demo");
    g.sample_size(20);
    g.bench_function(format!("generate a 10-year demo journal ({n} entries)"), |b| {
        b.iter(|| generate(black_box(&opts)))
    });
    g.finish();
}

fn lag(c: &mut Criterion) {
    let entries = ten_years();
    let params = LagParams::default();
    let mut g = c.benchmark_group("lag");
    g.bench_function(format!("full lag analysis, 10 years ({} entries)", entries.len()), |b| {
        b.iter(|| lag_analysis(black_box(&entries), black_box(&params)))
    });
    g.bench_function("drill-down of one cell, 10 years", |b| {
        b.iter(|| cell_entries(black_box(&entries), &params, "anxiety", LagWindow::H12To24))
    });
    let fifty = generate(&DemoOptions { years: 50, ..options() });
    g.sample_size(10);
    g.bench_function(format!("full lag analysis, 50 years ({} entries)", fifty.len()), |b| {
        b.iter(|| lag_analysis(black_box(&fifty), black_box(&params)))
    });
    g.finish();
}

fn views(c: &mut Criterion) {
    let entries = ten_years();
    let end = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let mut g = c.benchmark_group("views");
    g.bench_function("trends, all 10 years", |b| {
        b.iter(|| trends(black_box(&entries), DateRange::ALL, Level::new(5).expect("level")))
    });
    g.bench_function("heat map then vs now (two 90-day periods)", |b| {
        let now = DateRange::last_days(end, 90);
        let then = DateRange::last_days(end - chrono::Duration::days(365), 90);
        b.iter(|| compare(black_box(&entries), then, now, Aggregate::Mean))
    });
    g.bench_function("weekly review", |b| b.iter(|| weekly_review(black_box(&entries), end)));
    g.bench_function("time of day, all 10 years", |b| b.iter(|| time_of_day(black_box(&entries), DateRange::ALL)));
    g.bench_function("practices, all 10 years", |b| b.iter(|| practice_report(black_box(&entries), DateRange::ALL)));
    g.finish();
}

fn experiment(c: &mut Criterion) {
    use feltsense::analysis::experiment::sim::{SimOptions, after_the_end, simulate};
    use feltsense::analysis::experiment::{Stage, analyse};
    // A small true effect: unclear at day 14, so the result covers all 28 days (both looks).
    let e = simulate(&SimOptions::with_effect(3, -0.5, 1.5)).expect("valid options");
    let now = after_the_end(&e.plan);
    assert_eq!(analyse(&e, now).stage, Stage::Finished { day: 28 }, "the benchmark covers both looks");
    let mut g = c.benchmark_group("experiment");
    g.bench_function("result of a 28-day experiment (exact randomisation test, both looks)", |b| {
        b.iter(|| analyse(black_box(&e), black_box(now)))
    });
    g.finish();
}

criterion_group!(benches, demo, lag, views, experiment);
criterion_main!(benches);
