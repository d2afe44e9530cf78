//! Generic CSV import with a column mapping.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use feltsense::export::files::{ImportError, MappedTo, OffsetSource, Problem, SkipReason};
use feltsense::export::generic_csv::{ColumnMapping, WhenColumns, preview, sniff};
use feltsense::model::{Lang, Region};

const DUTCH: &str = "\u{feff}Datum;Tijd;Nek;Onderrug;Angst;Notitie;Labels\r\n\
31-03-2024;08:15;6;3;7;\"Slecht geslapen; nek stijf\";werk, thuis\r\n\
31-03-2024;21:40;2;;;;\r\n\
;;;;;;\r\n\
01-04-2024;7:05 pm;4;5;2;\"Meerdere\r\nregels\";sport\r\n";

fn plus_one() -> OffsetSource {
    OffsetSource::Fixed(FixedOffset::east_opt(3600).expect("offset"))
}

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).expect("valid")
}

fn dutch_mapping() -> ColumnMapping {
    ColumnMapping {
        delimiter: None,
        when: WhenColumns::DateAndTime { date: 0, date_format: None, time: Some(1), time_format: None },
        emotions: vec![(4, "anxiety".into())],
        tensions: vec![(2, Region::Neck), (3, Region::LowerBack)],
        note: Some(5),
        tags: Some(6),
    }
}

fn levels(e: &feltsense::model::Entry) -> Vec<(Region, u8)> {
    e.tensions.iter().map(|t| (t.region, t.level.get())).collect()
}

#[test]
fn sniff_finds_semicolons_headers_and_samples() {
    let sheet = sniff(DUTCH.as_bytes()).expect("sniffed");
    assert_eq!(sheet.delimiter, b';');
    assert_eq!(sheet.headers, ["Datum", "Tijd", "Nek", "Onderrug", "Angst", "Notitie", "Labels"]);
    assert_eq!(sheet.sample_rows.len(), 4);
    assert_eq!(sheet.sample_rows[0][5], "Slecht geslapen; nek stijf");
}

#[test]
fn sniff_finds_commas_and_tabs() {
    let comma = "date,time,neck,note\n2024-01-01,10:00,3,\"a; b; c\"\n2024-01-02,11:00,4,x\n";
    assert_eq!(sniff(comma.as_bytes()).expect("sniffed").delimiter, b',');
    let tab = "date\ttime\tneck\n2024-01-01\t10:00\t3\n";
    let sheet = sniff(tab.as_bytes()).expect("sniffed");
    assert_eq!(sheet.delimiter, b'\t');
    assert_eq!(sheet.headers, ["date", "time", "neck"]);
}

#[test]
fn preview_maps_columns_and_skips_empty_rows() {
    let p = preview(DUTCH.as_bytes(), &dutch_mapping(), plus_one()).expect("imports");
    assert_eq!(p.entries.len(), 3);
    assert_eq!(
        p.skipped.iter().map(|s| (s.line, s.reason.clone())).collect::<Vec<_>>(),
        vec![(4, SkipReason::EmptyRow)]
    );
    let e = &p.entries[0];
    assert_eq!(e.at.naive_local(), local(2024, 3, 31, 8, 15));
    assert_eq!(e.at.offset().local_minus_utc(), 3600);
    assert_eq!(levels(e), vec![(Region::Neck, 6), (Region::LowerBack, 3)]);
    assert_eq!(e.intensity_of("anxiety").map(|l| l.get()), Some(7));
    assert_eq!(e.note, "Slecht geslapen; nek stijf");
    assert_eq!(e.tags, vec!["werk", "thuis"]);

    let e = &p.entries[1];
    assert_eq!(levels(e), vec![(Region::Neck, 2)], "an empty cell is not rated");
    assert!(e.emotions.is_empty() && e.note.is_empty() && e.tags.is_empty());

    let e = &p.entries[2];
    assert_eq!(e.at.naive_local(), local(2024, 4, 1, 19, 5));
    assert_eq!(e.note, "Meerdere\nregels");

    let counts: Vec<(&str, usize)> = p.mappings.iter().map(|m| (m.from.as_str(), m.count)).collect();
    assert_eq!(
        counts,
        vec![("Datum", 3), ("Tijd", 3), ("Angst", 2), ("Nek", 3), ("Onderrug", 2), ("Notitie", 2), ("Labels", 2)]
    );
    assert_eq!(p.mappings[3].to, MappedTo::Tension(Region::Neck));
    assert_eq!(p.mapping_lines(Lang::Nl)[3].1, "spanning: Nek");

    // The same file again gives the same uids.
    let again = preview(DUTCH.as_bytes(), &dutch_mapping(), plus_one()).expect("imports");
    assert_eq!(
        p.entries.iter().map(|e| &e.uid).collect::<Vec<_>>(),
        again.entries.iter().map(|e| &e.uid).collect::<Vec<_>>()
    );
}

#[test]
fn a_level_outside_the_scale_names_row_and_column() {
    let text = DUTCH.replace("21:40;2;", "21:40;11;");
    match preview(text.as_bytes(), &dutch_mapping(), plus_one()) {
        Err(ImportError::Row { line, column, problem }) => {
            assert_eq!(line, 3);
            assert_eq!(column.as_deref(), Some("Nek"));
            assert_eq!(problem, Problem::BadLevel("11".into()));
        }
        other => panic!("expected a bad level, got {other:?}"),
    }
    let text = DUTCH.replace("08:15;6;3;7", "08:15;6;3;6.5");
    let err = preview(text.as_bytes(), &dutch_mapping(), plus_one()).expect_err("refused");
    assert_eq!(err.to_string(), "line 2, column `Angst`: `6.5` is not a whole number from 0 to 10");
    assert_eq!(err.describe(Lang::Nl), "regel 2, kolom `Angst`: `6.5` is geen heel getal van 0 tot 10");
}

#[test]
fn an_unreadable_date_or_time_names_row_and_column() {
    let text = DUTCH.replace("01-04-2024", "31-02-2024");
    let err = preview(text.as_bytes(), &dutch_mapping(), plus_one()).expect_err("refused");
    assert!(
        matches!(&err, ImportError::Row { line: 5, column: Some(c), problem: Problem::BadDate(d) } if c == "Datum" && d == "31-02-2024"),
        "{err:?}"
    );
    let text = DUTCH.replace("21:40", "laat");
    let err = preview(text.as_bytes(), &dutch_mapping(), plus_one()).expect_err("refused");
    assert!(
        matches!(&err, ImportError::Row { line: 3, column: Some(c), problem: Problem::BadTime(_) } if c == "Tijd"),
        "{err:?}"
    );
}

#[test]
fn date_time_column_keeps_its_own_offset_or_uses_a_hint() {
    let text = "when,neck\n2024-03-31T08:15:00+02:00,5\n2024-03-31 09:30,4\n";
    let mapping = ColumnMapping {
        delimiter: None,
        when: WhenColumns::DateTime { column: 0, format: None },
        emotions: vec![],
        tensions: vec![(1, Region::Neck)],
        note: None,
        tags: None,
    };
    let p = preview(text.as_bytes(), &mapping, plus_one()).expect("imports");
    assert_eq!(p.entries[0].at.offset().local_minus_utc(), 7200, "the file's own offset");
    assert_eq!(p.entries[1].at.offset().local_minus_utc(), 3600, "the given offset");
    assert_eq!(p.entries[1].at.naive_local(), local(2024, 3, 31, 9, 30));

    let us = "when,neck\n03/31/2024 08:15 PM,5\n";
    let mapping = ColumnMapping {
        when: WhenColumns::DateTime { column: 0, format: Some("%m/%d/%Y %I:%M %p".into()) },
        ..mapping
    };
    let p = preview(us.as_bytes(), &mapping, plus_one()).expect("imports");
    assert_eq!(p.entries[0].at.naive_local(), local(2024, 3, 31, 20, 15));
}

#[test]
fn a_date_without_time_is_taken_at_noon() {
    let text = "day,neck\n2024-03-31,5\n";
    let mapping = ColumnMapping {
        delimiter: Some(b','),
        when: WhenColumns::DateAndTime { date: 0, date_format: None, time: None, time_format: None },
        emotions: vec![],
        tensions: vec![(1, Region::Neck)],
        note: None,
        tags: None,
    };
    let p = preview(text.as_bytes(), &mapping, plus_one()).expect("imports");
    assert_eq!(p.entries[0].at.naive_local(), local(2024, 3, 31, 12, 0));
}

#[test]
fn a_column_outside_the_file_is_refused() {
    let mapping = ColumnMapping { tensions: vec![(9, Region::Neck)], ..dutch_mapping() };
    let err = preview(DUTCH.as_bytes(), &mapping, plus_one()).expect_err("refused");
    assert!(matches!(err, ImportError::NoSuchColumn { index: 9, count: 7 }), "{err:?}");
}
