//! Simulated journals whose practice effect is known, to test [`relief`](super::relief) (and any
//! later method) against the truth. Separate from the demo journal ([`crate::demo`]), which is
//! made to look real; these are made to be hard in one known way.
//!
//! # The model
//! Every day (a day is skipped now and then, [`SimOptions::skip_day`]) has `check_ins_per_day`
//! check-ins spread evenly from 08:00 to 21:00 (±15 min), each rating all of [`SIM_REGIONS`].
//! A region's latent level at a check-in is
//! `BASE + drift(day) + RISE_PER_HOUR · (hour − 13) + shared + own − relief`, rounded and
//! clamped to 0–10, where
//! - `drift`: a slow day-to-day level, AR(1) with coefficient [`DRIFT_AR`] and standard deviation
//!   [`DRIFT_SD`], shared by the regions;
//! - `shared`: noise per check-in shared by the regions (sd [`SHARED_SD`]); `own`: noise per
//!   region (sd [`OWN_SD`]). These passing peaks are what regresses to the mean;
//! - `relief`: [`SimOptions::relief`] points in the check-ins up to 3 h after a practice.
//!
//! **Practising at tense moments**: at each check-in the chance of a practice (4–6 breathing)
//! is `practice_base + practice_slope · (mean rating − BASE)`, clamped to 0–0.8, so practices
//! come at high ratings. After a practice, with chance [`AFTER_CHECK_IN`], an extra "after"
//! check-in follows 20–90 minutes later (when that is at least 10 minutes before the next
//! scheduled one); otherwise the next scheduled check-in is the "after". A share of practices
//! ([`SimOptions::guided_share`]) is guided instead: a session whose "after" rating comes 3
//! minutes later.
//!
//! With `relief = 0` practising does nothing, yet the plain before → after change is clearly
//! negative: that is the trap the adjusted method must not fall into.
//!
//! The same options always give the same journal (randomness from [`fastrand`] seeded with
//! [`SimOptions::seed`]); uids are `sim-<seed>-<n>`.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use crate::model::{Entry, Level, Practice, PracticeKind, Region, SessionLink, SessionRole};

/// The regions every simulated check-in rates.
pub const SIM_REGIONS: [Region; 3] = [Region::Neck, Region::ShoulderLeft, Region::ShoulderRight];
/// Mean latent level.
pub const BASE: f64 = 4.5;
/// Day-to-day persistence of the drift.
pub const DRIFT_AR: f64 = 0.85;
/// Standard deviation of the drift (stationary).
pub const DRIFT_SD: f64 = 1.0;
/// Noise per check-in shared by the regions.
pub const SHARED_SD: f64 = 1.0;
/// Noise per check-in and region.
pub const OWN_SD: f64 = 0.6;
/// Rise per hour over the day (after 13:00 up, before it down).
pub const RISE_PER_HOUR: f64 = 0.08;
/// Chance of an extra "after" check-in following a practice.
pub const AFTER_CHECK_IN: f64 = 0.6;
/// How long planted relief lasts, in hours.
pub const RELIEF_HOURS: i64 = 3;

/// What journal to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SimOptions {
    /// The seed.
    pub seed: u64,
    /// Days from the first day (some are skipped).
    pub days: u32,
    /// Scheduled check-ins a day (at least 2).
    pub check_ins_per_day: u32,
    /// Planted relief in points (0 = practising has no effect).
    pub relief: f64,
    /// Chance of a practice at a check-in with an average rating.
    pub practice_base: f64,
    /// Extra chance per point of mean rating above [`BASE`].
    pub practice_slope: f64,
    /// Chance that a day has no entries.
    pub skip_day: f64,
    /// Share of practices done with the guided timer: a session whose "after" rating comes
    /// 3 minutes later (instead of the extra or next check-in).
    pub guided_share: f64,
}

impl Default for SimOptions {
    /// A year of seven check-ins a day, practising at tense moments, with no effect.
    fn default() -> Self {
        SimOptions {
            seed: 1,
            days: 365,
            check_ins_per_day: 7,
            relief: 0.0,
            practice_base: 0.08,
            practice_slope: 0.12,
            skip_day: 0.05,
            guided_share: 0.0,
        }
    }
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u = 1.0 - rng.f64();
    let v = rng.f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn first_day() -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(3600).expect("one hour is a valid offset");
    offset.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).single().expect("a fixed offset maps every local time once")
}

/// Simulates a journal (sorted by time). See the [module docs](self).
pub fn simulate(opts: &SimOptions) -> Vec<Entry> {
    let mut rng = fastrand::Rng::with_seed(opts.seed);
    let mut out: Vec<Entry> = Vec::new();
    let mut drift = normal(&mut rng) * DRIFT_SD;
    let innovation = DRIFT_SD * (1.0 - DRIFT_AR * DRIFT_AR).sqrt();
    let per_day = opts.check_ins_per_day.max(2);
    let spacing = 13.0 * 60.0 / f64::from(per_day - 1);
    let mut last_practice: Option<DateTime<FixedOffset>> = None;
    let start = first_day();

    let push = |rng: &mut fastrand::Rng,
                out: &mut Vec<Entry>,
                at: DateTime<FixedOffset>,
                drift: f64,
                lp: Option<DateTime<FixedOffset>>| {
        let hour = f64::from(chrono::Timelike::hour(&at)) + f64::from(chrono::Timelike::minute(&at)) / 60.0;
        let relieved = lp.is_some_and(|p| at > p && at - p <= Duration::hours(RELIEF_HOURS));
        let shared = normal(rng) * SHARED_SD;
        let mut e = Entry::new(at);
        e.uid = format!("sim-{}-{}", opts.seed, out.len());
        let mut sum = 0.0;
        for r in SIM_REGIONS {
            let mut v = BASE + drift + RISE_PER_HOUR * (hour - 13.0) + shared + normal(rng) * OWN_SD;
            if relieved {
                v -= opts.relief;
            }
            let level = v.round().clamp(0.0, 10.0) as u8;
            sum += f64::from(level);
            e.set_tension(r, Some(Level::new(level).unwrap_or(Level::ZERO)));
        }
        out.push(e);
        sum / SIM_REGIONS.len() as f64
    };

    for day in 0..opts.days {
        drift = DRIFT_AR * drift + innovation * normal(&mut rng);
        if rng.f64() < opts.skip_day {
            continue;
        }
        let date = start + Duration::days(i64::from(day));
        let times: Vec<DateTime<FixedOffset>> = (0..per_day)
            .map(|k| {
                let minute = 8.0 * 60.0 + spacing * f64::from(k) + (rng.f64() - 0.5) * 30.0;
                date + Duration::minutes(minute.round() as i64)
            })
            .collect();
        for (k, &at) in times.iter().enumerate() {
            let rating = push(&mut rng, &mut out, at, drift, last_practice);
            let p = (opts.practice_base + opts.practice_slope * (rating - BASE)).clamp(0.0, 0.8);
            if rng.f64() >= p {
                continue;
            }
            let practice = Practice { kind: PracticeKind::Breathing46, minutes: 2 };
            let guided = rng.f64() < opts.guided_share;
            let session =
                |role| SessionLink { id: format!("sim-{}-session-{}", opts.seed, out.len()), role, completed: true };
            let link = session(SessionRole::Before);
            if let Some(e) = out.last_mut() {
                e.practice = Some(practice);
                e.session = guided.then(|| link.clone());
            }
            last_practice = Some(at);
            if guided {
                push(&mut rng, &mut out, at + Duration::minutes(3), drift, last_practice);
                if let Some(e) = out.last_mut() {
                    e.practice = Some(practice);
                    e.session = Some(SessionLink { role: SessionRole::After, ..link });
                }
            } else if rng.f64() < AFTER_CHECK_IN {
                let later = at + Duration::minutes(i64::from(rng.u32(20..=90)));
                let room = times.get(k + 1).is_none_or(|&next| later <= next - Duration::minutes(10));
                if room {
                    push(&mut rng, &mut out, later, drift, last_practice);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulation_is_deterministic_and_practises_at_tense_moments() {
        let opts = SimOptions { days: 60, ..SimOptions::default() };
        let a = simulate(&opts);
        assert_eq!(a, simulate(&opts));
        assert_ne!(a, simulate(&SimOptions { seed: 2, ..opts.clone() }));
        assert!(a.windows(2).all(|w| w[0].at < w[1].at));
        assert!(a.iter().all(|e| e.validate().is_ok() && e.is_check_in()));
        let mean = |es: &mut dyn Iterator<Item = &Entry>| {
            let v: Vec<f64> = es.map(|e| f64::from(e.level_of(Region::Neck).map_or(0, Level::get))).collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        let practised = mean(&mut a.iter().filter(|e| e.practice.is_some()));
        let all = mean(&mut a.iter());
        assert!(practised > all + 0.5, "{practised} vs {all}");
    }
}
