//! Simulated experiments whose truth is known, for testing the analysis.
//!
//! One simulated person runs a real [`Plan`] (the allocation drawn from its seed as always) and
//! rates real moments at real times. Per day and moment:
//! - **Tension**: a day level that drifts from day to day (AR(1), coefficient 0.7, stationary SD
//!   [`SimOptions::drift_sd`]), plus [`SimOptions::evening_rise`] at the second moment, plus a
//!   momentary deviation (SD 1).
//! - **Change** over the wait: tension comes down by itself by [`SimOptions::natural_relief`]
//!   times the momentary deviation (regression to the mean), plus [`SimOptions::evening_change`]
//!   at the second moment, plus the true [`SimOptions::effect`] at the practice moment, plus
//!   noise (SD [`SimOptions::change_sd`]).
//! - **Control region**: its own level, moving with the target (its momentary deviation and its
//!   change noise correlate 0.6 with the target's), plus [`SimOptions::control_effect`] at the
//!   practice moment (equal to the target's effect: a general pause effect).
//! - Ratings are the latent values rounded to whole levels and clamped to 0–10.
//! - **Timing**: the first rating 10 minutes before to 45 minutes after the moment, the second
//!   in its window; with [`SimOptions::missed`] a moment gets no rating, with
//!   [`SimOptions::late`] its first rating comes too late, with [`SimOptions::no_second`] its
//!   second rating never comes, with [`SimOptions::late_second`] it comes too late.
//!
//! The same options always give the same experiment.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::model::experiment::{Arm, Experiment, ExperimentError, Moment, MomentRating, Phase, Plan, PlanDraft};
use crate::model::rng::SplitMix64;
use crate::model::{Level, PracticeKind, Region};

/// One simulated experiment's truth and habits.
#[derive(Clone, Debug, PartialEq)]
pub struct SimOptions {
    /// Seed of everything (the plan's allocation seed is derived from it).
    pub seed: u64,
    /// Days until the first look.
    pub planned_days: u16,
    /// The practice.
    pub practice: PracticeKind,
    /// True effect of practising on the target's change, in points (negative eases).
    pub effect: f64,
    /// True effect of practising on the control region's change.
    pub control_effect: f64,
    /// SD of the noise of a moment's change.
    pub change_sd: f64,
    /// Stationary SD of the day level's drift.
    pub drift_sd: f64,
    /// Share of a momentary deviation that is gone by the second rating.
    pub natural_relief: f64,
    /// Extra tension at the second moment.
    pub evening_rise: f64,
    /// Extra change at the second moment (negative: tension eases more then anyway).
    pub evening_change: f64,
    /// Chance that a moment is not rated at all.
    pub missed: f64,
    /// Chance that a first rating comes too late.
    pub late: f64,
    /// Chance that a second rating never comes.
    pub no_second: f64,
    /// Chance that a second rating comes too late.
    pub late_second: f64,
}

impl SimOptions {
    /// No effect, moderate drift, tension easing by itself, a small evening rhythm, and a few
    /// missed and late moments.
    pub fn null(seed: u64) -> SimOptions {
        SimOptions {
            seed,
            planned_days: 14,
            practice: PracticeKind::Breathing46,
            effect: 0.0,
            control_effect: 0.0,
            change_sd: 0.9,
            drift_sd: 1.0,
            natural_relief: 0.3,
            evening_rise: 0.8,
            evening_change: -0.3,
            missed: 0.04,
            late: 0.03,
            no_second: 0.03,
            late_second: 0.02,
        }
    }

    /// A true effect of `effect` points, with the change noise set so that the SD of a day's
    /// `d` (rounding and the evening rhythm included) is about `sd_of_d`.
    pub fn with_effect(seed: u64, effect: f64, sd_of_d: f64) -> SimOptions {
        let base = SimOptions::null(seed);
        // Var(d) = 2·(relief² + change_sd²) + evening_change² + 4 roundings of 1/12 each.
        let rest = sd_of_d.powi(2) - 4.0 / 12.0 - base.evening_change.powi(2);
        let change_var = (rest / 2.0 - base.natural_relief.powi(2)).max(0.01);
        SimOptions { effect, change_sd: change_var.sqrt(), ..base }
    }
}

/// The first simulated day: Monday 2 March 2026, at +01:00.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date")
}

fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).expect("one hour is a valid offset")
}

fn at(t: NaiveDateTime) -> DateTime<FixedOffset> {
    offset().from_local_datetime(&t).single().unwrap_or_else(|| t.and_utc().fixed_offset())
}

fn level(x: f64) -> Level {
    Level::clamped(x.round() as i64)
}

/// A local time after the longest plan is over: when every day is closed.
pub fn after_the_end(plan: &Plan) -> NaiveDateTime {
    let end = plan.last_date().unwrap_or(plan.start) + Duration::days(1);
    end.and_hms_opt(12, 0, 0).unwrap_or_default()
}

/// Simulates a whole experiment (every day of the longest plan is rated or missed). Refused only
/// when the options make an invalid plan (a length outside 8–28 days).
pub fn simulate(o: &SimOptions) -> Result<Experiment, ExperimentError> {
    let mut rng = SplitMix64::new(o.seed);
    let draft = PlanDraft {
        practice: o.practice,
        practice_name: String::new(),
        practice_minutes: None,
        target: Region::ShoulderLeft,
        control: Region::LegLeft,
        moments: [
            NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
        ],
        start: first_day(),
        planned_days: o.planned_days,
    };
    let created = at(first_day().and_hms_opt(7, 0, 0).unwrap_or_default());
    let plan_seed = o.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5EED;
    let mut e = Experiment::new(Plan::new(&draft, plan_seed, created, first_day())?);
    let phi: f64 = 0.7;
    let innovation = o.drift_sd * (1.0 - phi * phi).sqrt();
    let mut drift = o.drift_sd * rng.normal();
    let wait = i64::from(e.plan.wait_minutes);
    for day in 1..=e.plan.max_days {
        drift = phi * drift + innovation * rng.normal();
        for m in Moment::BOTH {
            let Some(time) = e.plan.scheduled(day, m) else { continue };
            let practice = e.plan.arm(day, m) == Some(Arm::Practice);
            let evening = m == Moment::Second;
            let momentary = rng.normal();
            let control_momentary = 0.6 * momentary + 0.8 * rng.normal();
            let noise = rng.normal();
            let control_noise = 0.6 * noise + 0.8 * rng.normal();
            let before = 5.0 + drift + if evening { o.evening_rise } else { 0.0 } + momentary;
            let change = -o.natural_relief * momentary
                + if evening { o.evening_change } else { 0.0 }
                + if practice { o.effect } else { 0.0 }
                + o.change_sd * noise;
            let c_before = 3.0 + 0.5 * drift + control_momentary;
            let c_change = -o.natural_relief * control_momentary
                + if practice { o.control_effect } else { 0.0 }
                + o.change_sd * control_noise;
            // Habits: the draws are made every time, so that a habit changes nothing else.
            let (miss, late, no_second, late_second) =
                (rng.chance(o.missed), rng.chance(o.late), rng.chance(o.no_second), rng.chance(o.late_second));
            let first_offset = if late { 65.0 + 80.0 * rng.f64() } else { -10.0 + 55.0 * rng.f64() };
            let second_offset =
                if late_second { (wait + 25) as f64 + 30.0 * rng.f64() } else { (wait - 4) as f64 + 19.0 * rng.f64() };
            if miss {
                continue;
            }
            let first = time + Duration::minutes(first_offset as i64);
            e.ratings.push(MomentRating {
                day,
                moment: m,
                phase: Phase::Before,
                at: at(first),
                target: level(before),
                control: level(c_before),
            });
            if no_second {
                continue;
            }
            e.ratings.push(MomentRating {
                day,
                moment: m,
                phase: Phase::After,
                at: at(first + Duration::minutes(second_offset as i64)),
                target: level(before + change),
                control: level(c_before + c_change),
            });
        }
    }
    Ok(e)
}
