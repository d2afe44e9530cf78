use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{Level, PracticeKind, Region, Signal};

/// The database row id of a saved entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntryId(pub i64);

/// How strongly one emotion was felt.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmotionRating {
    /// A code from [`BUILTIN_EMOTIONS`](super::BUILTIN_EMOTIONS) or a custom emotion's name.
    pub code: String,
    /// Intensity 0–10.
    pub intensity: Level,
}

/// The tension felt in one region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TensionRating {
    /// Where.
    pub region: Region,
    /// How strongly, 0–10.
    pub level: Level,
}

/// A practice done at the time of the entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Practice {
    /// What was done.
    pub kind: PracticeKind,
    /// For how long, in whole minutes.
    pub minutes: u16,
}

/// Which side of a guided practice an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionRole {
    /// The quick rating taken just before the practice.
    Before,
    /// The rating taken right after it.
    After,
}

impl SessionRole {
    /// Stable code (`before`, `after`).
    pub fn code(self) -> &'static str {
        match self {
            SessionRole::Before => "before",
            SessionRole::After => "after",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<SessionRole> {
        match code {
            "before" => Some(SessionRole::Before),
            "after" => Some(SessionRole::After),
            _ => None,
        }
    }
}

/// Links an entry to a guided practice session, so relief is computed from the exact
/// before/after pair instead of the next check-in.
///
/// Both entries of a session carry the same `id`; the entry's [`Entry::practice`] holds the kind
/// and the minutes actually practised.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionLink {
    /// Identifier shared by the before and the after entry.
    pub id: String,
    /// Which of the two this entry is.
    pub role: SessionRole,
    /// False when the practice was stopped early.
    pub completed: bool,
}

/// One journal entry: what was felt, where the body held tension, and what else was noticed.
///
/// An entry with at least one tension rating is a **check-in**; within a check-in, regions it does
/// not rate count as level 0 (see the [module docs](super)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Row id once saved; `None` for a new, unsaved entry.
    #[serde(skip)]
    pub id: Option<EntryId>,
    /// Identity that survives export and import (the `id` of the JSON interchange format).
    pub uid: String,
    /// When it was felt, with the UTC offset of the place it was logged in.
    pub at: DateTime<FixedOffset>,
    /// Emotions, each at most once, sorted by code.
    pub emotions: Vec<EmotionRating>,
    /// Tension ratings, each region at most once, in [`Region::ALL`] order.
    pub tensions: Vec<TensionRating>,
    /// Unnoticed-stress signals, each at most once, in [`Signal::ALL`] order.
    pub signals: Vec<Signal>,
    /// A practice done at this moment, if any.
    pub practice: Option<Practice>,
    /// Free text.
    pub note: String,
    /// Free labels such as "work", each at most once, in the order given.
    pub tags: Vec<String>,
    /// Set on the before/after ratings of a guided practice.
    pub session: Option<SessionLink>,
}

/// Upper bounds that keep a single entry reasonable (and hostile files harmless).
pub mod limits {
    /// Longest note, in characters.
    pub const NOTE_CHARS: usize = 20_000;
    /// Longest tag or custom emotion name, in characters.
    pub const LABEL_CHARS: usize = 60;
    /// Most tags or emotions on one entry.
    pub const LIST_ITEMS: usize = 50;
    /// Longest practice, in minutes (one day).
    pub const PRACTICE_MINUTES: u16 = 24 * 60;
}

/// Why an entry cannot be stored. The field name matches the JSON interchange format.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidEntry {
    /// The offending field (`note`, `tags`, `emotions`, ...).
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: String,
    /// The same in Dutch.
    pub reason_nl: String,
}

impl InvalidEntry {
    /// The field in Dutch, as the window names it.
    pub fn field_nl(&self) -> &'static str {
        match self.field {
            "note" => "notitie",
            "tags" => "labels",
            "emotions" => "emoties",
            "practice" => "oefening",
            "at" => "tijdstip",
            other => other,
        }
    }
}

fn invalid(field: &'static str, reason: impl Into<String>, reason_nl: impl Into<String>) -> InvalidEntry {
    InvalidEntry { field, reason: reason.into(), reason_nl: reason_nl.into() }
}

/// Checks a free-text label (tag or custom emotion name).
fn check_label(field: &'static str, s: &str) -> Result<(), InvalidEntry> {
    if s.trim().is_empty() {
        return Err(invalid(field, "an empty name", "een lege naam"));
    }
    if s.chars().count() > limits::LABEL_CHARS {
        return Err(invalid(
            field,
            format!("`{}…` is longer than {} characters", s.chars().take(20).collect::<String>(), limits::LABEL_CHARS),
            format!("`{}…` is langer dan {} tekens", s.chars().take(20).collect::<String>(), limits::LABEL_CHARS),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(invalid(field, "contains a control character", "bevat een stuurteken"));
    }
    Ok(())
}

impl Entry {
    /// A new, empty entry at `at` with a fresh uid.
    pub fn new(at: DateTime<FixedOffset>) -> Entry {
        Entry {
            id: None,
            uid: new_uid(),
            at,
            emotions: Vec::new(),
            tensions: Vec::new(),
            signals: Vec::new(),
            practice: None,
            note: String::new(),
            tags: Vec::new(),
            session: None,
        }
    }

    /// True when the entry rates tension in at least one region.
    pub fn is_check_in(&self) -> bool {
        !self.tensions.is_empty()
    }

    /// The level of `region` in this entry: its rating, or 0 when the entry is a check-in that does
    /// not rate it, or `None` when the entry is not a check-in at all.
    pub fn level_of(&self, region: Region) -> Option<Level> {
        if !self.is_check_in() {
            return None;
        }
        Some(self.tensions.iter().find(|t| t.region == region).map_or(Level::ZERO, |t| t.level))
    }

    /// All 16 levels of a check-in, indexed by [`Region::index`]; `None` when not a check-in.
    pub fn levels(&self) -> Option<[u8; Region::COUNT]> {
        if !self.is_check_in() {
            return None;
        }
        let mut out = [0u8; Region::COUNT];
        for t in &self.tensions {
            out[t.region.index()] = t.level.get();
        }
        Some(out)
    }

    /// The intensity of emotion `code`, if the entry records it.
    pub fn intensity_of(&self, code: &str) -> Option<Level> {
        self.emotions.iter().find(|e| e.code == code).map(|e| e.intensity)
    }

    /// Sets (or with `None` removes) the level of one region, keeping the canonical order.
    pub fn set_tension(&mut self, region: Region, level: Option<Level>) {
        self.tensions.retain(|t| t.region != region);
        if let Some(level) = level {
            self.tensions.push(TensionRating { region, level });
        }
        self.tensions.sort_by_key(|t| t.region);
    }

    /// Sets (or with `None` removes) an emotion's intensity, keeping the canonical order.
    pub fn set_emotion(&mut self, code: &str, intensity: Option<Level>) {
        self.emotions.retain(|e| e.code != code);
        if let Some(intensity) = intensity {
            self.emotions.push(EmotionRating { code: code.to_owned(), intensity });
        }
        self.emotions.sort_by(|a, b| a.code.cmp(&b.code));
    }

    /// Puts lists in canonical order, trims labels and drops duplicates (the last rating of a
    /// region or emotion wins). Two entries that mean the same compare equal afterwards.
    pub fn normalize(&mut self) {
        let mut tensions: Vec<TensionRating> = Vec::with_capacity(self.tensions.len());
        for t in self.tensions.drain(..).rev() {
            if !tensions.iter().any(|x| x.region == t.region) {
                tensions.push(t);
            }
        }
        tensions.sort_by_key(|t| t.region);
        self.tensions = tensions;

        let mut emotions: Vec<EmotionRating> = Vec::with_capacity(self.emotions.len());
        for mut e in self.emotions.drain(..).rev() {
            e.code = e.code.trim().to_owned();
            if !emotions.iter().any(|x| x.code == e.code) {
                emotions.push(e);
            }
        }
        emotions.sort_by(|a, b| a.code.cmp(&b.code));
        self.emotions = emotions;

        self.signals.sort();
        self.signals.dedup();

        let mut tags: Vec<String> = Vec::with_capacity(self.tags.len());
        for t in self.tags.drain(..) {
            let t = t.trim().to_owned();
            if !t.is_empty() && !tags.contains(&t) {
                tags.push(t);
            }
        }
        self.tags = tags;
    }

    /// Checks the limits that the store and the importers enforce.
    pub fn validate(&self) -> Result<(), InvalidEntry> {
        if self.uid.trim().is_empty() || self.uid.chars().count() > 200 || self.uid.chars().any(char::is_control) {
            return Err(invalid(
                "id",
                "must be 1 to 200 characters without control characters",
                "moet 1 tot 200 tekens zijn, zonder stuurtekens",
            ));
        }
        if !super::dates::in_range(self.at.date_naive()) {
            return Err(invalid(
                "at",
                format!(
                    "{} is outside the years {} to {}",
                    self.at.date_naive(),
                    super::dates::FIRST_YEAR,
                    super::dates::LAST_YEAR
                ),
                format!(
                    "{} ligt buiten de jaren {} tot en met {}",
                    self.at.date_naive(),
                    super::dates::FIRST_YEAR,
                    super::dates::LAST_YEAR
                ),
            ));
        }
        if self.note.chars().count() > limits::NOTE_CHARS {
            return Err(invalid(
                "note",
                format!("longer than {} characters", limits::NOTE_CHARS),
                format!("langer dan {} tekens", limits::NOTE_CHARS),
            ));
        }
        if self.note.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
            return Err(invalid("note", "contains a control character", "bevat een stuurteken"));
        }
        if self.tags.len() > limits::LIST_ITEMS {
            return Err(invalid(
                "tags",
                format!("more than {} tags", limits::LIST_ITEMS),
                format!("meer dan {} labels", limits::LIST_ITEMS),
            ));
        }
        for t in &self.tags {
            check_label("tags", t)?;
        }
        if self.emotions.len() > limits::LIST_ITEMS {
            return Err(invalid(
                "emotions",
                format!("more than {} emotions", limits::LIST_ITEMS),
                format!("meer dan {} emoties", limits::LIST_ITEMS),
            ));
        }
        for e in &self.emotions {
            check_label("emotions", &e.code)?;
        }
        if let Some(link) = &self.session
            && (link.id.trim().is_empty() || link.id.chars().count() > 200 || link.id.chars().any(char::is_control))
        {
            return Err(invalid(
                "session.id",
                "must be 1 to 200 characters without control characters",
                "moet 1 tot 200 tekens zijn, zonder stuurtekens",
            ));
        }
        if let Some(p) = self.practice
            && p.minutes > limits::PRACTICE_MINUTES
        {
            return Err(invalid(
                "practice",
                format!("{} minutes is more than a day", p.minutes),
                format!("{} minuten is meer dan een dag", p.minutes),
            ));
        }
        Ok(())
    }
}

/// A fresh identifier for a new entry: unique across devices for all practical purposes.
pub fn new_uid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.write_u32(std::process::id());
    let a = h.finish();
    h.write_u64(a);
    let b = h.finish();
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).and_then(|o| o.with_ymd_and_hms(2026, 11, 20, 8, 30, 0).single()).expect("valid")
    }

    fn lvl(v: u8) -> Level {
        Level::new(v).expect("level")
    }

    #[test]
    fn unrated_regions_count_as_zero_in_a_check_in() {
        let mut e = Entry::new(at());
        assert!(!e.is_check_in());
        assert_eq!(e.level_of(Region::Neck), None);
        e.set_tension(Region::Neck, Some(lvl(6)));
        assert!(e.is_check_in());
        assert_eq!(e.level_of(Region::Neck), Some(lvl(6)));
        assert_eq!(e.level_of(Region::Jaw), Some(Level::ZERO));
        let levels = e.levels().expect("check-in");
        assert_eq!(levels[Region::Neck.index()], 6);
        assert_eq!(levels.iter().map(|&v| u32::from(v)).sum::<u32>(), 6);
    }

    #[test]
    fn normalize_orders_and_dedups() {
        let mut e = Entry::new(at());
        e.tensions = vec![
            TensionRating { region: Region::LegLeft, level: lvl(2) },
            TensionRating { region: Region::Neck, level: lvl(3) },
            TensionRating { region: Region::LegLeft, level: lvl(5) },
        ];
        e.tags = vec![" work ".into(), "work".into(), "".into()];
        e.signals = vec![Signal::RestlessSleep, Signal::JawClenching, Signal::RestlessSleep];
        e.normalize();
        assert_eq!(
            e.tensions,
            vec![
                TensionRating { region: Region::Neck, level: lvl(3) },
                TensionRating { region: Region::LegLeft, level: lvl(5) },
            ]
        );
        assert_eq!(e.tags, vec!["work".to_string()]);
        assert_eq!(e.signals, vec![Signal::JawClenching, Signal::RestlessSleep]);
    }

    #[test]
    fn validate_rejects_control_characters_and_huge_notes() {
        let mut e = Entry::new(at());
        e.note = "line\nnext\ttab".into();
        assert!(e.validate().is_ok());
        e.note = "bell\u{7}".into();
        assert_eq!(e.validate().map_err(|x| x.field), Err("note"));
        e.note = "x".repeat(limits::NOTE_CHARS + 1);
        assert_eq!(e.validate().map_err(|x| x.field), Err("note"));
        e.note.clear();
        e.tags = vec!["a\u{0}b".into()];
        assert_eq!(e.validate().map_err(|x| x.field), Err("tags"));
        e.tags.clear();
        e.uid = "id\u{1b}[31m".into();
        assert_eq!(e.validate().map_err(|x| x.field), Err("id"), "an ESC sequence never reaches a terminal");
    }

    #[test]
    fn uids_are_unique() {
        let a: std::collections::HashSet<String> = (0..1000).map(|_| new_uid()).collect();
        assert_eq!(a.len(), 1000);
    }
}
