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
//! - with a report ([`FhirOptions::report`]), a **DocumentReference** holding the PDF.
//!
//! Every `id` is a name-based UUID (version 5) derived from the entry's uid, and every `fullUrl`
//! is its `urn:uuid:`, so exporting the same entries twice gives the same resources.
//!
//! The Feltsense codes and their English and Dutch displays come from the CodeSystem resource in
//! `assets/fhir/CodeSystem-feltsense.json` (compiled in), so the bundle and the published
//! CodeSystem cannot drift apart.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::OnceLock;

use base64::Engine as _;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

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
}

impl ResourceCounts {
    /// All resources.
    pub fn total(&self) -> usize {
        self.patients + self.observations() + self.documents
    }

    /// All Observations.
    pub fn observations(&self) -> usize {
        self.groups + self.tensions + self.emotions + self.signals + self.practices
    }

    /// One line per kind, for the preview.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut v = vec![
            format!("Patient: {}", self.patients),
            format!(
                "Observation: {} ({} {}, {} {}, {} {}, {} {}, {} {})",
                self.observations(),
                self.groups,
                lang.pick("check-ins and entries", "metingen en notities"),
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
        if self.documents > 0 {
            v.push(format!("DocumentReference: {}", self.documents));
        }
        v
    }
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
        c.groups += 1;
        c.tensions += e.tensions.len();
        c.emotions += e.emotions.len();
        c.signals += e.signals.len();
        c.practices += usize::from(e.practice.is_some());
    }
    c
}

/// The name-based UUID (version 5, RFC 9562 section 5.5) of `name` in `namespace`: the first 16
/// bytes of SHA-1(namespace ‖ name) with the version and variant bits set. This is exactly what
/// `uuid`'s `new_v5` does (same hash crate, same builder); enabling that feature instead would
/// recompile every crate that shares `uuid` with us (the whole egui stack, through AccessKit).
fn uuid_v5(namespace: &Uuid, name: &[u8]) -> Uuid {
    let mut h = sha1_smol::Sha1::new();
    h.update(namespace.as_bytes());
    h.update(name);
    let digest = h.digest().bytes();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// The id of the resource named `name` (see [`uuid_v5`]).
fn uuid_of(name: &str) -> String {
    uuid_v5(&ID_NAMESPACE, name.as_bytes()).to_string()
}

// ---------------------------------------------------------------------------------------------
// The resources, as serde structs (faster than building `serde_json::Value`s).

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Coding {
    system: &'static str,
    code: Cow<'static, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<Cow<'static, str>>,
}

#[derive(Serialize)]
struct CodeableConcept {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    coding: Vec<Coding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Serialize)]
struct Reference {
    reference: String,
}

#[derive(Serialize)]
struct Annotation {
    text: String,
}

#[derive(Serialize)]
struct Meta {
    tag: Vec<Coding>,
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
struct Component {
    code: CodeableConcept,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_codeable_concept: Option<CodeableConcept>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_boolean: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Observation {
    resource_type: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta>,
    status: &'static str,
    category: [CodeableConcept; 1],
    code: CodeableConcept,
    subject: Reference,
    effective_date_time: String,
    performer: [Reference; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    value_integer: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_boolean: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_quantity: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_string: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note: Vec<Annotation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_site: Option<CodeableConcept>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_member: Vec<Reference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    component: Vec<Component>,
}

#[derive(Serialize)]
struct HumanName {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Patient {
    resource_type: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    name: Vec<HumanName>,
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
struct DocumentReference {
    resource_type: &'static str,
    id: String,
    status: &'static str,
    #[serde(rename = "type")]
    kind: CodeableConcept,
    subject: Reference,
    date: String,
    description: String,
    content: [Content; 1],
    context: DocContext,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Resource {
    Patient(Patient),
    Observation(Box<Observation>),
    DocumentReference(Box<DocumentReference>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BundleEntry {
    full_url: String,
    resource: Resource,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bundle {
    resource_type: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    timestamp: String,
    entry: Vec<BundleEntry>,
}

// ---------------------------------------------------------------------------------------------

fn urn(id: &str) -> String {
    format!("urn:uuid:{id}")
}

fn feltsense(code: &str, lang: Lang) -> Coding {
    let display = code_display(code, lang).map_or_else(|| Cow::Owned(code.to_owned()), Cow::Borrowed);
    Coding { system: CODE_SYSTEM_URL, code: Cow::Owned(code.to_owned()), display: Some(display) }
}

/// A Feltsense code with its display and `text`.
fn concept(code: &str, lang: Lang, text: String) -> CodeableConcept {
    CodeableConcept { coding: vec![feltsense(code, lang)], text: Some(text) }
}

fn survey() -> [CodeableConcept; 1] {
    [CodeableConcept {
        coding: vec![Coding {
            system: OBSERVATION_CATEGORY,
            code: Cow::Borrowed("survey"),
            display: Some(Cow::Borrowed("Survey")),
        }],
        text: None,
    }]
}

/// A FHIR `code` has no leading, trailing or repeated whitespace.
fn tag_code(tag: &str) -> String {
    tag.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the builder shares between entries.
struct Ctx<'a> {
    lang: Lang,
    include_notes: bool,
    patient: String,
    /// Check-in ids of every guided session in the export, by session id, before first.
    sessions: BTreeMap<&'a str, Vec<(SessionRole, String)>>,
    tension_text: String,
}

impl Ctx<'_> {
    fn observation(&self, id: String, code: CodeableConcept, at: &str) -> Observation {
        Observation {
            resource_type: "Observation",
            id,
            meta: None,
            status: "final",
            category: survey(),
            code,
            subject: Reference { reference: self.patient.clone() },
            effective_date_time: at.to_owned(),
            performer: [Reference { reference: self.patient.clone() }],
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

fn push(out: &mut Vec<BundleEntry>, o: Observation) {
    out.push(BundleEntry { full_url: urn(&o.id), resource: Resource::Observation(Box::new(o)) });
}

fn entry_resources(e: &Entry, cx: &Ctx<'_>, out: &mut Vec<BundleEntry>) {
    let lang = cx.lang;
    let base = format!("entry:{}", e.uid);
    let at = e.at.to_rfc3339_opts(SecondsFormat::Secs, false);
    let group_id = uuid_of(&base);
    let mut members = Vec::new();
    let mut parts = Vec::new();

    for t in &e.tensions {
        let id = uuid_of(&format!("{base}:tension:{}", t.region.code()));
        let mut o = cx.observation(id, concept("tension", lang, cx.tension_text.clone()), &at);
        let s = snomed_site(t.region);
        o.body_site = Some(CodeableConcept {
            coding: vec![Coding {
                system: SNOMED,
                code: Cow::Borrowed(s.code),
                display: Some(Cow::Borrowed(s.display)),
            }],
            text: Some(t.region.name(lang).to_owned()),
        });
        o.value_integer = Some(t.level.get());
        parts.push(o);
    }
    for x in &e.emotions {
        let id = uuid_of(&format!("{base}:emotion:{}", x.code));
        let code = emotion_code(&x.code);
        let name = crate::model::emotion_name(&x.code, lang);
        let text = format!("{name} ({})", lang.pick("intensity 0–10", "intensiteit 0–10"));
        let mut o = cx.observation(id, concept(&code, lang, text), &at);
        o.value_integer = Some(x.intensity.get());
        parts.push(o);
    }
    for s in &e.signals {
        let id = uuid_of(&format!("{base}:signal:{}", s.code()));
        let code = format!("signal.{}", s.code());
        let mut o = cx.observation(id, concept(&code, lang, s.name(lang).to_owned()), &at);
        o.value_boolean = Some(true);
        parts.push(o);
    }
    if let Some(p) = e.practice {
        let id = uuid_of(&format!("{base}:practice"));
        let code = format!("practice.{}", p.kind.code());
        let text = format!("{} ({})", p.kind.name(lang), lang.pick("minutes", "minuten"));
        let mut o = cx.observation(id, concept(&code, lang, text), &at);
        o.value_quantity = Some(Quantity { value: p.minutes, unit: "min", system: UCUM, code: "min" });
        if let Some(link) = &e.session
            && let Some(checkins) = cx.sessions.get(link.id.as_str())
        {
            o.has_member = checkins.iter().map(|(_, id)| Reference { reference: urn(id) }).collect();
        }
        parts.push(o);
    }

    let (code, text) = if e.is_check_in() {
        ("check-in", display_or_code("check-in", lang))
    } else {
        ("entry", display_or_code("entry", lang))
    };
    let mut group = cx.observation(group_id, concept(code, lang, text), &at);
    members.extend(parts.iter().map(|o| Reference { reference: urn(&o.id) }));
    group.has_member = members;
    let note = e.note.trim();
    if cx.include_notes && !note.is_empty() {
        if group.has_member.is_empty() {
            // An entry that holds only a note: the note is its value.
            group.value_string = Some(e.note.clone());
        } else {
            group.note.push(Annotation { text: e.note.clone() });
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
                    display: Some(Cow::Owned(t.clone())),
                })
                .collect(),
        });
    }
    if let Some(link) = &e.session
        && e.is_check_in()
    {
        let role = format!("session-role.{}", link.role.code());
        group.component.push(Component {
            code: concept("session-role", lang, display_or_code("session-role", lang)),
            value_codeable_concept: Some(concept(&role, lang, display_or_code(&role, lang))),
            value_boolean: None,
        });
        group.component.push(Component {
            code: concept("session-completed", lang, display_or_code("session-completed", lang)),
            value_codeable_concept: None,
            value_boolean: Some(link.completed),
        });
    }
    push(out, group);
    for o in parts {
        push(out, o);
    }
}

fn build(entries: &[Entry], opts: &FhirOptions) -> Bundle {
    let lang = opts.lang;
    let name = opts.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let patient_id = uuid_of(&format!("patient:{}", name.unwrap_or("")));

    let mut sorted: Vec<&Entry> = entries.iter().filter(|e| is_sent(e, opts.include_notes)).collect();
    sorted.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.uid.cmp(&b.uid)));

    let mut sessions: BTreeMap<&str, Vec<(SessionRole, String)>> = BTreeMap::new();
    for e in &sorted {
        if let Some(link) = &e.session
            && e.is_check_in()
        {
            sessions.entry(link.id.as_str()).or_default().push((link.role, uuid_of(&format!("entry:{}", e.uid))));
        }
    }
    for v in sessions.values_mut() {
        v.sort_by_key(|(role, _)| *role != SessionRole::Before);
    }

    let cx = Ctx {
        lang,
        include_notes: opts.include_notes,
        patient: urn(&patient_id),
        sessions,
        tension_text: display_or_code("tension", lang),
    };
    let counts = count_resources(entries, opts.include_notes, opts.report.is_some());
    let mut out = Vec::with_capacity(counts.total());
    out.push(BundleEntry {
        full_url: cx.patient.clone(),
        resource: Resource::Patient(Patient {
            resource_type: "Patient",
            id: patient_id,
            name: name.map(|n| HumanName { text: n.to_owned() }).into_iter().collect(),
        }),
    });
    for e in sorted {
        entry_resources(e, &cx, &mut out);
    }
    if let Some(r) = &opts.report {
        let id = uuid_of(&format!("report:{}:{}:{}", r.from, r.to, lang.code()));
        let generated = opts.generated_at.to_rfc3339_opts(SecondsFormat::Secs, false);
        let title = lang.pick("Feltsense report", "Feltsense-verslag");
        out.push(BundleEntry {
            full_url: urn(&id),
            resource: Resource::DocumentReference(Box::new(DocumentReference {
                resource_type: "DocumentReference",
                id,
                status: "current",
                kind: CodeableConcept { coding: Vec::new(), text: Some(title.to_owned()) },
                subject: Reference { reference: cx.patient.clone() },
                date: generated.clone(),
                description: format!("{title} {} – {}", r.from, r.to),
                content: [Content {
                    attachment: Attachment {
                        content_type: "application/pdf",
                        language: lang.code(),
                        data: base64::engine::general_purpose::STANDARD.encode(&r.pdf),
                        title: format!("feltsense-report-{}-{}.pdf", r.from, r.to),
                        creation: generated,
                    },
                }],
                context: DocContext { period: Period { start: r.from.to_string(), end: r.to.to_string() } },
            })),
        });
    }
    Bundle {
        resource_type: "Bundle",
        kind: "collection",
        timestamp: opts.generated_at.to_rfc3339_opts(SecondsFormat::Secs, false),
        entry: out,
    }
}

/// Writes the bundle as compact JSON (entries oldest first, each followed by its Observations).
/// Compact, not pretty-printed: a ten-year journal is over a hundred thousand resources, and the
/// indentation alone would add a large share of the file for no reader.
pub fn write(entries: &[Entry], opts: &FhirOptions, mut w: impl Write) -> io::Result<()> {
    serde_json::to_writer(&mut w, &build(entries, opts))?;
    w.write_all(b"\n")
}

/// The bundle as a JSON value (see [`write`]).
pub fn bundle(entries: &[Entry], opts: &FhirOptions) -> Value {
    // Serialising plain structs into a Value cannot fail.
    serde_json::to_value(build(entries, opts)).unwrap_or(Value::Null)
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
        ] {
            let en = code_display(code, Lang::En).unwrap_or_else(|| panic!("{code} missing"));
            let nl = code_display(code, Lang::Nl).unwrap_or_else(|| panic!("{code} missing"));
            assert_ne!(en, nl, "{code} has a Dutch designation of its own");
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
