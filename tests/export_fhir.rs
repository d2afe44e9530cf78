//! The FHIR R4 export: validated by an independent implementation (the Python `fhir.resources`
//! R4 models, see `scripts/fhir-validate.py`), the base invariants checked here, and the command
//! line's edge cases (empty period, no notes, locked journal, unwritable path).

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::DateTime;
use common::lvl;
use feltsense::demo::{DemoOptions, generate};
use feltsense::export::fhir::{self, CODE_SYSTEM_URL, FhirOptions, SNOMED, snomed_site};
use feltsense::model::{Entry, Lang, Region, Side};
use serde_json::Value;

fn fixed_options() -> FhirOptions {
    FhirOptions {
        lang: Lang::En,
        include_notes: true,
        name: Some("Sanne de Vries".into()),
        generated_at: DateTime::parse_from_rfc3339("2026-11-29T10:00:00+01:00").expect("time"),
        report: None,
        prep: feltsense::model::prep::Prep::default(),
    }
}

/// One year of demo entries ending on a fixed day.
fn demo(years: u32) -> Vec<Entry> {
    let end = DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
    generate(&DemoOptions { years, seed: 7, end })
}

fn resources(bundle: &Value) -> Vec<&Value> {
    bundle["entry"].as_array().expect("entries").iter().map(|e| &e["resource"]).collect()
}

/// Every `reference` anywhere below `v`.
fn references<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "reference"
                    && let Some(s) = x.as_str()
                {
                    out.push(s);
                }
                references(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

/// The base invariants that apply to our bundles.
fn check_invariants(bundle: &Value) {
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let entries = bundle["entry"].as_array().expect("entries");
    let mut urls = HashSet::new();
    let mut kinds: HashMap<&str, &str> = HashMap::new();
    for e in entries {
        let url = e["fullUrl"].as_str().expect("fullUrl");
        let id = e["resource"]["id"].as_str().expect("id");
        assert_eq!(url, format!("urn:uuid:{id}"), "fullUrl is the urn:uuid of the id");
        assert!(uuid_shaped(id), "{id}");
        assert!(urls.insert(url), "duplicate fullUrl {url}");
        kinds.insert(url, e["resource"]["resourceType"].as_str().expect("type"));
    }
    let mut refs = Vec::new();
    references(bundle, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(urls.contains(r), "reference {r} does not resolve inside the bundle");
    }
    for r in resources(bundle) {
        if r["resourceType"] != "Observation" {
            continue;
        }
        let o = r.as_object().expect("object");
        let has_value = o.keys().any(|k| k.starts_with("value"));
        // obs-6: dataAbsentReason only without a value; every Observation says something.
        assert!(
            has_value || o.contains_key("dataAbsentReason") || o.contains_key("hasMember"),
            "an Observation without value, reason or members: {r}"
        );
        assert!(!(has_value && o.contains_key("dataAbsentReason")), "obs-6: {r}");
        assert_eq!(r["status"], "final");
        assert_eq!(r["category"][0]["coding"][0]["code"], "survey");
        for m in r["hasMember"].as_array().into_iter().flatten() {
            let target = m["reference"].as_str().expect("reference");
            assert_eq!(kinds.get(target), Some(&"Observation"), "hasMember points to Observations");
        }
        // Every Feltsense code is in the CodeSystem.
        for c in r["code"]["coding"].as_array().expect("coding") {
            if c["system"] == CODE_SYSTEM_URL {
                let code = c["code"].as_str().expect("code");
                assert!(fhir::code_display(code, Lang::En).is_some(), "{code} is not in the CodeSystem");
            }
        }
        assert!(r["code"]["text"].as_str().is_some_and(|t| !t.is_empty()), "code.text: {r}");
        if let Some(v) = r.get("valueInteger") {
            assert!(v.as_u64().is_some_and(|v| v <= 10), "0–10: {r}");
        }
    }
}

fn uuid_shaped(s: &str) -> bool {
    s.len() == 36 && s.chars().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
        // version 5
        && s.as_bytes()[14] == b'5'
}

fn snomed_codes(bundle: &Value) -> BTreeSet<String> {
    resources(bundle)
        .iter()
        .filter_map(|r| r.get("bodySite"))
        .flat_map(|b| b["coding"].as_array().into_iter().flatten())
        .filter(|c| c["system"] == SNOMED)
        .filter_map(|c| c["code"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_demo_journal_bundle_keeps_the_invariants_and_uses_every_mapped_code() {
    let entries = demo(1);
    let bundle = fhir::bundle(&entries, &fixed_options());
    check_invariants(&bundle);
    let used = snomed_codes(&bundle);
    for r in Region::ALL {
        assert!(used.contains(snomed_site(r).code), "{r:?} ({}) never appears", snomed_site(r).code);
    }
    assert_eq!(used.len(), Region::COUNT, "no codes outside the mapping: {used:?}");
    // Each rating keeps its value and its region.
    let ratings: usize = entries.iter().map(|e| e.tensions.len()).sum();
    let tensions: Vec<&Value> =
        resources(&bundle).into_iter().filter(|r| r["code"]["coding"][0]["code"] == "tension").collect();
    assert_eq!(tensions.len(), ratings);
    let counts = fhir::count_resources(&entries, true, false);
    assert_eq!(bundle["entry"].as_array().map(Vec::len), Some(counts.total()));
    assert_eq!(counts.tensions, ratings);
    assert!(counts.practices > 0 && counts.signals > 0 && counts.emotions > 0);
    // Guided sessions: their practice lists the before and after check-ins.
    assert!(
        resources(&bundle)
            .iter()
            .any(|r| r["code"]["coding"][0]["code"].as_str().is_some_and(|c| c.starts_with("practice."))
                && r["hasMember"].as_array().is_some_and(|m| m.len() == 2)),
        "the demo journal has guided sessions"
    );
}

#[test]
fn exporting_twice_gives_identical_resources() {
    let entries = demo(1);
    let a = fhir::bundle(&entries, &fixed_options());
    let mut reversed = entries.clone();
    reversed.reverse();
    let b = fhir::bundle(&reversed, &fixed_options());
    assert_eq!(a, b, "same entries, in any order: the same bundle");
    // A later export of more entries keeps the ids of the ones already sent.
    let mut more = entries.clone();
    let mut extra = Entry::new(DateTime::parse_from_rfc3339("2026-11-21T09:00:00+01:00").expect("time"));
    extra.set_tension(Region::Jaw, Some(lvl(3)));
    more.push(extra);
    let c = fhir::bundle(&more, &fixed_options());
    let ids = |b: &Value| -> HashSet<String> {
        resources(b).iter().filter_map(|r| r["id"].as_str().map(str::to_owned)).collect()
    };
    assert!(ids(&a).is_subset(&ids(&c)));
    assert_eq!(ids(&c).len(), ids(&a).len() + 2, "the new check-in and its one rating");
}

#[test]
fn own_left_and_right_reach_the_bundle_unswapped() {
    let mut e = Entry::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00+01:00").expect("time"));
    // A distinct level per region, so each Observation can be traced back to its rating.
    for (i, r) in Region::ALL.iter().enumerate().filter(|(_, r)| r.side() != Side::Center) {
        e.set_tension(*r, Some(lvl(u8::try_from(i % 11).expect("small"))));
    }
    let bundle = fhir::bundle(std::slice::from_ref(&e), &fixed_options());
    let expected = [
        (Region::ShoulderLeft, "91775009", "Left shoulder"),
        (Region::ShoulderRight, "91774008", "Right shoulder"),
        (Region::HipLeft, "287679003", "Left hip (front, psoas)"),
        (Region::HipRight, "287579007", "Right hip (front, psoas)"),
        (Region::ArmLeft, "80768000", "Left arm"),
        (Region::ArmRight, "6921000", "Right arm"),
        (Region::LegLeft, "32153003", "Left leg"),
        (Region::LegRight, "62175007", "Right leg"),
    ];
    for (region, code, text) in expected {
        let level = e.level_of(region).expect("rated").get();
        let obs = resources(&bundle)
            .into_iter()
            .find(|r| r["bodySite"]["coding"][0]["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(obs["bodySite"]["text"], text);
        assert_eq!(obs["valueInteger"], level, "{region:?}");
        let display = obs["bodySite"]["coding"][0]["display"].as_str().expect("display").to_lowercase();
        let side = if region.side() == Side::Left { "left" } else { "right" };
        let other = if side == "left" { "right" } else { "left" };
        assert!(display.contains(side) && !display.contains(other), "{region:?}: {display}");
    }
}

// ---------------------------------------------------------------------------------------------
// The command line.

fn feltsense(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_feltsense"));
    c.arg("--db").arg(db).args(args).env_remove("FELTSENSE_DB").env("TZ", "Europe/Amsterdam");
    for v in ["FELTSENSE_PASSPHRASE", "FELTSENSE_NEW_PASSPHRASE"] {
        c.env_remove(v);
    }
    c.envs(env.iter().copied());
    c.output().expect("run feltsense")
}

fn ok(db: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let out = feltsense(db, args, env);
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    (stdout, stderr)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).expect("the bundle exists")).expect("JSON")
}

/// The python of the validator's virtual environment: `FELTSENSE_FHIR_PYTHON` when set (`.ci/run`
/// installs it once for the whole run), else `scripts/fhir-venv.sh` installs it on first use
/// (several tests may start it at once: it installs once). A missing validator fails the test;
/// it is never skipped.
fn validator_python() -> PathBuf {
    if let Some(p) = std::env::var_os("FELTSENSE_FHIR_PYTHON") {
        return PathBuf::from(p);
    }
    install_validator(None)
}

/// Runs `scripts/fhir-venv.sh` (into `venv` when given) and returns the python it prints.
fn install_validator(venv: Option<&Path>) -> PathBuf {
    let mut cmd = Command::new("bash");
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/fhir-venv.sh"));
    if let Some(v) = venv {
        cmd.env("FELTSENSE_FHIR_VENV", v);
    }
    let out = cmd.output().expect("run scripts/fhir-venv.sh");
    assert!(
        out.status.success(),
        "the FHIR validator could not be installed (python3 with venv, and PyPI on the first run, are needed): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Several tests (or checkouts) may start the validator's install at once: started three times at
/// once into an empty location, all three succeed and print the same python, which imports the
/// FHIR models; nothing is left beside the environment but its lock.
#[test]
fn the_validator_installs_once_when_started_three_times_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let venv = dir.path().join("fhir-venv");
    let pythons: Vec<PathBuf> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..3).map(|_| s.spawn(|| install_validator(Some(&venv)))).collect();
        runs.into_iter().map(|r| r.join().expect("the install thread")).collect()
    });
    assert_eq!(pythons, vec![venv.join("bin/python"); 3]);
    let out = Command::new(&pythons[0])
        .args(["-c", "import fhir.resources as f; print(f.__fhir_version__)"])
        .output()
        .expect("run the python");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "4.0.1", "{}", String::from_utf8_lossy(&out.stderr));
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["fhir-venv", "fhir-venv.lock"]);
}

fn run_validator(files: &[&Path]) -> Output {
    let python = validator_python();
    Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/fhir-validate.py"))
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the FHIR validator {}: {e}", python.display()))
}

fn validate(files: &[&Path]) -> String {
    let out = run_validator(files);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the FHIR validator rejected the export:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn the_cli_bundle_of_a_demo_journal_validates_with_an_independent_fhir_r4_implementation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    ok(&db, &["demo", "--years", "1", "--seed", "3"], &[]);
    let note = "Spanning in de kaak na het overleg — één keer geslapen 😬 (ça va)";
    ok(&db, &["add", "--tension", "jaw=7", "--tension", "shoulder_left=4", "--note", note, "--tag", "werk"], &[]);
    // Activities on the PSK with two weeks of scores, and topics: open, ticked off, dismissed.
    ok(&db, &["activity", "add", "Traplopen", "Tillen", "--lang", "nl"], &[]);
    let last_week = (chrono::Local::now() - chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
    ok(&db, &["activity", "rate", "1=7", "2=5", "--week", &last_week], &[]);
    ok(&db, &["activity", "rate", "1=4", "2=5"], &[]);
    for t in ["Kaakklemmen 's nachts", "Werkplek", "Niet nodig"] {
        ok(&db, &["topic", "add", t], &[]);
    }
    ok(&db, &["topic", "tick", "2"], &[]);
    ok(&db, &["topic", "dismiss", "2"], &[]);
    let out = dir.path().join("visit.fhir.json");
    let (stdout, _) = ok(
        &db,
        &[
            "export",
            "--format",
            "fhir",
            "-o",
            out.to_str().expect("path"),
            "--with-report",
            "--name",
            "Sanne de Vries",
            "--lang",
            "nl",
        ],
        &[],
    );
    assert!(stdout.contains("FHIR resources"), "{stdout}");
    #[cfg(unix)]
    assert_eq!(common::mode(&out), 0o600);
    let summary =
        validate(&[&out, &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fhir/CodeSystem-feltsense.json")]);
    assert!(summary.contains("valid FHIR R4.0.1") && summary.contains("DocumentReference"), "{summary}");

    let bundle = read_json(&out);
    check_invariants(&bundle);
    let rs = resources(&bundle);
    let patient = rs.iter().find(|r| r["resourceType"] == "Patient").expect("patient");
    assert_eq!(patient["name"][0]["text"], "Sanne de Vries");
    let with_note: Vec<&&Value> = rs.iter().filter(|r| r["note"][0]["text"] == note).collect();
    assert_eq!(with_note.len(), 1, "the non-ASCII note arrives unchanged");
    assert_eq!(with_note[0]["meta"]["tag"][0]["display"], "werk");
    assert_eq!(with_note[0]["code"]["coding"][0]["display"], "Meting: spanning per lichaamsgebied", "Dutch");
    // One Observation per activity score, on the PSK's own code, with the activity's words.
    let scores: Vec<&&Value> = rs.iter().filter(|r| r["code"]["coding"][0]["code"] == "activity.psk").collect();
    assert_eq!(scores.len(), 4);
    assert!(scores.iter().any(|r| r["valueInteger"] == 4
        && r["code"]["text"].as_str().is_some_and(|t| t.starts_with("Traplopen (PSK: 0 = geen moeite"))));
    // A Communication per topic the person kept (the dismissed one is not sent).
    let topics: Vec<&&Value> = rs.iter().filter(|r| r["resourceType"] == "Communication").collect();
    let mut sent: Vec<(&str, &str)> = topics
        .iter()
        .map(|c| (c["payload"][0]["contentString"].as_str().unwrap_or(""), c["status"].as_str().unwrap_or("")))
        .collect();
    sent.sort_unstable();
    assert_eq!(sent, [("Kaakklemmen 's nachts", "preparation"), ("Werkplek", "completed")]);
    assert!(topics.iter().all(|c| c["sender"]["reference"] == c["subject"]["reference"]), "from the person");
    let doc = rs.iter().find(|r| r["resourceType"] == "DocumentReference").expect("the report");
    assert_eq!(doc["content"][0]["attachment"]["language"], "nl");
    assert_eq!(doc["content"][0]["attachment"]["contentType"], "application/pdf");
    // Only the bundle is left in the folder (no temporary files).
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).expect("dir").filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn cli_edge_cases_empty_period_no_notes_locked_journal_unwritable_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("journal.sqlite");
    ok(&db, &["add", "--at", "2026-11-20T08:30", "--tension", "neck=6", "--note", "PRIVATE-NOTE ünïcode"], &[]);
    ok(&db, &["add", "--at", "2026-11-19T08:30", "--note", "ONLY-A-NOTE"], &[]);

    // Empty period: a valid bundle holding only the Patient, and a word on stderr.
    let empty = dir.path().join("empty.fhir.json");
    let (_, stderr) = ok(
        &db,
        &[
            "export",
            "--format",
            "fhir",
            "-o",
            empty.to_str().expect("path"),
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-31",
        ],
        &[],
    );
    assert!(stderr.contains("only the Patient"), "{stderr}");
    let b = read_json(&empty);
    assert_eq!(b["entry"].as_array().map(Vec::len), Some(1));
    assert_eq!(b["entry"][0]["resource"]["resourceType"], "Patient");
    assert!(b["entry"][0]["resource"].get("name").is_none(), "anonymous without --name");

    // --no-notes: no note text anywhere; the entry that only held a note is not sent.
    let private = dir.path().join("private.fhir.json");
    ok(&db, &["export", "--format", "fhir", "-o", private.to_str().expect("path"), "--no-notes"], &[]);
    let text = std::fs::read_to_string(&private).expect("bundle");
    assert!(!text.contains("PRIVATE-NOTE") && !text.contains("ONLY-A-NOTE") && !text.contains("\"note\""), "{text}");
    check_invariants(&read_json(&private));
    let with_notes = dir.path().join("notes.fhir.json");
    ok(&db, &["export", "--format", "fhir", "-o", with_notes.to_str().expect("path")], &[]);
    let text = std::fs::read_to_string(&with_notes).expect("bundle");
    assert!(text.contains("PRIVATE-NOTE ünïcode") && text.contains("ONLY-A-NOTE"));
    validate(&[&empty, &private, &with_notes]);

    // A path that cannot be written: a clear message, no file, nothing left behind.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").expect("write");
    let target = blocker.join("visit.fhir.json");
    let out = feltsense(&db, &["export", "--format", "fhir", "-o", target.to_str().expect("path")], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not written") && err.contains("cannot write") && err.contains("visit.fhir.json"), "{err}");
    assert!(!target.exists());
    let missing = dir.path().join("no-such-folder").join("visit.fhir.json");
    let out = feltsense(&db, &["export", "--format", "fhir", "-o", missing.to_str().expect("path")], &[]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    // A failed export leaves an existing file as it was.
    let out = feltsense(
        &db,
        &[
            "export",
            "--format",
            "fhir",
            "-o",
            with_notes.to_str().expect("path"),
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-01",
        ],
        &[],
    );
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("after"));
    assert!(std::fs::read_to_string(&with_notes).expect("kept").contains("ONLY-A-NOTE"));
    // --with-report is FHIR's.
    let out = feltsense(&db, &["export", "--format", "json", "-o", "x.json", "--with-report"], &[]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--format fhir"));

    // A locked journal exports with FELTSENSE_PASSPHRASE, and refuses without it.
    let lock = feltsense(&db, &["passphrase"], &[("FELTSENSE_NEW_PASSPHRASE", "river stone")]);
    assert!(lock.status.success(), "{}", String::from_utf8_lossy(&lock.stderr));
    let locked = dir.path().join("locked.fhir.json");
    let out = feltsense(&db, &["export", "--format", "fhir", "-o", locked.to_str().expect("path")], &[]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("FELTSENSE_PASSPHRASE"));
    assert!(!locked.exists());
    ok(
        &db,
        &["export", "--format", "fhir", "-o", locked.to_str().expect("path")],
        &[("FELTSENSE_PASSPHRASE", "river stone")],
    );
    assert!(std::fs::read_to_string(&locked).expect("bundle").contains("PRIVATE-NOTE"));
    #[cfg(unix)]
    assert_eq!(common::mode(&locked), 0o600);
}

/// What a broken bundle breaks, and how.
type Breakage = (&'static str, fn(&mut Value));

#[test]
fn the_validator_rejects_what_r4_forbids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = Entry::new(DateTime::parse_from_rfc3339("2026-11-20T08:30:00+01:00").expect("time"));
    e.set_tension(Region::Neck, Some(lvl(6)));
    let good = fhir::bundle(&[e], &fixed_options());
    let write = |name: &str, v: &Value| -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, serde_json::to_vec(v).expect("json")).expect("write");
        p
    };
    let ok_path = write("good.json", &good);
    validate(&[&ok_path]);
    // Each change breaks R4 in a different way; each must be refused.
    let breakages: [Breakage; 5] = [
        ("an unknown field", |b| b["entry"][1]["resource"]["mood"] = Value::from(3)),
        ("an integer as text", |b| b["entry"][2]["resource"]["valueInteger"] = Value::from("6")),
        ("a time without offset", |b| b["entry"][2]["resource"]["effectiveDateTime"] = Value::from("2026-11-20 08:30")),
        ("a status outside the value set", |b| b["entry"][2]["resource"]["status"] = Value::from("done")),
        ("a missing code", |b| {
            b["entry"][2]["resource"].as_object_mut().expect("object").remove("code");
        }),
    ];
    for (what, breakage) in breakages {
        let mut bad = good.clone();
        breakage(&mut bad);
        let p = write("bad.json", &bad);
        let out = run_validator(&[&p]);
        assert!(!out.status.success(), "{what} was accepted");
        assert!(String::from_utf8_lossy(&out.stderr).contains("INVALID"), "{what}");
    }
}
