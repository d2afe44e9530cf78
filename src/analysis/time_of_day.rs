//! Mean tension by part of the day and by weekday, on the person's local clock.

use chrono::{Datelike, Timelike};
use serde::Serialize;

use super::common::{DateRange, LevelAcc, RegionLevels};
use crate::model::Entry;

pub use crate::model::dates::PartOfDay;

/// Mean levels per part of the day and per weekday.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeOfDay {
    /// Indexed by [`PartOfDay::index`]; each with its number of check-ins.
    pub by_part: [RegionLevels; 4],
    /// Monday first (index 0) to Sunday (6); each with its number of check-ins.
    pub by_weekday: [RegionLevels; 7],
}

/// Groups the check-ins of `range` by the local hour and weekday of `at`.
pub fn time_of_day(entries: &[Entry], range: DateRange) -> TimeOfDay {
    let mut parts: [LevelAcc; 4] = Default::default();
    let mut days: [LevelAcc; 7] = Default::default();
    for e in entries.iter().filter(|e| range.contains_entry(e)) {
        if let Some(levels) = e.levels() {
            parts[PartOfDay::of_hour(e.at.hour()).index()].add(&levels);
            days[e.at.weekday().num_days_from_monday() as usize].add(&levels);
        }
    }
    TimeOfDay { by_part: parts.each_ref().map(LevelAcc::finish), by_weekday: days.each_ref().map(LevelAcc::finish) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling};
    use crate::model::Region::{Jaw, Neck};

    #[test]
    fn parts_of_day_have_end_exclusive_bounds() {
        assert_eq!(PartOfDay::of_hour(0), PartOfDay::Night);
        assert_eq!(PartOfDay::of_hour(5), PartOfDay::Night);
        assert_eq!(PartOfDay::of_hour(6), PartOfDay::Morning);
        assert_eq!(PartOfDay::of_hour(12), PartOfDay::Afternoon);
        assert_eq!(PartOfDay::of_hour(17), PartOfDay::Afternoon);
        assert_eq!(PartOfDay::of_hour(18), PartOfDay::Evening);
        assert_eq!(PartOfDay::of_hour(23), PartOfDay::Evening);
    }

    #[test]
    fn means_by_part_and_weekday_by_hand() {
        // Hours from Monday 2025-01-06 00:00 local time.
        let entries = vec![
            check_in(8, &[(Neck, 2)]),                // Mon morning
            check_in(20, &[(Neck, 6)]),               // Mon evening
            check_in(24 + 7, &[(Neck, 4), (Jaw, 2)]), // Tue morning
            check_in(24 + 22, &[(Neck, 8)]),          // Tue evening
            check_in(5 * 24 + 13, &[(Neck, 1)]),      // Sat afternoon
            check_in(6 * 24 + 3, &[(Jaw, 1)]),        // Sun night
            feeling(6 * 24 + 20, "calm", 8),          // not a check-in
        ];
        let tod = time_of_day(&entries, DateRange::ALL);
        let m = &tod.by_part[PartOfDay::Morning.index()];
        // Morning: neck (2 + 4) / 2 = 3, jaw (0 + 2) / 2 = 1.
        assert_eq!((m.n, m.mean_of(Neck), m.mean_of(Jaw)), (2, Some(3.0), Some(1.0)));
        let ev = &tod.by_part[PartOfDay::Evening.index()];
        // Evening: neck (6 + 8) / 2 = 7.
        assert_eq!((ev.n, ev.mean_of(Neck)), (2, Some(7.0)));
        assert_eq!(tod.by_part[PartOfDay::Night.index()].mean_of(Jaw), Some(1.0));
        assert_eq!(tod.by_part[PartOfDay::Afternoon.index()].n, 1);

        // Monday: neck (2 + 6) / 2 = 4; Tuesday: (4 + 8) / 2 = 6; Wednesday: no check-ins.
        assert_eq!(tod.by_weekday[0].mean_of(Neck), Some(4.0));
        assert_eq!(tod.by_weekday[1].mean_of(Neck), Some(6.0));
        assert_eq!((tod.by_weekday[2].n, tod.by_weekday[2].mean_of(Neck)), (0, None));
        assert_eq!(tod.by_weekday[5].mean_of(Neck), Some(1.0));
        assert_eq!(tod.by_weekday[6].n, 1);
    }
}
