//! CSV tables, read back with the `csv` crate.

use chrono::{DateTime, FixedOffset, TimeZone};
use feltsense::export::csv::{CsvDialect, CsvFiles, write_csv_files, write_entries, write_tensions};
use feltsense::model::{EmotionRating, Entry, Lang, Level, Practice, PracticeKind, Region, Signal, TensionRating};

fn at(offset_h: i32, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(offset_h * 3600).and_then(|o| o.with_ymd_and_hms(y, m, d, h, min, 0).single()).expect("valid")
}

fn lvl(v: u8) -> Level {
    Level::new(v).expect("level")
}

/// Two entries, deliberately given out of order: the second happened first.
fn journal() -> Vec<Entry> {
    let mut later = Entry::new(at(2, 2026, 6, 3, 9, 5));
    later.uid = "b-later".into();
    later.tensions = vec![
        TensionRating { region: Region::Neck, level: lvl(6) },
        TensionRating { region: Region::ShoulderLeft, level: lvl(4) },
    ];
    later.emotions = vec![
        EmotionRating { code: "anger".into(), intensity: lvl(3) },
        EmotionRating { code: "anxiety".into(), intensity: lvl(7) },
    ];
    later.signals = vec![Signal::JawClenching, Signal::RestlessSleep];
    later.practice = Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 });
    later.note = "Zware nacht; \"nek\" vast\nTweede regel – ëén".into();
    later.tags = vec!["work".into(), "familie".into()];

    // Logged at 23:30 in UTC-5: local date 1 June even though it is 2 June in UTC.
    let mut earlier = Entry::new(at(-5, 2026, 6, 1, 23, 30));
    earlier.uid = "a-earlier".into();
    earlier.tensions = vec![TensionRating { region: Region::HipRight, level: lvl(0) }];
    vec![later, earlier]
}

fn read(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let mut r =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(&bytes[3..]);
    r.records().map(|rec| rec.expect("record").iter().map(str::to_owned).collect()).collect()
}

#[test]
fn tensions_table_has_one_row_per_rating_in_local_time() {
    let mut out = Vec::new();
    write_tensions(&journal(), Lang::En, CsvDialect::Semicolon, &mut out).expect("written");
    let rows = read(&out, b';');
    assert_eq!(rows.len(), 1 + 3);
    assert_eq!(rows[0], ["entry id", "date", "time", "region code", "region", "view", "side", "level"]);
    assert_eq!(
        rows[1],
        ["a-earlier", "2026-06-01", "23:30", "hip_right", "Right hip (front, psoas)", "front", "right", "0"]
    );
    assert_eq!(rows[2], ["b-later", "2026-06-03", "09:05", "neck", "Neck", "back", "center", "6"]);
    assert_eq!(rows[3], ["b-later", "2026-06-03", "09:05", "shoulder_left", "Left shoulder", "back", "left", "4"]);
}

#[test]
fn dutch_headers_and_region_names() {
    let mut out = Vec::new();
    write_tensions(&journal(), Lang::Nl, CsvDialect::Semicolon, &mut out).expect("written");
    let rows = read(&out, b';');
    assert_eq!(rows[0][7], "niveau");
    assert_eq!(rows[3][4], "Linkerschouder");
    // The separator really is ';' (a comma reader sees a single column).
    let as_comma = read(&out, b',');
    assert_eq!(as_comma[3].len(), 1);
}

#[test]
fn entries_table_joins_lists_and_keeps_notes_intact() {
    let mut out = Vec::new();
    write_entries(&journal(), Lang::En, CsvDialect::Semicolon, &mut out).expect("written");
    let rows = read(&out, b';');
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], ["entry id", "date", "time", "emotions", "signals", "practice", "note", "tags"]);
    assert_eq!(rows[1], ["a-earlier", "2026-06-01", "23:30", "", "", "", "", ""]);
    assert_eq!(
        rows[2],
        [
            "b-later",
            "2026-06-03",
            "09:05",
            "anger=3; anxiety=7",
            "jaw_clenching; restless_sleep",
            "breathing_4_6 2 min",
            "Zware nacht; \"nek\" vast\nTweede regel – ëén",
            "work; familie",
        ]
    );
}

#[test]
fn comma_dialect() {
    let mut out = Vec::new();
    write_entries(&journal(), Lang::En, CsvDialect::Comma, &mut out).expect("written");
    let rows = read(&out, b',');
    assert_eq!(rows[2][3], "anger=3; anxiety=7");
    assert_eq!(rows[2].len(), 8);
}

#[test]
fn formula_like_cells_are_neutralised() {
    let cases = [
        ("=HYPERLINK(\"http://evil\",\"klik\")", "'=HYPERLINK(\"http://evil\",\"klik\")"),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("-5", "'-5"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a = b", "a = b"),
    ];
    let mut entries = Vec::new();
    for (i, (note, _)) in cases.iter().enumerate() {
        let mut e = Entry::new(at(1, 2026, 1, 1, 8, i as u32));
        e.uid = format!("e{i}");
        e.note = (*note).to_string();
        e.tags = vec![format!("={i}")];
        e.emotions = vec![EmotionRating { code: "@custom".into(), intensity: lvl(4) }];
        entries.push(e);
    }
    let mut out = Vec::new();
    write_entries(&entries, Lang::En, CsvDialect::Semicolon, &mut out).expect("written");
    let rows = read(&out, b';');
    for (i, (_, expected)) in cases.iter().enumerate() {
        let row = &rows[i + 1];
        assert_eq!(row[6], *expected, "note {i}");
        assert_eq!(row[7], format!("'={i}"), "tags {i}");
        assert_eq!(row[3], "'@custom=4", "emotions {i}");
        assert_eq!(row[2], format!("08:0{i}"), "times are untouched");
    }
}

#[test]
fn writes_both_files_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files =
        write_csv_files(dir.path(), "feltsense-2026-06", &journal(), Lang::Nl, CsvDialect::Semicolon).expect("written");
    assert_eq!(files, CsvFiles::paths(dir.path(), "feltsense-2026-06"));
    assert!(files.tensions.ends_with("feltsense-2026-06-tensions.csv"));
    let tensions = std::fs::read(&files.tensions).expect("tensions");
    let entries = std::fs::read(&files.entries).expect("entries");
    assert_eq!(read(&tensions, b';').len(), 4);
    assert_eq!(read(&entries, b';').len(), 3);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for p in [&files.tensions, &files.entries] {
            assert_eq!(std::fs::metadata(p).expect("meta").permissions().mode() & 0o777, 0o600);
        }
    }
}
