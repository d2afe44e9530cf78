//! Store benchmarks: durable save vs a bare insert, importing ten years, listing a month, and the
//! copies in a folder of a 50-year journal (writing this computer's copy, merging another
//! computer's).
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
        b.iter_batched(
            || Passphrase::new("bench passphrase").expect("valid"),
            |fresh| Store::open_with(black_box(&dir.path().join("locked.sqlite")), Some(&fresh)).expect("open"),
            BatchSize::PerIteration,
        );
    });
    // Later connections with the same passphrase (the window's background loads) reuse the key
    // derived for this file.
    g.bench_function("open a reader on a locked journal, key derived before", |b| {
        b.iter(|| Store::open_reader_with(black_box(&dir.path().join("locked.sqlite")), Some(&key)).expect("open"));
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

    // Where the save's extra time goes: the same rows written with bare SQL into tables shaped
    // like the journal's (an entry with a unique id and a time index, plus tension, emotion and tag
    // rows in their own b-trees), in one transaction. Each b-tree adds a page to every commit.
    let rows = rusqlite::Connection::open(dir.path().join("rows.sqlite")).expect("open rows");
    rows.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
         CREATE TABLE e (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, note TEXT NOT NULL);
         CREATE INDEX e_at ON e(at);
         CREATE TABLE t (e INTEGER NOT NULL, r TEXT NOT NULL, v INTEGER NOT NULL, PRIMARY KEY (e, r)) WITHOUT ROWID;
         CREATE TABLE m (e INTEGER NOT NULL, c TEXT NOT NULL, v INTEGER NOT NULL, PRIMARY KEY (e, c)) WITHOUT ROWID;
         CREATE TABLE g (e INTEGER NOT NULL, p INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (e, p)) WITHOUT ROWID;",
    )
    .expect("rows schema");
    g.bench_function("bare insert of the same rows into journal-shaped tables, same pragmas", |b| {
        b.iter_batched(
            feltsense::model::new_uid,
            |uid| {
                rows.execute_batch("BEGIN IMMEDIATE").expect("begin");
                rows.execute("INSERT INTO e (uid, at, note) VALUES (?1, 1, 'Presentation at work')", [uid])
                    .expect("entry");
                let id = rows.last_insert_rowid();
                for (r, v) in [("neck", 6), ("shoulder_left", 4), ("jaw", 3)] {
                    rows.execute("INSERT INTO t VALUES (?1, ?2, ?3)", (id, r, v)).expect("tension");
                }
                rows.execute("INSERT INTO m VALUES (?1, 'anxiety', 7)", [id]).expect("emotion");
                rows.execute("INSERT INTO g VALUES (?1, 0, 'work')", [id]).expect("tag");
                rows.execute_batch("COMMIT").expect("commit");
            },
            BatchSize::SmallInput,
        );
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

/// Copies in a folder (issue 24; target ≤ 2 s each, off the UI thread): writing the encrypted,
/// checked copy of a 50-year journal, and merging another computer's 50-year copy, into an empty
/// journal (every entry new) and into one that holds them already (every entry compared, nothing
/// changed: the steady state of two computers).
fn copies(c: &mut Criterion) {
    use feltsense::store::sync::{Seen, merge_folder, write_copy};
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    let entries = generate(&DemoOptions { years: 50, seed: 7, end });
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("Sync");
    std::fs::create_dir(&shared).expect("shared folder");
    let journal = dir.path().join("desktop").join("journal.sqlite");
    let mut s = Store::open(&journal).expect("open");
    s.import(&entries).expect("import");
    drop(s);
    let key = Passphrase::new("bench copies").expect("valid");
    let now = || Local::now().fixed_offset();
    let mut g = c.benchmark_group("copies");
    g.sample_size(10);
    let mut seq = 0;
    g.bench_function(format!("write the copy of a 50-year journal ({} entries)", entries.len()), |b| {
        b.iter(|| {
            let w = write_copy(black_box(&journal), None, &key, &shared, seq, now()).expect("copy");
            seq = w.seq;
        });
    });
    g.bench_function("merge another computer's 50-year copy into an empty journal", |b| {
        b.iter_batched(
            || {
                let d = tempfile::tempdir().expect("tempdir");
                let s = Store::open(&d.path().join("j.sqlite")).expect("open");
                (d, s)
            },
            |(d, mut s)| {
                let m = merge_folder(&mut s, black_box(&shared), &[&key], &mut Seen::new()).expect("merge");
                assert_eq!(m.merged.added, entries.len());
                (d, s)
            },
            BatchSize::PerIteration,
        );
    });
    let laptop = tempfile::tempdir().expect("tempdir");
    let mut merged = Store::open(&laptop.path().join("j.sqlite")).expect("open");
    merge_folder(&mut merged, &shared, &[&key], &mut Seen::new()).expect("first merge");
    g.bench_function("merge it again into the journal that holds it (nothing new)", |b| {
        b.iter(|| {
            let m = merge_folder(&mut merged, black_box(&shared), &[&key], &mut Seen::new()).expect("merge");
            assert!(m.merged.is_empty());
        });
    });
    g.finish();
}

criterion_group!(benches, save, import_and_list, copies);
criterion_main!(benches);
