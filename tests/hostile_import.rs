//! Hostile and broken import files: none panics, none imports partly, and every refusal of an
//! entry names the entry (index and id) and the field. Property tests feed arbitrary bytes and
//! mutated valid documents to the JSON importer.
//!
//! Future dates are accepted: the interchange format carries whatever a journal holds (a planned
//! entry, a device whose clock was ahead), the same file imports the same way on any day, and a
//! typo such as 2062 shows at the top of the log where it can be fixed. Any time RFC 3339 can
//! write (years 0000–9999, with an offset) round-trips exactly.

mod common;

use std::process::Command;

use feltsense::export::json::{self, ImportError};
use feltsense::model::Entry;
use feltsense::store::{EntryFilter, Store};
use proptest::prelude::*;
use serde_json::{Value, json};

const AT: &str = "2026-11-20T08:30:00+01:00";

fn wrap(entries: &str) -> String {
    format!(r#"{{"format":"feltsense-journal","version":1,"entries":[{entries}]}}"#)
}

fn ok_entry(id: &str) -> String {
    format!(r#"{{"id":"{id}","at":"{AT}","tensions":[{{"region":"neck","level":4}}]}}"#)
}

/// Two valid entries followed by `third` (so the bad one is entry 2, id "c" when it has one).
fn third(fields: &str) -> String {
    wrap(&format!(r#"{},{},{{"id":"c","at":"{AT}",{fields}}}"#, ok_entry("a"), ok_entry("b")))
}

/// The entry error of `doc`: (index, field, full message).
fn entry_error(doc: &[u8]) -> (usize, String, String) {
    match json::parse(doc) {
        Err(e @ ImportError::Entry { .. }) => {
            let msg = e.to_string();
            let ImportError::Entry { index, field, .. } = e else { unreachable!() };
            (index, field, msg)
        }
        other => panic!("expected an entry error, got {:?}", other.map(|v| v.len())),
    }
}

/// Everything a journal holds, as text: equal fingerprints mean nothing changed.
fn fingerprint(s: &Store) -> String {
    json::to_string(&s.list_chronological(&EntryFilter::default()).expect("list"))
}

/// The import path of the app: parse everything, then import in one transaction.
fn import(store: &mut Store, doc: &[u8]) -> Result<usize, String> {
    let entries = json::parse(doc).map_err(|e| e.to_string())?;
    store.import(&entries).map(|o| o.added).map_err(|e| e.to_string())
}

fn store_with_one_entry() -> Store {
    let mut s = Store::open_in_memory().expect("open");
    s.insert(&common::entry(0, 3, "stress")).expect("insert");
    s
}

#[test]
fn every_truncation_of_a_valid_file_is_refused_as_a_syntax_error() {
    let mut entries = vec![common::entry(0, 3, "stress"), common::entry(5, 7, "anger")];
    entries[1].note = "line one\nline two".into();
    entries[1].tags = vec!["work".into()];
    let doc = json::to_string(&entries);
    assert!(doc.ends_with("}\n"));
    for cut in 0..doc.len() - 1 {
        match json::parse(&doc.as_bytes()[..cut]) {
            Err(ImportError::Syntax(msg)) => {
                assert!(cut == 0 || msg.contains("line "), "cut {cut}: {msg}");
            }
            other => panic!("cut at {cut} of {}: {:?}", doc.len(), other.map(|v| v.len())),
        }
    }
    // Only the trailing newline may go.
    assert_eq!(json::parse(&doc.as_bytes()[..doc.len() - 1]).expect("valid").len(), 2);
}

#[test]
fn wrong_types_name_the_entry_and_the_field() {
    let cases: &[(&str, &str)] = &[
        (r#""tensions":{"neck":6}"#, "tensions"),
        (r#""tensions":[{"region":"neck","level":"6"}]"#, "tensions[0].level"),
        (r#""tensions":[{"region":"neck","level":6.5}]"#, "tensions[0].level"),
        (r#""tensions":[{"region":"neck","level":-1}]"#, "tensions[0].level"),
        (r#""tensions":[{"region":"neck","level":1e300}]"#, "tensions[0].level"),
        (r#""tensions":[{"region":"neck","level":18446744073709551616}]"#, "tensions[0].level"),
        (r#""tensions":[null]"#, "tensions[0]"),
        (r#""emotions":[{"code":7,"intensity":3}]"#, "emotions[0].code"),
        (r#""emotions":[{"code":"anger"}]"#, "emotions[0].intensity"),
        (r#""signals":"jaw_clenching""#, "signals"),
        (r#""signals":[1]"#, "signals[0]"),
        (r#""practice":["walk"]"#, "practice"),
        (r#""practice":{"kind":"walk","minutes":"10"}"#, "practice.minutes"),
        (r#""practice":{"kind":"walk","minutes":100000}"#, "practice.minutes"),
        (r#""note":5"#, "note"),
        (r#""note":{"text":"x"}"#, "note"),
        (r#""tags":"work""#, "tags"),
        (r#""tags":[["work"]]"#, "tags[0]"),
        (r#""session":"s-1""#, "session"),
        (r#""session":{"id":"s","role":"during"}"#, "session.role"),
        (r#""mood":3"#, "mood"),
    ];
    for (fields, field) in cases {
        let (index, f, msg) = entry_error(third(fields).as_bytes());
        assert_eq!((index, f.as_str()), (2, *field), "{fields}");
        assert!(msg.starts_with("entry 2 (id c), field `"), "{fields}: {msg}");
    }
    // Wrong types of the required fields themselves.
    let (i, f, msg) = entry_error(wrap(&format!(r#"{},{{"id":true,"at":"{AT}"}}"#, ok_entry("a"))).as_bytes());
    assert_eq!((i, f.as_str()), (1, "id"));
    assert!(msg.contains("entry 1 (id ?)"), "{msg}");
    let (i, f, _) = entry_error(wrap(&format!(r#"{},{{"id":"b","at":20261120}}"#, ok_entry("a"))).as_bytes());
    assert_eq!((i, f.as_str()), (1, "at"));
    let (i, _, msg) = entry_error(wrap(&format!("{},42", ok_entry("a"))).as_bytes());
    assert_eq!(i, 1);
    assert!(msg.contains("expected an object, found a number"), "{msg}");
    // And of the header.
    for doc in [
        r#"{"format":"feltsense-journal","version":"1","entries":[]}"#,
        r#"{"format":"feltsense-journal","version":1,"entries":{}}"#,
        r#"{"format":7,"version":1,"entries":[]}"#,
        r#"["feltsense-journal"]"#,
        r#""feltsense-journal""#,
        "null",
    ] {
        assert!(matches!(json::parse(doc.as_bytes()), Err(ImportError::Header(_))), "{doc}");
    }
}

#[test]
fn huge_strings_are_refused_with_short_messages() {
    let at_limit = "x".repeat(20_000);
    assert_eq!(json::parse(third(&format!(r#""note":"{at_limit}""#)).as_bytes()).expect("20,000 is allowed").len(), 3);
    let (i, f, msg) = entry_error(third(&format!(r#""note":"{at_limit}y""#)).as_bytes());
    assert_eq!((i, f.as_str()), (2, "note"));
    assert!(msg.contains("longer than 20000 characters"), "{msg}");

    let ten_mb = "é".repeat(5 * 1024 * 1024);
    let cases = [
        (format!(r#""note":"{ten_mb}""#), "note"),
        (format!(r#""tags":["{ten_mb}"]"#), "tags"),
        (format!(r#""emotions":[{{"code":"{ten_mb}","intensity":3}}]"#), "emotions"),
        (format!(r#""tensions":[{{"region":"{ten_mb}","level":3}}]"#), "tensions[0].region"),
        (format!(r#""session":{{"id":"{ten_mb}","role":"before"}}"#), "session.id"),
    ];
    for (fields, field) in &cases {
        let (i, f, msg) = entry_error(third(fields).as_bytes());
        assert_eq!((i, f.as_str()), (2, *field));
        assert!(msg.len() < 300, "{field}: a {} byte message", msg.len());
    }
    // A 10 MB id or time: the message quotes only the start of it.
    let (i, f, msg) = entry_error(wrap(&format!(r#"{},{{"id":"{ten_mb}","at":"{AT}"}}"#, ok_entry("a"))).as_bytes());
    assert_eq!((i, f.as_str()), (1, "id"));
    assert!(msg.len() < 300, "a {} byte message", msg.len());
    let (i, f, msg) = entry_error(wrap(&format!(r#"{{"id":"b","at":"{ten_mb}"}}"#)).as_bytes());
    assert_eq!((i, f.as_str()), (0, "at"));
    assert!(msg.len() < 300, "a {} byte message", msg.len());
}

#[test]
fn a_huge_unknown_field_name_gives_a_short_message() {
    let ten_mb = "k".repeat(10 * 1024 * 1024);
    let (i, _, msg) = entry_error(third(&format!(r#""{ten_mb}":1"#)).as_bytes());
    assert_eq!(i, 2);
    assert!(msg.len() < 300, "entry: a {} byte message", msg.len());
    let header = format!(r#"{{"format":"feltsense-journal","version":1,"entries":[],"{ten_mb}":1}}"#);
    let msg = json::parse(header.as_bytes()).expect_err("unknown header field").to_string();
    assert!(msg.len() < 300, "header: a {} byte message", msg.len());
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for depth in [200, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(matches!(json::parse(arrays.as_bytes()), Err(ImportError::Syntax(_))), "top level {depth}");
        let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        assert!(matches!(json::parse(third(&format!(r#""note":{objects}"#)).as_bytes()), Err(ImportError::Syntax(_))));
    }
    // Shallow enough for the parser, but not text: the entry and field are named.
    let nested = format!("{}\"x\"{}", "[".repeat(60), "]".repeat(60));
    let (i, f, msg) = entry_error(third(&format!(r#""note":{nested}"#)).as_bytes());
    assert_eq!((i, f.as_str()), (2, "note"));
    assert!(msg.contains("expected text, found a list"), "{msg}");
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let doc = third(r#""note":"caf__""#);
    let at = doc.find("caf__").expect("marker") + 3;
    let mut bytes = doc.into_bytes();
    bytes[at] = 0xc3; // a lead byte ...
    bytes[at + 1] = 0x28; // ... followed by a byte that cannot continue it
    match json::parse(&bytes) {
        Err(ImportError::Syntax(msg)) => assert!(msg.contains(&format!("not UTF-8 text (byte {at})")), "{msg}"),
        other => panic!("{:?}", other.map(|v| v.len())),
    }
    // Escaped lone surrogates are not text either.
    assert!(matches!(json::parse(third(r#""note":"\ud800""#).as_bytes()), Err(ImportError::Syntax(_))));
}

#[test]
fn control_characters_are_refused_except_line_breaks_and_tabs_in_notes() {
    for ch in ["\\u0000", "\\u0007", "\\u001b[2J", "\\u007f", "\\u0085"] {
        let (i, f, msg) = entry_error(third(&format!(r#""note":"a{ch}b""#)).as_bytes());
        assert_eq!((i, f.as_str()), (2, "note"), "{ch}");
        assert!(msg.contains("control character"), "{msg}");
    }
    let (_, f, _) = entry_error(third(r#""tags":["a\nb"]"#).as_bytes());
    assert_eq!(f, "tags");
    let (_, f, _) = entry_error(third(r#""emotions":[{"code":"an\tger","intensity":2}]"#).as_bytes());
    assert_eq!(f, "emotions");
    let (_, f, _) = entry_error(third(r#""session":{"id":"s\u0000","role":"after"}"#).as_bytes());
    assert_eq!(f, "session.id");

    let entries = json::parse(third(r#""note":"line one\r\nline\ttwo\n""#).as_bytes()).expect("allowed");
    let mut s = Store::open_in_memory().expect("open");
    s.import(&entries).expect("import");
    let back = s.list(&EntryFilter::default()).expect("list");
    assert!(back.iter().any(|e| e.note == "line one\r\nline\ttwo\n"), "kept exactly");
}

#[test]
fn duplicate_ids_are_refused_in_a_file_and_skipped_against_the_journal() {
    let (i, f, msg) = entry_error(wrap(&format!("{},{},{}", ok_entry("a"), ok_entry("b"), ok_entry("a"))).as_bytes());
    assert_eq!((i, f.as_str()), (2, "id"));
    assert!(msg.contains("entry 2 (id a)") && msg.contains("earlier"), "{msg}");
    // A number id and the same digits as text are the same id.
    let (i, f, _) = entry_error(wrap(&format!(r#"{},{{"id":7,"at":"{AT}"}}"#, ok_entry("7"))).as_bytes());
    assert_eq!((i, f.as_str()), (1, "id"));

    let mut s = store_with_one_entry();
    let first = wrap(&format!("{},{}", ok_entry("a"), ok_entry("b")));
    assert_eq!(import(&mut s, first.as_bytes()), Ok(2));
    let again = wrap(&format!("{},{}", ok_entry("b"), ok_entry("c")));
    let outcome = s.import(&json::parse(again.as_bytes()).expect("valid")).expect("import");
    assert_eq!((outcome.added, outcome.already_present), (1, 1));
    assert_eq!(s.count().expect("count"), 4);
}

#[test]
fn future_and_distant_dates_are_kept_exactly() {
    let times = ["2100-01-01T00:00:00+01:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+00:00"];
    let list: Vec<String> =
        times.iter().enumerate().map(|(i, t)| format!(r#"{{"id":"t{i}","at":"{t}","note":"n{i}"}}"#)).collect();
    let entries = json::parse(wrap(&list.join(",")).as_bytes()).expect("allowed");
    let mut s = Store::open_in_memory().expect("open");
    assert_eq!(s.import(&entries).expect("import").added, 3);
    let back = s.list_chronological(&EntryFilter::default()).expect("list");
    let got: Vec<String> = back.iter().map(|e| e.at.to_rfc3339()).collect();
    assert_eq!(got, vec![times[2], times[0], times[1]], "oldest first, offsets kept");
    // Years RFC 3339 cannot write are refused, naming the field.
    let (i, f, _) = entry_error(wrap(r#"{"id":"x","at":"10000-01-01T00:00:00Z"}"#).as_bytes());
    assert_eq!((i, f.as_str()), (0, "at"));
}

fn big_document(n: usize, bad_last: bool) -> String {
    let mut list = Vec::with_capacity(n);
    for i in 0..n {
        let level = if bad_last && i == n - 1 { 11 } else { i % 11 };
        list.push(format!(
            r#"{{"id":"e{i}","at":"2026-01-01T08:00:00+01:00","emotions":[{{"code":"stress","intensity":{}}}],"tensions":[{{"region":"neck","level":{level}}},{{"region":"jaw","level":{}}}],"note":"entry {i}","tags":["bulk"]}}"#,
            i % 7,
            (i + 3) % 11
        ));
    }
    wrap(&list.join(",\n"))
}

#[test]
fn a_hundred_thousand_entries_import_in_one_transaction_and_one_bad_one_stops_them_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    let mut s = Store::open(&db).expect("open");
    s.insert(&common::entry(0, 3, "stress")).expect("insert");
    let before = fingerprint(&s);

    let bad = big_document(100_000, true);
    let (i, f, msg) = entry_error(bad.as_bytes());
    assert_eq!((i, f.as_str()), (99_999, "tensions[0].level"));
    assert!(msg.starts_with("entry 99999 (id e99999)"), "{msg}");
    assert_eq!(fingerprint(&s), before, "nothing of the bad file was imported");

    let start = std::time::Instant::now();
    let entries = json::parse(big_document(100_000, false).as_bytes()).expect("valid");
    assert_eq!(s.import(&entries).expect("import").added, 100_000);
    eprintln!("parsed and imported 100,000 entries in {:.1?}", start.elapsed());
    assert_eq!(s.count().expect("count"), 100_001);
    drop(s);

    // A store that fills up half-way through the same import keeps nothing of it.
    let mut small = store_with_one_entry();
    let before = fingerprint(&small);
    let pages: i64 = small.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    small.connection().query_row(&format!("PRAGMA max_page_count = {}", pages + 200), [], |_| Ok(())).expect("limit");
    let err = small.import(&entries).expect_err("full");
    assert!(matches!(err, feltsense::store::StoreError::Full), "{err:?}");
    assert_eq!(fingerprint(&small), before);
}

#[test]
fn a_file_imported_as_it_is_read_keeps_nothing_when_refused_late_cancelled_or_full() {
    use feltsense::export::import::{ReadError, import_json};
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let n = 2_000;
    let good = big_document(n, false);
    let good_path = write("good.json", good.clone());
    // The format comes after the entries (as in Feltsense's own files, keys in alphabetical
    // order) and is wrong: every entry has gone into the transaction before the refusal.
    let entries_only = good.replacen(r#""format":"feltsense-journal","version":1,"#, "", 1);
    let late_header =
        format!(r#"{},"format":"another-app","version":1}}"#, entries_only.strip_suffix('}').expect("an object"));
    let refused = [
        (write("late-header.json", late_header), "header"),
        (write("bad-last.json", big_document(n, true)), "entry"),
        (write("cut.json", good[..good.len() - 3].to_owned()), "syntax"),
    ];
    for (path, what) in &refused {
        let mut s = store_with_one_entry();
        let before = fingerprint(&s);
        let mut seen = 0;
        let err = import_json(&mut s, path, n, &mut |done: usize, _total: usize| {
            seen = seen.max(done);
            true
        })
        .expect_err(what);
        match (what, &err) {
            (&"header", ReadError::Json(ImportError::Header(_)))
            | (&"entry", ReadError::Json(ImportError::Entry { index: 1_999, .. }))
            | (&"syntax", ReadError::Json(ImportError::Syntax(_))) => {}
            other => panic!("{other:?}"),
        }
        assert!(seen >= 1_800, "{what}: the entries were written before the refusal ({seen})");
        assert_eq!(fingerprint(&s), before, "{what}: nothing of the file was kept");
    }

    // Cancelled on the way, or at the very end: nothing was imported.
    for stop_at in [200, n] {
        let mut s = store_with_one_entry();
        let before = fingerprint(&s);
        let mut told = Vec::new();
        let err = import_json(&mut s, &good_path, n, &mut |done: usize, total: usize| {
            told.push((done, total));
            done < stop_at
        })
        .expect_err("cancelled");
        assert!(matches!(err, ReadError::Cancelled), "{err:?}");
        assert_eq!(told.first(), Some(&(0, n)));
        assert_eq!(told.last(), Some(&(stop_at, n)));
        assert_eq!(fingerprint(&s), before, "cancelled at {stop_at}: nothing was imported");
    }

    // A journal that fills up half-way keeps nothing of the import.
    let mut small = store_with_one_entry();
    let before = fingerprint(&small);
    let pages: i64 = small.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).expect("pages");
    small.connection().query_row(&format!("PRAGMA max_page_count = {}", pages + 20), [], |_| Ok(())).expect("limit");
    let err = import_json(&mut small, &good_path, n, &mut feltsense::export::source::Quiet).expect_err("full");
    assert!(matches!(err, ReadError::Journal(feltsense::store::StoreError::Full)), "{err:?}");
    assert_eq!(fingerprint(&small), before);

    // The whole file, told to the end; a second time everything is already there.
    let mut s = store_with_one_entry();
    let mut last = (0, 0);
    let outcome = import_json(&mut s, &good_path, n, &mut |done: usize, total: usize| {
        last = (done, total);
        true
    })
    .expect("import");
    assert_eq!((outcome.added, last), (n, (n, n)));
    assert_eq!(s.count().expect("count"), n + 1);
    let again = import_json(&mut s, &good_path, n, &mut feltsense::export::source::Quiet).expect("again");
    assert_eq!((again.added, again.already_present), (0, n));
}

/// A Daylio export of `n` rows, one every hour from 2024-01-01 08:00 (moods and activities vary).
fn daylio_rows(n: usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date").and_hms_opt(8, 0, 0).expect("time");
    let moods = ["rad", "good", "meh", "bad", "awful"];
    let mut csv = String::from("full_date,date,weekday,time,mood,activities,note_title,note\n");
    for i in 0..n {
        let at = start + chrono::Duration::hours(i64::try_from(i).expect("small"));
        csv.push_str(&format!(
            "{},{},{},{},{},work | sport,,row {i}\n",
            at.format("%Y-%m-%d"),
            at.format("%B %-d"),
            at.format("%A"),
            at.format("%-I:%M %P"),
            moods[i % moods.len()]
        ));
    }
    csv
}

/// The import of entries a CSV's preview has read (Daylio, other CSV): one transaction, told how
/// far it has come, and a stop on the way or at the very end keeps nothing.
#[test]
fn entries_read_from_a_csv_import_whole_or_not_at_all_when_cancelled() {
    use feltsense::export::files::OffsetSource;
    use feltsense::export::import::{ReadError, import_entries};
    let n = 450;
    let at = chrono::FixedOffset::east_opt(3600).expect("offset");
    let preview = feltsense::export::daylio::preview(daylio_rows(n).as_bytes(), OffsetSource::Fixed(at)).expect("read");
    assert_eq!(preview.entries.len(), n);
    let no_prep = feltsense::model::prep::Prep::default;

    for stop_at in [200, 400, n] {
        let mut s = store_with_one_entry();
        let before = fingerprint(&s);
        let mut told = Vec::new();
        let err = import_entries(&mut s, preview.entries.clone(), Vec::new(), no_prep(), &mut |done, total| {
            told.push((done, total));
            done < stop_at
        })
        .expect_err("cancelled");
        assert!(matches!(err, ReadError::Cancelled), "{err:?}");
        assert_eq!(told.first(), Some(&(0, n)));
        assert_eq!(told.last(), Some(&(stop_at, n)));
        assert_eq!(s.count().expect("count"), 1);
        assert_eq!(fingerprint(&s), before, "cancelled at {stop_at}: nothing was imported");
    }

    // Not stopped: every entry, told to the end; a second time everything is already there.
    let mut s = store_with_one_entry();
    let mut told = Vec::new();
    let outcome = import_entries(&mut s, preview.entries.clone(), Vec::new(), no_prep(), &mut |done, total| {
        told.push((done, total));
        true
    })
    .expect("import");
    assert_eq!(told, [(0, n), (200, n), (400, n), (n, n)]);
    assert_eq!((outcome.added, outcome.added_uids.len()), (n, n));
    assert_eq!(s.count().expect("count"), n + 1);
    let notes: Vec<String> =
        s.list_chronological(&EntryFilter::default()).expect("list").into_iter().map(|e| e.note).collect();
    assert_eq!(notes.iter().filter(|t| t.starts_with("row ")).count(), n);
    let again = import_entries(&mut s, preview.entries, Vec::new(), no_prep(), &mut feltsense::export::source::Quiet)
        .expect("again");
    assert_eq!((again.added, again.already_present), (0, n));
}

#[test]
fn the_command_line_import_refuses_a_bad_file_whole_and_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    let bin = env!("CARGO_BIN_EXE_feltsense");
    let run = |args: &[&str]| {
        Command::new(bin).arg("--db").arg(&db).args(args).env_remove("FELTSENSE_DB").output().expect("run")
    };
    assert!(run(&["add", "--tension", "neck=3", "--note", "kept"]).status.success());
    let file = dir.path().join("bad.json");
    std::fs::write(&file, big_document(100_000, true)).expect("write");
    let out = run(&["import", file.to_str().expect("utf-8 path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("was not imported; nothing was changed"), "{err}");
    assert!(err.contains("entry 99999 (id e99999), field `tensions[0].level`"), "{err}");
    assert!(!dir.path().join("backups").exists(), "a refused file does not even need a backup");
    let s = Store::open(&db).expect("open");
    assert_eq!(
        s.list(&EntryFilter::default()).expect("list").iter().map(|e| e.note.as_str()).collect::<Vec<_>>(),
        ["kept"]
    );
    drop(s);

    // A good import into a journal with entries takes a pre-import backup first.
    let good = dir.path().join("good.json");
    std::fs::write(&good, wrap(&ok_entry("g"))).expect("write");
    let out = run(&["import", good.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let backups = feltsense::store::backup::list_backups(&db).expect("list");
    assert_eq!(backups.len(), 1);
    assert_eq!(
        (backups[0].kind, backups[0].entries),
        (feltsense::store::backup::BackupKind::BeforeImport, Some(1)),
        "the journal as it was before the import"
    );
}

// ---------------------------------------------------------------- property tests

fn sample_document() -> String {
    let mut a = common::entry(0, 3, "stress");
    a.note = "first\nline".into();
    a.tags = vec!["work".into(), "home".into()];
    let mut b = common::entry(3, 8, "awe");
    b.practice = Some(feltsense::model::Practice { kind: feltsense::model::PracticeKind::Walk, minutes: 10 });
    b.signals = vec![feltsense::model::Signal::JawClenching];
    json::to_string(&[a, b, common::entry(7, 0, "joy")])
}

/// Checks one document the way the app would import it.
fn check_document(bytes: &[u8]) -> Result<(), TestCaseError> {
    match json::parse(bytes) {
        Ok(entries) => {
            let mut uids = std::collections::HashSet::new();
            for e in &entries {
                prop_assert!(e.validate().is_ok(), "accepted an invalid entry: {e:?}");
                prop_assert!(uids.insert(e.uid.clone()), "accepted a duplicate id {}", e.uid);
            }
            let mut s = store_with_one_entry();
            let before = fingerprint(&s);
            match s.import(&entries) {
                Ok(o) => prop_assert_eq!(s.count().expect("count"), 1 + o.added),
                Err(_) => prop_assert_eq!(fingerprint(&s), before),
            }
        }
        Err(ImportError::Entry { field, id, .. }) => {
            prop_assert!(id.chars().count() <= 41, "id in the message is cut short");
            prop_assert!(field.len() < 200, "field name {field:?}");
        }
        Err(_) => {}
    }
    Ok(())
}

/// Arbitrary JSON values, a few levels deep, with awkward strings and numbers.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-20i64..30).prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        "\\PC{0,30}".prop_map(Value::String),
        prop::sample::select(vec![
            "neck",
            "jaw",
            "anger",
            "walk",
            "before",
            "after",
            "jaw_clenching",
            "",
            " ",
            "a\u{0}b",
            "\u{1b}[2J",
            "2026-11-20T08:30:00+01:00",
            "9999-12-31T23:59:59Z",
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (prop::sample::select(vec!["id", "role", "code", "level", "region", "kind", "minutes", "x"]), inner),
                0..4
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

proptest! {
    // Bounded so CI stays fast; failures print the minimal case (no persistence file: an
    // integration test has no source folder proptest can find).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(256) })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_document(&bytes)?;
    }

    #[test]
    fn byte_mutations_of_a_valid_document_never_panic_nor_partly_import(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6)
    ) {
        let mut bytes = sample_document().into_bytes();
        for (at, op, b) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => bytes.insert(i, b),
                2 => { bytes.remove(i); }
                _ => { let tail = bytes[i..].to_vec(); bytes.extend_from_slice(&tail[..tail.len().min(64)]); }
            }
        }
        check_document(&bytes)?;
    }

    #[test]
    fn any_value_in_any_field_is_accepted_only_when_valid(
        entry in 0usize..3,
        key in prop::sample::select(vec![
            "id", "at", "emotions", "tensions", "signals", "practice", "note", "tags", "session", "extra",
        ]),
        value in any_value(),
    ) {
        let mut doc: Value = serde_json::from_str(&sample_document()).expect("valid sample");
        doc["entries"][entry][key] = value;
        let bytes = serde_json::to_vec(&doc).expect("serialise");
        match json::parse(&bytes) {
            Err(ImportError::Entry { index, field, .. }) => {
                // Changing one id can collide with a later entry's id; otherwise the error is
                // about the changed entry and field.
                if field != "id" {
                    prop_assert_eq!(index, entry);
                    prop_assert!(field.starts_with(key), "field {} for key {}", field, key);
                }
            }
            Err(other) => prop_assert!(false, "a well-formed document gave {other:?}"),
            Ok(_) => {}
        }
        check_document(&bytes)?;
    }
}

#[test]
fn the_sample_document_is_valid() {
    // The property tests start from it, so it must import.
    assert_eq!(json::parse(sample_document().as_bytes()).expect("valid").len(), 3);
    let entries: Vec<Entry> = json::parse(sample_document().as_bytes()).expect("valid");
    assert_eq!(entries.iter().filter(|e| e.practice.is_some()).count(), 1);
}
