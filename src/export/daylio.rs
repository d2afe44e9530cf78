//! Import from Daylio's CSV export.
//!
//! # Layouts
//! Both layouts Daylio has used are recognised by their header:
//! - older, 7 columns: `year,date,weekday,time,mood,activities,note`, where `date` is a day and
//!   month such as `May 14` (or `14 May`, `14 mei`);
//! - newer, 8 columns: `full_date,date,weekday,time,mood,activities,note_title,note`, where
//!   `full_date` is `2023-05-14`.
//!
//! Times are 12-hour (`11:54 pm`, `9:05 AM`, `12:10 a.m.`) or 24-hour (`23:54`). Daylio stores
//! wall-clock times without a UTC offset; the offset comes from an [`OffsetSource`] (by default this
//! machine's time zone at that date, so summer and winter time are told apart).
//!
//! # What maps to what
//! | Daylio | Feltsense |
//! |---|---|
//! | mood `rad` | emotion joy, intensity 8 |
//! | mood `good` | emotion joy, intensity 5 |
//! | mood `meh` | no emotion (a neutral day is not an emotion) |
//! | mood `bad` | emotion sadness, intensity 6 |
//! | mood `awful` | emotion sadness, intensity 8 |
//! | a custom mood whose name is a built-in emotion's code or English/Dutch name (`Angst`, `calm`) | that emotion, intensity 5 |
//! | any other custom mood | a custom emotion with that name, intensity 5 (flagged in the preview) |
//! | activities `a \| b` | tags `a`, `b` |
//! | `note_title` and `note` | the note: the title, an empty line, then the note |
//!
//! Daylio's moods say how the day felt overall, not which emotion was felt; "good" is mapped to a
//! mild joy rather than to calm because Daylio's scale is about pleasantness. Nothing is invented
//! for the body: imported entries have no tension ratings, so they are not check-ins and do not
//! change any tension average.
//!
//! Notes may contain Daylio's HTML: `<br>` and paragraph ends become line breaks, other tags are
//! removed and `&amp;`-style entities decoded.
//!
//! # What is skipped, and what refuses the file
//! Imports are all-or-nothing. Empty rows and exact repeats of an earlier row are skipped and listed
//! in the preview. A row whose date or time cannot be read, or that has the wrong number of fields,
//! refuses the whole file with an [`ImportError::Row`] naming the line: dropping it silently would
//! lose a day of history, and guessing would invent one.
//!
//! # Identity
//! Each entry's uid is `daylio-<date>-<time>-<hash>` with a stable hash of the row, so importing
//! the same file again produces the same uids and the journal can recognise entries it already has.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::{BUILTIN_EMOTIONS, EmotionRating, Entry, Level};

use super::files::{
    ImportError, ImportPreview, MappedTo, Mapping, OffsetSource, Problem, SkipReason, Skipped, record_line,
    stable_hash, strip_bom,
};

/// Which of Daylio's two CSV layouts a file uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `year,date,weekday,time,mood,activities,note`.
    Old,
    /// `full_date,date,weekday,time,mood,activities,note_title,note`.
    New,
}

impl Layout {
    fn columns(self) -> usize {
        match self {
            Layout::Old => 7,
            Layout::New => 8,
        }
    }
}

/// What a mood label becomes (see the table in the [module docs](self)).
pub fn map_mood(label: &str) -> MappedTo {
    let label = label.trim();
    let lower = label.to_lowercase();
    let builtin = |code: &str, v: u8| MappedTo::Emotion {
        code: code.to_owned(),
        intensity: Some(Level::new(v).expect("mood intensities are at most 10")),
    };
    match lower.as_str() {
        "" | "meh" => MappedTo::NoEmotion,
        "rad" => builtin("joy", 8),
        "good" => builtin("joy", 5),
        "bad" => builtin("sadness", 6),
        "awful" => builtin("sadness", 8),
        _ => {
            let known = BUILTIN_EMOTIONS
                .iter()
                .find(|e| e.code == lower || e.en.to_lowercase() == lower || e.nl.to_lowercase() == lower);
            match known {
                Some(e) => builtin(e.code, 5),
                None => {
                    MappedTo::CustomEmotion { code: label.to_owned(), intensity: Level::new(5).expect("5 is a level") }
                }
            }
        }
    }
}

/// Parses a time as Daylio writes it: `11:54 pm`, `9:05 AM`, `12:10 a.m.`, `23:54`, `23.54`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = compact.strip_suffix("am").or(compact.strip_suffix("a.m.")) {
        (c, Some(false))
    } else if let Some(c) = compact.strip_suffix("pm").or(compact.strip_suffix("p.m.")) {
        (c, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let mut parts = clock.split([':', '.']);
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let second: u32 = match parts.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let hour = match pm {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["january", "jan", "januari"],
        &["february", "feb", "februari"],
        &["march", "mar", "maart", "mrt"],
        &["april", "apr"],
        &["may", "mei"],
        &["june", "jun", "juni"],
        &["july", "jul", "juli"],
        &["august", "aug", "augustus"],
        &["september", "sep", "sept"],
        &["october", "oct", "oktober", "okt"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    let name = name.to_lowercase();
    MONTHS.iter().position(|names| names.contains(&name.as_str())).map(|i| i as u32 + 1)
}

/// Parses the old layout's day and month (`May 14`, `14 May`, `14 mei`, `Mar. 3`) in `year`.
pub fn parse_day_month(year: i32, s: &str) -> Option<NaiveDate> {
    let mut day = None;
    let mut month = None;
    for token in s.split(|c: char| c.is_whitespace() || c == '.' || c == ',').filter(|t| !t.is_empty()) {
        if let Ok(d) = token.parse::<u32>() {
            if day.replace(d).is_some() {
                return None;
            }
        } else if let Some(m) = month_number(token) {
            if month.replace(m).is_some() {
                return None;
            }
        } else {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(year, month?, day?)
}

/// Turns a Daylio note (which may contain `<br>`, `<p>`, `<b>`... and HTML entities) into plain
/// text with line breaks.
pub fn note_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let tag_end = rest.find('>');
            let tag = tag_end.map(|end| rest[1..end].trim().to_ascii_lowercase());
            let name = tag.as_deref().map(|t| {
                t.trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            });
            const KNOWN: [&str; 14] =
                ["br", "p", "div", "b", "i", "u", "s", "strong", "em", "span", "ul", "ol", "li", "strike"];
            match (tag_end, tag, name) {
                (Some(end), Some(tag), Some(name)) if KNOWN.contains(&name.as_str()) => {
                    let closing = tag.starts_with('/');
                    if name == "br" || (closing && matches!(name.as_str(), "p" | "div" | "li")) {
                        out.push('\n');
                    } else if name == "li" && !closing {
                        out.push_str("• ");
                    }
                    rest = &rest[end + 1..];
                }
                _ => {
                    // Not a tag ("I <3 this"): keep the character.
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            const ENTITIES: [(&str, &str); 7] = [
                ("&amp;", "&"),
                ("&lt;", "<"),
                ("&gt;", ">"),
                ("&quot;", "\""),
                ("&#39;", "'"),
                ("&apos;", "'"),
                ("&nbsp;", " "),
            ];
            match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, text)) => {
                    out.push_str(text);
                    rest = &rest[e.len()..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("\r\n", "\n").replace('\r', "\n");
    let cleaned: String = out.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    // Trim trailing spaces on each line and drop runs of more than one empty line.
    let mut text = String::with_capacity(cleaned.len());
    let mut blank_run = 0;
    for line in cleaned.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
    text
}

/// Recognises the layout from the header row.
pub fn detect_layout(header: &[&str]) -> Option<Layout> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let expect_old = ["year", "date", "weekday", "time", "mood", "activities", "note"];
    let expect_new = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"];
    if names.iter().map(String::as_str).eq(expect_new) {
        Some(Layout::New)
    } else if names.iter().map(String::as_str).eq(expect_old) {
        Some(Layout::Old)
    } else {
        None
    }
}

#[derive(Default)]
struct MappingTally {
    order: Vec<(String, MappedTo)>,
    counts: HashMap<(String, bool), (usize, usize)>,
}

impl MappingTally {
    fn add(&mut self, from: &str, to: MappedTo, is_tag: bool) {
        let key = (from.to_owned(), is_tag);
        match self.counts.get_mut(&key) {
            Some((_, n)) => *n += 1,
            None => {
                self.counts.insert(key, (self.order.len(), 1));
                self.order.push((from.to_owned(), to));
            }
        }
    }

    fn finish(self) -> Vec<Mapping> {
        let mut out: Vec<(usize, Mapping)> = Vec::with_capacity(self.order.len());
        for (from, to) in self.order {
            let is_tag = to == MappedTo::Tag;
            let (first, count) = self.counts.get(&(from.clone(), is_tag)).copied().unwrap_or((0, 0));
            out.push((first, Mapping { from, to, count }));
        }
        // Moods first (they matter most), then tags; most frequent first; then first seen.
        out.sort_by(|(ia, a), (ib, b)| {
            (a.to == MappedTo::Tag).cmp(&(b.to == MappedTo::Tag)).then(b.count.cmp(&a.count)).then(ia.cmp(ib))
        });
        out.into_iter().map(|(_, m)| m).collect()
    }
}

/// Reads a Daylio CSV export into a preview of the entries it would add.
///
/// Errors name the line: see the [module docs](self) for what is skipped and what refuses the file.
pub fn preview(bytes: &[u8], offsets: OffsetSource) -> Result<ImportPreview, ImportError> {
    let input = strip_bom(bytes);
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut records = reader.records();
    let header = match records.next() {
        Some(h) => h?,
        None => return Err(ImportError::NoEntries),
    };
    let header_fields: Vec<&str> = header.iter().collect();
    let layout = detect_layout(&header_fields)
        .ok_or_else(|| ImportError::UnknownLayout { expected: "Daylio CSV export", found: header_fields.join(",") })?;

    let mut preview = ImportPreview::default();
    let mut tally = MappingTally::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in records {
        let record = record?;
        let line = record_line(input, &record);
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            preview.skipped.push(Skipped { line, reason: SkipReason::EmptyRow });
            continue;
        }
        let n = layout.columns();
        if fields.len() < n || fields[n..].iter().any(|f| !f.trim().is_empty()) {
            return Err(ImportError::Row {
                line,
                column: None,
                problem: Problem::FieldCount { expected: n, found: fields.len() },
            });
        }
        let row_error =
            |column: &str, problem: Problem| ImportError::Row { line, column: Some(column.to_owned()), problem };
        let date = match layout {
            Layout::New => NaiveDate::parse_from_str(fields[0].trim(), "%Y-%m-%d")
                .map_err(|_| row_error("full_date", Problem::BadDate(fields[0].to_owned())))?,
            Layout::Old => fields[0]
                .trim()
                .parse::<i32>()
                .ok()
                .and_then(|year| parse_day_month(year, fields[1]))
                .ok_or_else(|| row_error("date", Problem::BadDate(format!("{} {}", fields[1], fields[0]))))?,
        };
        let time = parse_time(fields[3]).ok_or_else(|| row_error("time", Problem::BadTime(fields[3].to_owned())))?;
        let local = NaiveDateTime::new(date, time);

        let uid = format!("daylio-{}-{:016x}", local.format("%Y%m%d-%H%M"), stable_hash(&fields[..n]));
        if let Some(&of_line) = seen.get(&uid) {
            preview.skipped.push(Skipped { line, reason: SkipReason::Duplicate { of_line } });
            continue;
        }
        seen.insert(uid.clone(), line);

        let mut entry = Entry::new(offsets.resolve(local));
        entry.uid = uid;
        let mood = fields[4].trim();
        let mapped = map_mood(mood);
        match &mapped {
            MappedTo::Emotion { code, intensity: Some(intensity) } | MappedTo::CustomEmotion { code, intensity } => {
                entry.emotions.push(EmotionRating { code: code.clone(), intensity: *intensity });
            }
            _ => {}
        }
        if !mood.is_empty() {
            tally.add(mood, mapped, false);
        }
        for activity in fields[5].split('|').map(str::trim).filter(|a| !a.is_empty()) {
            entry.tags.push(activity.to_owned());
            tally.add(activity, MappedTo::Tag, true);
        }
        let (title, body) = match layout {
            Layout::New => (note_to_text(fields[6]), note_to_text(fields[7])),
            Layout::Old => (String::new(), note_to_text(fields[6])),
        };
        entry.note = match (title.is_empty(), body.is_empty()) {
            (false, false) => format!("{title}\n\n{body}"),
            (false, true) => title,
            _ => body,
        };
        entry.normalize();
        entry.validate().map_err(|e| ImportError::Row { line, column: None, problem: Problem::Invalid(e) })?;
        preview.entries.push(entry);
    }
    if preview.entries.is_empty() {
        return Err(ImportError::NoEntries);
    }
    preview.mappings = tally.finish();
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_both_clocks() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("11:54 pm"), t(23, 54));
        assert_eq!(parse_time("11:54 PM"), t(23, 54));
        assert_eq!(parse_time("12:10 am"), t(0, 10));
        assert_eq!(parse_time("12:10 p.m."), t(12, 10));
        assert_eq!(parse_time("9:05 am"), t(9, 5));
        assert_eq!(parse_time("23:54"), t(23, 54));
        assert_eq!(parse_time("07.30"), t(7, 30));
        assert_eq!(parse_time("13:00 pm"), None);
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("noon"), None);
    }

    #[test]
    fn day_month_in_english_and_dutch() {
        let d = |m, day| NaiveDate::from_ymd_opt(2018, m, day);
        assert_eq!(parse_day_month(2018, "May 14"), d(5, 14));
        assert_eq!(parse_day_month(2018, "14 mei"), d(5, 14));
        assert_eq!(parse_day_month(2018, "Mar. 3"), d(3, 3));
        assert_eq!(parse_day_month(2018, "3 okt"), d(10, 3));
        assert_eq!(parse_day_month(2018, "Feb 30"), None);
        assert_eq!(parse_day_month(2018, "May"), None);
        assert_eq!(parse_day_month(2018, "14 15 May"), None);
    }

    #[test]
    fn notes_lose_html_but_keep_lines() {
        assert_eq!(note_to_text("one<br>two<br/>three<br />four"), "one\ntwo\nthree\nfour");
        assert_eq!(note_to_text("<p>A &amp; B</p><p><b>C</b></p>"), "A & B\nC");
        assert_eq!(note_to_text("I <3 my dog"), "I <3 my dog");
        assert_eq!(note_to_text("a&nbsp;b &x"), "a b &x");
        assert_eq!(note_to_text("x<br><br><br><br>y"), "x\n\ny");
    }

    #[test]
    fn moods_map_as_documented() {
        let e = |code: &str, v: u8| MappedTo::Emotion { code: code.into(), intensity: Level::new(v) };
        assert_eq!(map_mood("rad"), e("joy", 8));
        assert_eq!(map_mood("Good"), e("joy", 5));
        assert_eq!(map_mood("meh"), MappedTo::NoEmotion);
        assert_eq!(map_mood("bad"), e("sadness", 6));
        assert_eq!(map_mood("awful"), e("sadness", 8));
        assert_eq!(map_mood("Angst"), e("anxiety", 5));
        assert_eq!(
            map_mood("moe maar voldaan"),
            MappedTo::CustomEmotion { code: "moe maar voldaan".into(), intensity: Level::new(5).expect("5") }
        );
    }
}
