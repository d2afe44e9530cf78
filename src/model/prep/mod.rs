//! Ready for the appointment: what a person brings to a physiotherapist besides the journal.
//!
//! - [`activity`]: the activities that matter to the person (3, up to 5), named in their own
//!   words and rated each week on a standard instrument, the PSK or the PSFS ([`Instrument`]).
//!   Every rating carries its instrument; ratings of different instruments are never compared.
//! - [`topic`]: the topics the person wants to raise, in their order, each open, ticked off after
//!   an appointment, or dismissed; written by the person or accepted from a suggestion.
//! - [`appointment`]: the dates of appointments, and from them the report's default period
//!   ([`appointment::default_period`], the one place the window and the command line take it from).
//!
//! Nothing here reads a file or draws; the store keeps these in their own tables (schema 6) and
//! the JSON interchange file carries them losslessly.

pub mod activity;
pub mod appointment;
pub mod topic;

pub use activity::{Activity, ActivityRating, Instrument};
pub use appointment::{Appointment, PeriodBasis, ReportPeriod, default_period};
pub use topic::{Topic, TopicSource, TopicState};

use super::{Describe, Lang};

/// The longest "reason for the visit" the person can write, in characters.
pub const MAX_REASON_CHARS: usize = 300;

/// Everything of this module a journal holds, read together (the window's snapshot, the report,
/// the exports).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prep {
    /// Every activity, the active ones first in their order, then the retired ones.
    pub activities: Vec<Activity>,
    /// Every activity rating, oldest week first.
    pub ratings: Vec<ActivityRating>,
    /// Every topic in the person's order (open, ticked off and dismissed alike).
    pub topics: Vec<Topic>,
    /// Every appointment, earliest first.
    pub appointments: Vec<Appointment>,
    /// The reason for the visit in the person's own words (empty: none written).
    pub reason: String,
}

impl Prep {
    /// True when nothing of this module was ever written.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
            && self.ratings.is_empty()
            && self.topics.is_empty()
            && self.appointments.is_empty()
            && self.reason.trim().is_empty()
    }

    /// The activities being rated now, in their order.
    pub fn active(&self) -> impl Iterator<Item = &Activity> {
        self.activities.iter().filter(|a| a.retired.is_none())
    }

    /// The instrument of the activities being rated now (`None` before the first setup).
    pub fn instrument(&self) -> Option<Instrument> {
        self.active().next().map(|a| a.instrument)
    }

    /// The activity with this id.
    pub fn activity(&self, uid: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.uid == uid)
    }

    /// The ratings of one activity, oldest first.
    pub fn ratings_of<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a ActivityRating> + 'a {
        self.ratings.iter().filter(move |r| r.activity == uid)
    }

    /// Whether any activity being rated now has a rating for the week of `day`.
    pub fn rated_in_week_of(&self, day: chrono::NaiveDate) -> bool {
        let week = activity::week_of(day);
        self.active().any(|a| self.ratings_of(&a.uid).any(|r| r.week == week))
    }

    /// The open topics, in the person's order (what the report lists).
    pub fn open_topics(&self) -> impl Iterator<Item = &Topic> {
        self.topics.iter().filter(|t| t.state == TopicState::Open)
    }

    /// The appointment dates, earliest first.
    pub fn appointment_dates(&self) -> Vec<chrono::NaiveDate> {
        let mut d: Vec<_> = self.appointments.iter().map(|a| a.date).collect();
        d.sort_unstable();
        d
    }

    /// What an export of the days `from`–`to` (either open) carries: every activity, topic and
    /// the reason (lists the person keeps), the ratings of the weeks that touch those days and
    /// the appointments on them.
    pub fn within(&self, from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>) -> Prep {
        let day_in = |d: chrono::NaiveDate| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
        let week_in = |w: chrono::NaiveDate| {
            let sunday = super::dates::days_after(w, 6).unwrap_or(w);
            from.is_none_or(|f| sunday >= f) && to.is_none_or(|t| w <= t)
        };
        Prep {
            activities: self.activities.clone(),
            ratings: self.ratings.iter().filter(|r| week_in(r.week)).cloned().collect(),
            topics: self.topics.clone(),
            appointments: self.appointments.iter().filter(|a| day_in(a.date)).cloned().collect(),
            reason: self.reason.clone(),
        }
    }

    /// The activity being rated that `what` names: its number in the list (1 first), its id, its
    /// name (any case), or a start of its name that fits only one.
    pub fn find_activity(&self, what: &str) -> Result<&Activity, PrepError> {
        let w = what.trim();
        let active: Vec<&Activity> = self.active().collect();
        if let Ok(n) = w.parse::<usize>()
            && (1..=active.len()).contains(&n)
        {
            return Ok(active[n - 1]);
        }
        let lower = w.to_lowercase();
        if let Some(a) = active.iter().find(|a| a.uid == w || a.name.to_lowercase() == lower) {
            return Ok(a);
        }
        let starts: Vec<&&Activity> =
            active.iter().filter(|a| !lower.is_empty() && a.name.to_lowercase().starts_with(&lower)).collect();
        match starts.as_slice() {
            [one] => Ok(one),
            _ => Err(PrepError::UnknownActivity(w.to_owned())),
        }
    }

    /// The topic `what` names: its number among the open topics (1 first) or its id.
    pub fn find_topic(&self, what: &str) -> Result<&Topic, PrepError> {
        let w = what.trim();
        let open: Vec<&Topic> = self.open_topics().collect();
        if let Ok(n) = w.parse::<usize>()
            && (1..=open.len()).contains(&n)
        {
            return Ok(open[n - 1]);
        }
        self.topics.iter().find(|t| t.uid == w).ok_or_else(|| PrepError::UnknownTopic(w.to_owned()))
    }

    /// Checks everything against the rules of the module (an import, a file another tool wrote):
    /// names and texts within their limits, at most [`activity::MAX_ACTIVE`] active activities of
    /// one instrument, every rating of a known activity with that activity's instrument and at
    /// most one per activity and week, unique ids and appointment dates.
    pub fn validate(&self) -> Result<(), PrepError> {
        let mut uids = std::collections::HashSet::new();
        for a in &self.activities {
            activity::check_name(&a.name)?;
            if a.uid.is_empty() || !uids.insert(("a", a.uid.as_str())) {
                return Err(PrepError::DuplicateId(a.uid.clone()));
            }
        }
        let active: Vec<&Activity> = self.active().collect();
        if active.len() > activity::MAX_ACTIVE {
            return Err(PrepError::TooManyActivities);
        }
        if let Some(first) = active.first()
            && let Some(other) = active.iter().find(|a| a.instrument != first.instrument)
        {
            return Err(PrepError::MixedInstruments { current: first.instrument, asked: other.instrument });
        }
        let mut weeks = std::collections::HashSet::new();
        for r in &self.ratings {
            let a = self.activity(&r.activity).ok_or_else(|| PrepError::UnknownActivity(r.activity.clone()))?;
            if a.instrument != r.instrument {
                return Err(PrepError::MixedInstruments { current: a.instrument, asked: r.instrument });
            }
            if r.week != activity::week_of(r.week) {
                return Err(PrepError::NotAWeekStart(r.week));
            }
            if !weeks.insert((r.activity.as_str(), r.week)) {
                return Err(PrepError::RatedTwice { activity: a.name.clone(), week: r.week });
            }
        }
        for t in &self.topics {
            topic::check_text(&t.text)?;
            if let Some(nl) = &t.text_nl {
                topic::check_text(nl)?;
            }
            if t.uid.is_empty() || !uids.insert(("t", t.uid.as_str())) {
                return Err(PrepError::DuplicateId(t.uid.clone()));
            }
        }
        let mut dates = std::collections::HashSet::new();
        for a in &self.appointments {
            if a.uid.is_empty() || !uids.insert(("p", a.uid.as_str())) {
                return Err(PrepError::DuplicateId(a.uid.clone()));
            }
            super::dates::check(a.date).map_err(PrepError::Date)?;
            if !dates.insert(a.date) {
                return Err(PrepError::AppointmentTwice(a.date));
            }
        }
        check_reason(&self.reason)
    }
}

/// Checks a reason for the visit: at most [`MAX_REASON_CHARS`] characters.
pub fn check_reason(text: &str) -> Result<(), PrepError> {
    if text.trim().chars().count() > MAX_REASON_CHARS {
        return Err(PrepError::TooLong { what: Field::Reason, max: MAX_REASON_CHARS });
    }
    Ok(())
}

/// Which text was too long or empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// An activity's name.
    Activity,
    /// A topic's text.
    Topic,
    /// The reason for the visit.
    Reason,
}

impl Field {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Field::Activity => lang.pick("an activity's name", "de naam van een activiteit"),
            Field::Topic => lang.pick("a topic", "een onderwerp"),
            Field::Reason => lang.pick("the reason for the visit", "de reden van het bezoek"),
        }
    }
}

/// Why a change to activities, topics or appointments is refused (nothing is written then).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PrepError {
    /// A text is empty.
    #[error("{} cannot be empty", .0.name(Lang::En))]
    Empty(Field),
    /// A text is longer than allowed.
    #[error("{} can be at most {max} characters", what.name(Lang::En))]
    TooLong {
        /// Which text.
        what: Field,
        /// The most characters allowed.
        max: usize,
    },
    /// Already [`activity::MAX_ACTIVE`] activities are being rated.
    #[error("you already rate {} activities; retire one before you add another", activity::MAX_ACTIVE)]
    TooManyActivities,
    /// An activity with this name is already being rated.
    #[error("you already rate an activity called \"{0}\"")]
    SameName(String),
    /// The activities being rated use another instrument.
    #[error(
        "your activities are rated with the {}; retire them all before you start with the {}",
        current.short_name(),
        asked.short_name()
    )]
    MixedInstruments {
        /// The instrument in use.
        current: Instrument,
        /// The one asked for.
        asked: Instrument,
    },
    /// No activity (being rated) has this id, number or name.
    #[error("there is no activity \"{0}\" being rated; `feltsense activity list` shows them")]
    UnknownActivity(String),
    /// The activity was retired and takes no new ratings.
    #[error("\"{0}\" was retired; it keeps its ratings but takes no new ones")]
    Retired(String),
    /// The same activity was given two scores for one week.
    #[error("\"{activity}\" has two scores for the week of {week}")]
    RatedTwice {
        /// The activity's name.
        activity: String,
        /// The week's Monday.
        week: chrono::NaiveDate,
    },
    /// A rating's week does not start on a Monday.
    #[error("{0} is not the Monday of a week")]
    NotAWeekStart(chrono::NaiveDate),
    /// A rating is for a week that has not begun.
    #[error("the week of {0} has not begun yet")]
    FutureWeek(chrono::NaiveDate),
    /// No topic has this id or number.
    #[error("there is no topic \"{0}\"; `feltsense topic list` shows them")]
    UnknownTopic(String),
    /// An appointment is already logged for this date.
    #[error("an appointment on {0} is already logged")]
    AppointmentTwice(chrono::NaiveDate),
    /// No appointment on this date.
    #[error("there is no appointment on {0}")]
    UnknownAppointment(chrono::NaiveDate),
    /// Two things share one id.
    #[error("the id \"{0}\" is used twice")]
    DuplicateId(String),
    /// A date outside the journal's years.
    #[error("{0}")]
    Date(super::dates::DateError),
}

impl Describe for PrepError {
    fn describe(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            PrepError::Empty(f) => format!("{} mag niet leeg zijn", f.name(lang)),
            PrepError::TooLong { what, max } => format!("{} mag hoogstens {max} tekens lang zijn", what.name(lang)),
            PrepError::TooManyActivities => format!(
                "je scoort al {} activiteiten; zet er een stop voordat je een nieuwe toevoegt",
                activity::MAX_ACTIVE
            ),
            PrepError::SameName(n) => format!("je scoort al een activiteit met de naam \"{n}\""),
            PrepError::MixedInstruments { current, asked } => format!(
                "je activiteiten worden gescoord met de {}; zet ze eerst allemaal stop voordat je met de {} begint",
                current.short_name(),
                asked.short_name()
            ),
            PrepError::UnknownActivity(a) => {
                format!("er wordt geen activiteit \"{a}\" gescoord; `feltsense activity list` toont ze")
            }
            PrepError::Retired(a) => {
                format!("\"{a}\" is stopgezet; de scores blijven bewaard, maar er komen geen nieuwe bij")
            }
            PrepError::RatedTwice { activity, week } => {
                format!("\"{activity}\" heeft twee scores voor de week van {week}")
            }
            PrepError::NotAWeekStart(d) => format!("{d} is niet de maandag van een week"),
            PrepError::FutureWeek(d) => format!("de week van {d} is nog niet begonnen"),
            PrepError::UnknownTopic(t) => format!("er is geen onderwerp \"{t}\"; `feltsense topic list` toont ze"),
            PrepError::AppointmentTwice(d) => format!("er staat al een afspraak op {d}"),
            PrepError::UnknownAppointment(d) => format!("er is geen afspraak op {d}"),
            PrepError::DuplicateId(id) => format!("de id \"{id}\" komt twee keer voor"),
            PrepError::Date(e) => e.describe(lang),
        }
    }
}

/// A trimmed text of 1 to `max` characters, or why not.
pub(crate) fn checked_text(text: &str, what: Field, max: usize) -> Result<String, PrepError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(PrepError::Empty(what));
    }
    if t.chars().count() > max {
        return Err(PrepError::TooLong { what, max });
    }
    // One line: a name or a topic is shown on one line in the list, the report and the CSV.
    Ok(t.split_whitespace().collect::<Vec<_>>().join(" "))
}
