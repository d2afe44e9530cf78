//! Crash safety with the real binary: `feltsense add` processes are killed with SIGKILL at random
//! moments, many times, while other writers keep going. Afterwards every add that reported
//! success is in the journal and SQLite's integrity check passes.
//!
//! The random delays come from a seeded generator; the seed is printed, and
//! `FELTSENSE_CRASH_SEED=<n>` replays a run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use feltsense::store::{EntryFilter, Store};

/// A small xorshift generator: reproducible from its seed, no dependency.
struct Rng(u64);

impl Rng {
    fn from_env_or_clock() -> Rng {
        let seed = std::env::var("FELTSENSE_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
        });
        eprintln!("crash test seed: FELTSENSE_CRASH_SEED={seed}");
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A duration between zero and `max`.
    fn upto(&mut self, max: Duration) -> Duration {
        let micros = max.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % micros)
    }
}

fn spawn_add(db: &Path, note: &str, level: usize) -> Child {
    Command::new(env!("CARGO_BIN_EXE_feltsense"))
        .arg("--db")
        .arg(db)
        .args(["add", "--tension", &format!("neck={}", level % 11), "--note", note])
        .env_remove("FELTSENSE_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn feltsense")
}

/// Waits for an add and tells whether it reported success (exit 0 and "saved entry").
fn reported_success(child: Child) -> bool {
    let out = child.wait_with_output().expect("wait");
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("saved entry")
}

/// Runs one add to the end; it must succeed.
fn add_ok(db: &Path, note: &str, level: usize) {
    let child = spawn_add(db, note, level);
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("saved entry"),
        "add {note} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Spawns an add and kills it with SIGKILL after `delay` (or lets it finish if it is quicker).
fn add_and_kill(db: &Path, note: &str, level: usize, delay: Duration) -> bool {
    let mut child = spawn_add(db, note, level);
    std::thread::sleep(delay);
    // SIGKILL on Unix; a process that already exited is a zombie until waited for, so this
    // cannot hit another process.
    child.kill().expect("kill");
    reported_success(child)
}

fn notes_in(db: &Path) -> Vec<String> {
    let s = Store::open(db).expect("the journal opens after the crashes");
    s.integrity_check().expect("integrity_check is ok");
    s.list(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect()
}

/// How long an add takes here, so the kills can be spread over a whole run.
fn typical_add(db: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|i| {
            let start = Instant::now();
            add_ok(db, &format!("warm-{i}"), i);
            start.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

#[test]
fn killed_writers_never_lose_a_reported_entry_nor_damage_the_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    let mut rng = Rng::from_env_or_clock();
    let typical = typical_add(&db);
    let window = typical + typical / 3;

    // A steady writer that is never killed runs alongside, so killed processes die while another
    // process holds or waits for the write lock.
    let steady_db = db.clone();
    let steady = std::thread::spawn(move || {
        let mut done = Vec::new();
        for j in 0..25 {
            let note = format!("steady-{j}");
            add_ok(&steady_db, &note, j);
            done.push(note);
        }
        done
    });

    let kills = 90;
    let mut reported = BTreeSet::new();
    let mut attempted = BTreeSet::new();
    for i in 0..kills {
        let note = format!("k-{i}");
        attempted.insert(note.clone());
        if add_and_kill(&db, &note, i, rng.upto(window)) {
            reported.insert(note);
        }
    }
    let steady_done = steady.join().expect("steady writer");

    let notes = notes_in(&db);
    let present: BTreeSet<String> = notes.iter().cloned().collect();
    assert_eq!(present.len(), notes.len(), "no entry was written twice");
    let lost: Vec<&String> = reported.iter().filter(|n| !present.contains(*n)).collect();
    assert!(lost.is_empty(), "entries reported as saved are missing: {lost:?}");
    for n in &steady_done {
        assert!(present.contains(n), "steady entry {n} missing");
    }
    // Nothing appears that was never attempted.
    let stray: Vec<&String> = present
        .iter()
        .filter(|n| !attempted.contains(*n) && !n.starts_with("steady-") && !n.starts_with("warm-"))
        .collect();
    assert!(stray.is_empty(), "unexpected entries: {stray:?}");
    eprintln!(
        "{kills} kills: {} reported saved, {} present ({} saved but killed before reporting)",
        reported.len(),
        present.iter().filter(|n| n.starts_with("k-")).count(),
        present.iter().filter(|n| n.starts_with("k-") && !reported.contains(*n)).count()
    );
    // The journal is still fully usable.
    add_ok(&db, "after", 1);
    assert_eq!(notes_in(&db).len(), notes.len() + 1);
}

#[test]
fn a_writer_killed_while_creating_a_new_journal_leaves_a_usable_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rng = Rng::from_env_or_clock();
    let typical = typical_add(&dir.path().join("calibrate.sqlite"));
    for i in 0..15 {
        let db: PathBuf = dir.path().join(format!("new-{i}")).join("journal.sqlite");
        let saved = add_and_kill(&db, "first", i, rng.upto(typical));
        add_ok(&db, "second", i);
        let notes = notes_in(&db);
        let expected: Vec<&str> = if saved { vec!["second", "first"] } else { vec!["second"] };
        // A killed first add may still have committed before it could report: allow that.
        let got: Vec<&str> = notes.iter().map(String::as_str).collect();
        assert!(
            got == expected || (!saved && got == ["second", "first"]),
            "journal {i}: {got:?} (first add reported success: {saved})"
        );
    }
}

#[test]
fn concurrent_writers_all_succeed_through_the_busy_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    add_ok(&db, "seed", 0);
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                for j in 0..15 {
                    add_ok(&db, &format!("w{w}-{j}"), j);
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let notes = notes_in(&db);
    let present: BTreeSet<&str> = notes.iter().map(String::as_str).collect();
    assert_eq!(notes.len(), 1 + 3 * 15);
    for w in 0..3 {
        for j in 0..15 {
            assert!(present.contains(format!("w{w}-{j}").as_str()), "w{w}-{j} missing");
        }
    }
}

#[test]
fn a_journal_left_with_a_hot_rollback_journal_is_recovered_to_its_last_commit() {
    // A crash in the middle of a rollback-mode write (an older journal, or a new or restored file
    // being switched to WAL) leaves the main file half-changed and a hot `-journal` beside it.
    // Copying both while a write is in progress gives exactly that state.
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live.sqlite");
    let crashed = dir.path().join("crashed").join("journal.sqlite");
    std::fs::create_dir(crashed.parent().expect("dir")).expect("mkdir");
    let c = rusqlite::Connection::open(&live).expect("create");
    c.execute_batch(include_str!("data/journal_v1.sql")).expect("v1 fixture (rollback mode)");
    // A tiny cache makes SQLite spill changed pages into the main file before the commit.
    c.execute_batch(
        "PRAGMA cache_size = 1; BEGIN;
         UPDATE entries SET note = 'half-written';
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
         INSERT INTO entries (uid, at, at_utc, note, created_at, updated_at)
           SELECT 'x' || i, '2026-10-02T08:00:00+02:00', 1759384800, printf('%.2000c', 'z'), 0, 0 FROM n;",
    )
    .expect("uncommitted write");
    for suffix in ["", "-journal"] {
        std::fs::copy(format!("{}{suffix}", live.display()), format!("{}{suffix}", crashed.display()))
            .expect("copy as a crash would leave it");
    }
    c.execute_batch("ROLLBACK").expect("rollback");
    assert!(std::fs::metadata(format!("{}-journal", crashed.display())).expect("hot journal").len() > 0);

    let s = Store::open(&crashed).expect("opens after recovery");
    s.integrity_check().expect("sound");
    let notes: Vec<String> = s.list(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect();
    assert_eq!(notes, vec![String::new(), "Deadline today".to_string()], "the last committed state");
}

/// Spawns `feltsense passphrase` changing the lock from `current` to `new` (`None`: remove it).
fn spawn_passphrase(db: &Path, current: Option<&str>, new: Option<&str>) -> Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_feltsense"));
    c.arg("--db").arg(db).arg("passphrase").env_remove("FELTSENSE_DB");
    c.env_remove("FELTSENSE_PASSPHRASE").env_remove("FELTSENSE_NEW_PASSPHRASE");
    if new.is_none() {
        c.arg("--remove");
    }
    if let Some(k) = current {
        c.env("FELTSENSE_PASSPHRASE", k);
    }
    if let Some(k) = new {
        c.env("FELTSENSE_NEW_PASSPHRASE", k);
    }
    c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn feltsense")
}

/// Opens `path` with whichever of `keys` unlocks it (`None`: plain), checks its integrity and
/// returns that key and the notes it holds.
fn open_with_any(path: &Path, keys: &[Option<String>]) -> (Option<String>, Vec<String>) {
    for k in keys {
        let pass = k.as_deref().map(|k| feltsense::store::Passphrase::new(k).expect("valid"));
        if let Ok(r) = Store::open_reader_with(path, pass.as_ref()) {
            let ok = r.connection().query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0));
            assert_eq!(ok.expect("integrity check runs"), "ok", "{} is damaged", path.display());
            let notes = r.list(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect();
            return (k.clone(), notes);
        }
    }
    panic!("{} opens with none of the passphrases used", path.display());
}

#[test]
fn a_passphrase_change_killed_at_any_moment_leaves_the_whole_journal_under_the_old_or_new_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    let mut rng = Rng::from_env_or_clock();
    for i in 0..30 {
        add_ok(&db, &format!("n-{i}"), i);
    }
    let expected: BTreeSet<String> = notes_in(&db).into_iter().collect();
    let out = spawn_passphrase(&db, None, Some("zeroth")).wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // How long a whole change of a locked journal with a backup takes here.
    let start = Instant::now();
    let out = spawn_passphrase(&db, Some("zeroth"), Some("first")).wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let typical = start.elapsed();

    let mut used: Vec<Option<String>> = vec![None, Some("zeroth".into()), Some("first".into())];
    let mut current = Some("first".to_owned());
    let (mut completed, mut switched) = (0, 0);
    let changes = 8;
    for i in 0..changes {
        // Every third change removes the lock (when there is one), the others set a new one.
        let new = if i % 3 == 2 && current.is_some() { None } else { Some(format!("pass-{i}")) };
        used.push(new.clone());
        let mut child = spawn_passphrase(&db, current.as_deref(), new.as_deref());
        // Later changes also convert more backups, so they take a little longer.
        std::thread::sleep(rng.upto(typical + typical / 2));
        child.kill().expect("kill");
        let out = child.wait_with_output().expect("wait");
        let (opened_with, notes) = open_with_any(&db, &used);
        if out.status.success() {
            completed += 1;
            assert_eq!(opened_with, new, "a change reported as done took effect");
        } else {
            assert!(opened_with == current || opened_with == new, "the journal is under the old or the new passphrase");
        }
        assert_eq!(notes.into_iter().collect::<BTreeSet<_>>(), expected, "no entry lost or added");
        switched += usize::from(opened_with == new);
        current = opened_with;
    }
    // Every backup is whole and opens with one of the passphrases used.
    for b in feltsense::store::backup::list_backups(&db).expect("list") {
        open_with_any(&b.path, &used);
    }
    eprintln!(
        "{changes} passphrase changes killed at random moments: {switched} had swapped the journal, {completed} ran to the end"
    );
}

/// A Feltsense JSON file of `n` entries (ids `k0`…), one a minute.
fn journal_file(path: &Path, n: usize) {
    let base = chrono::DateTime::parse_from_rfc3339("2026-01-01T08:00:00+01:00").expect("time");
    let entries: Vec<feltsense::model::Entry> = (0..n)
        .map(|i| {
            let mut e = feltsense::model::Entry::new(base + chrono::Duration::minutes(i as i64));
            e.uid = format!("k{i}");
            e.note = format!("imported {i}");
            e
        })
        .collect();
    let mut bytes = Vec::new();
    feltsense::export::json::write(&entries, &mut bytes).expect("json");
    std::fs::write(path, bytes).expect("write");
}

fn spawn_import(db: &Path, file: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_feltsense"))
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .env_remove("FELTSENSE_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn feltsense")
}

/// The import writes each entry of the file as it reads it, all in one transaction: killed at
/// any moment, it leaves the journal as it was or with the whole file, never a part of it.
#[test]
fn an_import_killed_at_any_moment_leaves_none_or_all_of_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 8_000;
    let file = dir.path().join("big.json");
    journal_file(&file, n);
    let mut rng = Rng::from_env_or_clock();
    // One import to the end, to know how long one takes here.
    let first = dir.path().join("whole.sqlite");
    add_ok(&first, "kept", 1);
    let start = Instant::now();
    let out = spawn_import(&first, &file).wait_with_output().expect("wait");
    let whole = start.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(notes_in(&first).len(), n + 1);
    let (mut none, mut all) = (0, 0);
    for round in 0..8 {
        let db = dir.path().join(format!("j{round}.sqlite"));
        add_ok(&db, "kept", 1);
        let mut child = spawn_import(&db, &file);
        std::thread::sleep(rng.upto(whole + whole / 4));
        child.kill().expect("kill");
        let finished = child.wait_with_output().expect("wait").status.success();
        let notes = notes_in(&db);
        assert!(notes.contains(&"kept".to_owned()), "round {round}: the entry that was there is kept");
        match notes.len() {
            1 if !finished => none += 1,
            len if len == n + 1 => all += 1,
            len => panic!("round {round}: {len} entries after a killed import (finished: {finished})"),
        }
    }
    eprintln!("killed imports: {none} left nothing, {all} had finished");
}
