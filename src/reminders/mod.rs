//! Daily reminders: up to three times a day, a gentle desktop notification asking for a check-in.
//!
//! - This module: the configuration (`reminders.json`), the small "already sent today" state,
//!   and the pure scheduling rule ([`plan_day`], [`next_time`]).
//! - [`notify`]: the notification itself (freedesktop notifications over the D-Bus session bus).
//! - [`schedule`]: the per-user autostart entry that keeps `feltsense remind` running while the
//!   window is closed, and the single-instance lock of that background process.
//! - [`runner`]: the loop shared by the background process and the open window.
//!
//! # Where things are kept
//! Reminders are about this computer, not about the journal, so they live in the per-user
//! configuration folder, `$XDG_CONFIG_HOME/feltsense/` (else `~/.config/feltsense/`), created
//! `0700`, files `0600`, written atomically (a temporary file renamed over the old one):
//! - `reminders.json`: the [`ReminderConfig`] chosen in Settings;
//! - `reminders-state.json`: which reminder times were already sent today ([`SentState`]);
//! - `reminders.lock`: held by the running background process (see [`schedule`]).
//!
//! # The rule
//! The day has four parts ([`PartOfDay`]): night 00–06, morning 06–12, afternoon 12–18, evening
//! 18–24. A reminder at time `T` is **skipped** when the journal already holds an entry of today,
//! at or before now, that is
//! 1. in the same part of the day as `T` (someone who logged at 13:10 gets no 17:30 reminder), or
//! 2. within [`GRACE`] before or after `T` (someone who logged a few minutes before `T`, or
//!    after `T` but before a late reminder went out, is not reminded either, even across a part
//!    boundary).
//!
//! Otherwise it is **due** once now has passed `T`, for [`GRACE`] (30 minutes): a laptop that wakes
//! three hours later does not send stale reminders (they count as missed). A due reminder is sent
//! once; the time is then recorded in the state file and not sent again that day. Reminders of
//! one day are never carried into the next (a 23:50 reminder is not sent at 00:10).

pub mod experiment;
pub mod notify;
pub mod runner;
pub mod schedule;
pub mod weekly;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// How many reminder times a person can set.
pub const MAX_TIMES: usize = 3;

/// How long after its time a reminder may still be sent.
pub const GRACE: TimeDelta = TimeDelta::minutes(30);

/// The configuration file's name inside [`config_dir`].
pub const CONFIG_FILE: &str = "reminders.json";
/// The state file's name inside [`config_dir`].
pub const STATE_FILE: &str = "reminders-state.json";

/// Why reminders could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ReminderError {
    /// The configuration or state file exists but is not valid.
    #[error("{path} is not a valid reminders file ({detail}); using no reminders until it is saved again")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it (serde_json's words, worded by [`crate::model::text::json_error`]).
        detail: crate::model::Message,
    },
    /// Reading or writing failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// "read", "write", "create" or "remove".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// No home folder is known, so there is no place for the settings.
    #[error("no home folder was found; set XDG_CONFIG_HOME")]
    NoConfigHome,
}

impl crate::model::Describe for ReminderError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (ReminderError::Invalid { path, detail }, _) => format!(
                "{} is geen geldig herinneringenbestand ({}); er zijn geen herinneringen tot het opnieuw is bewaard",
                path.display(),
                detail.text(lang)
            ),
            (ReminderError::Io { action, path, source }, _) => {
                let doing = match *action {
                    "read" => "lezen",
                    "write" => "schrijven",
                    "create" => "maken",
                    "remove" => "verwijderen",
                    other => other,
                };
                format!("kan {} niet {doing}: {}", path.display(), crate::model::text::io_error(source, lang))
            }
            (ReminderError::NoConfigHome, _) => "er is geen thuismap gevonden; stel XDG_CONFIG_HOME in".to_owned(),
        }
    }
}

/// `$XDG_CONFIG_HOME`, else `~/.config` (the platform's configuration folder elsewhere).
pub fn config_home() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.config_dir().to_path_buf()))
}

/// The folder of Feltsense's per-computer settings: `<config home>/feltsense`.
pub fn config_dir_in(config_home: &Path) -> PathBuf {
    config_home.join("feltsense")
}

/// [`config_dir_in`] of [`config_home`].
pub fn config_dir() -> Result<PathBuf, ReminderError> {
    config_home().map(|h| config_dir_in(&h)).ok_or(ReminderError::NoConfigHome)
}

/// A part of the day; a reminder is skipped when the person already logged in its part. The same
/// four parts as the time-of-day analysis.
pub use crate::model::dates::PartOfDay;

/// Reads and writes times as `HH:MM`.
mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_time(&s).ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a time like 08:30")))
    }
}

/// Parses a time of day written `H:MM` or `HH:MM` (24-hour clock), e.g. `8:30` or `21:00`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// One reminder slot: a time of day and whether it is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderTime {
    /// The time of day (whole minutes).
    #[serde(with = "hhmm")]
    pub at: NaiveTime,
    /// Whether this reminder is on.
    pub enabled: bool,
}

impl ReminderTime {
    /// A slot that is off, at `h:m`.
    fn off(h: u32, m: u32) -> ReminderTime {
        ReminderTime { at: NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN), enabled: false }
    }
}

/// The reminders chosen in Settings, stored per computer in `reminders.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawConfig")]
pub struct ReminderConfig {
    /// The three slots (a morning, an after-work and an evening time by default, all off).
    pub times: [ReminderTime; MAX_TIMES],
    /// Whether `feltsense remind` runs in the background while the window is closed (the person
    /// turned on "Remind me even when Feltsense is closed").
    pub even_when_closed: bool,
    /// The language of the notifications (kept in step with the window's language).
    pub lang: Lang,
    /// The journal whose entries decide whether a reminder is still needed (`None`: the default
    /// location). `--db` and `FELTSENSE_DB` take precedence.
    pub journal: Option<PathBuf>,
}

impl Default for ReminderConfig {
    fn default() -> ReminderConfig {
        ReminderConfig {
            times: [ReminderTime::off(8, 30), ReminderTime::off(17, 30), ReminderTime::off(21, 0)],
            even_when_closed: false,
            lang: Lang::En,
            journal: None,
        }
    }
}

/// The file's shape: fewer than three times are filled up with slots that are off.
/// Unknown fields are ignored, so a file written by a newer version still works.
#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    times: Vec<ReminderTime>,
    #[serde(default)]
    even_when_closed: bool,
    #[serde(default)]
    lang: Lang,
    #[serde(default)]
    journal: Option<PathBuf>,
}

impl TryFrom<RawConfig> for ReminderConfig {
    type Error = String;

    fn try_from(raw: RawConfig) -> Result<ReminderConfig, String> {
        if raw.times.len() > MAX_TIMES {
            return Err(format!("{} reminder times; at most {MAX_TIMES} are allowed", raw.times.len()));
        }
        let mut times = ReminderConfig::default().times;
        for (slot, t) in times.iter_mut().zip(raw.times) {
            *slot = t;
        }
        Ok(ReminderConfig { times, even_when_closed: raw.even_when_closed, lang: raw.lang, journal: raw.journal })
    }
}

impl ReminderConfig {
    /// The times that are on, sorted, each once.
    pub fn enabled_times(&self) -> Vec<NaiveTime> {
        let mut v: Vec<NaiveTime> = self.times.iter().filter(|t| t.enabled).map(|t| t.at).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Reads `reminders.json` from `dir`. A missing file gives the defaults (no reminders).
    pub fn load(dir: &Path) -> Result<ReminderConfig, ReminderError> {
        read_json(&dir.join(CONFIG_FILE)).map(Option::unwrap_or_default)
    }

    /// Like [`load`](Self::load), but never fails: a bad or unreadable file gives the defaults
    /// (no reminders) together with the error, to be shown to the person.
    pub fn load_or_default(dir: &Path) -> (ReminderConfig, Option<ReminderError>) {
        match ReminderConfig::load(dir) {
            Ok(c) => (c, None),
            Err(e) => (ReminderConfig::default(), Some(e)),
        }
    }

    /// Writes `reminders.json` into `dir` (created `0700` if needed; the file is `0600`).
    pub fn save(&self, dir: &Path) -> Result<(), ReminderError> {
        write_json(&dir.join(CONFIG_FILE), self)
    }
}

/// Which reminder times were already sent, for one day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentState {
    /// The day the list is about.
    pub date: Option<NaiveDate>,
    /// Times sent on that day.
    #[serde(default)]
    pub sent: Vec<HhMm>,
    /// Personal-experiment calls sent on that day ([`experiment::MomentCall::key`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiment: Vec<String>,
    /// The week (its Monday) the weekly call to score the activities was last sent for (kept
    /// across days, see [`weekly`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activities_week: Option<NaiveDate>,
}

/// A time of day stored as `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HhMm(#[serde(with = "hhmm")] pub NaiveTime);

impl SentState {
    /// The times sent on `date` (empty when the state is about another day).
    pub fn sent_on(&self, date: NaiveDate) -> Vec<NaiveTime> {
        if self.date == Some(date) { self.sent.iter().map(|t| t.0).collect() } else { Vec::new() }
    }

    /// The experiment calls sent on `date`.
    pub fn experiment_sent_on(&self, date: NaiveDate) -> Vec<String> {
        if self.date == Some(date) { self.experiment.clone() } else { Vec::new() }
    }

    /// Records that the experiment call `key` was sent on `date` (forgetting other days).
    pub fn mark_experiment(&mut self, date: NaiveDate, key: &str) {
        self.start_day(date);
        if !self.experiment.iter().any(|k| k == key) {
            self.experiment.push(key.to_owned());
        }
    }

    fn start_day(&mut self, date: NaiveDate) {
        if self.date != Some(date) {
            self.date = Some(date);
            self.sent.clear();
            self.experiment.clear();
        }
    }

    /// Records that the weekly call to score the activities was sent for the week of `week`.
    pub fn mark_activities(&mut self, week: NaiveDate) {
        self.activities_week = Some(week);
    }

    /// Records that the reminder at `at` was sent on `date` (forgetting other days).
    pub fn mark(&mut self, date: NaiveDate, at: NaiveTime) {
        self.start_day(date);
        if !self.sent.contains(&HhMm(at)) {
            self.sent.push(HhMm(at));
            self.sent.sort();
        }
    }

    /// Reads the state from `dir`; a missing or damaged file is an empty state (at worst one
    /// reminder is sent twice).
    pub fn load(dir: &Path) -> SentState {
        read_json(&dir.join(STATE_FILE)).ok().flatten().unwrap_or_default()
    }

    /// Writes the state into `dir`.
    pub fn save(&self, dir: &Path) -> Result<(), ReminderError> {
        write_json(&dir.join(STATE_FILE), self)
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, ReminderError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ReminderError::Io { action: "read", path: path.to_path_buf(), source }),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| ReminderError::Invalid { path: path.to_path_buf(), detail: crate::model::Message::new(e) })
}

/// Creates `dir` (and its parents) with mode `0700`, leaving existing folders as they are.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), ReminderError> {
    crate::fsio::create_dir_all(dir).map_err(|source| ReminderError::Io {
        action: "create",
        path: dir.to_path_buf(),
        source,
    })
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), ReminderError> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    crate::fsio::write_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        w.write_all(b"\n")
    })
    .map_err(|source| ReminderError::Io { action: "write", path: path.to_path_buf(), source })
}

/// What the rule says about one reminder time today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderStatus {
    /// Its time has come (within [`GRACE`]) and it has not been sent: send it now.
    Due,
    /// Later today.
    Upcoming,
    /// Already sent today.
    Sent,
    /// Not needed: the person already logged in this part of the day.
    AlreadyLogged,
    /// Not needed: the person logged shortly before or after its time (in another part of the day).
    LoggedAround,
    /// Its time passed more than [`GRACE`] ago without it being sent (the computer was asleep or
    /// off); it is not sent late.
    Missed,
}

/// One reminder time and its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedReminder {
    /// The time of day.
    pub at: NaiveTime,
    /// What happens with it.
    pub status: ReminderStatus,
}

/// Applies the rule (see the [module documentation](self)) to today's reminder times.
///
/// - `times`: the reminder times that are on (any order; duplicates count once);
/// - `now`: the local date and time;
/// - `logged`: the local times of journal entries (entries of other days and entries after `now`
///   are ignored, so the caller may pass a generous range);
/// - `sent`: the times already sent today.
///
/// Returns one [`PlannedReminder`] per distinct time, in time order.
pub fn plan_day(
    times: &[NaiveTime],
    now: NaiveDateTime,
    logged: &[NaiveDateTime],
    sent: &[NaiveTime],
    grace: TimeDelta,
) -> Vec<PlannedReminder> {
    let today = now.date();
    let logged_today: Vec<NaiveDateTime> = logged.iter().copied().filter(|t| t.date() == today && *t <= now).collect();
    let mut times = times.to_vec();
    times.sort();
    times.dedup();
    times
        .into_iter()
        .map(|at| {
            let when = today.and_time(at);
            let part = PartOfDay::of(at);
            let same_part = logged_today.iter().any(|e| PartOfDay::of(e.time()) == part);
            let around = logged_today.iter().any(|e| (*e - when).abs() <= grace);
            let status = if sent.contains(&at) {
                ReminderStatus::Sent
            } else if same_part {
                ReminderStatus::AlreadyLogged
            } else if around {
                ReminderStatus::LoggedAround
            } else if when > now {
                ReminderStatus::Upcoming
            } else if now - when <= grace {
                ReminderStatus::Due
            } else {
                ReminderStatus::Missed
            };
            PlannedReminder { at, status }
        })
        .collect()
}

/// The first moment strictly after `now` at which one of `times` comes round (today or
/// tomorrow); `None` without times. Whether it will be sent then is for [`plan_day`] to say.
pub fn next_time(times: &[NaiveTime], now: NaiveDateTime) -> Option<NaiveDateTime> {
    let later_today = times.iter().filter(|t| **t > now.time()).min().map(|t| now.date().and_time(*t));
    later_today.or_else(|| {
        let first = times.iter().min()?;
        Some(now.date().succ_opt()?.and_time(*first))
    })
}

/// A short sentence about one planned reminder, for `feltsense remind --once` and Settings.
pub fn describe(p: &PlannedReminder, lang: Lang) -> String {
    let t = p.at.format("%H:%M");
    match p.status {
        ReminderStatus::Due => format!("{t}: {}", lang.pick("due now", "nu aan de beurt")),
        ReminderStatus::Upcoming => format!("{t}: {}", lang.pick("later today", "later vandaag")),
        ReminderStatus::Sent => format!("{t}: {}", lang.pick("sent", "verstuurd")),
        ReminderStatus::AlreadyLogged => {
            let part = PartOfDay::of(p.at).this(lang);
            match lang {
                Lang::En => format!("{t}: not needed, you already logged {part}"),
                Lang::Nl => format!("{t}: niet nodig, je hebt {part} al iets vastgelegd"),
            }
        }
        ReminderStatus::LoggedAround => format!(
            "{t}: {}",
            lang.pick("not needed, you logged around that time", "niet nodig, je hebt rond die tijd iets vastgelegd")
        ),
        ReminderStatus::Missed => {
            format!("{t}: {}", lang.pick("missed (the computer was asleep)", "gemist (de computer sliep)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReminderStatus::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        day().and_time(t(h, m))
    }

    fn statuses(
        times: &[NaiveTime],
        now: NaiveDateTime,
        logged: &[NaiveDateTime],
        sent: &[NaiveTime],
    ) -> Vec<ReminderStatus> {
        plan_day(times, now, logged, sent, GRACE).into_iter().map(|p| p.status).collect()
    }

    fn three() -> [NaiveTime; 3] {
        [t(8, 30), t(17, 30), t(21, 0)]
    }

    #[test]
    fn parts_of_the_day_have_their_documented_bounds() {
        assert_eq!(PartOfDay::of(t(0, 0)), PartOfDay::Night);
        assert_eq!(PartOfDay::of(t(5, 59)), PartOfDay::Night);
        assert_eq!(PartOfDay::of(t(6, 0)), PartOfDay::Morning);
        assert_eq!(PartOfDay::of(t(11, 59)), PartOfDay::Morning);
        assert_eq!(PartOfDay::of(t(12, 0)), PartOfDay::Afternoon);
        assert_eq!(PartOfDay::of(t(17, 59)), PartOfDay::Afternoon);
        assert_eq!(PartOfDay::of(t(18, 0)), PartOfDay::Evening);
        assert_eq!(PartOfDay::of(t(23, 59)), PartOfDay::Evening);
    }

    #[test]
    fn early_in_the_day_everything_is_still_to_come() {
        assert_eq!(statuses(&three(), at(7, 0), &[], &[]), [Upcoming, Upcoming, Upcoming]);
    }

    #[test]
    fn a_reminder_is_due_from_its_minute_until_the_grace_window_ends() {
        assert_eq!(statuses(&three(), at(8, 29), &[], &[])[0], Upcoming);
        assert_eq!(statuses(&three(), at(8, 30), &[], &[])[0], Due);
        assert_eq!(statuses(&three(), at(8, 45), &[], &[])[0], Due);
        // 30 minutes late is still inside the window; 31 is not.
        assert_eq!(statuses(&three(), at(9, 0), &[], &[])[0], Due);
        assert_eq!(statuses(&three(), at(9, 1), &[], &[])[0], Missed);
    }

    #[test]
    fn a_laptop_waking_three_hours_late_sends_nothing_stale() {
        // Asleep from 8:00 to 20:45: 8:30 and 17:30 are missed, 21:00 is still to come.
        assert_eq!(statuses(&three(), at(20, 45), &[], &[]), [Missed, Missed, Upcoming]);
    }

    #[test]
    fn a_sent_reminder_is_not_sent_again_that_day() {
        assert_eq!(statuses(&three(), at(8, 40), &[], &[t(8, 30)]), [Sent, Upcoming, Upcoming]);
    }

    #[test]
    fn an_entry_in_the_same_part_of_the_day_skips_the_reminder() {
        // Logged at 13:10 (afternoon): no 17:30 reminder, before or at its time.
        let logged = [at(13, 10)];
        assert_eq!(statuses(&three(), at(14, 0), &logged, &[]), [Missed, AlreadyLogged, Upcoming]);
        assert_eq!(statuses(&three(), at(17, 30), &logged, &[]), [Missed, AlreadyLogged, Upcoming]);
        // Logged at 7:00 (morning) before the 8:30 reminder: skipped.
        assert_eq!(statuses(&three(), at(8, 30), &[at(7, 0)], &[]), [AlreadyLogged, Upcoming, Upcoming]);
    }

    #[test]
    fn an_entry_in_another_part_of_the_day_does_not_skip() {
        // Logged at 10:00 (morning): the afternoon reminder still comes.
        assert_eq!(statuses(&three(), at(17, 31), &[at(10, 0)], &[]), [AlreadyLogged, Due, Upcoming]);
    }

    #[test]
    fn an_entry_logged_after_the_time_but_before_sending_skips_it() {
        // The 17:30 reminder was not sent yet (the computer woke at 17:50), but the person logged at
        // 17:40.
        assert_eq!(statuses(&[t(17, 30)], at(17, 50), &[at(17, 40)], &[]), [AlreadyLogged]);
        // Across a part boundary too: reminder 11:50 (morning), entry 12:05 (afternoon).
        assert_eq!(statuses(&[t(11, 50)], at(12, 10), &[at(12, 5)], &[]), [LoggedAround]);
    }

    #[test]
    fn an_entry_just_before_the_time_skips_it_even_across_a_boundary() {
        // Reminder 18:00 (evening), entry at 17:40 (afternoon): 20 minutes before, inside GRACE.
        assert_eq!(statuses(&[t(18, 0)], at(18, 0), &[at(17, 40)], &[]), [LoggedAround]);
        // Exactly GRACE before still counts.
        assert_eq!(statuses(&[t(18, 0)], at(18, 0), &[at(17, 30)], &[]), [LoggedAround]);
        // An entry at 17:29 is 31 minutes before: the evening reminder comes.
        assert_eq!(statuses(&[t(18, 0)], at(18, 0), &[at(17, 29)], &[]), [Due]);
    }

    #[test]
    fn entries_of_other_days_and_in_the_future_are_ignored() {
        let yesterday_evening = day().pred_opt().expect("yesterday").and_time(t(21, 5));
        // An entry dated later today (edited to a future time) does not count yet.
        let later = at(21, 30);
        assert_eq!(statuses(&three(), at(21, 0), &[yesterday_evening, later], &[]), [Missed, Missed, Due]);
    }

    #[test]
    fn sent_wins_over_logged_and_duplicates_count_once() {
        let p = plan_day(&[t(21, 0), t(8, 30), t(21, 0)], at(21, 10), &[at(21, 5)], &[t(21, 0)], GRACE);
        assert_eq!(
            p,
            [PlannedReminder { at: t(8, 30), status: Missed }, PlannedReminder { at: t(21, 0), status: Sent }]
        );
    }

    #[test]
    fn night_reminders_follow_the_same_rule() {
        // A reminder at 00:15 (night); an entry at 23:50 yesterday does not skip it, one at 00:05
        // today does.
        let just_before_midnight = day().pred_opt().expect("yesterday").and_time(t(23, 50));
        assert_eq!(statuses(&[t(0, 15)], at(0, 20), &[just_before_midnight], &[]), [Due]);
        assert_eq!(statuses(&[t(0, 15)], at(0, 20), &[at(0, 5)], &[]), [AlreadyLogged]);
    }

    #[test]
    fn the_next_time_is_later_today_or_the_first_one_tomorrow() {
        let times = three();
        assert_eq!(next_time(&times, at(7, 0)), Some(at(8, 30)));
        // Strictly after now: at 8:30 itself the next one is 17:30.
        assert_eq!(next_time(&times, at(8, 30)), Some(at(17, 30)));
        assert_eq!(next_time(&times, at(17, 29)), Some(at(17, 30)));
        let tomorrow = day().succ_opt().expect("tomorrow").and_time(t(8, 30));
        assert_eq!(next_time(&times, at(21, 0)), Some(tomorrow));
        assert_eq!(next_time(&times, at(23, 59)), Some(tomorrow));
        assert_eq!(next_time(&[], at(7, 0)), None);
    }

    #[test]
    fn times_parse_in_the_usual_forms_only() {
        assert_eq!(parse_time("08:30"), Some(t(8, 30)));
        assert_eq!(parse_time("8:30"), Some(t(8, 30)));
        assert_eq!(parse_time(" 21:00 "), Some(t(21, 0)));
        assert_eq!(parse_time("23:59"), Some(t(23, 59)));
        for bad in ["24:00", "8:3", "0830", "8.30", "-1:30", "12:60", "", ":", "123:00", "+8:30"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn enabled_times_are_sorted_and_unique() {
        let mut c = ReminderConfig::default();
        assert!(c.enabled_times().is_empty(), "the defaults remind of nothing");
        c.times[0] = ReminderTime { at: t(21, 0), enabled: true };
        c.times[2].enabled = true; // 21:00 as well
        c.times[1] = ReminderTime { at: t(12, 15), enabled: true };
        assert_eq!(c.enabled_times(), [t(12, 15), t(21, 0)]);
    }

    #[test]
    fn the_sent_state_is_per_day() {
        let mut s = SentState::default();
        s.mark(day(), t(17, 30));
        s.mark(day(), t(8, 30));
        s.mark(day(), t(8, 30));
        assert_eq!(s.sent_on(day()), [t(8, 30), t(17, 30)]);
        let tomorrow = day().succ_opt().expect("tomorrow");
        assert!(s.sent_on(tomorrow).is_empty());
        s.mark(tomorrow, t(21, 0));
        assert_eq!(s.sent_on(tomorrow), [t(21, 0)]);
        assert!(s.sent_on(day()).is_empty());
    }

    #[test]
    fn descriptions_name_the_part_of_the_day() {
        let p = PlannedReminder { at: t(17, 30), status: AlreadyLogged };
        assert_eq!(describe(&p, Lang::En), "17:30: not needed, you already logged this afternoon");
        assert_eq!(describe(&p, Lang::Nl), "17:30: niet nodig, je hebt vanmiddag al iets vastgelegd");
    }
}
