//! The interchange file's activities, topics, appointments and reason for the visit
//! ([`crate::model::prep`]): optional top-level fields of the JSON format, written only when the
//! journal holds any, so other files are unchanged. See [`super::json`] for the whole format.
//!
//! ```json
//! "activities": [{"id": "…", "name": "Climbing the stairs", "instrument": "psk", "position": 0,
//!                 "created": "2026-11-02T20:00:00+01:00", "retired": null,
//!                 "ratings": [{"week": "2026-11-02", "instrument": "psk",
//!                              "at": "2026-11-02T20:01:00+01:00", "score": 7}]}],
//! "topics": [{"id": "…", "text": "Jaw at night", "text_nl": null, "position": 0,
//!             "source": {"kind": "own", "ref": ""}, "state": "open",
//!             "created": "2026-11-03T08:00:00+01:00", "closed": null}],
//! "appointments": [{"id": "…", "date": "2026-11-20", "created": "2026-11-01T09:00:00+01:00"}],
//! "visit_reason": "Neck pain when working at the computer"
//! ```
//! - `instrument` is `psk` or `psfs`, on the activity and again on each rating (a rating keeps
//!   the instrument it was given on); `week` is the Monday of the week rated; `score` 0–10.
//! - `source.kind` is `own`, `entry` (`ref`: the entry's id), `insight`, `region` (a region
//!   code), `experiment` (its id) or `suggestion` (the suggestion's key); `state` is `open`,
//!   `ticked_off` or `dismissed`; `text_nl` is an accepted suggestion's Dutch wording.
//! - The whole is checked against the rules of [`crate::model::prep::Prep::validate`] (at most
//!   five activities being rated, of one instrument; one rating per activity and week; texts
//!   within their lengths; one appointment a day); a file that breaks one is refused whole.

use chrono::NaiveDate;
use serde_json::{Map, Value};

pub use super::json_items::List;
use super::json_items::{
    Detail, FieldError, ImportError, as_level, as_str, as_time, check_keys, err, expected, truncate, unknown,
};
use crate::model::Lang;
use crate::model::prep::{Activity, ActivityRating, Appointment, Instrument, Prep, Topic, TopicSource, TopicState};

/// The top-level fields this module reads and writes.
pub const FIELDS: [&str; 4] = ["activities", "topics", "appointments", "visit_reason"];

fn time(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One activity with its ratings, as the file writes it.
pub fn activity_value(a: &Activity, prep: &Prep) -> Value {
    let mut ratings: Vec<&ActivityRating> = prep.ratings_of(&a.uid).collect();
    ratings.sort_by_key(|r| r.week);
    serde_json::json!({
        "id": a.uid,
        "name": a.name,
        "instrument": a.instrument.code(),
        "position": a.position,
        "created": time(&a.created),
        "retired": a.retired.as_ref().map(time),
        "ratings": ratings.iter().map(|r| serde_json::json!({
            "week": day(r.week),
            "instrument": r.instrument.code(),
            "at": time(&r.at),
            "score": r.score.get(),
        })).collect::<Vec<_>>(),
    })
}

/// One topic, as the file writes it.
pub fn topic_value(t: &Topic) -> Value {
    serde_json::json!({
        "id": t.uid,
        "text": t.text,
        "text_nl": t.text_nl,
        "position": t.position,
        "source": {"kind": t.source.kind(), "ref": t.source.reference()},
        "state": t.state.code(),
        "created": time(&t.created),
        "closed": t.closed.as_ref().map(time),
    })
}

/// One appointment, as the file writes it.
pub fn appointment_value(a: &Appointment) -> Value {
    serde_json::json!({"id": a.uid, "date": day(a.date), "created": time(&a.created)})
}

/// Adds the non-empty fields of `prep` to the document, in a fixed order.
pub fn insert(doc: &mut Map<String, Value>, prep: &Prep) {
    if !prep.activities.is_empty() {
        let mut list: Vec<&Activity> = prep.activities.iter().collect();
        list.sort_by(|a, b| {
            a.created.cmp(&b.created).then_with(|| a.position.cmp(&b.position)).then_with(|| a.uid.cmp(&b.uid))
        });
        doc.insert("activities".into(), Value::Array(list.into_iter().map(|a| activity_value(a, prep)).collect()));
    }
    if !prep.topics.is_empty() {
        let mut list: Vec<&Topic> = prep.topics.iter().collect();
        list.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.uid.cmp(&b.uid)));
        doc.insert("topics".into(), Value::Array(list.into_iter().map(topic_value).collect()));
    }
    if !prep.appointments.is_empty() {
        let mut list: Vec<&Appointment> = prep.appointments.iter().collect();
        list.sort_by_key(|a| a.date);
        doc.insert("appointments".into(), Value::Array(list.into_iter().map(appointment_value).collect()));
    }
    if !prep.reason.trim().is_empty() {
        doc.insert("visit_reason".into(), Value::from(prep.reason.trim()));
    }
}

/// An error in list `what` at `index`.
fn at<'v>(what: List, index: usize, v: &'v Value) -> impl FnOnce(FieldError) -> ImportError + 'v {
    move |(field, why)| ImportError::Prep {
        what,
        index,
        id: v.get("id").and_then(Value::as_str).map_or_else(|| "?".into(), |s| truncate(s, 40)),
        field,
        reason: why.en,
        reason_nl: why.nl,
    }
}

fn list<'a>(doc: &'a Map<String, Value>, key: &str, nl: &str) -> Result<&'a [Value], ImportError> {
    match doc.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(ImportError::Header(Detail {
            en: format!("`{key}` must be a list"),
            nl: format!("`{key}` moet een {nl}lijst zijn"),
        })),
    }
}

fn optional_time(v: &Value, field: &str) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, FieldError> {
    match v {
        Value::Null => Ok(None),
        v => as_time(v, field).map(Some),
    }
}

fn as_position(v: &Value, field: &str) -> Result<u32, FieldError> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .map_or_else(|| expected(field, "a whole number", "een geheel getal", v), Ok)
}

fn as_day(v: &Value, field: &str) -> Result<NaiveDate, FieldError> {
    let text = as_str(v, field)?;
    crate::model::dates::parse(text).or_else(|e| err(field, e.describe(Lang::En), e.describe(Lang::Nl)))
}

fn as_instrument(v: &Value, field: &str) -> Result<Instrument, FieldError> {
    let code = as_str(v, field)?;
    Instrument::from_code(code)
        .filter(|i| i.code() == code)
        .ok_or_else(|| unknown(field, "instrument (psk or psfs)", "meetinstrument (psk of psfs)", code))
}

fn parse_activity(v: &Value, ratings: &mut Vec<ActivityRating>) -> Result<Activity, FieldError> {
    let Value::Object(o) = v else { return expected("", "an object", "een object", v) };
    check_keys(o, &["id", "name", "instrument", "position", "created", "retired", "ratings"], "")?;
    let null = Value::Null;
    let get = |k: &str| o.get(k).unwrap_or(&null);
    let a = Activity {
        uid: as_str(get("id"), "id")?.to_owned(),
        name: as_str(get("name"), "name")?.to_owned(),
        instrument: as_instrument(get("instrument"), "instrument")?,
        position: as_position(get("position"), "position")?,
        created: as_time(get("created"), "created")?,
        retired: optional_time(get("retired"), "retired")?,
    };
    let Value::Array(list) = get("ratings") else { return expected("ratings", "a list", "een lijst", get("ratings")) };
    for (i, r) in list.iter().enumerate() {
        let f = format!("ratings[{i}]");
        let Value::Object(ro) = r else { return expected(f, "an object", "een object", r) };
        check_keys(ro, &["week", "instrument", "at", "score"], &f)?;
        let field = |k: &str| (format!("{f}.{k}"), ro.get(k).unwrap_or(&null));
        let (wf, wv) = field("week");
        let (inf, inv) = field("instrument");
        let (af, av) = field("at");
        let (sf, sv) = field("score");
        ratings.push(ActivityRating {
            activity: a.uid.clone(),
            week: as_day(wv, &wf)?,
            instrument: as_instrument(inv, &inf)?,
            at: as_time(av, &af)?,
            score: as_level(sv, &sf)?,
        });
    }
    Ok(a)
}

fn parse_topic(v: &Value) -> Result<Topic, FieldError> {
    let Value::Object(o) = v else { return expected("", "an object", "een object", v) };
    check_keys(o, &["id", "text", "text_nl", "position", "source", "state", "created", "closed"], "")?;
    let null = Value::Null;
    let get = |k: &str| o.get(k).unwrap_or(&null);
    let Value::Object(src) = get("source") else { return expected("source", "an object", "een object", get("source")) };
    check_keys(src, &["kind", "ref"], "source")?;
    let kind = as_str(src.get("kind").unwrap_or(&null), "source.kind")?;
    let reference = match src.get("ref") {
        None | Some(Value::Null) => "",
        Some(r) => as_str(r, "source.ref")?,
    };
    let source = TopicSource::from_parts(kind, reference).ok_or_else(|| {
        let k = truncate(&format!("{kind} {reference}"), 40);
        (
            "source".to_owned(),
            Detail { en: format!("`{k}` is not a known source"), nl: format!("`{k}` is geen bekende herkomst") },
        )
    })?;
    let state_code = as_str(get("state"), "state")?;
    let state = TopicState::from_code(state_code).ok_or_else(|| {
        unknown("state", "state (open, ticked_off or dismissed)", "status (open, ticked_off of dismissed)", state_code)
    })?;
    Ok(Topic {
        uid: as_str(get("id"), "id")?.to_owned(),
        text: as_str(get("text"), "text")?.to_owned(),
        text_nl: match get("text_nl") {
            Value::Null => None,
            t => Some(as_str(t, "text_nl")?.to_owned()),
        },
        position: as_position(get("position"), "position")?,
        source,
        state,
        created: as_time(get("created"), "created")?,
        closed: optional_time(get("closed"), "closed")?,
    })
}

fn parse_appointment(v: &Value) -> Result<Appointment, FieldError> {
    let Value::Object(o) = v else { return expected("", "an object", "een object", v) };
    check_keys(o, &["id", "date", "created"], "")?;
    let null = Value::Null;
    let get = |k: &str| o.get(k).unwrap_or(&null);
    Ok(Appointment {
        uid: as_str(get("id"), "id")?.to_owned(),
        date: as_day(get("date"), "date")?,
        created: as_time(get("created"), "created")?,
    })
}

/// Reads the fields of this module from a parsed document; all or nothing.
pub fn parse(doc: &Map<String, Value>) -> Result<Prep, ImportError> {
    let mut prep = Prep::default();
    for (index, v) in list(doc, "activities", "")?.iter().enumerate() {
        prep.activities.push(parse_activity(v, &mut prep.ratings).map_err(at(List::Activities, index, v))?);
    }
    for (index, v) in list(doc, "topics", "")?.iter().enumerate() {
        prep.topics.push(parse_topic(v).map_err(at(List::Topics, index, v))?);
    }
    for (index, v) in list(doc, "appointments", "")?.iter().enumerate() {
        prep.appointments.push(parse_appointment(v).map_err(at(List::Appointments, index, v))?);
    }
    prep.reason = match doc.get("visit_reason") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(_) => {
            return Err(ImportError::Header(Detail {
                en: "`visit_reason` must be text".into(),
                nl: "`visit_reason` moet tekst zijn".into(),
            }));
        }
    };
    prep.ratings.sort_by(|a, b| a.week.cmp(&b.week).then_with(|| a.activity.cmp(&b.activity)));
    prep.validate().map_err(|e| {
        ImportError::Header(Detail {
            en: format!("activities, topics or appointments: {}", crate::model::Describe::describe(&e, Lang::En)),
            nl: format!("activiteiten, onderwerpen of afspraken: {}", crate::model::Describe::describe(&e, Lang::Nl)),
        })
    })?;
    Ok(prep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::{parse_journal, write_all};
    use crate::model::Describe;

    const ACT: &str = r#"{"id": "a1", "name": "Climbing stairs", "instrument": "psk", "position": 0,
        "created": "2026-11-02T20:00:00+01:00", "retired": null,
        "ratings": [{"week": "2026-11-02", "instrument": "psk", "at": "2026-11-02T20:01:00+01:00", "score": 7}]}"#;

    fn file(fields: &str) -> String {
        format!(r#"{{"format": "feltsense-journal", "version": 1, "entries": [], {fields}}}"#)
    }

    fn refused(fields: &str) -> (String, String) {
        let e = parse_journal(file(fields).as_bytes()).expect_err("refused");
        (e.describe(Lang::En), e.describe(Lang::Nl))
    }

    #[test]
    fn every_field_survives_write_parse_write_byte_for_byte() {
        let doc = file(&format!(
            r#""activities": [{ACT}],
               "topics": [{{"id": "t1", "text": "Left shoulder: average 4.6", "text_nl": "Linkerschouder: gemiddeld 4,6",
                           "position": 0, "source": {{"kind": "suggestion", "ref": "trend:shoulder_left:none"}},
                           "state": "dismissed", "created": "2026-11-03T08:00:00+01:00", "closed": "2026-11-03T08:01:00+01:00"}},
                          {{"id": "t2", "text": "Jaw", "text_nl": null, "position": 1, "source": {{"kind": "entry", "ref": "e-9"}},
                           "state": "open", "created": "2026-11-03T08:00:00-05:00", "closed": null}}],
               "appointments": [{{"id": "p1", "date": "2026-11-20", "created": "2026-11-01T09:00:00+01:00"}}],
               "visit_reason": "Neck pain""#
        ));
        let journal = parse_journal(doc.as_bytes()).expect("valid");
        let p = &journal.prep;
        assert_eq!(p.ratings[0].instrument, Instrument::Psk);
        assert_eq!(p.topics[0].state, TopicState::Dismissed);
        assert_eq!(p.topics[1].created.offset().local_minus_utc(), -5 * 3600, "the offset is kept");
        let mut a = Vec::new();
        write_all(&journal.entries, &journal.experiments, p, &mut a).expect("write");
        let back = parse_journal(&a).expect("reparse");
        assert_eq!(&back.prep, p);
        let mut b = Vec::new();
        write_all(&back.entries, &back.experiments, &back.prep, &mut b).expect("write");
        assert_eq!(a, b);
        // A journal without any of it writes none of the fields (older files stay as they were).
        let mut plain = Vec::new();
        write_all(&[], &[], &Prep::default(), &mut plain).expect("write");
        assert!(!String::from_utf8_lossy(&plain).contains("activities"));
        // The entries-only reader refuses rather than drop them.
        assert!(crate::export::json::parse(&a).is_err());
    }

    #[test]
    fn a_broken_item_refuses_the_file_naming_it_in_both_languages() {
        let (en, nl) = refused(&format!(r#""activities": [{}]"#, ACT.replace(r#""score": 7"#, r#""score": 11"#)));
        assert!(en.contains("activity 0 (id a1), field `ratings[0].score`"), "{en}");
        assert!(nl.contains("activiteit 0 (id a1), veld `ratings[0].score`"), "{nl}");
        let (en, nl) = refused(&format!(
            r#""activities": [{}]"#,
            ACT.replace(r#""instrument": "psk", "at""#, r#""instrument": "nprs", "at""#)
        ));
        assert!(en.contains("unknown instrument"), "{en}");
        assert!(nl.contains("onbekende meetinstrument"), "{nl}");
        // A rating on the other instrument than its activity: never mixed.
        let (en, _) = refused(&format!(
            r#""activities": [{}]"#,
            ACT.replace(r#""instrument": "psk", "at""#, r#""instrument": "psfs", "at""#)
        ));
        assert!(en.contains("rated with the PSK"), "{en}");
        // Six activities being rated.
        let six: Vec<String> = (0..6)
            .map(|i| ACT.replace("\"a1\"", &format!("\"a{i}\"")).replace("Climbing stairs", &format!("Act {i}")))
            .collect();
        let (en, nl) = refused(&format!(r#""activities": [{}]"#, six.join(",")));
        assert!(en.contains("already rate 5 activities"), "{en}");
        assert!(nl.contains("al 5 activiteiten"), "{nl}");
        let (en, _) = refused(
            r#""topics": [{"id": "t", "text": " ", "position": 0, "source": {"kind": "own", "ref": ""}, "state": "open", "created": "2026-11-03T08:00:00+01:00", "closed": null}]"#,
        );
        assert!(en.contains("cannot be empty"), "{en}");
        let (en, nl) = refused(
            r#""topics": [{"id": "t", "text": "x", "position": 0, "source": {"kind": "region", "ref": "elbow"}, "state": "open", "created": "2026-11-03T08:00:00+01:00", "closed": null}]"#,
        );
        assert!(en.contains("topic 0 (id t), field `source`"), "{en}");
        assert!(nl.contains("herkomst"), "{nl}");
        let (en, _) = refused(
            r#""appointments": [{"id": "p", "date": "2026-11-20", "created": "2026-11-01T09:00:00+01:00"}, {"id": "q", "date": "2026-11-20", "created": "2026-11-01T09:00:00+01:00"}]"#,
        );
        assert!(en.contains("already logged"), "{en}");
        let (en, _) = refused(r#""visit_reason": 7"#);
        assert!(en.contains("must be text"), "{en}");
    }
}
