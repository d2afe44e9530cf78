//! Topics to discuss at the appointment: the person's own list, in their order.
//!
//! A topic is **open** until it is **ticked off** (discussed, usually right after an appointment)
//! or **dismissed** (not to be raised). It comes from a free line, from somewhere in the journal
//! (an entry, an insight cell, a region's trend, an experiment's result), or from a suggestion
//! Feltsense made from the data ([`crate::analysis::suggest`]) that the person accepted. A
//! suggestion that was dismissed is kept as a dismissed topic, so the same suggestion is not made
//! again for the same period; nothing suggested reaches the report unless it was accepted.

use chrono::{DateTime, FixedOffset};

use super::{Field, PrepError, checked_text};
use crate::model::{Lang, Region};

/// The longest topic, in characters.
pub const MAX_TEXT_CHARS: usize = 300;

/// Where a topic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TopicState {
    /// To be raised.
    Open,
    /// Discussed (ticked off after an appointment).
    TickedOff,
    /// Not to be raised (a dismissed suggestion, or a topic the person dropped).
    Dismissed,
}

impl TopicState {
    /// All three.
    pub const ALL: [TopicState; 3] = [TopicState::Open, TopicState::TickedOff, TopicState::Dismissed];

    /// Stable code (`open`, `ticked_off`, `dismissed`).
    pub fn code(self) -> &'static str {
        match self {
            TopicState::Open => "open",
            TopicState::TickedOff => "ticked_off",
            TopicState::Dismissed => "dismissed",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<TopicState> {
        TopicState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state in words ("open" / "open", "ticked off" / "afgevinkt", "dismissed" / "afgewezen").
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            TopicState::Open => lang.pick("open", "open"),
            TopicState::TickedOff => lang.pick("ticked off", "afgevinkt"),
            TopicState::Dismissed => lang.pick("dismissed", "afgewezen"),
        }
    }
}

/// Where a topic came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TopicSource {
    /// A free line the person wrote.
    Own,
    /// A journal entry (its id).
    Entry(String),
    /// A cell of the insights (a description such as `anxiety/neck/0-6h`).
    Insight(String),
    /// A region's trend.
    Region(Region),
    /// A personal experiment's result (its id).
    Experiment(String),
    /// A suggestion Feltsense made and the person accepted or dismissed (its key, see
    /// [`crate::analysis::suggest::Suggestion::key`]).
    Suggestion(String),
}

impl TopicSource {
    /// Stable kind code (`own`, `entry`, `insight`, `region`, `experiment`, `suggestion`).
    pub fn kind(&self) -> &'static str {
        match self {
            TopicSource::Own => "own",
            TopicSource::Entry(_) => "entry",
            TopicSource::Insight(_) => "insight",
            TopicSource::Region(_) => "region",
            TopicSource::Experiment(_) => "experiment",
            TopicSource::Suggestion(_) => "suggestion",
        }
    }

    /// What the kind refers to (empty for [`TopicSource::Own`]).
    pub fn reference(&self) -> &str {
        match self {
            TopicSource::Own => "",
            TopicSource::Entry(s)
            | TopicSource::Insight(s)
            | TopicSource::Experiment(s)
            | TopicSource::Suggestion(s) => s,
            TopicSource::Region(r) => r.code(),
        }
    }

    /// Rebuilds a source from its kind and reference; `None` when they do not fit.
    pub fn from_parts(kind: &str, reference: &str) -> Option<TopicSource> {
        let r = reference.to_owned();
        let need = |r: String| (!r.is_empty()).then_some(r);
        match kind {
            "own" => reference.is_empty().then_some(TopicSource::Own),
            "entry" => need(r).map(TopicSource::Entry),
            "insight" => need(r).map(TopicSource::Insight),
            "region" => Region::from_code(reference).map(TopicSource::Region),
            "experiment" => need(r).map(TopicSource::Experiment),
            "suggestion" => need(r).map(TopicSource::Suggestion),
            _ => None,
        }
    }

    /// Where it came from, in words ("own", "suggested", "from the journal", ...).
    pub fn name(&self, lang: Lang) -> &'static str {
        match self {
            TopicSource::Own => lang.pick("own", "eigen"),
            TopicSource::Entry(_) => lang.pick("from the journal", "uit het dagboek"),
            TopicSource::Insight(_) => lang.pick("from the insights", "uit de inzichten"),
            TopicSource::Region(_) => lang.pick("from a region's trend", "uit het verloop van een gebied"),
            TopicSource::Experiment(_) => lang.pick("from an experiment", "uit een experiment"),
            TopicSource::Suggestion(_) => lang.pick("suggested", "voorgesteld"),
        }
    }
}

/// A topic to discuss.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    /// Identity that survives export and import.
    pub uid: String,
    /// The text (the person's words, or an accepted suggestion in English).
    pub text: String,
    /// An accepted suggestion's Dutch wording (`None` for the person's own words, which read
    /// the same in every language).
    pub text_nl: Option<String>,
    /// Its place in the list (0 first).
    pub position: u32,
    /// Where it came from.
    pub source: TopicSource,
    /// Open, ticked off or dismissed.
    pub state: TopicState,
    /// When it was added.
    pub created: DateTime<FixedOffset>,
    /// When it was ticked off or dismissed.
    pub closed: Option<DateTime<FixedOffset>>,
}

impl Topic {
    /// A new open topic in the person's words, checked (trimmed, one line).
    pub fn new(text: &str, source: TopicSource, created: DateTime<FixedOffset>) -> Result<Topic, PrepError> {
        Ok(Topic {
            uid: crate::model::new_uid(),
            text: checked_text(text, Field::Topic, MAX_TEXT_CHARS)?,
            text_nl: None,
            position: 0,
            source,
            state: TopicState::Open,
            created,
            closed: None,
        })
    }

    /// The text in `lang` (the person's own words read the same in both).
    pub fn text(&self, lang: Lang) -> &str {
        match (lang, &self.text_nl) {
            (Lang::Nl, Some(nl)) => nl,
            _ => &self.text,
        }
    }

    /// Whether Feltsense suggested it.
    pub fn suggested(&self) -> bool {
        matches!(self.source, TopicSource::Suggestion(_))
    }
}

/// A topic's text trimmed to one line, or why it cannot be used.
pub fn checked(text: &str) -> Result<String, PrepError> {
    checked_text(text, Field::Topic, MAX_TEXT_CHARS)
}

/// Checks a stored text (an import).
pub(crate) fn check_text(text: &str) -> Result<(), PrepError> {
    checked(text).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_states_survive_their_codes() {
        let sources = [
            TopicSource::Own,
            TopicSource::Entry("e1".into()),
            TopicSource::Insight("anxiety/neck/0-6h".into()),
            TopicSource::Region(Region::ShoulderLeft),
            TopicSource::Experiment("x".into()),
            TopicSource::Suggestion("trend:neck:2026-11-02".into()),
        ];
        for s in sources {
            assert_eq!(TopicSource::from_parts(s.kind(), s.reference()), Some(s.clone()), "{s:?}");
        }
        assert_eq!(TopicSource::from_parts("region", "elbow"), None);
        assert_eq!(TopicSource::from_parts("entry", ""), None);
        assert_eq!(TopicSource::from_parts("own", "x"), None);
        for s in TopicState::ALL {
            assert_eq!(TopicState::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn a_topic_is_one_trimmed_line_and_reads_in_the_language_it_has() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T08:30:00+01:00").expect("t");
        let mut t = Topic::new("  Why does my jaw\nache in the morning? ", TopicSource::Own, at).expect("topic");
        assert_eq!(t.text(Lang::Nl), "Why does my jaw ache in the morning?");
        t.text_nl = Some("Waarom".into());
        assert_eq!(t.text(Lang::Nl), "Waarom");
        assert_eq!(t.text(Lang::En), "Why does my jaw ache in the morning?");
        assert!(Topic::new(" ", TopicSource::Own, at).is_err());
        assert!(Topic::new(&"a".repeat(MAX_TEXT_CHARS + 1), TopicSource::Own, at).is_err());
    }
}
