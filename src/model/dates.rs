//! Calendar dates a person can type, and date arithmetic that never panics.
//!
//! The journal works with the years 1 to 9999 (what RFC 3339, and so the JSON interchange format,
//! can write). A typed date outside them is refused with a [`DateError`] that reads well in both
//! languages, and the helpers here ([`days_before`], [`days_after`], [`weeks_before`]) return
//! `None` instead of overflowing, so even a date that slipped past that check cannot panic.

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Serialize;

use super::Lang;

/// The first year the journal accepts.
pub const FIRST_YEAR: i32 = 1;
/// The last year the journal accepts.
pub const LAST_YEAR: i32 = 9999;

/// Why a typed date is not usable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not a date in the form `2026-11-20`.
    #[error("`{0}` is not a date like 2026-11-20")]
    NotADate(String),
    /// A real date, but outside the years the journal works with.
    #[error("{0} is outside the years {FIRST_YEAR} to {LAST_YEAR}")]
    OutOfRange(NaiveDate),
}

impl DateError {
    /// The message in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (DateError::NotADate(_), Lang::En) => self.to_string(),
            (DateError::NotADate(s), Lang::Nl) => format!("`{s}` is geen datum als 2026-11-20"),
            (DateError::OutOfRange(_), Lang::En) => self.to_string(),
            (DateError::OutOfRange(d), Lang::Nl) => {
                format!("{d} ligt buiten de jaren {FIRST_YEAR} tot en met {LAST_YEAR}")
            }
        }
    }
}

/// True when `date` lies in the years the journal works with.
pub fn in_range(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// `date` when it lies in the years the journal works with.
pub fn check(date: NaiveDate) -> Result<NaiveDate, DateError> {
    if in_range(date) { Ok(date) } else { Err(DateError::OutOfRange(date)) }
}

/// Parses a typed date (`2026-11-20`, surrounding spaces ignored) in the years the journal works
/// with.
pub fn parse(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    // chrono reads signed and longer years too ("-200000-01-01", "+12345-01-01").
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| DateError::NotADate(t.to_owned()))?;
    check(date)
}

/// Parses a typed date that may be left empty (`None`: open-ended).
pub fn parse_optional(text: &str) -> Result<Option<NaiveDate>, DateError> {
    if text.trim().is_empty() { Ok(None) } else { parse(text).map(Some) }
}

/// The date `days` days before `date`, or `None` beyond the calendar's end.
pub fn days_before(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_sub_signed(TimeDelta::try_days(days)?)
}

/// The date `days` days after `date`, or `None` beyond the calendar's end.
pub fn days_after(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(TimeDelta::try_days(days)?)
}

/// The date `weeks` weeks before `date`, or `None` beyond the calendar's end.
pub fn weeks_before(date: NaiveDate, weeks: i64) -> Option<NaiveDate> {
    days_before(date, weeks.checked_mul(7)?)
}

/// The first day of the `days`-day period that ends on `end` (both included); `None` beyond the
/// calendar's end. `days == 0` is treated as 1.
pub fn period_start(end: NaiveDate, days: i64) -> Option<NaiveDate> {
    days_before(end, days.max(1) - 1)
}

/// A quarter of the day on the local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartOfDay {
    /// 00:00–05:59.
    Night,
    /// 06:00–11:59.
    Morning,
    /// 12:00–17:59.
    Afternoon,
    /// 18:00–23:59.
    Evening,
}

impl PartOfDay {
    /// All four, from midnight on.
    pub const ALL: [PartOfDay; 4] = [PartOfDay::Night, PartOfDay::Morning, PartOfDay::Afternoon, PartOfDay::Evening];

    /// The part of the day an hour (0–23) falls in.
    pub fn of_hour(hour: u32) -> PartOfDay {
        match hour {
            0..6 => PartOfDay::Night,
            6..12 => PartOfDay::Morning,
            12..18 => PartOfDay::Afternoon,
            _ => PartOfDay::Evening,
        }
    }

    /// Position in [`PartOfDay::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The part a clock time falls in.
    pub fn of(t: chrono::NaiveTime) -> PartOfDay {
        PartOfDay::of_hour(chrono::Timelike::hour(&t))
    }

    /// Localised "this morning", "this afternoon" and so on.
    pub fn this(self, lang: Lang) -> &'static str {
        match self {
            PartOfDay::Night => lang.pick("tonight", "vannacht"),
            PartOfDay::Morning => lang.pick("this morning", "vanochtend"),
            PartOfDay::Afternoon => lang.pick("this afternoon", "vanmiddag"),
            PartOfDay::Evening => lang.pick("this evening", "vanavond"),
        }
    }

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PartOfDay::Night => lang.pick("Night", "Nacht"),
            PartOfDay::Morning => lang.pick("Morning", "Ochtend"),
            PartOfDay::Afternoon => lang.pick("Afternoon", "Middag"),
            PartOfDay::Evening => lang.pick("Evening", "Avond"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn typed_dates_in_the_journals_years_parse() {
        assert_eq!(parse(" 2026-11-20 "), Ok(d(2026, 11, 20)));
        assert_eq!(parse("0001-01-01"), Ok(d(1, 1, 1)));
        assert_eq!(parse("9999-12-31"), Ok(d(9999, 12, 31)));
        assert_eq!(parse_optional("  "), Ok(None));
    }

    #[test]
    fn impossible_dates_are_explained_in_both_languages() {
        let far = parse("-200000-01-01").expect_err("out of range");
        assert_eq!(far, DateError::OutOfRange(d(-200_000, 1, 1)));
        assert_eq!(far.describe(Lang::En), "-200000-01-01 is outside the years 1 to 9999");
        assert_eq!(far.describe(Lang::Nl), "-200000-01-01 ligt buiten de jaren 1 tot en met 9999");
        assert!(matches!(parse("+12345-01-01"), Err(DateError::OutOfRange(_))));
        assert!(matches!(parse("0000-12-31"), Err(DateError::OutOfRange(_))));
        let bad = parse("2026-02-30").expect_err("no such day");
        assert_eq!(bad.describe(Lang::En), "`2026-02-30` is not a date like 2026-11-20");
        assert_eq!(bad.describe(Lang::Nl), "`2026-02-30` is geen datum als 2026-11-20");
    }

    #[test]
    fn arithmetic_at_the_calendars_ends_gives_none() {
        assert_eq!(days_before(NaiveDate::MIN, 1), None);
        assert_eq!(days_after(NaiveDate::MAX, 1), None);
        assert_eq!(weeks_before(d(2026, 1, 8), i64::MAX), None);
        assert_eq!(days_before(d(2026, 1, 8), i64::MIN), None);
        assert_eq!(period_start(d(2026, 3, 1), 56), Some(d(2026, 1, 5)));
        assert_eq!(period_start(d(2026, 3, 1), 0), Some(d(2026, 3, 1)));
    }

    proptest! {
        #[test]
        fn arithmetic_never_panics(days in i32::MIN..=i32::MAX, shift in any::<i64>()) {
            if let Some(date) = NaiveDate::from_num_days_from_ce_opt(days) {
                let _ = (days_before(date, shift), days_after(date, shift), weeks_before(date, shift));
                let _ = period_start(date, shift);
            }
        }

        #[test]
        fn every_parsed_date_is_in_range(y in -300_000i32..300_000, m in 0u32..14, day in 0u32..33) {
            let text = format!("{y:04}-{m:02}-{day:02}");
            match parse(&text) {
                Ok(date) => prop_assert!(in_range(date)),
                Err(e) => prop_assert!(!e.describe(Lang::Nl).is_empty()),
            }
        }
    }
}
