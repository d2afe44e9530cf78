//! The timing of a guided practice: pure functions of the elapsed time, and a pausable stopwatch
//! driven by whatever clock the caller reads.
//!
//! Nothing here sleeps or reads the system clock. The practice view passes egui's frame time
//! (`ui.input(|i| i.time)`, seconds since the window started); tests set that time by hand
//! (`RawInput::time`) or call these functions with any [`Duration`] they like.

use std::time::Duration;

/// Length of the in-breath of the 4–6 pattern.
pub const BREATHE_IN: Duration = Duration::from_secs(4);
/// Length of the out-breath of the 4–6 pattern.
pub const BREATHE_OUT: Duration = Duration::from_secs(6);
/// One whole breath: in plus out.
pub const CYCLE: Duration = Duration::from_secs(10);

/// Which half of a breath.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Breath {
    /// Breathing in (4 s).
    In,
    /// Breathing out (6 s).
    Out,
}

/// Where in the 4–6 pattern a moment falls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Phase {
    /// In or out.
    pub breath: Breath,
    /// How far through this in- or out-breath, from 0 (just begun) towards 1.
    pub progress: f32,
    /// Which second of this in- or out-breath, counting from 1 (1–4 in, 1–6 out).
    pub count: u32,
    /// How many whole breaths came before this one.
    pub cycle: u64,
    /// Time since this in- or out-breath began.
    pub since_change: Duration,
}

/// The phase of the 4–6 pattern `elapsed` after the practice began: in for 4 s, out for 6 s, and
/// again. The boundaries belong to the phase they start (at exactly 4 s it is "out").
pub fn phase_at(elapsed: Duration) -> Phase {
    let cycle_ns = CYCLE.as_nanos();
    let in_ns = BREATHE_IN.as_nanos();
    let t = elapsed.as_nanos();
    let cycle = u64::try_from(t / cycle_ns).unwrap_or(u64::MAX);
    let within = t % cycle_ns;
    let (breath, since_ns, len_ns) =
        if within < in_ns { (Breath::In, within, in_ns) } else { (Breath::Out, within - in_ns, cycle_ns - in_ns) };
    // Both fit easily: `since_ns` is below 10 s in nanoseconds.
    let since_change = Duration::from_nanos(u64::try_from(since_ns).unwrap_or(0));
    let count = u32::try_from(since_ns / 1_000_000_000).unwrap_or(0) + 1;
    Phase { breath, progress: (since_ns as f64 / len_ns as f64) as f32, count, cycle, since_change }
}

/// The size of the breathing shape at `phase`, from 0 (empty lungs) to 1 (full): it grows during
/// the in-breath and shrinks during the out-breath, easing in and out so that the turns feel soft.
pub fn breath_size(phase: Phase) -> f32 {
    let eased = (1.0 - (std::f32::consts::PI * phase.progress.clamp(0.0, 1.0)).cos()) / 2.0;
    match phase.breath {
        Breath::In => eased,
        Breath::Out => 1.0 - eased,
    }
}

/// Time until the next whole second of `elapsed`: when a once-a-second display changes next.
pub fn until_next_second(elapsed: Duration) -> Duration {
    Duration::from_secs(1) - Duration::from_nanos(u64::from(elapsed.subsec_nanos()))
}

/// The minutes to record for `practised`: rounded to the nearest minute, but at least 1 when any
/// time passed at all (a 20-second micro-pause still counts), and 0 when none did.
pub fn practised_minutes(practised: Duration) -> u16 {
    if practised.is_zero() {
        return 0;
    }
    let rounded = (practised.as_secs_f64() / 60.0).round();
    u16::try_from(rounded as u64).unwrap_or(u16::MAX).max(1)
}

/// "2:05": minutes and seconds, rounding the seconds up so that the display reaches 0:00 exactly
/// when the time is over.
pub fn format_clock(left: Duration) -> String {
    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A stopwatch that can be paused, reading times from the caller's clock (seconds, any origin).
///
/// A clock that goes backwards counts as standing still.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stopwatch {
    /// Time banked before the last pause.
    banked: Duration,
    /// The clock reading when it last started running; `None` while paused.
    since: Option<f64>,
}

fn seconds(s: f64) -> Duration {
    // `max` also turns NaN into 0.
    Duration::try_from_secs_f64(s.max(0.0)).unwrap_or(Duration::ZERO)
}

impl Stopwatch {
    /// A stopwatch that starts running at clock reading `now`.
    pub fn start(now: f64) -> Stopwatch {
        Stopwatch { banked: Duration::ZERO, since: Some(now) }
    }

    /// Running time at clock reading `now`, pauses left out.
    pub fn elapsed(&self, now: f64) -> Duration {
        self.banked + self.since.map_or(Duration::ZERO, |s| seconds(now - s))
    }

    /// True unless paused.
    pub fn is_running(&self) -> bool {
        self.since.is_some()
    }

    /// Stops counting at `now` (no effect while paused).
    pub fn pause(&mut self, now: f64) {
        if self.since.is_some() {
            self.banked = self.elapsed(now);
            self.since = None;
        }
    }

    /// Counts on from `now` (no effect while running).
    pub fn resume(&mut self, now: f64) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn four_in_six_out() {
        assert_eq!(phase_at(s(0.0)).breath, Breath::In);
        assert_eq!(phase_at(s(3.9)).breath, Breath::In);
        assert_eq!(phase_at(s(4.0)).breath, Breath::Out);
        assert_eq!(phase_at(s(4.1)).breath, Breath::Out);
        assert_eq!(phase_at(s(9.9)).breath, Breath::Out);
        assert_eq!(phase_at(s(10.0)).breath, Breath::In);
        assert_eq!(phase_at(s(10.0)).cycle, 1);
        assert_eq!(phase_at(s(13.9)).breath, Breath::In);
        assert_eq!(phase_at(s(14.1)).breath, Breath::Out);
        // After two minutes: 12 whole breaths, the 13th starts with "in".
        let p = phase_at(s(120.0));
        assert_eq!((p.breath, p.cycle, p.count), (Breath::In, 12, 1));
    }

    #[test]
    fn counts_and_progress_within_a_breath() {
        // 2.5 s into the in-breath: the third second, 2.5 / 4 of the way.
        let p = phase_at(s(12.5));
        assert_eq!((p.breath, p.count, p.progress), (Breath::In, 3, 0.625));
        assert_eq!(p.since_change, s(2.5));
        // 7 s: 3 s into the out-breath, its fourth second, halfway.
        let p = phase_at(s(7.0));
        assert_eq!((p.breath, p.count, p.progress), (Breath::Out, 4, 0.5));
        // The last second of each half.
        assert_eq!(phase_at(s(3.99)).count, 4);
        assert_eq!(phase_at(s(9.99)).count, 6);
    }

    #[test]
    fn the_shape_grows_in_and_shrinks_out() {
        assert_eq!(breath_size(phase_at(s(0.0))), 0.0);
        assert!((breath_size(phase_at(s(2.0))) - 0.5).abs() < 1e-6);
        // Full at the turn (the out-breath starts at size 1).
        assert!((breath_size(phase_at(s(4.0))) - 1.0).abs() < 1e-6);
        assert!((breath_size(phase_at(s(7.0))) - 0.5).abs() < 1e-6);
        assert!(breath_size(phase_at(s(9.999))) < 1e-3);
        // Growing during the in-breath, shrinking during the out-breath.
        let sizes: Vec<f32> = (0..=40).map(|i| breath_size(phase_at(s(f64::from(i) * 0.1)))).collect();
        assert!(sizes.windows(2).all(|w| w[1] >= w[0]), "{sizes:?}");
        let sizes: Vec<f32> = (40..100).map(|i| breath_size(phase_at(s(f64::from(i) * 0.1)))).collect();
        assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{sizes:?}");
    }

    #[test]
    fn stopwatch_leaves_pauses_out() {
        let mut w = Stopwatch::start(100.0);
        assert_eq!(w.elapsed(130.0), s(30.0));
        w.pause(130.0);
        assert!(!w.is_running());
        assert_eq!(w.elapsed(500.0), s(30.0));
        w.resume(500.0);
        w.resume(501.0); // no effect while running
        assert_eq!(w.elapsed(510.0), s(40.0));
        w.pause(510.0);
        w.pause(520.0); // no effect while paused
        assert_eq!(w.elapsed(600.0), s(40.0));
        // A clock that jumps backwards stands still instead of counting down.
        let w = Stopwatch::start(50.0);
        assert_eq!(w.elapsed(40.0), Duration::ZERO);
        assert_eq!(w.elapsed(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn minutes_round_but_any_practice_counts() {
        assert_eq!(practised_minutes(Duration::ZERO), 0);
        assert_eq!(practised_minutes(s(1.0)), 1);
        assert_eq!(practised_minutes(s(89.0)), 1);
        assert_eq!(practised_minutes(s(90.0)), 2);
        assert_eq!(practised_minutes(s(100.0)), 2);
        assert_eq!(practised_minutes(s(120.0)), 2);
        assert_eq!(practised_minutes(s(600.0)), 10);
    }

    #[test]
    fn clock_text_and_second_ticks() {
        assert_eq!(format_clock(s(125.0)), "2:05");
        assert_eq!(format_clock(s(0.2)), "0:01");
        assert_eq!(format_clock(Duration::ZERO), "0:00");
        assert_eq!(format_clock(s(59.5)), "1:00");
        assert_eq!(until_next_second(s(3.25)), s(0.75));
        assert_eq!(until_next_second(s(3.0)), s(1.0));
    }
}
