//! The weekly call to score the activities that matter (PSK or PSFS), on the same path as the
//! check-in reminders (the open window's reminder thread, and `feltsense remind` while the window
//! is closed).
//!
//! Once per calendar week (Monday to Sunday), at the first check-in reminder time of the day
//! ([`prompt_time`]; 19:00 when none is on), while the journal has activities being rated and none
//! of them has a score for this week yet. A week already scored is skipped; a week already asked
//! is not asked again ([`super::SentState::activities_week`]). The journal is read only when the
//! call could be due.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::prep::Prep;
use crate::model::prep::activity::week_of;

/// When the call comes when no check-in reminder time is on.
pub const DEFAULT_TIME: NaiveTime = match NaiveTime::from_hms_opt(19, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The time of day the weekly call comes: the first check-in reminder time that is on, else
/// [`DEFAULT_TIME`].
pub fn prompt_time(enabled_times: &[NaiveTime]) -> NaiveTime {
    enabled_times.iter().copied().min().unwrap_or(DEFAULT_TIME)
}

/// Whether the call could be due at `now` without reading the journal: the time has come and this
/// week was not asked yet. Then read the journal and ask [`due`].
pub fn may_be_due(now: NaiveDateTime, at: NaiveTime, asked_week: Option<NaiveDate>) -> bool {
    now.time() >= at && asked_week != Some(week_of(now.date()))
}

/// The week (its Monday) to ask about at `now`, or `None`: nothing being rated, this week
/// already scored, not yet the time, or this week already asked.
pub fn due(prep: &Prep, now: NaiveDateTime, at: NaiveTime, asked_week: Option<NaiveDate>) -> Option<NaiveDate> {
    if !may_be_due(now, at, asked_week) || prep.instrument().is_none() || prep.rated_in_week_of(now.date()) {
        return None;
    }
    Some(week_of(now.date()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::model::prep::{Activity, ActivityRating, Instrument};

    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).expect("time")
    }

    #[test]
    fn once_a_week_at_the_first_reminder_time_while_unscored() {
        let wed = NaiveDate::from_ymd_opt(2026, 11, 18).expect("date");
        let monday = week_of(wed);
        let created = wed.and_time(t(8)).and_utc().fixed_offset();
        let mut prep = Prep::default();
        assert_eq!(due(&prep, wed.and_time(t(20)), t(19), None), None, "nothing being rated");
        let mut a = Activity::new("Stairs", Instrument::Psk, created).expect("activity");
        a.uid = "a".into();
        prep.activities.push(a);
        assert_eq!(prompt_time(&[t(21), t(9)]), t(9));
        assert_eq!(prompt_time(&[]), DEFAULT_TIME);
        assert_eq!(due(&prep, wed.and_time(t(18)), t(19), None), None, "not yet the time");
        assert_eq!(due(&prep, wed.and_time(t(19)), t(19), None), Some(monday));
        assert_eq!(due(&prep, wed.and_time(t(20)), t(19), Some(monday)), None, "asked this week");
        let last_week = monday - chrono::Duration::days(7);
        assert_eq!(due(&prep, wed.and_time(t(20)), t(19), Some(last_week)), Some(monday));
        prep.ratings.push(ActivityRating {
            activity: "a".into(),
            instrument: Instrument::Psk,
            week: monday,
            at: created,
            score: Level::new(4).expect("level"),
        });
        assert_eq!(due(&prep, wed.and_time(t(20)), t(19), None), None, "scored this week: skipped");
        let next_monday = monday + chrono::Duration::days(7);
        assert_eq!(due(&prep, next_monday.and_time(t(19)), t(19), Some(monday)), Some(next_monday));
    }
}
