//! The wall clock the views read ("now" on the person's local clock), replaceable in tests.
//!
//! Views that show the time of day (the Experiments view's moments and windows) read it from
//! [`ViewCx::now`](super::views::ViewCx::now), which the app takes from its [`Clock`] once per
//! frame. The window runs on the system clock; a test sets a [`Clock::manual`] one and moves it
//! by hand, so a day of an experiment passes in a few frames. (The guided timers keep using egui's
//! frame time, which tests set through `RawInput::time`.)
//!
//! The journal worker's copies in a folder read the same clock (the app hands it to the worker):
//! the wall clock for "when" ([`Clock::now`]) and a monotonic one for "how long since"
//! ([`Clock::instant`], the debounce after a change and the minute between looks at the folder),
//! so a test moves a day, or 20 seconds, without waiting for it.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, Local};

/// Where "now" comes from.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Manual>>);

/// A clock moved by hand: where it stands, and the real instant it started at (its
/// [`Clock::instant`] moves on from there as it is moved).
#[derive(Debug)]
struct Manual {
    at: Mutex<DateTime<FixedOffset>>,
    start: (DateTime<FixedOffset>, Instant),
}

impl Clock {
    /// The system clock, in the local time zone.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `at` until it is moved ([`Clock::set`], [`Clock::advance`]);
    /// clones share it.
    pub fn manual(at: DateTime<FixedOffset>) -> Clock {
        Clock(Some(Arc::new(Manual { at: Mutex::new(at), start: (at, Instant::now()) })))
    }

    /// Whether this is a clock moved by hand (whoever waits on it looks again often, since
    /// moving it wakes no one).
    pub fn is_manual(&self) -> bool {
        self.0.is_some()
    }

    /// The time now.
    pub fn now(&self) -> DateTime<FixedOffset> {
        match &self.0 {
            None => Local::now().fixed_offset(),
            Some(m) => *m.at.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// The monotonic "now" for measuring how long since something: [`Instant::now`] on the
    /// system clock; on a manual one the instant it started at, moved on as far as the clock was
    /// moved (never before that start).
    pub fn instant(&self) -> Instant {
        match &self.0 {
            None => Instant::now(),
            Some(m) => {
                let (at, started) = m.start;
                let moved = (self.now() - at).to_std().unwrap_or_default();
                started.checked_add(moved).unwrap_or(started)
            }
        }
    }

    /// Moves a manual clock to `at` (the system clock cannot be moved).
    pub fn set(&self, at: DateTime<FixedOffset>) {
        if let Some(m) = &self.0 {
            *m.at.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }

    /// Moves a manual clock on by `by`.
    pub fn advance(&self, by: Duration) {
        let now = self.now();
        self.set(now + by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let start = DateTime::parse_from_rfc3339("2026-03-02T09:00:00+01:00").expect("time");
        let clock = Clock::manual(start);
        let shared = clock.clone();
        assert_eq!(clock.now(), start);
        shared.advance(Duration::minutes(20));
        assert_eq!(clock.now(), start + Duration::minutes(20));
        // Its monotonic instant moves as far, and stands still meanwhile.
        let first = clock.instant();
        assert_eq!(clock.instant(), first);
        shared.advance(Duration::seconds(21));
        assert_eq!(clock.instant() - first, std::time::Duration::from_secs(21));
        assert!(clock.is_manual());
        let system = Clock::system();
        system.set(start);
        assert!(system.now() > start, "the system clock is not moved");
        assert!(!system.is_manual());
    }
}
