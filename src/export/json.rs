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
use std::convert::Infallible;
use std::io::{Read, Write};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

pub use super::json_items::{Detail, ImportError};
use super::json_items::{entry_to_value, experiment_to_value, parse_entry, parse_experiments, truncate};
use super::source::file_order;
use crate::model::experiment::Experiment;
use crate::model::prep::Prep;
use crate::model::{Entry, Lang};

/// The value of the `format` field.
pub const FORMAT: &str = "feltsense-journal";
/// The format version this code reads and writes.
pub const VERSION: u64 = 1;
/// Largest file [`parse`] and [`read`] accept, in bytes (hostile-input guard).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// A whole interchange file: entries, personal experiments, and what is kept for the
/// appointment (activities, topics, appointments, the reason for the visit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    /// The entries.
    pub entries: Vec<Entry>,
    /// The personal experiments.
    pub experiments: Vec<Experiment>,
    /// Activities with their ratings, topics, appointments and the reason for the visit.
    pub prep: Prep,
}

// ---------------------------------------------------------------------------------- writing

/// Serialises entries to the interchange format (pretty-printed, oldest first).
pub fn write(entries: &[Entry], w: impl Write) -> std::io::Result<()> {
    write_journal(entries, &[], w)
}

/// Serialises entries and experiments to the interchange format (pretty-printed, entries oldest
/// first, experiments in the order they were started). `experiments` is written only when there
/// are any, so a journal without them gives the same file as [`write`].
pub fn write_journal(entries: &[Entry], experiments: &[Experiment], w: impl Write) -> std::io::Result<()> {
    write_all(entries, experiments, &Prep::default(), w)
}

/// Serialises a whole journal: entries, experiments and, written only when there are any, the
/// activities, topics, appointments and reason for the visit ([`super::json_prep`]). The same
/// bytes as [`JsonStream`] writes from pages.
pub fn write_all(entries: &[Entry], experiments: &[Experiment], prep: &Prep, w: impl Write) -> std::io::Result<()> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| file_order(a, b));
    let mut stream = JsonStream::with(w, experiments, prep)?;
    for e in sorted {
        stream.entry(e)?;
    }
    stream.finish().map(drop)
}

/// Writes the interchange format as [`write_all`] does, byte for byte, one entry at a time: the
/// exports stream a whole journal this way without holding it, or a JSON tree of it, in memory.
/// The document is pretty-printed with its keys in alphabetical order (serde_json's map), so
/// what sorts before `entries` (`activities`, `appointments`) is written first, then the entries
/// one by one, then the rest (`experiments`, `format`, `topics`, `version`, `visit_reason`).
///
/// Hand it entries in the file's order with [`JsonStream::entry`], or pages in the store's order
/// with [`JsonStream::page`]; then call [`JsonStream::finish`].
pub struct JsonStream<W: Write> {
    out: W,
    /// The document after the entries (`]`, the other fields, `}`).
    tail: String,
    /// Entries of pages in the store's order not written yet ([`super::source::InOrder`]).
    order: super::source::InOrder,
    written: usize,
}

impl<W: Write> JsonStream<W> {
    /// Starts a document of entries only.
    pub fn new(out: W) -> std::io::Result<JsonStream<W>> {
        JsonStream::with(out, &[], &Prep::default())
    }

    /// Starts a document with `experiments` and `prep` (written only when there are any).
    pub fn with(mut out: W, experiments: &[Experiment], prep: &Prep) -> std::io::Result<JsonStream<W>> {
        let mut doc = Map::new();
        doc.insert("format".into(), Value::from(FORMAT));
        doc.insert("version".into(), Value::from(VERSION));
        doc.insert("entries".into(), Value::Array(Vec::new()));
        if !experiments.is_empty() {
            let mut sorted: Vec<&Experiment> = experiments.iter().collect();
            sorted.sort_by(|a, b| a.plan.created.cmp(&b.plan.created).then_with(|| a.plan.uid.cmp(&b.plan.uid)));
            doc.insert("experiments".into(), Value::Array(sorted.into_iter().map(experiment_to_value).collect()));
        }
        super::json_prep::insert(&mut doc, prep);
        let text = serde_json::to_string_pretty(&Value::Object(doc)).map_err(std::io::Error::other)?;
        // The top level's `entries` is the only key indented by two spaces after a line break
        // (a string cannot hold a raw line break, and nested keys are indented further).
        const KEY: &str = "\n  \"entries\": []";
        let (head, tail) = text.split_once(KEY).ok_or_else(|| std::io::Error::other("unexpected JSON layout"))?;
        out.write_all(head.as_bytes())?;
        out.write_all(b"\n  \"entries\": [")?;
        Ok(JsonStream { out, tail: tail.to_owned(), order: super::source::InOrder::default(), written: 0 })
    }

    /// Writes one page of entries in the store's order (by `at` in whole seconds, then row id).
    pub fn page(&mut self, entries: Vec<Entry>) -> std::io::Result<()> {
        let mut order = std::mem::take(&mut self.order);
        let result = entries.into_iter().try_for_each(|e| order.push(e, &mut |e: &Entry| self.entry(e)));
        self.order = order;
        result
    }

    /// Writes the next entry (in the file's order: by exact instant, then id).
    pub fn entry(&mut self, e: &Entry) -> std::io::Result<()> {
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
        Ok(())
    }

    /// Ends the document; returns how many entries were written.
    pub fn finish(mut self) -> std::io::Result<usize> {
        let mut order = std::mem::take(&mut self.order);
        order.finish(&mut |e: &Entry| self.entry(e))?;
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

// ---------------------------------------------------------------------------------- reading

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

/// Parses a whole file held in memory: entries, experiments, activities, topics, appointments.
/// Either everything is valid and returned, or nothing is. (An import of a file reads it with
/// [`read`], entry by entry.)
pub fn parse_journal(bytes: &[u8]) -> Result<Journal, ImportError> {
    let mut entries = Vec::new();
    let rest = read(bytes, |e| {
        entries.push(e);
        Ok::<(), Infallible>(())
    })
    .map_err(|e| match e {
        ReadError::Refused(e) => e,
        ReadError::Io(e) => ImportError::Syntax(Detail::new(e.to_string(), e.to_string())),
        ReadError::Stopped(never) => match never {},
    })?;
    Ok(Journal { entries, experiments: rest.experiments, prep: rest.prep })
}

/// What [`read`] found besides the entries it handed out: everything else in the file, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rest {
    /// How many entries the file holds (each was handed out).
    pub entries: usize,
    /// The personal experiments.
    pub experiments: Vec<Experiment>,
    /// Activities with their ratings, topics, appointments and the reason for the visit.
    pub prep: Prep,
}

/// Why [`read`] did not finish.
#[derive(Debug)]
pub enum ReadError<E> {
    /// The file is refused: whatever was handed out of it must be thrown away.
    Refused(ImportError),
    /// The file could not be read.
    Io(std::io::Error),
    /// The receiver of the entries stopped the reading with this error.
    Stopped(E),
}

/// Reads an interchange file from `input` one entry at a time, in one pass: each valid entry is
/// handed to `each` as soon as it is read (the caller writes it into an open transaction, or
/// counts it), and only one entry, the ids seen and the file's small rest (experiments,
/// activities, topics, appointments) are held in memory.
///
/// The checks are those of [`parse_journal`], with the same errors in the same order of
/// precedence: a syntax error anywhere (or more than [`MAX_BYTES`], or bytes that are not UTF-8)
/// before a wrong `format` or `version` or an unknown field, before the first invalid entry,
/// before an invalid experiment or activity. So the whole file is read even after an invalid
/// entry (entries after it are only checked for syntax and no longer handed out), and a file
/// whose `format` and `version` follow its entries (as in Feltsense's own files, whose keys are
/// in alphabetical order) has its entries handed out before they are known to be right. The
/// caller therefore keeps nothing of what it was handed unless this returns `Ok`: one
/// transaction that is committed only then.
pub fn read<R: Read, E>(input: R, mut each: impl FnMut(Entry) -> Result<(), E>) -> Result<Rest, ReadError<E>> {
    let mut checked = Checked::new(input);
    // A byte-order mark is allowed (and skipped) at the start.
    let mut head = Vec::with_capacity(3);
    (&mut checked).take(3).read_to_end(&mut head).map_err(input_problem)?;
    if head == b"\xEF\xBB\xBF" {
        head.clear();
    }
    let mut input = std::io::BufReader::with_capacity(64 * 1024, std::io::Cursor::new(head).chain(checked));
    let mut state = State::new(&mut each);
    let mut de = serde_json::Deserializer::from_reader(&mut input);
    let parsed = Top(&mut state).deserialize(&mut de).and_then(|()| de.end());
    drop(de);
    if let Some(e) = state.stopped.take() {
        return Err(ReadError::Stopped(e));
    }
    if let Err(e) = parsed {
        return Err(syntax(e));
    }
    state.finish().map_err(ReadError::Refused)
}

/// A serde_json error as [`ReadError`]: a syntax error, or a problem of the bytes themselves.
fn syntax<E>(e: serde_json::Error) -> ReadError<E> {
    if !e.is_io() {
        let nl = crate::model::text::json_error(&e, Lang::Nl);
        return ReadError::Refused(ImportError::Syntax(Detail::new(e.to_string(), nl)));
    }
    input_problem(std::io::Error::from(e))
}

/// An error of reading the file as [`ReadError`]: what [`Checked`] found, or an I/O error.
fn input_problem<E>(io: std::io::Error) -> ReadError<E> {
    match io.get_ref().and_then(|inner| inner.downcast_ref::<InputProblem>()) {
        Some(InputProblem::TooLarge) => {
            let mb = MAX_BYTES / 1024 / 1024;
            ReadError::Refused(ImportError::Syntax(Detail::new(
                format!("the file is larger than {mb} MB"),
                format!("het bestand is groter dan {mb} MB"),
            )))
        }
        Some(InputProblem::NotUtf8 { at }) => ReadError::Refused(ImportError::Syntax(Detail::new(
            format!("not UTF-8 text (byte {at})"),
            format!("geen UTF-8-tekst (byte {at})"),
        ))),
        None => ReadError::Io(io),
    }
}

/// What is wrong with the bytes of a file, found while reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputProblem {
    /// More than [`MAX_BYTES`].
    TooLarge,
    /// Not UTF-8 from this byte on.
    NotUtf8 { at: u64 },
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputProblem::TooLarge => write!(f, "larger than {MAX_BYTES} bytes"),
            InputProblem::NotUtf8 { at } => write!(f, "not UTF-8 at byte {at}"),
        }
    }
}

impl std::error::Error for InputProblem {}

/// The bytes of a file on their way to the parser, checked: at most [`MAX_BYTES`], and UTF-8
/// throughout (also outside strings, and across the reads' boundaries). The bytes before a
/// problem are passed on; the problem comes as the next read's error, and every read after it.
struct Checked<R> {
    inner: R,
    /// Bytes read so far.
    read: u64,
    /// The start of a character whose rest the next read brings.
    carry: Vec<u8>,
    failed: Option<InputProblem>,
}

impl<R> Checked<R> {
    fn new(inner: R) -> Checked<R> {
        Checked { inner, read: 0, carry: Vec::with_capacity(4), failed: None }
    }

    /// Checks `chunk`, which starts at byte `start`; `Err` holds where the bytes stop being UTF-8.
    fn check(&mut self, chunk: &[u8], start: u64) -> Result<(), u64> {
        let mut data = chunk;
        let mut pos = start;
        if let Some(&lead) = self.carry.first() {
            let carry_start = start - self.carry.len() as u64;
            let width = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            while self.carry.len() < width
                && let Some((&b, more)) = data.split_first()
            {
                self.carry.push(b);
                data = more;
                pos += 1;
            }
            if self.carry.len() < width {
                return Ok(());
            }
            if std::str::from_utf8(&self.carry).is_err() {
                return Err(carry_start);
            }
            self.carry.clear();
        }
        match std::str::from_utf8(data) {
            Ok(_) => Ok(()),
            Err(e) if e.error_len().is_none() => {
                self.carry.extend_from_slice(&data[e.valid_up_to()..]);
                Ok(())
            }
            Err(e) => Err(pos + e.valid_up_to() as u64),
        }
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let problem = |p: InputProblem| std::io::Error::new(std::io::ErrorKind::InvalidData, p);
        if let Some(p) = self.failed {
            return Err(problem(p));
        }
        let n = loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        if n == 0 {
            if !self.carry.is_empty() {
                let p = InputProblem::NotUtf8 { at: self.read - self.carry.len() as u64 };
                self.failed = Some(p);
                return Err(problem(p));
            }
            return Ok(0);
        }
        let start = self.read;
        self.read += n as u64;
        if self.read > MAX_BYTES as u64 {
            self.failed = Some(InputProblem::TooLarge);
            return Err(problem(InputProblem::TooLarge));
        }
        match self.check(&buf[..n], start) {
            Ok(()) => Ok(n),
            Err(at) => {
                let p = InputProblem::NotUtf8 { at };
                self.failed = Some(p);
                // The good bytes before the problem still count (the parser may find a syntax
                // error in them first, as a parser of the whole file would).
                match at.checked_sub(start) {
                    Some(good) if good > 0 => Ok(good as usize),
                    _ => Err(problem(p)),
                }
            }
        }
    }
}

/// What the reading found so far.
struct State<'e, E> {
    each: &'e mut dyn FnMut(Entry) -> Result<(), E>,
    /// The top level was not an object.
    not_object: bool,
    format: Option<Value>,
    version: Option<Value>,
    /// The first top-level key this format does not have, or that came twice.
    unknown: Option<(String, bool)>,
    keys: HashSet<String>,
    /// `entries` was there and a list.
    entries_list: bool,
    entries: usize,
    ids: HashSet<String>,
    first_error: Option<ImportError>,
    /// `experiments` and the fields of [`super::json_prep`], read whole (they are small).
    rest: Map<String, Value>,
    stopped: Option<E>,
}

impl<'e, E> State<'e, E> {
    fn new(each: &'e mut dyn FnMut(Entry) -> Result<(), E>) -> State<'e, E> {
        State {
            each,
            not_object: false,
            format: None,
            version: None,
            unknown: None,
            keys: HashSet::new(),
            entries_list: false,
            entries: 0,
            ids: HashSet::new(),
            first_error: None,
            rest: Map::new(),
            stopped: None,
        }
    }

    /// One element of `entries`, at `index`.
    fn entry(&mut self, index: usize, v: &Value) -> Result<(), E> {
        let entry = match parse_entry(v) {
            Ok(entry) => entry,
            Err((field, why)) => {
                self.first_error = Some(ImportError::Entry {
                    index,
                    id: v.get("id").and_then(Value::as_str).map_or_else(|| "?".into(), |s| truncate(s, 40)),
                    field,
                    reason: why.en,
                    reason_nl: why.nl,
                });
                return Ok(());
            }
        };
        if !self.ids.insert(entry.uid.clone()) {
            self.first_error = Some(ImportError::Entry {
                index,
                id: truncate(&entry.uid, 40),
                field: "id".into(),
                reason: "the same id appears earlier in the file".into(),
                reason_nl: "dezelfde id komt eerder in het bestand voor".into(),
            });
            return Ok(());
        }
        (self.each)(entry)
    }

    /// The verdict on the whole file, in [`parse_journal`]'s order of precedence.
    fn finish(self) -> Result<Rest, ImportError> {
        let header = |en: String, nl: String| Err(ImportError::Header(Detail::new(en, nl)));
        if self.not_object {
            return header("the top level must be an object".into(), "het bovenste niveau moet een object zijn".into());
        }
        match &self.format {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(other) => {
                return header(
                    format!("`format` is {other}, expected \"{FORMAT}\""),
                    format!("`format` is {other}, verwacht \"{FORMAT}\""),
                );
            }
            None => return header("the `format` field is missing".into(), "het veld `format` ontbreekt".into()),
        }
        match self.version.as_ref().and_then(Value::as_u64) {
            Some(VERSION) => {}
            Some(v) => {
                return header(
                    format!("version {v} is not supported (this Feltsense reads version {VERSION})"),
                    format!("versie {v} wordt niet ondersteund (deze Feltsense leest versie {VERSION})"),
                );
            }
            None => {
                return header(
                    "`version` must be a whole number".into(),
                    "`version` moet een geheel getal zijn".into(),
                );
            }
        }
        match &self.unknown {
            Some((k, false)) => {
                let k = truncate(k, 40);
                return header(format!("unknown field `{k}`"), format!("onbekend veld `{k}`"));
            }
            Some((k, true)) => {
                let k = truncate(k, 40);
                return header(format!("the field `{k}` appears twice"), format!("het veld `{k}` komt twee keer voor"));
            }
            None => {}
        }
        if !self.entries_list {
            return header("`entries` must be a list".into(), "`entries` moet een lijst zijn".into());
        }
        if let Some(e) = self.first_error {
            return Err(e);
        }
        let experiments = match self.rest.get("experiments") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => parse_experiments(list)?,
            Some(_) => {
                return header("`experiments` must be a list".into(), "`experiments` moet een lijst zijn".into());
            }
        };
        let prep = super::json_prep::parse(&self.rest)?;
        Ok(Rest { entries: self.entries, experiments, prep })
    }
}

/// Any JSON value, read and thrown away (with serde_json's limit on nesting, as when it is kept).
/// Not `serde::de::IgnoredAny`: serde_json skips that without the nesting limit, so a file of a
/// million `[` would be read to its end (`refuses_bad_headers_and_syntax` checks it).
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<X: de::Error>(self, _: bool) -> Result<(), X> {
        Ok(())
    }
    fn visit_i64<X: de::Error>(self, _: i64) -> Result<(), X> {
        Ok(())
    }
    fn visit_u64<X: de::Error>(self, _: u64) -> Result<(), X> {
        Ok(())
    }
    fn visit_f64<X: de::Error>(self, _: f64) -> Result<(), X> {
        Ok(())
    }
    fn visit_str<X: de::Error>(self, _: &str) -> Result<(), X> {
        Ok(())
    }
    fn visit_unit<X: de::Error>(self) -> Result<(), X> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

/// The top level of the file.
struct Top<'s, 'e, E>(&'s mut State<'e, E>);

impl<'de, E> DeserializeSeed<'de> for Top<'_, '_, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<E> Top<'_, '_, E> {
    fn not_object<X: de::Error>(self) -> Result<(), X> {
        self.0.not_object = true;
        Ok(())
    }
}

impl<'de, E> Visitor<'de> for Top<'_, '_, E> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Feltsense journal")
    }
    fn visit_bool<X: de::Error>(self, _: bool) -> Result<(), X> {
        self.not_object()
    }
    fn visit_i64<X: de::Error>(self, _: i64) -> Result<(), X> {
        self.not_object()
    }
    fn visit_u64<X: de::Error>(self, _: u64) -> Result<(), X> {
        self.not_object()
    }
    fn visit_f64<X: de::Error>(self, _: f64) -> Result<(), X> {
        self.not_object()
    }
    fn visit_str<X: de::Error>(self, _: &str) -> Result<(), X> {
        self.not_object()
    }
    fn visit_unit<X: de::Error>(self) -> Result<(), X> {
        self.not_object()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Skip.visit_seq(seq)?;
        self.not_object()
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let st = self.0;
        while let Some(key) = map.next_key::<String>()? {
            if !st.keys.insert(key.clone()) {
                st.unknown.get_or_insert((key, true));
                map.next_value_seed(Skip)?;
                continue;
            }
            match key.as_str() {
                "format" => st.format = Some(map.next_value()?),
                "version" => st.version = Some(map.next_value()?),
                "entries" => map.next_value_seed(Entries(&mut *st))?,
                k if k == "experiments" || super::json_prep::FIELDS.contains(&k) => {
                    let v = map.next_value()?;
                    st.rest.insert(key, v);
                }
                _ => {
                    st.unknown.get_or_insert((key, false));
                    map.next_value_seed(Skip)?;
                }
            }
        }
        Ok(())
    }
}

/// The `entries` list, read one element at a time.
struct Entries<'s, 'e, E>(&'s mut State<'e, E>);

impl<'de, E> DeserializeSeed<'de> for Entries<'_, '_, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E> Visitor<'de> for Entries<'_, '_, E> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of entries")
    }
    // Anything but a list is refused (`entries_list` stays false).
    fn visit_bool<X: de::Error>(self, _: bool) -> Result<(), X> {
        Ok(())
    }
    fn visit_i64<X: de::Error>(self, _: i64) -> Result<(), X> {
        Ok(())
    }
    fn visit_u64<X: de::Error>(self, _: u64) -> Result<(), X> {
        Ok(())
    }
    fn visit_f64<X: de::Error>(self, _: f64) -> Result<(), X> {
        Ok(())
    }
    fn visit_str<X: de::Error>(self, _: &str) -> Result<(), X> {
        Ok(())
    }
    fn visit_unit<X: de::Error>(self) -> Result<(), X> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Skip.visit_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let st = self.0;
        st.entries_list = true;
        let mut index = 0;
        loop {
            if st.first_error.is_some() {
                // Only the syntax of the rest matters now.
                if seq.next_element_seed(Skip)?.is_none() {
                    break;
                }
            } else {
                let Some(v) = seq.next_element::<Value>()? else { break };
                if let Err(e) = st.entry(index, &v) {
                    st.stopped = Some(e);
                    return Err(de::Error::custom("stopped by the receiver of the entries"));
                }
            }
            index += 1;
        }
        st.entries = index;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Practice, PracticeKind, Region, SessionLink, SessionRole, Signal};

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

    /// Hands out the bytes of `data` `n` at a time (a reader whose reads split characters).
    struct Trickle<'a> {
        data: &'a [u8],
        n: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let k = self.n.min(buf.len()).min(self.data.len());
            buf[..k].copy_from_slice(&self.data[..k]);
            self.data = &self.data[k..];
            Ok(k)
        }
    }

    fn read_all(data: &[u8], n: usize) -> Result<(Vec<Entry>, Rest), ImportError> {
        let mut got = Vec::new();
        let rest = read(Trickle { data, n }, |e| {
            got.push(e);
            Ok::<(), Infallible>(())
        })
        .map_err(|e| match e {
            ReadError::Refused(e) => e,
            other => panic!("{other:?}"),
        })?;
        Ok((got, rest))
    }

    #[test]
    fn a_streamed_read_gives_what_a_whole_read_gives_whatever_the_reads_split() {
        let mut once = Vec::new();
        let mut entries = parse(SAMPLE.as_bytes()).expect("valid");
        entries[0].note = "ëén – 😀 and \"quotes\"".into();
        write_journal(&entries, &experiments(), &mut once).expect("write");
        let whole = parse_journal(&once).expect("whole");
        for n in [1, 2, 3, 7, 4096] {
            let (got, rest) = read_all(&once, n).expect("streamed");
            assert_eq!(got, whole.entries, "reads of {n} bytes");
            assert_eq!((rest.entries, &rest.experiments, &rest.prep), (2, &whole.experiments, &whole.prep));
        }
        // A byte-order mark is skipped; a bad byte is named where it is, whatever the reads.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&once);
        assert_eq!(read_all(&bom, 1).expect("with a BOM").0, whole.entries);
        let at = once.iter().position(|&b| b == 0xC3).expect("ë");
        let mut bad = once.clone();
        bad[at + 1] = b'x';
        for n in [1, 2, 5, 4096] {
            match read_all(&bad, n) {
                Err(ImportError::Syntax(d)) => assert_eq!(d.en, format!("not UTF-8 text (byte {at})"), "reads of {n}"),
                other => panic!("{other:?}"),
            }
        }
        let cut = &once[..=at];
        assert!(matches!(read_all(cut, 3), Err(ImportError::Syntax(_))), "a file that ends inside a character");
    }

    #[test]
    fn the_order_of_precedence_is_that_of_a_whole_read() {
        // A newer file writes its entries before `format` and `version` (keys in alphabetical
        // order): the version is the reason given, not a field this version does not know.
        let newer = r#"{"entries": [{"id": "a", "at": "2026-11-20T08:30:00+01:00", "mood": 3}],
                        "format": "feltsense-journal", "version": 2}"#;
        let e = parse_journal(newer.as_bytes()).expect_err("refused");
        assert!(e.to_string().contains("version 2 is not supported"), "{e}");
        // A syntax error after an invalid entry is the reason given.
        let broken = wrap(r#"{"id": "a", "at": "yesterday"}, {"id": "b""#);
        assert!(matches!(parse_journal(broken.as_bytes()), Err(ImportError::Syntax(_))));
        // The first invalid entry, not a later one.
        let two = wrap(r#"{"id": "a", "at": "yesterday"}, {"id": "b", "mood": 1}"#);
        assert!(matches!(parse_journal(two.as_bytes()), Err(ImportError::Entry { index: 0, .. })));
        let twice = r#"{"format": "feltsense-journal", "version": 1, "entries": [], "entries": []}"#;
        let e = parse_journal(twice.as_bytes()).expect_err("refused");
        assert!(e.to_string().ends_with("the field `entries` appears twice"), "{e}");
        assert!(crate::model::Describe::describe(&e, Lang::Nl).ends_with("het veld `entries` komt twee keer voor"));
    }

    #[test]
    fn the_receiver_can_stop_the_reading() {
        let doc = to_string(&parse(SAMPLE.as_bytes()).expect("valid"));
        let mut n = 0;
        let result = read(doc.as_bytes(), |_| {
            n += 1;
            if n == 2 { Err("full") } else { Ok(()) }
        });
        assert!(matches!(result, Err(ReadError::Stopped("full"))));
        assert_eq!(n, 2);
    }

    #[test]
    fn pages_in_the_store_order_write_the_bytes_of_the_whole_journal() {
        use crate::analysis::experiment::sim::{SimOptions, simulate};
        let mut entries = parse(SAMPLE.as_bytes()).expect("valid");
        let mut third = entries[0].clone();
        third.uid = "a0".into();
        entries.push(third);
        let prep = crate::model::prep::Prep { reason: "Neck".into(), ..Default::default() };
        let ex = vec![simulate(&SimOptions::with_effect(4, -1.5, 1.5)).expect("simulated")];
        let mut whole = Vec::new();
        write_all(&entries, &ex, &prep, &mut whole).expect("write");
        // The store's order: by whole second, then row id (here: as listed).
        entries.sort_by_key(|e| e.at.timestamp());
        for page in [1, 2, 5] {
            let mut out = Vec::new();
            let mut s = JsonStream::with(&mut out, &ex, &prep).expect("start");
            for chunk in entries.chunks(page) {
                s.page(chunk.to_vec()).expect("page");
            }
            assert_eq!(s.finish().expect("finish"), 3);
            assert_eq!(String::from_utf8(out).expect("utf-8"), String::from_utf8(whole.clone()).expect("utf-8"));
        }
    }
}
