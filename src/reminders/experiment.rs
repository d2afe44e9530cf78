//! Notifications for a personal experiment's moments, on the same path as the check-in reminders
//! (the open window's reminder thread, and `feltsense remind` while the window is closed).
//!
//! A moment asks twice: at its time, for the blind first rating (until that rating's window
//! closes), and when its second rating is due (from `wait − 5` to `wait + 20` minutes after the
//! first). Each call is sent once; which were sent is kept with the day's sent reminders
//! ([`super::SentState::experiment`]). Nothing is sent for a stopped or finished experiment, a
//! moment already rated, or a day outside the plan. Calls are not tied to the check-in reminder
//! times: an experiment asks whether or not check-in reminders are on.

use chrono::NaiveDateTime;

use crate::analysis::experiment::analyse;
use crate::model::experiment::{Experiment, Moment, MomentState, Phase};

/// One notification a moment asks for now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MomentCall {
    /// Identifies the call in the sent state: experiment id, day, moment and phase.
    pub key: String,
    /// The day of the experiment.
    pub day: u16,
    /// The moment.
    pub moment: Moment,
    /// The rating asked for.
    pub phase: Phase,
}

fn key(e: &Experiment, day: u16, moment: Moment, phase: Phase) -> String {
    format!("{}/{day}/{}/{}", e.plan.uid, moment.number(), phase.code())
}

/// The days a call can be about at `now`: yesterday (a late moment's second rating after
/// midnight) and today.
fn days_around(e: &Experiment, now: NaiveDateTime) -> Vec<u16> {
    let today = e.plan.day_of(now.date());
    [today.and_then(|d| d.checked_sub(1)), today].into_iter().flatten().filter(|&d| d >= 1).collect()
}

/// The calls due at `now` that are not in `sent` (oldest first).
pub fn due_calls(e: &Experiment, now: NaiveDateTime, sent: &[String]) -> Vec<MomentCall> {
    if e.stopped.is_some() || analyse(e, now).stage.is_over() {
        return Vec::new();
    }
    let mut calls = Vec::new();
    for day in days_around(e, now) {
        for moment in Moment::BOTH {
            let phase = match e.moment_state(day, moment, now) {
                // Not in the quarter of an hour before the moment: it asks at its time.
                MomentState::Open { .. } if e.plan.scheduled(day, moment).is_some_and(|t| now >= t) => Phase::Before,
                MomentState::Due { .. } => Phase::After,
                _ => continue,
            };
            let key = key(e, day, moment, phase);
            if !sent.contains(&key) {
                calls.push(MomentCall { key, day, moment, phase });
            }
        }
    }
    calls
}

/// When a call may next become due after `now`: the next moment's time, or the opening of a
/// second rating (`None` when the experiment asks nothing more).
pub fn next_call(e: &Experiment, now: NaiveDateTime) -> Option<NaiveDateTime> {
    if e.stopped.is_some() {
        return None;
    }
    let mut next: Option<NaiveDateTime> = None;
    let first = days_around(e, now).first().copied().unwrap_or(1);
    for day in first..=e.plan.max_days {
        for moment in Moment::BOTH {
            let t = match e.moment_state(day, moment, now) {
                MomentState::Upcoming { .. } => e.plan.scheduled(day, moment),
                MomentState::Open { .. } => e.plan.scheduled(day, moment).filter(|t| *t > now),
                MomentState::Waiting { opens } => Some(opens),
                _ => None,
            };
            if let Some(t) = t
                && next.is_none_or(|n| t < n)
            {
                next = Some(t);
            }
        }
        if next.is_some() {
            break;
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::experiment::sim::{SimOptions, first_day, simulate};
    use chrono::{Duration, NaiveTime};

    fn at(day: i64, h: u32, m: u32) -> NaiveDateTime {
        (first_day() + Duration::days(day)).and_time(NaiveTime::from_hms_opt(h, m, 0).expect("time"))
    }

    #[test]
    fn a_moment_asks_at_its_time_and_again_when_its_second_rating_is_due() {
        let mut e = simulate(&SimOptions::null(1)).expect("sim");
        e.ratings.clear();
        // Day 1, 08:50: open for rating already, but it asks at 09:00.
        assert!(due_calls(&e, at(0, 8, 50), &[]).is_empty());
        assert_eq!(next_call(&e, at(0, 8, 50)), Some(at(0, 9, 0)));
        let calls = due_calls(&e, at(0, 9, 1), &[]);
        assert_eq!(calls.len(), 1);
        assert_eq!((calls[0].day, calls[0].moment, calls[0].phase), (1, Moment::First, Phase::Before));
        // Sent once.
        assert!(due_calls(&e, at(0, 9, 2), &[calls[0].key.clone()]).is_empty());
        // Rated at 09:05: nothing until the second rating opens at 09:20.
        let rating = |phase, h, m| crate::model::experiment::MomentRating {
            day: 1,
            moment: Moment::First,
            phase,
            at: chrono::FixedOffset::east_opt(3600)
                .and_then(|o| at(0, h, m).and_local_timezone(o).single())
                .expect("time"),
            target: crate::model::Level::ZERO,
            control: crate::model::Level::ZERO,
        };
        e.ratings.push(rating(Phase::Before, 9, 5));
        assert!(due_calls(&e, at(0, 9, 10), &[]).is_empty());
        assert_eq!(next_call(&e, at(0, 9, 10)), Some(at(0, 9, 20)));
        let calls = due_calls(&e, at(0, 9, 21), &[]);
        assert_eq!((calls.len(), calls[0].phase), (1, Phase::After));
        e.ratings.push(rating(Phase::After, 9, 25));
        assert!(due_calls(&e, at(0, 9, 30), &[]).is_empty());
        assert_eq!(next_call(&e, at(0, 9, 30)), Some(at(0, 16, 0)));
        // A stopped experiment asks nothing.
        e.stopped = e.ratings.last().map(|r| r.at);
        assert!(due_calls(&e, at(0, 16, 1), &[]).is_empty());
        assert_eq!(next_call(&e, at(0, 16, 1)), None);
    }
}
