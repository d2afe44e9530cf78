//! Daylio import, against hand-written sample exports in both layouts.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use feltsense::export::daylio::preview;
use feltsense::export::files::{ImportError, MappedTo, OffsetSource, Problem, SkipReason};
use feltsense::model::{Entry, Lang};

const NEW: &[u8] = include_bytes!("data/daylio_new.csv");
const OLD: &[u8] = include_bytes!("data/daylio_old.csv");

fn plus_one() -> OffsetSource {
    OffsetSource::Fixed(FixedOffset::east_opt(3600).expect("offset"))
}

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0)).expect("valid")
}

fn emotions(e: &Entry) -> Vec<(String, u8)> {
    e.emotions.iter().map(|r| (r.code.clone(), r.intensity.get())).collect()
}

#[test]
fn new_layout_maps_moods_activities_and_notes() {
    let p = preview(NEW, plus_one()).expect("imports");
    // Rows on lines 2, 3, 4, 5, 8 and 10; line 7 is empty, line 9 repeats line 8.
    assert_eq!(p.entries.len(), 6);
    assert_eq!(
        p.skipped.iter().map(|s| (s.line, s.reason.clone())).collect::<Vec<_>>(),
        vec![(7, SkipReason::EmptyRow), (9, SkipReason::Duplicate { of_line: 8 })]
    );

    let e = &p.entries[0];
    assert_eq!(e.at.naive_local(), local(2024, 3, 31, 23, 54));
    assert_eq!(e.at.offset().local_minus_utc(), 3600);
    assert_eq!(emotions(e), vec![("joy".to_string(), 8)]);
    assert_eq!(e.tags, vec!["family", "friends", "good meal"]);
    assert_eq!(e.note, "Pasen\n\nLang ontbijt met de familie, daarna gewandeld. Schouders voelden los.");
    assert!(!e.is_check_in(), "Daylio has no tension ratings");

    let meh = &p.entries[1];
    assert_eq!(meh.at.naive_local(), local(2024, 3, 31, 8, 15));
    assert!(meh.emotions.is_empty());
    assert!(meh.tags.is_empty());
    assert_eq!(meh.note, "");

    let awful = &p.entries[2];
    assert_eq!(awful.at.naive_local(), local(2024, 3, 30, 14, 30));
    assert_eq!(emotions(awful), vec![("sadness".to_string(), 8)]);
    assert_eq!(awful.tags, vec!["work", "overtime"]);
    assert_eq!(awful.note, "Deadline, weer\n\nNek zat helemaal vast.\nHoofdpijn tegen de avond – „ik kan niet meer”.");

    let custom = &p.entries[3];
    assert_eq!(custom.at.naive_local(), local(2024, 3, 29, 0, 5), "12:05 am is just after midnight");
    assert_eq!(emotions(custom), vec![("moe maar voldaan".to_string(), 5)]);
    assert_eq!(custom.note, "She said \"rest\" & I listened");

    let good = &p.entries[4];
    assert_eq!(good.at.naive_local(), local(2024, 3, 28, 21, 40));
    assert_eq!(emotions(good), vec![("joy".to_string(), 5)]);

    let bad = &p.entries[5];
    assert_eq!(emotions(bad), vec![("sadness".to_string(), 6)]);
    assert_eq!(bad.tags, vec!["sleep early", "work"]);
    assert_eq!(bad.note, "Onrustig geslapen.\nKaak op elkaar geklemd.\n\nMorgen 4–6 ademhaling.");

    for e in &p.entries {
        e.validate().expect("valid entry");
        assert!(e.uid.starts_with("daylio-"), "{}", e.uid);
    }
}

#[test]
fn mappings_list_moods_first_with_counts_and_flag_custom_moods() {
    let p = preview(NEW, plus_one()).expect("imports");
    let moods: Vec<(&str, usize)> =
        p.mappings.iter().filter(|m| m.to != MappedTo::Tag).map(|m| (m.from.as_str(), m.count)).collect();
    assert_eq!(moods, vec![("rad", 1), ("meh", 1), ("awful", 1), ("moe maar voldaan", 1), ("good", 1), ("bad", 1)]);
    let custom = p.mappings.iter().find(|m| m.from == "moe maar voldaan").expect("listed");
    assert!(matches!(custom.to, MappedTo::CustomEmotion { .. }));
    // Tags come after the moods; "work" is on lines 4, 8 and 10 (line 9 is a skipped repeat).
    let first_tag = p.mappings.iter().position(|m| m.to == MappedTo::Tag).expect("tags");
    assert_eq!(first_tag, 6);
    assert_eq!((p.mappings[6].from.as_str(), p.mappings[6].count), ("work", 3));
    let lines = p.mapping_lines(Lang::Nl);
    assert!(lines.contains(&("rad".to_string(), "Blijdschap 8".to_string())), "{lines:?}");
    assert!(lines.contains(&("meh".to_string(), "geen emotie".to_string())), "{lines:?}");
}

#[test]
fn reimporting_gives_the_same_uids() {
    let a = preview(NEW, plus_one()).expect("imports");
    let b = preview(NEW, OffsetSource::Local).expect("imports");
    let uids =
        |p: &feltsense::export::files::ImportPreview| p.entries.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&a), uids(&b));
    let unique: std::collections::HashSet<_> = uids(&a).into_iter().collect();
    assert_eq!(unique.len(), 6);
    // The local time zone only changes the offset, never the wall-clock time.
    for (x, y) in a.entries.iter().zip(&b.entries) {
        assert_eq!(x.at.naive_local(), y.at.naive_local());
    }
}

#[test]
fn old_layout_with_day_month_dates() {
    let p = preview(OLD, plus_one()).expect("imports");
    assert_eq!(p.entries.len(), 4);
    assert!(p.skipped.is_empty());
    let e = &p.entries[0];
    assert_eq!(e.at.naive_local(), local(2018, 5, 14, 23, 54));
    assert_eq!(e.tags, vec!["family", "friends", "movies"]);
    assert_eq!(e.note, "Great day, lots of laughing");
    assert_eq!(p.entries[1].at.naive_local(), local(2018, 5, 14, 7, 30));
    // A custom mood named like a built-in emotion (Dutch) becomes that emotion.
    assert_eq!(emotions(&p.entries[2]), vec![("anxiety".to_string(), 5)]);
    assert_eq!(p.entries[2].note, "Spannend: uitslag van de MRI.");
    assert_eq!(p.entries[3].at.naive_local(), local(2018, 5, 12, 12, 30));
    assert_eq!(p.entries[3].note, "Rug deed pijn, \"te lang\" gebukt");
}

#[test]
fn a_bad_date_refuses_the_file_naming_the_line() {
    let text = "full_date,date,weekday,time,mood,activities,note_title,note\n\
                2024-03-31,March 31,Sunday,10:00 am,good,,,\n\
                2024-02-30,February 30,Friday,10:00 am,good,,,\n";
    match preview(text.as_bytes(), plus_one()) {
        Err(ImportError::Row { line, column, problem: Problem::BadDate(value) }) => {
            assert_eq!(line, 3);
            assert_eq!(column.as_deref(), Some("full_date"));
            assert_eq!(value, "2024-02-30");
        }
        other => panic!("expected a bad date on line 3, got {other:?}"),
    }
}

#[test]
fn a_bad_time_or_short_row_refuses_the_file() {
    let bad_time = "year,date,weekday,time,mood,activities,note\n2018,May 1,Tuesday,25:61,good,,\n";
    let err = preview(bad_time.as_bytes(), plus_one()).expect_err("refused");
    assert!(matches!(&err, ImportError::Row { line: 2, problem: Problem::BadTime(t), .. } if t == "25:61"), "{err:?}");
    assert!(err.describe(Lang::Nl).starts_with("regel 2, kolom `time`"), "{}", err.describe(Lang::Nl));

    let short = "year,date,weekday,time,mood,activities,note\n2018,May 1,Tuesday,10:00\n";
    let err = preview(short.as_bytes(), plus_one()).expect_err("refused");
    assert!(
        matches!(err, ImportError::Row { line: 2, problem: Problem::FieldCount { expected: 7, found: 4 }, .. }),
        "{err:?}"
    );
}

#[test]
fn other_files_are_not_taken_for_daylio() {
    let err = preview(b"date;neck;anxiety\n2024-01-01;3;4\n", plus_one()).expect_err("refused");
    assert!(matches!(err, ImportError::UnknownLayout { .. }), "{err:?}");
    let err =
        preview(b"full_date,date,weekday,time,mood,activities,note_title,note\n", plus_one()).expect_err("refused");
    assert!(matches!(err, ImportError::NoEntries), "{err:?}");
}

#[test]
fn a_bom_before_the_header_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(OLD);
    assert_eq!(preview(&bytes, plus_one()).expect("imports").entries.len(), 4);
}
