//! A generator of realistic demo journals, with known patterns planted in them.
//!
//! The journal reads like one person's: about four entries a day (morning, midday, afternoon,
//! evening; some days fewer, a late entry now and then, an occasional missed day), mostly
//! check-ins that rate the regions that are tense (unrated regions mean 0), emotions from
//! [`BUILTIN_EMOTIONS`] and a custom one now and then, unnoticed-stress signals, practices (4–6
//! breathing for 2 minutes most often, half of it with the guided timer that records a rating
//! before and after) often followed by an "after" check-in, short notes and tags. Offsets follow Europe/Amsterdam: +01:00 in winter, +02:00 in summer.
//!
//! The same [`DemoOptions`] always give the same journal: randomness comes from a small built-in
//! xoshiro256** generator seeded through splitmix64, and uids are `demo-<seed>-<n>` in time order.
//!
//! # Planted patterns
//! A check-in's level of a region is a latent value, rounded and clamped to 0–10:
//! `base + drift + time of day + weekend + day mood + links − relief + noise`, where
//! - `base`: [`BASE_LEVELS`];
//! - `drift`: a slow wave over the years (±0.4 points, period about 2.3 years) in the
//!   [`DAILY_RHYTHM_REGIONS`];
//! - time of day: [`EVENING_RISE_PER_HOUR`] points per hour after 13:00 (less before) in the
//!   [`DAILY_RHYTHM_REGIONS`]: tension rises toward the evening;
//! - weekend: [`WEEKEND_DROP`] points less on Saturday and Sunday in the same regions;
//! - day mood: one normal draw per day (sd 0.4) shared by the same regions;
//! - links: [`PLANTED_LINKS`], after emotion events at intensity ≥ [`EVENT_INTENSITY`];
//! - relief: [`PLANTED_RELIEF`], in the check-ins up to 3 h after a practice;
//! - noise: independent normal per check-in and region, sd [`NOISE_SD`] where the latent level is
//!   2.5 or more, down to half of that where it is 0 (quiet regions vary less).
//!
//! A level of 1 is often left unrated ([`LEVEL_ONE_RATED`]), and so recorded as 0.
//!
//! The legs ([`UNLINKED_REGIONS`]) get only base, noise and an occasional independent bump: no
//! emotion, time of day or weekday moves them, so e.g. joy or calm → legs must show no link.
//! Emotions in [`UNLINKED_EMOTIONS`] have no planted effect of their own (they can still show
//! associations through the time of day or week they tend to occur in).

use std::collections::HashSet;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Weekday,
};

#[cfg(doc)]
use crate::model::BUILTIN_EMOTIONS;
use crate::model::text::time::Zone;
use crate::model::{
    EmotionRating, Entry, Level, Practice, PracticeKind, Region, SessionLink, SessionRole, Signal, TensionRating,
};

/// What journal to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many years of entries (365.25 days each), ending at `end`.
    pub years: u32,
    /// The seed: the same seed gives the same journal.
    pub seed: u64,
    /// The last moment of the journal; no entry is later. Its local date is the last day.
    pub end: DateTime<FixedOffset>,
}

/// A planted link: check-ins from `from_hours` (included) to `to_hours` (excluded) after an
/// event of `emotion` at intensity ≥ [`EVENT_INTENSITY`] carry `points` more latent tension in
/// `regions`. Several events of the same emotion do not add up (the effect is there or not).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlantedLink {
    /// Emotion code.
    pub emotion: &'static str,
    /// Regions affected.
    pub regions: &'static [Region],
    /// Start of the effect, hours after the event (included).
    pub from_hours: i64,
    /// End of the effect, hours after the event (excluded).
    pub to_hours: i64,
    /// Extra latent tension, in points.
    pub points: f64,
}

/// Planted relief: check-ins after a practice of `kind`, up to `within_hours` later, carry
/// `points` less latent tension in `regions`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlantedRelief {
    /// The practice.
    pub kind: PracticeKind,
    /// Regions relieved.
    pub regions: &'static [Region],
    /// Less latent tension, in points.
    pub points: f64,
    /// How long the relief lasts, in hours.
    pub within_hours: i64,
}

use Region::{
    Belly, Chest, Head, HipLeft, HipRight, Jaw, LegLeft, LegRight, LowerBack, Neck, Pelvis, ShoulderLeft,
    ShoulderRight, UpperBack,
};

/// Planted effects follow emotions at this intensity or more (the lag analysis's default).
pub const EVENT_INTENSITY: u8 = 5;

/// The planted links between emotions and later tension (see DOMAIN.md: anxiety in neck and
/// shoulders, stress in the lower back and jaw for up to two days, anger in jaw and neck soon
/// after, restlessness in chest and belly through high breathing).
pub const PLANTED_LINKS: [PlantedLink; 4] = [
    PlantedLink {
        emotion: "anxiety",
        regions: &[Neck, ShoulderLeft, ShoulderRight],
        from_hours: 6,
        to_hours: 24,
        points: 2.0,
    },
    PlantedLink { emotion: "stress", regions: &[LowerBack, Jaw], from_hours: 6, to_hours: 48, points: 1.8 },
    PlantedLink { emotion: "anger", regions: &[Jaw, Neck], from_hours: 0, to_hours: 12, points: 2.0 },
    PlantedLink { emotion: "restlessness", regions: &[Chest, Belly], from_hours: 0, to_hours: 12, points: 1.5 },
];

/// Emotions that occur but have no planted effect on any region.
pub const UNLINKED_EMOTIONS: [&str; 6] = ["sadness", "frustration", "shame", "joy", "calm", "relief"];

/// Regions nothing planted acts on: independent noise only.
pub const UNLINKED_REGIONS: [Region; 2] = [LegLeft, LegRight];

/// The planted relief of each practice.
pub const PLANTED_RELIEF: [PlantedRelief; 5] = [
    PlantedRelief {
        kind: PracticeKind::Breathing46,
        regions: &[Neck, ShoulderLeft, ShoulderRight],
        points: 1.5,
        within_hours: 3,
    },
    PlantedRelief {
        kind: PracticeKind::MicroPause,
        regions: &[Neck, ShoulderLeft, ShoulderRight],
        points: 0.8,
        within_hours: 3,
    },
    PlantedRelief { kind: PracticeKind::Walk, regions: &[LowerBack, UpperBack], points: 1.0, within_hours: 3 },
    PlantedRelief {
        kind: PracticeKind::MuscleRelaxation,
        regions: &[Jaw, Neck, ShoulderLeft, ShoulderRight, LowerBack],
        points: 1.2,
        within_hours: 3,
    },
    PlantedRelief {
        kind: PracticeKind::Stretching,
        regions: &[UpperBack, LowerBack, HipLeft, HipRight],
        points: 1.0,
        within_hours: 3,
    },
];

/// Share of 4–6 breathing done with the guided timer: a [`SessionLink`]ed "before" entry and an
/// "after" entry a minute after the practice ends (stopped early one time in ten).
pub const GUIDED_SHARE: f64 = 0.5;

/// Regions with a daily rhythm, a weekend dip, a slow drift and a shared day mood.
pub const DAILY_RHYTHM_REGIONS: [Region; 8] =
    [Head, Jaw, Neck, ShoulderLeft, ShoulderRight, UpperBack, LowerBack, Pelvis];

/// Latent tension rises by this much per hour of the local clock (centred on 13:00).
pub const EVENING_RISE_PER_HOUR: f64 = 0.12;

/// Latent tension is this much lower on Saturdays and Sundays.
pub const WEEKEND_DROP: f64 = 0.6;

/// Standard deviation of the per-check-in noise in tense regions (half of it in quiet ones).
pub const NOISE_SD: f64 = 0.9;

/// A region at level 1 is rated with this probability; otherwise it is left unrated (so 0), as
/// people rate the regions that are tense.
pub const LEVEL_ONE_RATED: f64 = 0.3;

/// Latent base level per region, in [`Region::ALL`] order.
pub const BASE_LEVELS: [f64; Region::COUNT] =
    [0.8, 0.8, 2.6, 2.0, 2.4, 1.2, 0.5, 0.6, 2.2, 0.5, 0.3, 0.4, 0.2, 0.3, 0.3, 0.3];

/// Generates the journal, sorted by time. Ten years take a few milliseconds.
pub fn generate(opts: &DemoOptions) -> Vec<Entry> {
    Generator::new(opts).run()
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: seeds the main generator.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** (Blackman and Vigna).
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut s = seed;
        Rng([splitmix64(&mut s), splitmix64(&mut s), splitmix64(&mut s), splitmix64(&mut s)])
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform integer in `lo..=hi`.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.f64() * (hi - lo + 1) as f64) as i64
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.f64();
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.f64() * items.len() as f64) as usize % items.len()]
    }
}

// ---------------------------------------------------------------------------------------------
// Time

/// The last Sunday of a month with 31 days (March, October).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, month, 31).expect("March and October have 31 days");
    last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
}

/// Europe/Amsterdam-like offset for a local date and time: +02:00 from the last Sunday of March
/// 02:00 to the last Sunday of October 03:00, +01:00 otherwise.
fn amsterdam_offset(local: NaiveDateTime) -> FixedOffset {
    let (d, h) = (local.date(), local.hour());
    let start = last_sunday(d.year(), 3);
    let end = last_sunday(d.year(), 10);
    let summer = (d > start || (d == start && h >= 2)) && (d < end || (d == end && h < 3));
    FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("one or two hours is a valid offset")
}

// ---------------------------------------------------------------------------------------------
// Texts

const ANXIETY_NOTES: &[&str] = &[
    "Worried about the presentation tomorrow.",
    "Woke up with a knot in my stomach.",
    "Kept checking my phone for the test results.",
    "Heart racing on the train, no clear reason.",
    "Nervous about the talk with my manager.",
    "Couldn't stop thinking about the bills.",
    "Dentist on Thursday, dreading it.",
    "Lay awake going over everything that could go wrong.",
];
const STRESS_NOTES: &[&str] = &[
    "Deadline moved up again.",
    "Inbox out of control.",
    "Back-to-back meetings all day.",
    "Too many things at once today.",
    "Client called three times before lunch.",
    "Running late for everything.",
    "Report due Friday and I'm behind.",
    "Kids sick, work piling up.",
];
const ANGER_NOTES: &[&str] = &[
    "Argument with the landlord about the heating.",
    "Someone cut me off in traffic and I kept fuming.",
    "Got blamed for a mistake that wasn't mine.",
    "Row with my brother on the phone.",
    "The neighbours' party went on until 3 am again.",
];
const FRUSTRATION_NOTES: &[&str] = &[
    "Printer jammed twice, lost half an hour.",
    "Train cancelled, waited 40 minutes.",
    "Laptop update ate my morning.",
    "Same discussion as last week, no progress.",
];
const SADNESS_NOTES: &[&str] = &[
    "Missing Dad today.",
    "Feeling low, grey weather all day.",
    "Said goodbye to a colleague who is leaving.",
    "Read old messages from Sanne, felt sad.",
];
const RESTLESS_NOTES: &[&str] = &[
    "Can't sit still tonight.",
    "Restless, paced around the flat.",
    "Mind racing, hard to settle.",
    "Fidgety all afternoon.",
];
const SHAME_NOTES: &[&str] = &["Snapped at a colleague, felt bad afterwards.", "Forgot a friend's birthday."];
const JOY_NOTES: &[&str] = &[
    "Lovely dinner with friends.",
    "Sun out, long walk along the canal.",
    "Good news about the project!",
    "Played with the kids in the park.",
    "Great chat with an old friend.",
    "Finished the book I was reading, loved it.",
];
const CALM_NOTES: &[&str] = &[
    "Quiet morning with coffee.",
    "Slow day, nothing planned.",
    "Read on the balcony for an hour.",
    "Evening in the garden, very peaceful.",
];
const RELIEF_NOTES: &[&str] =
    &["The appointment went fine after all.", "Deadline met, finally.", "Test results came back okay."];
const MORNING_NOTES: &[&str] =
    &["Slept badly.", "Slept okay.", "Woke up at 5 and couldn't get back to sleep.", "Good night's sleep for once."];
const EVENING_NOTES: &[&str] =
    &["Long day.", "Tired but okay.", "Quiet evening at home.", "Watched a series, early night."];
const NECK_NOTES: &[&str] =
    &["Neck really stiff.", "Shoulders up to my ears again.", "Headache creeping up from the neck."];
const BACK_NOTES: &[&str] = &["Lower back aching after sitting all day.", "Back stiff getting out of the chair."];
const JAW_NOTES: &[&str] = &["Caught myself clenching my jaw.", "Jaw sore, was I grinding?"];
const CHEST_NOTES: &[&str] = &["Tight chest, breathing high.", "Hard to breathe deeply."];

fn emotion_notes(code: &str) -> &'static [&'static str] {
    match code {
        "anxiety" => ANXIETY_NOTES,
        "stress" => STRESS_NOTES,
        "anger" => ANGER_NOTES,
        "frustration" => FRUSTRATION_NOTES,
        "sadness" => SADNESS_NOTES,
        "restlessness" => RESTLESS_NOTES,
        "shame" => SHAME_NOTES,
        "joy" => JOY_NOTES,
        "calm" => CALM_NOTES,
        "relief" => RELIEF_NOTES,
        "overwhelm" => &["Everything at once, totally overwhelmed.", "Too much, I don't know where to start."],
        "gratitude" => &["Grateful for the neighbours' help.", "Thankful for a good friend today."],
        _ => &["Quiet house, felt alone."],
    }
}

fn practice_notes(kind: PracticeKind, after: bool) -> &'static [&'static str] {
    match (kind, after) {
        (PracticeKind::Breathing46, false) => {
            &["Tense, doing 4–6 breathing now.", "Two minutes of breathing before the meeting."]
        }
        (PracticeKind::Breathing46, true) => &[
            "After the breathing my shoulders dropped a bit.",
            "Breathing helped, neck less tight.",
            "Did the 4–6 breathing, calmer now.",
        ],
        (PracticeKind::MicroPause, false) => &["Stood up, dropped the shoulders, long exhale."],
        (PracticeKind::MicroPause, true) => &["Back at the desk after a micro-pause."],
        (PracticeKind::Walk, false) => &["Short walk around the block.", "Walked to the shop instead of cycling."],
        (PracticeKind::Walk, true) => &["Back from the walk, back feels looser."],
        (PracticeKind::Stretching, false) => &["Stretching for ten minutes."],
        (PracticeKind::Stretching, true) => &["Stretched, back feels better."],
        (PracticeKind::MuscleRelaxation, _) => &["Did the muscle relaxation recording."],
        (PracticeKind::Other, _) => &["Yoga class."],
    }
}

// ---------------------------------------------------------------------------------------------
// The simulation

/// How likely an entry records an emotion (any intensity), before adjustments.
const EMOTION_RATES: [(&str, f64); 10] = [
    ("anxiety", 0.10),
    ("sadness", 0.05),
    ("anger", 0.04),
    ("frustration", 0.08),
    ("stress", 0.13),
    ("restlessness", 0.06),
    ("shame", 0.015),
    ("joy", 0.12),
    ("calm", 0.12),
    ("relief", 0.04),
];
const CUSTOM_EMOTIONS: [(&str, f64); 3] = [("overwhelm", 0.008), ("gratitude", 0.008), ("loneliness", 0.004)];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Morning,
    Midday,
    Afternoon,
    Evening,
    Late,
}

struct Generator<'a> {
    opts: &'a DemoOptions,
    rng: Rng,
    /// Recent event instants per planted link (pruned to the last 48 h).
    recent: [Vec<i64>; PLANTED_LINKS.len()],
    /// The latest practice: kind and instant.
    last_practice: Option<(PracticeKind, i64)>,
    /// Practice motivation restarts (e.g. after an appointment) and fades.
    motivation_start: NaiveDate,
    next_restart: NaiveDate,
    /// Whether yesterday held a strong stress or anxiety event (restless sleep).
    rough_day: bool,
    /// Guided sessions so far (for their ids).
    sessions: u64,
    out: Vec<Entry>,
}

impl<'a> Generator<'a> {
    fn new(opts: &'a DemoOptions) -> Generator<'a> {
        let start = opts.end.date_naive();
        Generator {
            opts,
            rng: Rng::new(opts.seed),
            recent: Default::default(),
            last_practice: None,
            motivation_start: start,
            next_restart: start,
            rough_day: false,
            sessions: 0,
            out: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Entry> {
        let last_day = self.opts.end.date_naive();
        let days = (f64::from(self.opts.years) * 365.25).round() as i64;
        if days == 0 {
            return Vec::new();
        }
        let first_day = last_day - Duration::days(days - 1);
        self.motivation_start = first_day - Duration::days(400);
        self.next_restart = first_day + Duration::days(self.rng.int(10, 60));
        self.out.reserve(days as usize * 5);
        let mut day = first_day;
        while day <= last_day {
            self.day(day, first_day);
            day += Duration::days(1);
        }
        let end = self.opts.end;
        let mut out = self.out;
        out.retain(|e| e.at <= end);
        // A guided practice cut off by the end: its "before" entry stays, without the link.
        let finished: HashSet<String> = out
            .iter()
            .filter_map(|e| e.session.as_ref().filter(|l| l.role == SessionRole::After).map(|l| l.id.clone()))
            .collect();
        for e in &mut out {
            if e.session.as_ref().is_some_and(|l| !finished.contains(&l.id)) {
                e.session = None;
            }
        }
        out.sort_by_key(|e| e.at);
        for (n, e) in out.iter_mut().enumerate() {
            e.uid = format!("demo-{}-{n}", self.opts.seed);
        }
        out
    }

    fn day(&mut self, date: NaiveDate, first_day: NaiveDate) {
        if date >= self.next_restart {
            self.motivation_start = date;
            self.next_restart = date + Duration::days(self.rng.int(120, 420));
        }
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let was_rough = std::mem::take(&mut self.rough_day);
        if self.rng.chance(0.03) {
            return; // a missed day
        }
        let count = match self.rng.f64() {
            x if x < 0.08 => 2,
            x if x < 0.28 => 3,
            x if x < 0.83 => 4,
            _ => 5,
        };
        let slots: &[Slot] = match count {
            2 => &[Slot::Morning, Slot::Evening],
            3 if self.rng.chance(0.5) => &[Slot::Morning, Slot::Midday, Slot::Evening],
            3 => &[Slot::Morning, Slot::Afternoon, Slot::Evening],
            4 => &[Slot::Morning, Slot::Midday, Slot::Afternoon, Slot::Evening],
            _ => &[Slot::Morning, Slot::Midday, Slot::Afternoon, Slot::Evening, Slot::Late],
        };
        let mood = self.rng.normal() * 0.4;
        // A slow wave over the years: better and worse periods.
        let years_in = (date - first_day).num_days() as f64 / 365.25;
        let drift = 0.4 * (years_in * std::f64::consts::TAU / 2.3 + (self.opts.seed % 7) as f64).sin();
        let motivation = 0.15 + 0.7 * (-((date - self.motivation_start).num_days() as f64) / 75.0).exp();
        for (k, &slot) in slots.iter().enumerate() {
            let (lo, hi) = match (slot, weekend) {
                (Slot::Morning, false) => (7 * 60, 9 * 60 + 30),
                (Slot::Morning, true) => (8 * 60 + 30, 10 * 60 + 45),
                (Slot::Midday, _) => (12 * 60, 13 * 60 + 45),
                (Slot::Afternoon, _) => (15 * 60, 17 * 60 + 30),
                (Slot::Evening, _) => (19 * 60 + 30, 22 * 60 + 30),
                (Slot::Late, _) => (23 * 60, 23 * 60 + 50),
            };
            let minute = self.rng.int(lo, hi);
            let next_slot_minute = match slots.get(k + 1) {
                Some(Slot::Midday) => 12 * 60,
                Some(Slot::Afternoon) => 15 * 60,
                Some(Slot::Evening) => 19 * 60 + 30,
                Some(Slot::Late) => 23 * 60,
                _ => 24 * 60 - 1,
            };
            let ctx = DayContext { date, weekend, mood, drift, motivation, was_rough };
            self.entry(&ctx, slot, minute, next_slot_minute);
        }
    }

    fn at(date: NaiveDate, minute: i64) -> DateTime<FixedOffset> {
        let local = date.and_time(NaiveTime::MIN) + Duration::minutes(minute);
        let offset = amsterdam_offset(local);
        offset.from_local_datetime(&local).single().expect("a fixed offset maps every local time once")
    }

    /// One regular entry, possibly followed by an "after" check-in when a practice was done.
    fn entry(&mut self, ctx: &DayContext, slot: Slot, minute: i64, next_slot_minute: i64) {
        let at = Self::at(ctx.date, minute);
        let t = at.timestamp();
        let hour = minute as f64 / 60.0;
        let mut e = Entry::new(at);

        // Emotions first: an event at this moment already counts (lag 0).
        self.emotions(&mut e, ctx, slot);
        for em in &e.emotions {
            let v = em.intensity.get();
            if v >= 6 && matches!(em.code.as_str(), "stress" | "anxiety") {
                self.rough_day = true;
            }
            for (l, link) in PLANTED_LINKS.iter().enumerate() {
                if v >= EVENT_INTENSITY && link.emotion == em.code {
                    self.recent[l].push(t);
                }
            }
        }
        for r in &mut self.recent {
            r.retain(|&x| t - x < 48 * 3600);
        }

        let structural = self.structural(ctx, t, hour);
        let emotion_only = !e.emotions.is_empty() && self.rng.chance(0.07);
        let levels = if emotion_only { None } else { Some(self.rate(&mut e, &structural)) };

        // A practice, more likely when tension is structurally high and motivation fresh.
        let load = (structural[Neck.index()] + structural[ShoulderRight.index()]) / 2.0;
        let p_practice = (ctx.motivation * (0.10 + 0.08 * (load - 2.5).max(0.0))).min(0.6);
        let mut practice = None;
        if self.rng.chance(p_practice) {
            let kind = self.practice_kind(ctx, slot);
            let minutes = match kind {
                PracticeKind::Breathing46 if self.rng.chance(0.8) => 2,
                PracticeKind::Breathing46 => self.rng.int(3, 5) as u16,
                PracticeKind::MicroPause => self.rng.int(1, 2) as u16,
                PracticeKind::Walk => self.rng.int(2, 6) as u16 * 5,
                PracticeKind::Stretching => self.rng.int(5, 10) as u16,
                _ => self.rng.int(10, 20) as u16,
            };
            e.practice = Some(Practice { kind, minutes });
            practice = Some(Practice { kind, minutes });
        }
        // Half of the breathing is done with the guided timer, which asks for a rating before and
        // right after (only when this entry rates tension: the timer starts with a quick rating).
        let guided = practice.is_some_and(|p| p.kind == PracticeKind::Breathing46)
            && levels.is_some()
            && self.rng.chance(GUIDED_SHARE);
        let session_id = guided.then(|| {
            self.sessions += 1;
            format!("demo-{}-session-{}", self.opts.seed, self.sessions)
        });
        if let Some(id) = &session_id {
            e.session = Some(SessionLink { id: id.clone(), role: SessionRole::Before, completed: true });
        }

        self.signals(&mut e, ctx, slot, levels.as_ref());
        self.tags(&mut e, ctx, slot);
        self.note(&mut e, slot, levels.as_ref(), practice.map(|p| (p.kind, false)));
        e.normalize();
        self.out.push(e);

        let Some(done) = practice else { return };
        self.last_practice = Some((done.kind, t));
        let (later, session) = match session_id {
            // The guided timer's "after" rating, a minute after the practice ends; now and then
            // the practice is stopped early.
            Some(id) => {
                let completed = self.rng.chance(0.9);
                let minutes = if completed { done.minutes } else { 1 };
                let link = SessionLink { id, role: SessionRole::After, completed };
                (minute + i64::from(minutes) + 1, Some((link, Practice { kind: done.kind, minutes })))
            }
            // Often a short "after" check-in, before the next regular entry.
            None if self.rng.chance(0.75) => (minute + self.rng.int(20, 120), None),
            None => return,
        };
        // The guided timer rates right away; a free follow-up comes before the next entry.
        if session.is_none() && later >= next_slot_minute - 10 {
            return;
        }
        let at = Self::at(ctx.date, later);
        let structural = self.structural(ctx, at.timestamp(), later as f64 / 60.0);
        let mut after = Entry::new(at);
        let levels = self.rate(&mut after, &structural);
        if self.rng.chance(0.5) {
            self.note(&mut after, slot, Some(&levels), Some((done.kind, true)));
        }
        self.tags(&mut after, ctx, slot);
        if let Some((link, p)) = session {
            after.session = Some(link);
            after.practice = Some(p);
        }
        after.normalize();
        self.out.push(after);
    }

    /// The latent level without noise, per region.
    fn structural(&self, ctx: &DayContext, t: i64, hour: f64) -> [f64; Region::COUNT] {
        let mut lv = BASE_LEVELS;
        for r in DAILY_RHYTHM_REGIONS {
            let i = r.index();
            lv[i] += ctx.drift + ctx.mood + EVENING_RISE_PER_HOUR * (hour - 13.0);
            if ctx.weekend {
                lv[i] -= WEEKEND_DROP;
            }
        }
        for (l, link) in PLANTED_LINKS.iter().enumerate() {
            let on = self.recent[l].iter().any(|&x| {
                let dt = t - x;
                dt >= link.from_hours * 3600 && dt < link.to_hours * 3600
            });
            if on {
                for r in link.regions {
                    lv[r.index()] += link.points;
                }
            }
        }
        if let Some((kind, tp)) = self.last_practice
            && let Some(relief) = PLANTED_RELIEF.iter().find(|p| p.kind == kind)
            && t > tp
            && t - tp <= relief.within_hours * 3600
        {
            for r in relief.regions {
                lv[r.index()] -= relief.points;
            }
        }
        lv
    }

    /// Adds noise, rounds, and rates the regions that are tense. Returns all levels as recorded.
    fn rate(&mut self, e: &mut Entry, structural: &[f64; Region::COUNT]) -> [u8; Region::COUNT] {
        let mut levels = [0u8; Region::COUNT];
        for r in Region::ALL {
            let s = structural[r.index()];
            // Quiet regions vary less: mostly 0, now and then a flare.
            let sd = NOISE_SD * (0.5 + 0.5 * (s / 2.5).clamp(0.0, 1.0));
            let mut v = s + self.rng.normal() * sd;
            if UNLINKED_REGIONS.contains(&r) && self.rng.chance(0.08) {
                v += 2.5; // sore legs now and then, independent of everything else
            }
            let level = v.round().clamp(0.0, 10.0) as u8;
            // Barely-there tension (1) is usually not worth rating: it is then recorded as 0.
            levels[r.index()] = if level == 1 && !self.rng.chance(LEVEL_ONE_RATED) { 0 } else { level };
        }
        for r in Region::ALL {
            if let Some(level) = Level::new(levels[r.index()]).filter(|l| l.get() > 0) {
                e.tensions.push(TensionRating { region: r, level });
            }
        }
        if e.tensions.is_empty() {
            // All calm: still a check-in, saying so for the neck.
            e.tensions.push(TensionRating { region: Neck, level: Level::ZERO });
        }
        levels
    }

    fn emotions(&mut self, e: &mut Entry, ctx: &DayContext, slot: Slot) {
        for (code, base) in EMOTION_RATES {
            let mut p = base;
            match code {
                "stress" | "frustration" => p *= if ctx.weekend { 0.5 } else { 1.2 },
                "joy" | "calm" if ctx.weekend => p *= 1.3,
                "calm" if slot == Slot::Evening => p *= 1.3,
                "restlessness" if slot == Slot::Late => p *= 2.5,
                _ => {}
            }
            if self.rng.chance(p) {
                self.push_emotion(e, code);
            }
        }
        for (code, p) in CUSTOM_EMOTIONS {
            if self.rng.chance(p) {
                self.push_emotion(e, code);
            }
        }
    }

    fn push_emotion(&mut self, e: &mut Entry, code: &str) {
        let v = (5.0 + 1.8 * self.rng.normal()).round().clamp(1.0, 10.0) as u8;
        let intensity = Level::new(v).unwrap_or(Level::MAX);
        e.emotions.push(EmotionRating { code: code.to_owned(), intensity });
    }

    /// 4–6 breathing most often; micro-pauses at work, walks otherwise; some stretching; muscle
    /// relaxation mostly in the evening.
    fn practice_kind(&mut self, ctx: &DayContext, slot: Slot) -> PracticeKind {
        let x = self.rng.f64();
        let at_work = !ctx.weekend && matches!(slot, Slot::Midday | Slot::Afternoon);
        if x < 0.55 {
            PracticeKind::Breathing46
        } else if x < 0.75 {
            if at_work { PracticeKind::MicroPause } else { PracticeKind::Walk }
        } else if x < 0.87 {
            PracticeKind::Walk
        } else if x < 0.95 {
            PracticeKind::Stretching
        } else if x < 0.99 || slot == Slot::Evening {
            PracticeKind::MuscleRelaxation
        } else {
            PracticeKind::Other
        }
    }

    fn signals(&mut self, e: &mut Entry, ctx: &DayContext, slot: Slot, levels: Option<&[u8; Region::COUNT]>) {
        let has = |e: &Entry, code: &str| e.emotions.iter().any(|x| x.code == code);
        if let Some(lv) = levels {
            if lv[Jaw.index()] >= 4 && self.rng.chance(0.5) {
                e.signals.push(Signal::JawClenching);
            }
            if lv[ShoulderLeft.index()].max(lv[ShoulderRight.index()]) >= 5 && self.rng.chance(0.4) {
                e.signals.push(Signal::RaisedShoulders);
            }
            if lv[Chest.index()] >= 3 && self.rng.chance(0.3) {
                e.signals.push(Signal::ShallowBreathing);
            }
            if matches!(slot, Slot::Evening | Slot::Late) && lv[Neck.index()] >= 6 && self.rng.chance(0.3) {
                e.signals.push(Signal::CannotRelax);
            }
        }
        if (has(e, "anxiety") || has(e, "restlessness")) && self.rng.chance(0.3) {
            e.signals.push(Signal::ShallowBreathing);
        }
        if slot == Slot::Morning && self.rng.chance(if ctx.was_rough { 0.5 } else { 0.05 }) {
            e.signals.push(Signal::RestlessSleep);
        }
    }

    fn tags(&mut self, e: &mut Entry, ctx: &DayContext, slot: Slot) {
        let daytime = matches!(slot, Slot::Midday | Slot::Afternoon);
        if slot == Slot::Morning && self.rng.chance(0.3) {
            e.tags.push("sleep".into());
        }
        if !ctx.weekend && slot == Slot::Morning && self.rng.chance(0.2) {
            e.tags.push("commute".into());
        }
        if !ctx.weekend && daytime && self.rng.chance(0.7) {
            e.tags.push("work".into());
            if self.rng.chance(0.2) {
                e.tags.push("meeting".into());
            }
        }
        if matches!(slot, Slot::Evening | Slot::Late) && self.rng.chance(0.5) {
            e.tags.push("home".into());
        }
        if self.rng.chance(0.08) {
            e.tags.push("family".into());
        }
        if ctx.weekend && self.rng.chance(0.3) {
            e.tags.push("weekend".into());
        }
        if self.rng.chance(0.04) {
            e.tags.push("sport".into());
        }
    }

    fn note(
        &mut self,
        e: &mut Entry,
        slot: Slot,
        levels: Option<&[u8; Region::COUNT]>,
        practice: Option<(PracticeKind, bool)>,
    ) {
        let mut parts: Vec<&str> = Vec::new();
        if let Some((kind, after)) = practice
            && (after || self.rng.chance(0.4))
        {
            parts.push(self.rng.pick(practice_notes(kind, after)));
        }
        let strongest = e.emotions.iter().max_by_key(|x| x.intensity).map(|x| (x.code.clone(), x.intensity.get()));
        if let Some((code, v)) = strongest
            && v >= 4
            && self.rng.chance(0.55)
        {
            parts.push(self.rng.pick(emotion_notes(&code)));
        }
        if let Some(lv) = levels
            && parts.len() < 2
            && self.rng.chance(0.25)
        {
            let pool = if lv[Neck.index()] >= 6 {
                Some(NECK_NOTES)
            } else if lv[LowerBack.index()] >= 5 {
                Some(BACK_NOTES)
            } else if lv[Jaw.index()] >= 4 {
                Some(JAW_NOTES)
            } else if lv[Chest.index()] >= 4 {
                Some(CHEST_NOTES)
            } else {
                None
            };
            if let Some(pool) = pool {
                parts.push(self.rng.pick(pool));
            }
        }
        if parts.is_empty() && self.rng.chance(0.12) {
            match slot {
                Slot::Morning => parts.push(self.rng.pick(MORNING_NOTES)),
                Slot::Evening | Slot::Late => parts.push(self.rng.pick(EVENING_NOTES)),
                _ => {}
            }
        }
        e.note = parts.join(" ");
    }
}

struct DayContext {
    date: NaiveDate,
    weekend: bool,
    mood: f64,
    drift: f64,
    motivation: f64,
    was_rough: bool,
}

// ---------------------------------------------------------------------------------------------
// In Dutch

/// Every sentence of the demo's notes, in English and in Dutch (the glossary's words: a *meting*
/// is an entry, an *oefening* a practice).
const NOTES_NL: &[(&str, &str)] = &[
    ("After the breathing my shoulders dropped a bit.", "Na het ademen zakten mijn schouders wat."),
    ("Argument with the landlord about the heating.", "Ruzie met de huisbaas over de verwarming."),
    ("Back at the desk after a micro-pause.", "Weer aan het bureau na een micropauze."),
    ("Back from the walk, back feels looser.", "Terug van het wandelen, mijn rug voelt losser."),
    ("Back stiff getting out of the chair.", "Stijve rug bij het opstaan uit de stoel."),
    ("Back-to-back meetings all day.", "De hele dag vergaderingen achter elkaar."),
    ("Breathing helped, neck less tight.", "Het ademen hielp, nek minder strak."),
    ("Can't sit still tonight.", "Kan vanavond niet stilzitten."),
    ("Caught myself clenching my jaw.", "Betrapte mezelf op kaakklemmen."),
    ("Client called three times before lunch.", "Klant belde drie keer voor de lunch."),
    ("Couldn't stop thinking about the bills.", "Bleef maar aan de rekeningen denken."),
    ("Deadline met, finally.", "Deadline gehaald, eindelijk."),
    ("Deadline moved up again.", "Deadline weer naar voren gehaald."),
    ("Dentist on Thursday, dreading it.", "Donderdag naar de tandarts, zie er tegenop."),
    ("Did the 4–6 breathing, calmer now.", "4–6 ademhaling gedaan, nu rustiger."),
    ("Did the muscle relaxation recording.", "De opname voor spierontspanning gedaan."),
    ("Evening in the garden, very peaceful.", "Avond in de tuin, heel rustig."),
    ("Everything at once, totally overwhelmed.", "Alles tegelijk, helemaal overweldigd."),
    ("Feeling low, grey weather all day.", "Somber, de hele dag grijs weer."),
    ("Fidgety all afternoon.", "De hele middag onrustig."),
    ("Finished the book I was reading, loved it.", "Mijn boek uit, genoten."),
    ("Forgot a friend's birthday.", "De verjaardag van een vriendin vergeten."),
    ("Good news about the project!", "Goed nieuws over het project!"),
    ("Good night's sleep for once.", "Voor de verandering goed geslapen."),
    ("Got blamed for a mistake that wasn't mine.", "Kreeg de schuld van een fout die niet de mijne was."),
    ("Grateful for the neighbours' help.", "Dankbaar voor de hulp van de buren."),
    ("Great chat with an old friend.", "Fijn gesprek met een oude vriend."),
    ("Hard to breathe deeply.", "Moeite met diep ademhalen."),
    ("Headache creeping up from the neck.", "Hoofdpijn die vanuit de nek opkomt."),
    ("Heart racing on the train, no clear reason.", "Hartkloppingen in de trein, zonder duidelijke reden."),
    ("Inbox out of control.", "Inbox loopt uit de hand."),
    ("Jaw sore, was I grinding?", "Pijnlijke kaak, heb ik geknarst?"),
    ("Kept checking my phone for the test results.", "Bleef mijn telefoon checken voor de uitslag."),
    ("Kids sick, work piling up.", "Kinderen ziek, werk stapelt zich op."),
    ("Laptop update ate my morning.", "Laptopupdate kostte me de hele ochtend."),
    ("Lay awake going over everything that could go wrong.", "Lag wakker te piekeren over alles wat mis kon gaan."),
    ("Long day.", "Lange dag."),
    ("Lovely dinner with friends.", "Heerlijk gegeten met vrienden."),
    ("Lower back aching after sitting all day.", "Onderrug doet pijn na een dag zitten."),
    ("Mind racing, hard to settle.", "Hoofd vol, moeilijk tot rust te komen."),
    ("Missing Dad today.", "Mis papa vandaag."),
    ("Neck really stiff.", "Nek echt stijf."),
    ("Nervous about the talk with my manager.", "Zenuwachtig voor het gesprek met mijn leidinggevende."),
    ("Played with the kids in the park.", "Met de kinderen in het park gespeeld."),
    ("Printer jammed twice, lost half an hour.", "Printer twee keer vast, half uur kwijt."),
    ("Quiet evening at home.", "Rustige avond thuis."),
    ("Quiet house, felt alone.", "Stil huis, voelde me alleen."),
    ("Quiet morning with coffee.", "Rustige ochtend met koffie."),
    ("Read old messages from Sanne, felt sad.", "Oude berichten van Sanne gelezen, verdrietig."),
    ("Read on the balcony for an hour.", "Een uur gelezen op het balkon."),
    ("Report due Friday and I'm behind.", "Rapport moet vrijdag af en ik loop achter."),
    ("Restless, paced around the flat.", "Onrustig, door het huis geijsbeerd."),
    ("Row with my brother on the phone.", "Ruzie met mijn broer aan de telefoon."),
    ("Running late for everything.", "Overal te laat voor."),
    ("Said goodbye to a colleague who is leaving.", "Afscheid genomen van een collega die weggaat."),
    ("Same discussion as last week, no progress.", "Dezelfde discussie als vorige week, geen vooruitgang."),
    ("Short walk around the block.", "Kort ommetje om het blok."),
    ("Shoulders up to my ears again.", "Schouders weer tot aan mijn oren."),
    ("Slept badly.", "Slecht geslapen."),
    ("Slept okay.", "Redelijk geslapen."),
    ("Slow day, nothing planned.", "Rustige dag, niets gepland."),
    ("Snapped at a colleague, felt bad afterwards.", "Snauwde tegen een collega, voelde me daarna rot."),
    ("Someone cut me off in traffic and I kept fuming.", "Iemand sneed me af in het verkeer en ik bleef koken."),
    ("Stood up, dropped the shoulders, long exhale.", "Opgestaan, schouders laten zakken, lang uitgeademd."),
    ("Stretched, back feels better.", "Gerekt, rug voelt beter."),
    ("Stretching for ten minutes.", "Tien minuten rekken."),
    ("Sun out, long walk along the canal.", "Zon erbij, lange wandeling langs de gracht."),
    ("Tense, doing 4–6 breathing now.", "Gespannen, doe nu de 4–6 ademhaling."),
    ("Test results came back okay.", "Uitslag was goed."),
    ("Thankful for a good friend today.", "Dankbaar voor een goede vriendin vandaag."),
    ("The appointment went fine after all.", "De afspraak ging toch goed."),
    ("The neighbours' party went on until 3 am again.", "Het feest van de buren ging weer door tot 3 uur 's nachts."),
    ("Tight chest, breathing high.", "Strakke borst, hoge ademhaling."),
    ("Tired but okay.", "Moe maar oké."),
    ("Too many things at once today.", "Te veel tegelijk vandaag."),
    ("Too much, I don't know where to start.", "Te veel, ik weet niet waar ik moet beginnen."),
    ("Train cancelled, waited 40 minutes.", "Trein uitgevallen, 40 minuten gewacht."),
    ("Two minutes of breathing before the meeting.", "Twee minuten ademen voor de vergadering."),
    ("Walked to the shop instead of cycling.", "Naar de winkel gelopen in plaats van gefietst."),
    ("Watched a series, early night.", "Serie gekeken, vroeg naar bed."),
    ("Woke up at 5 and couldn't get back to sleep.", "Om 5 uur wakker en niet meer in slaap gekomen."),
    ("Woke up with a knot in my stomach.", "Wakker geworden met een knoop in mijn maag."),
    ("Worried about the presentation tomorrow.", "Zorgen over de presentatie morgen."),
    ("Yoga class.", "Yogales."),
];

/// The demo's tags in Dutch.
const TAGS_NL: &[(&str, &str)] = &[
    ("sleep", "slaap"),
    ("commute", "reizen"),
    ("work", "werk"),
    ("meeting", "vergadering"),
    ("home", "thuis"),
    ("family", "familie"),
    ("weekend", "weekend"),
    ("sport", "sport"),
];

/// The demo's own emotions (the person's custom ones) in Dutch.
const CUSTOM_EMOTIONS_NL: &[(&str, &str)] =
    &[("overwhelm", "overweldiging"), ("gratitude", "dankbaarheid"), ("loneliness", "eenzaamheid")];

/// The generated journal as lived by a person in `zone`: every entry keeps its clock time (so the
/// mornings stay mornings and every planted pattern holds) and takes the zone's offset at that
/// time, instead of the Amsterdam-like offsets it was generated with. An entry whose clock time
/// the zone skips (a spring-forward hour) keeps its own offset; entries that would now lie after
/// `end` (a zone west of Amsterdam) are left out. The window's example journal uses this, so a
/// person anywhere sees the example on their own clock, without an offset after every time.
pub fn lived_in(entries: &mut Vec<Entry>, zone: Zone, end: &DateTime<FixedOffset>) {
    for e in entries.iter_mut() {
        if let Some(at) = zone.from_local(e.at.naive_local()) {
            e.at = at;
        }
    }
    entries.retain(|e| e.at <= *end);
    entries.sort_by_key(|e| e.at);
}

/// The generated journal as a Dutch-speaking person would have written it: the notes, the tags and
/// the custom emotions in Dutch (the built-in emotions and regions are shown in the interface's
/// language anyway). The numbers, times and uids stay as generated, so every planted pattern holds.
pub fn in_dutch(entries: &mut [Entry]) {
    let dutch =
        |table: &[(&str, &'static str)], word: &str| table.iter().find(|(en, _)| *en == word).map(|(_, nl)| *nl);
    for e in entries {
        if !e.note.is_empty() {
            let mut note = e.note.clone();
            for (en, nl) in NOTES_NL {
                if note.contains(en) {
                    note = note.replace(en, nl);
                }
            }
            e.note = note;
        }
        for tag in &mut e.tags {
            if let Some(nl) = dutch(TAGS_NL, tag) {
                *tag = nl.to_owned();
            }
        }
        for emotion in &mut e.emotions {
            if let Some(nl) = dutch(CUSTOM_EMOTIONS_NL, &emotion.code) {
                emotion.code = nl.to_owned();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_lived_elsewhere_keeps_its_clock_times_and_never_passes_its_end() {
        let end = DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
        let amsterdam = generate(&DemoOptions { years: 1, seed: 4, end });
        assert!(amsterdam.iter().any(|e| e.at.offset().local_minus_utc() == 7200), "summer entries at +02:00");
        for hours in [-5, 0, 9] {
            let zone = Zone::hours_east(hours).expect("zone");
            let mut lived = amsterdam.clone();
            lived_in(&mut lived, zone, &end);
            assert!(lived.iter().all(|e| e.at.offset().local_minus_utc() == hours * 3600), "every entry at {hours} h");
            assert!(lived.iter().all(|e| e.at <= end), "nothing after the end ({hours} h)");
            assert!(lived.windows(2).all(|w| w[0].at <= w[1].at), "in order");
            // The same entries at the same clock times (west of Amsterdam the last evening's
            // entries would lie after the end and are left out).
            let same: Vec<_> =
                amsterdam.iter().map(|e| (e.uid.clone(), e.at.naive_local())).take(lived.len()).collect();
            let now: Vec<_> = lived.iter().map(|e| (e.uid.clone(), e.at.naive_local())).collect();
            assert_eq!(now, same);
            assert!(amsterdam.len() - lived.len() <= if hours < 1 { 8 } else { 0 }, "{hours} h");
        }
    }

    #[test]
    fn the_dutch_demo_has_dutch_notes_tags_and_own_emotions_and_the_same_numbers() {
        let end = DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
        let english = generate(&DemoOptions { years: 3, seed: 4, end });
        let mut dutch = english.clone();
        in_dutch(&mut dutch);
        let mut notes = 0;
        for (en, nl) in english.iter().zip(&dutch) {
            assert_eq!((en.at, &en.tensions, &en.uid, en.practice), (nl.at, &nl.tensions, &nl.uid, nl.practice));
            // Every sentence of every note is one of the Dutch ones.
            let mut rest = nl.note.clone();
            for (_, sentence) in NOTES_NL {
                rest = rest.replace(sentence, "");
            }
            assert!(rest.trim().is_empty(), "{:?} left {rest:?}", nl.note);
            notes += usize::from(!nl.note.is_empty());
            for tag in &nl.tags {
                assert!(TAGS_NL.iter().any(|(_, d)| d == tag), "tag {tag}");
            }
            for (a, b) in en.emotions.iter().zip(&nl.emotions) {
                assert_eq!(a.intensity, b.intensity);
                if let Some((_, d)) = CUSTOM_EMOTIONS_NL.iter().find(|(e, _)| *e == a.code) {
                    assert_eq!(&b.code, d);
                } else {
                    assert_eq!(a.code, b.code, "built-in emotions keep their code");
                }
            }
        }
        assert!(notes > 500, "{notes} notes");
        // Every sentence the generator can write has its Dutch, and nothing else is in the table.
        let mut pools: Vec<&[&str]> =
            vec![MORNING_NOTES, EVENING_NOTES, NECK_NOTES, BACK_NOTES, JAW_NOTES, CHEST_NOTES];
        for (code, _) in EMOTION_RATES.iter().chain(CUSTOM_EMOTIONS.iter()) {
            pools.push(emotion_notes(code));
        }
        for &kind in PracticeKind::ALL.iter() {
            pools.push(practice_notes(kind, false));
            pools.push(practice_notes(kind, true));
        }
        let mut sentences: Vec<&str> = pools.into_iter().flatten().copied().collect();
        sentences.sort_unstable();
        sentences.dedup();
        let mut table: Vec<&str> = NOTES_NL.iter().map(|(en, _)| *en).collect();
        table.sort_unstable();
        assert_eq!(sentences, table);
    }
}
