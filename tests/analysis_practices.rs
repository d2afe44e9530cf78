//! The adjusted practice effect on simulated journals whose truth is known
//! ([`feltsense::analysis::sim_practice`]): no relief claimed where practising does nothing but
//! happens at tense moments (where the plain before → after change would claim it), whatever the
//! time between the ratings and however slowly a tense moment fades; a planted relief recovered
//! where the journal has pairs without a practice a like time apart, and "cannot be separated"
//! where it has none; "not enough data yet" on a short journal. The calibration table in
//! BENCHMARKS.md comes from the ignored test `calibration` at the end.

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
    // What is missing counts every matched pair, compared or not.
    assert_eq!(more.days, MIN_DAYS - a.n_days);
    assert_eq!(more.pairs, MIN_PAIRS.saturating_sub(a.n_pairs + a.n_not_comparable));
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

/// A year of guided sessions only, each rated again 3 minutes after its "before" rating.
fn guided(fade_minutes: f64, relief: f64, seed: u64) -> SimOptions {
    SimOptions { seed, relief, fade_minutes, guided_share: 1.0, ..SimOptions::default() }
}

/// The same with, now and then, a second rating 2–20 minutes after a check-in, without a practice.
fn guided_with_second_ratings(fade_minutes: f64, relief: f64, seed: u64) -> SimOptions {
    SimOptions { recheck: 0.25, recheck_minutes: (2, 20), ..guided(fade_minutes, relief, seed) }
}

fn guided_relief(opts: &SimOptions) -> feltsense::analysis::sessions::SessionRelief {
    let relief = relief_by_practice(&simulate(opts));
    relief.into_iter().find(|r| r.kind == PracticeKind::Breathing46).expect("guided breathing")
}

#[test]
fn guided_sessions_minutes_apart_cannot_be_compared_with_check_ins_hours_apart() {
    // The trap of issue 19: a tense moment that fades over an hour, rated again 3 minutes after a
    // practice that does nothing, has eased less than check-ins 2 hours apart do. Compared with
    // those, the practice would "raise" tension. Without pairs of ratings minutes apart, the
    // journal cannot tell: only the plain change is given, whatever the time constant.
    for fade in [0.0, 45.0, 180.0] {
        for relief in [0.0, 1.0] {
            let b = guided_relief(&guided(fade, relief, 41));
            let a = b.adjusted;
            assert_eq!(a.verdict, ReliefVerdict::CannotCompare, "τ {fade}, relief {relief}: {a:?}");
            assert_eq!((a.effect, a.low, a.high, a.n_pairs), (None, None, None, 0), "{a:?}");
            // Left out, and counted (a session within 3 hours after another is not even matched).
            assert!(a.n_not_comparable * 10 >= b.n * 7, "{} of {}", a.n_not_comparable, b.n);
            // The plain change is what is shown: about the relief plus what eases by itself.
            let plain = a.practice_change.expect("plain change");
            assert!(plain < -relief * 0.5 && (plain - b.overall).abs() < 0.3, "{plain} vs {}", b.overall);
            assert!(
                b.regions.iter().all(|r| !matches!(r.adjusted.verdict, ReliefVerdict::Eases | ReliefVerdict::Raises))
            );
            assert_eq!(b.best_region().map(|r| r.region), None);
        }
    }
}

#[test]
fn guided_sessions_are_compared_with_ratings_as_close_together() {
    // With second ratings minutes apart in the journal, the same guided sessions are compared
    // like with like: no effect where there is none, at a slow and a very slow fade, and the
    // planted relief of 1 point where there is one.
    for fade in [45.0, 180.0] {
        let b = guided_relief(&guided_with_second_ratings(fade, 0.0, 42));
        let (effect, low, high) = interval(&b.adjusted);
        assert_eq!(b.adjusted.verdict, ReliefVerdict::NoClearDifference, "τ {fade}: {:?}", b.adjusted);
        assert!(effect.abs() < 0.25 && low < 0.0 && high > 0.0, "τ {fade}: {effect} ({low} … {high})");
        // Most sessions are compared.
        assert!(b.adjusted.n_pairs * 10 >= b.n * 7, "{} of {}", b.adjusted.n_pairs, b.n);

        let b = guided_relief(&guided_with_second_ratings(fade, 1.0, 43));
        let (effect, low, high) = interval(&b.adjusted);
        assert_eq!(b.adjusted.verdict, ReliefVerdict::Eases, "τ {fade}: {:?}", b.adjusted);
        assert!((effect + 1.0).abs() <= 0.35 && low <= -1.0 && high >= -1.0, "τ {fade}: {effect} ({low} … {high})");
        assert!(b.best_region().is_some());
    }
}

#[test]
fn no_eases_or_raises_at_zero_effect_for_any_gap_or_time_constant() {
    // Every calibration family once, with no effect: the ratings after a practice come 3 minutes
    // (guided), 20–90 minutes (an extra check-in) or about 2 hours later (the next one), the
    // momentary state is drawn anew or fades in 10 minutes, 45 minutes or 3 hours (or at two
    // speeds), with 7 or 4 check-ins a day. The calibration (BENCHMARKS.md, 200 journals a
    // family) finds 0–2 % of such journals with a verdict; here at most one of the 18 overall
    // verdicts, and at most one of the 54 regions, may be one.
    let (mut overall, mut regions) = (Vec::new(), Vec::new());
    for (seed, f) in (0u64..).zip(families()) {
        let b = breathing(&simulate(&SimOptions { seed: 300 + seed, days: 240, ..f.opts.clone() }));
        if matches!(b.adjusted.verdict, ReliefVerdict::Eases | ReliefVerdict::Raises) {
            overall.push((f.name.clone(), b.adjusted));
        }
        for r in SIM_REGIONS {
            let a = b.regions[r.index()].adjusted;
            if matches!(a.verdict, ReliefVerdict::Eases | ReliefVerdict::Raises) {
                regions.push((f.name.clone(), r, a));
            }
        }
    }
    assert!(overall.len() <= 1, "{overall:?}");
    assert!(regions.len() <= 1, "{regions:?}");
}

#[test]
fn a_planted_relief_is_recovered_for_every_time_constant_where_comparable_pairs_exist() {
    // A relief of 1 point, in a year of every family whose journal has pairs a like time apart:
    // always called "eases", and found within 0.35 points and inside its 95 % interval in nearly
    // all of the 14. The calibration finds 92–100 % within 0.35 and 93–98 % covered per family,
    // so about one miss of each is expected here; 3 or more off (or 4 or more uncovered) would
    // happen by chance about once in a hundred runs.
    let (mut off, mut missed) = (Vec::new(), Vec::new());
    for (seed, f) in (0u64..).zip(families()) {
        if f.name.contains("no short pairs") {
            continue;
        }
        let b = breathing(&simulate(&SimOptions { seed: 400 + seed, relief: 1.0, ..f.opts.clone() }));
        let (effect, low, high) = interval(&b.adjusted);
        assert_eq!(b.adjusted.verdict, ReliefVerdict::Eases, "{}: {:?}", f.name, b.adjusted);
        if (effect + 1.0).abs() > 0.35 {
            off.push((f.name.clone(), effect));
        }
        if low > -1.0 || high < -1.0 {
            missed.push((f.name.clone(), low, high));
        }
    }
    assert!(off.len() <= 2, "{off:?}");
    assert!(missed.len() <= 3, "{missed:?}");
}

/// A family of simulated journals for the calibration table.
struct Family {
    name: String,
    opts: SimOptions,
}

fn families() -> Vec<Family> {
    let mut out = Vec::new();
    for fade in [0.0, 10.0, 45.0, 180.0] {
        let base = SimOptions { fade_minutes: fade, ..SimOptions::default() };
        let modes = [
            ("next check-in", SimOptions { ..base.clone() }),
            ("guided, no short pairs", SimOptions { guided_share: 1.0, ..base.clone() }),
            (
                "guided + second ratings",
                SimOptions { guided_share: 1.0, recheck: 0.25, recheck_minutes: (2, 20), ..base.clone() },
            ),
            (
                "4 a day, mixed + second ratings",
                SimOptions {
                    check_ins_per_day: 4,
                    guided_share: 0.5,
                    recheck: 0.4,
                    recheck_minutes: (2, 90),
                    ..base.clone()
                },
            ),
        ];
        for (mode, opts) in modes {
            let tau = if fade == 0.0 { "anew".to_owned() } else { format!("τ {fade} min") };
            out.push(Family { name: format!("{tau}, {mode}"), opts });
        }
    }
    // Built to fool one time constant: the shared part fades in 10 minutes, each region's own
    // part in 3 hours.
    let two = SimOptions { fade_minutes: 10.0, own_fade_minutes: Some(180.0), ..SimOptions::default() };
    out.push(Family { name: "two speeds (10 min, 3 h), next check-in".into(), opts: two.clone() });
    out.push(Family {
        name: "two speeds (10 min, 3 h), guided + second ratings".into(),
        opts: SimOptions { guided_share: 1.0, recheck: 0.25, recheck_minutes: (2, 20), ..two },
    });
    out
}

#[derive(Default)]
struct Tally {
    journals: usize,
    /// Overall verdicts eases or raises.
    called: usize,
    region_verdicts: usize,
    region_called: usize,
    cannot_compare: usize,
    not_enough: usize,
    /// With an effect: Σ effect − truth, within 0.35, covered.
    estimated: usize,
    bias: f64,
    within: usize,
    covered: usize,
    eases: usize,
    width: f64,
    /// Σ effect², Σ (half width / t)² for the ratio of the spread to the stated one.
    effects: Vec<f64>,
    se2: f64,
    eases_null: usize,
}

fn tally(opts: &SimOptions, truth: f64, seeds: std::ops::Range<u64>) -> Tally {
    let mut t = Tally::default();
    for seed in seeds {
        let b = breathing(&simulate(&SimOptions { seed, relief: -truth, ..opts.clone() }));
        t.journals += 1;
        let a = b.adjusted;
        match a.verdict {
            ReliefVerdict::CannotCompare => t.cannot_compare += 1,
            ReliefVerdict::NotEnoughData => t.not_enough += 1,
            ReliefVerdict::Eases | ReliefVerdict::Raises => t.called += 1,
            ReliefVerdict::NoClearDifference => {}
        }
        t.eases += usize::from(a.verdict == ReliefVerdict::Eases);
        if let (Some(e), Some(lo), Some(hi)) = (a.effect, a.low, a.high) {
            t.estimated += 1;
            t.bias += e - truth;
            t.within += usize::from((e - truth).abs() <= 0.35);
            t.covered += usize::from(lo <= truth && truth <= hi);
            t.width += hi - lo;
            t.effects.push(e);
            t.se2 += ((hi - lo) / 2.0 / 1.97).powi(2);
        }
        t.eases_null += usize::from(a.verdict == ReliefVerdict::Eases);
        for r in SIM_REGIONS {
            t.region_verdicts += 1;
            let v = b.regions[r.index()].adjusted.verdict;
            t.region_called += usize::from(matches!(v, ReliefVerdict::Eases | ReliefVerdict::Raises));
        }
    }
    t
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 { "–".into() } else { format!("{:.0} %", 100.0 * a as f64 / b as f64) }
}

/// The calibration table in BENCHMARKS.md ("Practice relief on simulated journals"): per family of
/// simulated journals (a year each, 7 or 4 check-ins a day, practising at tense moments), with no
/// effect and with a relief of 1 point. Slow: run with
/// `cargo test --release --test analysis_practices calibration -- --ignored --nocapture`
/// (`CALIBRATION_JOURNALS` sets the journals per row, default 100).
#[test]
#[ignore]
fn calibration() {
    let n: u64 = std::env::var("CALIBRATION_JOURNALS").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let first: u64 = std::env::var("CALIBRATION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    println!(
        "| family | no effect: eases/raises (overall · regions) | cannot compare | relief 1.0: bias | within 0.35 | 95 % interval covers | eases | cannot compare | mean width |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let (mut calls, mut journals, mut region_calls, mut regions) = (0, 0, 0, 0);
    for f in families() {
        let null = tally(&f.opts, 0.0, first + 1000..first + 1000 + n);
        if std::env::var("CALIBRATION_DEBUG").is_ok() && !null.effects.is_empty() {
            let m = null.effects.iter().sum::<f64>() / null.effects.len() as f64;
            let sd =
                (null.effects.iter().map(|e| (e - m).powi(2)).sum::<f64>() / (null.effects.len() - 1) as f64).sqrt();
            let se = (null.se2 / null.effects.len() as f64).sqrt();
            println!(
                "DEBUG {}: null mean {m:+.3} sd {sd:.3} stated se {se:.3} ratio {:.2}; covered {} eases {}",
                f.name,
                sd / se,
                pct(null.covered, null.estimated),
                null.eases_null
            );
        }
        let planted = tally(&f.opts, -1.0, first + 5000..first + 5000 + n);
        let bias = if planted.estimated > 0 {
            format!("{:+.2}", planted.bias / planted.estimated as f64)
        } else {
            "–".into()
        };
        let width = if planted.estimated > 0 {
            format!("{:.2}", planted.width / planted.estimated as f64)
        } else {
            "–".into()
        };
        println!(
            "| {} | {} · {} | {} | {bias} | {} | {} | {} | {} | {width} |",
            f.name,
            pct(null.called, null.journals),
            pct(null.region_called, null.region_verdicts),
            pct(null.cannot_compare, null.journals),
            pct(planted.within, planted.estimated),
            pct(planted.covered, planted.estimated),
            pct(planted.eases, planted.journals),
            pct(planted.cannot_compare, planted.journals),
        );
        (calls, journals) = (calls + null.called, journals + null.journals);
        (region_calls, regions) = (region_calls + null.region_called, regions + null.region_verdicts);
    }
    println!(
        "No effect, all families: {calls} of {journals} journals with eases or raises overall, {region_calls} of {regions} region verdicts."
    );
}
