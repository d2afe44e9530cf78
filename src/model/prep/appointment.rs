//! Appointments with the physiotherapist, and the report's default period that follows from them.
//!
//! [`default_period`] is the one place the default period of a report is decided, for the window
//! and the command line alike: **since the last appointment** before the report's last day, or,
//! when none is logged, **the last [`DEFAULT_WEEKS`] weeks**. The report says which
//! ([`ReportPeriod::describe`]).

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::model::{Lang, dates, text};

/// How many weeks a report covers when no earlier appointment is logged and no first day given.
pub const DEFAULT_WEEKS: i64 = 8;

/// One appointment (held or planned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    /// Identity that survives export and import.
    pub uid: String,
    /// The day of the appointment.
    pub date: NaiveDate,
    /// When it was logged.
    pub created: DateTime<FixedOffset>,
}

impl Appointment {
    /// A new appointment on `date`.
    pub fn new(date: NaiveDate, created: DateTime<FixedOffset>) -> Appointment {
        Appointment { uid: crate::model::new_uid(), date, created }
    }
}

/// Why a report covers the days it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodBasis {
    /// Since the last appointment, held on this day.
    SinceAppointment(NaiveDate),
    /// The last [`DEFAULT_WEEKS`] weeks (no earlier appointment logged).
    LastWeeks(i64),
    /// The first day was chosen.
    Chosen,
}

/// The days a report covers (both included) and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Why these days.
    pub basis: PeriodBasis,
}

impl ReportPeriod {
    /// How many days the period has.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Why the period is what it is, in words: "since the appointment on 3 Nov 2026" / "sinds de
    /// afspraak van 3 nov 2026", "the last 8 weeks (no earlier appointment logged)", "chosen".
    pub fn describe(&self, lang: Lang) -> String {
        match self.basis {
            PeriodBasis::SinceAppointment(d) => match lang {
                Lang::En => format!("since the appointment on {}", text::date_long(d, lang)),
                Lang::Nl => format!("sinds de afspraak van {}", text::date_long(d, lang)),
            },
            PeriodBasis::LastWeeks(w) => match lang {
                Lang::En => format!("the last {w} weeks (no earlier appointment logged)"),
                Lang::Nl => format!("de laatste {w} weken (geen eerdere afspraak vastgelegd)"),
            },
            PeriodBasis::Chosen => lang.pick("chosen period", "gekozen periode").to_owned(),
        }
    }
}

/// The latest appointment strictly before `day` (the one the report for `day` starts from).
pub fn last_before(appointments: &[NaiveDate], day: NaiveDate) -> Option<NaiveDate> {
    appointments.iter().copied().filter(|&d| d < day).max()
}

/// The first appointment on or after `day` (the next one).
pub fn next_from(appointments: &[NaiveDate], day: NaiveDate) -> Option<NaiveDate> {
    appointments.iter().copied().filter(|&d| d >= day).min()
}

/// The report's period ending on `to`: since the last appointment before `to` (that day
/// included: what was logged after the appointment that day belongs to the new period), else the
/// last [`DEFAULT_WEEKS`] weeks up to `to`. `None` only when those weeks would begin before the
/// years the journal works with.
pub fn default_period(appointments: &[NaiveDate], to: NaiveDate) -> Option<ReportPeriod> {
    if let Some(last) = last_before(appointments, to) {
        return Some(ReportPeriod { from: last, to, basis: PeriodBasis::SinceAppointment(last) });
    }
    let from = dates::period_start(to, DEFAULT_WEEKS * 7).filter(|d| dates::in_range(*d))?;
    Some(ReportPeriod { from, to, basis: PeriodBasis::LastWeeks(DEFAULT_WEEKS) })
}

/// The report's period: `from`–`to` when a first day is given ([`PeriodBasis::Chosen`]),
/// otherwise [`default_period`] up to `to`.
pub fn report_period(appointments: &[NaiveDate], from: Option<NaiveDate>, to: NaiveDate) -> Option<ReportPeriod> {
    match from {
        Some(from) => Some(ReportPeriod { from, to, basis: PeriodBasis::Chosen }),
        None => default_period(appointments, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    #[test]
    fn the_default_period_runs_from_the_last_appointment_or_covers_eight_weeks() {
        let to = d(11, 20);
        let none = default_period(&[], to).expect("period");
        assert_eq!((none.from, none.to), (d(9, 26), to), "56 days including both ends");
        assert_eq!(none.days(), 56);
        assert_eq!(none.basis, PeriodBasis::LastWeeks(8));
        assert!(none.describe(Lang::En).contains("last 8 weeks"));

        let appts = [d(9, 1), d(11, 3), d(11, 27)];
        let p = default_period(&appts, to).expect("period");
        assert_eq!(
            (p.from, p.basis),
            (d(11, 3), PeriodBasis::SinceAppointment(d(11, 3))),
            "the latest before, not the next"
        );
        assert_eq!(p.describe(Lang::Nl), "sinds de afspraak van 3 nov 2026");
        assert_eq!(p.describe(Lang::En), "since the appointment on 3 Nov 2026");

        // On the day of an appointment the report still covers the time since the one before.
        let same_day = default_period(&appts, d(11, 3)).expect("period");
        assert_eq!(same_day.from, d(9, 1));
        assert_eq!(next_from(&appts, to), Some(d(11, 27)));
        assert_eq!(next_from(&appts, d(11, 27)), Some(d(11, 27)), "today's appointment is the next one");

        let chosen = report_period(&appts, Some(d(10, 1)), to).expect("period");
        assert_eq!((chosen.from, chosen.basis), (d(10, 1), PeriodBasis::Chosen));
    }

    #[test]
    fn the_calendars_start_gives_no_period_instead_of_a_panic() {
        let early = NaiveDate::from_ymd_opt(1, 1, 20).expect("date");
        assert_eq!(default_period(&[], early), None);
        let after = default_period(&[NaiveDate::from_ymd_opt(1, 1, 2).expect("date")], early).expect("since");
        assert_eq!(after.from, NaiveDate::from_ymd_opt(1, 1, 2).expect("date"));
    }
}
