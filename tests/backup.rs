//! Backups: checked private copies, the daily/pre-migration hooks, rotation, and restore (which
//! backs up first, refuses bad backups without changing anything, and never mixes the restored
//! file with the old file's WAL).

mod common;
#[path = "backup/sync.rs"]
mod sync;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use common::{entry, mode};
use feltsense::model::Entry;
use feltsense::store::backup::{
    self, BackupError, BackupInfo, BackupKind, backup_at, backup_now, daily_backup_if_due, list_backups, restore,
    restore_locked, rotation_plan,
};
use feltsense::store::instance::acquire_window_lock;
use feltsense::store::schema::SCHEMA_VERSION;
use feltsense::store::{EntryFilter, Store};
use rusqlite::{Connection, OpenFlags};

fn t(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|x| x.and_hms_opt(h, 0, 0)).expect("valid date")
}

/// A journal file in `dir` holding `n` entries (one per hour), and its store.
fn journal(dir: &Path, n: i64) -> (PathBuf, Store) {
    let path = dir.join("journal.sqlite");
    let mut s = Store::open(&path).expect("open");
    let batch: Vec<Entry> = (0..n).map(|i| entry(i, (i % 11) as u8, "stress")).collect();
    s.import(&batch).expect("fill");
    (path, s)
}

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only")
}

fn count_in(path: &Path) -> i64 {
    read_only(path).query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0)).expect("count")
}

fn uids(store: &Store) -> Vec<String> {
    let mut u: Vec<String> = store.list(&EntryFilter::default()).expect("list").into_iter().map(|e| e.uid).collect();
    u.sort();
    u
}

/// File names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(r) => r.map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

#[test]
fn a_backup_is_a_checked_private_copy_including_what_is_still_in_the_wal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut s) = journal(dir.path(), 3);
    // Not checkpointed: the fourth entry lives only in the WAL so far.
    s.insert(&entry(10, 4, "anger")).expect("insert");
    let info = backup_now(&s, BackupKind::Manual).expect("backup");
    assert_eq!(info.kind, BackupKind::Manual);
    assert_eq!(info.entries, Some(4));
    assert_eq!(info.path.parent(), Some(dir.path().join("backups").as_path()));
    let name = info.path.file_name().expect("name").to_string_lossy().into_owned();
    assert!(name.starts_with("journal-") && name.ends_with("-manual.sqlite"), "{name}");
    assert_eq!(info.size, std::fs::metadata(&info.path).expect("meta").len());
    assert_eq!(mode(&info.path), 0o600);
    assert_eq!(mode(&dir.path().join("backups")), 0o700);
    // One self-contained file: no WAL, no temporary file left beside it.
    assert_eq!(names_in(&dir.path().join("backups")), vec![name]);
    let c = read_only(&info.path);
    let jm: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!((jm.as_str(), ok.as_str(), v), ("delete", "ok", SCHEMA_VERSION));
    // Later writes do not reach the backup.
    s.insert(&entry(11, 5, "anger")).expect("insert");
    assert_eq!(count_in(&info.path), 4);
    assert_eq!(s.count().expect("count"), 5);
    drop(s);
    assert_eq!(list_backups(&path).expect("list"), vec![BackupInfo { entries: Some(4), ..info }]);
}

#[test]
fn an_in_memory_journal_cannot_be_backed_up() {
    let s = Store::open_in_memory().expect("open");
    assert!(matches!(backup_now(&s, BackupKind::Manual), Err(BackupError::InMemory)));
}

#[test]
fn a_copy_that_fails_its_integrity_check_is_deleted_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 400);
    s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint");
    drop(s);
    // Opened while sound; its pages are read from disk only when the backup copies them.
    let s = Store::open(&path).expect("open");
    let mut bytes = std::fs::read(&path).expect("read");
    assert!(bytes.len() > 6 * 4096, "test needs several pages");
    for b in &mut bytes[2 * 4096..5 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).expect("damage");
    let err = backup_now(&s, BackupKind::Manual).expect_err("damaged copy refused");
    assert!(matches!(err, BackupError::Verify { .. }), "{err:?}");
    assert!(err.to_string().contains("integrity check"), "{err}");
    assert_eq!(names_in(&dir.path().join("backups")), Vec::<String>::new(), "nothing left behind");
}

#[test]
fn the_daily_backup_is_taken_once_a_day_and_not_for_an_empty_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut s) = journal(dir.path(), 0);
    assert_eq!(daily_backup_if_due(&s, t(2026, 11, 20, 8)).expect("daily"), None, "nothing to back up yet");
    s.insert(&entry(0, 3, "stress")).expect("insert");
    let first = daily_backup_if_due(&s, t(2026, 11, 20, 9)).expect("daily").expect("due");
    assert_eq!((first.kind, first.taken, first.entries), (BackupKind::Daily, t(2026, 11, 20, 9), Some(1)));
    assert_eq!(daily_backup_if_due(&s, t(2026, 11, 20, 23)).expect("daily"), None, "one a day");
    // A journal that holds only a topic to discuss, no entry, is not empty: it is backed up too.
    let dir2 = tempfile::tempdir().expect("tempdir");
    let (_, mut topics_only) = journal(dir2.path(), 0);
    let topic = feltsense::model::prep::Topic::new(
        "Ask about the jaw",
        feltsense::model::prep::TopicSource::Own,
        chrono::DateTime::parse_from_rfc3339("2026-11-20T08:00:00+01:00").expect("time"),
    )
    .expect("topic");
    topics_only.add_topic(&topic).expect("add topic");
    let only = daily_backup_if_due(&topics_only, t(2026, 11, 20, 9)).expect("daily").expect("due");
    assert_eq!((only.kind, only.entries), (BackupKind::Daily, Some(0)));
    // A manual backup does not count as the daily one.
    backup_at(&s, BackupKind::Manual, t(2026, 11, 21, 7)).expect("manual");
    let second = daily_backup_if_due(&s, t(2026, 11, 21, 8)).expect("daily").expect("due the next day");
    let listed: Vec<(BackupKind, NaiveDateTime)> =
        list_backups(&path).expect("list").into_iter().map(|b| (b.kind, b.taken)).collect();
    assert_eq!(
        listed,
        vec![
            (BackupKind::Daily, second.taken),
            (BackupKind::Manual, t(2026, 11, 21, 7)),
            (BackupKind::Daily, t(2026, 11, 20, 9)),
        ]
    );
}

#[test]
fn two_backups_in_the_same_second_get_their_own_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, s) = journal(dir.path(), 1);
    let a = backup_at(&s, BackupKind::BeforeImport, t(2026, 11, 20, 8)).expect("a");
    let b = backup_at(&s, BackupKind::BeforeImport, t(2026, 11, 20, 8)).expect("b");
    assert_ne!(a.path, b.path);
    assert_eq!(
        names_in(&dir.path().join("backups")),
        vec!["journal-2026-11-20T080000-pre_import-2.sqlite", "journal-2026-11-20T080000-pre_import.sqlite"]
    );
}

#[test]
fn opening_an_older_journal_backs_up_the_unmigrated_file_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    {
        let c = Connection::open(&path).expect("create");
        c.execute_batch(include_str!("data/journal_v1.sql")).expect("v1 fixture");
    }
    let s = Store::open(&path).expect("open migrates");
    assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
    let list = list_backups(&path).expect("list");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!((list[0].kind, list[0].entries), (BackupKind::BeforeMigration, Some(2)));
    let v: i64 = read_only(&list[0].path).query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(v, 1, "the backup is the file as it was before the upgrade");
    drop(s);
    Store::open(&path).expect("reopen");
    assert_eq!(list_backups(&path).expect("list").len(), 1, "an up-to-date journal is not backed up again");

    // A brand-new journal has nothing to back up.
    let fresh = dir.path().join("fresh").join("journal.sqlite");
    Store::open(&fresh).expect("create");
    assert!(!fresh.parent().expect("dir").join("backups").exists());
}

#[test]
fn an_older_journal_is_not_upgraded_when_its_backup_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    {
        let c = Connection::open(&path).expect("create");
        c.execute_batch(include_str!("data/journal_v1.sql")).expect("v1 fixture");
    }
    // A file where the backups folder should be makes every backup fail.
    std::fs::write(dir.path().join("backups"), "in the way").expect("block");
    let err = Store::open(&path).expect_err("no upgrade without a backup");
    assert!(err.to_string().contains("backup before the upgrade failed"), "{err}");
    let c = read_only(&path);
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    let n: i64 = c.query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0)).expect("count");
    assert_eq!((v, n), (1, 2));
}

fn info(kind: BackupKind, taken: NaiveDateTime) -> BackupInfo {
    BackupInfo {
        path: PathBuf::from(format!("{}-{}", taken.format("%Y%m%d%H"), kind.code())),
        taken,
        kind,
        size: 0,
        entries: None,
        locked: false,
    }
}

fn removed_dates(all: &[BackupInfo]) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = rotation_plan(all).into_iter().map(|b| b.taken.date()).collect();
    v.sort();
    v
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

#[test]
fn rotation_after_long_pauses_keeps_the_newest_backups_whatever_their_age() {
    // Dailies with gaps of weeks. Newest first: Jun 1 (ISO week 23), May 5, May 4 (w19), Apr 6
    // (w15), Mar 2 (w10), Feb 3, Feb 2 (w6) are the 7 newest; the 4 newest weeks (23, 19, 15, 10)
    // are all among them, so only January's three go.
    let all: Vec<BackupInfo> = [
        d(2026, 1, 5),
        d(2026, 1, 6),
        d(2026, 1, 7),
        d(2026, 2, 2),
        d(2026, 2, 3),
        d(2026, 3, 2),
        d(2026, 4, 6),
        d(2026, 5, 4),
        d(2026, 5, 5),
        d(2026, 6, 1),
    ]
    .into_iter()
    .map(|x| info(BackupKind::Daily, x.and_hms_opt(9, 0, 0).expect("time")))
    .collect();
    assert_eq!(removed_dates(&all), vec![d(2026, 1, 5), d(2026, 1, 6), d(2026, 1, 7)]);
}

#[test]
fn rotation_counts_iso_weeks_across_the_new_year() {
    // The 7 newest are Jan 10..16 2026 (ISO weeks 2 and 3). Then Jan 2 2026 is the newest of ISO
    // week 2026-W01 (kept: third week); Dec 30 2025 is in that same ISO week (removed); Dec 24 is
    // the newest of 2025-W52 (kept: fourth week); Dec 17 (2025-W51) is a fifth week (removed).
    let mut days: Vec<NaiveDate> = (10..=16).map(|x| d(2026, 1, x)).collect();
    days.extend([d(2026, 1, 2), d(2025, 12, 30), d(2025, 12, 24), d(2025, 12, 17)]);
    let all: Vec<BackupInfo> =
        days.into_iter().map(|x| info(BackupKind::Daily, x.and_hms_opt(9, 0, 0).expect("time"))).collect();
    assert_eq!(removed_dates(&all), vec![d(2025, 12, 17), d(2025, 12, 30)]);
}

#[test]
fn rotation_keeps_7_daily_4_weekly_and_5_of_each_other_kind_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 2);
    // One daily backup every day from Tue Sep 1 to Sat Oct 10 2026 (40 days).
    for day in 0..40 {
        let at = t(2026, 9, 1, 9) + chrono::Duration::days(day);
        backup_at(&s, BackupKind::Daily, at).expect("daily");
    }
    for day in 2..=8 {
        backup_at(&s, BackupKind::Manual, t(2026, 9, day, 12)).expect("manual");
    }
    for day in 10..=15 {
        backup_at(&s, BackupKind::BeforeImport, t(2026, 9, day, 13)).expect("import");
    }
    backup_at(&s, BackupKind::BeforeMigration, t(2026, 9, 3, 14)).expect("migration");
    backup_at(&s, BackupKind::BeforeMigration, t(2026, 9, 4, 14)).expect("migration");
    let kept: Vec<(BackupKind, NaiveDate)> =
        list_backups(&path).expect("list").into_iter().rev().map(|b| (b.kind, b.taken.date())).collect();
    let of = |kind: BackupKind| kept.iter().filter(|k| k.0 == kind).map(|k| k.1).collect::<Vec<_>>();
    // Daily: the 7 newest (Oct 4..10), plus the newest of ISO weeks 39 (Sep 21–27: Sep 27) and
    // 38 (Sep 14–20: Sep 20); weeks 41 and 40 already have theirs (Oct 10, Oct 4) among the 7.
    let mut daily = vec![d(2026, 9, 20), d(2026, 9, 27)];
    daily.extend((4..=10).map(|x| d(2026, 10, x)));
    assert_eq!(of(BackupKind::Daily), daily);
    assert_eq!(of(BackupKind::Manual), (4..=8).map(|x| d(2026, 9, x)).collect::<Vec<_>>());
    assert_eq!(of(BackupKind::BeforeImport), (11..=15).map(|x| d(2026, 9, x)).collect::<Vec<_>>());
    assert_eq!(of(BackupKind::BeforeMigration), vec![d(2026, 9, 3), d(2026, 9, 4)]);
    assert_eq!(names_in(&dir.path().join("backups")).len(), 9 + 5 + 5 + 2, "removed files are gone");
    // Rotating again removes nothing more.
    assert_eq!(backup::rotate(&path).expect("rotate"), Vec::<PathBuf>::new());
}

#[test]
fn restore_round_trip_backs_up_the_current_journal_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut s) = journal(dir.path(), 3);
    let original = uids(&s);
    let b = backup_now(&s, BackupKind::Manual).expect("backup");
    s.insert(&entry(20, 1, "joy")).expect("insert");
    s.insert(&entry(21, 2, "joy")).expect("insert");
    let first = s.list(&EntryFilter::default()).expect("list").pop().expect("oldest");
    s.delete(first.id.expect("saved")).expect("delete");
    let later = uids(&s);
    assert_eq!(later.len(), 4);
    drop(s);

    let done = restore(&path, &b.path).expect("restore");
    assert_eq!((done.entries, done.from.as_path(), done.set_aside.as_deref()), (3, b.path.as_path(), None));
    let safety = done.safety_backup.expect("the journal as it was is backed up");
    assert_eq!((safety.kind, safety.entries), (BackupKind::BeforeRestore, Some(4)));
    assert_eq!(mode(&safety.path), 0o600);
    assert_eq!(mode(&path), 0o600);
    // The stamp of the replaced journal's last check is left; it does not match the restored file
    // (another inode), which is checked in full when it is opened.
    assert_eq!(
        names_in(dir.path()),
        vec!["backups", "journal.sqlite", "journal.sqlite.checked", "journal.sqlite.lock"],
        "no WAL or temp left"
    );

    let s = Store::open(&path).expect("open restored");
    assert!(s.opened_with_full_check(), "a restored journal is checked in full when opened");
    s.integrity_check().expect("sound");
    assert_eq!(uids(&s), original);
    drop(s);

    // And back again, from the safety backup.
    let again = restore(&path, &safety.path).expect("restore the safety backup");
    assert_eq!(again.entries, 4);
    let s = Store::open(&path).expect("open");
    assert_eq!(uids(&s), later);
}

#[test]
fn restore_accepts_a_backup_of_an_older_format_and_the_next_open_upgrades_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 5);
    drop(s);
    let old = dir.path().join("v1.sqlite");
    {
        let c = Connection::open(&old).expect("create");
        c.execute_batch(include_str!("data/journal_v1.sql")).expect("v1 fixture");
    }
    let done = restore(&path, &old).expect("restore");
    assert_eq!(done.entries, 2);
    let s = Store::open(&path).expect("open upgrades");
    assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(uids(&s), vec!["v1-a".to_string(), "v1-b".to_string()]);
    let kinds: Vec<BackupKind> = list_backups(&path).expect("list").into_iter().map(|b| b.kind).collect();
    assert!(kinds.contains(&BackupKind::BeforeRestore) && kinds.contains(&BackupKind::BeforeMigration), "{kinds:?}");
}

/// Everything about the journal folder that a refused restore must leave as it was.
fn snapshot(dir: &Path, path: &Path) -> (Vec<u8>, Vec<String>, Vec<String>) {
    (std::fs::read(path).expect("read"), names_in(dir), names_in(&dir.join("backups")))
}

#[test]
fn restore_refuses_damaged_foreign_newer_or_missing_backups_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 400);
    let good = backup_now(&s, BackupKind::Manual).expect("backup");
    drop(s);
    // Create the lock file up front so the snapshot compares like with like.
    drop(acquire_window_lock(&path).expect("lock"));
    let bad = tempfile::tempdir().expect("tempdir");

    let damaged = bad.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good.path).expect("read");
    for b in &mut bytes[2 * 4096..5 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).expect("write");

    let foreign = bad.path().join("songs.sqlite");
    Connection::open(&foreign)
        .and_then(|c| c.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');"))
        .expect("foreign");

    let text = bad.path().join("notes.sqlite");
    std::fs::write(&text, "not a database at all, but long enough to look like one....").expect("text");

    let newer = bad.path().join("newer.sqlite");
    std::fs::copy(&good.path, &newer).expect("copy");
    Connection::open(&newer).and_then(|c| c.execute_batch("PRAGMA user_version = 99")).expect("bump");

    let empty = bad.path().join("empty.sqlite");
    std::fs::write(&empty, "").expect("empty");

    let cases: [(&Path, &str, &str); 7] = [
        (&damaged, "damaged", "beschadigd"),
        (&foreign, "not a Feltsense journal", "geen Feltsense-dagboek"),
        (&text, "not an SQLite database", "geen SQLite-database"),
        (&newer, "newer version of Feltsense", "nieuwere versie van Feltsense"),
        (&empty, "not a Feltsense journal", "geen Feltsense-dagboek"),
        (&bad.path().join("missing.sqlite"), "no such file", "dat bestand bestaat niet"),
        (&path, "the journal itself", "het dagboek zelf"),
    ];
    for (file, why, waarom) in cases {
        let before = snapshot(dir.path(), &path);
        let err = restore(&path, file).expect_err("refused");
        let msg = err.to_string();
        assert!(matches!(err, BackupError::BadBackup { .. }), "{file:?}: {err:?}");
        assert!(msg.contains(why) && msg.contains("The journal was not changed"), "{file:?}: {msg}");
        let nl = feltsense::model::Describe::describe(&err, feltsense::model::Lang::Nl);
        assert!(nl.contains(waarom) && nl.ends_with("Het dagboek is niet veranderd"), "{file:?}: {nl}");
        assert_eq!(snapshot(dir.path(), &path), before, "{file:?} changed something");
    }
    let s = Store::open(&path).expect("still opens");
    assert_eq!(s.count().expect("count"), 400);
}

#[test]
fn restore_refuses_while_the_journal_is_open_and_works_for_the_window_holding_the_lock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 2);
    let b = backup_now(&s, BackupKind::Manual).expect("backup");
    let mut s = s;
    s.insert(&entry(30, 9, "anger")).expect("insert");

    // A window holds the lock: refused.
    let lock = acquire_window_lock(&path).expect("lock");
    assert!(matches!(restore(&path, &b.path), Err(BackupError::InUse)));
    // The window itself may restore, but not while its own store is still open.
    let err = restore_locked(&lock, &b.path).expect_err("store still open");
    assert!(matches!(err, BackupError::InUse), "{err:?}");
    assert!(err.to_string().contains("not changed"));
    assert_eq!(s.count().expect("count"), 3, "the journal is untouched");
    s.insert(&entry(31, 9, "anger")).expect("still writable");
    drop(s);
    let done = restore_locked(&lock, &b.path).expect("restore");
    assert_eq!((done.entries, done.safety_backup.and_then(|x| x.entries)), (2, Some(4)));
    drop(lock);
    assert_eq!(Store::open(&path).expect("open").count().expect("count"), 2);
}

#[test]
fn restore_never_combines_the_new_file_with_the_old_wal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 2);
    let b = backup_now(&s, BackupKind::Manual).expect("backup");
    drop(s);

    // A journal left by a crash: its last three entries exist only in its WAL.
    let crashed_dir = tempfile::tempdir().expect("tempdir");
    let crashed = crashed_dir.path().join("journal.sqlite");
    {
        let mut w = Store::open(&path).expect("open");
        w.connection().execute_batch("PRAGMA wal_autocheckpoint = 0").expect("no checkpoints");
        for i in 0..3 {
            w.insert(&entry(40 + i, 7, "sadness")).expect("insert");
        }
        for suffix in ["", "-wal"] {
            std::fs::copy(format!("{}{suffix}", path.display()), format!("{}{suffix}", crashed.display()))
                .expect("copy as a crash would leave it");
        }
    }
    assert!(std::fs::metadata(format!("{}-wal", crashed.display())).expect("wal").len() > 0);

    let done = restore(&crashed, &b.path).expect("restore");
    assert_eq!(done.entries, 2);
    let safety = done.safety_backup.expect("safety backup");
    assert_eq!(safety.entries, Some(5), "the WAL's entries are in the safety backup");
    assert!(!Path::new(&format!("{}-wal", crashed.display())).exists(), "old WAL removed");
    let s = Store::open(&crashed).expect("open");
    s.integrity_check().expect("sound");
    assert_eq!(s.count().expect("count"), 2, "exactly the backup, nothing from the old WAL");
}

#[test]
fn restoring_over_a_damaged_journal_keeps_a_byte_copy_of_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 2);
    let b = backup_now(&s, BackupKind::Manual).expect("backup");
    drop(s);
    let garbage = b"this journal was overwritten by something else entirely".repeat(100);
    std::fs::write(&path, &garbage).expect("damage");
    let wal = format!("{}-wal", path.display());
    std::fs::write(&wal, b"leftover wal bytes").expect("stray wal");

    let done = restore(&path, &b.path).expect("restore");
    assert_eq!(done.safety_backup, None);
    let kept = done.set_aside.expect("byte copy");
    assert_eq!(std::fs::read(&kept).expect("read"), garbage);
    assert_eq!(std::fs::read(format!("{}-wal", kept.display())).expect("read wal"), b"leftover wal bytes");
    assert_eq!(mode(&kept), 0o600);
    assert!(!Path::new(&wal).exists());
    let listed = list_backups(&path).expect("list");
    assert!(listed.iter().any(|x| x.kind == BackupKind::Damaged && x.path == kept && x.entries.is_none()));
    assert_eq!(Store::open(&path).expect("open").count().expect("count"), 2);

    // A journal that does not exist any more is simply restored.
    std::fs::remove_file(&path).expect("lose it");
    let done = restore(&path, &b.path).expect("restore");
    assert_eq!((done.safety_backup, done.set_aside), (None, None));
    assert_eq!(Store::open(&path).expect("open").count().expect("count"), 2);
}

#[test]
fn rotation_clears_what_an_interrupted_backup_left_once_it_is_an_hour_old() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, s) = journal(dir.path(), 1);
    backup_at(&s, BackupKind::Manual, t(2026, 11, 20, 8)).expect("creates the folder");
    let backups = dir.path().join("backups");
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    let mut expected = names_in(&backups);
    for (name, old) in [
        ("journal-2026-11-19T080000-daily.sqlite.tmp", true),
        ("journal-2026-11-19T080000-daily.sqlite.tmp-journal", true),
        ("journal-2026-11-20T090000-daily.sqlite.tmp", false),
        ("other-2026-11-19T080000-daily.sqlite.tmp", true),
        ("notes.txt", true),
    ] {
        let f = std::fs::File::create(backups.join(name)).expect("create");
        if old {
            f.set_modified(two_hours_ago).expect("age it");
        }
        if !(old && name.starts_with("journal-")) {
            expected.push(name.to_string());
        }
    }
    expected.sort();
    backup::rotate(&path).expect("rotate");
    assert_eq!(names_in(&backups), expected, "only our own abandoned temporaries go");
}

#[test]
fn the_command_line_backs_up_lists_and_restores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_feltsense"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("FELTSENSE_DB")
            .output()
            .expect("run feltsense");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, _) = run(&["backups"]);
    assert!(ok && out.starts_with("no backups yet"), "{out}");
    for note in ["one", "two"] {
        assert!(run(&["add", "--tension", "neck=4", "--note", note]).0);
    }
    let (ok, out, err) = run(&["backup"]);
    assert!(ok, "{err}");
    let made = PathBuf::from(out.trim());
    assert!(made.is_file() && made.starts_with(dir.path().join("backups")), "{out}");
    assert!(run(&["add", "--tension", "neck=4", "--note", "three"]).0);

    let (ok, out, _) = run(&["backups"]);
    let name = made.file_name().expect("name").to_string_lossy().into_owned();
    let row = out.lines().find(|l| l.ends_with(&name)).expect("listed");
    assert!(ok && row.contains("manual") && row.split_whitespace().any(|w| w == "2"), "{out}");
    assert!(out.trim_end().ends_with(&format!("1 backups in {}", dir.path().join("backups").display())), "{out}");

    // A bare file name from the list is enough.
    let (ok, out, err) = run(&["restore", &name]);
    assert!(ok, "{err}");
    assert!(out.starts_with("restored 2 entries from"), "{out}");
    assert!(out.contains("the journal as it was (3 entries) is kept in"), "{out}");
    let s = Store::open(&db).expect("open");
    let notes: Vec<String> =
        s.list_chronological(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect();
    assert_eq!(notes, vec!["one".to_string(), "two".to_string()]);
    drop(s);

    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, "not a journal, not even a database, just text ........").expect("write");
    let (ok, _, err) = run(&["restore", junk.to_str().expect("utf-8")]);
    assert!(!ok && err.contains("cannot be restored") && err.contains("The journal was not changed"), "{err}");
}

// ---- The passphrase lock -------------------------------------------------------------------

use feltsense::store::cipher::{FileState, file_state};
use feltsense::store::{Passphrase, StoreError};

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s).expect("valid passphrase")
}

/// Every byte of the journal and the files SQLite keeps beside it.
fn bytes_of(path: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(b) = std::fs::read(PathBuf::from(p)) {
            all.extend(b);
        }
    }
    all
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A journal in `dir` with `n` entries whose notes carry a recognisable marker.
fn journal_with_notes(dir: &Path, n: i64, key: Option<&Passphrase>) -> PathBuf {
    let path = dir.join("journal.sqlite");
    let mut s = Store::open_with(&path, key).expect("open");
    let batch: Vec<Entry> = (0..n)
        .map(|i| {
            let mut e = entry(i, (i % 11) as u8, "anger");
            e.note = format!("PRIVATE-MARKER-{i}");
            e
        })
        .collect();
    s.import(&batch).expect("fill");
    path
}

#[test]
fn a_locked_journal_is_encrypted_on_disk_and_opens_only_with_its_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = pass("correct horse battery staple");
    let path = journal_with_notes(dir.path(), 5, Some(&key));
    let on_disk = bytes_of(&path);
    assert!(!contains(&on_disk, b"PRIVATE-MARKER"), "notes must not be readable on disk");
    assert!(!contains(&on_disk, b"SQLite format 3"), "not even the SQLite header is in the clear");
    assert_eq!(file_state(&path).expect("state"), FileState::Locked);
    assert_eq!(mode(&path), 0o600);

    assert!(matches!(Store::open(&path), Err(StoreError::Locked { .. })));
    assert!(matches!(Store::open_with(&path, Some(&pass("correct horse"))), Err(StoreError::WrongPassphrase { .. })));
    assert!(matches!(Store::open_reader_with(&path, Some(&pass("wrong"))), Err(StoreError::WrongPassphrase { .. })));
    assert_eq!(bytes_of(&path), on_disk, "failed attempts never write to the file");

    let s = Store::open_with(&path, Some(&key)).expect("the right passphrase opens it");
    assert!(s.is_locked());
    assert_eq!(s.count().expect("count"), 5);
    let notes: Vec<String> = s.list(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect();
    assert!(notes.contains(&"PRIVATE-MARKER-3".to_owned()));
    // A passphrase given for an unlocked journal is not used: it stays unlocked.
    let plain = journal_with_notes(&dir.path().join("other"), 1, None);
    let p = Store::open_with(&plain, Some(&key)).expect("open plain");
    assert!(!p.is_locked());
    assert_eq!(file_state(&plain).expect("state"), FileState::Plain);
}

#[test]
fn backups_of_a_locked_journal_are_locked_with_the_same_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = pass("pass one");
    let path = journal_with_notes(dir.path(), 4, Some(&key));
    let s = Store::open_with(&path, Some(&key)).expect("open");
    let info = backup_now(&s, BackupKind::Manual).expect("backup");
    assert!(info.locked);
    assert_eq!(info.entries, Some(4));
    assert_eq!(mode(&info.path), 0o600);
    assert!(!contains(&std::fs::read(&info.path).expect("read"), b"PRIVATE-MARKER"));
    assert_eq!(file_state(&info.path).expect("state"), FileState::Locked);
    assert!(matches!(Store::open_reader(&info.path), Err(StoreError::Locked { .. })));
    assert_eq!(Store::open_reader_with(&info.path, Some(&key)).expect("open").count().expect("count"), 4);
    // Listed without the passphrase: locked, not counted; with it: counted.
    let blind = list_backups(&path).expect("list");
    assert_eq!((blind[0].locked, blind[0].entries), (true, None));
    let seen = backup::list_backups_with(&path, Some(&key)).expect("list");
    assert_eq!((seen[0].locked, seen[0].entries), (true, Some(4)));
}

#[test]
fn locking_changing_and_removing_the_passphrase_convert_the_journal_and_its_backups() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = journal_with_notes(dir.path(), 6, None);
    let before = uids(&Store::open(&path).expect("open"));
    backup_at(&Store::open(&path).expect("open"), BackupKind::Daily, t(2026, 11, 20, 9)).expect("backup");
    let lock = acquire_window_lock(&path).expect("lock");

    // Lock.
    let k1 = pass("first passphrase");
    let done = backup::change_passphrase(&lock, None, Some(&k1)).expect("lock it");
    assert_eq!(done.backups_converted, 2, "the daily backup and the one taken just before");
    assert!(done.backups_kept.is_empty());
    assert_eq!(done.safety_backup.as_ref().map(|b| b.kind), Some(BackupKind::BeforePassphrase));
    assert_eq!(file_state(&path).expect("state"), FileState::Locked);
    assert!(!contains(&bytes_of(&path), b"PRIVATE-MARKER"));
    assert_eq!(uids(&Store::open_with(&path, Some(&k1)).expect("open")), before);
    for b in backup::list_backups_with(&path, Some(&k1)).expect("list") {
        assert!(b.locked, "{} is locked too", b.path.display());
        assert_eq!(b.entries, Some(6));
        assert!(!contains(&std::fs::read(&b.path).expect("read"), b"PRIVATE-MARKER"));
    }
    assert_eq!(mode(&path), 0o600);
    let leftovers: Vec<String> = names_in(dir.path()).into_iter().filter(|n| n.contains("rekey")).collect();
    assert!(leftovers.is_empty(), "no temporary copy is left behind: {leftovers:?}");

    // Change.
    let k2 = pass("second passphrase");
    assert!(matches!(
        backup::change_passphrase(&lock, Some(&pass("not it")), Some(&k2)),
        Err(BackupError::WrongPassphrase { .. })
    ));
    assert_eq!(uids(&Store::open_with(&path, Some(&k1)).expect("a wrong current passphrase changes nothing")), before);
    backup::change_passphrase(&lock, Some(&k1), Some(&k2)).expect("change");
    assert!(matches!(Store::open_with(&path, Some(&k1)), Err(StoreError::WrongPassphrase { .. })));
    assert_eq!(uids(&Store::open_with(&path, Some(&k2)).expect("open")), before);
    let listed = backup::list_backups_with(&path, Some(&k2)).expect("list");
    assert!(listed.iter().all(|b| b.entries == Some(6)), "every backup opens with the new passphrase");

    // Remove.
    backup::change_passphrase(&lock, Some(&k2), None).expect("remove");
    assert_eq!(file_state(&path).expect("state"), FileState::Plain);
    assert_eq!(count_in(&path), 6, "plain SQLite reads it again");
    for b in list_backups(&path).expect("list") {
        assert!(!b.locked);
        assert_eq!(count_in(&b.path), 6);
    }
    assert!(matches!(backup::change_passphrase(&lock, None, None), Err(BackupError::PassphraseNotChanged { .. })));
}

#[test]
fn the_passphrase_is_not_changed_while_another_program_has_the_journal_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = journal_with_notes(dir.path(), 3, None);
    let lock = acquire_window_lock(&path).expect("lock");
    let other = Store::open(&path).expect("another program");
    let err = backup::change_passphrase(&lock, None, Some(&pass("x y z"))).expect_err("in use");
    assert!(matches!(err, BackupError::InUse), "{err}");
    drop(other);
    assert_eq!(file_state(&path).expect("state"), FileState::Plain);
    assert_eq!(count_in(&path), 3);
}

#[test]
fn restoring_keeps_the_journal_locked_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = pass("journal passphrase");
    let path = journal_with_notes(dir.path(), 2, Some(&key));
    // A plain backup from elsewhere, and one locked with another passphrase.
    let plain_dir = dir.path().join("plain");
    let plain = journal_with_notes(&plain_dir, 7, None);
    let other_key = pass("an old passphrase");
    let other_dir = dir.path().join("other");
    let other = journal_with_notes(&other_dir, 9, Some(&other_key));

    let keys = backup::RestoreKeys { journal: Some(&key), backup: None, keep_lock: false };
    let wrong = backup::RestoreKeys { journal: Some(&pass("nope")), backup: None, keep_lock: false };
    assert!(matches!(backup::restore_with(&path, &plain, wrong), Err(BackupError::WrongPassphrase { .. })));
    let done = backup::restore_with(&path, &plain, keys).expect("restore a plain backup");
    assert_eq!(done.entries, 7);
    assert!(done.safety_backup.as_ref().is_some_and(|b| b.locked));
    assert_eq!(file_state(&path).expect("state"), FileState::Locked, "the journal stays locked");
    assert!(!contains(&bytes_of(&path), b"PRIVATE-MARKER"));
    assert_eq!(Store::open_with(&path, Some(&key)).expect("open").count().expect("count"), 7);

    let err = backup::restore_with(&path, &other, keys).expect_err("its passphrase is unknown");
    assert!(matches!(err, BackupError::BackupLocked { .. }), "{err}");
    assert_eq!(Store::open_with(&path, Some(&key)).expect("unchanged").count().expect("count"), 7);
    let with_own = backup::RestoreKeys { backup: Some(&other_key), ..keys };
    assert_eq!(backup::restore_with(&path, &other, with_own).expect("restore").entries, 9);
    assert_eq!(Store::open_with(&path, Some(&key)).expect("journal's passphrase").count().expect("count"), 9);

    // Into an unlocked journal, a locked backup arrives unlocked.
    let plain_again = backup::RestoreKeys { journal: None, backup: Some(&other_key), keep_lock: false };
    backup::restore_with(&plain, &other, plain_again).expect("restore into the plain journal");
    assert_eq!(file_state(&plain).expect("state"), FileState::Plain);
    assert_eq!(count_in(&plain), 9);
}
