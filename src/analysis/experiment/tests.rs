//! Tests of the experiment analysis: the statistics by hand and by brute force, the looks and
//! verdicts on experiments built day by day, and calibration on simulated experiments whose
//! truth is known (see [`super::sim`]). The large calibration run is `#[ignore]`d; its figures
//! are in BENCHMARKS.md:
//! `cargo test --release --lib analysis::experiment::tests::calibration -- --ignored --nocapture`.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use super::sim::{SimOptions, after_the_end, simulate};
use super::*;
use crate::analysis::stats::t_cdf;
use crate::model::experiment::{Experiment, Moment, MomentRating, Phase, Plan, PlanDraft};
use crate::model::rng::SplitMix64;
use crate::model::{Lang, PracticeKind, Region};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn the_sign_flip_test_counts_every_sign_pattern() {
    assert_eq!(sign_flip_p(&[]), 1.0);
    assert_eq!(sign_flip_p(&[0, 0, 0]), 1.0);
    assert_eq!(sign_flip_p(&[-1; 8]), 1.0 / 256.0);
    assert_eq!(sign_flip_p(&[1; 8]), 1.0, "a harm is no benefit");
    // ±2 ± 1 gives 3, 1, −1, −3: two of four are at most −1.
    assert_eq!(sign_flip_p(&[-2, 1]), 0.5);
    // Brute force over every pattern for random whole-number days.
    let mut rng = SplitMix64::new(11);
    for _ in 0..200 {
        let n = 1 + (rng.next_u64() % 12) as usize;
        let d: Vec<i32> = (0..n).map(|_| (rng.next_u64() % 13) as i32 - 6).collect();
        let observed: i32 = d.iter().sum();
        let at_most = (0..1u32 << n)
            .filter(|mask| {
                let s: i32 =
                    d.iter().enumerate().map(|(i, x)| if mask >> i & 1 == 1 { -x.abs() } else { x.abs() }).sum();
                s <= observed
            })
            .count();
        let exact = at_most as f64 / f64::from(1u32 << n);
        assert_eq!(sign_flip_p(&d), exact, "{d:?}");
    }
    // 56 days (the longest plan) of extreme differences stays finite and exact enough.
    let long: Vec<i32> = (0..56).map(|i| if i % 3 == 0 { 20 } else { -20 }).collect();
    let p = sign_flip_p(&long);
    assert!(p > 0.0 && p < 0.05, "{p}");
    assert_eq!(days_needed(ALPHA_LOOK), 8);
    assert_eq!(days_needed(ALPHA_FINAL), 6);
}

#[test]
fn the_interval_and_the_posterior_by_hand() {
    // −1, −2, −3: mean −2, SD 1, t(0.975, 2) = 4.302653.
    let e = estimate(&[-1.0, -2.0, -3.0], 0.95).expect("three days");
    assert!(close(e.mean, -2.0, 1e-12));
    let half = 4.302_652_73 / 3f64.sqrt();
    assert!(close(e.low, -2.0 - half, 1e-6) && close(e.high, -2.0 + half, 1e-6), "{e:?}");
    // A spread of 0 is taken as half a point.
    let flat = estimate(&[-1.0; 4], 0.95).expect("four days");
    assert!(close(flat.high - flat.low, 2.0 * 3.182_446_305 * 0.5 / 2.0, 1e-6), "{flat:?}");
    assert_eq!(estimate(&[1.0], 0.95), None);
    // With many days the t likelihood is nearly normal: the posterior is the conjugate normal one.
    let mut rng = SplitMix64::new(3);
    let xs: Vec<f64> = (0..400).map(|_| -0.8 + 1.5 * rng.normal()).collect();
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let se2 = sd * sd / n;
    let precision = 1.0 / PRIOR_SD.powi(2) + 1.0 / se2;
    let (m, s) = (mean / se2 / precision, (1.0 / precision).sqrt());
    let normal = |z: f64| t_cdf(z, 1e7);
    let (benefit, small) = posterior(&xs).expect("posterior");
    assert!(close(benefit, normal((-1.0 - m) / s), 0.01), "{benefit} vs {}", normal((-1.0 - m) / s));
    assert!(close(small, normal((0.5 - m) / s) - normal((-0.5 - m) / s), 0.01), "{small}");
    // The sceptical prior pulls a small, noisy sample towards no difference.
    let (b, _) = posterior(&[-2.0, -1.0, -3.0]).expect("posterior");
    assert!(b < 0.9, "three days do not make a benefit certain: {b}");
}

// ---- Experiments built day by day ----

fn local(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("time"))
}

fn at(t: NaiveDateTime) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).and_then(|o| o.from_local_datetime(&t).single()).expect("time")
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
}

fn experiment(planned: u16) -> Experiment {
    let draft = PlanDraft {
        practice: PracticeKind::Breathing46,
        practice_name: String::new(),
        practice_minutes: None,
        target: Region::ShoulderLeft,
        control: Region::LegLeft,
        moments: [NaiveTime::from_hms_opt(9, 0, 0).expect("t"), NaiveTime::from_hms_opt(16, 0, 0).expect("t")],
        start: start(),
        planned_days: planned,
    };
    Experiment::new(Plan::new(&draft, 5, at(local(start(), 7, 0)), start()).expect("plan"))
}

/// Rates day `day` completely: the target changes by `dp` at the practice moment and by `du` at
/// the usual one; the control changes by `cp` at the practice moment.
fn rate_day(e: &mut Experiment, day: u16, dp: i32, du: i32, cp: i32) {
    for m in Moment::BOTH {
        let t = e.plan.scheduled(day, m).expect("day");
        let practice = e.plan.practice_moment(day) == Some(m);
        let change = if practice { dp } else { du };
        let c_change = if practice { cp } else { 0 };
        let lvl = |v: i32| Level::clamped(i64::from(v));
        e.ratings.push(MomentRating {
            day,
            moment: m,
            phase: Phase::Before,
            at: at(t + Duration::minutes(5)),
            target: lvl(5),
            control: lvl(4),
        });
        e.ratings.push(MomentRating {
            day,
            moment: m,
            phase: Phase::After,
            at: at(t + Duration::minutes(25)),
            target: lvl(5 + change),
            control: lvl(4 + c_change),
        });
    }
}

fn end_of(day: u16) -> NaiveDateTime {
    local(start() + Duration::days(i64::from(day) - 1), 23, 30)
}

#[test]
fn a_clear_benefit_ends_the_experiment_at_the_first_look() {
    let mut e = experiment(14);
    let d = [-3, -2, -1, -2, -3, 0, -2, -1, -2, -3, -1, -2, 1, -2];
    for (i, &x) in d.iter().enumerate() {
        rate_day(&mut e, i as u16 + 1, x, 0, 0);
    }
    // While running nothing is shown.
    let running = analyse(&e, end_of(10));
    assert_eq!((running.stage, running.verdict), (Stage::Running { day: 10 }, Verdict::InProgress));
    assert_eq!(running.numbers, None, "no numbers before the look");
    assert!(text::verdict_sentence(&e.plan, &running, Lang::Nl).contains("na dag 14"));
    // After day 14: the look.
    let r = analyse(&e, end_of(14));
    assert_eq!((r.stage, r.verdict), (Stage::Finished { day: 14 }, Verdict::ClearBenefit));
    assert_eq!((r.days_complete, r.days_excluded, r.days_skipped), (14, 0, 0));
    let n = r.numbers.as_ref().expect("numbers at the look");
    let mean = f64::from(d.iter().sum::<i32>()) / 14.0;
    assert!(close(n.target.mean, mean, 1e-12));
    assert_eq!(n.randomization_p, sign_flip_p(&d));
    assert!(n.randomization_p <= ALPHA_LOOK);
    assert_eq!((n.better_days, n.worse_days, n.same_days), (12, 1, 1));
    assert_eq!(n.days.len(), 14);
    assert_eq!(n.control_check, ControlCheck::Specific);
    assert!(close(n.plain_before, 5.0, 1e-12) && close(n.plain_after, 5.0 + mean, 1e-12));
    let sentence = text::summary(&e.plan, n, Lang::En);
    assert!(
        sentence.starts_with("Over 14 days, 20 minutes after 4–6 breathing your left shoulder was on average 1.6 points lower than after carrying on as usual ("),
        "{sentence}"
    );
    assert!(sentence.ends_with("4–6 breathing did better on 12 of 14 days."), "{sentence}");
    let nl = text::summary(&e.plan, n, Lang::Nl);
    assert!(nl.contains("gemiddeld 1,6 punt lager") && nl.contains("12 van de 14 dagen"), "{nl}");
    for lang in Lang::ALL {
        let all = [text::verdict_sentence(&e.plan, &r, lang), text::summary(&e.plan, n, lang)].join(" ");
        assert!(!all.contains("works") && !all.contains("werkt"), "{all}");
    }
    // A finished experiment takes no more ratings.
    let late = at(local(start() + Duration::days(14), 9, 5));
    assert_eq!(
        accept_rating(&e, 15, Moment::First, late, Level::ZERO, Level::ZERO, late.naive_local()),
        Err(ExperimentError::Finished)
    );
}

#[test]
fn an_unclear_first_look_extends_once_and_the_second_look_decides() {
    let mut e = experiment(14);
    let pattern = [-4, 2, -3, 3, -2, 1, -5, 4, 0, -1];
    for day in 1..=28u16 {
        rate_day(&mut e, day, pattern[usize::from(day) % pattern.len()], 0, 0);
    }
    let first = analyse(&e, end_of(14));
    assert_eq!((first.stage, first.verdict), (Stage::Extended { day: 14 }, Verdict::InProgress));
    assert_eq!(first.numbers, None, "the unclear look shows no numbers either");
    assert_eq!(first.next_look(&e.plan), Some(28));
    let last = analyse(&e, end_of(28));
    assert_eq!(last.stage, Stage::Finished { day: 28 });
    assert_eq!(last.verdict, Verdict::NoClearDifference);
    let n = last.numbers.as_ref().expect("numbers");
    assert_eq!((n.target.n, n.alpha), (28, ALPHA_FINAL));
    assert!(n.target.low < -1.0 && n.target.high > 0.0, "{:?}", n.target);
}

#[test]
fn no_benefit_of_a_point_is_called_when_the_interval_excludes_it() {
    let mut e = experiment(14);
    let pattern = [0, 1, 0, -1, 0, 0, 1, 0, -1, 0, 0, 1, 0, 0];
    for (i, &x) in pattern.iter().enumerate() {
        rate_day(&mut e, i as u16 + 1, x, 0, 0);
    }
    let r = analyse(&e, end_of(14));
    assert_eq!((r.stage, r.verdict), (Stage::Finished { day: 14 }, Verdict::ProbablyNoBenefit));
    let n = r.numbers.as_ref().expect("numbers");
    assert!(n.target.low > -1.0, "{:?}", n.target);
    assert_eq!(n.control_check, ControlCheck::NotApplicable);
    assert!(text::summary(&e.plan, n, Lang::En).contains("(between "), "{}", text::summary(&e.plan, n, Lang::En));
}

#[test]
fn excluded_and_skipped_days_are_counted_and_too_few_days_give_no_answer() {
    let mut e = experiment(14);
    rate_day(&mut e, 1, -2, 0, 0);
    rate_day(&mut e, 2, -2, 0, 0);
    // Day 3: only the first moment, fully.
    rate_day(&mut e, 3, -2, 0, 0);
    e.ratings.retain(|r| !(r.day == 3 && r.moment == Moment::Second));
    // Day 4: the second rating of the first moment too late.
    rate_day(&mut e, 4, -2, 0, 0);
    for r in e.ratings.iter_mut().filter(|r| r.day == 4 && r.moment == Moment::First && r.phase == Phase::After) {
        r.at += Duration::minutes(30);
    }
    let r = analyse(&e, end_of(5));
    assert_eq!((r.days_complete, r.days_excluded, r.days_skipped), (2, 2, 1));
    assert_eq!(r.verdict, Verdict::InProgress);
    assert!(r.days[3].exclusions.contains(&(Moment::First, crate::model::experiment::Exclusion::SecondLate)));
    // By day 25 even 3 more complete days cannot reach the 6 an answer needs.
    let late = analyse(&e, end_of(25));
    assert_eq!((late.stage, late.verdict), (Stage::Extended { day: 25 }, Verdict::NotEnoughData));
    let end = analyse(&e, end_of(28));
    assert_eq!((end.stage, end.verdict), (Stage::Finished { day: 28 }, Verdict::NotEnoughData));
    assert_eq!((end.days_complete, end.days_excluded, end.days_skipped), (2, 2, 24));
}

#[test]
fn stopping_never_gives_an_answer_the_looks_did_not() {
    // Stopped on day 9 of a run that looks very good: no look was reached.
    let mut e = experiment(14);
    for day in 1..=9 {
        rate_day(&mut e, day, -4, 0, 0);
    }
    e.stopped = Some(at(local(start() + Duration::days(9), 8, 0)));
    let r = analyse(&e, end_of(20));
    assert_eq!((r.stage, r.verdict), (Stage::Stopped, Verdict::NotEnoughData));
    let n = r.numbers.as_ref().expect("a stopped experiment shows what it has");
    assert_eq!((r.through_day, n.target.n), (9, 9));
    assert!(n.randomization_p <= ALPHA_FINAL, "the data alone would pass; the plan did not look");
    assert!(text::verdict_sentence(&e.plan, &r, Lang::En).contains("stopped before its first look"));
    // Stopped after the first look extended it.
    let mut e = experiment(14);
    let pattern = [-4, 2, -3, 3, -2, 1, -5, 4, 0, -1];
    for day in 1..=20u16 {
        rate_day(&mut e, day, pattern[usize::from(day) % pattern.len()], 0, 0);
    }
    e.stopped = Some(at(local(start() + Duration::days(20), 8, 0)));
    let r = analyse(&e, end_of(27));
    assert_eq!((r.stage, r.verdict, r.through_day), (Stage::Stopped, Verdict::NoClearDifference, 20));
    assert_eq!(
        accept_rating(&e, 21, Moment::First, at(end_of(21)), Level::ZERO, Level::ZERO, end_of(21)),
        Err(ExperimentError::Stopped)
    );
}

#[test]
fn the_control_region_flags_a_general_pause_effect() {
    let mut e = experiment(14);
    for day in 1..=14 {
        rate_day(&mut e, day, if day % 4 == 0 { 0 } else { -2 }, 0, -2);
    }
    let r = analyse(&e, end_of(14));
    let n = r.numbers.as_ref().expect("numbers");
    assert_eq!((r.verdict, n.control_check), (Verdict::ClearBenefit, ControlCheck::General));
    let s = text::control_sentence(&e.plan, n, Lang::En).expect("a control sentence");
    assert!(s.contains("general effect of pausing"), "{s}");
    assert!(text::control_sentence(&e.plan, n, Lang::Nl).expect("nl").contains("algemeen effect"));
}

#[test]
fn the_result_json_has_the_fields_the_issue_lists() {
    let mut e = experiment(14);
    for day in 1..=14 {
        rate_day(&mut e, day, -2, 0, 0);
    }
    let r = analyse(&e, end_of(14));
    let v = result_json(&e, &r);
    for field in [
        "practice",
        "target_region",
        "control_region",
        "planned_days",
        "days_complete",
        "days_excluded",
        "mean_difference",
        "ci95_low",
        "ci95_high",
        "randomization_p",
        "prob_benefit_1pt",
        "prob_small_difference",
        "control_mean_difference",
        "verdict",
        "stopped",
    ] {
        assert!(v.get(field).is_some(), "{field} missing in {v}");
    }
    assert_eq!(v["verdict"], "clear_benefit");
    assert_eq!(v["mean_difference"], -2.0);
    assert_eq!(v["stopped"], false);
    let running = result_json(&e, &analyse(&e, end_of(3)));
    assert!(running["mean_difference"].is_null() && running["verdict"] == "in_progress", "{running}");
}

// ---- Simulated experiments with known truth ----

/// The verdict and interval of one simulated experiment, read after its last day.
fn run(o: &SimOptions) -> (ExperimentResult, Experiment) {
    let e = simulate(o).expect("valid options");
    let r = analyse(&e, after_the_end(&e.plan));
    (r, e)
}

fn covers(r: &ExperimentResult, truth: f64) -> Option<bool> {
    r.numbers.as_ref().map(|n| n.target.low <= truth && truth <= n.target.high)
}

#[test]
fn simulated_experiments_keep_their_error_rates() {
    // No effect, with drift, tension easing by itself, an evening rhythm, missed and late
    // moments: at most 2.5 % clear benefits over both looks.
    // Every other run is built to fool a comparison without randomisation: tension that comes
    // down strongly by itself, a strong evening rhythm, large drift and more missed moments.
    let runs = 1000;
    let mut clear = 0;
    let mut covered = 0;
    let mut judged = 0;
    for seed in 0..runs {
        let plain = SimOptions::null(seed);
        let fooling = SimOptions {
            natural_relief: 0.7,
            evening_rise: 2.0,
            evening_change: -1.2,
            drift_sd: 2.0,
            missed: 0.1,
            late: 0.05,
            ..SimOptions::null(seed)
        };
        let (r, _) = run(if seed % 2 == 0 { &plain } else { &fooling });
        clear += usize::from(r.verdict == Verdict::ClearBenefit);
        if let Some(c) = covers(&r, 0.0) {
            judged += 1;
            covered += usize::from(c);
        }
    }
    let rate = clear as f64 / runs as f64;
    assert!(rate <= 0.025, "clear benefit without an effect in {clear} of {runs}");
    assert!(covered as f64 / judged as f64 >= 0.93, "null coverage {covered}/{judged}");

    // An effect of −1.5 with a daily SD of d of 1.5: a clear benefit by day 28 in at least 80 %.
    let runs = 300;
    let mut clear = 0;
    let mut covered = 0;
    let mut all_d = Vec::new();
    for seed in 0..runs {
        let (r, _) = run(&SimOptions::with_effect(10_000 + seed, -1.5, 1.5));
        clear += usize::from(r.verdict == Verdict::ClearBenefit);
        covered += usize::from(covers(&r, -1.5) == Some(true));
        // Every simulated day is rated, also after an early answer: all 28 days show the spread.
        all_d.extend(r.days.iter().filter_map(|d| d.d_target).map(f64::from));
    }
    let mean = all_d.iter().sum::<f64>() / all_d.len() as f64;
    let sd = (all_d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (all_d.len() as f64 - 1.0)).sqrt();
    assert!((1.35..=1.65).contains(&sd), "the simulated daily SD of d is {sd}, not about 1.5");
    assert!(close(mean, -1.5, 0.15), "the simulated mean d is {mean}");
    assert!(clear as f64 / runs as f64 >= 0.80, "clear benefit at −1.5 in {clear} of {runs}");
    assert!(covered as f64 / runs as f64 >= 0.93, "coverage at −1.5: {covered} of {runs}");
}

#[test]
fn a_general_pause_effect_is_told_apart_from_a_specific_one() {
    let mut general = 0;
    let mut specific = 0;
    let mut clear = 0;
    for seed in 0..60 {
        let o = SimOptions { control_effect: -1.5, ..SimOptions::with_effect(500 + seed, -1.5, 1.5) };
        let (r, _) = run(&o);
        if r.verdict == Verdict::ClearBenefit {
            clear += 1;
            general += usize::from(r.numbers.as_ref().is_some_and(|n| n.control_check == ControlCheck::General));
        }
        let (r, _) = run(&SimOptions::with_effect(500 + seed, -1.5, 1.5));
        specific += usize::from(r.numbers.as_ref().is_some_and(|n| n.control_check == ControlCheck::Specific));
    }
    assert!(general * 10 >= clear * 9, "general pause flagged in {general} of {clear}");
    assert!(specific >= 54, "specific effect seen as specific in {specific} of 60");
}

/// The calibration table for BENCHMARKS.md: per true effect, the share of each verdict, the
/// share that stopped at the first look, and the 95 % interval's coverage.
#[test]
#[ignore = "calibration run (about a minute in release); figures in BENCHMARKS.md"]
fn calibration() {
    println!(
        "| true effect | runs | clear_benefit | probably_no_benefit | no_clear_difference | not_enough_data | ended at day 14 | coverage |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (effect, runs) in [(0.0, 20_000u64), (-0.5, 4000), (-1.0, 4000), (-1.5, 4000), (-2.0, 4000)] {
        let mut counts = [0usize; 5];
        let (mut early, mut covered, mut judged) = (0, 0, 0);
        for seed in 0..runs {
            let o = if effect == 0.0 { SimOptions::null(seed) } else { SimOptions::with_effect(seed, effect, 1.5) };
            let (r, e) = run(&o);
            counts[match r.verdict {
                Verdict::ClearBenefit => 0,
                Verdict::ProbablyNoBenefit => 1,
                Verdict::NoClearDifference => 2,
                Verdict::NotEnoughData => 3,
                Verdict::InProgress => 4,
            }] += 1;
            early += usize::from(r.stage == Stage::Finished { day: e.plan.planned_days });
            if let Some(c) = covers(&r, effect) {
                judged += 1;
                covered += usize::from(c);
            }
        }
        let pct = |k: usize| format!("{:.2} %", 100.0 * k as f64 / runs as f64);
        println!(
            "| {effect:+.1} | {runs} | {} | {} | {} | {} | {} | {:.1} % |",
            pct(counts[0]),
            pct(counts[1]),
            pct(counts[2]),
            pct(counts[3]),
            pct(early),
            100.0 * covered as f64 / judged.max(1) as f64
        );
        assert_eq!(counts[4], 0, "every simulated experiment ends");
    }
}
