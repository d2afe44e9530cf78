//! `list --format json` streams the journal page by page; the file is the same, byte for byte, as
//! the one written from the whole list at once.

mod common;

use chrono::{DateTime, Duration};
use feltsense::export::json::{self, JsonStream};
use feltsense::store::{EntryFilter, Store};

/// A journal with several entries in the same second (with and without fractions of a second,
/// and uids that sort against their row order), one before 1970, and a filter-worthy note.
fn journal() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("journal.sqlite")).expect("open");
    let base = common::at(0);
    let mut entries = Vec::new();
    for (i, (shift_ms, uid)) in
        [(0, "z"), (0, "a"), (500, "m"), (250, "b"), (1000, "c"), (1000, "a2"), (3_600_000, "later")].iter().enumerate()
    {
        let mut e = common::entry(i as i64, 3, "stress");
        e.at = base + Duration::milliseconds(*shift_ms);
        e.uid = (*uid).to_owned();
        e.note = format!("line one\nline \"two\" {i}");
        entries.push(e);
    }
    let mut old = common::entry(0, 5, "anger");
    old.at = DateTime::parse_from_rfc3339("1969-07-20T20:17:40.5-05:00").expect("time");
    old.uid = "moon".into();
    entries.push(old);
    for e in &entries {
        s.insert(e).expect("insert");
    }
    (dir, s)
}

fn streamed(s: &Store, filter: &EntryFilter, page: usize) -> String {
    let mut out = Vec::new();
    let mut stream = JsonStream::new(&mut out).expect("start");
    s.for_each_page_chronological::<anyhow::Error>(filter, page, |entries| Ok(stream.page(entries)?)).expect("stream");
    let n = stream.finish().expect("finish");
    let text = String::from_utf8(out).expect("utf-8");
    assert_eq!(n, s.list_chronological(filter).expect("list").len());
    text
}

#[test]
fn streamed_json_is_the_written_json_at_every_page_size() {
    let (_dir, s) = journal();
    for filter in [
        EntryFilter::default(),
        EntryFilter { text: Some("two\" 3".into()), ..EntryFilter::default() },
        EntryFilter { from: Some(common::at(0).date_naive()), ..EntryFilter::default() },
        EntryFilter { text: Some("nothing matches this".into()), ..EntryFilter::default() },
    ] {
        let whole = json::to_string(&s.list_chronological(&filter).expect("list"));
        for page in [1, 2, 3, 7, 1000] {
            assert_eq!(streamed(&s, &filter, page), whole, "page size {page}, {filter:?}");
        }
        assert_eq!(json::parse(whole.as_bytes()).expect("parses").len(), s.list(&filter).expect("list").len());
    }
}
