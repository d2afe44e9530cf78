//! The `feltsense` command line, run as a real process on temporary journals.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn feltsense(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_feltsense"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FELTSENSE_DB")
        .env("TZ", "Europe/Amsterdam")
        .output()
        .expect("run feltsense")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = feltsense(db, args);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn fails(db: &Path, args: &[&str]) -> String {
    let out = feltsense(db, args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8(out.stderr).expect("utf-8 output")
}

struct Tmp {
    _dir: tempfile::TempDir,
    db: PathBuf,
    root: PathBuf,
}

fn tmp() -> Tmp {
    let dir = tempfile::tempdir().expect("tempdir");
    Tmp { db: dir.path().join("journal.sqlite"), root: dir.path().to_path_buf(), _dir: dir }
}

fn list_json(db: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(db, &["list", "--format", "json"])).expect("list json")
}

#[test]
fn add_then_list_shows_every_field() {
    let t = tmp();
    let out = ok(
        &t.db,
        &[
            "add",
            "--at",
            "2026-11-20T08:30",
            "--emotion",
            "anger=7",
            "--tension",
            "neck=6",
            "--tension",
            "shoulder_left=4",
            "--signal",
            "jaw_clenching",
            "--practice",
            "breathing_4_6=2",
            "--note",
            "Meeting ran late",
            "--tag",
            "work",
        ],
    );
    assert!(out.contains("saved entry"), "{out}");
    let doc = list_json(&t.db);
    let e = &doc["entries"][0];
    assert_eq!(e["at"], "2026-11-20T08:30:00+01:00", "local time in Europe/Amsterdam");
    assert_eq!(e["emotions"][0]["code"], "anger");
    assert_eq!(e["emotions"][0]["intensity"], 7);
    assert_eq!(e["tensions"][0]["region"], "neck");
    assert_eq!(e["tensions"][1], serde_json::json!({"region": "shoulder_left", "level": 4}));
    assert_eq!(e["signals"][0], "jaw_clenching");
    assert_eq!(e["practice"], serde_json::json!({"kind": "breathing_4_6", "minutes": 2}));
    assert_eq!(e["note"], "Meeting ran late");
    assert_eq!(e["tags"][0], "work");

    let table = ok(&t.db, &["list"]);
    assert!(table.contains("2026-11-20 08:30") && table.contains("neck 6") && table.contains("1 entries"), "{table}");
}

#[test]
fn list_shows_times_on_this_computers_clock_with_an_entrys_own_where_it_differs() {
    let t = tmp();
    for at in ["2026-03-03T09:00:30+01:00", "2026-03-03T08:30:00+00:00", "2026-07-01T09:00:00+02:00"] {
        ok(&t.db, &["add", "--at", at, "--tension", "neck=4"]);
    }
    // POSIX TZ strings, so the test needs no time-zone database: UTC, and Amsterdam's rule
    // (+01:00 in winter, +02:00 in summer).
    let list = |tz: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_feltsense"))
            .arg("--db")
            .arg(&t.db)
            .arg("list")
            .env_remove("FELTSENSE_DB")
            .env("TZ", tz)
            .output()
            .expect("run feltsense");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).expect("utf-8");
        // The "when" of each row, newest first.
        text.lines()
            .skip(1)
            .filter(|l| l.contains("neck 4"))
            .map(|l| l.split("  ").next().unwrap_or("").trim().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list("UTC0"),
        ["2026-07-01 07:00 (09:00 UTC+02:00)", "2026-03-03 08:30", "2026-03-03 08:00 (09:00 UTC+01:00)"]
    );
    assert_eq!(
        list("CET-1CEST,M3.5.0,M10.5.0/3"),
        ["2026-07-01 09:00", "2026-03-03 09:30 (08:30 UTC+00:00)", "2026-03-03 09:00"]
    );
    // The JSON keeps each entry's own offset, to the second.
    let json = list_json(&t.db);
    let ats: Vec<&str> = json["entries"].as_array().expect("entries").iter().filter_map(|e| e["at"].as_str()).collect();
    assert!(ats.contains(&"2026-03-03T09:00:30+01:00"), "{ats:?}");
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let t = tmp();
    assert!(fails(&t.db, &["add", "--tension", "elbow=3"]).contains("feltsense regions"));
    assert!(fails(&t.db, &["add", "--tension", "neck=11"]).contains("0 to 10"));
    assert!(fails(&t.db, &["add", "--at", "yesterday", "--tension", "neck=1"]).contains("2026-11-20T08:30"));
    assert!(fails(&t.db, &["add"]).contains("at least"));
    assert!(fails(&t.db, &["list", "--from", "1-1-2026"]).contains("2026-11-20"));
    assert!(fails(&t.db, &["export", "--format", "xml", "-o", "x"]).contains("xml"));
    // Nothing was written by any of these.
    assert_eq!(list_json(&t.db)["entries"].as_array().map(Vec::len), Some(0));
}

#[test]
fn quick_log_adds_the_entry_the_line_describes() {
    let t = tmp();
    ok(
        &t.db,
        &[
            "add",
            "--at",
            "2026-11-20T08:30",
            "--quick",
            "neck 6, left shoulder 4, anxiety 7, jaw clenching, breathing 2 min, #work: meeting ran late",
        ],
    );
    ok(&t.db, &["add", "--at", "2026-11-20T09:00", "--lang", "nl", "--quick", "ne6 ls4 lb3 angst7"]);
    let list = list_json(&t.db);
    let entries = list["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "{list}");
    let first = entries.iter().find(|e| e["note"] == "meeting ran late").expect("first entry");
    assert_eq!(
        first["tensions"],
        serde_json::json!([{"region": "neck", "level": 6}, {"region": "shoulder_left", "level": 4}])
    );
    assert_eq!(first["emotions"], serde_json::json!([{"code": "anxiety", "intensity": 7}]));
    assert_eq!(first["signals"], serde_json::json!(["jaw_clenching"]));
    assert_eq!(first["practice"], serde_json::json!({"kind": "breathing_4_6", "minutes": 2}));
    assert_eq!(first["tags"], serde_json::json!(["work"]));
    // In Dutch, `lb` is the left leg (linkerbeen).
    let second = entries.iter().find(|e| e["note"] == "").expect("second entry");
    assert_eq!(
        second["tensions"],
        serde_json::json!([
            {"region": "neck", "level": 6},
            {"region": "shoulder_left", "level": 4},
            {"region": "leg_left", "level": 3}
        ])
    );
}

#[test]
fn bad_quick_log_saves_nothing_and_explains_in_the_chosen_language() {
    let t = tmp();
    let en = fails(&t.db, &["add", "--quick", "neck 6, shouldr 4"]);
    assert!(
        en.contains("nothing was saved") && en.contains("^^^^^^^") && en.contains("did you mean `left shoulder`"),
        "{en}"
    );
    let nl = fails(&t.db, &["add", "--lang", "nl", "--quick", "nek 6, angst 12"]);
    assert!(nl.contains("er is niets bewaard") && nl.contains("geen niveau van 0 tot 10"), "{nl}");
    assert!(fails(&t.db, &["add", "--quick", "  "]).contains("empty"));
    assert!(fails(&t.db, &["add", "--quick", "neck 6", "--tension", "jaw=2"]).contains("cannot be used with"));
    // No journal file was even created.
    assert!(!t.db.exists());
}

#[test]
fn help_is_available_everywhere() {
    let t = tmp();
    for cmd in [
        &["--help"][..],
        &["add", "--help"],
        &["list", "--help"],
        &["export", "--help"],
        &["import", "--help"],
        &["demo", "--help"],
        &["regions", "--help"],
    ] {
        let out = ok(&t.db, cmd);
        assert!(out.contains("Usage"), "{cmd:?}: {out}");
    }
}

#[test]
fn regions_lists_codes_and_names_in_both_languages() {
    let t = tmp();
    let en = ok(&t.db, &["regions"]);
    assert!(en.contains("upper_back") && en.contains("Between the shoulder blades"), "{en}");
    assert_eq!(en.lines().count(), 16);
    let nl = ok(&t.db, &["regions", "--lang", "nl"]);
    assert!(nl.contains("Tussen de schouderbladen"), "{nl}");
}

#[test]
fn export_import_export_is_lossless_and_reimport_adds_nothing() {
    let t = tmp();
    ok(
        &t.db,
        &[
            "add",
            "--at",
            "2026-11-19T21:00",
            "--emotion",
            "anxiety=6",
            "--emotion",
            "awe=3",
            "--tension",
            "jaw=2",
            "--note",
            "line one\nline \"two\"",
        ],
    );
    ok(
        &t.db,
        &[
            "add",
            "--at",
            "2026-11-20T07:15",
            "--tension",
            "lower_back=5",
            "--signal",
            "restless_sleep",
            "--tag",
            "sleep",
        ],
    );
    let first = t.root.join("first.json");
    ok(&t.db, &["export", "--format", "json", "-o", first.to_str().expect("path")]);
    assert_eq!(common::mode(&first), 0o600);

    let other = t.root.join("other.sqlite");
    assert!(ok(&other, &["import", first.to_str().expect("path")]).contains("imported 2 entries"));
    let second = t.root.join("second.json");
    ok(&other, &["export", "--format", "json", "-o", second.to_str().expect("path")]);
    assert_eq!(std::fs::read(&first).expect("first"), std::fs::read(&second).expect("second"));

    let again = ok(&other, &["import", first.to_str().expect("path")]);
    assert!(again.contains("imported 0 entries (2 already present)"), "{again}");

    let from = t.root.join("range.json");
    ok(&t.db, &["export", "--format", "json", "-o", from.to_str().expect("path"), "--from", "2026-11-20"]);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&from).expect("range")).expect("json");
    assert_eq!(doc["entries"].as_array().map(Vec::len), Some(1));
}

#[test]
fn invalid_import_changes_nothing_and_names_the_entry() {
    let t = tmp();
    ok(&t.db, &["add", "--tension", "neck=3"]);
    let bad = t.root.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"feltsense-journal","version":1,"entries":[
            {"id":"1","at":"2026-11-20T08:30:00+01:00","tensions":[{"region":"neck","level":4}]},
            {"id":"2","at":"2026-11-20T09:30:00+01:00","tensions":[{"region":"neck","level":12}]}]}"#,
    )
    .expect("write");
    let err = fails(&t.db, &["import", bad.to_str().expect("path")]);
    assert!(
        err.contains("entry 1") && err.contains("tensions[0].level") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(list_json(&t.db)["entries"].as_array().map(Vec::len), Some(1));
    let missing = fails(&t.db, &["import", t.root.join("nope.json").to_str().expect("path")]);
    assert!(missing.contains("cannot read"), "{missing}");
}

#[test]
fn demo_fills_an_empty_journal_and_refuses_a_used_one() {
    let t = tmp();
    let out = ok(&t.db, &["demo", "--years", "1", "--seed", "7"]);
    assert!(out.contains("demo entries"), "{out}");
    let n = list_json(&t.db)["entries"].as_array().map_or(0, Vec::len);
    assert!((1000..=1700).contains(&n), "about 4 a day for a year, got {n}");
    let err = fails(&t.db, &["demo", "--years", "1"]);
    assert!(err.contains("--force"), "{err}");
    ok(&t.db, &["demo", "--years", "1", "--seed", "8", "--force"]);
}

#[test]
fn demo_makes_up_to_fifty_years_and_refuses_more() {
    let t = tmp();
    let err = fails(&t.db, &["demo", "--years", "51"]);
    assert!(err.contains("51") && err.contains("1..=50"), "{err}");
    let out = ok(&t.db, &["demo", "--years", "50", "--seed", "5"]);
    assert!(out.contains("covering 50 year(s)"), "{out}");
    let n = feltsense::store::Store::open_reader(&t.db).expect("open").count().expect("count");
    assert!((60_000..=80_000).contains(&n), "about 4 a day for 50 years, got {n}");
}

#[test]
fn a_newer_journal_is_refused_on_the_command_line_too() {
    let t = tmp();
    ok(&t.db, &["add", "--tension", "neck=3"]);
    {
        let c = rusqlite::Connection::open(&t.db).expect("open");
        c.execute_batch("PRAGMA journal_mode=DELETE; PRAGMA user_version = 42;").expect("bump");
    }
    let before = std::fs::read(&t.db).expect("read");
    let err = fails(&t.db, &["list"]);
    assert!(err.contains("newer version of Feltsense"), "{err}");
    assert_eq!(std::fs::read(&t.db).expect("read"), before);
}

#[test]
fn feltsense_db_environment_variable_picks_the_journal() {
    let t = tmp();
    let out = Command::new(env!("CARGO_BIN_EXE_feltsense"))
        .args(["add", "--tension", "neck=2"])
        .env("FELTSENSE_DB", &t.db)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(t.db.exists());
    assert_eq!(list_json(&t.db)["entries"].as_array().map(Vec::len), Some(1));
}

#[test]
fn insights_prints_the_lag_table_as_json_and_as_a_table() {
    let t = tmp();
    ok(&t.db, &["demo", "--years", "2", "--seed", "3"]);
    let json: serde_json::Value = serde_json::from_str(&ok(&t.db, &["insights", "--format", "json"])).expect("json");
    let cells = json.as_array().expect("array of cells");
    assert!(!cells.is_empty());
    for key in [
        "emotion",
        "region",
        "window",
        "baseline",
        "response",
        "diff_points",
        "diff_percent",
        "n_events",
        "n_days",
        "n_checkins",
        "ci95_low",
        "ci95_high",
        "before_points",
        "before_window",
        "verdict",
        "method",
    ] {
        assert!(cells[0].get(key).is_some(), "missing {key} in {}", cells[0]);
    }
    // Every verdict is one of the documented codes.
    let codes = [
        "higher",
        "lower",
        "already_higher_before",
        "already_lower_before",
        "cannot_separate",
        "no_clear_link",
        "not_enough_data",
    ];
    assert!(cells.iter().all(|c| c["verdict"].as_str().is_some_and(|v| codes.contains(&v))));
    // The demo journal plants higher neck tension after anxiety.
    assert!(
        cells.iter().any(|c| c["emotion"] == "anxiety" && c["region"] == "neck" && c["verdict"] == "higher"),
        "no planted anxiety → neck link found"
    );
    let table = ok(&t.db, &["insights", "--lang", "nl", "--min-intensity", "6"]);
    assert!(table.contains("gewoonlijk") && table.contains("vooraf"), "{table}");
    assert!(fails(&t.db, &["insights", "--min-intensity", "11"]).contains("11"));

    // With --practices: one row per practice, then its regions with enough data.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&t.db, &["insights", "--practices", "--format", "json"])).expect("json");
    let rows = json.as_array().expect("array of rows");
    let keys = [
        "practice",
        "region",
        "n_practices",
        "n_pairs",
        "n_compared",
        "n_not_comparable",
        "n_days",
        "n_comparisons",
        "plain_change",
        "adjusted_effect",
        "ci95_low",
        "ci95_high",
        "verdict",
        "method",
    ];
    for row in rows {
        let object = row.as_object().expect("object");
        assert_eq!(object.len(), keys.len(), "{row}");
        assert!(keys.iter().all(|k| object.contains_key(*k)), "{row}");
        let codes = ["eases", "raises", "no_clear_difference", "cannot_compare", "not_enough_data"];
        assert!(row["verdict"].as_str().is_some_and(|v| codes.contains(&v)), "{row}");
        // An effect and its interval exactly when the verdict compares; never a region row without
        // enough data.
        let compares = matches!(row["verdict"].as_str(), Some("eases" | "raises" | "no_clear_difference"));
        assert_eq!(row["adjusted_effect"].is_number(), compares, "{row}");
        assert_eq!(row["ci95_low"].is_number() && row["ci95_high"].is_number(), compares, "{row}");
        assert!(row["region"].is_null() || row["verdict"] != "not_enough_data", "{row}");
    }
    // The demo's 4–6 breathing eases the neck (planted 1.5 points); the guided sessions, rated
    // again minutes later in a journal without other ratings that close together, are left out
    // of the comparison and counted.
    let breathing = |region: serde_json::Value| {
        rows.iter().find(|r| r["practice"] == "breathing_4_6" && r["region"] == region).expect("breathing row")
    };
    let all = breathing(serde_json::Value::Null);
    assert_eq!(all["verdict"], "eases", "{all}");
    assert!(all["n_not_comparable"].as_u64().is_some_and(|n| n > 0), "{all}");
    assert!(all["n_compared"].as_u64() < all["n_pairs"].as_u64(), "{all}");
    let neck = breathing("neck".into());
    assert!(neck["adjusted_effect"].as_f64().is_some_and(|e| (e + 1.5).abs() <= 0.35), "{neck}");
    let table = ok(&t.db, &["insights", "--practices", "--lang", "nl"]);
    assert!(table.contains("4–6 ademhaling — alle gebieden") && table.contains("  Nek "), "{table}");
    assert!(table.contains("minder spanning") && table.contains("95%-interval"), "{table}");
    let table = ok(&t.db, &["insights", "--practices"]);
    assert!(table.contains("4–6 breathing — all regions") && table.contains("eases tension"), "{table}");
    // Without --practices the lag cells are as they were: no practice rows among them.
    assert!(cells.iter().all(|c| c.get("practice").is_none()));
}

#[test]
fn export_csv_and_pdf_for_a_physiotherapist() {
    let t = tmp();
    ok(
        &t.db,
        &[
            "add",
            "--at",
            "2026-11-19T08:30",
            "--tension",
            "neck=6",
            "--tension",
            "jaw=2",
            "--emotion",
            "stress=7",
            "--note",
            "=cmd|' /C calc'!A0",
        ],
    );
    ok(&t.db, &["add", "--at", "2026-11-20T18:00", "--tension", "lower_back=4", "--note", "Walked home"]);

    let out = ok(&t.db, &["export", "--format", "csv", "-o", t.root.join("visit.csv").to_str().expect("path")]);
    assert!(out.contains("visit-tensions.csv") && out.contains("visit-entries.csv"), "{out}");
    let tensions = std::fs::read(t.root.join("visit-tensions.csv")).expect("tensions");
    assert!(tensions.starts_with(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel");
    assert_eq!(common::mode(&t.root.join("visit-tensions.csv")), 0o600);
    let mut rdr = csv::ReaderBuilder::new().delimiter(b';').from_reader(&tensions[3..]);
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().expect("csv");
    assert_eq!(rows.len(), 3, "one row per region rating");
    let entries = std::fs::read_to_string(t.root.join("visit-entries.csv")).expect("entries");
    assert!(entries.contains("'=cmd"), "a formula-like note is neutralised: {entries}");

    let pdf = t.root.join("report.pdf");
    let out = ok(
        &t.db,
        &[
            "export",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().expect("path"),
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-20",
            "--name",
            "Sam Jansen",
            "--lang",
            "nl",
            "--no-notes",
        ],
    );
    assert!(out.contains("report"), "{out}");
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(common::mode(&pdf), 0o600);
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed to read the report back: apt-get install poppler-utils");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Sam Jansen"), "{text}");
    assert!(text.contains("Nek"), "Dutch region names: {text}");
    assert!(!text.contains("Walked home"), "--no-notes leaves notes out");

    assert!(
        fails(&t.db, &["export", "--format", "pdf", "-o", "x.pdf", "--from", "2026-11-20", "--to", "2026-11-01"])
            .contains("after")
    );
    assert!(!std::path::Path::new("x.pdf").exists());
}

#[test]
fn import_from_daylio_previews_then_imports_once() {
    let t = tmp();
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/daylio_new.csv");
    let dry = ok(&t.db, &["import", "--from-app", "daylio", "--dry-run", file]);
    assert!(dry.contains("entries in the file") && dry.contains("nothing was changed"), "{dry}");
    assert_eq!(list_json(&t.db)["entries"].as_array().map(Vec::len), Some(0));
    let first = ok(&t.db, &["import", "--from-app", "daylio", file]);
    assert!(first.contains("→"), "shows what maps to what: {first}");
    let n = list_json(&t.db)["entries"].as_array().map_or(0, Vec::len);
    assert!(n > 0, "{first}");
    let again = ok(&t.db, &["import", "--from-app", "daylio", file]);
    assert!(again.contains(&format!("imported 0 entries ({n} already present)")), "{again}");
    let bad = t.root.join("bad.csv");
    std::fs::write(
        &bad,
        "full_date,date,weekday,time,mood,activities,note_title,note\n2026-13-45,x,y,25:99 pm,good,,,\n",
    )
    .expect("write");
    assert!(
        fails(&t.db, &["import", "--from-app", "daylio", bad.to_str().expect("path")]).contains("nothing was changed")
    );
    assert_eq!(list_json(&t.db)["entries"].as_array().map(Vec::len), Some(n));
}

fn feltsense_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_feltsense"));
    c.arg("--db").arg(db).args(args).env_remove("FELTSENSE_DB").env("TZ", "Europe/Amsterdam");
    for v in ["FELTSENSE_PASSPHRASE", "FELTSENSE_NEW_PASSPHRASE", "FELTSENSE_BACKUP_PASSPHRASE"] {
        c.env_remove(v);
    }
    c.envs(env.iter().copied());
    c.output().expect("run feltsense")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn passphrase_locks_changes_and_removes_the_lock_from_the_command_line() {
    let t = tmp();
    ok(&t.db, &["add", "--tension", "neck=4", "--note", "CLI-SECRET-NOTE"]);
    let lock = feltsense_env(&t.db, &["passphrase"], &[("FELTSENSE_NEW_PASSPHRASE", "river stone")]);
    assert!(lock.status.success(), "{}", text(&lock.stderr));
    assert!(text(&lock.stdout).contains("locked with the new passphrase"), "{}", text(&lock.stdout));
    let raw = std::fs::read(&t.db).expect("read");
    assert!(!raw.windows(15).any(|w| w == b"CLI-SECRET-NOTE"));

    // Without the passphrase (no terminal to ask on): a clear message, nothing written.
    let before = std::fs::read(&t.db).expect("read");
    let out = feltsense_env(&t.db, &["list"], &[]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("locked with a passphrase") && err.contains("FELTSENSE_PASSPHRASE"), "{err}");
    let out = feltsense_env(&t.db, &["list"], &[("FELTSENSE_PASSPHRASE", "river")]);
    assert!(text(&out.stderr).contains("does not unlock"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&t.db).expect("read"), before, "wrong passphrases change nothing");

    let key = [("FELTSENSE_PASSPHRASE", "river stone")];
    let add = feltsense_env(&t.db, &["add", "--tension", "jaw=6", "--note", "second"], &key);
    assert!(add.status.success(), "{}", text(&add.stderr));
    let list = feltsense_env(&t.db, &["list"], &key);
    assert!(text(&list.stdout).contains("CLI-SECRET-NOTE") && text(&list.stdout).contains("second"));
    let backup = feltsense_env(&t.db, &["backup"], &key);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    let listed = feltsense_env(&t.db, &["backups"], &[]);
    assert!(text(&listed.stdout).contains("locked"), "{}", text(&listed.stdout));

    let change = feltsense_env(
        &t.db,
        &["passphrase"],
        &[("FELTSENSE_PASSPHRASE", "river stone"), ("FELTSENSE_NEW_PASSPHRASE", "sea glass")],
    );
    assert!(change.status.success(), "{}", text(&change.stderr));
    assert!(!feltsense_env(&t.db, &["list"], &key).status.success());
    let remove = feltsense_env(&t.db, &["passphrase", "--remove"], &[("FELTSENSE_PASSPHRASE", "sea glass")]);
    assert!(remove.status.success(), "{}", text(&remove.stderr));
    assert!(text(&remove.stdout).contains("no longer locked"));
    assert!(ok(&t.db, &["list"]).contains("second"), "unlocked: opens without a passphrase");
    assert!(std::fs::read(&t.db).expect("read").starts_with(b"SQLite format 3\0"));
}

/// A whole experiment from the command line with a given clock: plan, 14 days of blind first
/// ratings, the reveal, second ratings, and the result; then a second one that is stopped.
#[test]
fn an_experiment_runs_entirely_from_the_command_line() {
    let t = tmp();
    let db = &t.db;
    // Bad input is refused in the language asked for, and nothing is written.
    let err = fails(
        db,
        &[
            "experiment",
            "start",
            "--practice",
            "yoga",
            "--control",
            "leg_left",
            "--moments",
            "09:00,16:00",
            "--lang",
            "nl",
        ],
    );
    assert!(err.contains("onbekende oefening `yoga`"), "{err}");
    let err = fails(
        db,
        &["experiment", "start", "--practice", "breathing_4_6", "--control", "leg_left", "--moments", "09:00,10:00"],
    );
    assert!(err.contains("at least 3 hours"), "{err}");
    assert!(!db.exists(), "bad input does not even create the journal");
    let err = fails(db, &["experiment", "status", "--lang", "nl"]);
    assert!(err.contains("er loopt geen experiment"), "{err}");

    let now = |day: u32, time: &str| format!("2026-03-{:02}T{time}", day + 1);
    let start = ok(
        db,
        &[
            "experiment",
            "start",
            "--practice",
            "breathing_4_6",
            "--target",
            "shoulder_left",
            "--control",
            "leg_left",
            "--moments",
            "16:00,09:00",
            "--start",
            "2026-03-02",
            "--seed",
            "99",
            "--now",
            "2026-03-01T20:00",
        ],
    );
    assert!(start.contains("Moments: 09:00 and 16:00") && start.contains("seed 99"), "{start}");
    let again = fails(
        db,
        &[
            "experiment",
            "start",
            "--practice",
            "walk",
            "--control",
            "neck",
            "--moments",
            "09:00,16:00",
            "--now",
            "2026-03-02T08:00",
            "--lang",
            "nl",
        ],
    );
    assert!(again.contains("er loopt al een experiment"), "{again}");
    // Too early: refused, nothing saved.
    let early = fails(db, &["experiment", "rate", "--target", "6", "--control", "3", "--now", "2026-03-02T08:30"]);
    assert!(early.contains("no moment can be rated now") && early.contains("08:45"), "{early}");

    let mut practised = 0;
    for day in 1..=14u32 {
        for (first, second) in [("09:05", "09:27"), ("16:02", "16:25")] {
            let out = ok(db, &["experiment", "rate", "--target", "6", "--control", "3", "--now", &now(day, first)]);
            assert!(out.contains("Saved the first rating"), "{out}");
            // The arm is shown only now, after the blind rating.
            let practise = out.contains("Now: practise 4–6 breathing");
            assert!(practise || out.contains("Now: carry on as usual for 20 minutes"), "{out}");
            practised += usize::from(practise);
            let after = if practise { "3" } else { "6" };
            let out = ok(db, &["experiment", "rate", "--target", after, "--control", "3", "--now", &now(day, second)]);
            assert!(out.contains("This moment counts"), "{out}");
        }
        if day == 5 {
            let status = ok(db, &["experiment", "status", "--now", &now(day, "20:00"), "--lang", "nl"]);
            assert!(status.contains("Dag 5 van 14: 5 compleet, 0 niet meegeteld, 0 overgeslagen."), "{status}");
            let running: serde_json::Value = serde_json::from_str(&ok(
                db,
                &["experiment", "result", "--format", "json", "--now", &now(day, "20:00")],
            ))
            .expect("json");
            assert_eq!(running["verdict"], "in_progress");
            assert!(running["mean_difference"].is_null(), "no numbers before the look: {running}");
        }
    }
    assert_eq!(practised, 14, "one practice moment a day");
    let json: serde_json::Value =
        serde_json::from_str(&ok(db, &["experiment", "result", "--format", "json", "--now", "2026-03-16T08:00"]))
            .expect("json");
    assert_eq!(json["verdict"], "clear_benefit", "{json}");
    assert_eq!((json["days_complete"].as_u64(), json["days_excluded"].as_u64()), (Some(14), Some(0)));
    assert_eq!(json["mean_difference"].as_f64(), Some(-3.0));
    assert_eq!(json["practice"], "breathing_4_6");
    assert_eq!(
        (json["target_region"].as_str(), json["control_region"].as_str()),
        (Some("shoulder_left"), Some("leg_left"))
    );
    assert_eq!(json["planned_days"], 14);
    assert_eq!(json["stopped"], false);
    assert!(json["randomization_p"].as_f64().is_some_and(|p| p <= 0.005), "{json}");
    for field in ["ci95_low", "ci95_high", "prob_benefit_1pt", "prob_small_difference", "control_mean_difference"] {
        assert!(json[field].is_number(), "{field}: {json}");
    }
    let table = ok(db, &["experiment", "result", "--now", "2026-03-16T08:00", "--lang", "nl"]);
    assert!(table.contains("Duidelijk voordeel") && table.contains("gemiddeld 3,0 punt lager"), "{table}");
    assert!(table.contains("geen klinische studie"), "{table}");
    let done = fails(db, &["experiment", "rate", "--target", "6", "--control", "3", "--now", "2026-03-16T09:05"]);
    assert!(done.contains("has finished"), "{done}");

    // A new experiment may start now, aimed by default at the tensest region of the last 4 weeks
    // other than the control; stopping it keeps its ratings and says so.
    ok(
        db,
        &["add", "--at", "2026-03-15T08:00", "--tension", "neck=8", "--tension", "hip_left=7", "--tension", "jaw=2"],
    );
    ok(
        db,
        &[
            "experiment",
            "start",
            "--practice",
            "other",
            "--practice-name",
            "Shoulder rolls",
            "--control",
            "neck",
            "--moments",
            "10:00,18:00",
            "--now",
            "2026-03-16T08:00",
        ],
    );
    ok(db, &["experiment", "rate", "--target", "5", "--control", "2", "--now", "2026-03-16T10:01"]);
    let stopped = ok(db, &["experiment", "stop", "--now", "2026-03-16T12:00", "--lang", "nl"]);
    // Without --start, once today's first moment has gone the plan starts tomorrow (as in the
    // window's form), so its first day does not begin with a missed moment.
    let other = t.root.join("later.sqlite");
    let later = ok(
        &other,
        &[
            "experiment",
            "start",
            "--practice",
            "walk",
            "--control",
            "leg_left",
            "--moments",
            "18:00,10:00",
            "--now",
            "2026-03-16T12:00",
        ],
    );
    assert!(later.contains("(17 Mar – 30 Mar 2026)"), "{later}");
    assert!(stopped.contains("Gestopt"), "{stopped}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(db, &["experiment", "result", "--format", "json", "--now", "2026-03-17T08:00"]))
            .expect("json");
    assert_eq!((json["stopped"].as_bool(), json["verdict"].as_str()), (Some(true), Some("not_enough_data")));
    assert_eq!(json["target_region"], "hip_left");
    let err = fails(db, &["experiment", "stop", "--now", "2026-03-17T08:00", "--lang", "nl"]);
    assert!(err.contains("gestopt"), "{err}");
}

/// Export → import → export of a journal with a running experiment gives the same JSON file;
/// the CSV has a row per moment (the PDF page is tested in export_pdf.rs).
#[test]
fn experiments_travel_through_json_csv_and_pdf() {
    let t = tmp();
    let db = &t.db;
    ok(db, &["add", "--at", "2026-03-01T08:00", "--tension", "neck=5"]);
    ok(
        db,
        &[
            "experiment",
            "start",
            "--practice",
            "muscle_relaxation",
            "--target",
            "neck",
            "--control",
            "leg_right",
            "--moments",
            "08:00,20:00",
            "--start",
            "2026-03-02",
            "--seed",
            "5",
            "--now",
            "2026-03-01T09:00",
        ],
    );
    for (now, level) in [("2026-03-02T08:01", "6"), ("2026-03-02T08:33", "4"), ("2026-03-02T20:10", "5")] {
        ok(db, &["experiment", "rate", "--target", level, "--control", "1", "--now", now]);
    }
    let first = t.root.join("first.json");
    let out = ok(db, &["export", "--format", "json", "-o", first.to_str().expect("path")]);
    assert!(out.contains("1 personal experiment"), "{out}");
    let other = t.root.join("other.sqlite");
    let imported = ok(&other, &["import", first.to_str().expect("path")]);
    assert!(
        imported.contains("imported 1 entries") && imported.contains("1 personal experiment(s) (0 already present)"),
        "{imported}"
    );
    let again = ok(&other, &["import", first.to_str().expect("path")]);
    assert!(again.contains("(1 already present)"), "{again}");
    let second = t.root.join("second.json");
    ok(&other, &["export", "--format", "json", "-o", second.to_str().expect("path")]);
    assert_eq!(std::fs::read(&first).expect("first"), std::fs::read(&second).expect("second"));
    let status = ok(&other, &["experiment", "status", "--now", "2026-03-02T20:20"]);
    assert!(status.contains("Moment 2 (20:00): rated"), "the imported experiment runs on: {status}");

    let csv = t.root.join("visit.csv");
    let out = ok(db, &["export", "--format", "csv", "-o", csv.to_str().expect("path"), "--lang", "nl"]);
    assert!(out.contains("visit-experiments.csv"), "{out}");
    let table = std::fs::read_to_string(t.root.join("visit-experiments.csv")).expect("experiments table");
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[0].contains("experiment-id;oefening;gebied om te ontspannen"), "{}", rows[0]);
    assert!(rows.len() >= 3, "a header and a row per moment of the days begun: {table}");
    assert!(
        rows[1].contains(";neck;leg_right;1;2026-03-02;1;08:00;") && rows[1].contains(";08:01;6;1;08:33;4;1;ja;"),
        "{}",
        rows[1]
    );
}

/// The bytes of the journal file and its WAL, to show that refused commands wrote nothing.
fn journal_bytes(db: &Path) -> Vec<u8> {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [std::fs::read(db).unwrap_or_default(), std::fs::read(PathBuf::from(wal)).unwrap_or_default()].concat()
}

#[test]
fn activities_topics_and_appointments_from_the_command_line_in_both_languages() {
    let t = tmp();
    let db = &t.db;
    let week1 = ["--now", "2026-11-02T20:00"];
    let week3 = ["--now", "2026-11-16T20:00"];
    let friday = ["--now", "2026-11-20T10:00"];
    let with =
        |args: &[&str], now: &[&str]| -> Vec<String> { args.iter().chain(now).map(|s| (*s).to_owned()).collect() };
    let run = |args: &[&str], now: &[&str]| {
        let a = with(args, now);
        ok(db, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let refuse = |args: &[&str], now: &[&str]| {
        let a = with(args, now);
        fails(db, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };

    // Dutch: the PSK by default, with its question and anchors.
    let out = run(&["activity", "add", "Traplopen", "Mijn dochter tillen", "--lang", "nl"], &week1);
    assert!(out.contains("gescoord met de PSK") && out.contains("0 = geen moeite; 10 = onmogelijk"), "{out}");
    assert!(out.contains("vraagt om 3 activiteiten"), "{out}");
    run(&["activity", "add", "Fietsen"], &week1);
    let before = journal_bytes(db);
    // Bad input, in the chosen language, and nothing is written.
    assert!(refuse(&["activity", "add", "Hardlopen", "--instrument", "psfs"], &week1).contains("retire them all"));
    assert!(refuse(&["activity", "rate", "1=11", "--lang", "nl"], &week1).contains("geen score"));
    assert!(refuse(&["activity", "rate", "zwemmen=4", "--lang", "nl"], &week1).contains("geen activiteit \"zwemmen\""));
    assert!(refuse(&["activity", "rate", "1=4", "--week", "2026-11-30"], &week1).contains("has not begun"));
    assert!(refuse(&["activity", "add", "   "], &week1).contains("cannot be empty"));
    assert!(refuse(&["appointment", "add", "2026-13-01", "--lang", "nl"], &week1).contains("geen datum"));
    assert!(refuse(&["topic", "tick", "4"], &week1).contains("no topic"));
    assert_eq!(journal_bytes(db), before, "refused commands write nothing");

    run(&["activity", "rate", "1=7", "mijn=6", "fiets=5"], &week1);
    run(&["activity", "rate", "1=4", "2=4", "3=5"], &week3);
    let list = run(&["activity", "list", "--lang", "nl"], &friday);
    assert!(
        list.contains("Traplopen  eerst 7 (2 nov), laatst 4 (16 nov): 3,0 punten beter; meer dan meetruis"),
        "{list}"
    );
    assert!(list.contains("Gemiddelde van 3 activiteiten: 6,0 → 4,3: 1,7 punten beter; binnen de meetruis"), "{list}");
    assert!(list.contains("Deze week gescoord."), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["activity", "list", "--format", "json"], &friday)).expect("json");
    assert_eq!(json["instrument"], "psk");
    assert_eq!(json["activities"][0]["ratings"][1]["instrument"], "psk", "each rating keeps its instrument");
    assert_eq!(json["summaries"][0]["activities"][0]["passes_threshold"], true);
    assert_eq!(json["summaries"][0]["mean"]["passes_threshold"], false);
    run(&["activity", "retire", "fietsen"], &friday);
    let json: serde_json::Value =
        serde_json::from_str(&run(&["activity", "list", "--format", "json"], &friday)).expect("json");
    assert_eq!(json["activities"].as_array().map(Vec::len), Some(3), "a retired activity keeps its history");
    assert!(json["activities"][2]["retired"].is_string());

    // Topics: own words, order, and suggestions accepted or dismissed.
    run(&["topic", "add", "Waarom doet mijn kaak 's ochtends pijn?"], &friday);
    run(&["topic", "add", "Schouder bij het fietsen", "--region", "shoulder_left"], &friday);
    run(&["topic", "move", "2", "--to", "1"], &friday);
    let topics = run(&["topic", "list"], &friday);
    assert!(topics.starts_with(" 1. Schouder bij het fietsen  (from a region's trend)"), "{topics}");
    for day in 7..=20 {
        ok(
            db,
            &["add", "--at", &format!("2026-11-{day:02}T07:30"), "--signal", "restless_sleep", "--tension", "neck=3"],
        );
    }
    let s = run(&["topic", "suggestions", "--lang", "nl"], &friday);
    assert!(s.contains(" 1. Onrustig geslapen op 14 van de laatste 14 dagen"), "{s}");
    assert!(s.contains(" 2. Traplopen (PSK): 7 in de week van 2 nov, 4 in de week van 16 nov"), "{s}");
    let s: serde_json::Value =
        serde_json::from_str(&run(&["topic", "suggestions", "--format", "json"], &friday)).expect("json");
    assert_eq!(s["suggestions"][0]["key"], "signal:restless_sleep:none");
    assert!(refuse(&["topic", "suggestions", "--accept", "1", "--dismiss", "1"], &friday).contains("both"));
    assert!(refuse(&["topic", "suggestions", "--accept", "9"], &friday).contains("no suggestion 9"));
    run(&["topic", "suggestions", "--dismiss", "1", "--accept", "2"], &friday);
    assert!(run(&["topic", "suggestions"], &friday).contains("No suggestions now."), "neither comes back");
    let topics = run(&["topic", "list", "--lang", "nl"], &friday);
    assert!(
        topics.contains(" 3. Traplopen (PSK): 7 in de week van 2 nov, 4 in de week van 16 nov  (voorgesteld)"),
        "{topics}"
    );

    // Appointments, the reason, the report's default period, and the tick-off after one.
    run(&["appointment", "add", "2026-11-03"], &friday);
    run(&["appointment", "add", "2026-11-27"], &friday);
    assert!(
        refuse(&["appointment", "add", "2026-11-03", "--lang", "nl"], &friday).contains("er staat al een afspraak")
    );
    run(&["appointment", "reason", "Nekpijn bij computerwerk"], &friday);
    let a = run(&["appointment", "list", "--lang", "nl"], &friday);
    assert!(a.contains("Volgende afspraak: vr 27 nov 2026"), "{a}");
    assert!(a.contains("3 nov – 20 nov 2026 (sinds de afspraak van 3 nov 2026)"), "{a}");
    let a: serde_json::Value =
        serde_json::from_str(&run(&["appointment", "list", "--format", "json"], &friday)).expect("json");
    assert_eq!(a["report_period"]["basis"], "since_appointment");
    assert_eq!(a["report_period"]["from"], "2026-11-03");
    assert_eq!(a["visit_reason"], "Nekpijn bij computerwerk");
    let out = run(&["appointment", "add", "2026-11-20", "--tick-off"], &friday);
    assert!(out.contains("3 topics ticked off"), "{out}");
    assert!(run(&["topic", "list"], &friday).contains("No open topics."));
    let all: serde_json::Value =
        serde_json::from_str(&run(&["topic", "list", "--all", "--format", "json"], &friday)).expect("json");
    let states: Vec<&str> =
        all["topics"].as_array().expect("list").iter().filter_map(|t| t["state"].as_str()).collect();
    assert_eq!(states, ["ticked_off", "ticked_off", "dismissed", "ticked_off"]);

    // The whole of it travels through the JSON file and back, byte for byte.
    let file = t.root.join("all.json");
    let file = file.to_str().expect("utf-8 path");
    ok(db, &["export", "--format", "json", "-o", file]);
    let other = t.root.join("other.sqlite");
    let out = ok(&other, &["import", file]);
    assert!(out.contains("3 activities with 6 ratings, 4 topics, 3 appointments, the reason for the visit"), "{out}");
    let again = t.root.join("again.json");
    ok(&other, &["export", "--format", "json", "-o", again.to_str().expect("utf-8")]);
    assert_eq!(
        std::fs::read(file).expect("a"),
        std::fs::read(&again).expect("b"),
        "export → import → export is lossless"
    );
    let out = ok(&other, &["import", file]);
    assert!(out.contains("(0 new, 17 already present)"), "{out}");

    // CSV: a table of the activity ratings beside the others.
    let csv = t.root.join("visit.csv");
    let out = ok(db, &["export", "--format", "csv", "-o", csv.to_str().expect("utf-8"), "--lang", "nl"]);
    assert!(out.contains("visit-activities.csv"), "{out}");
    let table = std::fs::read_to_string(t.root.join("visit-activities.csv")).expect("activities table");
    let rows: Vec<&str> = table.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows[0], "activiteit-id;activiteit;meetinstrument;schaal;week van;gescoord op;tijd;score;stopgezet");
    assert_eq!(rows.len(), 7, "a header and one row per rating: {table}");
    assert!(rows[1].contains(";Traplopen;psk;hoger = meer moeite;2026-11-02;2026-11-02;20:00;7;nee"), "{table}");
    assert!(rows.iter().any(|r| r.contains(";Fietsen;psk;") && r.ends_with(";ja")), "retired: {table}");
}

/// `feltsense list | head` and the like: a reader that goes away ends the program quietly, for
/// every command that writes to stdout.
#[test]
fn a_closed_pipe_ends_every_command_that_prints_quietly() {
    use std::process::Stdio;
    let t = tmp();
    ok(&t.db, &["demo", "--years", "1", "--seed", "3"]);
    for args in [
        &["list"][..],
        &["list", "--format", "json"],
        &["insights"],
        &["insights", "--format", "json"],
        &["regions"],
        &["man"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_feltsense"))
            .arg("--db")
            .arg(&t.db)
            .args(args)
            .env_remove("FELTSENSE_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run feltsense");
        // The reader goes away at once (as `head -n 1` does after a line): the lists of a year
        // are larger than a pipe holds, so they meet the closed pipe in any case;
        // the shorter outputs meet it unless they were written before the drop.
        drop(child.stdout.take().expect("stdout"));
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
}
