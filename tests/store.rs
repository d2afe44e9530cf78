//! The SQLite store: round trips, filters, undo, imports, migrations and refusals.

mod common;

use common::{at, entry, lvl, mode};
use feltsense::model::{Entry, Practice, PracticeKind, Region, SessionLink, SessionRole, Signal};
use feltsense::store::{EntryFilter, Store, StoreError, schema::SCHEMA_VERSION};

fn full_entry() -> Entry {
    let mut e = Entry::new(at(0));
    e.set_tension(Region::Neck, Some(lvl(6)));
    e.set_tension(Region::ShoulderLeft, Some(lvl(4)));
    e.set_emotion("anger", Some(lvl(7)));
    e.set_emotion("awe", Some(lvl(2)));
    e.signals = vec![Signal::JawClenching, Signal::RestlessSleep];
    e.practice = Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 });
    e.note = "Tense meeting; 100% done".into();
    e.tags = vec!["work".into(), "deadline".into()];
    e.session = Some(SessionLink { id: "session-1".into(), role: SessionRole::After, completed: false });
    e
}

#[test]
fn insert_and_get_round_trip_every_field() {
    let mut s = Store::open_in_memory().expect("open");
    let e = full_entry();
    let id = s.insert(&e).expect("insert");
    let back = s.get(id).expect("get").expect("present");
    let mut expected = e.clone();
    expected.id = Some(id);
    expected.normalize();
    assert_eq!(back, expected);
    assert_eq!(s.custom_emotions().expect("customs"), vec!["awe".to_string()]);
}

#[test]
fn list_is_newest_first_and_filters_work() {
    let mut s = Store::open_in_memory().expect("open");
    s.insert(&entry(0, 2, "joy")).expect("a");
    let mut b = entry(24, 7, "anxiety");
    b.note = "50% of the 'work' day".into();
    s.insert(&b).expect("b");
    let mut c = entry(48, 0, "anger");
    c.tags = vec!["home".into()];
    s.insert(&c).expect("c");

    let all = s.list(&EntryFilter::default()).expect("list");
    assert_eq!(all.iter().map(|e| e.at).collect::<Vec<_>>(), vec![at(48), at(24), at(0)]);

    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    let f = EntryFilter { from: Some(day(21)), to: Some(day(21)), ..Default::default() };
    assert_eq!(s.list(&f).expect("range").len(), 1);

    let f = EntryFilter { emotion: Some("anxiety".into()), ..Default::default() };
    assert_eq!(s.list(&f).expect("emotion")[0].at, at(24));

    // Region filter counts only levels above 0: entry c rates the neck at 0.
    let f = EntryFilter { region: Some(Region::Neck), ..Default::default() };
    assert_eq!(s.list(&f).expect("region").len(), 2);

    // Text search covers notes and tags, and treats % and _ literally.
    let f = EntryFilter { text: Some("50%".into()), ..Default::default() };
    assert_eq!(s.list(&f).expect("text").len(), 1);
    let f = EntryFilter { text: Some("%".into()), ..Default::default() };
    assert_eq!(s.list(&f).expect("literal %").len(), 1);
    let f = EntryFilter { text: Some("HOME".into()), ..Default::default() };
    assert_eq!(s.list(&f).expect("tag").len(), 1);
}

#[test]
fn local_dates_follow_the_offset_the_entry_was_logged_in() {
    let mut s = Store::open_in_memory().expect("open");
    // 23:30 on the 20th in UTC+01:00 is 22:30 UTC; in Tokyo (+09:00) 00:30 on the 21st.
    let mut a = Entry::new(chrono::DateTime::parse_from_rfc3339("2026-11-20T23:30:00+01:00").expect("t"));
    a.note = "a".into();
    let mut b = Entry::new(chrono::DateTime::parse_from_rfc3339("2026-11-21T07:30:00+09:00").expect("t"));
    b.note = "b".into();
    s.insert(&a).expect("a");
    s.insert(&b).expect("b");
    let d20 = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("d");
    let got = s.list(&EntryFilter { from: Some(d20), to: Some(d20), ..Default::default() }).expect("list");
    assert_eq!(got.iter().map(|e| e.note.as_str()).collect::<Vec<_>>(), vec!["a"]);
}

#[test]
fn update_replaces_children_and_delete_can_be_undone() {
    let mut s = Store::open_in_memory().expect("open");
    let id = s.insert(&full_entry()).expect("insert");
    let mut e = s.get(id).expect("get").expect("present");
    e.set_tension(Region::ShoulderLeft, None);
    e.set_tension(Region::Jaw, Some(lvl(3)));
    e.tags = vec!["home".into()];
    e.practice = None;
    e.session = None;
    s.update(&e).expect("update");
    assert_eq!(s.get(id).expect("get"), Some(e.clone()));

    let deleted = s.delete(id).expect("delete");
    assert_eq!(deleted, e);
    assert_eq!(s.get(id).expect("get"), None);
    assert_eq!(s.count().expect("count"), 0);
    let back = s.restore(&deleted).expect("restore");
    assert_eq!(back, id);
    assert_eq!(s.get(id).expect("get"), Some(e));
    assert!(matches!(s.delete(feltsense::model::EntryId(999)), Err(StoreError::NotFound)));
}

#[test]
fn last_check_in_skips_entries_without_tension() {
    let mut s = Store::open_in_memory().expect("open");
    assert_eq!(s.last_check_in().expect("none"), None);
    s.insert(&entry(0, 5, "stress")).expect("a");
    let mut only_emotion = Entry::new(at(5));
    only_emotion.set_emotion("joy", Some(lvl(4)));
    s.insert(&only_emotion).expect("b");
    let last = s.last_check_in().expect("query").expect("some");
    assert_eq!(last.at, at(0));
}

#[test]
fn import_is_all_or_nothing_and_skips_known_ids() {
    let mut s = Store::open_in_memory().expect("open");
    let batch: Vec<Entry> = (0..5).map(|i| entry(i, 3, "stress")).collect();
    let out = s.import(&batch).expect("import");
    assert_eq!((out.added, out.already_present), (5, 0));
    let again = s.import(&batch).expect("import again");
    assert_eq!((again.added, again.already_present), (0, 5));
    assert_eq!(s.count().expect("count"), 5);

    let mut bad = (10..14).map(|i| entry(i, 3, "stress")).collect::<Vec<_>>();
    bad[2].note = "bell\u{7}".into();
    assert!(matches!(s.import(&bad), Err(StoreError::Invalid(_))));
    assert_eq!(s.count().expect("count"), 5, "nothing of the failed import was written");

    assert_eq!(out.added_uids, batch.iter().map(|e| e.uid.clone()).collect::<Vec<_>>());
    assert!(again.added_uids.is_empty(), "nothing of the second import to undo");
    let removed = s.delete_uids(&out.added_uids).expect("undo");
    assert_eq!(removed, 5);
    assert_eq!(s.count().expect("count"), 0);
}

#[test]
fn file_journal_uses_durable_pragmas_and_owner_only_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new-folder").join("journal.sqlite");
    let mut s = Store::open(&path).expect("open");
    s.insert(&full_entry()).expect("insert");
    let c = s.connection();
    let mode_: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).expect("sync");
    let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
    assert_eq!((mode_.as_str(), sync, fk), ("wal", 2, 1));
    assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().expect("dir")), 0o700);
    for suffix in ["-wal", "-shm"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        assert_eq!(mode(&p), 0o600, "{suffix}");
    }
    drop(s);
    let s = Store::open(&path).expect("reopen");
    assert_eq!(s.count().expect("count"), 1);
    s.integrity_check().expect("sound");
}

#[test]
fn migrates_a_version_1_file_without_losing_anything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    {
        let c = rusqlite::Connection::open(&path).expect("create");
        c.execute_batch(include_str!("data/journal_v1.sql")).expect("v1 fixture");
    }
    let s = Store::open(&path).expect("open migrates");
    assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(s.count().expect("count"), 2);
    let all = s.list(&EntryFilter::default()).expect("list");
    let a = all.iter().find(|e| e.uid == "v1-a").expect("a");
    assert_eq!(a.level_of(Region::Neck), Some(lvl(6)));
    assert_eq!(a.tags, vec!["work".to_string(), "deadline".to_string()]);
    assert_eq!(a.practice, Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 }));
    assert_eq!(a.at.to_rfc3339(), "2026-10-01T08:30:00+02:00");
    // Version 2 remembers custom emotions found in old entries.
    assert_eq!(s.custom_emotions().expect("customs"), vec!["homesickness".to_string()]);
}

fn file_bytes(p: &std::path::Path) -> Vec<u8> {
    std::fs::read(p).expect("read")
}

fn assert_untouched(dir: &std::path::Path, path: &std::path::Path, before: &[u8]) {
    assert_eq!(file_bytes(path), before, "file content changed");
    let extra: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-wal") || n.ends_with("-journal"))
        .collect();
    assert!(extra.is_empty(), "SQLite wrote beside the file: {extra:?}");
}

#[test]
fn refuses_a_newer_schema_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.sqlite");
    {
        let s = Store::open(&path).expect("create");
        s.connection().execute_batch("PRAGMA journal_mode=DELETE; PRAGMA user_version = 99;").expect("bump");
    }
    let before = file_bytes(&path);
    let err = Store::open(&path).expect_err("newer refused");
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err:?}");
    assert!(err.to_string().contains("newer version of Feltsense"), "{err}");
    assert_untouched(dir.path(), &path, &before);
}

#[test]
fn refuses_files_that_are_not_journals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database, just some text that is long enough").expect("write");
    let before = file_bytes(&text);
    let err = Store::open(&text).expect_err("text refused");
    assert!(matches!(err, StoreError::NotAJournal { .. }), "{err:?}");
    assert_untouched(dir.path(), &text, &before);

    let other = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&other).expect("create");
        c.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');").expect("other app");
    }
    let before = file_bytes(&other);
    let err = Store::open(&other).expect_err("foreign refused");
    assert!(matches!(err, StoreError::NotAJournal { .. }), "{err:?}");
    assert_untouched(dir.path(), &other, &before);

    let err = Store::open(dir.path()).expect_err("folder refused");
    assert!(matches!(err, StoreError::CannotOpen { .. }), "{err:?}");
}

#[test]
fn refuses_a_damaged_journal_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("damaged.sqlite");
    {
        let mut s = Store::open(&path).expect("create");
        let batch: Vec<Entry> = (0..400).map(|i| entry(i, (i % 11) as u8, "stress")).collect();
        s.import(&batch).expect("fill");
        s.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .expect("checkpoint");
    }
    let mut bytes = file_bytes(&path);
    assert!(bytes.len() > 4 * 4096, "test needs several pages");
    // Scribble over pages 2..4 (the schema page 1 stays readable).
    for b in &mut bytes[4096..4 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).expect("damage");
    let err = Store::open(&path).expect_err("damaged refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_untouched(dir.path(), &path, &bytes);
}

/// The whole file is read to check it (`PRAGMA quick_check`) only when it is new to this
/// machine or changed outside Feltsense: a journal Feltsense closed cleanly opens without it, so a
/// small question costs the same at 1 and 30 years (BENCHMARKS.md).
#[test]
fn a_journal_is_checked_in_full_only_when_it_changed_outside_feltsense() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite");
    let stamp = feltsense::store::verified::stamp_path(&path);
    {
        let mut s = Store::open(&path).expect("create");
        assert!(!s.opened_with_full_check(), "a new file has nothing to check");
        s.insert(&entry(0, 3, "joy")).expect("insert");
    }
    assert!(stamp.is_file(), "closing cleanly records the check");
    assert_eq!(mode(&stamp), 0o600);
    // Closed cleanly by Feltsense: no check, however often.
    for _ in 0..2 {
        let mut s = Store::open(&path).expect("open");
        assert!(!s.opened_with_full_check());
        s.insert(&entry(1, 4, "joy")).expect("insert");
    }
    // Changed by another program: checked in full, then trusted again after a clean close.
    {
        let c = rusqlite::Connection::open(&path).expect("sqlite");
        c.execute_batch("UPDATE entries SET note = note || ' (edited)'").expect("outside write");
    }
    assert!(Store::open(&path).expect("open").opened_with_full_check());
    assert!(!Store::open(&path).expect("open").opened_with_full_check());
    // Only the modification time changed (a sync tool touching it): checked in full.
    let f = std::fs::File::options().append(true).open(&path).expect("file");
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60)).expect("touch");
    drop(f);
    assert!(Store::open(&path).expect("open").opened_with_full_check());
    // A copy (another computer, a restore) has another inode, even beside its copied stamp.
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(&path, &copy).expect("copy");
    std::fs::copy(&stamp, feltsense::store::verified::stamp_path(&copy)).expect("copy stamp");
    assert!(Store::open(&copy).expect("open copy").opened_with_full_check());
    // With a write-ahead log not yet written back (a crash, or another connection that wrote and
    // is still open): checked in full.
    let mut holder = Store::open(&path).expect("open");
    assert!(!holder.opened_with_full_check());
    holder.insert(&entry(2, 5, "joy")).expect("insert");
    assert!(Store::open(&path).expect("open while another is open").opened_with_full_check());
    drop(holder);
    // A stamp that does not parse is no stamp.
    std::fs::write(&stamp, "garbage").expect("damage the stamp");
    assert!(Store::open(&path).expect("open").opened_with_full_check());
}

#[test]
fn a_full_journal_fails_clearly_and_saves_once_there_is_room() {
    let mut s = Store::open_in_memory().expect("open");
    s.insert(&entry(0, 1, "stress")).expect("first");
    let pages: i64 = s.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    s.connection().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(())).expect("limit");
    let mut big = entry(1, 2, "stress");
    big.note = "x".repeat(19_000);
    let err = s.insert(&big).expect_err("full");
    assert!(matches!(err, StoreError::Full), "{err:?}");
    assert!(err.to_string().contains("nothing was saved"));
    assert_eq!(s.count().expect("count"), 1);
    s.connection().query_row("PRAGMA max_page_count = 1000000", [], |_| Ok(())).expect("lift");
    s.insert(&big).expect("saved once there is room");
    assert_eq!(s.count().expect("count"), 2);
}

#[test]
fn insert_all_is_one_transaction() {
    let mut s = Store::open_in_memory().expect("open");
    let ids = s.insert_all(&[entry(0, 5, "stress"), entry(1, 3, "calm")]).expect("both");
    assert_eq!(ids.len(), 2);
    let mut bad = entry(2, 2, "calm");
    bad.note = "\u{1}".into();
    assert!(s.insert_all(&[entry(3, 4, "joy"), bad]).is_err());
    assert_eq!(s.count().expect("count"), 2, "the good half of a failed pair is not saved");
}

#[test]
fn session_entries_lists_only_linked_entries() {
    let mut s = Store::open_in_memory().expect("open");
    s.insert(&entry(0, 5, "stress")).expect("plain");
    s.insert(&full_entry()).expect("linked");
    let got = s.session_entries().expect("sessions");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].session.as_ref().map(|l| l.id.as_str()), Some("session-1"));
    assert_eq!(got[0].tags, vec!["work".to_string(), "deadline".to_string()], "children are loaded too");
}

#[test]
fn a_reader_sees_committed_entries_and_cannot_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("j.sqlite");
    let mut w = Store::open(&path).expect("writer");
    w.insert(&entry(0, 4, "stress")).expect("insert");
    let mut r = Store::open_reader(&path).expect("reader");
    assert_eq!(r.count().expect("count"), 1);
    w.insert(&entry(1, 5, "stress")).expect("insert while a reader is open");
    assert_eq!(r.count().expect("count"), 2);
    assert!(matches!(r.insert(&entry(2, 1, "calm")), Err(StoreError::ReadOnly(_))));
    assert!(Store::open_reader(&dir.path().join("missing.sqlite")).is_err());
    assert!(!dir.path().join("missing.sqlite").exists(), "the reader creates nothing");
}

fn schema_of(c: &rusqlite::Connection) -> Vec<(String, String, Option<String>)> {
    let mut st = c
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .expect("schema");
    // The SQL as written, with runs of white space made one space (the v1 fixture is indented
    // differently from the migrations).
    let squeeze = |sql: Option<String>| sql.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, squeeze(r.get(2)?))))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("schema rows")
}

#[test]
fn a_migrated_journal_has_the_same_schema_as_a_fresh_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.sqlite");
    {
        let c = rusqlite::Connection::open(&old).expect("create");
        c.execute_batch(include_str!("data/journal_v1.sql")).expect("v1 fixture");
    }
    let migrated = Store::open(&old).expect("open migrates");
    let fresh = Store::open(&dir.path().join("fresh.sqlite")).expect("fresh");
    let (a, b) = (schema_of(migrated.connection()), schema_of(fresh.connection()));
    assert!(a.iter().any(|(_, name, _)| name == "experiment_ratings"), "{a:?}");
    assert_eq!(a, b);
}

#[test]
fn a_version_6_journal_gets_versions_and_a_computer_of_its_own_when_upgraded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v6.sqlite");
    {
        let c = Store::create_at_version(&path, 6).expect("v6");
        c.execute(
            "INSERT INTO entries (uid, at, at_utc, note, created_at, updated_at)
             VALUES ('old-1', '2026-11-20T08:30:00+01:00', 1795678200, 'from before', 1795678200, 1795679000)",
            [],
        )
        .expect("an entry of version 6");
    }
    let mut s = Store::open(&path).expect("upgrade");
    assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
    let (vv, ms): (String, i64) = s
        .connection()
        .query_row("SELECT vv, changed_ms FROM entries WHERE uid = 'old-1'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("row");
    assert_eq!((vv.as_str(), ms), ("", 1_795_679_000_000), "no version yet; the time of its last change");
    let me = s.computer_id().expect("a computer id");
    assert_eq!(me.len(), 16, "{me}");
    let mut e = s.list(&EntryFilter::default()).expect("list").remove(0);
    e.note = "edited after the upgrade".into();
    s.update(&e).expect("edit");
    let vv: String = s.connection().query_row("SELECT vv FROM entries", [], |r| r.get(0)).expect("vv");
    assert!(vv.starts_with(&format!("{me}=")), "{vv}");
    s.delete(e.id.expect("id")).expect("delete");
    let tomb: String = s.connection().query_row("SELECT uid FROM tombstones", [], |r| r.get(0)).expect("tombstone");
    assert_eq!(tomb, "old-1");
}

mod experiments {
    use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};
    use feltsense::analysis::experiment::{accept_rating, may_start};
    use feltsense::model::experiment::{Experiment, ExperimentError, Moment, Phase, Plan, PlanDraft};
    use feltsense::model::{Describe, Lang, Level, PracticeKind, Region};
    use feltsense::store::{Store, StoreError};

    fn plan() -> Plan {
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        let draft = PlanDraft {
            practice: PracticeKind::Other,
            practice_name: "Shoulder rolls".into(),
            practice_minutes: Some(4),
            target: Region::ShoulderRight,
            control: Region::LegRight,
            moments: [NaiveTime::from_hms_opt(20, 30, 0).expect("t"), NaiveTime::from_hms_opt(8, 15, 0).expect("t")],
            start,
            planned_days: 10,
        };
        Plan::new(&draft, u64::MAX - 7, super::at(0), start).expect("plan")
    }

    #[test]
    fn a_plan_and_its_ratings_round_trip_and_the_rules_hold_in_the_transaction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.sqlite");
        let mut s = Store::open(&path).expect("open");
        assert_eq!(s.latest_experiment().expect("none"), None);
        let p = plan();
        let day1 = p.scheduled(1, Moment::First).expect("moment");
        s.start_experiment(&p, |latest| may_start(latest, day1)).expect("start");
        // A second one is refused while the first runs, and nothing is written.
        let again = s.start_experiment(&plan(), |latest| may_start(latest, day1)).expect_err("running");
        assert!(matches!(again, StoreError::Experiment(ExperimentError::AlreadyRunning)));
        assert!(again.describe(Lang::Nl).contains("er loopt al een experiment"), "{}", again.describe(Lang::Nl));
        assert_eq!(s.experiments().expect("list").len(), 1);

        let lvl = |v| Level::new(v).expect("level");
        let t1 = super::at(0).offset().from_local_datetime(&(day1 + Duration::minutes(3))).single().expect("t");
        let rate = |s: &mut Store, t: chrono::DateTime<chrono::FixedOffset>, a, b| {
            s.rate_experiment(&p.uid, |e| {
                accept_rating(e, 1, Moment::First, t, lvl(a), lvl(b), t.naive_local()).map_err(StoreError::from)
            })
        };
        let first = rate(&mut s, t1, 6, 2).expect("first rating");
        assert_eq!(first.phase, Phase::Before);
        // Too early for the second rating: refused inside the transaction, nothing written.
        let early = rate(&mut s, t1 + Duration::minutes(5), 4, 2).expect_err("too early");
        assert!(early.to_string().contains("too early"), "{early}");
        let second = rate(&mut s, t1 + Duration::minutes(21), 4, 2).expect("second rating");
        assert_eq!(second.phase, Phase::After);
        let stop_at = t1 + Duration::hours(1);
        s.stop_experiment(&p.uid, stop_at).expect("stop");
        assert!(matches!(s.stop_experiment(&p.uid, stop_at), Err(StoreError::Experiment(ExperimentError::Stopped))));
        drop(s);

        let s = Store::open(&path).expect("reopen");
        let back = s.latest_experiment().expect("load").expect("present");
        let expected = Experiment { plan: p.clone(), ratings: vec![first, second], stopped: Some(stop_at) };
        assert_eq!(back, expected, "plan, seed, allocation, ratings with their times, and the stop");
        assert_eq!(s.experiment(&p.uid).expect("by id"), Some(expected));
        assert_eq!(back.plan.seed, u64::MAX - 7, "the whole 64-bit seed survives");
        assert_eq!(back.plan.moments[0], NaiveTime::from_hms_opt(8, 15, 0).expect("t"));
    }

    #[test]
    fn an_import_with_an_experiment_is_one_transaction_and_can_be_undone() {
        let mut s = Store::open_in_memory().expect("open");
        let e = Experiment::new(plan());
        let entry = super::full_entry();
        let out = s.import_with_experiments(std::slice::from_ref(&entry), std::slice::from_ref(&e)).expect("import");
        assert_eq!((out.added, out.experiments_added), (1, 1));
        assert_eq!(s.latest_experiment().expect("read"), Some(e.clone()));
        let again = s.import_with_experiments(&[], std::slice::from_ref(&e)).expect("again");
        assert_eq!((again.experiments_added, again.experiments_already_present), (0, 1));
        // A broken experiment refuses the whole import: the entry is not written either.
        let mut broken = Experiment::new(plan());
        broken.plan.control = broken.plan.target;
        let mut other = super::full_entry();
        other.uid = "other".into();
        assert!(s.import_with_experiments(&[other], &[broken]).is_err());
        assert_eq!(s.count().expect("count"), 1);
        // Undo removes the experiment with the entry.
        let mut uids = out.added_uids.clone();
        uids.extend(out.added_experiment_uids.clone());
        assert_eq!(s.delete_uids(&uids).expect("undo"), 2);
        assert_eq!((s.count().expect("count"), s.latest_experiment().expect("read")), (0, None));
    }

    #[test]
    fn a_damaged_experiment_row_is_named_not_a_panic() {
        let mut s = Store::open_in_memory().expect("open");
        let p = plan();
        s.start_experiment(&p, |_| Ok(())).expect("start");
        s.connection().execute("UPDATE experiments SET allocation = 'PX'", []).expect("damage");
        let err = s.experiments().expect_err("bad row");
        assert!(matches!(err, StoreError::BadRow(_)), "{err}");
        assert!(err.describe(Lang::Nl).contains("verdeling"), "{}", err.describe(Lang::Nl));
    }
}

/// Activities (PSK/PSFS), topics, appointments and the reason for the visit (schema 6).
mod prep {
    use chrono::{Duration, NaiveDate};
    use feltsense::model::prep::{Instrument, PrepError, Topic, TopicSource, TopicState};
    use feltsense::model::{Describe, Lang, Level};
    use feltsense::store::{Store, StoreError};

    fn lvl(v: u8) -> Level {
        Level::new(v).expect("level")
    }

    fn refused(e: StoreError) -> PrepError {
        match e {
            StoreError::Prep(p) => p,
            other => panic!("expected a rule to refuse, got {other}"),
        }
    }

    #[test]
    fn activities_keep_their_instrument_and_history_and_the_rules_hold_in_the_transaction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.sqlite");
        let mut s = Store::open(&path).expect("open");
        let t0 = super::at(0);
        let added = s
            .add_activities(&["Climbing stairs", " Lifting\nmy daughter ", "Cycling"], Instrument::Psk, t0)
            .expect("setup");
        assert_eq!(added[1].name, "Lifting my daughter", "one trimmed line");
        // The other instrument is refused while these are rated, and so is a sixth activity.
        let mixed = refused(s.add_activities(&["Running"], Instrument::Psfs, t0).expect_err("mixed"));
        assert_eq!(mixed, PrepError::MixedInstruments { current: Instrument::Psk, asked: Instrument::Psfs });
        assert!(mixed.describe(Lang::Nl).contains("PSK"), "{}", mixed.describe(Lang::Nl));
        let same = refused(s.add_activities(&["climbing STAIRS"], Instrument::Psk, t0).expect_err("same name"));
        assert!(matches!(same, PrepError::SameName(_)));
        s.add_activities(&["Sitting an hour", "Gardening"], Instrument::Psk, t0).expect("up to five");
        assert_eq!(
            refused(s.add_activities(&["Sixth"], Instrument::Psk, t0).expect_err("six")),
            PrepError::TooManyActivities
        );
        assert_eq!(s.prep().expect("prep").active().count(), 5, "nothing of a refused change was written");

        let stairs = added[0].uid.clone();
        let lifting = added[1].uid.clone();
        let week1 = t0.date_naive();
        s.rate_activities(&[(stairs.clone(), lvl(7)), (lifting.clone(), lvl(5))], week1, t0).expect("rate");
        // Rating again in the same week replaces; a later week adds.
        s.rate_activities(&[(stairs.clone(), lvl(6))], week1, t0 + Duration::hours(2)).expect("again");
        let t1 = t0 + Duration::days(7);
        s.rate_activities(&[(stairs.clone(), lvl(4))], t1.date_naive(), t1).expect("week 2");
        let twice = refused(
            s.rate_activities(&[(stairs.clone(), lvl(4)), (stairs.clone(), lvl(3))], t1.date_naive(), t1)
                .expect_err("twice"),
        );
        assert!(matches!(twice, PrepError::RatedTwice { .. }));
        let future = refused(
            s.rate_activities(&[(stairs.clone(), lvl(1))], t1.date_naive() + Duration::days(8), t1)
                .expect_err("future"),
        );
        assert!(matches!(future, PrepError::FutureWeek(_)));

        s.retire_activity(&lifting, t1).expect("retire");
        let retired =
            refused(s.rate_activities(&[(lifting.clone(), lvl(2))], t1.date_naive(), t1).expect_err("retired"));
        assert_eq!(retired, PrepError::Retired("Lifting my daughter".into()));
        assert!(matches!(refused(s.retire_activity(&lifting, t1).expect_err("again")), PrepError::Retired(_)));
        drop(s);

        let s = Store::open(&path).expect("reopen");
        let p = s.prep().expect("prep");
        assert_eq!(p.active().count(), 4);
        assert_eq!(p.activities.len(), 5, "the retired activity is kept");
        assert_eq!(p.activities.last().map(|a| a.uid.as_str()), Some(lifting.as_str()), "retired ones come last");
        let stairs_scores: Vec<(NaiveDate, u8)> = p.ratings_of(&stairs).map(|r| (r.week, r.score.get())).collect();
        let monday = feltsense::model::prep::activity::week_of(week1);
        assert_eq!(stairs_scores, vec![(monday, 6), (monday + Duration::days(7), 4)]);
        assert!(p.ratings.iter().all(|r| r.instrument == Instrument::Psk), "each rating keeps its instrument");
        assert_eq!(p.ratings_of(&lifting).count(), 1, "a retired activity keeps its ratings");
        assert!(p.rated_in_week_of(t1.date_naive()));
        assert!(!p.rated_in_week_of(t1.date_naive() + Duration::days(7)));
        p.validate().expect("what the store holds keeps the rules");
    }

    #[test]
    fn topics_move_tick_off_and_dismiss_and_appointments_are_one_a_day() {
        let mut s = Store::open_in_memory().expect("open");
        let t0 = super::at(0);
        let mk = |text: &str| Topic::new(text, TopicSource::Own, t0).expect("topic");
        let a = s.add_topic(&mk("Morning stiffness")).expect("a");
        let b = s.add_topic(&mk("Jaw at night")).expect("b");
        let mut suggested = mk("Left shoulder: average 4.6 in the last 2 weeks");
        suggested.text_nl = Some("Linkerschouder: gemiddeld 4,6 in de laatste 2 weken".into());
        suggested.source = TopicSource::Suggestion("trend:shoulder_left:none".into());
        let c = s.add_topic(&suggested).expect("c");
        s.move_topic(&c.uid, 0).expect("move to the top");
        let order: Vec<String> = s.prep().expect("p").open_topics().map(|t| t.text.clone()).collect();
        assert_eq!(order[0], c.text);
        assert_eq!(order[1..], [a.text.clone(), b.text.clone()]);
        s.set_topic_state(&b.uid, TopicState::Dismissed, t0).expect("dismiss");
        assert!(matches!(refused(s.move_topic(&b.uid, 0).expect_err("not open")), PrepError::UnknownTopic(_)));
        s.edit_topic(&a.uid, "  Stiff in the morning ").expect("edit");
        assert_eq!(s.tick_off_open_topics(t0 + Duration::days(1)).expect("tick off"), 2);
        let p = s.prep().expect("p");
        let states: Vec<TopicState> = p.topics.iter().map(|t| t.state).collect();
        assert_eq!(states, vec![TopicState::TickedOff, TopicState::TickedOff, TopicState::Dismissed]);
        let back_c = p.topics.iter().find(|t| t.uid == c.uid).expect("c");
        assert_eq!(back_c.text(Lang::Nl), "Linkerschouder: gemiddeld 4,6 in de laatste 2 weken");
        assert!(back_c.suggested() && back_c.closed.is_some());
        assert_eq!(p.topics.iter().find(|t| t.uid == a.uid).expect("a").text, "Stiff in the morning");

        let day = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        s.add_appointment(day, t0).expect("appointment");
        assert_eq!(refused(s.add_appointment(day, t0).expect_err("twice")), PrepError::AppointmentTwice(day));
        s.set_visit_reason("  Neck pain when working at the computer ").expect("reason");
        assert!(matches!(refused(s.set_visit_reason(&"x".repeat(301)).expect_err("long")), PrepError::TooLong { .. }));
        let p = s.prep().expect("p");
        assert_eq!(p.appointment_dates(), vec![day]);
        assert_eq!(p.reason, "Neck pain when working at the computer");
        s.remove_appointment(day).expect("remove");
        assert!(matches!(refused(s.remove_appointment(day).expect_err("gone")), PrepError::UnknownAppointment(_)));
    }

    #[test]
    fn an_import_skips_what_is_there_and_refuses_whole_what_breaks_a_rule() {
        let mut from = Store::open_in_memory().expect("a");
        let t0 = super::at(0);
        let acts = from.add_activities(&["Walking", "Sitting"], Instrument::Psfs, t0).expect("setup");
        from.rate_activities(&[(acts[0].uid.clone(), lvl(3))], t0.date_naive(), t0).expect("rate");
        from.add_topic(&Topic::new("Sleep", TopicSource::Own, t0).expect("t")).expect("topic");
        from.add_appointment(t0.date_naive(), t0).expect("appointment");
        let prep = from.prep().expect("prep");

        let mut to = Store::open_in_memory().expect("b");
        let first = to.import_prep(&prep).expect("import");
        assert_eq!((first.added, first.already_present), (5, 0));
        let again = to.import_prep(&prep).expect("again");
        assert_eq!((again.added, again.already_present), (0, 5), "importing twice adds nothing");
        assert_eq!(to.prep().expect("p"), prep);

        // Undo removes exactly what the import added: here a later week's rating of an activity
        // the journal already had, a new topic and the reason; not what was there before.
        let t1 = t0 + chrono::Duration::days(7);
        from.rate_activities(&[(acts[1].uid.clone(), lvl(6))], t1.date_naive(), t1).expect("rate");
        from.add_topic(&Topic::new("Stairs", TopicSource::Own, t1).expect("t")).expect("topic");
        from.set_visit_reason("Neck").expect("reason");
        let before = to.prep().expect("before");
        let out = to.import_journal(&[], &[], &from.prep().expect("prep")).expect("import");
        assert_eq!(out.prep.added, 3);
        assert_eq!(out.prep.added_ratings.len(), 1);
        assert!(out.prep.reason_added);
        assert_eq!(to.undo_import(&[], &out.prep).expect("undo"), 3);
        assert_eq!(to.prep().expect("after"), before);

        // A journal that rates PSK activities refuses a file's PSFS activities, whole.
        let mut psk = Store::open_in_memory().expect("c");
        psk.add_activities(&["Lifting"], Instrument::Psk, t0).expect("setup");
        let err = refused(psk.import_prep(&prep).expect_err("mixed"));
        assert!(matches!(err, PrepError::MixedInstruments { .. }), "{err}");
        let p = psk.prep().expect("p");
        assert_eq!((p.activities.len(), p.topics.len(), p.appointments.len()), (1, 0, 0), "nothing was written");
    }

    #[test]
    fn a_damaged_row_is_named_not_a_panic_and_a_version_5_journal_upgrades() {
        let mut s = Store::open_in_memory().expect("open");
        s.add_activities(&["Walking"], Instrument::Psk, super::at(0)).expect("setup");
        s.connection().execute("UPDATE activities SET created_at = 'yesterday'", []).expect("damage");
        let err = s.prep().expect_err("bad row");
        assert!(matches!(err, StoreError::BadRow(_)), "{err}");
        assert!(err.describe(Lang::Nl).contains("activiteit 1: tijd `yesterday`"), "{}", err.describe(Lang::Nl));

        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v5.sqlite");
        drop(Store::create_at_version(&path, 5).expect("v5"));
        let mut s = Store::open(&path).expect("upgrade");
        assert_eq!(s.schema_version().expect("version"), feltsense::store::schema::SCHEMA_VERSION);
        s.add_appointment(NaiveDate::from_ymd_opt(2026, 12, 1).expect("d"), super::at(0)).expect("usable");
    }
}
