//! FHIR R4 (4.0.1) export: the journal as one `Bundle` of type `collection`, for a care
//! provider's record system, a personal health environment (PGO) or a researcher.
//!
//! The format and the mapping are documented in `docs/fhir.md`; in short:
//! - one **Patient**: only the name the person typed ([`FhirOptions::name`]), or an anonymous one;
//! - per journal entry one **grouping Observation** (code `check-in` when it rates tension, else
//!   `entry`) whose `hasMember` lists the entry's other Observations, so the check-in stays one
//!   unit. It carries the note (`Observation.note`, left out with `include_notes = false`), the
//!   tags (`meta.tag`) and, for a guided practice, whether it is the rating before or after it;
//! - per rated region one **tension Observation**: code `tension` of the Feltsense CodeSystem,
//!   `bodySite` in SNOMED CT with the left- and right-specific codes ([`snomed_site`]),
//!   `valueInteger` 0–10. Regions a check-in does not rate are not sent (Feltsense counts them
//!   as 0 in that check-in);
//! - per emotion an Observation with `valueInteger` 0–10, per signal one with `valueBoolean`
//!   true, per practice one with `valueQuantity` in minutes (UCUM `min`); a practice of a guided
//!   session lists the session's before and after check-ins in `hasMember`;
//! - per activity rating (PSK or PSFS, [`crate::model::prep`]) an **Observation** with code
//!   `activity.psk` or `activity.psfs` of the Feltsense CodeSystem (no LOINC code for these
//!   patient-specific scores could be verified), the activity's name and the scale in `code.text`,
//!   `valueInteger` 0–10;
//! - per accepted topic to discuss (open or ticked off; a dismissed one is never sent) a
//!   **Communication** from the Patient, `status` `preparation` (to be raised) or `completed`
//!   (ticked off, `sent` when), the text in `payload[0].contentString`;
//! - with a report ([`FhirOptions::report`]), a **DocumentReference** holding the PDF.
//!
//! Every `id` is a name-based UUID (version 5) derived from the entry's uid, and every `fullUrl`
//! is its `urn:uuid:`, so exporting the same entries twice gives the same resources.
//!
//! The Feltsense codes and their English and Dutch displays come from the CodeSystem resource in
//! `assets/fhir/CodeSystem-feltsense.json` (compiled in), so the bundle and the published
//! CodeSystem cannot drift apart.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::OnceLock;

use base64::Engine as _;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::Serialize;
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde_json::Value;
use uuid::Uuid;

use super::files::ExportError;
use super::source::{Counter, Source, each_entry};
use crate::analysis::common::DateRange;
use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Region, SessionRole, Side};

/// The CodeSystem resource, as published in `assets/fhir/`.
pub const CODE_SYSTEM_JSON: &str = include_str!("../../assets/fhir/CodeSystem-feltsense.json");
/// The canonical URL of the Feltsense CodeSystem (`Coding.system`). Feltsense has no web domain,
/// so it is a URN: the name-based UUID of `feltsense:fhir:CodeSystem` in the URL namespace.
pub const CODE_SYSTEM_URL: &str = "urn:uuid:edb6b98e-3a00-5f5b-b030-66ba8c136d50";
/// The system of the tags in `meta.tag` (the UUID of `feltsense:fhir:tag`).
pub const TAG_SYSTEM: &str = "urn:uuid:8101c81d-4a60-5994-81ab-cfec66a14725";
/// SNOMED CT's system URI.
pub const SNOMED: &str = "http://snomed.info/sct";
/// The namespace of the resource ids (the UUID of `feltsense:fhir:resource` in the URL
/// namespace).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0xa639_01cc_4a8e_5f95_b44e_84e1_7999_3ec2);

const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const UCUM: &str = "http://unitsofmeasure.org";

/// A SNOMED CT body structure: concept id and its English display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnomedSite {
    /// The concept id.
    pub code: &'static str,
    /// The English display (the concept's description as found in the sources of
    /// `docs/fhir.md`).
    pub display: &'static str,
}

const fn site(code: &'static str, display: &'static str) -> SnomedSite {
    SnomedSite { code, display }
}

/// The SNOMED CT body structure of a region; left and right are the person's own (see
/// `docs/fhir.md` for the source each code was checked against).
pub fn snomed_site(region: Region) -> SnomedSite {
    match region {
        Region::Head => site("69536005", "Head structure"),
        Region::Jaw => site("661005", "Jaw region structure"),
        Region::Neck => site("45048000", "Neck structure"),
        Region::ShoulderLeft => site("91775009", "Structure of left shoulder region"),
        Region::ShoulderRight => site("91774008", "Structure of right shoulder region"),
        Region::UpperBack => site("304036007", "Structure of back of thorax"),
        Region::Chest => site("51185008", "Thoracic structure"),
        Region::Belly => site("818983003", "Abdomen"),
        Region::LowerBack => site("37822005", "Structure of back of abdominopelvic segment of trunk"),
        Region::Pelvis => site("12921003", "Pelvic structure"),
        Region::HipLeft => site("287679003", "Left hip region structure"),
        Region::HipRight => site("287579007", "Right hip region structure"),
        Region::ArmLeft => site("80768000", "Structure of left upper limb"),
        Region::ArmRight => site("6921000", "Structure of right upper limb"),
        Region::LegLeft => site("32153003", "Structure of left lower limb"),
        Region::LegRight => site("62175007", "Structure of right lower limb"),
    }
}

/// English display and Dutch designation of every concept in the CodeSystem.
struct Displays {
    by_code: HashMap<String, (String, String)>,
}

fn collect_concepts(list: &[Value], out: &mut HashMap<String, (String, String)>) {
    for c in list {
        let (Some(code), Some(en)) = (c.get("code").and_then(Value::as_str), c.get("display").and_then(Value::as_str))
        else {
            continue;
        };
        let nl = c
            .get("designation")
            .and_then(Value::as_array)
            .and_then(|d| d.iter().find(|x| x.get("language").and_then(Value::as_str) == Some("nl")))
            .and_then(|x| x.get("value").and_then(Value::as_str))
            .unwrap_or(en);
        out.insert(code.to_owned(), (en.to_owned(), nl.to_owned()));
        if let Some(children) = c.get("concept").and_then(Value::as_array) {
            collect_concepts(children, out);
        }
    }
}

fn displays() -> &'static Displays {
    static D: OnceLock<Displays> = OnceLock::new();
    D.get_or_init(|| {
        let mut by_code = HashMap::new();
        // The asset is compiled in and checked by the tests; an unreadable one leaves the map
        // empty and every display falls back to its code.
        if let Ok(doc) = serde_json::from_str::<Value>(CODE_SYSTEM_JSON)
            && let Some(list) = doc.get("concept").and_then(Value::as_array)
        {
            collect_concepts(list, &mut by_code);
        }
        Displays { by_code }
    })
}

/// Every code of the Feltsense CodeSystem, sorted.
pub fn code_system_codes() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = displays().by_code.keys().map(String::as_str).collect();
    v.sort_unstable();
    v
}

/// The display of a Feltsense code in `lang` (English display or Dutch designation), or `None`
/// when the CodeSystem has no such code.
pub fn code_display(code: &str, lang: Lang) -> Option<&'static str> {
    displays().by_code.get(code).map(|(en, nl)| lang.pick(en, nl))
}

fn display_or_code(code: &str, lang: Lang) -> String {
    code_display(code, lang).map_or_else(|| code.to_owned(), str::to_owned)
}

/// The Feltsense code of a built-in emotion (`emotion.anxiety`), or of the generic `emotion`
/// concept for a custom emotion.
pub fn emotion_code(code: &str) -> String {
    if BUILTIN_EMOTIONS.iter().any(|e| e.code == code) { format!("emotion.{code}") } else { "emotion".to_owned() }
}

/// The PDF report to attach as a DocumentReference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportAttachment {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// First day of the report's period.
    pub from: NaiveDate,
    /// Last day of the report's period.
    pub to: NaiveDate,
}

/// What goes into the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FhirOptions {
    /// Language of the displays and texts.
    pub lang: Lang,
    /// Whether notes go into `Observation.note`.
    pub include_notes: bool,
    /// The person's name for the Patient; `None` (or blank) gives an anonymous Patient.
    pub name: Option<String>,
    /// The bundle's `timestamp` (and the report's creation time).
    pub generated_at: DateTime<FixedOffset>,
    /// The PDF report, when it should be attached.
    pub report: Option<ReportAttachment>,
    /// Activity ratings and topics to send (dismissed topics are never sent).
    pub prep: crate::model::prep::Prep,
}

/// How many resources of each kind a bundle holds (the Export view's preview).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResourceCounts {
    /// Patients (always 1).
    pub patients: usize,
    /// Grouping Observations: one per check-in or other entry.
    pub groups: usize,
    /// Tension Observations: one per rated region.
    pub tensions: usize,
    /// Emotion Observations.
    pub emotions: usize,
    /// Signal Observations.
    pub signals: usize,
    /// Practice Observations.
    pub practices: usize,
    /// DocumentReferences (the report).
    pub documents: usize,
    /// Activity-score Observations (PSK or PSFS).
    pub activities: usize,
    /// Communications: the topics to discuss.
    pub topics: usize,
}

impl ResourceCounts {
    /// All resources.
    pub fn total(&self) -> usize {
        self.patients + self.observations() + self.documents + self.topics
    }

    /// All Observations.
    pub fn observations(&self) -> usize {
        self.groups + self.tensions + self.emotions + self.signals + self.practices + self.activities
    }

    /// Adds the resources of one entry that is sent.
    fn add(&mut self, e: &Entry) {
        self.groups += 1;
        self.tensions += e.tensions.len();
        self.emotions += e.emotions.len();
        self.signals += e.signals.len();
        self.practices += usize::from(e.practice.is_some());
    }

    /// Adds what `prep` sends: an Observation per activity rating, a Communication per topic
    /// that is not dismissed.
    pub fn with_prep(mut self, prep: &crate::model::prep::Prep) -> ResourceCounts {
        self.activities += prep.ratings.len();
        self.topics += sent_topics(prep).count();
        self
    }

    /// One line per kind, for the preview.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut v = vec![
            format!("Patient: {}", self.patients),
            format!(
                "Observation: {} ({} {}, {} {}, {} {}, {} {}, {} {})",
                self.observations(),
                self.groups,
                lang.pick("check-ins and entries", "metingen"),
                self.tensions,
                lang.pick("tension per region", "spanning per gebied"),
                self.emotions,
                lang.pick("emotions", "emoties"),
                self.signals,
                lang.pick("signals", "signalen"),
                self.practices,
                lang.pick("practices", "oefeningen"),
            ),
        ];
        if self.activities > 0 {
            v.push(format!(
                "{}: {}",
                lang.pick("Observation, activity scores (PSK/PSFS)", "Observation, activiteitscores (PSK/PSFS)"),
                self.activities
            ));
        }
        if self.topics > 0 {
            v.push(format!(
                "Communication ({}): {}",
                lang.pick("topics to discuss", "onderwerpen om te bespreken"),
                self.topics
            ));
        }
        if self.documents > 0 {
            v.push(format!("DocumentReference: {}", self.documents));
        }
        v
    }
}

/// The topics a bundle sends: every one the person did not dismiss, in their order.
fn sent_topics(prep: &crate::model::prep::Prep) -> impl Iterator<Item = &crate::model::prep::Topic> {
    prep.topics.iter().filter(|t| t.state != crate::model::prep::TopicState::Dismissed)
}

/// True when the entry becomes resources at all: an entry holding only a note sends that note,
/// so without notes it has nothing to send.
fn is_sent(e: &Entry, include_notes: bool) -> bool {
    !(e.tensions.is_empty()
        && e.emotions.is_empty()
        && e.signals.is_empty()
        && e.practice.is_none()
        && (!include_notes || e.note.trim().is_empty()))
}

/// Counts the resources [`bundle`] makes, without making them.
pub fn count_resources(entries: &[Entry], include_notes: bool, with_report: bool) -> ResourceCounts {
    let mut c = ResourceCounts { patients: 1, documents: usize::from(with_report), ..ResourceCounts::default() };
    for e in entries.iter().filter(|e| is_sent(e, include_notes)) {
        c.add(e);
    }
    c
}

/// [`uuid_v5_parts`] of a single name.
#[cfg(test)]
fn uuid_v5(namespace: &Uuid, name: &[u8]) -> Uuid {
    uuid_v5_parts(namespace, [name])
}

/// The name-based UUID (version 5, RFC 9562 section 5.5) in `namespace` of the name made of
/// `parts` one after the other (no separator added), without building that name: the first 16
/// bytes of SHA-1(namespace ‖ name) with the version and variant bits set. This is exactly what
/// `uuid`'s `new_v5` does (same hash crate, same builder); enabling that feature instead would
/// recompile every crate that shares `uuid` with us (the whole egui stack, through AccessKit).
fn uuid_v5_parts<'p>(namespace: &Uuid, parts: impl IntoIterator<Item = &'p [u8]>) -> Uuid {
    let mut h = sha1_smol::Sha1::new();
    h.update(namespace.as_bytes());
    for part in parts {
        h.update(part);
    }
    let digest = h.digest().bytes();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// The id of the resource named `name` (see [`uuid_v5_parts`]).
#[cfg(test)]
fn uuid_of(name: &str) -> String {
    uuid_v5(&ID_NAMESPACE, name.as_bytes()).to_string()
}

/// The id of the resource named by `parts` joined (`["entry:", uid, ":tension:", "neck"]`).
fn id_of(parts: &[&str]) -> String {
    uuid_v5_parts(&ID_NAMESPACE, parts.iter().map(|p| p.as_bytes())).to_string()
}

// ---------------------------------------------------------------------------------------------
// The resources, as serde structs that borrow what they share (the patient's reference, the
// entry's time, the CodeSystem's displays), written one entry at a time: the bundle of a long
// journal is never held in memory as a whole.

/// `urn:uuid:<id>`, written without building the string.
#[derive(Clone, Copy)]
struct Urn<'o>(&'o str);

impl Serialize for Urn<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("urn:uuid:{}", self.0))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Coding<'o> {
    system: &'static str,
    code: Cow<'o, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<Cow<'o, str>>,
}

#[derive(Serialize)]
struct CodeableConcept<'o> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    coding: Vec<Coding<'o>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Cow<'o, str>>,
}

#[derive(Serialize)]
struct Reference<'o> {
    reference: Urn<'o>,
}

#[derive(Serialize)]
struct Annotation<'o> {
    text: &'o str,
}

#[derive(Serialize)]
struct Meta<'o> {
    tag: Vec<Coding<'o>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Quantity {
    value: u16,
    unit: &'static str,
    system: &'static str,
    code: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Component<'o> {
    code: CodeableConcept<'o>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_codeable_concept: Option<CodeableConcept<'o>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_boolean: Option<bool>,
}

/// The category every Observation carries (`survey`), serialised from constants.
struct Survey;

impl Serialize for Survey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let concept = CodeableConcept {
            coding: vec![Coding {
                system: OBSERVATION_CATEGORY,
                code: Cow::Borrowed("survey"),
                display: Some(Cow::Borrowed("Survey")),
            }],
            text: None,
        };
        [concept].serialize(s)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Observation<'o> {
    resource_type: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta<'o>>,
    status: &'static str,
    category: Survey,
    code: CodeableConcept<'o>,
    subject: Reference<'o>,
    effective_date_time: &'o str,
    performer: [Reference<'o>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    value_integer: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_boolean: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_quantity: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_string: Option<&'o str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation<'o>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_site: Option<CodeableConcept<'o>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_member: Vec<Reference<'o>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    component: Vec<Component<'o>>,
}

#[derive(Serialize)]
struct HumanName<'o> {
    text: &'o str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Patient<'o> {
    resource_type: &'static str,
    id: &'o str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    name: Vec<HumanName<'o>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Attachment {
    content_type: &'static str,
    language: &'static str,
    data: String,
    title: String,
    creation: String,
}

#[derive(Serialize)]
struct Content {
    attachment: Attachment,
}

#[derive(Serialize)]
struct Period {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct DocContext {
    period: Period,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentReference<'o> {
    resource_type: &'static str,
    id: String,
    status: &'static str,
    #[serde(rename = "type")]
    kind: CodeableConcept<'o>,
    subject: Reference<'o>,
    date: String,
    description: String,
    content: [Content; 1],
    context: DocContext,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Payload<'o> {
    content_string: &'o str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Communication<'o> {
    resource_type: &'static str,
    id: String,
    status: &'static str,
    subject: Reference<'o>,
    topic: CodeableConcept<'o>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent: Option<String>,
    sender: Reference<'o>,
    payload: [Payload<'o>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation<'o>>,
}

/// One element of `Bundle.entry`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BundleEntry<'r, R> {
    full_url: Urn<'r>,
    resource: &'r R,
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
fn urn(id: &str) -> String {
    format!("urn:uuid:{id}")
}

fn feltsense<'o>(code: impl Into<Cow<'o, str>>, lang: Lang) -> Coding<'o> {
    let code = code.into();
    let display = code_display(&code, lang).map_or_else(|| Cow::Owned(code.to_string()), Cow::Borrowed);
    Coding { system: CODE_SYSTEM_URL, code, display: Some(display) }
}

/// A Feltsense code with its display and `text`.
fn concept<'o>(code: impl Into<Cow<'o, str>>, lang: Lang, text: impl Into<Cow<'o, str>>) -> CodeableConcept<'o> {
    CodeableConcept { coding: vec![feltsense(code, lang)], text: Some(text.into()) }
}

/// A FHIR `code` has no leading, trailing or repeated whitespace.
fn tag_code(tag: &str) -> String {
    tag.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the writer shares between entries.
struct Ctx {
    lang: Lang,
    include_notes: bool,
    /// The Patient's id.
    patient: String,
    /// Check-in ids of every guided session in the export, by session id, before first.
    sessions: BTreeMap<String, Vec<(SessionRole, String)>>,
    tension_text: &'static str,
}

impl Ctx {
    fn observation<'o>(&'o self, id: String, code: CodeableConcept<'o>, at: &'o str) -> Observation<'o> {
        Observation {
            resource_type: "Observation",
            id,
            meta: None,
            status: "final",
            category: Survey,
            code,
            subject: Reference { reference: Urn(&self.patient) },
            effective_date_time: at,
            performer: [Reference { reference: Urn(&self.patient) }],
            value_integer: None,
            value_boolean: None,
            value_quantity: None,
            value_string: None,
            note: Vec::new(),
            body_site: None,
            has_member: Vec::new(),
            component: Vec::new(),
        }
    }
}

/// Writes one entry's resources into the bundle's `entry` array: its group first, then its
/// members.
fn entry_resources<S: SerializeSeq>(e: &Entry, cx: &Ctx, seq: &mut S) -> Result<(), S::Error> {
    let lang = cx.lang;
    let uid = e.uid.as_str();
    let at = e.at.to_rfc3339_opts(SecondsFormat::Secs, false);
    let group_id = id_of(&["entry:", uid]);
    let mut parts = Vec::with_capacity(e.tensions.len() + e.emotions.len() + e.signals.len() + 1);

    for t in &e.tensions {
        let id = id_of(&["entry:", uid, ":tension:", t.region.code()]);
        let mut o = cx.observation(id, concept("tension", lang, cx.tension_text), &at);
        let s = snomed_site(t.region);
        o.body_site = Some(CodeableConcept {
            coding: vec![Coding {
                system: SNOMED,
                code: Cow::Borrowed(s.code),
                display: Some(Cow::Borrowed(s.display)),
            }],
            text: Some(Cow::Borrowed(t.region.name(lang))),
        });
        o.value_integer = Some(t.level.get());
        parts.push(o);
    }
    for x in &e.emotions {
        let id = id_of(&["entry:", uid, ":emotion:", &x.code]);
        let name = crate::model::emotion_name(&x.code, lang);
        let text = format!("{name} ({})", lang.pick("intensity 0–10", "intensiteit 0–10"));
        let mut o = cx.observation(id, concept(emotion_code(&x.code), lang, text), &at);
        o.value_integer = Some(x.intensity.get());
        parts.push(o);
    }
    for s in &e.signals {
        let id = id_of(&["entry:", uid, ":signal:", s.code()]);
        let code = format!("signal.{}", s.code());
        let mut o = cx.observation(id, concept(code, lang, s.name(lang)), &at);
        o.value_boolean = Some(true);
        parts.push(o);
    }
    if let Some(p) = e.practice {
        let id = id_of(&["entry:", uid, ":practice"]);
        let code = format!("practice.{}", p.kind.code());
        let text = format!("{} ({})", p.kind.name(lang), lang.pick("minutes", "minuten"));
        let mut o = cx.observation(id, concept(code, lang, text), &at);
        o.value_quantity = Some(Quantity { value: p.minutes, unit: "min", system: UCUM, code: "min" });
        if let Some(link) = &e.session
            && let Some(checkins) = cx.sessions.get(link.id.as_str())
        {
            o.has_member = checkins.iter().map(|(_, id)| Reference { reference: Urn(id) }).collect();
        }
        parts.push(o);
    }

    let code = if e.is_check_in() { "check-in" } else { "entry" };
    let mut group = cx.observation(group_id, concept(code, lang, display_or_code(code, lang)), &at);
    group.has_member = parts.iter().map(|o| Reference { reference: Urn(&o.id) }).collect();
    let note = e.note.trim();
    if cx.include_notes && !note.is_empty() {
        if group.has_member.is_empty() {
            // An entry that holds only a note: the note is its value.
            group.value_string = Some(&e.note);
        } else {
            group.note.push(Annotation { text: &e.note });
        }
    }
    if !e.tags.is_empty() {
        group.meta = Some(Meta {
            tag: e
                .tags
                .iter()
                .map(|t| Coding {
                    system: TAG_SYSTEM,
                    code: Cow::Owned(tag_code(t)),
                    display: Some(Cow::Borrowed(t.as_str())),
                })
                .collect(),
        });
    }
    if let Some(link) = &e.session
        && e.is_check_in()
    {
        let role = format!("session-role.{}", link.role.code());
        let role_text = display_or_code(&role, lang);
        group.component.push(Component {
            code: concept("session-role", lang, display_or_code("session-role", lang)),
            value_codeable_concept: Some(concept(role, lang, role_text)),
            value_boolean: None,
        });
        group.component.push(Component {
            code: concept("session-completed", lang, display_or_code("session-completed", lang)),
            value_codeable_concept: None,
            value_boolean: Some(link.completed),
        });
    }
    seq.serialize_element(&BundleEntry { full_url: Urn(&group.id), resource: &group })?;
    for o in &parts {
        seq.serialize_element(&BundleEntry { full_url: Urn(&o.id), resource: o })?;
    }
    Ok(())
}

/// Writes the activity-score Observations and the topics' Communications.
fn prep_resources<S: SerializeSeq>(prep: &crate::model::prep::Prep, cx: &Ctx, seq: &mut S) -> Result<(), S::Error> {
    let lang = cx.lang;
    let order = |uid: &str| prep.activities.iter().position(|a| a.uid == uid).unwrap_or(usize::MAX);
    let mut ratings: Vec<&crate::model::prep::ActivityRating> = prep.ratings.iter().collect();
    ratings.sort_by(|a, b| a.week.cmp(&b.week).then_with(|| order(&a.activity).cmp(&order(&b.activity))));
    for r in ratings {
        let Some(a) = prep.activity(&r.activity) else { continue };
        let at = r.at.to_rfc3339_opts(SecondsFormat::Secs, false);
        let (lo, hi) = r.instrument.anchors(lang);
        let text = format!("{} ({}: 0 = {lo}, 10 = {hi})", a.name, r.instrument.short_name());
        let code = format!("activity.{}", r.instrument.code());
        let id = id_of(&["activity:", &a.uid, ":", &r.week.to_string()]);
        let mut o = cx.observation(id, concept(code, lang, text), &at);
        o.value_integer = Some(r.score.get());
        seq.serialize_element(&BundleEntry { full_url: Urn(&o.id), resource: &o })?;
    }
    let suggested = lang.pick(
        "Suggested by Feltsense from the journal and accepted by the person.",
        "Door Feltsense voorgesteld uit het dagboek en door de persoon aangenomen.",
    );
    for t in sent_topics(prep) {
        let done = t.state == crate::model::prep::TopicState::TickedOff;
        let c = Communication {
            resource_type: "Communication",
            id: id_of(&["topic:", &t.uid]),
            status: if done { "completed" } else { "preparation" },
            subject: Reference { reference: Urn(&cx.patient) },
            topic: concept("topic", lang, display_or_code("topic", lang)),
            sent: if done { t.closed.map(|c| c.to_rfc3339_opts(SecondsFormat::Secs, false)) } else { None },
            sender: Reference { reference: Urn(&cx.patient) },
            payload: [Payload { content_string: t.text(lang) }],
            note: if t.suggested() { vec![Annotation { text: suggested }] } else { Vec::new() },
        };
        seq.serialize_element(&BundleEntry { full_url: Urn(&c.id), resource: &c })?;
    }
    Ok(())
}

/// The bundle, ready to be written: where its entries come from and what they share.
struct Plan<'a, 'p, S: ?Sized> {
    source: &'a S,
    days: DateRange,
    cx: Ctx,
    name: Option<&'a str>,
    timestamp: String,
    opts: &'a FhirOptions,
    total: usize,
    /// The progress of the writing.
    counter: RefCell<Option<&'a mut Counter<'p>>>,
    /// Why the writing stopped, when the journal could not be read or the person cancelled.
    stopped: RefCell<Option<ExportError>>,
}

/// The DocumentReference that holds the PDF report.
fn report_resource<'o>(r: &ReportAttachment, lang: Lang, patient: &'o str, generated: &str) -> DocumentReference<'o> {
    let id = id_of(&["report:", &r.from.to_string(), ":", &r.to.to_string(), ":", lang.code()]);
    let title = lang.pick("Feltsense report", "Feltsense-verslag");
    DocumentReference {
        resource_type: "DocumentReference",
        id,
        status: "current",
        kind: CodeableConcept { coding: Vec::new(), text: Some(Cow::Borrowed(title)) },
        subject: Reference { reference: Urn(patient) },
        date: generated.to_owned(),
        description: format!("{title} {} – {}", r.from, r.to),
        content: [Content {
            attachment: Attachment {
                content_type: "application/pdf",
                language: lang.code(),
                data: base64::engine::general_purpose::STANDARD.encode(&r.pdf),
                title: format!("feltsense-{}-{}-{}.pdf", lang.pick("report", "verslag"), r.from, r.to),
                creation: generated.to_owned(),
            },
        }],
        context: DocContext { period: Period { start: r.from.to_string(), end: r.to.to_string() } },
    }
}

/// Reads the entries of `days` once to count the resources and to link each guided session's
/// check-ins (only these ids are kept), so the bundle can then be written in a second pass.
fn plan<'a, 'p, S: Source + ?Sized>(
    source: &'a S,
    days: DateRange,
    opts: &'a FhirOptions,
    counter: Option<&'a mut Counter<'p>>,
) -> Result<(Plan<'a, 'p, S>, ResourceCounts), ExportError> {
    let lang = opts.lang;
    let name = opts.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let patient_id = id_of(&["patient:", name.unwrap_or("")]);
    let mut counts =
        ResourceCounts { patients: 1, documents: usize::from(opts.report.is_some()), ..ResourceCounts::default() };
    let mut sessions: BTreeMap<String, Vec<(SessionRole, String)>> = BTreeMap::new();
    each_entry(source, days, |e| {
        if is_sent(e, opts.include_notes) {
            counts.add(e);
            if let Some(link) = &e.session
                && e.is_check_in()
            {
                sessions.entry(link.id.clone()).or_default().push((link.role, id_of(&["entry:", &e.uid])));
            }
        }
        Ok(())
    })?;
    for v in sessions.values_mut() {
        v.sort_by_key(|(role, _)| *role != SessionRole::Before);
    }
    let counts = counts.with_prep(&opts.prep);
    let plan = Plan {
        source,
        days,
        cx: Ctx {
            lang,
            include_notes: opts.include_notes,
            patient: patient_id,
            sessions,
            tension_text: code_display("tension", lang).unwrap_or("tension"),
        },
        name,
        timestamp: opts.generated_at.to_rfc3339_opts(SecondsFormat::Secs, false),
        opts,
        total: counts.total(),
        counter: RefCell::new(counter),
        stopped: RefCell::new(None),
    };
    Ok((plan, counts))
}

/// `Bundle.entry`, produced while it is written.
struct EntryList<'r, 'a, 'p, S: ?Sized>(&'r Plan<'a, 'p, S>);

impl<S: Source + ?Sized> Serialize for EntryList<'_, '_, '_, S> {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        let plan = self.0;
        let mut seq = s.serialize_seq(Some(plan.total))?;
        let patient = Patient {
            resource_type: "Patient",
            id: &plan.cx.patient,
            name: plan.name.map(|text| HumanName { text }).into_iter().collect(),
        };
        seq.serialize_element(&BundleEntry { full_url: Urn(&plan.cx.patient), resource: &patient })?;
        let mut failed = None;
        let mut counter = plan.counter.borrow_mut();
        let read = each_entry(plan.source, plan.days, |e| {
            if is_sent(e, plan.cx.include_notes) {
                entry_resources(e, &plan.cx, &mut seq).map_err(|x| {
                    failed = Some(x);
                    ExportError::Cancelled
                })?;
            }
            match counter.as_deref_mut() {
                Some(c) => c.one(),
                None => Ok(()),
            }
        })
        .and_then(|()| counter.as_deref_mut().map_or(Ok(()), Counter::end));
        if let Some(x) = failed {
            return Err(x);
        }
        if let Err(e) = read {
            *plan.stopped.borrow_mut() = Some(e);
            return Err(serde::ser::Error::custom("stopped"));
        }
        prep_resources(&plan.opts.prep, &plan.cx, &mut seq)?;
        if let Some(r) = &plan.opts.report {
            let doc = report_resource(r, plan.cx.lang, &plan.cx.patient, &plan.timestamp);
            seq.serialize_element(&BundleEntry { full_url: Urn(&doc.id), resource: &doc })?;
        }
        seq.end()
    }
}

impl<S: Source + ?Sized> Serialize for Plan<'_, '_, S> {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        let mut m = s.serialize_struct("Bundle", 4)?;
        m.serialize_field("resourceType", "Bundle")?;
        m.serialize_field("type", "collection")?;
        m.serialize_field("timestamp", &self.timestamp)?;
        m.serialize_field("entry", &EntryList(self))?;
        m.end()
    }
}

/// Writes the bundle as compact JSON (entries oldest first, each followed by its Observations),
/// one entry at a time. Compact, not pretty-printed: a ten-year journal is over a hundred
/// thousand resources, and the indentation alone would add a large share of the file for no
/// reader.
pub fn write(entries: &[Entry], opts: &FhirOptions, w: impl Write) -> io::Result<()> {
    write_from(entries, DateRange::ALL, opts, None, w).map(drop).map_err(|e| match e {
        ExportError::Io { source, .. } => source,
        other => io::Error::other(other.to_string()),
    })
}

/// Writes the bundle of the entries of `days` in `source` (see [`write`]), reading them twice
/// page by page (once to count and link, once to write) and never holding them; tells `counter`
/// of each entry read for writing. Returns how many resources of each kind the bundle holds.
pub fn write_from<'a, 'p, S: Source + ?Sized>(
    source: &'a S,
    days: DateRange,
    opts: &'a FhirOptions,
    counter: Option<&'a mut Counter<'p>>,
    mut w: impl Write,
) -> Result<ResourceCounts, ExportError> {
    let io = |source: io::Error| ExportError::Io { path: std::path::PathBuf::new(), source };
    let (plan, counts) = plan(source, days, opts, counter)?;
    let written = serde_json::to_writer(&mut w, &plan);
    if let Some(e) = plan.stopped.take() {
        return Err(e);
    }
    written.map_err(|e| io(e.into()))?;
    w.write_all(b"\n").map_err(io)?;
    Ok(counts)
}

/// The bundle as a JSON value (see [`write`]).
pub fn bundle(entries: &[Entry], opts: &FhirOptions) -> Value {
    // Serialising plain structs into a Value cannot fail, nor can reading a slice.
    plan(entries, DateRange::ALL, opts, None)
        .ok()
        .and_then(|(plan, _)| serde_json::to_value(plan).ok())
        .unwrap_or(Value::Null)
}

/// Which side a region's SNOMED code names, read from its display; used by the tests that guard
/// against swapped codes.
pub fn site_side(site: SnomedSite) -> Side {
    let d = site.display.to_ascii_lowercase();
    if d.contains("left") {
        Side::Left
    } else if d.contains("right") {
        Side::Right
    } else {
        Side::Center
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EmotionRating, Level, Practice, PracticeKind, SessionLink, Signal, TensionRating};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn opts() -> FhirOptions {
        FhirOptions {
            lang: Lang::En,
            include_notes: true,
            name: None,
            generated_at: at("2026-11-29T10:00:00+01:00"),
            report: None,
            prep: crate::model::prep::Prep::default(),
        }
    }

    fn lvl(v: u8) -> Level {
        Level::new(v).expect("level")
    }

    fn sample() -> Vec<Entry> {
        let mut e = Entry::new(at("2026-11-20T08:30:00+01:00"));
        e.uid = "a1".into();
        e.tensions = vec![
            TensionRating { region: Region::Neck, level: lvl(6) },
            TensionRating { region: Region::ShoulderLeft, level: lvl(0) },
        ];
        e.emotions = vec![
            EmotionRating { code: "anxiety".into(), intensity: lvl(7) },
            EmotionRating { code: "ontzag".into(), intensity: lvl(2) },
        ];
        e.signals = vec![Signal::JawClenching];
        e.note = "Vergadering over de reorganisatie — spanning in de nek".into();
        e.tags = vec!["work  late".into()];
        let mut n = Entry::new(at("2026-11-19T22:00:00Z"));
        n.uid = "a2".into();
        n.note = "only a note".into();
        vec![e, n]
    }

    #[test]
    fn every_model_code_is_in_the_code_system_with_the_model_names() {
        for e in BUILTIN_EMOTIONS {
            let code = format!("emotion.{}", e.code);
            assert_eq!(code_display(&code, Lang::En), Some(e.en), "{code}");
            assert_eq!(code_display(&code, Lang::Nl), Some(e.nl), "{code}");
        }
        for s in Signal::ALL {
            let code = format!("signal.{}", s.code());
            assert_eq!(code_display(&code, Lang::En), Some(s.name(Lang::En)), "{code}");
            assert_eq!(code_display(&code, Lang::Nl), Some(s.name(Lang::Nl)), "{code}");
        }
        for p in PracticeKind::ALL {
            let code = format!("practice.{}", p.code());
            assert_eq!(code_display(&code, Lang::En), Some(p.name(Lang::En)), "{code}");
            assert_eq!(code_display(&code, Lang::Nl), Some(p.name(Lang::Nl)), "{code}");
        }
        for code in [
            "check-in",
            "entry",
            "tension",
            "emotion",
            "signal",
            "practice",
            "session-role",
            "session-role.before",
            "session-role.after",
            "session-completed",
            "activity",
            "activity.psk",
            "activity.psfs",
            "topic",
        ] {
            let en = code_display(code, Lang::En).unwrap_or_else(|| panic!("{code} missing"));
            let nl = code_display(code, Lang::Nl).unwrap_or_else(|| panic!("{code} missing"));
            assert_ne!(en, nl, "{code} has a Dutch designation of its own");
        }
        for i in crate::model::prep::Instrument::ALL {
            let en = code_display(&format!("activity.{}", i.code()), Lang::En).expect("each instrument has a code");
            assert!(en.starts_with(i.short_name()), "{en}");
        }
        let doc: Value = serde_json::from_str(CODE_SYSTEM_JSON).expect("asset is JSON");
        assert_eq!(doc["url"], CODE_SYSTEM_URL);
        assert_eq!(doc["count"].as_u64(), Some(code_system_codes().len() as u64));
    }

    #[test]
    fn ids_are_uuid_v5_of_the_entry_uid_and_stable() {
        let a = bundle(&sample(), &opts());
        let b = bundle(&sample(), &opts());
        assert_eq!(a, b);
        let group = &a["entry"][1];
        let expected = uuid_v5(&ID_NAMESPACE, b"entry:a2");
        assert_eq!(group["resource"]["id"], expected.to_string());
        assert_eq!(group["fullUrl"], format!("urn:uuid:{expected}"));
        assert_eq!(expected.get_version_num(), 5);
        // Reference values from an independent implementation (Python's `uuid.uuid5`).
        assert_eq!(expected.to_string(), "5d05419f-f8ea-550f-b561-6448cb4ee147");
        assert_eq!(uuid_v5(&Uuid::NAMESPACE_DNS, b"python.org").to_string(), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
        // The namespace and the systems are the name-based UUIDs the docs describe.
        assert_eq!(ID_NAMESPACE, uuid_v5(&Uuid::NAMESPACE_URL, b"feltsense:fhir:resource"));
        assert_eq!(CODE_SYSTEM_URL, urn(&uuid_v5(&Uuid::NAMESPACE_URL, b"feltsense:fhir:CodeSystem").to_string()));
        assert_eq!(TAG_SYSTEM, urn(&uuid_v5(&Uuid::NAMESPACE_URL, b"feltsense:fhir:tag").to_string()));
    }

    #[test]
    fn the_written_file_is_the_bundle_with_every_entry_counted() {
        let mut o = opts();
        o.report = Some(ReportAttachment {
            pdf: b"%PDF-1.7 test".to_vec(),
            from: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            to: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        });
        let mut out = Vec::new();
        write(&sample(), &o, &mut out).expect("write");
        let written: Value = serde_json::from_slice(&out).expect("the file is JSON");
        assert_eq!(written, bundle(&sample(), &o));
        let list = written["entry"].as_array().expect("entries");
        assert_eq!(list.len(), count_resources(&sample(), true, true).total());
        let doc = &list[list.len() - 1];
        assert_eq!(doc["resource"]["resourceType"], "DocumentReference");
        assert_eq!(doc["resource"]["subject"]["reference"], list[0]["fullUrl"]);
        assert_eq!(doc["fullUrl"], format!("urn:uuid:{}", doc["resource"]["id"].as_str().expect("id")));
        assert_eq!(doc["resource"]["id"], uuid_of("report:2026-11-01:2026-11-20:en"));
    }

    #[test]
    fn a_check_in_is_one_group_with_its_members() {
        let b = bundle(&sample(), &opts());
        let list = b["entry"].as_array().expect("entries");
        // Patient, the note-only entry (older), the check-in group and its 2 + 2 + 1 members.
        assert_eq!(list.len(), 1 + 1 + 1 + 5);
        let only_note = &list[1]["resource"];
        assert_eq!(only_note["code"]["coding"][0]["code"], "entry");
        assert_eq!(only_note["valueString"], "only a note");
        assert_eq!(only_note["effectiveDateTime"], "2026-11-19T22:00:00+00:00");
        let group = &list[2]["resource"];
        assert_eq!(group["code"]["coding"][0]["code"], "check-in");
        assert_eq!(group["effectiveDateTime"], "2026-11-20T08:30:00+01:00");
        assert_eq!(group["hasMember"].as_array().map(Vec::len), Some(5));
        assert_eq!(group["note"][0]["text"], "Vergadering over de reorganisatie — spanning in de nek");
        assert_eq!(group["meta"]["tag"][0]["code"], "work late");
        assert_eq!(group["meta"]["tag"][0]["display"], "work  late");
        let neck = &list[3]["resource"];
        assert_eq!(neck["bodySite"]["coding"][0]["code"], "45048000");
        assert_eq!(neck["bodySite"]["text"], "Neck");
        assert_eq!(neck["valueInteger"], 6);
        assert_eq!(neck["code"]["coding"][0]["system"], CODE_SYSTEM_URL);
        assert_eq!(neck["code"]["coding"][0]["display"], "Body tension, 0–10 numeric rating");
        assert_eq!(list[4]["resource"]["valueInteger"], 0, "a region rated 0 is sent");
        let custom = &list[6]["resource"];
        assert_eq!(custom["code"]["coding"][0]["code"], "emotion");
        assert_eq!(custom["code"]["text"], "ontzag (intensity 0–10)");
        assert_eq!(list[7]["resource"]["valueBoolean"], true);
    }

    #[test]
    fn without_notes_no_note_text_and_note_only_entries_vanish() {
        let o = FhirOptions { include_notes: false, lang: Lang::Nl, ..opts() };
        let text = serde_json::to_string(&bundle(&sample(), &o)).expect("json");
        assert!(!text.contains("Vergadering") && !text.contains("only a note"), "{text}");
        assert!(!text.contains("\"note\""));
        assert_eq!(count_resources(&sample(), false, false).groups, 1);
        assert!(text.contains("Spanning in het lichaam"), "Dutch displays");
    }

    #[test]
    fn practice_sessions_link_before_and_after() {
        let mut before = Entry::new(at("2026-11-20T08:30:00+01:00"));
        before.uid = "b".into();
        before.tensions = vec![TensionRating { region: Region::Neck, level: lvl(6) }];
        before.practice = Some(Practice { kind: PracticeKind::Breathing46, minutes: 2 });
        before.session = Some(SessionLink { id: "s1".into(), role: SessionRole::Before, completed: true });
        let mut after = before.clone();
        after.uid = "a".into();
        after.at = at("2026-11-20T08:33:00+01:00");
        after.tensions = vec![TensionRating { region: Region::Neck, level: lvl(4) }];
        after.practice = None;
        after.session = Some(SessionLink { id: "s1".into(), role: SessionRole::After, completed: false });
        let b = bundle(&[after, before], &opts());
        let list = b["entry"].as_array().expect("entries");
        let practice = list
            .iter()
            .map(|x| &x["resource"])
            .find(|r| r["code"]["coding"][0]["code"] == "practice.breathing_4_6")
            .expect("practice");
        assert_eq!(practice["valueQuantity"]["value"], 2);
        assert_eq!(practice["valueQuantity"]["code"], "min");
        let members: Vec<&str> =
            practice["hasMember"].as_array().expect("members").iter().filter_map(|m| m["reference"].as_str()).collect();
        assert_eq!(members, vec![urn(&uuid_of("entry:b")), urn(&uuid_of("entry:a"))]);
        let after_group =
            list.iter().map(|x| &x["resource"]).find(|r| r["id"] == uuid_of("entry:a")).expect("after group");
        assert_eq!(after_group["component"][0]["valueCodeableConcept"]["coding"][0]["code"], "session-role.after");
        assert_eq!(after_group["component"][1]["valueBoolean"], false);
    }

    #[test]
    fn counts_match_the_bundle() {
        let entries = sample();
        for notes in [true, false] {
            let o = FhirOptions { include_notes: notes, ..opts() };
            let b = bundle(&entries, &o);
            let c = count_resources(&entries, notes, false);
            assert_eq!(b["entry"].as_array().map(Vec::len), Some(c.total()));
        }
    }

    #[test]
    fn own_left_and_right_never_swap() {
        for r in Region::ALL {
            assert_eq!(site_side(snomed_site(r)), r.side(), "{r:?}");
        }
        // The codes themselves, as published (see docs/fhir.md).
        assert_eq!(snomed_site(Region::ShoulderLeft).code, "91775009");
        assert_eq!(snomed_site(Region::ShoulderRight).code, "91774008");
        assert_eq!(snomed_site(Region::HipLeft).code, "287679003");
        assert_eq!(snomed_site(Region::HipRight).code, "287579007");
        assert_eq!(snomed_site(Region::ArmLeft).code, "80768000");
        assert_eq!(snomed_site(Region::ArmRight).code, "6921000");
        assert_eq!(snomed_site(Region::LegLeft).code, "32153003");
        assert_eq!(snomed_site(Region::LegRight).code, "62175007");
        let codes: std::collections::HashSet<&str> = Region::ALL.iter().map(|&r| snomed_site(r).code).collect();
        assert_eq!(codes.len(), Region::COUNT, "every region has its own code");
    }
}
