//! The wall clock the views read ("now" on the person's local clock), replaceable in tests.
//!
//! Views that show the time of day (the Experiments view's moments and windows) read it from
//! [`ViewCx::now`](super::views::ViewCx::now), which the app takes from its [`Clock`] once per
//! frame. The window runs on the system clock; a test sets a [`Clock::manual`] one and moves it
//! by hand, so a day of an experiment passes in a few frames. (The guided timers keep using egui's
//! frame time, which tests set through `RawInput::time`.)

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, FixedOffset, Local};

/// Where "now" comes from.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<FixedOffset>>>>);

impl Clock {
    /// The system clock, in the local time zone.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `at` until it is moved ([`Clock::set`], [`Clock::advance`]);
    /// clones share it.
    pub fn manual(at: DateTime<FixedOffset>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    /// The time now.
    pub fn now(&self) -> DateTime<FixedOffset> {
        match &self.0 {
            None => Local::now().fixed_offset(),
            Some(t) => *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Moves a manual clock to `at` (the system clock cannot be moved).
    pub fn set(&self, at: DateTime<FixedOffset>) {
        if let Some(t) = &self.0 {
            *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
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
        let system = Clock::system();
        system.set(start);
        assert!(system.now() > start, "the system clock is not moved");
    }
}
