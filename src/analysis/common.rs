//! Small helpers shared by the analyses: date ranges, local dates and weeks, per-region level
//! accumulators, means, and number formatting.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{Entry, Lang, Region, dates};

/// An inclusive range of local calendar dates; `None` on either side means "unbounded".
///
/// An entry belongs to the range when the local date of its `at` (the date on the person's clock
/// when it was logged) lies in the range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    /// First date included, or `None` for "from the start of the journal".
    pub from: Option<NaiveDate>,
    /// Last date included, or `None` for "up to the end of the journal".
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// The whole journal.
    pub const ALL: DateRange = DateRange { from: None, to: None };

    /// The dates from `from` to `to`, both included.
    pub fn new(from: NaiveDate, to: NaiveDate) -> DateRange {
        DateRange { from: Some(from), to: Some(to) }
    }

    /// The `days` days ending on `end` (included); `days == 0` is treated as 1. Near the start
    /// of the calendar the range starts at its first day.
    pub fn last_days(end: NaiveDate, days: u32) -> DateRange {
        DateRange::new(dates::period_start(end, i64::from(days)).unwrap_or(NaiveDate::MIN), end)
    }

    /// The period of the same length that ends the day before this one starts; `None` when
    /// either side is open or it would start before the calendar does.
    pub fn previous(&self) -> Option<DateRange> {
        let (from, to) = (self.from?, self.to?);
        let len = (to - from).num_days() + 1;
        let end = from.pred_opt()?;
        Some(DateRange::new(dates::period_start(end, len)?, end))
    }

    /// True when `date` lies in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }

    /// True when the entry's local date lies in the range.
    pub fn contains_entry(&self, entry: &Entry) -> bool {
        self.contains(local_date(entry))
    }
}

/// The local calendar date of an entry: the date on the person's clock when it was logged.
pub fn local_date(entry: &Entry) -> NaiveDate {
    entry.at.date_naive()
}

/// The Monday that starts the ISO week containing `date` (the calendar's first day when that
/// Monday would lie before it).
pub fn week_monday(date: NaiveDate) -> NaiveDate {
    dates::days_before(date, i64::from(date.weekday().num_days_from_monday())).unwrap_or(NaiveDate::MIN)
}

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
/// A practice's "after" check-in must come within this many hours of it (the practices report
/// and the relief comparison both use it).
pub const AFTER_WITHIN_HOURS: i64 = 3;

const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Days since 1970-01-01 (negative before it): a plain number for plot axes.
pub fn days_since_epoch(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

/// The arithmetic mean, or `None` for no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.into_iter().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Mean and maximum level per region over a set of check-ins.
///
/// Every check-in contributes a level for every region (unrated regions count as 0), so `n` is the
/// same for all regions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionLevels {
    /// Number of check-ins summarised.
    pub n: usize,
    /// Mean level per region, indexed by [`Region::index`]; `None` when `n == 0`.
    pub mean: [Option<f64>; Region::COUNT],
    /// Highest level per region, indexed by [`Region::index`]; `None` when `n == 0`.
    pub max: [Option<u8>; Region::COUNT],
}

impl RegionLevels {
    /// The summary of no check-ins at all.
    pub const EMPTY: RegionLevels = RegionLevels { n: 0, mean: [None; Region::COUNT], max: [None; Region::COUNT] };

    /// The mean level of `region`, or `None` without check-ins.
    pub fn mean_of(&self, region: Region) -> Option<f64> {
        self.mean[region.index()]
    }

    /// The highest level of `region`, or `None` without check-ins.
    pub fn max_of(&self, region: Region) -> Option<u8> {
        self.max[region.index()]
    }
}

/// Accumulates check-in levels into a [`RegionLevels`].
#[derive(Clone, Debug, Default)]
pub(crate) struct LevelAcc {
    n: usize,
    sum: [u64; Region::COUNT],
    max: [u8; Region::COUNT],
}

impl LevelAcc {
    /// Adds one check-in's levels.
    pub(crate) fn add(&mut self, levels: &[u8; Region::COUNT]) {
        self.n += 1;
        for (i, &v) in levels.iter().enumerate() {
            self.sum[i] += u64::from(v);
            self.max[i] = self.max[i].max(v);
        }
    }

    /// Adds the entry when it is a check-in; ignores it otherwise.
    pub(crate) fn add_entry(&mut self, entry: &Entry) {
        if let Some(levels) = entry.levels() {
            self.add(&levels);
        }
    }

    /// Number of check-ins added.
    pub(crate) fn n(&self) -> usize {
        self.n
    }

    /// The summary.
    pub(crate) fn finish(&self) -> RegionLevels {
        if self.n == 0 {
            return RegionLevels::EMPTY;
        }
        let n = self.n as f64;
        RegionLevels {
            n: self.n,
            mean: std::array::from_fn(|i| Some(self.sum[i] as f64 / n)),
            max: std::array::from_fn(|i| Some(self.max[i])),
        }
    }
}

/// The order of `entries` by instant (`at` compared in UTC), ties kept in slice order.
/// Cheap when the slice is already sorted.
pub(crate) fn time_order(entries: &[Entry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    if !entries.windows(2).all(|w| w[0].at <= w[1].at) {
        order.sort_by_key(|&i| entries[i].at);
    }
    order
}

/// Formats a number with `decimals` decimals, using a decimal comma in Dutch. Never prints "-0".
/// The one rounding rule of [`crate::model::text::number`].
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    crate::model::text::number(x, decimals, lang)
}

/// Formats a difference with an explicit sign ("+1.5", "−0.3" with a true minus sign, "0.0");
/// see [`crate::model::text::signed`].
pub fn format_signed(x: f64, decimals: usize, lang: Lang) -> String {
    crate::model::text::signed(x, decimals, lang)
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Builders for small hand-made journals.

    use chrono::{DateTime, FixedOffset, TimeZone};

    use crate::model::{Entry, Level, Practice, PracticeKind, Region};

    /// 2025-01-06 (a Monday) at `hour`:00 + `hours_later` hours, at +01:00.
    pub(crate) fn t(hours: i64) -> DateTime<FixedOffset> {
        let base = FixedOffset::east_opt(3600)
            .and_then(|o| o.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).single())
            .expect("valid date");
        base + chrono::Duration::hours(hours)
    }

    /// A check-in at `t(hours)` rating the given regions.
    pub(crate) fn check_in(hours: i64, levels: &[(Region, u8)]) -> Entry {
        let mut e = Entry::new(t(hours));
        e.uid = format!("c{hours}");
        for &(r, v) in levels {
            e.set_tension(r, Level::new(v));
        }
        e
    }

    /// An entry at `t(hours)` with only an emotion.
    pub(crate) fn feeling(hours: i64, code: &str, intensity: u8) -> Entry {
        let mut e = Entry::new(t(hours));
        e.uid = format!("e{hours}");
        e.set_emotion(code, Level::new(intensity));
        e
    }

    /// Adds an emotion to an entry.
    pub(crate) fn with_emotion(mut e: Entry, code: &str, intensity: u8) -> Entry {
        e.set_emotion(code, Level::new(intensity));
        e
    }

    /// Adds a practice to an entry.
    pub(crate) fn with_practice(mut e: Entry, kind: PracticeKind) -> Entry {
        e.practice = Some(Practice { kind, minutes: 2 });
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn ranges_are_inclusive_and_open_ended() {
        let r = DateRange::new(d(2025, 1, 1), d(2025, 1, 31));
        assert!(r.contains(d(2025, 1, 1)));
        assert!(r.contains(d(2025, 1, 31)));
        assert!(!r.contains(d(2025, 2, 1)));
        assert!(!r.contains(d(2024, 12, 31)));
        assert!(DateRange::ALL.contains(d(1900, 1, 1)));
        assert!(DateRange { from: Some(d(2025, 1, 1)), to: None }.contains(d(2099, 1, 1)));
        assert_eq!(DateRange::last_days(d(2025, 1, 31), 7), DateRange::new(d(2025, 1, 25), d(2025, 1, 31)));
        assert_eq!(DateRange::last_days(NaiveDate::MIN, 7), DateRange::new(NaiveDate::MIN, NaiveDate::MIN));
        let jan = DateRange::new(d(2025, 1, 1), d(2025, 1, 31));
        assert_eq!(jan.previous(), Some(DateRange::new(d(2024, 12, 1), d(2024, 12, 31))));
        assert_eq!(DateRange::new(d(-200_000, 1, 1), d(2026, 1, 1)).previous(), None, "before the calendar");
        assert_eq!(DateRange { from: None, to: Some(d(2025, 1, 1)) }.previous(), None);
        assert_eq!(week_monday(NaiveDate::MIN), NaiveDate::MIN);
    }

    #[test]
    fn weeks_start_on_monday_and_days_count_from_1970() {
        // 2025-01-08 is a Wednesday; its week starts on Monday 2025-01-06.
        assert_eq!(week_monday(d(2025, 1, 8)), d(2025, 1, 6));
        assert_eq!(week_monday(d(2025, 1, 6)), d(2025, 1, 6));
        // Sunday 2025-01-12 still belongs to that week.
        assert_eq!(week_monday(d(2025, 1, 12)), d(2025, 1, 6));
        assert_eq!(days_since_epoch(d(1970, 1, 1)), 0);
        assert_eq!(days_since_epoch(d(1970, 2, 1)), 31);
        assert_eq!(days_since_epoch(d(1969, 12, 31)), -1);
    }

    #[test]
    fn local_date_uses_the_persons_clock() {
        use chrono::TimeZone;
        // 23:30 at +02:00 is 21:30 UTC on the same date, but 00:30 at +02:00 is the previous
        // day in UTC; the local date is what counts.
        let at = chrono::FixedOffset::east_opt(7200)
            .and_then(|o| o.with_ymd_and_hms(2025, 6, 2, 0, 30, 0).single())
            .expect("valid");
        let e = Entry::new(at);
        assert_eq!(local_date(&e), d(2025, 6, 2));
    }

    #[test]
    fn level_acc_means_and_maxima() {
        let mut acc = LevelAcc::default();
        assert_eq!(acc.finish(), RegionLevels::EMPTY);
        let mut a = [0u8; Region::COUNT];
        a[Region::Neck.index()] = 4;
        let mut b = [0u8; Region::COUNT];
        b[Region::Neck.index()] = 7;
        b[Region::Jaw.index()] = 3;
        acc.add(&a);
        acc.add(&b);
        let s = acc.finish();
        assert_eq!(s.n, 2);
        assert_eq!(s.mean_of(Region::Neck), Some(5.5));
        assert_eq!(s.mean_of(Region::Jaw), Some(1.5));
        assert_eq!(s.mean_of(Region::Head), Some(0.0));
        assert_eq!(s.max_of(Region::Neck), Some(7));
    }

    #[test]
    fn mean_of_nothing_is_none() {
        assert_eq!(mean([]), None);
        assert_eq!(mean([1.0, 2.0, 6.0]), Some(3.0));
    }

    #[test]
    fn numbers_use_a_decimal_comma_in_dutch() {
        assert_eq!(format_number(3.0625, 1, Lang::En), "3.1");
        assert_eq!(format_number(3.0625, 1, Lang::Nl), "3,1");
        assert_eq!(format_number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(format_signed(1.26, 1, Lang::Nl), "+1,3");
        assert_eq!(format_signed(-0.5, 1, Lang::En), "\u{2212}0.5");
        assert_eq!(format_signed(0.0, 1, Lang::En), "0.0");
    }
}
