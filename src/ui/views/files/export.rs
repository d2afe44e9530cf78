//! The export form: format, period and options, a preview of the report's first page (or, for
//! FHIR, of how many resources of each kind the bundle holds), where to save, and the export
//! itself, which the app's effects thread writes ([`Effect::Export`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use egui::Ui;

use crate::export::csv::CsvDialect;
use crate::export::fhir::{ResourceCounts, count_resources};
use crate::export::pdf::{ReportLink, ReportSummary, Trend};
use crate::export::plan::{Format, Plan, page_one};
use crate::export::source::Tracker;
use crate::model::{Entry, Lang, Message, emotion_name, text};
use crate::ui::command::Command;
use crate::ui::effects::{DialogFor, Effect};
use crate::ui::jobs::{Data, Job};
use crate::ui::views::{ViewCx, labelled_text};

use super::{Dialog, expand_home};

/// A format's name in the form.
pub fn format_name(format: Format, lang: Lang) -> &'static str {
    match format {
        Format::Pdf => lang.pick("PDF report for the physiotherapist", "PDF-verslag voor de fysiotherapeut"),
        Format::Csv => lang.pick("CSV tables (spreadsheet)", "CSV-tabellen (spreadsheet)"),
        Format::Json => lang.pick("Feltsense JSON (complete copy)", "Feltsense JSON (volledige kopie)"),
        Format::Fhir => lang
            .pick("FHIR R4 (for a care provider's record system)", "FHIR R4 (voor het dossier van een zorgverlener)"),
    }
}

/// Which days to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// Since the last appointment, or the last 8 weeks when none is logged (the report's default,
    /// [`crate::model::prep::appointment::default_period`]).
    #[default]
    SinceAppointment,
    /// The last 4 weeks up to today.
    Weeks4,
    /// The last 8 weeks up to today.
    Weeks8,
    /// The last 12 weeks up to today.
    Weeks12,
    /// Everything (CSV and JSON only).
    All,
    /// Typed dates.
    Custom,
}

impl Period {
    /// Every period, in the order shown.
    pub const ALL: [Period; 6] =
        [Period::SinceAppointment, Period::Weeks4, Period::Weeks8, Period::Weeks12, Period::All, Period::Custom];

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Period::SinceAppointment => lang.pick("Since the last appointment", "Sinds de laatste afspraak"),
            Period::Weeks4 => lang.pick("Last 4 weeks", "Laatste 4 weken"),
            Period::Weeks8 => lang.pick("Last 8 weeks", "Laatste 8 weken"),
            Period::Weeks12 => lang.pick("Last 12 weeks", "Laatste 12 weken"),
            Period::All => lang.pick("Everything", "Alles"),
            Period::Custom => lang.pick("From – to", "Van – tot"),
        }
    }
}

/// The page-1 numbers and the clear links, computed off the UI thread.
#[derive(Clone, Debug)]
pub struct Page1 {
    /// The summary's numbers.
    pub summary: ReportSummary,
    /// The links with a clear verdict.
    pub links: Vec<ReportLink>,
}

/// The inputs of the page-1 preview.
type PreviewKey = (NaiveDate, NaiveDate, Lang);
/// The inputs of the FHIR preview: period, notes, report.
type FhirKey = (Option<(NaiveDate, NaiveDate)>, bool, bool);

/// State of the export form.
pub struct ExportView {
    /// What to export.
    pub format: Format,
    /// Which days.
    pub period: Period,
    /// Custom period start, `YYYY-MM-DD`.
    pub from_text: String,
    /// Custom period end, `YYYY-MM-DD`.
    pub to_text: String,
    /// Whether notes are exported.
    pub include_notes: bool,
    /// Whether the name is printed on the report.
    pub include_name: bool,
    /// The person's name.
    pub name: String,
    /// Language of the export; `None` follows the interface.
    pub lang: Option<Lang>,
    /// CSV separator.
    pub dialect: CsvDialect,
    /// FHIR: attach the PDF report for the same period as a DocumentReference.
    pub with_report: bool,
    /// Where to save (for CSV: folder and base name of the two files).
    pub path: String,
    /// "Today" for the periods and default file names; `None` means the local date (tests fix it).
    pub today: Option<NaiveDate>,
    /// The journal's appointment dates (from the snapshot), for "since the last appointment".
    appointments: Vec<NaiveDate>,
    /// True until the person types or chooses a path: the path then follows the format.
    path_auto: bool,
    /// The folder exports go to by default, as the effects thread found it (`None`: not yet).
    folder: Option<PathBuf>,
    /// The default folder was asked for.
    folder_asked: bool,
    /// The last frame had the journal's entries (an export can start).
    loaded: bool,
    preview: Job<(u64, PreviewKey), Page1>,
    fhir_preview: Job<(u64, FhirKey), ResourceCounts>,
    /// The number of the export the effects thread is writing, if one is under way.
    running: Option<u64>,
    /// The running export's progress and stop, and when it started (the window's seconds).
    job: Option<(Arc<Tracker>, f64)>,
    /// The number of the last export cancelled.
    cancelled: Option<u64>,
    /// The last export's number and result: the files written, or why it failed.
    result: Option<(u64, Result<Vec<PathBuf>, Message>)>,
    runs: u64,
    dialog: Dialog,
}

impl Default for ExportView {
    fn default() -> Self {
        ExportView {
            format: Format::Pdf,
            period: Period::SinceAppointment,
            from_text: String::new(),
            to_text: String::new(),
            include_notes: true,
            include_name: false,
            name: String::new(),
            lang: None,
            dialect: CsvDialect::Semicolon,
            with_report: false,
            path: String::new(),
            today: None,
            appointments: Vec::new(),
            path_auto: true,
            folder: None,
            folder_asked: false,
            loaded: false,
            preview: Job::new("report-preview"),
            fhir_preview: Job::new("fhir-preview"),
            running: None,
            job: None,
            cancelled: None,
            result: None,
            runs: 0,
            dialog: Dialog::default(),
        }
    }
}

/// The page-1 numbers, as the PDF export computes them ([`page_one`]).
fn compute_page1(entries: &[Entry], key: &PreviewKey) -> Page1 {
    let (from, to, lang) = *key;
    let (summary, links) = page_one(entries, from, to, lang);
    Page1 { summary, links }
}

/// How many resources of each kind the FHIR bundle will hold.
fn compute_fhir_counts(entries: &[Entry], key: &FhirKey) -> ResourceCounts {
    let (range, include_notes, with_report) = *key;
    let in_range = |e: &&Entry| range.is_none_or(|(from, to)| (from..=to).contains(&e.at.date_naive()));
    let list: Vec<Entry> = entries.iter().filter(in_range).cloned().collect();
    count_resources(&list, include_notes, with_report)
}

impl ExportView {
    fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The chosen period (`None` = everything), or why the typed dates are wrong.
    pub fn range(&self, lang: Lang) -> Result<Option<(NaiveDate, NaiveDate)>, String> {
        let today = self.today();
        let weeks = |n: i64| match crate::model::dates::period_start(today, n * 7) {
            Some(from) => Ok(Some((from, today))),
            None => {
                Err(lang.pick("That period lies before the calendar.", "Die periode ligt voor de kalender.").into())
            }
        };
        match self.period {
            Period::SinceAppointment => {
                match crate::model::prep::appointment::default_period(&self.appointments, today) {
                    Some(p) => Ok(Some((p.from, p.to))),
                    None => weeks(crate::model::prep::appointment::DEFAULT_WEEKS),
                }
            }
            Period::Weeks4 => weeks(4),
            Period::Weeks8 => weeks(8),
            Period::Weeks12 => weeks(12),
            Period::All => Ok(None),
            Period::Custom => {
                let day = |what: &str, text: &str| {
                    crate::model::dates::parse(text).map_err(|e| format!("{what}: {}", e.describe(lang)))
                };
                let from = day(lang.pick("From", "Van"), &self.from_text)?;
                let to = day(lang.pick("To", "Tot"), &self.to_text)?;
                if from > to {
                    return Err(lang
                        .pick("The start date is after the end date.", "De begindatum ligt na de einddatum.")
                        .into());
                }
                Ok(Some((from, to)))
            }
        }
    }

    /// Sets where to save, as if typed (the path no longer follows the format).
    pub fn set_path(&mut self, path: &std::path::Path) {
        self.path = path.display().to_string();
        self.path_auto = false;
    }

    /// True when the entries are loaded, so an export can start.
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// True while the export runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The result of the last export: the files written, or why it failed (worded when shown).
    pub fn last_result(&self) -> Option<&Result<Vec<PathBuf>, Message>> {
        self.result.as_ref().filter(|(k, _)| *k == self.runs).map(|(_, v)| v)
    }

    /// The effects thread's answer to export number `seq`.
    pub fn exported(&mut self, seq: u64, result: Result<Vec<PathBuf>, Message>) {
        if self.running == Some(seq) {
            self.running = None;
            self.job = None;
        }
        self.result = Some((seq, result));
    }

    /// Export number `seq` was cancelled and left no file.
    pub fn cancelled(&mut self, seq: u64) {
        if self.running == Some(seq) {
            self.running = None;
            self.job = None;
        }
        self.result = None;
        self.cancelled = Some(seq);
    }

    /// True when the last export was cancelled.
    pub fn was_cancelled(&self) -> bool {
        self.cancelled == Some(self.runs)
    }

    /// The export under way ended without an answer (the effects thread is gone): say so.
    pub fn export_stopped(&mut self, why: Message) {
        if let Some(seq) = self.running.take() {
            self.job = None;
            self.result = Some((seq, Err(why)));
        }
    }

    /// The journal's entries from the snapshot, or why they could not be read (in `lang`);
    /// `None` while the worker reads them.
    fn data(&mut self, cx: &ViewCx<'_>, lang: Lang) -> Option<Result<Data, String>> {
        let data = match (cx.entries(), &cx.snapshot.entries_failed) {
            (Some(entries), _) => Some(Ok(Data { generation: cx.generation(), entries: Arc::clone(entries) })),
            (None, Some(e)) => Some(Err(e.text(lang))),
            (None, None) => None,
        };
        self.loaded = matches!(data, Some(Ok(_)));
        data
    }

    /// The effects thread's answer to the "Choose…" dialog `seq` (an older one's is dropped).
    pub fn file_chosen(&mut self, seq: u64, path: Option<PathBuf>) {
        self.dialog.answer(seq, path);
    }

    /// The effects thread stopped: the dialog will not answer.
    pub fn dialog_closed(&mut self) {
        self.dialog.closed();
    }

    /// The effects thread's answer to [`Effect::FindExportFolder`]: where exports go by default.
    pub fn set_export_folder(&mut self, dir: PathBuf) {
        self.folder = Some(dir);
    }

    /// Draws the form; returns what the app should do (a file dialog, an export, open a folder).
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewCx<'_>) -> Vec<Command> {
        let ui_lang = cx.lang;
        let mut cmds = Vec::new();
        let today = self.today();
        self.appointments = cx.snapshot.prep.appointment_dates();
        if let Some(p) = self.dialog.chosen() {
            self.path = p.display().to_string();
            self.path_auto = false;
        }
        if self.path_auto {
            let out_lang = self.lang.unwrap_or(ui_lang);
            match &self.folder {
                Some(dir) => self.path = dir.join(self.format.default_file_name(today, out_lang)).display().to_string(),
                None => {
                    // Finding `~/Documents` reads the desktop's folder settings: the effects
                    // thread does it, once. Until it answers the path stays empty (nothing can
                    // be written to a half-known place).
                    self.path.clear();
                    if !self.folder_asked {
                        self.folder_asked = true;
                        cmds.push(Command::Effect(Effect::FindExportFolder));
                    }
                }
            }
        }
        let lang = ui_lang;
        let out_lang = self.lang.unwrap_or(ui_lang);

        egui::Grid::new("export_form").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            ui.label(lang.pick("Format", "Formaat"));
            ui.vertical(|ui| {
                for f in Format::ALL {
                    if ui.radio(self.format == f, format_name(f, lang)).clicked() {
                        self.format = f;
                    }
                }
            });
            ui.end_row();
            if self.format == Format::Pdf && self.period == Period::All {
                self.period = Period::SinceAppointment;
            }

            ui.label(lang.pick("Period", "Periode"));
            ui.vertical(|ui| {
                ui.horizontal_wrapped(|ui| {
                    for p in Period::ALL {
                        if p == Period::All && self.format == Format::Pdf {
                            continue;
                        }
                        if ui.radio(self.period == p, p.name(lang)).clicked() {
                            self.period = p;
                        }
                    }
                });
                if self.period == Period::Custom {
                    ui.horizontal(|ui| {
                        labelled_text(ui, lang.pick("From", "Van"), &mut self.from_text, 100.0, "2026-01-31");
                        labelled_text(ui, lang.pick("To", "Tot"), &mut self.to_text, 100.0, "2026-03-31");
                    });
                }
                match self.range(lang) {
                    Ok(Some((from, to))) if self.period == Period::SinceAppointment => {
                        let why = crate::model::prep::appointment::default_period(&self.appointments, today)
                            .map(|p| p.describe(lang))
                            .unwrap_or_default();
                        ui.weak(format!("{from} – {to} ({why})"));
                    }
                    Ok(Some((from, to))) => {
                        ui.weak(format!("{from} – {to}"));
                    }
                    Ok(None) => {
                        ui.weak(lang.pick("All entries", "Alle metingen"));
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                }
            });
            ui.end_row();

            ui.label(lang.pick("Options", "Opties"));
            ui.vertical(|ui| {
                ui.checkbox(&mut self.include_notes, lang.pick("Include notes", "Notities meenemen"));
                if matches!(self.format, Format::Pdf | Format::Fhir) {
                    ui.horizontal(|ui| {
                        ui.checkbox(&mut self.include_name, lang.pick("Include name", "Naam vermelden"));
                        if self.include_name {
                            let l = ui.label(lang.pick("Name", "Naam"));
                            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(200.0)).labelled_by(l.id);
                        }
                    });
                }
                if self.format != Format::Json {
                    ui.horizontal(|ui| {
                        ui.label(lang.pick("Language", "Taal"));
                        for l in Lang::ALL {
                            if ui.radio(out_lang == l, l.native_name()).clicked() {
                                self.lang = Some(l);
                            }
                        }
                    });
                }
                if self.format == Format::Fhir {
                    ui.checkbox(
                        &mut self.with_report,
                        lang.pick("Attach the PDF report (same period)", "PDF-verslag bijvoegen (zelfde periode)"),
                    );
                }
                if self.format == Format::Csv {
                    ui.horizontal(|ui| {
                        ui.label(lang.pick("Separator", "Scheidingsteken"));
                        if ui
                            .radio(
                                self.dialect == CsvDialect::Semicolon,
                                lang.pick("Semicolon (Dutch Excel)", "Puntkomma (Nederlandse Excel)"),
                            )
                            .clicked()
                        {
                            self.dialect = CsvDialect::Semicolon;
                        }
                        if ui.radio(self.dialect == CsvDialect::Comma, lang.pick("Comma", "Komma")).clicked() {
                            self.dialect = CsvDialect::Comma;
                        }
                    });
                }
            });
            ui.end_row();

            let save_as = ui.label(lang.pick("Save as", "Opslaan als"));
            ui.horizontal(|ui| {
                let resp =
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(420.0)).labelled_by(save_as.id);
                let resp = resp.on_hover_text(lang.pick("Where to save", "Waar opslaan"));
                if resp.changed() {
                    self.path_auto = false;
                }
                let choose = ui.add_enabled(!self.dialog.is_open(), egui::Button::new(lang.pick("Choose…", "Kiezen…")));
                if choose.clicked() {
                    let current = expand_home(&self.path);
                    let title = lang.pick("Export to", "Exporteren naar").into();
                    cmds.push(self.dialog.start(DialogFor::Export, true, &current, title));
                }
            });
            ui.end_row();
        });
        if self.format == Format::Csv {
            ui.weak(lang.pick(
                "Two files are written: <name>-tensions.csv and <name>-entries.csv (UTF-8 with BOM).",
                "Er worden twee bestanden geschreven: <naam>-tensions.csv en <naam>-entries.csv (UTF-8 met BOM).",
            ));
        }

        ui.add_space(8.0);
        let range = self.range(lang);
        let data = self.data(cx, lang);
        let running = self.is_running();
        ui.horizontal(|ui| {
            let ready = matches!(data, Some(Ok(_))) && range.is_ok() && !running && !self.path.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new(lang.pick("Start export", "Export starten"))).clicked()
                && let (Some(Ok(data)), Ok(range)) = (&data, &range)
            {
                // The report's default period is decided where the command line's is (the plan
                // knows the appointments), so the report can say why it covers these days.
                let by_default = self.period == Period::SinceAppointment && self.format == Format::Pdf;
                let plan = Plan {
                    from: if by_default { None } else { range.map(|r| r.0) },
                    to: range.map(|r| r.1),
                    appointments: self.appointments.clone(),
                    include_notes: self.include_notes,
                    name: self.include_name.then(|| self.name.clone()),
                    lang: out_lang,
                    dialect: self.dialect,
                    with_report: self.with_report,
                    zone: cx.zone,
                    ..Plan::new(self.format, expand_home(&self.path), today)
                };
                self.runs += 1;
                self.running = Some(self.runs);
                let entries = Arc::clone(&data.entries);
                let experiments = Arc::clone(&cx.snapshot.experiments);
                let prep = Arc::clone(&cx.snapshot.prep);
                let job = Tracker::new();
                self.job = Some((Arc::clone(&job), ui.input(|i| i.time)));
                let export = Effect::Export { seq: self.runs, plan: Box::new(plan), entries, experiments, prep, job };
                cmds.push(Command::Effect(export));
            }
        });
        if let (true, Some((job, started))) = (self.is_running(), &self.job) {
            super::job_ui(ui, lang, job, *started, lang.pick("Exporting…", "Bezig met exporteren…"));
        }
        if self.was_cancelled() {
            ui.label(lang.pick(
                "Export cancelled; no file was written.",
                "Exporteren afgebroken; er is geen bestand geschreven.",
            ));
        }
        match self.last_result() {
            Some(Ok(paths)) => {
                let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                ui.label(format!("{} {}", lang.pick("Saved:", "Opgeslagen:"), shown.join(", ")));
                if let Some(dir) = paths.first().and_then(|p| p.parent()) {
                    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
                    if ui.button(lang.pick("Open folder", "Map openen")).clicked() {
                        cmds.push(Command::Effect(Effect::OpenFolder(dir.to_path_buf())));
                    }
                }
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {}",
                        lang.pick(
                            "Export failed; no file was written:",
                            "Exporteren mislukt; er is geen bestand geschreven:"
                        ),
                        e.text(lang)
                    ),
                );
            }
            None => {}
        }

        if self.format == Format::Fhir {
            ui.add_space(8.0);
            ui.separator();
            ui.heading(lang.pick("What the FHIR bundle holds", "Wat de FHIR-bundel bevat"));
            match (&data, &range) {
                (None, _) => {
                    ui.spinner();
                }
                (Some(Err(e)), _) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                (Some(Ok(data)), Ok(range)) => {
                    let key = (*range, self.include_notes, self.with_report);
                    self.fhir_preview.request(ui.ctx(), data, &key, compute_fhir_counts);
                    match self.fhir_preview.get(&(data.generation, key)) {
                        Some(counts) => {
                            // Activity scores and topics are few: counted here, from the snapshot.
                            let prep = cx.snapshot.prep.within(range.map(|r| r.0), range.map(|r| r.1));
                            let counts = counts.with_prep(&prep);
                            for line in counts.lines(lang) {
                                ui.label(line);
                            }
                            if counts.groups == 0 {
                                ui.weak(lang.pick(
                                    "No entries in this period: the bundle holds only the Patient.",
                                    "Geen metingen in deze periode: de bundel bevat alleen de patiënt.",
                                ));
                            }
                        }
                        None => {
                            ui.spinner();
                        }
                    }
                    ui.weak(lang.pick(
                        "Regions a check-in does not rate count as 0 in Feltsense but are not sent.",
                        "Gebieden die een meting niet beoordeelt tellen in Feltsense als 0, maar worden niet meegestuurd.",
                    ));
                }
                (Some(Ok(_)), Err(_)) => {}
            }
        }

        if self.format == Format::Pdf {
            ui.add_space(8.0);
            ui.separator();
            ui.heading(
                lang.pick("Page 1 of the report: for the appointment", "Pagina 1 van het verslag: voor de afspraak"),
            );
            page1_prep_ui(ui, &cx.snapshot.prep, out_lang);
            ui.add_space(6.0);
            ui.heading(lang.pick("Page 2 of the report: details", "Pagina 2 van het verslag: details"));
            match (&data, &range) {
                (None, _) => {
                    ui.spinner();
                }
                (Some(Err(e)), _) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                (Some(Ok(data)), Ok(Some((from, to)))) => {
                    let key = (*from, *to, out_lang);
                    self.preview.request(ui.ctx(), data, &key, compute_page1);
                    match self.preview.get(&(data.generation, key)).or(self.preview.latest().map(|(_, v)| v)) {
                        Some(page) => page1_ui(ui, page, out_lang),
                        None => {
                            ui.spinner();
                        }
                    }
                }
                _ => {}
            }
        }
        cmds
    }
}

/// The trend in words (egui's default font has no arrows).
fn trend_word(t: Trend, lang: Lang) -> &'static str {
    match t {
        Trend::Up => lang.pick("higher", "hoger"),
        Trend::Down => lang.pick("lower", "lager"),
        Trend::Same => lang.pick("about the same", "ongeveer gelijk"),
        Trend::Unknown => lang.pick("nothing to compare", "niets om te vergelijken"),
    }
}

/// What page 1 shows besides the journal's numbers: the reason, the activities and the topics
/// (edited in the Appointment view).
fn page1_prep_ui(ui: &mut Ui, prep: &crate::model::prep::Prep, lang: Lang) {
    if !prep.reason.is_empty() {
        ui.label(format!("{} {}", lang.pick("Reason for the visit:", "Reden van het bezoek:"), prep.reason));
    }
    match prep.instrument() {
        Some(i) => ui.label(match lang {
            Lang::En => format!(
                "Activities ({}): {} being scored, {} scores",
                i.short_name(),
                prep.active().count(),
                prep.ratings.len()
            ),
            Lang::Nl => format!(
                "Activiteiten ({}): {} worden gescoord, {} scores",
                i.short_name(),
                prep.active().count(),
                prep.ratings.len()
            ),
        }),
        None => ui.weak(
            lang.pick("No activities scored (Appointment view).", "Geen activiteiten gescoord (weergave Afspraak)."),
        ),
    };
    ui.label(match lang {
        Lang::En => format!("Topics to discuss: {} (accepted and open only)", prep.open_topics().count()),
        Lang::Nl => format!("Onderwerpen om te bespreken: {} (alleen aangenomen en open)", prep.open_topics().count()),
    });
}

/// The numbers of the details page (page 2), drawn in egui.
fn page1_ui(ui: &mut Ui, page: &Page1, lang: Lang) {
    let s = &page.summary;
    ui.label(format!("{} {}", lang.pick("Period:", "Periode:"), text::period(s.period_from, s.period_to, lang)));
    ui.label(format!(
        "{} {} {} {} {}",
        lang.pick("Days logged:", "Dagen met een meting:"),
        s.days_logged,
        lang.pick("of", "van"),
        s.days_in_period,
        lang.pick("days", "dagen")
    ));
    ui.label(format!(
        "{} {} ({} {})",
        lang.pick("Check-ins:", "Metingen:"),
        s.check_ins,
        lang.pick("previous period:", "vorige periode:"),
        s.previous_check_ins
    ));
    ui.add_space(6.0);
    ui.strong(lang.pick("Highest tension", "Hoogste spanning"));
    if s.top_regions.is_empty() {
        ui.weak(lang.pick("No check-ins in this period.", "Geen metingen in deze periode."));
    } else {
        egui::Grid::new("preview_regions").striped(true).show(ui, |ui| {
            ui.weak(lang.pick("Region", "Gebied"));
            ui.weak(lang.pick("Mean", "Gemiddeld"));
            ui.weak(lang.pick("Change", "Verandering"));
            ui.end_row();
            for &r in &s.top_regions {
                let stat = s.region(r);
                ui.label(r.name(lang));
                ui.label(stat.mean.map_or_else(|| "–".into(), |m| text::number(m, 1, lang)));
                let change = stat.change().map_or_else(|| "–".into(), |c| text::signed(c, 1, lang));
                ui.label(format!("{change} ({})", trend_word(stat.trend, lang)));
                ui.end_row();
            }
        });
    }
    if !s.emotions.is_empty() {
        ui.add_space(6.0);
        ui.strong(lang.pick("Emotions logged most", "Vaakst vastgelegde emoties"));
        for e in s.emotions.iter().take(6) {
            ui.label(format!(
                "{} × {} ({} {})",
                emotion_name(&e.code, lang),
                e.count,
                lang.pick("mean", "gem."),
                text::number(e.mean_intensity, 1, lang)
            ));
        }
    }
    ui.add_space(6.0);
    ui.strong(lang.pick("Links (clear verdicts only)", "Verbanden (alleen duidelijke)"));
    if page.links.is_empty() {
        ui.weak(lang.pick("No clear links in this period.", "Geen duidelijke verbanden in deze periode."));
    }
    for l in page.links.iter().take(6) {
        ui.label(format!(
            "{} {} {} ({}): {} {} (n = {} / {})",
            emotion_name(&l.emotion, lang),
            lang.pick("then", "dan"),
            l.region.name(lang),
            l.window_label,
            text::signed(l.diff_points, 1, lang),
            lang.pick("points", "punten"),
            l.n_events,
            l.n_checkins
        ));
    }
    ui.weak(lang.pick("These are associations, not proof of cause.", "Dit zijn verbanden, geen bewijs van oorzaak."));
    if !s.practices.is_empty() {
        ui.add_space(6.0);
        ui.strong(lang.pick("Practices", "Oefeningen"));
        for p in &s.practices {
            let relief = p.mean_change.map_or_else(String::new, |c| {
                format!(", {} {}", lang.pick("plain change", "ruwe verandering"), text::signed(c, 1, lang))
            });
            ui.label(format!(
                "{} × {} ({} min{relief}); {}: {}",
                p.kind.name(lang),
                p.count,
                p.minutes,
                lang.pick("compared with similar moments", "vergeleken met vergelijkbare momenten"),
                p.adjusted.text(lang)
            ));
        }
    }
    if !s.signals.is_empty() {
        ui.add_space(6.0);
        ui.strong(lang.pick("Unnoticed-stress signals", "Signalen van onopgemerkte stress"));
        for sig in &s.signals {
            ui.label(format!(
                "{} × {} ({} {})",
                sig.signal.name(lang),
                sig.count,
                lang.pick("previous period:", "vorige periode:"),
                sig.previous_count
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::effects::{Done, carry_out};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// The form alone, drawn as frame code (debug builds fail a file read in it), with what each
    /// frame returned.
    struct Shown {
        view: ExportView,
        commands: Vec<Command>,
    }

    #[test]
    fn the_default_folder_is_asked_for_once_and_the_path_follows_the_answer() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let view = ExportView { today: Some(today), ..ExportView::default() };
        let mut h = Harness::builder().with_size([1000.0, 900.0]).build_ui_state(
            |ui, s: &mut Shown| {
                let _frame = crate::guard::ui_frame();
                let snapshot = crate::ui::snapshot::Snapshot::default();
                let cmds = s.view.ui(ui, &ViewCx::new(Lang::En, &snapshot, true));
                s.commands.extend(cmds);
            },
            Shown { view, commands: Vec::new() },
        );
        h.run_steps(3);
        let asked = std::mem::take(&mut h.state_mut().commands);
        assert_eq!(asked, vec![Command::Effect(Effect::FindExportFolder)], "asked once, not per frame");
        assert!(h.state().view.path.is_empty(), "no half-known path");

        // The effects thread's answer (off the frame, the look-up is allowed).
        let Done::ExportFolder(found) = carry_out(Effect::FindExportFolder) else { panic!("a folder") };
        assert!(found.is_dir() || found == Path::new("."), "{found:?}");
        let dir = tempfile::tempdir().expect("tempdir");
        h.state_mut().view.set_export_folder(dir.path().to_path_buf());
        h.run_steps(3);
        assert_eq!(h.state().view.path, dir.path().join("feltsense-report-2026-11-20.pdf").display().to_string());
        // A Dutch export is named in Dutch.
        h.state_mut().view.lang = Some(Lang::Nl);
        h.run_steps(3);
        assert_eq!(h.state().view.path, dir.path().join("feltsense-verslag-2026-11-20.pdf").display().to_string());
        h.get_by_label("Feltsense JSON (complete copy)").click();
        h.run_steps(3);
        assert_eq!(h.state().view.path, dir.path().join("feltsense-2026-11-20.json").display().to_string());
        assert!(h.state().commands.iter().all(|c| *c != Command::Effect(Effect::FindExportFolder)));
    }
}
