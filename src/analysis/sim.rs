//! Simulated journals whose truth is known, for testing the analyses (not the demo journal).
//!
//! A [`Scenario`] describes one person: how often they check in, which emotions they log and
//! when, which emotions really change which regions in which hours after them, and the things
//! that fool a naive analysis:
//! - **slow drift**: a day-level tension that moves slowly from day to day (an AR(1) process), in
//!   the regions with a [`Scenario::drift_regions`] load;
//! - **logging when tense**: emotions logged more on days the drift is high
//!   ([`SimEmotion::tense_logging`]) or at moments the momentary level is high
//!   ([`SimEmotion::peak_logging`], which with the noise returning to normal afterwards is
//!   regression to the mean);
//! - **emotions logged together** ([`Scenario::together`]);
//! - a daily rhythm (tension rising toward the evening), sparse or dense logging, missed days.
//!
//! Levels are a latent value rounded and clamped to 0–10. The same scenario always gives the same
//! journal.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use crate::model::rng::SplitMix64;
use crate::model::{Entry, Level, Region};

/// An emotion the simulated person logs.
#[derive(Clone, Debug, PartialEq)]
pub struct SimEmotion {
    /// Its code.
    pub code: &'static str,
    /// Chance that a check-in records it, on an average day at an average moment.
    pub rate: f64,
    /// Log-odds added per point of day-level drift: > 0 logs it more on tense days.
    pub tense_logging: f64,
    /// Log-odds added per standard deviation of the neck's momentary noise in the check-in: > 0
    /// logs it more at momentary peaks.
    pub peak_logging: f64,
}

impl SimEmotion {
    /// An emotion logged at random, at `rate`.
    pub fn random(code: &'static str, rate: f64) -> SimEmotion {
        SimEmotion { code, rate, tense_logging: 0.0, peak_logging: 0.0 }
    }
}

/// A true effect: check-ins with a lag in `[from_hours, to_hours)` after an event of `emotion`
/// (strictly after it: never the event's own moment) carry `points` more latent tension in
/// `regions`.
///
/// The effect acts per time window of the analysis (0–6, 6–12, 12–24, 24–48 h): a check-in that
/// lies in such a window after at least one event gets the points once for that window, and
/// windows add up (a check-in 8 h after one event and 20 h after another gets an effect spanning
/// 6–24 h twice). This is the distributed-lag truth the analysis assumes; the demo journal plants
/// effects that do not add up, to see how the analysis copes when they do not.
#[derive(Clone, Debug, PartialEq)]
pub struct SimEffect {
    /// The emotion.
    pub emotion: &'static str,
    /// The regions it acts on.
    pub regions: Vec<Region>,
    /// Start, in hours after the event (included).
    pub from_hours: i64,
    /// End, in hours after the event (excluded).
    pub to_hours: i64,
    /// Size in points (negative: relief).
    pub points: f64,
}

/// Emotions logged in an entry of their own, once a day around an hour (e.g. in the evening),
/// apart from the check-ins.
#[derive(Clone, Debug, PartialEq)]
pub struct EmotionsApart {
    /// The hour (e.g. 20.5).
    pub hour: f64,
    /// Up to this many minutes of jitter either way.
    pub jitter_minutes: f64,
}

/// One simulated person.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Number of days.
    pub days: u32,
    /// Check-ins per day (1–8), spread evenly from [`Scenario::first_hour`] to
    /// [`Scenario::last_hour`] (one a day: at [`Scenario::single_hour`]), each moved by up to
    /// [`Scenario::jitter_minutes`] either way.
    pub checkins_per_day: u32,
    /// The hour of the first check-in of the day (default 8).
    pub first_hour: f64,
    /// The hour of the last check-in of the day (default 22).
    pub last_hour: f64,
    /// The hour of the check-in with one a day (default 19).
    pub single_hour: f64,
    /// Up to this many minutes of jitter either way (default 45).
    pub jitter_minutes: f64,
    /// `None`: emotions are logged in check-ins. Some: in an entry of their own once a day
    /// around this hour, without tension ratings ([`SimEmotion::rate`] is then the chance per
    /// day).
    pub emotions_apart: Option<EmotionsApart>,
    /// Chance that a whole day is missed.
    pub missed_day: f64,
    /// The emotions logged.
    pub emotions: Vec<SimEmotion>,
    /// The true effects.
    pub effects: Vec<SimEffect>,
    /// `(follower, leader, p)`: when `leader` is logged, `follower` is logged in the same entry
    /// with chance `p` (besides its own rate).
    pub together: Vec<(&'static str, &'static str, f64)>,
    /// Standard deviation of the day-level drift (0: none).
    pub drift_sd: f64,
    /// Day-to-day correlation of the drift (e.g. 0.8).
    pub drift_phi: f64,
    /// Regions the drift and the daily rhythm act on, with their load.
    pub drift_regions: Vec<(Region, f64)>,
    /// Latent tension rises this much per hour after 13:00 (less before), in the drift regions.
    pub evening_rise: f64,
    /// Standard deviation of the momentary state (0: none): tension of the moment that fades in
    /// continuous time (an Ornstein–Uhlenbeck process with time constant
    /// [`Scenario::momentary_tau_hours`]), in the drift regions with their load. With it,
    /// [`SimEmotion::peak_logging`] follows this state instead of the neck's rating noise.
    pub momentary_sd: f64,
    /// Time constant of the momentary state in hours (a deviation fades to 37 % in this time).
    pub momentary_tau_hours: f64,
    /// Standard deviation of the independent noise of each check-in and region.
    pub noise_sd: f64,
    /// Latent base level of every region.
    pub base: f64,
    /// The seed.
    pub seed: u64,
}

impl Scenario {
    /// A plain person: 4 check-ins a day for `days` days, noise 0.9, a daily rhythm, neck,
    /// shoulders, jaw and lower back carrying the rhythm (no drift), four emotions logged at
    /// random, no effects.
    pub fn plain(days: u32, seed: u64) -> Scenario {
        Scenario {
            days,
            checkins_per_day: 4,
            first_hour: 8.0,
            last_hour: 22.0,
            single_hour: 19.0,
            jitter_minutes: 45.0,
            emotions_apart: None,
            missed_day: 0.03,
            emotions: vec![
                SimEmotion::random("anxiety", 0.12),
                SimEmotion::random("stress", 0.12),
                SimEmotion::random("frustration", 0.10),
                SimEmotion::random("joy", 0.10),
            ],
            effects: Vec::new(),
            together: Vec::new(),
            drift_sd: 0.0,
            drift_phi: 0.0,
            drift_regions: vec![
                (Region::Neck, 1.0),
                (Region::ShoulderLeft, 0.8),
                (Region::ShoulderRight, 0.8),
                (Region::Jaw, 0.7),
                (Region::LowerBack, 0.9),
            ],
            evening_rise: 0.1,
            momentary_sd: 0.0,
            momentary_tau_hours: 1.0,
            noise_sd: 0.9,
            base: 3.0,
            seed,
        }
    }
}

/// The bounds of the analysis' windows, in hours.
const WINDOW_BOUNDS: [i64; 5] = [0, 6, 12, 24, 48];

/// The simulations' generator: the documented SplitMix64 of [`crate::model::rng`].
type Rng = SplitMix64;

/// Monday 2024-01-01 00:00 at +01:00: the first simulated day.
fn start() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .and_then(|o| o.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single())
        .unwrap_or_else(|| DateTime::<FixedOffset>::MIN_UTC.fixed_offset())
}

/// A minute of the day near `hour`, up to `jitter` minutes either way.
fn jittered(rng: &mut Rng, hour: f64, jitter: f64) -> i64 {
    ((hour * 60.0 + jitter * (2.0 * rng.f64() - 1.0)).round() as i64).clamp(0, 24 * 60 - 1)
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// Generates the journal, sorted by time. Every check-in rates every region above 0 (the neck at
/// 0 when all are 0); emotions are logged at intensity 7, in check-ins or, with
/// [`Scenario::emotions_apart`], in entries of their own without ratings.
pub fn simulate(s: &Scenario) -> Vec<Entry> {
    let mut rng = Rng::new(s.seed ^ 0x5EED_F00D);
    let per_day = s.checkins_per_day.clamp(1, 8);
    let mut out = Vec::with_capacity(s.days as usize * per_day as usize);
    // Past events per emotion (instants), for the effects.
    let mut past: Vec<Vec<i64>> = vec![Vec::new(); s.emotions.len()];
    let mut drift = 0.0;
    let innovation = s.drift_sd * (1.0 - s.drift_phi * s.drift_phi).max(0.0).sqrt();
    // The momentary state: an Ornstein–Uhlenbeck process in continuous time, and when it was
    // last drawn.
    let mut momentary = 0.0;
    let mut momentary_at: Option<i64> = None;
    let base = start();
    for day in 0..i64::from(s.days) {
        drift = if day == 0 { s.drift_sd * rng.normal() } else { s.drift_phi * drift + innovation * rng.normal() };
        if rng.chance(s.missed_day) {
            continue;
        }
        let hour_of = |k: u32| {
            if per_day == 1 {
                s.single_hour
            } else {
                s.first_hour + (s.last_hour - s.first_hour) * f64::from(k) / f64::from(per_day - 1)
            }
        };
        // With emotions logged apart, the day's moments are drawn first and put in time order;
        // otherwise each check-in's minute is drawn when it comes (check-ins never swap places:
        // they are at least 2 h apart with at most 45 min of jitter).
        let mut planned: Vec<(i64, Moment)> = Vec::new();
        if let Some(apart) = &s.emotions_apart {
            for k in 0..per_day {
                planned.push((jittered(&mut rng, hour_of(k), s.jitter_minutes), Moment::CheckIn(k)));
            }
            planned.push((jittered(&mut rng, apart.hour, apart.jitter_minutes), Moment::Emotions));
            planned.sort_by_key(|&(m, _)| m);
        }
        let count = if s.emotions_apart.is_some() { planned.len() } else { per_day as usize };
        for idx in 0..count {
            let (minute, moment) = match planned.get(idx) {
                Some(&p) => p,
                None => (jittered(&mut rng, hour_of(idx as u32), s.jitter_minutes), Moment::CheckIn(idx as u32)),
            };
            let at = base + Duration::days(day) + Duration::minutes(minute);
            let t = at.timestamp();
            if s.momentary_sd > 0.0 {
                let keep =
                    momentary_at.map_or(0.0, |last| (-((t - last) as f64) / (s.momentary_tau_hours * 3600.0)).exp());
                momentary = keep * momentary + s.momentary_sd * (1.0 - keep * keep).sqrt() * rng.normal();
                momentary_at = Some(t);
            }
            let peak_of = |noise: f64| {
                if s.momentary_sd > 0.0 {
                    momentary / s.momentary_sd
                } else if s.noise_sd > 0.0 {
                    noise / s.noise_sd
                } else {
                    0.0
                }
            };
            let mut e = Entry::new(at);
            let peak = match moment {
                Moment::Emotions => {
                    e.uid = format!("sim-{}-{day}-e", s.seed);
                    peak_of(0.0)
                }
                Moment::CheckIn(k) => {
                    e.uid = format!("sim-{}-{day}-{k}", s.seed);
                    let clock = minute as f64 / 60.0;
                    let rhythm = s.evening_rise * if clock > 13.0 { clock - 13.0 } else { 0.5 * (clock - 13.0) };
                    let mut latent = [s.base; Region::COUNT];
                    for &(r, load) in &s.drift_regions {
                        latent[r.index()] += load * (drift + rhythm + momentary);
                    }
                    for eff in &s.effects {
                        let Some(e) = s.emotions.iter().position(|m| m.code == eff.emotion) else { continue };
                        let windows = WINDOW_BOUNDS.windows(2).filter(|w| {
                            let (lo, hi) = (w[0].max(eff.from_hours) * 3600, w[1].min(eff.to_hours) * 3600);
                            lo < hi && past[e].iter().any(|&x| t - x > 0 && t - x >= lo && t - x < hi)
                        });
                        let times = windows.count() as f64;
                        for r in &eff.regions {
                            latent[r.index()] += eff.points * times;
                        }
                    }
                    let noise: [f64; Region::COUNT] = std::array::from_fn(|_| s.noise_sd * rng.normal());
                    for r in Region::ALL {
                        let v = (latent[r.index()] + noise[r.index()]).round().clamp(0.0, 10.0) as u8;
                        if v > 0 {
                            e.set_tension(r, Level::new(v));
                        }
                    }
                    if e.tensions.is_empty() {
                        e.set_tension(Region::Neck, Some(Level::ZERO));
                    }
                    // Momentary peak: the momentary state, or without one the neck's noise, in
                    // units of its standard deviation.
                    if s.emotions_apart.is_some() {
                        out.push(e);
                        continue;
                    }
                    peak_of(noise[Region::Neck.index()])
                }
            };
            let mut logged = vec![false; s.emotions.len()];
            for (i, m) in s.emotions.iter().enumerate() {
                let p = logistic(logit(m.rate) + m.tense_logging * drift + m.peak_logging * peak);
                logged[i] = rng.chance(p);
            }
            for &(follower, leader, p) in &s.together {
                let (Some(f), Some(l)) = (
                    s.emotions.iter().position(|m| m.code == follower),
                    s.emotions.iter().position(|m| m.code == leader),
                ) else {
                    continue;
                };
                if logged[l] && rng.chance(p) {
                    logged[f] = true;
                }
            }
            for (i, m) in s.emotions.iter().enumerate() {
                if logged[i] {
                    e.set_emotion(m.code, Level::new(7));
                    past[i].push(t);
                    past[i].retain(|&x| t - x < 72 * 3600);
                }
            }
            if e.is_check_in() || !e.emotions.is_empty() {
                out.push(e);
            }
        }
    }
    out
}

/// One moment of a simulated day.
#[derive(Clone, Copy)]
enum Moment {
    /// The k-th check-in of the day.
    CheckIn(u32),
    /// The emotions' own entry ([`Scenario::emotions_apart`]).
    Emotions,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_scenario_gives_the_same_journal() {
        let s = Scenario::plain(30, 3);
        assert_eq!(simulate(&s), simulate(&s));
        let j = simulate(&s);
        assert!(j.len() > 100 && j.len() <= 120, "{}", j.len());
        assert!(j.windows(2).all(|w| w[0].at < w[1].at));
        assert!(j.iter().all(|e| e.is_check_in()));
        assert_ne!(simulate(&Scenario::plain(30, 4)), j);
    }

    #[test]
    fn tense_logging_logs_more_on_tense_days() {
        let mut s = Scenario::plain(400, 1);
        s.drift_sd = 1.0;
        s.drift_phi = 0.8;
        s.emotions = vec![SimEmotion { code: "anxiety", rate: 0.1, tense_logging: 1.5, peak_logging: 0.0 }];
        let j = simulate(&s);
        let neck = |e: &Entry| e.levels().map_or(0.0, |l| f64::from(l[Region::Neck.index()]));
        let (with, without): (Vec<&Entry>, Vec<&Entry>) = j.iter().partition(|e| !e.emotions.is_empty());
        let mean = |v: &[&Entry]| v.iter().map(|e| neck(e)).sum::<f64>() / v.len() as f64;
        assert!(mean(&with) > mean(&without) + 0.5, "{} vs {}", mean(&with), mean(&without));
    }
}
