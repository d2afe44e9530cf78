//! The items of the interchange file one at a time ([`super::json`] describes the whole): an
//! entry and a personal experiment to and from JSON values, the checks of single values that the
//! readers of entries, experiments ([`super::json`]) and activities, topics and appointments
//! ([`super::json_prep`]) share, and the errors that refuse a file.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat};
use serde_json::{Map, Value};

use crate::model::experiment::{Arm, Experiment, Moment, MomentRating, Phase, Plan};
use crate::model::{
    EmotionRating, Entry, Lang, Level, Practice, PracticeKind, Region, SessionLink, SessionRole, Signal, TensionRating,
    limits,
};

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
    pub(super) fn new(en: impl Into<String>, nl: impl Into<String>) -> Detail {
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
        what: List,
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

/// The list an [`ImportError::Prep`] is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// `activities` (and their ratings).
    Activities,
    /// `topics`.
    Topics,
    /// `appointments`.
    Appointments,
}

impl List {
    /// One item of the list in words ("activity" / "activiteit").
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            List::Activities => lang.pick("activity", "activiteit"),
            List::Topics => lang.pick("topic", "onderwerp"),
            List::Appointments => lang.pick("appointment", "afspraak"),
        }
    }
}

pub(super) fn time_text(t: &DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

pub(super) fn experiment_to_value(e: &Experiment) -> Value {
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

pub(super) fn entry_to_value(e: &Entry) -> Value {
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

pub(super) fn parse_experiments(list: &[Value]) -> Result<Vec<Experiment>, ImportError> {
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

pub(super) fn as_number<T: TryFrom<u64>>(v: &Value, field: &str) -> Result<T, FieldError> {
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

pub(super) fn as_list<'a>(v: &'a Value, field: &str) -> Result<&'a Vec<Value>, FieldError> {
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

pub(super) fn parse_entry(v: &Value) -> Result<Entry, FieldError> {
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
