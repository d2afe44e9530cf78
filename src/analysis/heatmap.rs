//! The body heat map: each region's mean or maximum level over a period, and "then vs now".
//!
//! # Meaningful change
//! Clinicians treat a change of about 2 points or 30 % on the 0–10 scale as meaningful. Here a
//! change is [`RegionChange::meaningful`] when
//! - `|now − then| ≥ 2` points ([`MEANINGFUL_POINTS`]), or
//! - `then > 0`, `|now − then| / then ≥ 30 %` ([`MEANINGFUL_FRACTION`]) **and** the change is at
//!   least half a point ([`MIN_POINTS_FOR_PERCENT`]), so that a drift from 0.2 to 0.3 on a 0–10
//!   scale (50 %) is not called meaningful.
//!
//! With `then == 0` a percentage is undefined: [`RegionChange::change_percent`] is `None` and only
//! the 2-point rule applies. When either period has no check-ins, nothing is compared.

use serde::Serialize;

use super::common::{DateRange, LevelAcc, RegionLevels};
use crate::model::{Entry, Region};

/// A change of at least this many points is meaningful.
pub const MEANINGFUL_POINTS: f64 = 2.0;
/// A change of at least this fraction of the earlier value is meaningful (with
/// [`MIN_POINTS_FOR_PERCENT`]).
pub const MEANINGFUL_FRACTION: f64 = 0.30;
/// The percentage rule needs a change of at least this many points.
pub const MIN_POINTS_FOR_PERCENT: f64 = 0.5;

/// How a region's levels are summarised over the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Mean over the check-ins (unrated regions count as 0).
    #[default]
    Mean,
    /// Highest level in any check-in.
    Max,
}

/// One region on the heat map.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionValue {
    /// The region.
    pub region: Region,
    /// Mean or maximum level; `None` without check-ins.
    pub value: Option<f64>,
    /// Number of check-ins behind the value.
    pub n: usize,
}

/// Every region's value over one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeatMap {
    /// The period.
    pub range: DateRange,
    /// Mean or maximum.
    pub aggregate: Aggregate,
    /// Number of check-ins in the period.
    pub n_checkins: usize,
    /// One value per region, in [`Region::ALL`] order.
    pub regions: Vec<RegionValue>,
}

impl HeatMap {
    /// The value of one region.
    pub fn value(&self, region: Region) -> Option<f64> {
        self.regions[region.index()].value
    }
}

/// Summarises the check-ins whose local date lies in `range`.
pub fn heat_map(entries: &[Entry], range: DateRange, aggregate: Aggregate) -> HeatMap {
    let mut acc = LevelAcc::default();
    for e in entries.iter().filter(|e| range.contains_entry(e)) {
        acc.add_entry(e);
    }
    let levels = acc.finish();
    from_levels(range, aggregate, &levels)
}

fn from_levels(range: DateRange, aggregate: Aggregate, levels: &RegionLevels) -> HeatMap {
    let regions = Region::ALL
        .iter()
        .map(|&region| RegionValue {
            region,
            value: match aggregate {
                Aggregate::Mean => levels.mean_of(region),
                Aggregate::Max => levels.max_of(region).map(f64::from),
            },
            n: levels.n,
        })
        .collect();
    HeatMap { range, aggregate, n_checkins: levels.n, regions }
}

/// How one region changed between two periods.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionChange {
    /// The region.
    pub region: Region,
    /// Value in the earlier period.
    pub then: Option<f64>,
    /// Value in the later period.
    pub now: Option<f64>,
    /// `now − then` in points; `None` when either is missing.
    pub change_points: Option<f64>,
    /// The change in percent of `then`; `None` when `then` is 0 or missing.
    pub change_percent: Option<f64>,
    /// True for a meaningful change (see the [module docs](self)).
    pub meaningful: bool,
}

impl RegionChange {
    /// Compares two values of one region.
    pub fn new(region: Region, then: Option<f64>, now: Option<f64>) -> RegionChange {
        let change_points = then.zip(now).map(|(a, b)| b - a);
        let change_percent = change_points.zip(then).and_then(|(d, a)| (a > 0.0).then(|| d / a * 100.0));
        let meaningful = change_points.is_some_and(|d| {
            d.abs() >= MEANINGFUL_POINTS
                || (d.abs() >= MIN_POINTS_FOR_PERCENT
                    && change_percent.is_some_and(|p| p.abs() >= MEANINGFUL_FRACTION * 100.0))
        });
        RegionChange { region, then, now, change_points, change_percent, meaningful }
    }
}

/// "Then vs now": both heat maps and the change per region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The earlier period.
    pub then: HeatMap,
    /// The later period.
    pub now: HeatMap,
    /// One change per region, in [`Region::ALL`] order.
    pub changes: Vec<RegionChange>,
}

/// Compares two periods with the same aggregate.
pub fn compare(entries: &[Entry], then: DateRange, now: DateRange, aggregate: Aggregate) -> Comparison {
    let then = heat_map(entries, then, aggregate);
    let now = heat_map(entries, now, aggregate);
    let changes = Region::ALL.iter().map(|&r| RegionChange::new(r, then.value(r), now.value(r))).collect();
    Comparison { then, now, changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, t};
    use crate::model::Region::{Head, Jaw, Neck, UpperBack};

    fn journal() -> Vec<Entry> {
        vec![
            // Week 1 (2025-01-06 ..): neck 2 and 4, jaw 0 and 3.
            check_in(10, &[(Neck, 2)]),
            check_in(34, &[(Neck, 4), (Jaw, 3)]),
            feeling(35, "anxiety", 9),
            // Week 2: neck 7 and 5, jaw 1 and 0, head 0 and 1.
            check_in(7 * 24 + 10, &[(Neck, 7), (Jaw, 1)]),
            check_in(8 * 24 + 10, &[(Neck, 5), (Head, 1)]),
        ]
    }

    fn week(n: i64) -> DateRange {
        let monday = t(n * 7 * 24).date_naive();
        DateRange::new(monday, monday + chrono::Duration::days(6))
    }

    #[test]
    fn mean_and_max_by_hand() {
        let m = heat_map(&journal(), week(0), Aggregate::Mean);
        assert_eq!(m.n_checkins, 2);
        assert_eq!(m.value(Neck), Some(3.0));
        assert_eq!(m.value(Jaw), Some(1.5));
        assert_eq!(m.value(UpperBack), Some(0.0));
        assert_eq!(m.regions[Neck.index()].n, 2);
        let m = heat_map(&journal(), week(0), Aggregate::Max);
        assert_eq!((m.value(Neck), m.value(Jaw)), (Some(4.0), Some(3.0)));
        let empty = heat_map(&journal(), week(5), Aggregate::Mean);
        assert_eq!((empty.n_checkins, empty.value(Neck)), (0, None));
    }

    #[test]
    fn then_vs_now_by_hand() {
        let c = compare(&journal(), week(0), week(1), Aggregate::Mean);
        // Neck 3 → 6: +3 points, +100 %: meaningful.
        let neck = c.changes[Neck.index()];
        assert_eq!(
            (neck.then, neck.now, neck.change_points, neck.change_percent),
            (Some(3.0), Some(6.0), Some(3.0), Some(100.0))
        );
        assert!(neck.meaningful);
        // Jaw 1.5 → 0.5: −1 point, −66.7 %: meaningful by the 30 % rule.
        let jaw = c.changes[Jaw.index()];
        assert_eq!(jaw.change_points, Some(-1.0));
        assert!(jaw.meaningful);
        // Head 0 → 0.5: no percentage with a 0 baseline, and only 0.5 points: not meaningful.
        let head = c.changes[Head.index()];
        assert_eq!((head.change_points, head.change_percent, head.meaningful), (Some(0.5), None, false));
        // Unchanged region.
        assert!(!c.changes[UpperBack.index()].meaningful);
        // No data in one period: nothing to compare.
        let c = compare(&journal(), week(0), week(5), Aggregate::Mean);
        assert!(c.changes.iter().all(|ch| ch.change_points.is_none() && !ch.meaningful));
    }

    #[test]
    fn meaningful_thresholds() {
        let r = Region::Neck;
        // 2 points exactly is meaningful, even from a 0 baseline.
        assert!(RegionChange::new(r, Some(0.0), Some(2.0)).meaningful);
        assert!(!RegionChange::new(r, Some(0.0), Some(1.9)).meaningful);
        // 8 → 6.5 is −1.5 points, −18.75 %: not meaningful.
        assert!(!RegionChange::new(r, Some(8.0), Some(6.5)).meaningful);
        // 2 → 1.4 is −30 % and 0.6 points: meaningful.
        assert!(RegionChange::new(r, Some(2.0), Some(1.4)).meaningful);
        // 0.2 → 0.3 is +50 % but only 0.1 points: not meaningful.
        assert!(!RegionChange::new(r, Some(0.2), Some(0.3)).meaningful);
    }
}
