//! The command line on a 50-year journal (the demo's 50 years, about 70,000 entries): the PDF
//! report of the default 8 weeks (target ≤ 150 ms) and `list --format json` of everything
//! (target ≤ 1 s), through the same code paths as the program.
//!
//! Run with `cargo bench --bench cli`; figures go to BENCHMARKS.md.

use std::hint::black_box;

use chrono::DateTime;
use clap::Parser as _;
use criterion::{Criterion, criterion_group, criterion_main};
use feltsense::cli::{Cli, list_json, run};
use feltsense::demo::{DemoOptions, generate};
use feltsense::store::{EntryFilter, Store};

fn cli(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    // Ends today, so the report's default 8 weeks are the journal's last 8 weeks.
    let end = DateTime::parse_from_rfc3339(&chrono::Local::now().fixed_offset().to_rfc3339()).expect("now");
    let entries = generate(&DemoOptions { years: 50, seed: 1, end });
    let n = entries.len();
    Store::open(&db).expect("open").import(&entries).expect("import");
    drop(entries);

    let mut g = c.benchmark_group("cli");
    g.sample_size(10);
    let pdf = dir.path().join("report.pdf");
    g.bench_function(format!("export --format pdf, 8 weeks, of a 50-year journal ({n} entries)"), |b| {
        b.iter(|| {
            let args = ["feltsense", "--db", db.to_str().expect("utf-8"), "export", "--format", "pdf", "-o"];
            let cli = Cli::try_parse_from(args.into_iter().chain([pdf.to_str().expect("utf-8")])).expect("args");
            run(cli).expect("export");
        });
    });
    g.bench_function(format!("list --format json of a 50-year journal ({n} entries)"), |b| {
        b.iter(|| {
            let store = Store::open(&db).expect("open");
            let mut sink = std::io::sink();
            black_box(list_json(&store, &EntryFilter::default(), &mut sink).expect("list"))
        });
    });
    g.finish();
}

criterion_group!(benches, cli);
criterion_main!(benches);
