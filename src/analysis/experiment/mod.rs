//! The result of a personal experiment ([`crate::model::experiment`]): does the practice lower
//! the target region's tension more than carrying on as usual?
//!
//! # Per day
//! For every **complete** day (both moments count), with `Δ = after − before` of one moment:
//! `d = Δ(practice moment) − Δ(usual moment)` for the target region, and the same for the
//! control region. Negative `d` means the practice eased tension more than carrying on as usual
//! did: **lower is better**. Ratings are whole numbers, so `d` is a whole number.
//!
//! # Primary test: the randomisation (sign-flip) test
//! Each day's order was drawn by a fair coin. If the practice makes no difference, swapping a
//! day's coin only swaps the sign of its `d`, so under "no difference" every one of the `2ⁿ`
//! sign patterns of the `n` complete days was equally likely. The one-sided p-value of a benefit
//! is the share of sign patterns whose sum is at most the observed sum,
//! `p = #{s ∈ {−1, 1}ⁿ : Σ sᵢ·|dᵢ| ≤ Σ dᵢ} / 2ⁿ` ([`sign_flip_p`]). Because `d` is a whole
//! number, the `2ⁿ` sums are counted exactly by a convolution over the possible totals (at most
//! `n × 40 + 1` of them), for any number of days: no Monte Carlo sampling, so no seed and no
//! sampling error. The test is valid by design whatever the drift and autocorrelation of
//! tension over days (Onghena & Edgington 1994), since it uses only the coin.
//!
//! # Estimate
//! The mean `d` with an interval over days: `mean ± t(1 − α, n − 1) · s / √n`, where `s` is the
//! standard deviation of `d` over days, taken as at least [`MIN_SPREAD`] (half a point: ratings
//! are whole numbers, and a spread of 0 over a few days is rounding, not certainty), and `α` is
//! the level of the look ([`interval_level`]: 99 % at the first look, 96 % at the second). An
//! interval read at a look the data decided to stop at is biased towards the extremes; these
//! levels make the two looks' intervals together a 95 % interval for the whole procedure
//! (a repeated confidence interval), so "95 % interval" stays true.
//!
//! # Bayesian summary (under "details")
//! A sceptical prior on the true mean `μ`: normal, centred on no difference, SD [`PRIOR_SD`]
//! (1 point: a difference beyond 2 points is thought unlikely until the data show it). The data's
//! likelihood of `μ` is Student's t with `n − 1` degrees of freedom around the mean `d` with
//! scale `s / √n` (the spread unknown). The posterior is integrated numerically and gives
//! [`Numbers::prob_benefit_1pt`] = P(μ ≤ −1) and [`Numbers::prob_small_difference`] =
//! P(|μ| < 0.5). It informs; it does not decide the verdict.
//!
//! # Control region
//! The control region's mean `d` ([`Numbers::control`]). When the target eased and the control
//! eased at least half as much, the sentence says it looks like a general effect of pausing, not
//! specific to the target ([`ControlCheck::General`]).
//!
//! # Looks and verdicts, fixed before the data
//! One look after day [`Plan::planned_days`] (14), and, when the answer is still unclear, one
//! more after day [`Plan::max_days`] (28). Over both looks the chance of calling a clear benefit
//! when the practice makes no difference is at most `ALPHA_LOOK + ALPHA_FINAL` = 2.5 % (each
//! test is exact at its level; the union of the two events has at most the sum of their
//! chances), however the two looks depend on each other. At a look over days `1..=k` with `n`
//! complete days:
//! 1. **`clear_benefit`**: mean `d` < 0 and `p ≤ α` (α = [`ALPHA_LOOK`] at the first look,
//!    [`ALPHA_FINAL`] at the second). The experiment ends.
//! 2. With fewer complete days than could ever reach `α` (`2⁻ⁿ > α`: 8 days at the first look, 6
//!    at the second): at the first look the experiment goes on; at the second it ends as
//!    **`not_enough_data`**.
//! 3. **`probably_no_benefit`**: the 95 % interval excludes a benefit of 1 point or more (its
//!    lower end is above −1). The experiment ends.
//! 4. Otherwise the first look extends the experiment to its second look, and the second look
//!    ends it as **`no_clear_difference`**.
//!
//! Before the first look the verdict is **`in_progress`**, or **`not_enough_data`** as soon as
//! the complete days so far plus every day still to come are too few to ever reach the second
//! look's α. While the experiment runs no numbers are shown, so that they cannot colour the
//! ratings still to come.
//!
//! **Stopped** experiments: the verdict is the one of the last look reached before the stop
//! (`not_enough_data` when it was stopped before its first look; `no_clear_difference` when it
//! was stopped after the first look extended it), so stopping early can never produce a clear
//! benefit the plan's looks did not find. The numbers over the complete days are shown, marked
//! as stopped.

pub mod sim;
pub mod text;

#[cfg(test)]
mod tests;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::stats::t_quantile;
use crate::model::experiment::{
    DayState, Exclusion, Experiment, ExperimentError, Moment, MomentRating, MomentState, Phase, Plan,
};
use crate::model::{Level, Region};

/// The first look's level: a clear benefit at the first look needs `p ≤ 0.005`.
pub const ALPHA_LOOK: f64 = 0.005;
/// The second look's level: a clear benefit at the second look needs `p ≤ 0.02`.
pub const ALPHA_FINAL: f64 = 0.02;
/// A benefit worth having, in points (for "probably no benefit" and the Bayesian summary).
pub const BENEFIT_POINTS: f64 = 1.0;
/// A difference too small to matter, in points either way.
pub const SMALL_POINTS: f64 = 0.5;
/// The sceptical prior's standard deviation, in points.
pub const PRIOR_SD: f64 = 1.0;
/// The least standard deviation of `d` used for intervals and the Bayesian summary.
pub const MIN_SPREAD: f64 = 0.5;

/// The answer of an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The practice lowered the target's tension more than carrying on as usual, clearly.
    ClearBenefit,
    /// No clear difference either way.
    NoClearDifference,
    /// A benefit of a point or more is unlikely.
    ProbablyNoBenefit,
    /// Still running; the answer comes at a planned look.
    InProgress,
    /// Too few complete days for any answer.
    NotEnoughData,
}

impl Verdict {
    /// Stable code, as in the JSON output.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::ClearBenefit => "clear_benefit",
            Verdict::NoClearDifference => "no_clear_difference",
            Verdict::ProbablyNoBenefit => "probably_no_benefit",
            Verdict::InProgress => "in_progress",
            Verdict::NotEnoughData => "not_enough_data",
        }
    }
}

/// Where the experiment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Its first day has not come yet.
    NotStarted,
    /// Running towards its first look (day given: today's day number).
    Running {
        /// Today's day of the experiment.
        day: u16,
    },
    /// The first look was unclear; running towards the second.
    Extended {
        /// Today's day of the experiment.
        day: u16,
    },
    /// Ended with an answer at the look after day `day`.
    Finished {
        /// The last day the answer covers.
        day: u16,
    },
    /// Stopped by the person.
    Stopped,
}

impl Stage {
    /// True when the experiment takes no more ratings.
    pub fn is_over(self) -> bool {
        matches!(self, Stage::Finished { .. } | Stage::Stopped)
    }
}

/// What the control region did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlCheck {
    /// The target did not ease (or too few days): nothing to check.
    NotApplicable,
    /// The control eased less than half as much as the target: specific to the target.
    Specific,
    /// The control eased at least half as much: a general effect of pausing.
    General,
}

/// A mean with its 95 % interval over days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Days.
    pub n: usize,
    /// The mean.
    pub mean: f64,
    /// Lower end of the 95 % interval.
    pub low: f64,
    /// Upper end of the 95 % interval.
    pub high: f64,
}

/// One day as the result shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct DayOutcome {
    /// The day of the experiment, from 1.
    pub day: u16,
    /// Where it stands.
    pub state: DayState,
    /// `d` of the target region (complete days only).
    pub d_target: Option<i32>,
    /// `d` of the control region (complete days only).
    pub d_control: Option<i32>,
    /// Why each moment that does not count does not.
    pub exclusions: Vec<(Moment, Exclusion)>,
}

/// The numbers of a look (or of a stopped experiment).
#[derive(Clone, Debug, PartialEq)]
pub struct Numbers {
    /// The target's mean `d` with its interval.
    pub target: Estimate,
    /// One-sided p-value of a benefit (the sign-flip test).
    pub randomization_p: f64,
    /// The level the p-value was held to.
    pub alpha: f64,
    /// P(true mean `d` ≤ −1) under the sceptical prior.
    pub prob_benefit_1pt: f64,
    /// P(|true mean `d`| < 0.5) under the sceptical prior.
    pub prob_small_difference: f64,
    /// The control region's mean `d`.
    pub control: Estimate,
    /// What the control region says.
    pub control_check: ControlCheck,
    /// Days on which the practice did better (`d < 0`), worse, and the same.
    pub better_days: usize,
    /// Days with `d > 0`.
    pub worse_days: usize,
    /// Days with `d = 0`.
    pub same_days: usize,
    /// Complete days on which the practice came first.
    pub practice_first_days: usize,
    /// The target's mean before and after the practice moments of complete days (no comparison).
    pub plain_before: f64,
    /// See [`Numbers::plain_before`].
    pub plain_after: f64,
    /// Each complete day's target `d` (for the dot plot), in day order.
    pub days: Vec<(u16, i32)>,
}

/// The whole result at one time.
#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentResult {
    /// Where the experiment is.
    pub stage: Stage,
    /// The answer.
    pub verdict: Verdict,
    /// The days the counts and numbers cover (1 to this).
    pub through_day: u16,
    /// Complete days among them.
    pub days_complete: usize,
    /// Excluded days among them.
    pub days_excluded: usize,
    /// Skipped days among them.
    pub days_skipped: usize,
    /// Every day of the plan (the longest length), with its state.
    pub days: Vec<DayOutcome>,
    /// The numbers: at a look, or for a stopped experiment; `None` while running.
    pub numbers: Option<Numbers>,
}

impl ExperimentResult {
    /// The day the next look comes after, while running.
    pub fn next_look(&self, plan: &Plan) -> Option<u16> {
        match self.stage {
            Stage::NotStarted | Stage::Running { .. } => Some(plan.planned_days),
            Stage::Extended { .. } => Some(plan.max_days),
            Stage::Finished { .. } | Stage::Stopped => None,
        }
    }
}

/// The one-sided p-value of the sign-flip test that `d` (whole numbers) lean negative: the share
/// of the `2ⁿ` sign patterns `s` with `Σ sᵢ·|dᵢ| ≤ Σ dᵢ`. Exact, by counting the patterns per
/// total. 1 for no days.
pub fn sign_flip_p(d: &[i32]) -> f64 {
    let total: i64 = d.iter().map(|&x| i64::from(x.unsigned_abs())).sum();
    let observed: i64 = d.iter().map(|&x| i64::from(x)).sum();
    let width = usize::try_from(2 * total + 1).unwrap_or(1);
    // Probabilities, not counts: each day halves, so every value is an exact binary fraction
    // while it has fewer than 53 significant bits (n ≤ 52 days); beyond that the rounding is
    // far below any level that matters.
    let mut dist = vec![0.0f64; width];
    let offset = usize::try_from(total).unwrap_or(0);
    dist[offset] = 1.0;
    let mut reach = 0usize;
    for &x in d {
        let a = x.unsigned_abs() as usize;
        if a == 0 {
            continue;
        }
        let mut next = vec![0.0f64; width];
        for (i, &p) in dist.iter().enumerate().skip(offset - reach).take(2 * reach + 1) {
            if p != 0.0 {
                next[i - a] += 0.5 * p;
                next[i + a] += 0.5 * p;
            }
        }
        dist = next;
        reach += a;
    }
    let cut = observed + total;
    let cut = usize::try_from(cut).unwrap_or(0);
    dist[..=cut.min(width - 1)].iter().sum::<f64>().min(1.0)
}

/// The mean of `xs` with a two-sided t interval at `level` (e.g. 0.95), the SD taken as at
/// least [`MIN_SPREAD`]. `None` for fewer than 2 values.
pub fn estimate(xs: &[f64], level: f64) -> Option<Estimate> {
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let sd = spread(xs, mean);
    let half = t_quantile(0.5 + level / 2.0, nf - 1.0) * sd / nf.sqrt();
    Some(Estimate { n, mean, low: mean - half, high: mean + half })
}

fn spread(xs: &[f64], mean: f64) -> f64 {
    let n = xs.len() as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    var.sqrt().max(MIN_SPREAD)
}

/// The posterior probabilities `(P(μ ≤ −1), P(|μ| < 0.5))` of the true mean `μ` of `xs` under
/// the sceptical normal prior (SD [`PRIOR_SD`]) and a Student-t likelihood (see the module docs).
/// `None` for fewer than 2 values.
pub fn posterior(xs: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let se = spread(xs, mean) / nf.sqrt();
    let lo = (mean - 12.0 * se).min(-6.0 * PRIOR_SD);
    let hi = (mean + 12.0 * se).max(6.0 * PRIOR_SD);
    const STEPS: usize = 1200;
    let h = (hi - lo) / STEPS as f64;
    let (mut all, mut benefit, mut small) = (0.0, 0.0, 0.0);
    for i in 0..=STEPS {
        let mu = lo + h * i as f64;
        let z = (mu - mean) / se;
        let log = -0.5 * (mu / PRIOR_SD).powi(2) - 0.5 * nf * (z * z / (nf - 1.0)).ln_1p();
        // Trapezoid weights.
        let w = if i == 0 || i == STEPS { 0.5 } else { 1.0 } * log.exp();
        all += w;
        if mu <= -BENEFIT_POINTS {
            benefit += w;
        }
        if mu.abs() < SMALL_POINTS {
            small += w;
        }
    }
    (all > 0.0).then(|| (benefit / all, small / all))
}

/// The level of the interval shown at a look held to `alpha`: `1 − 2α` (99 % at the first look,
/// 96 % at the second). Each look's one-sided test and its interval then agree, and over both
/// looks the intervals miss the truth at most `2·(ALPHA_LOOK + ALPHA_FINAL)` = 5 % of the time:
/// together they are a 95 % interval that allows for the two looks (a repeated confidence
/// interval, Jennison & Turnbull 1989).
pub fn interval_level(alpha: f64) -> f64 {
    1.0 - 2.0 * alpha
}

/// The smallest number of complete days whose best possible p-value (`2⁻ⁿ`) reaches `alpha`.
pub fn days_needed(alpha: f64) -> usize {
    (1..64).find(|&n| 0.5f64.powi(n) <= alpha).map_or(64, |n| n as usize)
}

/// Checks a rating of `day`'s `moment` at `at` against the plan and the experiment's progress
/// (`now` is the local time) and returns it ready to save.
#[allow(clippy::too_many_arguments)]
pub fn accept_rating(
    e: &Experiment,
    day: u16,
    moment: Moment,
    at: chrono::DateTime<chrono::FixedOffset>,
    target: Level,
    control: Level,
    now: NaiveDateTime,
) -> Result<MomentRating, ExperimentError> {
    if e.stopped.is_some() {
        return Err(ExperimentError::Stopped);
    }
    if matches!(analyse(e, now).stage, Stage::Finished { .. }) {
        return Err(ExperimentError::Finished);
    }
    let phase = e.check_rating(day, moment, at.naive_local(), now)?;
    Ok(MomentRating { day, moment, phase, at, target, control })
}

/// Whether a new experiment may start at local time `now`, given the latest one: not while that
/// one is still running (not finished and not stopped).
pub fn may_start(latest: Option<&Experiment>, now: NaiveDateTime) -> Result<(), ExperimentError> {
    match latest {
        Some(e) if !analyse(e, now).stage.is_over() => Err(ExperimentError::AlreadyRunning),
        _ => Ok(()),
    }
}

/// The ratings of a complete day's moment: `(Δ target, Δ control, before target, after target)`.
fn changes(e: &Experiment, day: u16, moment: Moment) -> Option<(i32, i32, i32, i32)> {
    let b = e.rating(day, moment, Phase::Before)?;
    let a = e.rating(day, moment, Phase::After)?;
    let lv = |l: Level| i32::from(l.get());
    Some((lv(a.target) - lv(b.target), lv(a.control) - lv(b.control), lv(b.target), lv(a.target)))
}

fn outcome(e: &Experiment, day: u16, now: NaiveDateTime) -> DayOutcome {
    let state = e.day_state(day, now);
    let exclusions = Moment::BOTH
        .into_iter()
        .filter_map(|m| match e.moment_state(day, m, now) {
            MomentState::Excluded(x) => Some((m, x)),
            _ => None,
        })
        .collect();
    let (mut d_target, mut d_control) = (None, None);
    if state == DayState::Complete
        && let Some(p) = e.plan.practice_moment(day)
        && let (Some(cp), Some(cu)) = (changes(e, day, p), changes(e, day, other(p)))
    {
        d_target = Some(cp.0 - cu.0);
        d_control = Some(cp.1 - cu.1);
    }
    DayOutcome { day, state, d_target, d_control, exclusions }
}

fn other(m: Moment) -> Moment {
    if m == Moment::First { Moment::Second } else { Moment::First }
}

/// What a look over days `1..=through` decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    Clear,
    NoBenefit,
    TooFew,
    Unclear,
}

fn numbers(e: &Experiment, days: &[DayOutcome], through: u16, alpha: f64) -> Option<Numbers> {
    let complete: Vec<&DayOutcome> =
        days.iter().filter(|d| d.day <= through && d.d_target.is_some() && d.d_control.is_some()).collect();
    let d: Vec<i32> = complete.iter().filter_map(|x| x.d_target).collect();
    let c: Vec<f64> = complete.iter().filter_map(|x| x.d_control).map(f64::from).collect();
    let df: Vec<f64> = d.iter().copied().map(f64::from).collect();
    let target = estimate(&df, interval_level(alpha))?;
    let control = estimate(&c, interval_level(alpha))?;
    let (prob_benefit_1pt, prob_small_difference) = posterior(&df)?;
    let control_check = if target.mean >= 0.0 {
        ControlCheck::NotApplicable
    } else if control.mean <= target.mean / 2.0 {
        ControlCheck::General
    } else {
        ControlCheck::Specific
    };
    let (mut before, mut after) = (0.0, 0.0);
    let mut practice_first_days = 0;
    for x in &complete {
        if let Some(p) = e.plan.practice_moment(x.day)
            && let Some((_, _, b, a)) = changes(e, x.day, p)
        {
            before += f64::from(b);
            after += f64::from(a);
            practice_first_days += usize::from(p == Moment::First);
        }
    }
    let n = complete.len() as f64;
    Some(Numbers {
        target,
        randomization_p: sign_flip_p(&d),
        alpha,
        prob_benefit_1pt,
        prob_small_difference,
        control,
        control_check,
        better_days: d.iter().filter(|&&x| x < 0).count(),
        worse_days: d.iter().filter(|&&x| x > 0).count(),
        same_days: d.iter().filter(|&&x| x == 0).count(),
        practice_first_days,
        plain_before: before / n,
        plain_after: after / n,
        days: complete.iter().filter_map(|x| x.d_target.map(|v| (x.day, v))).collect(),
    })
}

fn decide(numbers: Option<&Numbers>, complete: usize, alpha: f64) -> Decision {
    let Some(x) = numbers else { return Decision::TooFew };
    if x.target.mean < 0.0 && x.randomization_p <= alpha {
        Decision::Clear
    } else if complete < days_needed(alpha) {
        Decision::TooFew
    } else if x.target.low > -BENEFIT_POINTS {
        Decision::NoBenefit
    } else {
        Decision::Unclear
    }
}

/// The result of experiment `e` at local time `now`, by the rules fixed in the plan (see the
/// module docs).
pub fn analyse(e: &Experiment, now: NaiveDateTime) -> ExperimentResult {
    let plan = &e.plan;
    let days: Vec<DayOutcome> = (1..=plan.max_days).map(|day| outcome(e, day, now)).collect();
    // Whether the plan reached the end of day `k` (before a stop, if stopped).
    let reach = e.stopped_local().map_or(now, |s| s.min(now));
    let unstopped = Experiment { stopped: None, ..e.clone() };
    let closed_through =
        |k: u16| (1..=k).all(|day| !matches!(unstopped.day_state(day, reach), DayState::Running | DayState::Upcoming));
    let count = |through: u16, state: DayState| days.iter().filter(|d| d.day <= through && d.state == state).count();
    let today = plan.day_of(now.date());
    let before_start = now.date() < plan.start;

    let finish = |through: u16, verdict: Verdict, alpha: f64| {
        let numbers = numbers(e, &days, through, alpha);
        ExperimentResult {
            stage: Stage::Finished { day: through },
            verdict,
            through_day: through,
            days_complete: count(through, DayState::Complete),
            days_excluded: count(through, DayState::Excluded),
            days_skipped: count(through, DayState::Skipped),
            days: days.clone(),
            numbers,
        }
    };
    let look = |through: u16, alpha: f64| {
        let n = count(through, DayState::Complete);
        decide(numbers(e, &days, through, alpha).as_ref(), n, alpha)
    };
    let verdict_of = |d: Decision| match d {
        Decision::Clear => Verdict::ClearBenefit,
        Decision::NoBenefit => Verdict::ProbablyNoBenefit,
        Decision::TooFew => Verdict::NotEnoughData,
        Decision::Unclear => Verdict::NoClearDifference,
    };

    let mut extended = false;
    if closed_through(plan.planned_days) {
        match look(plan.planned_days, ALPHA_LOOK) {
            d @ (Decision::Clear | Decision::NoBenefit) => {
                return finish(plan.planned_days, verdict_of(d), ALPHA_LOOK);
            }
            Decision::TooFew | Decision::Unclear => extended = true,
        }
        if closed_through(plan.max_days) {
            let d = look(plan.max_days, ALPHA_FINAL);
            return finish(plan.max_days, verdict_of(d), ALPHA_FINAL);
        }
    }
    // Running or stopped between looks.
    let through = if e.stopped.is_some() {
        (1..=plan.max_days).take_while(|&k| closed_through(k)).last().unwrap_or(0)
    } else {
        today.map_or(if before_start { 0 } else { plan.max_days }, |t| t)
    };
    let complete = count(plan.max_days, DayState::Complete);
    let still_possible = days
        .iter()
        .filter(|d| matches!(d.state, DayState::Running | DayState::Upcoming))
        .filter(|d| extended || d.day <= plan.max_days)
        .count();
    let stage = if e.stopped.is_some() {
        Stage::Stopped
    } else if before_start {
        Stage::NotStarted
    } else if extended {
        Stage::Extended { day: through }
    } else {
        Stage::Running { day: through }
    };
    let verdict = if e.stopped.is_some() {
        if extended { Verdict::NoClearDifference } else { Verdict::NotEnoughData }
    } else if complete + still_possible < days_needed(ALPHA_FINAL) {
        Verdict::NotEnoughData
    } else {
        Verdict::InProgress
    };
    let numbers = if e.stopped.is_some() { numbers(e, &days, through, ALPHA_FINAL) } else { None };
    ExperimentResult {
        stage,
        verdict,
        through_day: through,
        days_complete: count(through, DayState::Complete),
        days_excluded: count(through, DayState::Excluded),
        days_skipped: count(through, DayState::Skipped),
        days,
        numbers,
    }
}

/// The result as the command line's `experiment result --format json` writes it: the plan, the
/// counts, the numbers (`null` while running) and the verdict.
pub fn result_json(e: &Experiment, r: &ExperimentResult) -> serde_json::Value {
    let p = &e.plan;
    let x = r.numbers.as_ref();
    let num = |f: &dyn Fn(&Numbers) -> f64| x.map(f).filter(|v| v.is_finite());
    let moments: Vec<String> = p.moments.iter().map(|m| m.format("%H:%M").to_string()).collect();
    serde_json::json!({
        "id": p.uid,
        "practice": p.practice.code(),
        "practice_name": p.practice_name,
        "target_region": p.target.code(),
        "control_region": p.control.code(),
        "moments": moments,
        "start": p.start.format("%Y-%m-%d").to_string(),
        "planned_days": p.planned_days,
        "max_days": p.max_days,
        "wait_minutes": p.wait_minutes,
        "stage": stage_code(r.stage),
        "through_day": r.through_day,
        "days_complete": r.days_complete,
        "days_excluded": r.days_excluded,
        "days_skipped": r.days_skipped,
        "mean_difference": num(&|n| n.target.mean),
        "ci95_low": num(&|n| n.target.low),
        "ci95_high": num(&|n| n.target.high),
        "randomization_p": num(&|n| n.randomization_p),
        "alpha": num(&|n| n.alpha),
        "prob_benefit_1pt": num(&|n| n.prob_benefit_1pt),
        "prob_small_difference": num(&|n| n.prob_small_difference),
        "control_mean_difference": num(&|n| n.control.mean),
        "control_ci95_low": num(&|n| n.control.low),
        "control_ci95_high": num(&|n| n.control.high),
        "control_check": x.map(|n| n.control_check),
        "better_days": x.map(|n| n.better_days),
        "worse_days": x.map(|n| n.worse_days),
        "same_days": x.map(|n| n.same_days),
        "plain_before": num(&|n| n.plain_before),
        "plain_after": num(&|n| n.plain_after),
        "daily_differences": x.map(|n| n.days.iter().map(|(day, d)| serde_json::json!({"day": day, "d": d})).collect::<Vec<_>>()),
        "verdict": r.verdict.code(),
        "stopped": e.stopped.is_some(),
    })
}

/// Stable code of a stage, for files.
pub fn stage_code(s: Stage) -> &'static str {
    match s {
        Stage::NotStarted => "not_started",
        Stage::Running { .. } => "running",
        Stage::Extended { .. } => "extended",
        Stage::Finished { .. } => "finished",
        Stage::Stopped => "stopped",
    }
}

/// The region the practice should ease by default: the one with the highest mean level over the
/// check-ins of the 4 weeks up to `today`, other than `except` (the control region); the neck (or
/// the jaw) when there are none.
pub fn default_target(entries: &[crate::model::Entry], today: chrono::NaiveDate, except: Region) -> Region {
    let from = crate::model::dates::days_before(today, 27).unwrap_or(today);
    let mut sums = [0u32; Region::COUNT];
    let mut n = 0u32;
    for e in entries {
        let date = e.at.date_naive();
        if date < from || date > today {
            continue;
        }
        if let Some(levels) = e.levels() {
            n += 1;
            for (s, l) in sums.iter_mut().zip(levels) {
                *s += u32::from(l);
            }
        }
    }
    let mut best = if except == Region::Neck { Region::Jaw } else { Region::Neck };
    if n == 0 {
        return best;
    }
    for r in Region::ALL {
        if r != except && sums[r.index()] > sums[best.index()] {
            best = r;
        }
    }
    best
}
