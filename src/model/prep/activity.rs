//! Activities that matter, rated each week on the PSK or the PSFS.
//!
//! # The instruments (checked against the published descriptions, see below)
//! - **PSK** (Patiënt Specifieke Klachten; Beurskens 1996). The person picks the 3 to 5 most
//!   important activities they have difficulty with and rates, for each, how much difficulty it
//!   gave **in the past week**, on an 11-point numeric scale (since 2008; before, a VAS line).
//!   Higher means more difficulty, so a fall is an improvement.
//! - **PSFS** (Patient-Specific Functional Scale; Stratford et al. 1995; Dutch version Schreuders
//!   & Videler 2008). Up to 5 important activities the person cannot do or has difficulty with,
//!   each rated 0 = unable to perform the activity to 10 = able to perform it at the same level as
//!   before the problem. Higher means better.
//!
//! Sources of the wording: meetinstrumentenzorg.nl's pages on both instruments (PSK: "3 tot 5
//! belangrijkste klachten op het gebied van fysieke activiteiten", scored on an 11-point NRS;
//! PSFS: "0 = onmogelijk om activiteit uit te voeren, 10 = mogelijk om activiteit uit te
//! voeren"), the PSK's question as described there and by practices that use it ("hoeveel moeite
//! het uitvoeren van die activiteit de afgelopen week kostte"), and the English PSFS form as
//! reproduced with the authors' permission (anchors "Unable to perform activity" / "Able to
//! perform activity at the same level as before injury or problem"; minimum detectable change
//! 2 points for the mean, 3 for a single activity, 90 % CI).
//!
//! **Not verified** against the forms themselves: the PSK's end labels ("no difficulty" /
//! "impossible", "geen moeite" / "onmogelijk") were not in any source we could read, and the
//! Dutch PSFS's "op hetzelfde niveau als vóór het probleem" is our translation of the English
//! anchor (the Dutch summary says only "mogelijk om activiteit uit te voeren"). Check them
//! against the PSK and PSFS forms on meetinstrumentenzorg.nl before relying on the exact words.
//!
//! # Storage rules
//! Every rating carries its instrument, and ratings of different instruments are never compared
//! or averaged together. The activities being rated share one instrument; to switch, the person
//! retires them all and names new ones. A retired activity keeps its ratings. One rating per
//! activity per week (Monday to Sunday, [`week_of`]); rating again in the same week replaces it.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::{Field, PrepError, checked_text};
use crate::model::{Lang, Level};

/// The most activities rated at the same time.
pub const MAX_ACTIVE: usize = 5;
/// How many activities the instruments ask for.
pub const SUGGESTED_ACTIVITIES: usize = 3;
/// The longest name of an activity, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// A change of the mean over the activities at least this large counts as real (Stratford 1995;
/// the PSFS form's minimum detectable change for the mean, 90 % CI; Moseng 2013).
pub const MEAN_THRESHOLD: f64 = 2.0;
/// A change of a single activity at least this large counts as real (the PSFS form's minimum
/// detectable change for one activity, 90 % CI; applied to the PSK the same way).
pub const ITEM_THRESHOLD: f64 = 3.0;

/// The standard instrument the activities are rated with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Instrument {
    /// Patiënt Specifieke Klachten: difficulty in the past week, 0 = none, 10 = impossible.
    Psk,
    /// Patient-Specific Functional Scale: 0 = unable, 10 = able as before the problem.
    Psfs,
}

impl Instrument {
    /// Both instruments.
    pub const ALL: [Instrument; 2] = [Instrument::Psk, Instrument::Psfs];

    /// Stable code (`psk`, `psfs`), in the journal file and every export.
    pub fn code(self) -> &'static str {
        match self {
            Instrument::Psk => "psk",
            Instrument::Psfs => "psfs",
        }
    }

    /// Parses a stable code (any case).
    pub fn from_code(code: &str) -> Option<Instrument> {
        match code.trim().to_ascii_lowercase().as_str() {
            "psk" => Some(Instrument::Psk),
            "psfs" => Some(Instrument::Psfs),
            _ => None,
        }
    }

    /// The instrument offered first in a language: the PSK in Dutch, the PSFS in English
    /// (either can be chosen in either language).
    pub fn default_for(lang: Lang) -> Instrument {
        match lang {
            Lang::Nl => Instrument::Psk,
            Lang::En => Instrument::Psfs,
        }
    }

    /// The abbreviation physiotherapists use ("PSK", "PSFS").
    pub fn short_name(self) -> &'static str {
        match self {
            Instrument::Psk => "PSK",
            Instrument::Psfs => "PSFS",
        }
    }

    /// The full name: the PSK keeps its Dutch name in English too (that is how it is cited).
    pub fn full_name(self, lang: Lang) -> &'static str {
        match self {
            Instrument::Psk => lang.pick("Patiënt Specifieke Klachten (PSK)", "Patiënt Specifieke Klachten (PSK)"),
            Instrument::Psfs => {
                lang.pick("Patient-Specific Functional Scale (PSFS)", "Patient Specific Functional Scale (PSFS)")
            }
        }
    }

    /// The question asked for each activity.
    pub fn question(self, lang: Lang) -> &'static str {
        match self {
            Instrument::Psk => lang.pick(
                "How much difficulty did doing this activity give you in the past week?",
                "Hoeveel moeite kostte het uitvoeren van deze activiteit de afgelopen week?",
            ),
            Instrument::Psfs => {
                lang.pick("How well can you do this activity now?", "In hoeverre kun je deze activiteit nu uitvoeren?")
            }
        }
    }

    /// What 0 and 10 mean (see the module docs for what was and was not verified).
    pub fn anchors(self, lang: Lang) -> (&'static str, &'static str) {
        match self {
            Instrument::Psk => (lang.pick("no difficulty", "geen moeite"), lang.pick("impossible", "onmogelijk")),
            Instrument::Psfs => (
                lang.pick("unable to perform the activity", "onmogelijk om de activiteit uit te voeren"),
                lang.pick(
                    "able to perform it at the same level as before the problem",
                    "mogelijk om de activiteit uit te voeren op hetzelfde niveau als vóór het probleem",
                ),
            ),
        }
    }

    /// The direction in words: "higher = more difficulty" / "higher = better".
    pub fn direction(self, lang: Lang) -> &'static str {
        match self {
            Instrument::Psk => lang.pick("higher = more difficulty", "hoger = meer moeite"),
            Instrument::Psfs => lang.pick("higher = better", "hoger = beter"),
        }
    }

    /// Whether a higher score is better (PSFS) rather than worse (PSK).
    pub fn higher_is_better(self) -> bool {
        self == Instrument::Psfs
    }

    /// How much better `latest` is than `first` on this instrument, in points: positive is an
    /// improvement whichever way the scale runs.
    pub fn improvement(self, first: f64, latest: f64) -> f64 {
        if self.higher_is_better() { latest - first } else { first - latest }
    }
}

/// An activity the person rates, in their own words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Identity that survives export and import.
    pub uid: String,
    /// The person's own words ("Climbing the stairs at work").
    pub name: String,
    /// The instrument it is rated with (fixed for its whole life).
    pub instrument: Instrument,
    /// Its place in the list (0 first).
    pub position: u32,
    /// When it was added.
    pub created: DateTime<FixedOffset>,
    /// When it was retired (`None`: still rated).
    pub retired: Option<DateTime<FixedOffset>>,
}

impl Activity {
    /// A new activity, checked: the name is trimmed and made one line.
    pub fn new(name: &str, instrument: Instrument, created: DateTime<FixedOffset>) -> Result<Activity, PrepError> {
        Ok(Activity {
            uid: crate::model::new_uid(),
            name: checked_name(name)?,
            instrument,
            position: 0,
            created,
            retired: None,
        })
    }
}

/// One weekly score of one activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityRating {
    /// The activity's [`Activity::uid`].
    pub activity: String,
    /// The instrument the score was given on (always the activity's).
    pub instrument: Instrument,
    /// The Monday of the week rated.
    pub week: NaiveDate,
    /// When it was given.
    pub at: DateTime<FixedOffset>,
    /// The score, 0–10, in the instrument's direction.
    pub score: Level,
}

/// The Monday of the week (Monday to Sunday) `day` lies in.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    let back = i64::from(day.weekday().num_days_from_monday());
    crate::model::dates::days_before(day, back).unwrap_or(day)
}

/// A name trimmed to one line, or why it cannot be used.
pub fn checked_name(name: &str) -> Result<String, PrepError> {
    checked_text(name, Field::Activity, MAX_NAME_CHARS)
}

/// Checks a stored name (an import).
pub(crate) fn check_name(name: &str) -> Result<(), PrepError> {
    checked_name(name).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_instruments_run_in_opposite_directions() {
        assert_eq!(Instrument::Psk.improvement(7.0, 4.0), 3.0, "PSK: less difficulty is better");
        assert_eq!(Instrument::Psfs.improvement(3.0, 6.0), 3.0, "PSFS: more ability is better");
        assert_eq!(Instrument::Psfs.improvement(6.0, 3.0), -3.0);
        assert_eq!(Instrument::default_for(Lang::Nl), Instrument::Psk);
        assert_eq!(Instrument::default_for(Lang::En), Instrument::Psfs);
        for i in Instrument::ALL {
            assert_eq!(Instrument::from_code(i.code()), Some(i));
            assert_eq!(Instrument::from_code(&i.code().to_uppercase()), Some(i));
            for lang in Lang::ALL {
                let (lo, hi) = i.anchors(lang);
                assert!(!lo.is_empty() && !hi.is_empty() && lo != hi);
            }
        }
        assert_eq!(Instrument::from_code("nprs"), None);
    }

    #[test]
    fn weeks_start_on_monday() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        assert_eq!(week_of(d(2026, 11, 20)), d(2026, 11, 16), "a Friday");
        assert_eq!(week_of(d(2026, 11, 16)), d(2026, 11, 16), "a Monday is its own week");
        assert_eq!(week_of(d(2026, 11, 22)), d(2026, 11, 16), "a Sunday ends it");
        assert_eq!(week_of(d(2027, 1, 1)), d(2026, 12, 28), "across the new year");
    }

    #[test]
    fn names_are_the_persons_words_on_one_line() {
        assert_eq!(checked_name("  Climbing\n the stairs  ").expect("ok"), "Climbing the stairs");
        assert_eq!(checked_name("   "), Err(PrepError::Empty(Field::Activity)));
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(matches!(checked_name(&long), Err(PrepError::TooLong { .. })));
        assert!(checked_name(&"é".repeat(MAX_NAME_CHARS)).is_ok(), "characters, not bytes");
    }
}
