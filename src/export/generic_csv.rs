//! Import from any CSV file, with a column mapping the person chooses in a preview.
//!
//! 1. [`sniff`] reads the header and a few rows and detects the separator (`,`, `;` or tab), so
//!    the window can show the columns.
//! 2. The person builds a [`ColumnMapping`]: where the date and time are, which columns hold
//!    emotion intensities and which hold tension levels (0–10), and optionally a note and a tags
//!    column.
//! 3. [`preview`] turns the file into an [`ImportPreview`], or refuses it with an error naming the
//!    line and the column (a level outside 0–10, a date it cannot read). Nothing is imported until
//!    the person confirms, and then everything is (all-or-nothing).
//!
//! # Cells
//! - Levels and intensities: whole numbers 0–10 (`7`, also `7.0` or `7,0`); an empty cell means
//!   "not rated". Anything else refuses the file.
//! - Dates without a format hint: `2024-03-31`, `2024/03/31`, and day-first `31-03-2024`,
//!   `31/03/2024`, `31.03.2024` (the European order; give a format hint such as `%m/%d/%Y` for
//!   American files). Date-times: those followed by a time (`2024-03-31 14:05`, `…T14:05:00`), or
//!   RFC 3339 with an offset (`2024-03-31T14:05:00+02:00`, whose own offset is then kept).
//!   Hints are chrono `strftime` formats.
//! - Times: `14:05`, `14:05:30`, `2:05 pm`. A date without a time column is taken at 12:00, which
//!   keeps the entry on the right day whatever the time zone.
//! - Tags: split at `,`, `;` or `|`.
//!
//! Wall-clock times get their offset from an [`OffsetSource`], as in the Daylio import. Rows whose
//! mapped cells are all empty are skipped; exact repeats of an earlier row are skipped. Each entry's
//! uid is derived from the row's content, so importing the same file twice adds nothing new.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::{EmotionRating, Entry, Level, Region, TensionRating};

use super::daylio::parse_time;
use super::files::{
    ImportError, ImportPreview, MappedTo, Mapping, OffsetSource, Problem, SkipReason, Skipped, record_line,
    stable_hash, strip_bom,
};

/// How many data rows [`sniff`] returns for the preview.
pub const SAMPLE_ROWS: usize = 5;

/// The first look at a CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvSheet {
    /// The header row.
    pub headers: Vec<String>,
    /// The first few data rows ([`SAMPLE_ROWS`]).
    pub sample_rows: Vec<Vec<String>>,
    /// The detected separator.
    pub delimiter: u8,
}

fn reader(input: &[u8], delimiter: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(input)
}

/// Detects the separator: the one of `,`, `;` and tab that splits the header into the most
/// columns with every one of the first rows having the same number of fields.
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let input = strip_bom(bytes);
    let mut best = (0usize, b',');
    for delimiter in [b',', b';', b'\t'] {
        let mut records = reader(input, delimiter).into_records();
        let Some(Ok(header)) = records.next() else { continue };
        let width = header.len();
        if width < 2 {
            continue;
        }
        let mut consistent = 0usize;
        let mut total = 0usize;
        for r in records.take(50) {
            let Ok(r) = r else { break };
            total += 1;
            consistent += usize::from(r.len() == width);
        }
        // Consistency first, then the number of columns.
        let score = (consistent * 1000).checked_div(total).unwrap_or(1000) * 1000 + width;
        if score > best.0 {
            best = (score, delimiter);
        }
    }
    best.1
}

/// Reads the header and the first rows, detecting the separator.
pub fn sniff(bytes: &[u8]) -> Result<CsvSheet, ImportError> {
    let delimiter = detect_delimiter(bytes);
    let mut records = reader(strip_bom(bytes), delimiter).into_records();
    let headers: Vec<String> = match records.next() {
        Some(h) => h?.iter().map(|s| s.trim().to_owned()).collect(),
        None => return Err(ImportError::NoEntries),
    };
    let mut sample_rows = Vec::new();
    for r in records.take(SAMPLE_ROWS) {
        sample_rows.push(r?.iter().map(str::to_owned).collect());
    }
    Ok(CsvSheet { headers, sample_rows, delimiter })
}

/// Where the date and time of each row are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhenColumns {
    /// One column with date and time, with an optional chrono format (`%d-%m-%Y %H:%M`).
    DateTime {
        /// Column index (0-based).
        column: usize,
        /// Format hint; `None` tries the formats in the [module docs](self).
        format: Option<String>,
    },
    /// A date column and an optional time column (without one, entries are at 12:00).
    DateAndTime {
        /// Date column index.
        date: usize,
        /// Date format hint.
        date_format: Option<String>,
        /// Time column index.
        time: Option<usize>,
        /// Time format hint.
        time_format: Option<String>,
    },
}

/// Which column means what. Column numbers are 0-based indexes into [`CsvSheet::headers`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The separator; `None` detects it.
    pub delimiter: Option<u8>,
    /// Date and time.
    pub when: WhenColumns,
    /// Columns holding an emotion's intensity (0–10), with the emotion code they stand for.
    pub emotions: Vec<(usize, String)>,
    /// Columns holding a region's tension level (0–10).
    pub tensions: Vec<(usize, Region)>,
    /// The note column.
    pub note: Option<usize>,
    /// The tags column.
    pub tags: Option<usize>,
}

impl ColumnMapping {
    fn when_columns(&self) -> Vec<usize> {
        match &self.when {
            WhenColumns::DateTime { column, .. } => vec![*column],
            WhenColumns::DateAndTime { date, time, .. } => std::iter::once(*date).chain(*time).collect(),
        }
    }

    fn columns(&self) -> Vec<usize> {
        let mut cols = self.when_columns();
        cols.extend(self.emotions.iter().map(|e| e.0));
        cols.extend(self.tensions.iter().map(|t| t.0));
        cols.extend(self.note);
        cols.extend(self.tags);
        cols
    }
}

/// Parses a level cell: empty → `None`; `7`, `7.0`, `7,0` → 7; anything else is an error.
pub fn parse_level(cell: &str) -> Result<Option<Level>, Problem> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || Problem::BadLevel(s.to_owned());
    let whole = match s.split_once(['.', ',']) {
        Some((int, frac)) if !frac.is_empty() && frac.chars().all(|c| c == '0') => int,
        Some(_) => return Err(bad()),
        None => s,
    };
    let v: i64 = whole.parse().map_err(|_| bad())?;
    Level::try_from(v).map(Some).map_err(|_| bad())
}

const DATE_FORMATS: [&str; 5] = ["%Y-%m-%d", "%Y/%m/%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"];

fn parse_date(s: &str, hint: Option<&str>) -> Option<NaiveDate> {
    let s = s.trim();
    match hint {
        Some(f) => NaiveDate::parse_from_str(s, f).ok(),
        None => DATE_FORMATS.iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok()),
    }
}

fn parse_clock(s: &str, hint: Option<&str>) -> Option<NaiveTime> {
    match hint {
        Some(f) => NaiveTime::parse_from_str(s.trim(), f).ok(),
        None => parse_time(s),
    }
}

/// A date-time cell: with an offset of its own (RFC 3339, or a hint with `%z`) or a wall-clock
/// time.
fn parse_date_time(s: &str, hint: Option<&str>) -> Option<Result<DateTime<FixedOffset>, NaiveDateTime>> {
    let s = s.trim();
    if let Some(f) = hint {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(Ok(t));
        }
        return NaiveDateTime::parse_from_str(s, f).ok().map(Err);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(Ok(t));
    }
    let (date, time) = s.split_once(['T', ' '])?;
    Some(Err(NaiveDateTime::new(parse_date(date, None)?, parse_time(time)?)))
}

/// Reads the file with `mapping` into a preview of the entries it would add.
pub fn preview(bytes: &[u8], mapping: &ColumnMapping, offsets: OffsetSource) -> Result<ImportPreview, ImportError> {
    let input = strip_bom(bytes);
    let delimiter = mapping.delimiter.unwrap_or_else(|| detect_delimiter(input));
    let mut records = reader(input, delimiter).into_records();
    let headers: Vec<String> = match records.next() {
        Some(h) => h?.iter().map(|s| s.trim().to_owned()).collect(),
        None => return Err(ImportError::NoEntries),
    };
    if let Some(&index) = mapping.columns().iter().find(|&&c| c >= headers.len()) {
        return Err(ImportError::NoSuchColumn { index, count: headers.len() });
    }
    let when_columns = mapping.when_columns();
    let content_columns: Vec<usize> = mapping.columns().into_iter().filter(|c| !when_columns.contains(c)).collect();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut preview = ImportPreview::default();

    for record in records {
        let record = record?;
        let line = record_line(input, &record);
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let err =
            |column: usize, problem: Problem| ImportError::Row { line, column: headers.get(column).cloned(), problem };
        if content_columns.iter().all(|&c| cell(c).trim().is_empty()) {
            preview.skipped.push(Skipped { line, reason: SkipReason::EmptyRow });
            continue;
        }

        let at = match &mapping.when {
            WhenColumns::DateTime { column, format } => match parse_date_time(cell(*column), format.as_deref()) {
                Some(Ok(t)) => t,
                Some(Err(local)) => offsets.resolve(local),
                None => return Err(err(*column, Problem::BadDate(cell(*column).to_owned()))),
            },
            WhenColumns::DateAndTime { date, date_format, time, time_format } => {
                let d = parse_date(cell(*date), date_format.as_deref())
                    .ok_or_else(|| err(*date, Problem::BadDate(cell(*date).to_owned())))?;
                let t = match time {
                    Some(tc) => parse_clock(cell(*tc), time_format.as_deref())
                        .ok_or_else(|| err(*tc, Problem::BadTime(cell(*tc).to_owned())))?,
                    None => NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists"),
                };
                offsets.resolve(NaiveDateTime::new(d, t))
            }
        };

        let fields: Vec<&str> = record.iter().collect();
        let uid = format!("csv-{}-{:016x}", at.naive_local().format("%Y%m%d-%H%M"), stable_hash(&fields));
        if let Some(&of_line) = seen.get(&uid) {
            preview.skipped.push(Skipped { line, reason: SkipReason::Duplicate { of_line } });
            continue;
        }
        seen.insert(uid.clone(), line);

        let mut entry = Entry::new(at);
        entry.uid = uid;
        for (column, code) in &mapping.emotions {
            if let Some(intensity) = parse_level(cell(*column)).map_err(|p| err(*column, p))? {
                entry.emotions.push(EmotionRating { code: code.clone(), intensity });
                *counts.entry(*column).or_default() += 1;
            }
        }
        for (column, region) in &mapping.tensions {
            if let Some(level) = parse_level(cell(*column)).map_err(|p| err(*column, p))? {
                entry.tensions.push(TensionRating { region: *region, level });
                *counts.entry(*column).or_default() += 1;
            }
        }
        if let Some(column) = mapping.note {
            entry.note = cell(column).trim().replace("\r\n", "\n");
            if !entry.note.is_empty() {
                *counts.entry(column).or_default() += 1;
            }
        }
        if let Some(column) = mapping.tags {
            entry.tags = cell(column)
                .split([',', ';', '|'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            if !entry.tags.is_empty() {
                *counts.entry(column).or_default() += 1;
            }
        }
        entry.normalize();
        entry.validate().map_err(|e| ImportError::Row { line, column: None, problem: Problem::Invalid(e) })?;
        preview.entries.push(entry);
    }
    if preview.entries.is_empty() && preview.skipped.is_empty() {
        return Err(ImportError::NoEntries);
    }

    let mut mappings = Vec::new();
    let n = preview.entries.len();
    for c in when_columns {
        mappings.push(Mapping { from: headers[c].clone(), to: MappedTo::When, count: n });
    }
    let count = |c: usize| counts.get(&c).copied().unwrap_or(0);
    for (c, code) in &mapping.emotions {
        mappings.push(Mapping {
            from: headers[*c].clone(),
            to: MappedTo::Emotion { code: code.clone(), intensity: None },
            count: count(*c),
        });
    }
    for (c, region) in &mapping.tensions {
        mappings.push(Mapping { from: headers[*c].clone(), to: MappedTo::Tension(*region), count: count(*c) });
    }
    if let Some(c) = mapping.note {
        mappings.push(Mapping { from: headers[c].clone(), to: MappedTo::Note, count: count(c) });
    }
    if let Some(c) = mapping.tags {
        mappings.push(Mapping { from: headers[c].clone(), to: MappedTo::Tag, count: count(c) });
    }
    preview.mappings = mappings;
    Ok(preview)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(parse_level(""), Ok(None));
        assert_eq!(parse_level(" 7 "), Ok(Level::new(7)));
        assert_eq!(parse_level("7,0"), Ok(Level::new(7)));
        assert_eq!(parse_level("10.00"), Ok(Level::new(10)));
        assert_eq!(parse_level("7.5"), Err(Problem::BadLevel("7.5".into())));
        assert_eq!(parse_level("11"), Err(Problem::BadLevel("11".into())));
        assert_eq!(parse_level("-1"), Err(Problem::BadLevel("-1".into())));
        assert_eq!(parse_level("x"), Err(Problem::BadLevel("x".into())));
    }

    #[test]
    fn dates_day_first_and_iso() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5);
        assert_eq!(parse_date("2024-03-05", None), d);
        assert_eq!(parse_date("05-03-2024", None), d);
        assert_eq!(parse_date("05/03/2024", None), d);
        assert_eq!(parse_date("03/05/2024", Some("%m/%d/%Y")), d);
        assert_eq!(parse_date("2024-13-05", None), None);
    }
}
