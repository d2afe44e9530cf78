//! Guided practice sessions: the relief each practice brings, computed from the exact before/after
//! pairs the practice flow saves, and the week strip (which of the last seven days had a check-in,
//! which a practice).
//!
//! # Pairs
//! A session is the set of entries that share a [`SessionLink::id`](crate::model::SessionLink).
//! It forms a **pair** when it has exactly one `before` and exactly one `after` entry and both are
//! check-ins. A session whose before-rating or after-rating was skipped has no pair; a session with
//! a role twice (possible only in hand-edited files) is ambiguous and skipped. The pair's practice
//! is the before entry's (the after entry's when the before entry has none); a pair without any
//! practice is skipped. Sessions stopped early count as well; [`SessionRelief::stopped_early`]
//! says how many of them there were.
//!
//! - **Per region**: over the pairs in which the region was rated (present in the tension list,
//!   even at 0) in the before or the after entry, the mean of `after − before` (an unrated region
//!   counts as 0 in a check-in), with that number of pairs as `n`.
//! - **Overall**: per pair, the mean change over the regions rated in either entry; then the mean
//!   of those over the pairs (each session weighs the same), with `n` = the number of pairs.
//!
//! Negative changes mean relief.
//!
//! These plain changes are descriptive. The headline ([`SessionRelief::adjusted`], per region
//! [`RegionRelief::adjusted`]) compares the same pairs with comparable moments without a practice
//! (same region and level before, same part of the day, the same time apart), with a 95 %
//! interval clustered by day and "not enough data yet" below a minimum: people practise when they
//! are tense, and high tension tends to come down anyway. See [`relief`](super::relief).
//!
//! Unlike [`practices`](super::practices), which has to guess the "after" from the next check-in,
//! this uses only the pairs the person rated on purpose. These are rated again minutes later, so
//! they are compared only in a journal that also has ratings minutes apart without a practice;
//! otherwise the verdict is [`ReliefVerdict::CannotCompare`] and only the plain change is told.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::common::{DateRange, local_date, mean};
use super::relief::{AdjustedEffect, ReliefVerdict};
use crate::model::{Entry, PracticeKind, Region, SessionRole};

/// The mean change in one region after one practice.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionRelief {
    /// The region.
    pub region: Region,
    /// Pairs in which the region was rated before or after.
    pub n: usize,
    /// Mean of `after − before` over those pairs; negative means relief.
    pub change: f64,
    /// The change compared with comparable moments without a practice.
    pub adjusted: AdjustedEffect,
}

/// What one kind of practice did, over all its before/after pairs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionRelief {
    /// The practice.
    pub kind: PracticeKind,
    /// Number of pairs.
    pub n: usize,
    /// How many of those pairs come from a practice stopped early.
    pub stopped_early: usize,
    /// Mean over the pairs of each pair's mean change in the regions rated in it; negative means
    /// relief.
    pub overall: f64,
    /// The change compared with comparable moments without a practice (the headline).
    pub adjusted: AdjustedEffect,
    /// Regions rated in at least one pair, in [`Region::ALL`] order.
    pub regions: Vec<RegionRelief>,
}

impl SessionRelief {
    /// The region with the largest adjusted relief among those where the practice clearly eases
    /// tension ([`ReliefVerdict::Eases`]); `None` when there is none. Ties go to the earlier region
    /// in [`Region::ALL`] order.
    pub fn best_region(&self) -> Option<&RegionRelief> {
        let eases = |r: &&RegionRelief| r.adjusted.verdict == ReliefVerdict::Eases;
        self.regions.iter().filter(eases).fold(None, |best: Option<&RegionRelief>, r| match best {
            Some(b) if b.adjusted.effect <= r.adjusted.effect => Some(b),
            _ => Some(r),
        })
    }
}

/// The entries of one session, by role (indices into the entries).
#[derive(Default)]
struct Parts {
    before: Vec<usize>,
    after: Vec<usize>,
}

#[derive(Clone, Copy, Default)]
struct Acc {
    n: usize,
    sum: f64,
}

/// Relief per practice from the exact before/after pairs (see the [module docs](self)), for the
/// practices with at least one pair, in [`PracticeKind::ALL`] order.
pub fn relief_by_practice(entries: &[Entry]) -> Vec<SessionRelief> {
    // A BTreeMap keeps the summation order, and so the last bits of the means, deterministic.
    let mut sessions: BTreeMap<&str, Parts> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(link) = &e.session {
            let parts = sessions.entry(link.id.as_str()).or_default();
            match link.role {
                SessionRole::Before => parts.before.push(i),
                SessionRole::After => parts.after.push(i),
            }
        }
    }

    let kinds = PracticeKind::ALL.len();
    let mut pair_means: Vec<Vec<f64>> = vec![Vec::new(); kinds];
    let mut stopped = vec![0usize; kinds];
    let mut regions = vec![[Acc::default(); Region::COUNT]; kinds];

    for parts in sessions.values() {
        let (&[bi], &[ai]) = (parts.before.as_slice(), parts.after.as_slice()) else { continue };
        let (before, after) = (&entries[bi], &entries[ai]);
        let (Some(b), Some(a)) = (before.levels(), after.levels()) else { continue };
        let Some(practice) = before.practice.or(after.practice) else { continue };
        let Some(k) = PracticeKind::ALL.iter().position(|&x| x == practice.kind) else { continue };
        let rated =
            |r: Region| before.tensions.iter().any(|t| t.region == r) || after.tensions.iter().any(|t| t.region == r);
        let mut changes = Vec::new();
        for r in Region::ALL.into_iter().filter(|&r| rated(r)) {
            let change = f64::from(a[r.index()]) - f64::from(b[r.index()]);
            let acc = &mut regions[k][r.index()];
            acc.n += 1;
            acc.sum += change;
            changes.push(change);
        }
        let Some(m) = mean(changes) else { continue };
        pair_means[k].push(m);
        let completed = before.session.as_ref().is_some_and(|l| l.completed);
        if !completed {
            stopped[k] += 1;
        }
    }

    // The comparison with similar moments is Insights → Practices' own (every practice with a
    // check-in after, the whole journal): one verdict, and one "more needed", wherever it is shown.
    let report = super::practices::practice_report(entries, DateRange::ALL);
    PracticeKind::ALL
        .iter()
        .enumerate()
        .filter_map(|(k, &kind)| {
            let overall = mean(pair_means[k].iter().copied())?;
            let effect = report.effects.iter().find(|e| e.kind == kind);
            let region_adjusted = |region: Region| {
                effect
                    .and_then(|e| e.regions.iter().find(|r| r.region == region))
                    .map_or(AdjustedEffect::NONE, |r| r.adjusted)
            };
            Some(SessionRelief {
                kind,
                n: pair_means[k].len(),
                stopped_early: stopped[k],
                overall,
                adjusted: effect.map_or(AdjustedEffect::NONE, |e| e.adjusted),
                regions: Region::ALL
                    .into_iter()
                    .filter_map(|region| {
                        let acc = regions[k][region.index()];
                        (acc.n > 0).then(|| RegionRelief {
                            region,
                            n: acc.n,
                            change: acc.sum / acc.n as f64,
                            adjusted: region_adjusted(region),
                        })
                    })
                    .collect(),
            })
        })
        .collect()
}

/// One day of the week strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DayMarks {
    /// The local calendar date.
    pub date: NaiveDate,
    /// At least one check-in (an entry rating tension) that day.
    pub check_in: bool,
    /// At least one entry recording a practice that day.
    pub practice: bool,
}

/// The last seven local days ending on `today` (oldest first, `today` last): whether each had a
/// check-in and whether a practice was done. Entries outside those days are ignored.
pub fn week_strip(entries: &[Entry], today: NaiveDate) -> [DayMarks; 7] {
    let mut days: [DayMarks; 7] = std::array::from_fn(|i| DayMarks {
        date: today - chrono::Duration::days(6 - i as i64),
        check_in: false,
        practice: false,
    });
    for e in entries {
        let offset = (today - local_date(e)).num_days();
        if !(0..7).contains(&offset) {
            continue;
        }
        let day = &mut days[(6 - offset) as usize];
        day.check_in |= e.is_check_in();
        day.practice |= e.practice.is_some();
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::test_util::{check_in, feeling, t, with_practice};
    use crate::model::Region::{Jaw, Neck, ShoulderLeft, ShoulderRight};
    use crate::model::SessionLink;

    fn in_session(mut e: Entry, kind: PracticeKind, id: &str, role: SessionRole, completed: bool) -> Entry {
        e = with_practice(e, kind);
        e.session = Some(SessionLink { id: id.into(), role, completed });
        e
    }

    fn before(e: Entry, kind: PracticeKind, id: &str, completed: bool) -> Entry {
        in_session(e, kind, id, SessionRole::Before, completed)
    }

    fn after(e: Entry, kind: PracticeKind, id: &str, completed: bool) -> Entry {
        in_session(e, kind, id, SessionRole::After, completed)
    }

    const BREATHING: PracticeKind = PracticeKind::Breathing46;
    const WALK: PracticeKind = PracticeKind::Walk;

    /// The Practice view and Insights → Practices (whole journal) say the same verdict and the
    /// same "more needed" for every practice: on a journal of a year, and on a short one where a
    /// guided session and practices logged by hand (each with a check-in after) are still too few
    /// (the Practice view counted only the guided ones: "9 more" where Insights said "1 more").
    #[test]
    fn the_practice_view_and_insights_give_one_verdict_and_one_more_needed() {
        let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
        let year = crate::demo::generate(&crate::demo::DemoOptions { years: 1, seed: 11, end });
        let mut short = vec![
            before(check_in(8, &[(Neck, 6)]), BREATHING, "A", true),
            after(check_in(9, &[(Neck, 4)]), BREATHING, "A", true),
        ];
        for day in 1..6 {
            short.push(with_practice(check_in(24 * day + 8, &[(Neck, 6)]), BREATHING));
            short.push(check_in(24 * day + 9, &[(Neck, 5)]));
            short.push(check_in(24 * day + 15, &[(Neck, 6)]));
            short.push(check_in(24 * day + 16, &[(Neck, 6)]));
        }
        let mut short_seen = false;
        for entries in [year, short] {
            let report = crate::analysis::practices::practice_report(&entries, DateRange::ALL);
            let relief = relief_by_practice(&entries);
            assert!(!relief.is_empty());
            for r in relief {
                let insights = report.effects.iter().find(|e| e.kind == r.kind).expect("the kind in Insights");
                assert_eq!(r.adjusted, insights.adjusted, "{:?}", r.kind);
                short_seen |= r.adjusted.more_needed.is_some_and(|m| m.pairs > 0);
                for region in &r.regions {
                    let theirs = insights.regions.iter().find(|x| x.region == region.region).map(|x| x.adjusted);
                    assert_eq!(
                        region.adjusted,
                        theirs.unwrap_or(AdjustedEffect::NONE),
                        "{:?} {:?}",
                        r.kind,
                        region.region
                    );
                }
            }
        }
        assert!(short_seen, "the short journal still needs more practices");
    }

    #[test]
    fn relief_from_exact_pairs_by_hand() {
        let entries = vec![
            // A, breathing, completed: neck 6 → 3 (−3), left shoulder 4 → 4 (0). Pair mean −1.5.
            before(check_in(8, &[(Neck, 6), (ShoulderLeft, 4)]), BREATHING, "A", true),
            after(check_in(9, &[(Neck, 3), (ShoulderLeft, 4)]), BREATHING, "A", true),
            // B, breathing, stopped early: neck 5 → 4 (−1), jaw unrated → 2 (+2). Pair mean +0.5.
            before(check_in(20, &[(Neck, 5)]), BREATHING, "B", false),
            after(check_in(21, &[(Neck, 4), (Jaw, 2)]), BREATHING, "B", false),
            // C, breathing: the after-rating was skipped. No pair.
            before(check_in(30, &[(Neck, 7)]), BREATHING, "C", true),
            // D, walk: neck 4 → 2 (−2), jaw rated 0 → unrated 0 (0). Pair mean −1.
            before(check_in(40, &[(Neck, 4), (Jaw, 0)]), WALK, "D", true),
            after(check_in(41, &[(Neck, 2)]), WALK, "D", true),
            // E, walk: the before-rating was skipped (not a check-in). No pair.
            before(feeling(50, "calm", 3), WALK, "E", true),
            after(check_in(51, &[(Neck, 1)]), WALK, "E", true),
            // F: two before entries, ambiguous. Skipped.
            before(check_in(60, &[(Neck, 9)]), WALK, "F", true),
            before(check_in(60, &[(Neck, 9)]), WALK, "F", true),
            after(check_in(61, &[(Neck, 0)]), WALK, "F", true),
            // A practice logged by hand, without a session: not a pair here.
            with_practice(check_in(70, &[(Neck, 8)]), BREATHING),
            check_in(71, &[(Neck, 1)]),
        ];
        let relief = relief_by_practice(&entries);
        assert_eq!(relief.len(), 2);

        let b = &relief[0];
        assert_eq!((b.kind, b.n, b.stopped_early), (BREATHING, 2, 1));
        // Mean of the pair means −1.5 and +0.5.
        assert_eq!(b.overall, -0.5);
        let plain = |r: &SessionRelief| r.regions.iter().map(|x| (x.region, x.n, x.change)).collect::<Vec<_>>();
        assert_eq!(
            plain(b),
            vec![
                // Jaw rated (after) in B only.
                (Jaw, 1, 2.0),
                // Neck in both pairs: (−3 + −1) / 2.
                (Neck, 2, -2.0),
                (ShoulderLeft, 1, 0.0),
            ]
        );
        // Two pairs are far too few to compare with similar moments.
        assert_eq!(b.adjusted.verdict, ReliefVerdict::NotEnoughData);
        assert!(b.regions.iter().all(|r| r.adjusted.verdict == ReliefVerdict::NotEnoughData));
        assert_eq!(b.best_region(), None);

        let w = &relief[1];
        assert_eq!((w.kind, w.n, w.stopped_early, w.overall), (WALK, 1, 0, -1.0));
        assert_eq!(plain(w), vec![(Jaw, 1, 0.0), (Neck, 1, -2.0)]);
    }

    #[test]
    fn no_pairs_no_relief() {
        assert!(relief_by_practice(&[]).is_empty());
        let only_before = vec![before(check_in(8, &[(Neck, 6)]), BREATHING, "A", false)];
        assert!(relief_by_practice(&only_before).is_empty());
    }

    #[test]
    fn best_region_is_the_clearest_adjusted_relief() {
        let adjusted = |verdict, effect: f64| AdjustedEffect { verdict, effect: Some(effect), ..AdjustedEffect::NONE };
        let region = |region, verdict, effect| RegionRelief {
            region,
            n: 12,
            change: effect - 0.5,
            adjusted: adjusted(verdict, effect),
        };
        let r = SessionRelief {
            kind: BREATHING,
            n: 12,
            stopped_early: 0,
            overall: -0.4,
            adjusted: adjusted(ReliefVerdict::Eases, -0.8),
            regions: vec![
                // The largest plain change, but no clear difference from similar moments.
                region(Jaw, ReliefVerdict::NoClearDifference, -3.0),
                region(Neck, ReliefVerdict::Eases, -1.0),
                region(ShoulderLeft, ReliefVerdict::Eases, -1.0),
                region(ShoulderRight, ReliefVerdict::Eases, -0.6),
            ],
        };
        // Neck and left shoulder tie at −1.0; the earlier region wins.
        assert_eq!(r.best_region().map(|x| x.region), Some(Neck));
        let none = SessionRelief {
            regions: vec![region(Neck, ReliefVerdict::Raises, 0.5), region(Jaw, ReliefVerdict::NotEnoughData, -2.0)],
            ..r
        };
        assert_eq!(none.best_region(), None);
    }

    #[test]
    fn week_strip_marks_check_ins_and_practices_by_local_day() {
        // t(0) is Monday 2025-01-06 00:00 +01:00; today is Sunday the 12th.
        let today = NaiveDate::from_ymd_opt(2025, 1, 12).expect("date");
        // Thursday the 9th at 00:30 local (still the 8th in UTC): a practice without a rating.
        let mut thursday = with_practice(feeling(3 * 24, "calm", 4), WALK);
        thursday.at = t(3 * 24) + chrono::Duration::minutes(30);
        assert_eq!(thursday.at.naive_utc().date(), NaiveDate::from_ymd_opt(2025, 1, 8).expect("date"));
        let entries = vec![
            // Sunday the 5th: outside the strip.
            check_in(-20, &[(Neck, 3)]),
            // Tuesday the 7th: a check-in.
            check_in(24 + 10, &[(Neck, 3)]),
            thursday,
            // Sunday the 12th: a check-in with a practice.
            with_practice(check_in(6 * 24 + 8, &[(Neck, 2)]), BREATHING),
            // Monday the 13th: after today, ignored.
            with_practice(check_in(7 * 24 + 8, &[(Neck, 2)]), BREATHING),
        ];
        let strip = week_strip(&entries, today);
        let dates: Vec<u32> = strip.iter().map(|d| chrono::Datelike::day(&d.date)).collect();
        assert_eq!(dates, [6, 7, 8, 9, 10, 11, 12]);
        let marks: Vec<(bool, bool)> = strip.iter().map(|d| (d.check_in, d.practice)).collect();
        assert_eq!(
            marks,
            [
                (false, false), // Mon 6
                (true, false),  // Tue 7
                (false, false), // Wed 8
                (false, true),  // Thu 9
                (false, false), // Fri 10
                (false, false), // Sat 11
                (true, true),   // Sun 12
            ]
        );
    }
}
