//! The Feltsense JSON interchange format, version 1: the lossless way in and out of a journal.
//!
//! ```json
//! {"format": "feltsense-journal", "version": 1,
//!  "entries": [{"id": "any string unique in the file",
//!               "at": "2026-11-20T08:30:00+01:00",
//!               "emotions": [{"code": "anxiety", "intensity": 7}],
//!               "tensions": [{"region": "neck", "level": 6}],
//!               "signals": ["jaw_clenching"],
//!               "practice": {"kind": "breathing_4_6", "minutes": 2},
//!               "note": "", "tags": ["work"],
//!               "session": {"id": "s-1", "role": "before", "completed": true}}]}
//! ```
//! - `experiments` (optional, top level, added without a version bump: files without it stay
//!   valid, and it is written only when the journal holds experiments) are the personal
//!   experiments ([`crate::model::experiment`]), each with its locked plan, the seed and the
//!   allocation drawn from it, the stop, and every rating with its time:
//!   ```json
//!   {"id": "…", "practice": {"kind": "breathing_4_6", "name": "", "minutes": 2},
//!    "target_region": "shoulder_left", "control_region": "leg_left",
//!    "moments": ["09:00", "16:00"], "start": "2026-03-02", "planned_days": 14, "max_days": 28,
//!    "wait_minutes": 20, "seed": "1234567890123456789", "allocation": ["practice", "usual", …],
//!    "created": "2026-03-01T20:00:00+01:00", "stopped": null,
//!    "ratings": [{"day": 1, "moment": 1, "phase": "before", "at": "2026-03-02T09:04:00+01:00",
//!                 "target": 6, "control": 2}, …]}
//!   ```
//!   `seed` is text (a 64-bit number does not survive every JSON reader as a number);
//!   `allocation` is the arm of each day's first moment (the second has the other) and must be
//!   the one the seed draws. An experiment that breaks a rule of its plan refuses the file.
//! - `session` (optional, added in Feltsense 0.1 without a version bump: files without it stay
//!   valid) links the before/after ratings of a guided practice; both entries carry the same
//!   session `id`, `role` is `before` or `after`, `completed` is false when the practice was
//!   stopped early. It is written only for entries that have it.
//! - `id` and `at` are required; every other field is optional (missing = empty / none).
//! - `at` is RFC 3339 with an offset; the offset is kept.
//! - `region`, signal and practice codes are the stable codes of [`crate::model`]; an emotion
//!   code outside the built-in list is a custom emotion.
//! - Levels and intensities are whole numbers 0–10.
//! - Unknown fields are refused, so a typo does not silently drop data.
//! - `at` may lie in the future or the distant past: any time RFC 3339 can write (years
//!   0000–9999) is accepted and kept exactly, so the result never depends on the importing
//!   machine's clock.
//!
//! Reading is all-or-nothing: [`parse`] either returns every entry or an [`ImportError`] naming
//! the entry index, the field and the reason. Writing ([`write`]) emits entries oldest first with
//! every field present, so export → import → export gives identical bytes.

use std::collections::HashSet;
use std::io::Write;

use chrono::{DateTime, SecondsFormat};
use serde_json::{Map, Value};

use crate::model::experiment::{Arm, Experiment, Moment, MomentRating, Phase, Plan};
use crate::model::{
    EmotionRating, Entry, Lang, Level, Practice, PracticeKind, Region, SessionLink, SessionRole, Signal, TensionRating,
    limits,
};

/// The value of the `format` field.
pub const FORMAT: &str = "feltsense-journal";
/// The format version this code reads and writes.
pub const VERSION: u64 = 1;
/// Largest file [`parse`] accepts, in bytes (hostile-input guard).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// A detail of an [`ImportError`] in English and Dutch. It reads as the English text (`Display`,
/// and as a `&str`), which the command line prints; the window shows [`Detail::text`] in the
/// language the person has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    /// In English.
    pub en: String,
    /// In Dutch.
    pub nl: String,
}

impl Detail {
    fn new(en: impl Into<String>, nl: impl Into<String>) -> Detail {
        Detail { en: en.into(), nl: nl.into() }
    }

    /// The detail in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Nl => &self.nl,
        }
    }
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::ops::Deref for Detail {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

/// Why a file cannot be imported. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is not valid JSON (or not UTF-8).
    #[error("the file is not valid JSON: {0}")]
    Syntax(Detail),
    /// The top level is not a Feltsense journal of a version this code reads.
    #[error("not a Feltsense journal file: {0}")]
    Header(Detail),
    /// One entry is invalid.
    #[error("entry {index} (id {id}), field `{field}`: {reason}")]
    Entry {
        /// Position of the entry in `entries`, counting from 0.
        index: usize,
        /// Its `id`, or `?` when that is what is missing.
        id: String,
        /// The field, e.g. `tensions[1].level`.
        field: String,
        /// What is wrong.
        reason: String,
        /// The same in Dutch.
        reason_nl: String,
    },
    /// One activity, topic or appointment is invalid.
    #[error("{} {index} (id {id}), field `{field}`: {reason}", what.name(Lang::En))]
    Prep {
        /// Which list.
        what: super::json_prep::List,
        /// Position in its list, counting from 0.
        index: usize,
        /// Its `id`, or `?` when that is what is missing.
        id: String,
        /// The field, e.g. `ratings[2].score`.
        field: String,
        /// What is wrong.
        reason: String,
        /// The same in Dutch.
        reason_nl: String,
    },
    /// One experiment is invalid.
    #[error("experiment {index} (id {id}), field `{field}`: {reason}")]
    Experiment {
        /// Position of the experiment in `experiments`, counting from 0.
        index: usize,
        /// Its `id`, or `?` when that is what is missing.
        id: String,
        /// The field, e.g. `ratings[3].at`.
        field: String,
        /// What is wrong.
        reason: String,
        /// The same in Dutch.
        reason_nl: String,
    },
}

/// A whole interchange file: entries, personal experiments, and what is kept for the
/// appointment (activities, topics, appointments, the reason for the visit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    /// The entries.
    pub entries: Vec<Entry>,
    /// The personal experiments.
    pub experiments: Vec<Experiment>,
    /// Activities with their ratings, topics, appointments and the reason for the visit.
    pub prep: crate::model::prep::Prep,
}

impl crate::model::Describe for ImportError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (ImportError::Syntax(d), _) => format!("het bestand is geen geldige JSON: {}", d.nl),
            (ImportError::Header(d), _) => format!("geen Feltsense-dagboekbestand: {}", d.nl),
            (ImportError::Entry { index, id, field, reason_nl, .. }, _) => {
                format!("meting {index} (id {id}), veld `{field}`: {reason_nl}")
            }
            (ImportError::Prep { what, index, id, field, reason_nl, .. }, _) => {
                format!("{} {index} (id {id}), veld `{field}`: {reason_nl}", what.name(Lang::Nl))
            }
            (ImportError::Experiment { index, id, field, reason_nl, .. }, _) => {
                format!("experiment {index} (id {id}), veld `{field}`: {reason_nl}")
            }
        }
    }
}

/// Serialises entries to the interchange format (pretty-printed, oldest first).
pub fn write(entries: &[Entry], w: impl Write) -> std::io::Result<()> {
    write_journal(entries, &[], w)
}

/// Serialises entries and experiments to the interchange format (pretty-printed, entries oldest
/// first, experiments in the order they were started). `experiments` is written only when there
/// are any, so a journal without them gives the same file as [`write`].
pub fn write_journal(entries: &[Entry], experiments: &[Experiment], w: impl Write) -> std::io::Result<()> {
    write_all(entries, experiments, &crate::model::prep::Prep::default(), w)
}

/// Serialises a whole journal: entries, experiments and, written only when there are any, the
/// activities, topics, appointments and reason for the visit ([`super::json_prep`]).
pub fn write_all(
    entries: &[Entry],
    experiments: &[Experiment],
    prep: &crate::model::prep::Prep,
    mut w: impl Write,
) -> std::io::Result<()> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.uid.cmp(&b.uid)));
    let list: Vec<Value> = sorted.into_iter().map(entry_to_value).collect();
    let mut doc = Map::new();
    doc.insert("format".into(), Value::from(FORMAT));
    doc.insert("version".into(), Value::from(VERSION));
    doc.insert("entries".into(), Value::Array(list));
    if !experiments.is_empty() {
        let mut sorted: Vec<&Experiment> = experiments.iter().collect();
        sorted.sort_by(|a, b| a.plan.created.cmp(&b.plan.created).then_with(|| a.plan.uid.cmp(&b.plan.uid)));
        doc.insert("experiments".into(), Value::Array(sorted.into_iter().map(experiment_to_value).collect()));
    }
    super::json_prep::insert(&mut doc, prep);
    serde_json::to_writer_pretty(&mut w, &Value::Object(doc))?;
    w.write_all(b"\n")
}

fn time_text(t: &DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn experiment_to_value(e: &Experiment) -> Value {
    let p = &e.plan;
    let mut ratings = e.ratings.clone();
    ratings.sort_by_key(|r| (r.day, r.moment, r.phase));
    serde_json::json!({
        "id": p.uid,
        "practice": {"kind": p.practice.code(), "name": p.practice_name, "minutes": p.practice_minutes},
        "target_region": p.target.code(),
        "control_region": p.control.code(),
        "moments": p.moments.iter().map(|m| m.format("%H:%M").to_string()).collect::<Vec<_>>(),
        "start": p.start.format("%Y-%m-%d").to_string(),
        "planned_days": p.planned_days,
        "max_days": p.max_days,
        "wait_minutes": p.wait_minutes,
        "seed": p.seed.to_string(),
        "allocation": p.allocation.iter().map(|a| a.code()).collect::<Vec<_>>(),
        "created": time_text(&p.created),
        "stopped": e.stopped.as_ref().map(time_text),
        "ratings": ratings.iter().map(|r| serde_json::json!({
            "day": r.day,
            "moment": r.moment.number(),
            "phase": r.phase.code(),
            "at": time_text(&r.at),
            "target": r.target.get(),
            "control": r.control.get(),
        })).collect::<Vec<_>>(),
    })
}

/// Writes the interchange format as [`write`] does, byte for byte, from entries that arrive in
/// pages in the store's order (by instant in whole seconds, then row id): the command line streams
/// a whole journal this way without holding it, or a JSON tree of it, in memory.
///
/// Call [`JsonStream::page`] for each page, then [`JsonStream::finish`].
pub struct JsonStream<W: Write> {
    out: W,
    /// The document after the entries (`]`, the other fields, `}`).
    tail: String,
    /// Entries not written yet because a later page may hold one of the same second that sorts
    /// before them (the file orders by exact instant, then id).
    held: Vec<Entry>,
    written: usize,
}

impl<W: Write> JsonStream<W> {
    /// Starts the document.
    pub fn new(mut out: W) -> std::io::Result<JsonStream<W>> {
        let mut doc = Map::new();
        doc.insert("format".into(), Value::from(FORMAT));
        doc.insert("version".into(), Value::from(VERSION));
        doc.insert("entries".into(), Value::Array(Vec::new()));
        let text = serde_json::to_string_pretty(&Value::Object(doc)).map_err(std::io::Error::other)?;
        let (head, tail) =
            text.split_once("\"entries\": []").ok_or_else(|| std::io::Error::other("unexpected JSON layout"))?;
        out.write_all(head.as_bytes())?;
        out.write_all(b"\"entries\": [")?;
        Ok(JsonStream { out, tail: tail.to_owned(), held: Vec::new(), written: 0 })
    }

    /// Writes one page of entries (in the store's order: by `at` in whole seconds).
    pub fn page(&mut self, entries: Vec<Entry>) -> std::io::Result<()> {
        for e in entries {
            if self.held.last().is_some_and(|h| h.at.timestamp() != e.at.timestamp()) {
                self.flush_held()?;
            }
            self.held.push(e);
        }
        Ok(())
    }

    fn flush_held(&mut self) -> std::io::Result<()> {
        let mut held = std::mem::take(&mut self.held);
        held.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.uid.cmp(&b.uid)));
        for e in &held {
            let text = serde_json::to_string_pretty(&entry_to_value(e)).map_err(std::io::Error::other)?;
            self.out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    self.out.write_all(b"\n")?;
                }
                self.out.write_all(b"    ")?;
                self.out.write_all(line.as_bytes())?;
            }
            self.written += 1;
        }
        Ok(())
    }

    /// Ends the document; returns how many entries were written.
    pub fn finish(mut self) -> std::io::Result<usize> {
        self.flush_held()?;
        if self.written > 0 {
            self.out.write_all(b"\n  ")?;
        }
        self.out.write_all(b"]")?;
        self.out.write_all(self.tail.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(self.written)
    }
}

/// Serialises entries to a string (see [`write`]).
pub fn to_string(entries: &[Entry]) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    write(entries, &mut buf).expect("writing JSON to memory");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

fn entry_to_value(e: &Entry) -> Value {
    let mut e = e.clone();
    e.normalize();
    let mut v = serde_json::json!({
        "id": e.uid,
        "at": e.at.to_rfc3339_opts(SecondsFormat::AutoSi, false),
        "emotions": e.emotions.iter().map(|x| serde_json::json!({"code": x.code, "intensity": x.intensity.get()})).collect::<Vec<_>>(),
        "tensions": e.tensions.iter().map(|x| serde_json::json!({"region": x.region.code(), "level": x.level.get()})).collect::<Vec<_>>(),
        "signals": e.signals.iter().map(|s| s.code()).collect::<Vec<_>>(),
        "practice": e.practice.map(|p| serde_json::json!({"kind": p.kind.code(), "minutes": p.minutes})),
        "note": e.note,
        "tags": e.tags,
    });
    if let (Some(link), Value::Object(o)) = (&e.session, &mut v) {
        o.insert(
            "session".into(),
            serde_json::json!({"id": link.id, "role": link.role.code(), "completed": link.completed}),
        );
    }
    v
}

/// Parses a whole file's entries. Either every entry (and every experiment) is valid and the
/// entries are returned, or nothing is. A file that holds experiments is refused here, so that
/// they are never dropped without a word: read it with [`parse_journal`].
pub fn parse(bytes: &[u8]) -> Result<Vec<Entry>, ImportError> {
    let journal = parse_journal(bytes)?;
    if !journal.experiments.is_empty() {
        return Err(ImportError::Header(Detail::new(
            "the file holds personal experiments, which this import cannot take",
            "het bestand bevat persoonlijke experimenten, die deze import niet kan overnemen",
        )));
    }
    if !journal.prep.is_empty() {
        return Err(ImportError::Header(Detail::new(
            "the file holds activities, topics or appointments, which this import cannot take",
            "het bestand bevat activiteiten, onderwerpen of afspraken, die deze import niet kan overnemen",
        )));
    }
    Ok(journal.entries)
}

/// Parses a whole file: entries and experiments. Either everything is valid and returned, or
/// nothing is.
pub fn parse_journal(bytes: &[u8]) -> Result<Journal, ImportError> {
    let header = |en: String, nl: String| Err(ImportError::Header(Detail::new(en, nl)));
    if bytes.len() > MAX_BYTES {
        let mb = MAX_BYTES / 1024 / 1024;
        return Err(ImportError::Syntax(Detail::new(
            format!("the file is larger than {mb} MB"),
            format!("het bestand is groter dan {mb} MB"),
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        ImportError::Syntax(Detail::new(format!("not UTF-8 text (byte {at})"), format!("geen UTF-8-tekst (byte {at})")))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Syntax(Detail::new(e.to_string(), crate::model::text::json_error(&e, Lang::Nl))))?;
    let Value::Object(doc) = doc else {
        return header("the top level must be an object".into(), "het bovenste niveau moet een object zijn".into());
    };
    match doc.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return header(
                format!("`format` is {other}, expected \"{FORMAT}\""),
                format!("`format` is {other}, verwacht \"{FORMAT}\""),
            );
        }
        None => return header("the `format` field is missing".into(), "het veld `format` ontbreekt".into()),
    }
    match doc.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => {
            return header(
                format!("version {v} is not supported (this Feltsense reads version {VERSION})"),
                format!("versie {v} wordt niet ondersteund (deze Feltsense leest versie {VERSION})"),
            );
        }
        None => {
            return header("`version` must be a whole number".into(), "`version` moet een geheel getal zijn".into());
        }
    }
    if let Some(k) = doc.keys().find(|k| {
        !matches!(k.as_str(), "format" | "version" | "entries" | "experiments")
            && !super::json_prep::FIELDS.contains(&k.as_str())
    }) {
        let k = truncate(k, 40);
        return header(format!("unknown field `{k}`"), format!("onbekend veld `{k}`"));
    }
    let Some(Value::Array(list)) = doc.get("entries") else {
        return header("`entries` must be a list".into(), "`entries` moet een lijst zijn".into());
    };
    let mut seen = HashSet::with_capacity(list.len());
    let mut out = Vec::with_capacity(list.len());
    for (index, v) in list.iter().enumerate() {
        let entry = parse_entry(v).map_err(|(field, why)| ImportError::Entry {
            index,
            id: v.get("id").and_then(Value::as_str).map_or_else(|| "?".into(), |s| truncate(s, 40)),
            field,
            reason: why.en,
            reason_nl: why.nl,
        })?;
        if !seen.insert(entry.uid.clone()) {
            return Err(ImportError::Entry {
                index,
                id: truncate(&entry.uid, 40),
                field: "id".into(),
                reason: "the same id appears earlier in the file".into(),
                reason_nl: "dezelfde id komt eerder in het bestand voor".into(),
            });
        }
        out.push(entry);
    }
    let experiments = match doc.get("experiments") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => parse_experiments(list)?,
        Some(_) => {
            return header("`experiments` must be a list".into(), "`experiments` moet een lijst zijn".into());
        }
    };
    let prep = super::json_prep::parse(&doc)?;
    Ok(Journal { entries: out, experiments, prep })
}

fn parse_experiments(list: &[Value]) -> Result<Vec<Experiment>, ImportError> {
    let mut seen = HashSet::with_capacity(list.len());
    let mut out = Vec::with_capacity(list.len());
    for (index, v) in list.iter().enumerate() {
        let id = || v.get("id").and_then(Value::as_str).map_or_else(|| "?".into(), |s| truncate(s, 40));
        let e = parse_experiment(v).map_err(|(field, why)| ImportError::Experiment {
            index,
            id: id(),
            field,
            reason: why.en,
            reason_nl: why.nl,
        })?;
        if !seen.insert(e.plan.uid.clone()) {
            return Err(ImportError::Experiment {
                index,
                id: id(),
                field: "id".into(),
                reason: "the same id appears earlier in the file".into(),
                reason_nl: "dezelfde id komt eerder in het bestand voor".into(),
            });
        }
        out.push(e);
    }
    Ok(out)
}

fn as_number<T: TryFrom<u64>>(v: &Value, field: &str) -> Result<T, FieldError> {
    v.as_u64()
        .and_then(|n| T::try_from(n).ok())
        .map_or_else(|| expected(field, "a whole number", "een geheel getal", v), Ok)
}

pub(super) fn as_time(v: &Value, field: &str) -> Result<DateTime<chrono::FixedOffset>, FieldError> {
    let text = as_str(v, field)?;
    DateTime::parse_from_rfc3339(text).or_else(|e| {
        let t = truncate(text, 40);
        err(
            field,
            format!("`{t}` is not an RFC 3339 time with offset ({e})"),
            format!("`{t}` is geen RFC 3339-tijd met tijdverschil ({e})"),
        )
    })
}

fn parse_experiment(v: &Value) -> Result<Experiment, FieldError> {
    let Value::Object(o) = v else {
        return expected("", "an object", "een object", v);
    };
    check_keys(
        o,
        &[
            "id",
            "practice",
            "target_region",
            "control_region",
            "moments",
            "start",
            "planned_days",
            "max_days",
            "wait_minutes",
            "seed",
            "allocation",
            "created",
            "stopped",
            "ratings",
        ],
        "",
    )?;
    let null = Value::Null;
    let get = |k: &str| o.get(k).unwrap_or(&null);
    let Value::Object(p) = get("practice") else {
        return expected("practice", "an object", "een object", get("practice"));
    };
    check_keys(p, &["kind", "name", "minutes"], "practice")?;
    let code = as_str(p.get("kind").unwrap_or(&null), "practice.kind")?;
    let practice =
        PracticeKind::from_code(code).ok_or_else(|| unknown("practice.kind", "practice", "oefening", code))?;
    let region = |field: &str| -> Result<Region, FieldError> {
        let code = as_str(get(field), field)?;
        Region::from_code(code).ok_or_else(|| unknown(field, "region code", "gebiedscode", code))
    };
    let moments_list = as_list(get("moments"), "moments")?;
    let mut moments = [chrono::NaiveTime::MIN; 2];
    if moments_list.len() != 2 {
        return err("moments", "expected two times", "verwacht twee tijden");
    }
    for (i, m) in moments_list.iter().enumerate() {
        let f = format!("moments[{i}]");
        let t = as_str(m, &f)?;
        moments[i] = chrono::NaiveTime::parse_from_str(t, "%H:%M").or_else(|_| {
            err(
                f,
                format!("`{}` is not a time like 09:00", truncate(t, 20)),
                format!("`{}` is geen tijd als 09:00", truncate(t, 20)),
            )
        })?;
    }
    let start_text = as_str(get("start"), "start")?;
    let start =
        crate::model::dates::parse(start_text).or_else(|e| err("start", e.describe(Lang::En), e.describe(Lang::Nl)))?;
    let seed_text = as_str(get("seed"), "seed")?;
    let seed = seed_text.parse::<u64>().or_else(|_| {
        err(
            "seed",
            "expected a whole number from 0 to 2^64 − 1, as text",
            "verwacht een geheel getal van 0 tot 2^64 − 1, als tekst",
        )
    })?;
    let Value::Array(arms) = get("allocation") else {
        return expected("allocation", "a list", "een lijst", get("allocation"));
    };
    if arms.len() > usize::from(crate::model::experiment::MAX_DAYS) * 2 {
        return err("allocation", "longer than the longest plan", "langer dan het langste plan");
    }
    let allocation = arms
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let f = format!("allocation[{i}]");
            let c = as_str(a, &f)?;
            Arm::from_code(c).ok_or_else(|| unknown(f, "arm", "arm", c))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let plan = Plan {
        uid: as_str(get("id"), "id")?.to_owned(),
        practice,
        practice_name: match p.get("name") {
            None | Some(Value::Null) => String::new(),
            Some(n) => as_str(n, "practice.name")?.to_owned(),
        },
        practice_minutes: as_number(p.get("minutes").unwrap_or(&null), "practice.minutes")?,
        target: region("target_region")?,
        control: region("control_region")?,
        moments,
        start,
        planned_days: as_number(get("planned_days"), "planned_days")?,
        max_days: as_number(get("max_days"), "max_days")?,
        wait_minutes: as_number(get("wait_minutes"), "wait_minutes")?,
        seed,
        allocation,
        created: as_time(get("created"), "created")?,
    };
    let stopped = match get("stopped") {
        Value::Null => None,
        s => Some(as_time(s, "stopped")?),
    };
    let Value::Array(list) = get("ratings") else { return expected("ratings", "a list", "een lijst", get("ratings")) };
    if list.len() > usize::from(plan.max_days) * 4 {
        return err(
            "ratings",
            "more ratings than the plan has moments",
            "meer beoordelingen dan het plan momenten heeft",
        );
    }
    let mut ratings = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let f = format!("ratings[{i}]");
        let Value::Object(ro) = r else { return expected(f, "an object", "een object", r) };
        check_keys(ro, &["day", "moment", "phase", "at", "target", "control"], &f)?;
        let field = |k: &str| (format!("{f}.{k}"), ro.get(k).unwrap_or(&null));
        let (mf, mv) = field("moment");
        let moment = as_number::<u8>(mv, &mf)
            .ok()
            .and_then(Moment::from_number)
            .ok_or_else(|| (mf.clone(), Detail::new("expected 1 or 2", "verwacht 1 of 2")))?;
        let (pf, pv) = field("phase");
        let phase_code = as_str(pv, &pf)?;
        let phase = Phase::from_code(phase_code).ok_or_else(|| {
            let c = truncate(phase_code, 20);
            (pf.clone(), Detail::new(format!("`{c}` is not before or after"), format!("`{c}` is niet before of after")))
        })?;
        let (df, dv) = field("day");
        let (af, av) = field("at");
        let (tf, tv) = field("target");
        let (cf, cv) = field("control");
        ratings.push(MomentRating {
            day: as_number(dv, &df)?,
            moment,
            phase,
            at: as_time(av, &af)?,
            target: as_level(tv, &tf)?,
            control: as_level(cv, &cf)?,
        });
    }
    plan.validate().or_else(|x| err("plan", x.describe(Lang::En), x.describe(Lang::Nl)))?;
    let mut e = Experiment { plan, ratings, stopped };
    e.sort_ratings();
    e.validate().or_else(|x| err("ratings", x.describe(Lang::En), x.describe(Lang::Nl)))?;
    Ok(e)
}

pub(super) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// The field and what is wrong with it.
pub(super) type FieldError = (String, Detail);

pub(super) fn err<T>(field: impl Into<String>, en: impl Into<String>, nl: impl Into<String>) -> Result<T, FieldError> {
    Err((field.into(), Detail::new(en, nl)))
}

/// What kind of value `v` is, in English and Dutch.
fn kind(v: &Value) -> (&'static str, &'static str) {
    match v {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("a true/false value", "een waar/onwaar-waarde"),
        Value::Number(_) => ("a number", "een getal"),
        Value::String(_) => ("text", "tekst"),
        Value::Array(_) => ("a list", "een lijst"),
        Value::Object(_) => ("an object", "een object"),
    }
}

/// "expected …, found …" in both languages.
pub(super) fn expected<T>(field: impl Into<String>, en: &str, nl: &str, v: &Value) -> Result<T, FieldError> {
    let (k_en, k_nl) = kind(v);
    err(field, format!("expected {en}, found {k_en}"), format!("verwacht {nl}, gevonden {k_nl}"))
}

pub(super) fn as_str<'a>(v: &'a Value, field: &str) -> Result<&'a str, FieldError> {
    v.as_str().map_or_else(|| expected(field, "text", "tekst", v), Ok)
}

pub(super) fn as_level(v: &Value, field: &str) -> Result<Level, FieldError> {
    match v.as_i64() {
        Some(n) => {
            Level::try_from(n).or_else(|e| err(field, e.to_string(), format!("{n} is geen niveau van 0 tot 10")))
        }
        None => expected(field, "a whole number from 0 to 10", "een geheel getal van 0 tot 10", v),
    }
}

fn as_list<'a>(v: &'a Value, field: &str) -> Result<&'a Vec<Value>, FieldError> {
    match v {
        Value::Array(a) if a.len() <= limits::LIST_ITEMS.max(Region::COUNT) => Ok(a),
        Value::Array(a) => {
            let n = a.len();
            err(field, format!("{n} items is more than allowed"), format!("{n} items is meer dan toegestaan"))
        }
        _ => expected(field, "a list", "een lijst", v),
    }
}

pub(super) fn check_keys(obj: &Map<String, Value>, allowed: &[&str], field: &str) -> Result<(), FieldError> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => {
            let k = truncate(k, 40);
            err(if field.is_empty() { k } else { format!("{field}.{k}") }, "unknown field", "onbekend veld")
        }
        None => Ok(()),
    }
}

/// "`x` appears twice" in both languages.
fn twice<T>(field: String, what: &str) -> Result<T, FieldError> {
    let what = truncate(what, 40);
    err(field, format!("`{what}` appears twice"), format!("`{what}` komt twee keer voor"))
}

/// "unknown … code `x`" in both languages.
pub(super) fn unknown(field: impl Into<String>, en: &str, nl: &str, code: &str) -> FieldError {
    let code = truncate(code, 40);
    (field.into(), Detail::new(format!("unknown {en} `{code}`"), format!("onbekende {nl} `{code}`")))
}

fn parse_entry(v: &Value) -> Result<Entry, FieldError> {
    let Value::Object(o) = v else {
        return expected("", "an object", "een object", v);
    };
    check_keys(o, &["id", "at", "emotions", "tensions", "signals", "practice", "note", "tags", "session"], "")?;
    let missing = |field: &str| (field.to_owned(), Detail::new("missing", "ontbreekt"));
    let uid = match o.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return expected("id", "text", "tekst", other),
        None => return Err(missing("id")),
    };
    let at_text = as_str(o.get("at").ok_or_else(|| missing("at"))?, "at")?;
    let at = DateTime::parse_from_rfc3339(at_text).or_else(|e| {
        let t = truncate(at_text, 40);
        err(
            "at",
            format!("`{t}` is not an RFC 3339 time with offset ({e})"),
            format!("`{t}` is geen RFC 3339-tijd met tijdverschil ({e})"),
        )
    })?;
    let mut e = Entry::new(at);
    e.uid = uid;

    if let Some(list) = o.get("emotions") {
        let mut seen = HashSet::new();
        for (i, x) in as_list(list, "emotions")?.iter().enumerate() {
            let f = format!("emotions[{i}]");
            let Value::Object(xo) = x else { return expected(f, "an object", "een object", x) };
            check_keys(xo, &["code", "intensity"], &f)?;
            let code = as_str(xo.get("code").unwrap_or(&Value::Null), &format!("{f}.code"))?.trim().to_owned();
            let intensity = as_level(xo.get("intensity").unwrap_or(&Value::Null), &format!("{f}.intensity"))?;
            if !seen.insert(code.clone()) {
                return twice(format!("{f}.code"), &code);
            }
            e.emotions.push(EmotionRating { code, intensity });
        }
    }
    if let Some(list) = o.get("tensions") {
        for (i, x) in as_list(list, "tensions")?.iter().enumerate() {
            let f = format!("tensions[{i}]");
            let Value::Object(xo) = x else { return expected(f, "an object", "een object", x) };
            check_keys(xo, &["region", "level"], &f)?;
            let code = as_str(xo.get("region").unwrap_or(&Value::Null), &format!("{f}.region"))?;
            let region = Region::from_code(code)
                .ok_or_else(|| unknown(format!("{f}.region"), "region code", "gebiedscode", code))?;
            let level = as_level(xo.get("level").unwrap_or(&Value::Null), &format!("{f}.level"))?;
            if e.tensions.iter().any(|t| t.region == region) {
                return twice(format!("{f}.region"), code);
            }
            e.tensions.push(TensionRating { region, level });
        }
    }
    if let Some(list) = o.get("signals") {
        for (i, x) in as_list(list, "signals")?.iter().enumerate() {
            let f = format!("signals[{i}]");
            let code = as_str(x, &f)?;
            let s = Signal::from_code(code).ok_or_else(|| unknown(f.clone(), "signal code", "signaalcode", code))?;
            e.signals.push(s);
        }
    }
    match o.get("practice") {
        None | Some(Value::Null) => {}
        Some(Value::Object(p)) => {
            check_keys(p, &["kind", "minutes"], "practice")?;
            let code = as_str(p.get("kind").unwrap_or(&Value::Null), "practice.kind")?;
            let kind =
                PracticeKind::from_code(code).ok_or_else(|| unknown("practice.kind", "practice", "oefening", code))?;
            let minutes = match p.get("minutes") {
                None | Some(Value::Null) => 0,
                Some(m) => m
                    .as_u64()
                    .and_then(|m| u16::try_from(m).ok())
                    .filter(|&m| m <= limits::PRACTICE_MINUTES)
                    .ok_or_else(|| {
                        let max = limits::PRACTICE_MINUTES;
                        (
                            "practice.minutes".to_owned(),
                            Detail::new(
                                format!("expected whole minutes from 0 to {max}"),
                                format!("verwacht hele minuten van 0 tot {max}"),
                            ),
                        )
                    })?,
            };
            e.practice = Some(Practice { kind, minutes });
        }
        Some(other) => return expected("practice", "an object", "een object", other),
    }
    if let Some(n) = o.get("note") {
        e.note = as_str(n, "note")?.to_owned();
    }
    if let Some(list) = o.get("tags") {
        for (i, x) in as_list(list, "tags")?.iter().enumerate() {
            e.tags.push(as_str(x, &format!("tags[{i}]"))?.to_owned());
        }
    }
    match o.get("session") {
        None | Some(Value::Null) => {}
        Some(Value::Object(so)) => {
            check_keys(so, &["id", "role", "completed"], "session")?;
            let id = as_str(so.get("id").unwrap_or(&Value::Null), "session.id")?.to_owned();
            let role_code = as_str(so.get("role").unwrap_or(&Value::Null), "session.role")?;
            let role = SessionRole::from_code(role_code).ok_or_else(|| {
                let r = truncate(role_code, 20);
                (
                    "session.role".to_owned(),
                    Detail::new(format!("`{r}` is not before or after"), format!("`{r}` is niet before of after")),
                )
            })?;
            let completed = match so.get("completed") {
                None | Some(Value::Null) => true,
                Some(Value::Bool(b)) => *b,
                Some(other) => return expected("session.completed", "true or false", "true of false", other),
            };
            e.session = Some(SessionLink { id, role, completed });
        }
        Some(other) => return expected("session", "an object", "een object", other),
    }
    e.normalize();
    e.validate().map_err(|x| (x.field.to_owned(), Detail::new(x.reason, x.reason_nl)))?;
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"format": "feltsense-journal", "version": 1,
     "entries": [{"id": "a1", "at": "2026-11-20T08:30:00+01:00",
                  "emotions": [{"code": "anxiety", "intensity": 7}, {"code": "awe", "intensity": 2}],
                  "tensions": [{"region": "neck", "level": 6}, {"region": "shoulder_left", "level": 4}],
                  "signals": ["jaw_clenching"],
                  "practice": {"kind": "breathing_4_6", "minutes": 2},
                  "note": "Meeting \"later\"", "tags": ["work"]},
                 {"id": "a2", "at": "2026-11-19T22:00:00Z"}]}"#;

    #[test]
    fn parses_the_documented_example() {
        let entries = parse(SAMPLE.as_bytes()).expect("valid");
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e.uid, "a1");
        assert_eq!(e.at.offset().local_minus_utc(), 3600);
        assert_eq!(e.intensity_of("anxiety").map(Level::get), Some(7));
        assert_eq!(e.intensity_of("awe").map(Level::get), Some(2));
        assert_eq!(e.level_of(Region::Neck).map(Level::get), Some(6));
        assert_eq!(e.level_of(Region::ShoulderLeft).map(Level::get), Some(4));
        assert_eq!(e.signals, vec![Signal::JawClenching]);
        assert_eq!(e.practice, Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 }));
        assert_eq!(e.tags, vec!["work".to_string()]);
        assert!(!entries[1].is_check_in());
    }

    #[test]
    fn round_trip_is_lossless() {
        let entries = parse(SAMPLE.as_bytes()).expect("valid");
        let once = to_string(&entries);
        let again = parse(once.as_bytes()).expect("own output parses");
        assert_eq!(entries.iter().map(|e| e.uid.clone()).collect::<Vec<_>>().len(), again.len());
        assert_eq!(once, to_string(&again));
        let mut a = entries.clone();
        let mut b = again;
        a.sort_by(|x, y| x.uid.cmp(&y.uid));
        b.sort_by(|x, y| x.uid.cmp(&y.uid));
        assert_eq!(a, b);
    }

    fn entry_error(json: &str) -> (usize, String, String) {
        match parse(json.as_bytes()) {
            Err(ImportError::Entry { index, field, reason, .. }) => (index, field, reason),
            other => panic!("expected an entry error, got {other:?}"),
        }
    }

    fn wrap(entries: &str) -> String {
        format!(r#"{{"format":"feltsense-journal","version":1,"entries":[{entries}]}}"#)
    }

    #[test]
    fn names_index_field_and_reason() {
        let ok = r#"{"id":"x","at":"2026-11-20T08:30:00+01:00"}"#;
        let (i, f, r) = entry_error(&wrap(&format!(
            r#"{ok},{{"id":"y","at":"2026-11-20T08:30:00+01:00","tensions":[{{"region":"elbow","level":3}}]}}"#
        )));
        assert_eq!((i, f.as_str()), (1, "tensions[0].region"));
        assert!(r.contains("elbow"), "{r}");

        let (i, f, _) = entry_error(&wrap(
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","tensions":[{"region":"neck","level":11}]}"#,
        ));
        assert_eq!((i, f.as_str()), (0, "tensions[0].level"));

        let (_, f, _) = entry_error(&wrap(r#"{"id":"y","at":"2026-11-20 08:30"}"#));
        assert_eq!(f, "at");

        let (_, f, _) = entry_error(&wrap(r#"{"id":"y","at":"2026-11-20T08:30:00"}"#));
        assert_eq!(f, "at", "an offset is required");

        let (i, f, r) = entry_error(&wrap(&format!("{ok},{ok}")));
        assert_eq!((i, f.as_str()), (1, "id"));
        assert!(r.contains("earlier"));

        let (_, f, _) = entry_error(&wrap(
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","emotions":[{"code":"anger","intensity":"7"}]}"#,
        ));
        assert_eq!(f, "emotions[0].intensity");

        let (_, f, _) = entry_error(&wrap(r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","mood":3}"#));
        assert_eq!(f, "mood");

        let (_, f, _) = entry_error(&wrap(r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","note":"bell\u0007"}"#));
        assert_eq!(f, "note");
    }

    #[test]
    fn session_links_round_trip_and_are_optional() {
        let doc = wrap(
            r#"{"id":"b","at":"2026-11-20T08:30:00+01:00","practice":{"kind":"breathing_4_6","minutes":2},
                "tensions":[{"region":"neck","level":6}],"session":{"id":"s1","role":"before","completed":true}},
               {"id":"a","at":"2026-11-20T08:33:00+01:00","practice":{"kind":"breathing_4_6","minutes":1},
                "tensions":[{"region":"neck","level":4}],"session":{"id":"s1","role":"after","completed":false}}"#,
        );
        let entries = parse(doc.as_bytes()).expect("valid");
        assert_eq!(
            entries[1].session,
            Some(SessionLink { id: "s1".into(), role: SessionRole::After, completed: false })
        );
        let out = to_string(&entries);
        assert_eq!(out.matches("\"session\"").count(), 2);
        assert_eq!(parse(out.as_bytes()).expect("again"), entries);
        // Entries without a session do not get the field, so older files round-trip unchanged.
        let plain = parse(SAMPLE.as_bytes()).expect("valid");
        assert!(!to_string(&plain).contains("session"));
        let (_, f, _) =
            entry_error(&wrap(r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","session":{"id":"s","role":"during"}}"#));
        assert_eq!(f, "session.role");
    }

    #[test]
    fn every_reason_has_a_dutch_text() {
        let cases = [
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","tensions":[{"region":"elbow","level":3}]}"#,
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","tensions":[{"region":"neck","level":11}]}"#,
            r#"{"id":"y","at":"2026-11-20 08:30"}"#,
            r#"{"id":"y"}"#,
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","mood":3}"#,
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","emotions":[{"code":"anger","intensity":"7"}]}"#,
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","session":{"id":"s","role":"during"}}"#,
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","practice":{"kind":"yoga"}}"#,
            r#"{"id":"y","at":"2026-11-20T08:30:00+01:00","note":"bell\u0007"}"#,
        ];
        for case in cases {
            let Err(e @ ImportError::Entry { .. }) = parse(wrap(case).as_bytes()) else { panic!("refused: {case}") };
            let (en, nl) = (e.to_string(), crate::model::Describe::describe(&e, Lang::Nl));
            assert!(nl.starts_with("meting 0 (id y), veld `"), "{nl}");
            let ImportError::Entry { reason, reason_nl, .. } = &e else { unreachable!() };
            assert_ne!(reason, reason_nl, "{en} / {nl}");
        }
        let e = parse(br#"{"format":"feltsense-journal","version":2,"entries":[]}"#).expect_err("refused");
        assert_eq!(
            crate::model::Describe::describe(&e, Lang::Nl),
            "geen Feltsense-dagboekbestand: versie 2 wordt niet ondersteund (deze Feltsense leest versie 1)"
        );
        assert!(e.to_string().ends_with("version 2 is not supported (this Feltsense reads version 1)"));
    }

    /// A running experiment (days 1–3 rated, one moment waiting for its second rating) and a
    /// finished one (simulated over all its days).
    fn experiments() -> Vec<Experiment> {
        use crate::analysis::experiment::sim::{SimOptions, simulate};
        let finished = simulate(&SimOptions::with_effect(4, -1.5, 1.5)).expect("simulated");
        let mut running = simulate(&SimOptions { seed: 9, planned_days: 10, ..SimOptions::null(9) }).expect("sim");
        running.plan.uid = "running".into();
        running.plan.seed = u64::MAX - 1;
        running.plan.allocation = crate::model::experiment::allocate(running.plan.seed, running.plan.max_days);
        running.ratings.retain(|r| r.day <= 3);
        running.ratings.pop();
        running.plan.created += chrono::Duration::days(40);
        vec![running, finished]
    }

    #[test]
    fn experiments_round_trip_losslessly_with_their_seed_allocation_and_rating_times() {
        let entries = parse(SAMPLE.as_bytes()).expect("valid");
        let ex = experiments();
        let mut once = Vec::new();
        write_journal(&entries, &ex, &mut once).expect("write");
        let text = String::from_utf8(once.clone()).expect("utf-8");
        assert!(text.contains("\"seed\": \"18446744073709551614\""), "the seed is text, all 64 bits");
        let back = parse_journal(&once).expect("own output parses");
        assert_eq!(back.experiments.len(), 2);
        for e in &ex {
            let b = back.experiments.iter().find(|x| x.plan.uid == e.plan.uid).expect("present");
            assert_eq!(b, e, "plan, seed, allocation, every rating with its time and offset");
        }
        let mut again = Vec::new();
        write_journal(&back.entries, &back.experiments, &mut again).expect("write");
        assert_eq!(once, again, "export → import → export gives the same bytes");
        // Without experiments the file is what it always was, and `parse` refuses to drop them.
        assert!(!to_string(&entries).contains("experiments"));
        let refused = parse(&once).expect_err("parse would drop the experiments");
        assert!(crate::model::Describe::describe(&refused, Lang::Nl).contains("persoonlijke experimenten"));
    }

    #[test]
    fn a_broken_experiment_refuses_the_file_naming_it() {
        let mut once = Vec::new();
        write_journal(&[], &experiments(), &mut once).expect("write");
        let good: Value = serde_json::from_slice(&once).expect("json");
        let broken = |f: &dyn Fn(&mut Value)| {
            let mut doc = good.clone();
            f(&mut doc["experiments"][1]);
            match parse_journal(doc.to_string().as_bytes()) {
                Err(e @ ImportError::Experiment { index: 1, .. }) => {
                    let ImportError::Experiment { field, reason, reason_nl, .. } = &e else { unreachable!() };
                    assert_ne!(reason, reason_nl);
                    assert!(crate::model::Describe::describe(&e, Lang::Nl).starts_with("experiment 1 (id "));
                    field.clone()
                }
                other => panic!("expected an experiment error, got {other:?}"),
            }
        };
        let flip = |e: &mut Value| {
            let other = if e["allocation"][0] == "practice" { "usual" } else { "practice" };
            e["allocation"][0] = other.into();
        };
        assert_eq!(broken(&flip), "plan", "an allocation the seed does not draw");
        assert_eq!(broken(&|e| e["seed"] = 12.into()), "seed");
        assert_eq!(broken(&|e| e["seed"] = "-1".into()), "seed");
        assert_eq!(broken(&|e| e["target_region"] = "elbow".into()), "target_region");
        assert_eq!(broken(&|e| e["control_region"] = e["target_region"].clone()), "plan");
        assert_eq!(broken(&|e| e["ratings"][0]["target"] = 11.into()), "ratings[0].target");
        assert_eq!(broken(&|e| e["ratings"][0]["phase"] = "during".into()), "ratings[0].phase");
        assert_eq!(broken(&|e| e["ratings"][0]["at"] = "yesterday".into()), "ratings[0].at");
        assert_eq!(broken(&|e| e["ratings"][1] = e["ratings"][0].clone()), "ratings");
        assert_eq!(broken(&|e| e["mood"] = 1.into()), "mood");
        assert_eq!(broken(&|e| e["moments"][1] = "25:00".into()), "moments[1]");
        assert_eq!(broken(&|e| e["stopped"] = e["ratings"][0]["at"].clone()), "ratings", "ratings after the stop");
    }

    #[test]
    fn refuses_bad_headers_and_syntax() {
        assert!(matches!(parse(b"{"), Err(ImportError::Syntax(_))));
        assert!(matches!(parse(b"\xff\xfe"), Err(ImportError::Syntax(_))));
        assert!(matches!(parse(br#"{"format":"other","version":1,"entries":[]}"#), Err(ImportError::Header(_))));
        assert!(matches!(
            parse(br#"{"format":"feltsense-journal","version":2,"entries":[]}"#),
            Err(ImportError::Header(_))
        ));
        assert!(matches!(parse(b"[]"), Err(ImportError::Header(_))));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(parse(deep.as_bytes()), Err(ImportError::Syntax(_))));
    }
}
