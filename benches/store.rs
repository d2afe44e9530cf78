//! Store benchmarks: durable save vs a bare insert, importing ten years, listing a month.
//!
//! Run with `cargo bench --bench store`; figures go to BENCHMARKS.md.

use std::hint::black_box;

use chrono::{Duration, Local, NaiveDate};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use feltsense::demo::{DemoOptions, generate};
use feltsense::model::{Entry, Level, Region};
use feltsense::store::{EntryFilter, Passphrase, Store};

fn ten_years() -> Vec<Entry> {
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    generate(&DemoOptions { years: 10, seed: 1, end })
}

fn typical_entry() -> Entry {
    let mut e = Entry::new(Local::now().fixed_offset());
    for (r, v) in [(Region::Neck, 6), (Region::ShoulderLeft, 4), (Region::Jaw, 3)] {
        e.set_tension(r, Level::new(v));
    }
    e.set_emotion("anxiety", Level::new(7));
    e.note = "Presentation at work".into();
    e.tags = vec!["work".into()];
    e
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("bench.sqlite")).expect("open");
    let entry = typical_entry();
    let mut g = c.benchmark_group("save");
    g.bench_function("durable save of one entry (Store::insert)", |b| {
        b.iter_batched(
            || {
                let mut e = entry.clone();
                e.uid = feltsense::model::new_uid();
                e
            },
            |e| store.insert(black_box(&e)).expect("insert"),
            BatchSize::SmallInput,
        );
    });

    // The same save into a journal locked with a passphrase (SQLCipher: every page encrypted and
    // authenticated).
    let key = Passphrase::new("bench passphrase").expect("valid");
    let mut locked = Store::open_with(&dir.path().join("locked.sqlite"), Some(&key)).expect("open locked");
    g.bench_function("durable save of one entry, locked journal", |b| {
        b.iter_batched(
            || {
                let mut e = entry.clone();
                e.uid = feltsense::model::new_uid();
                e
            },
            |e| locked.insert(black_box(&e)).expect("insert"),
            BatchSize::SmallInput,
        );
    });
    drop(locked);
    // Opening a locked journal derives its key from the passphrase (PBKDF2, 256,000 rounds).
    g.sample_size(10);
    g.bench_function("open a locked journal (key derivation included)", |b| {
        b.iter(|| Store::open_with(black_box(&dir.path().join("locked.sqlite")), Some(&key)).expect("open"));
    });
    g.sample_size(100);

    let bare = rusqlite::Connection::open(dir.path().join("bare.sqlite")).expect("open bare");
    bare.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
         CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, note TEXT NOT NULL);",
    )
    .expect("bare schema");
    g.bench_function("bare single-row insert, same pragmas", |b| {
        b.iter(|| bare.execute("INSERT INTO t (at, note) VALUES (?1, ?2)", (black_box(1_i64), "x")).expect("insert"));
    });
    g.finish();
}

fn import_and_list(c: &mut Criterion) {
    let entries = ten_years();
    let mut g = c.benchmark_group("journal");
    g.sample_size(10);
    g.bench_function(format!("import 10-year demo journal ({} entries)", entries.len()), |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                let mut s = Store::open(&dir.path().join("j.sqlite")).expect("open");
                s.import(black_box(&entries)).expect("import");
                dir
            },
            BatchSize::PerIteration,
        );
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("j.sqlite")).expect("open");
    s.import(&entries).expect("import");
    let to = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let filter = EntryFilter { from: Some(to - Duration::days(30)), to: Some(to), ..EntryFilter::default() };
    g.sample_size(50);
    g.bench_function("list one month of a 10-year journal", |b| b.iter(|| s.list(black_box(&filter)).expect("list")));
    g.bench_function("list all of a 10-year journal", |b| {
        b.iter(|| s.list(black_box(&EntryFilter::default())).expect("list"))
    });
    g.finish();
}

criterion_group!(benches, save, import_and_list);
criterion_main!(benches);
