//! The command line with any date or number a person (or a script) might pass: a clear message
//! and exit code 1 or 2, never a panic (exit code 101); and period exports read only the rows of
//! their period. Runs the real binary.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn feltsense(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_feltsense"))
        .arg("--db")
        .arg(dir.join("journal.sqlite"))
        .args(args)
        .current_dir(dir)
        .env_remove("FELTSENSE_DB")
        .env("TZ", "Europe/Amsterdam")
        .output()
        .expect("run feltsense")
}

/// A journal of a few check-ins around 20 November 2026.
fn journal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = feltsense::store::Store::open(&dir.path().join("journal.sqlite")).expect("open");
    for i in 0..5 {
        s.insert(&common::entry(i * 30, 4, "stress")).expect("insert");
    }
    dir
}

/// Dates as typed: any year chrono reads and beyond, impossible days, the calendar's edges, and
/// things that are not dates.
fn typed_date() -> impl Strategy<Value = String> {
    prop_oneof![
        (-400_000i64..400_000, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (0i64..=10_000, 0u32..=13, 0u32..=32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        Just("-262143-01-01".to_owned()),
        Just("+262142-12-31".to_owned()),
        Just("0001-01-01".to_owned()),
        Just("9999-12-31".to_owned()),
        "[-+0-9T:]{0,14}",
    ]
}

/// Numbers as typed for levels, minutes, years and intensities.
fn typed_number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (-20i64..40).prop_map(|n| n.to_string()),
        Just("18446744073709551616".to_owned()),
        "[-+0-9.e]{0,8}",
    ]
}

/// The process ended on its own with success or a usage/other error, and said why when it failed.
fn clean_exit(out: &Output, args: &[String]) -> Result<(), TestCaseError> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    prop_assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    prop_assert!(matches!(out.status.code(), Some(0..=2)), "{args:?} ended with {:?}: {stderr}", out.status);
    if !out.status.success() {
        prop_assert!(!stderr.trim().is_empty(), "{args:?} failed without a message");
    }
    Ok(())
}

fn run_case(dir: &Path, args: Vec<String>) -> Result<(), TestCaseError> {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = feltsense(dir, &refs);
    clean_exit(&out, &args)
}

#[test]
fn no_date_argument_makes_the_program_panic() {
    let dir = journal();
    let mut runner = TestRunner::new(Config { cases: 40, failure_persistence: None, ..Config::default() });
    let cases = (0usize..6, typed_date(), typed_date());
    runner
        .run(&cases, |(command, from, to)| {
            let args: Vec<String> = match command {
                0 => vec!["export".into(), "--format".into(), "pdf".into(), "-o".into(), "r.pdf".into()],
                1 => vec!["export".into(), "--format".into(), "csv".into(), "-o".into(), "r.csv".into()],
                2 => vec!["list".into(), "--format".into(), "json".into()],
                3 => vec!["insights".into()],
                4 => vec!["export".into(), "--format".into(), "json".into(), "-o".into(), "r.json".into()],
                _ => vec!["list".into()],
            };
            // Each of: --from only, --to only, both.
            run_case(dir.path(), [args.clone(), vec![format!("--from={from}")]].concat())?;
            run_case(dir.path(), [args.clone(), vec![format!("--to={to}")]].concat())?;
            run_case(dir.path(), [args, vec![format!("--from={from}"), format!("--to={to}")]].concat())
        })
        .expect("every date argument gets an answer, not a panic");
}

#[test]
fn no_time_or_number_argument_makes_the_program_panic() {
    let dir = journal();
    let mut runner = TestRunner::new(Config { cases: 40, failure_persistence: None, ..Config::default() });
    let cases = (typed_date(), 0u32..24, typed_number(), typed_number());
    runner
        .run(&cases, |(day, hour, n, m)| {
            let at = format!("{day}T{hour:02}:30");
            run_case(
                dir.path(),
                vec!["add".into(), "--at".into(), at.clone(), "--tension".into(), format!("neck={n}")],
            )?;
            run_case(
                dir.path(),
                vec!["add".into(), "--at".into(), format!("{at}:00+01:00"), "--note".into(), "x".into()],
            )?;
            run_case(
                dir.path(),
                vec!["add".into(), "--emotion".into(), format!("anger={n}"), "--practice".into(), format!("walk={m}")],
            )?;
            run_case(dir.path(), vec!["insights".into(), "--min-intensity".into(), n.clone()])?;
            run_case(dir.path(), vec!["demo".into(), "--years".into(), format!("{n}{m}"), "--seed".into(), m.clone()])
        })
        .expect("every number gets an answer, not a panic");
}

#[test]
fn impossible_dates_get_a_clear_message() {
    let dir = journal();
    let out = feltsense(dir.path(), &["export", "--format", "pdf", "-o", "r.pdf", "--from=-200000-01-01"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-200000-01-01 is outside the years 1 to 9999"), "{err}");
    let out = feltsense(dir.path(), &["add", "--at", "+12345-01-01T08:00", "--note", "far"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the years 1 to 9999"));
    // The calendar's first and last days are usable.
    let out = feltsense(
        dir.path(),
        &["export", "--format", "pdf", "-o", "first.pdf", "--from=0001-01-01", "--to=0001-01-31"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        feltsense(dir.path(), &["export", "--format", "pdf", "-o", "all.pdf", "--from=0001-01-01", "--to=9999-12-31"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = feltsense(dir.path(), &["export", "--format", "pdf", "-o", "early.pdf", "--to=0001-01-10"]);
    assert!(!out.status.success(), "8 weeks before 10 January of year 1 do not exist");
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --from"));
}

/// Period exports read the rows of their period (and, for the PDF, the comparison period before
/// it) and nothing else: a row the program cannot read, long before the period, does not stop
/// them, while an export of everything does trip over it.
#[test]
fn period_exports_read_only_their_rows() {
    let dir = journal();
    let db = dir.path().join("journal.sqlite");
    {
        let mut s = feltsense::store::Store::open(&db).expect("open");
        let mut old = common::entry(0, 5, "anger");
        old.at = chrono::DateTime::parse_from_rfc3339("2001-03-04T09:00:00+01:00").expect("time");
        old.uid = "unreadable".into();
        s.insert(&old).expect("insert");
        s.connection()
            .execute("UPDATE entries SET practice_kind = 'no-such-practice' WHERE uid = 'unreadable'", [])
            .expect("damage one old row");
    }
    let period = ["--from", "2026-10-01", "--to", "2026-11-30"];
    for args in [
        &["export", "--format", "pdf", "-o", "r.pdf"][..],
        &["export", "--format", "csv", "-o", "r.csv"][..],
        &["export", "--format", "json", "-o", "r.json"][..],
        &["list", "--format", "json"][..],
    ] {
        let out = feltsense(dir.path(), &[args, &period[..]].concat());
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let out = feltsense(dir.path(), &["list", "--format", "json"]);
    assert!(!out.status.success(), "reading everything meets the unreadable row");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-practice"));
}
