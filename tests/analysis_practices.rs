//! The adjusted practice effect on simulated journals whose truth is known
//! ([`feltsense::analysis::sim_practice`]): no relief claimed where practising does nothing but
//! happens at tense moments (where the plain before → after change would claim it), a planted
//! relief recovered, and "not enough data yet" on a short journal.

use feltsense::analysis::DateRange;
use feltsense::analysis::practices::{PracticeEffect, practice_report};
use feltsense::analysis::relief::{AdjustedEffect, MIN_CONTROLS, MIN_DAYS, MIN_PAIRS, ReliefVerdict};
use feltsense::analysis::sessions::relief_by_practice;
use feltsense::analysis::sim_practice::{SIM_REGIONS, SimOptions, simulate};
use feltsense::model::{Entry, PracticeKind};

fn breathing(entries: &[Entry]) -> PracticeEffect {
    let report = practice_report(entries, DateRange::ALL);
    report.effects.into_iter().find(|e| e.kind == PracticeKind::Breathing46).expect("breathing practised")
}

fn interval(a: &AdjustedEffect) -> (f64, f64, f64) {
    (a.effect.expect("effect"), a.low.expect("low"), a.high.expect("high"))
}

#[test]
fn no_relief_claimed_when_practising_does_nothing_but_happens_at_tense_moments() {
    let entries = simulate(&SimOptions { seed: 11, ..SimOptions::default() });
    let b = breathing(&entries);
    // The old method: the plain before → after change looks like clear relief.
    let naive = b.overall_change.expect("plain change");
    assert!(naive < -0.5, "plain change {naive}");
    assert!(b.adjusted.practice_change.is_some_and(|c| c < -0.5), "{:?}", b.adjusted);
    // The adjusted effect does not claim it.
    let (effect, low, high) = interval(&b.adjusted);
    assert!(low < 0.0 && high > 0.0, "interval {low} … {high} (effect {effect})");
    assert_ne!(b.adjusted.verdict, ReliefVerdict::Eases);
    assert!(b.adjusted.n_pairs >= 100 && b.adjusted.n_days >= 50 && b.adjusted.n_controls >= 200, "{:?}", b.adjusted);
    for r in SIM_REGIONS {
        let a = &b.regions[r.index()].adjusted;
        assert_ne!(a.verdict, ReliefVerdict::Eases, "{r}: {a:?}");
        assert!(b.regions[r.index()].change.is_some_and(|c| c < -0.4), "{r}: plain change");
    }
}

#[test]
fn null_journals_rarely_claim_relief() {
    // Over 40 null journals, the 95 % interval should cover 0 in about 95 % of them; allow for
    // chance (at most 5 misses of 40 fails with probability about 5 % for a 93 % coverage).
    let mut misses = Vec::new();
    for seed in 100..140 {
        let entries = simulate(&SimOptions { seed, days: 180, ..SimOptions::default() });
        let (effect, low, high) = interval(&breathing(&entries).adjusted);
        if low > 0.0 || high < 0.0 {
            misses.push((seed, effect));
        }
    }
    assert!(misses.len() <= 5, "{misses:?}");
}

#[test]
fn a_planted_relief_is_recovered() {
    let planted = 1.5;
    let entries = simulate(&SimOptions { seed: 12, relief: planted, ..SimOptions::default() });
    let b = breathing(&entries);
    let (effect, low, high) = interval(&b.adjusted);
    assert!((effect + planted).abs() <= 0.35, "effect {effect}");
    assert!(high < 0.0 && low <= -planted && high >= -planted, "interval {low} … {high}");
    assert_eq!(b.adjusted.verdict, ReliefVerdict::Eases);
    for r in SIM_REGIONS {
        let a = &b.regions[r.index()].adjusted;
        let (effect, _, high) = interval(a);
        assert!((effect + planted).abs() <= 0.35 && high < 0.0, "{r}: {a:?}");
    }
    // The plain change mixes the relief with regression to the mean: more than planted.
    assert!(b.overall_change.is_some_and(|c| c < -planted - 0.3), "{:?}", b.overall_change);
}

#[test]
fn planted_relief_intervals_cover_the_truth() {
    // Coverage over 30 planted journals: the 95 % interval should hold the planted 1.5 points
    // in at least 25 of them (a 93 % coverage fails this with probability under 5 %).
    let mut covered = 0;
    for seed in 200..230 {
        let entries = simulate(&SimOptions { seed, days: 180, relief: 1.5, ..SimOptions::default() });
        let (_, low, high) = interval(&breathing(&entries).adjusted);
        covered += usize::from(low <= -1.5 && high >= -1.5);
    }
    assert!(covered >= 25, "{covered} of 30");
}

#[test]
fn too_little_data_says_so_with_what_is_missing() {
    let entries = simulate(&SimOptions { seed: 3, days: 5, skip_day: 0.0, ..SimOptions::default() });
    let b = breathing(&entries);
    let a = b.adjusted;
    assert_eq!(a.verdict, ReliefVerdict::NotEnoughData);
    assert_eq!((a.effect, a.low, a.high), (None, None, None));
    let more = a.more_needed.expect("what is missing");
    assert!(a.n_days <= 5);
    assert_eq!(more.days, MIN_DAYS - a.n_days);
    assert_eq!(more.pairs, MIN_PAIRS.saturating_sub(a.n_pairs));
    assert_eq!(more.controls, MIN_CONTROLS.saturating_sub(a.n_controls));
    assert!(more.days >= 2);
    // The plain numbers are still there, as description.
    assert!(b.n_pairs > 0 && b.overall_change.is_some());
}

#[test]
fn the_practice_view_uses_the_same_comparison_for_guided_pairs() {
    // The simulation has no guided sessions: the practice view's exact pairs are none.
    let entries = simulate(&SimOptions { seed: 5, days: 30, ..SimOptions::default() });
    assert!(relief_by_practice(&entries).is_empty());
}

#[test]
fn the_comparison_is_deterministic() {
    let entries = simulate(&SimOptions { seed: 21, days: 120, relief: 1.0, ..SimOptions::default() });
    assert_eq!(breathing(&entries).adjusted, breathing(&entries).adjusted);
    let mut reversed = entries.clone();
    reversed.reverse();
    let (a, b) = (breathing(&entries).adjusted, breathing(&reversed).adjusted);
    assert_eq!((a.n_pairs, a.n_days, a.n_controls, a.verdict), (b.n_pairs, b.n_days, b.n_controls, b.verdict));
    assert!((a.effect.expect("effect") - b.effect.expect("effect")).abs() < 1e-9);
}

#[test]
fn guided_sessions_recover_the_planted_relief_despite_their_short_gap() {
    // Guided "after" ratings come 3 minutes later, comparison pairs hours later while tension
    // rises over the day: the gap slope carries the comparison over to the short gap.
    let opts = SimOptions { seed: 31, relief: 1.5, guided_share: 1.0, ..SimOptions::default() };
    let relief = relief_by_practice(&simulate(&opts));
    let b = relief.iter().find(|r| r.kind == PracticeKind::Breathing46).expect("breathing");
    let (effect, _, high) = interval(&b.adjusted);
    assert!((effect + 1.5).abs() <= 0.35 && high < 0.0, "{:?}", b.adjusted);
    assert!(b.best_region().is_some());

    let null = relief_by_practice(&simulate(&SimOptions { relief: 0.0, ..opts }));
    let b = null.iter().find(|r| r.kind == PracticeKind::Breathing46).expect("breathing");
    let (effect, low, high) = interval(&b.adjusted);
    assert!(low < 0.0 && high > 0.0, "{effect}: {low} … {high}");
    assert!(b.overall < -0.5, "plain {}", b.overall);
    assert_eq!(b.best_region(), None);
}
