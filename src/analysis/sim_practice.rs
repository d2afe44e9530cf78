//! Simulated journals whose practice effect is known, to test [`relief`](super::relief) (and any
//! later method) against the truth. Separate from the demo journal ([`crate::demo`]), which is
//! made to look real; these are made to be hard in known ways.
//!
//! # The model
//! Every day (a day is skipped now and then, [`SimOptions::skip_day`]) has `check_ins_per_day`
//! scheduled check-ins spread evenly from 08:00 to 21:00 (±15 min), each rating all of
//! [`SIM_REGIONS`]. A region's latent level at an instant `t` is
//! `BASE + day(t) + RISE_PER_HOUR · (hour − 13) + shared(t) + own(t) + noise − relief`, rounded
//! and clamped to 0–10, where
//! - `day`: the **day state**, a slow day-to-day level, AR(1) over days with coefficient
//!   [`DRIFT_AR`] and standard deviation [`DRIFT_SD`], shared by the regions; it does not fade
//!   within the day;
//! - `shared`, `own`: the **momentary state**, shared by the regions (sd [`SHARED_SD`]) and per
//!   region (sd [`OWN_SD`]). Each is an Ornstein–Uhlenbeck process in continuous time: a
//!   deviation fades as `e^(−Δt/τ)` with `τ` = [`SimOptions::fade_minutes`], so a tense moment is
//!   still partly there minutes later and gone hours later (for a short `τ`) or still there hours
//!   later (for a long one). `fade_minutes = 0` draws it anew at every rating (a peak is over by
//!   the next rating, however soon). [`SimOptions::own_fade_minutes`] gives the per-region part a
//!   time constant of its own: tension that fades at two speeds at once;
//! - `noise`: **rating noise**, fresh in every rating and region (sd [`RATING_SD`]);
//! - `relief`: [`SimOptions::relief`] points in every rating up to [`RELIEF_HOURS`] after a
//!   practice (not in the rating logged with the practice, which comes before it).
//!
//! **Practising at tense moments**: at each scheduled check-in the chance of a practice (4–6
//! breathing) is `practice_base + practice_slope · (mean rating − BASE)`, clamped to 0–0.8, so
//! practices come at high ratings. A share of practices ([`SimOptions::guided_share`]) is guided:
//! a session whose "after" rating comes [`SimOptions::guided_minutes`] later. After any other
//! practice, with chance [`SimOptions::after_check_in`], an extra "after" check-in follows 20–90
//! minutes later (when that is at least 10 minutes before the next scheduled one); otherwise the
//! next scheduled check-in is the "after".
//!
//! **Ratings again without a practice** ([`SimOptions::recheck`]): after a scheduled check-in
//! without a practice, a second rating comes a few minutes to an hour later
//! ([`SimOptions::recheck_minutes`]), more often at tense moments (the chance grows by half for
//! each point of mean rating above [`BASE`]). These are the pairs a short guided session can be
//! compared with; without them it cannot.
//!
//! With `relief = 0` practising does nothing, yet the plain before → after change is clearly
//! negative: that is the trap the adjusted method must not fall into. With a long `fade_minutes`,
//! a guided "after" rating minutes later has not come down as far as the next scheduled check-in
//! would have: the trap the gap model must not fall into.
//!
//! The same options always give the same journal (randomness from [`fastrand`] seeded with
//! [`SimOptions::seed`]); uids are `sim-<seed>-<n>`.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use crate::model::{Entry, Level, Practice, PracticeKind, Region, SessionLink, SessionRole};

/// The regions every simulated check-in rates.
pub const SIM_REGIONS: [Region; 3] = [Region::Neck, Region::ShoulderLeft, Region::ShoulderRight];
/// Mean latent level.
pub const BASE: f64 = 4.5;
/// Day-to-day persistence of the day state.
pub const DRIFT_AR: f64 = 0.85;
/// Standard deviation of the day state (stationary).
pub const DRIFT_SD: f64 = 1.0;
/// Standard deviation of the momentary state shared by the regions.
pub const SHARED_SD: f64 = 1.0;
/// Standard deviation of the momentary state of each region.
pub const OWN_SD: f64 = 0.6;
/// Standard deviation of the rating noise (fresh in every rating).
pub const RATING_SD: f64 = 0.4;
/// Rise per hour over the day (after 13:00 up, before it down).
pub const RISE_PER_HOUR: f64 = 0.08;
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
    /// [`SimOptions::guided_minutes`] later (instead of the extra or next check-in).
    pub guided_share: f64,
    /// Minutes from a guided session's "before" rating to its "after" rating.
    pub guided_minutes: u32,
    /// Chance of an extra "after" check-in 20–90 minutes after a practice that is not guided.
    pub after_check_in: f64,
    /// Time constant, in minutes, with which the momentary state fades; 0 draws it anew at every
    /// rating.
    pub fade_minutes: f64,
    /// A different time constant for the momentary state of each region (the shared one keeps
    /// [`SimOptions::fade_minutes`]): tension that fades at two speeds at once. `None`: the same.
    pub own_fade_minutes: Option<f64>,
    /// Chance, at an average rating, that a scheduled check-in without a practice is rated again
    /// without one [`SimOptions::recheck_minutes`] later.
    pub recheck: f64,
    /// Range of minutes (both included) from a check-in to its second rating.
    pub recheck_minutes: (u32, u32),
}

impl Default for SimOptions {
    /// A year of seven check-ins a day, practising at tense moments, with no effect; each
    /// momentary peak drawn anew at every rating; no second ratings without a practice.
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
            guided_minutes: 3,
            after_check_in: 0.6,
            fade_minutes: 0.0,
            own_fade_minutes: None,
            recheck: 0.0,
            recheck_minutes: (2, 60),
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

/// The momentary state: one Ornstein–Uhlenbeck value shared by the regions and one per region,
/// moved forward to each rating's instant.
struct Moment {
    /// Time constants in seconds (0: independent draws), shared and per region.
    tau: f64,
    own_tau: f64,
    /// Instant of the last value.
    at: Option<i64>,
    shared: f64,
    own: [f64; SIM_REGIONS.len()],
}

impl Moment {
    /// Moves the state to `t` (seconds) and returns it.
    fn at(&mut self, rng: &mut fastrand::Rng, t: i64) -> (f64, [f64; SIM_REGIONS.len()]) {
        // The share of the old value kept: e^(−Δt/τ); a fresh start keeps nothing.
        let keep = |tau: f64| match self.at {
            Some(last) if tau > 0.0 => (-((t - last) as f64) / tau).exp(),
            _ => 0.0,
        };
        let (keep, keep_own) = (keep(self.tau), keep(self.own_tau));
        self.shared = keep * self.shared + (1.0 - keep * keep).sqrt() * SHARED_SD * normal(rng);
        for v in &mut self.own {
            *v = keep_own * *v + (1.0 - keep_own * keep_own).sqrt() * OWN_SD * normal(rng);
        }
        self.at = Some(t);
        (self.shared, self.own)
    }
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
    let tau = opts.fade_minutes.max(0.0) * 60.0;
    let own_tau = opts.own_fade_minutes.map_or(tau, |m| m.max(0.0) * 60.0);
    let mut moment = Moment { tau, own_tau, at: None, shared: 0.0, own: [0.0; 3] };
    let start = first_day();

    // Adds one check-in at `at` and returns its mean rating.
    let mut push = |rng: &mut fastrand::Rng,
                    out: &mut Vec<Entry>,
                    at: DateTime<FixedOffset>,
                    drift: f64,
                    lp: Option<DateTime<FixedOffset>>| {
        let hour = f64::from(chrono::Timelike::hour(&at)) + f64::from(chrono::Timelike::minute(&at)) / 60.0;
        let relieved = lp.is_some_and(|p| at > p && at - p <= Duration::hours(RELIEF_HOURS));
        let (shared, own) = moment.at(rng, at.timestamp());
        let mut e = Entry::new(at);
        e.uid = format!("sim-{}-{}", opts.seed, out.len());
        let mut sum = 0.0;
        for (k, r) in SIM_REGIONS.into_iter().enumerate() {
            let mut v = BASE + drift + RISE_PER_HOUR * (hour - 13.0) + shared + own[k] + normal(rng) * RATING_SD;
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
            // Room for a second rating before the next scheduled one.
            let room = |later: DateTime<FixedOffset>| {
                times.get(k + 1).is_none_or(|&next| later <= next - Duration::minutes(10))
            };
            let p = (opts.practice_base + opts.practice_slope * (rating - BASE)).clamp(0.0, 0.8);
            if rng.f64() >= p {
                let chance = (opts.recheck * (1.0 + 0.5 * (rating - BASE))).clamp(0.0, 1.0);
                if rng.f64() < chance {
                    let (lo, hi) = opts.recheck_minutes;
                    let later = at + Duration::minutes(i64::from(rng.u32(lo.min(hi)..=hi.max(lo))));
                    if room(later) {
                        push(&mut rng, &mut out, later, drift, last_practice);
                    }
                }
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
                let later = at + Duration::minutes(i64::from(opts.guided_minutes.max(1)));
                push(&mut rng, &mut out, later, drift, last_practice);
                if let Some(e) = out.last_mut() {
                    e.practice = Some(practice);
                    e.session = Some(SessionLink { role: SessionRole::After, ..link });
                }
            } else if rng.f64() < opts.after_check_in {
                let later = at + Duration::minutes(i64::from(rng.u32(20..=90)));
                if room(later) {
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

    fn neck(e: &Entry) -> f64 {
        f64::from(e.level_of(Region::Neck).map_or(0, Level::get))
    }

    #[test]
    fn simulation_is_deterministic_and_practises_at_tense_moments() {
        let opts = SimOptions { days: 60, ..SimOptions::default() };
        let a = simulate(&opts);
        assert_eq!(a, simulate(&opts));
        assert_ne!(a, simulate(&SimOptions { seed: 2, ..opts.clone() }));
        assert!(a.windows(2).all(|w| w[0].at < w[1].at));
        assert!(a.iter().all(|e| e.validate().is_ok() && e.is_check_in()));
        let mean = |es: &mut dyn Iterator<Item = &Entry>| {
            let v: Vec<f64> = es.map(neck).collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        let practised = mean(&mut a.iter().filter(|e| e.practice.is_some()));
        let all = mean(&mut a.iter());
        assert!(practised > all + 0.5, "{practised} vs {all}");
    }

    /// Mean squared change of the neck between consecutive ratings less than `max_minutes` apart.
    fn short_change(entries: &[Entry], max_minutes: i64) -> f64 {
        let d: Vec<f64> = entries
            .windows(2)
            .filter(|w| (w[1].at - w[0].at).num_minutes() < max_minutes)
            .map(|w| (neck(&w[1]) - neck(&w[0])).powi(2))
            .collect();
        assert!(d.len() > 100, "{} pairs", d.len());
        d.iter().sum::<f64>() / d.len() as f64
    }

    #[test]
    fn a_slow_fade_keeps_a_tense_moment_minutes_later() {
        // Second ratings a few minutes later: with a slow fade the momentary state is still there,
        // so the two ratings differ by little more than the rating noise; drawn anew, by much more.
        let opts = SimOptions { days: 120, recheck: 0.3, recheck_minutes: (2, 5), ..SimOptions::default() };
        let slow = short_change(&simulate(&SimOptions { fade_minutes: 120.0, ..opts.clone() }), 6);
        let anew = short_change(&simulate(&opts), 6);
        // Rating noise alone: 2 · 0.4² (plus rounding) ≈ 0.5; anew: 2 · (1 + 0.36 + 0.16) ≈ 3.
        assert!(slow < 1.0 && anew > 2.0, "{slow} vs {anew}");
    }

    #[test]
    fn second_ratings_and_guided_sessions_come_as_asked() {
        let opts = SimOptions {
            days: 60,
            guided_share: 1.0,
            guided_minutes: 4,
            recheck: 0.5,
            recheck_minutes: (10, 10),
            ..SimOptions::default()
        };
        let a = simulate(&opts);
        let gaps = |f: &dyn Fn(&Entry, &Entry) -> bool| {
            a.windows(2).filter(|w| f(&w[0], &w[1])).map(|w| (w[1].at - w[0].at).num_minutes()).collect::<Vec<_>>()
        };
        let guided = gaps(&|_, b| b.session.as_ref().is_some_and(|l| l.role == SessionRole::After));
        assert!(guided.len() > 20 && guided.iter().all(|&m| m == 4), "{guided:?}");
        let rechecks = gaps(&|x, b| x.practice.is_none() && b.practice.is_none() && (b.at - x.at).num_minutes() == 10);
        assert!(rechecks.len() > 50, "{}", rechecks.len());
        // Every practice is guided: its "before" entry is followed by its "after" entry.
        let before = |e: &Entry| e.session.as_ref().is_some_and(|l| l.role == SessionRole::Before);
        assert!(a.windows(2).all(|w| !before(&w[0]) || w[1].session.is_some()));
        assert!(a.iter().all(|e| e.practice.is_none() || e.session.is_some()));
    }
}
