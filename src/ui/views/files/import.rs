//! The import form: choose a file and its format, see what would be imported (nothing is
//! written), then import everything in one transaction, with an undo.

use std::path::PathBuf;

use egui::Ui;

use crate::export::files::{ImportPreview, OffsetSource};
use crate::export::generic_csv::{ColumnMapping, CsvSheet, WhenColumns};
use crate::model::{BUILTIN_EMOTIONS, Entry, Lang, Region};
use crate::ui::command::Command;
use crate::ui::jobs::Job;

use super::{Dialog, expand_home};

/// The kind of file to import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// A file exported by Feltsense.
    #[default]
    Json,
    /// Daylio's CSV export (old and new layout).
    Daylio,
    /// Any other CSV, with a column mapping.
    OtherCsv,
}

impl ImportFormat {
    /// Every format, in the order shown.
    pub const ALL: [ImportFormat; 3] = [ImportFormat::Json, ImportFormat::Daylio, ImportFormat::OtherCsv];

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            ImportFormat::Json => lang.pick("Feltsense JSON", "Feltsense JSON"),
            ImportFormat::Daylio => lang.pick("Daylio CSV export", "Daylio CSV-export"),
            ImportFormat::OtherCsv => lang.pick("Other CSV", "Andere CSV"),
        }
    }
}

/// What one extra column of a generic CSV stands for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ColumnRole {
    /// Not imported.
    #[default]
    Ignore,
    /// The intensity of this emotion.
    Emotion(String),
    /// The tension level of this region.
    Region(Region),
}

/// The column-mapping editor's choices for a generic CSV.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappingEditor {
    /// Date and time in separate columns.
    pub separate_time: bool,
    /// The date-time column (or the date column).
    pub when: Option<usize>,
    /// The time column, when separate.
    pub time: Option<usize>,
    /// The note column.
    pub note: Option<usize>,
    /// The tags column.
    pub tags: Option<usize>,
    /// Per column: what it stands for.
    pub roles: Vec<ColumnRole>,
}

impl MappingEditor {
    /// A first guess from the headers (`date`/`datum`, `time`/`tijd`, `note`/`notitie`,
    /// `tags`/`labels`, region and emotion names).
    pub fn guess(sheet: &CsvSheet) -> MappingEditor {
        let find =
            |names: &[&str]| sheet.headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
        let when = find(&["date", "datum", "datetime", "date_time", "when", "timestamp", "at"]);
        let time = find(&["time", "tijd"]);
        let note = find(&["note", "notes", "notitie", "notities"]);
        let tags = find(&["tags", "tag", "labels", "label"]);
        let roles = sheet
            .headers
            .iter()
            .map(|h| {
                let h = h.trim();
                if let Some(r) = Region::ALL.iter().find(|r| {
                    r.code().eq_ignore_ascii_case(h) || Lang::ALL.iter().any(|l| r.name(*l).eq_ignore_ascii_case(h))
                }) {
                    ColumnRole::Region(*r)
                } else if let Some(e) = BUILTIN_EMOTIONS.iter().find(|e| {
                    e.code.eq_ignore_ascii_case(h) || e.en.eq_ignore_ascii_case(h) || e.nl.eq_ignore_ascii_case(h)
                }) {
                    ColumnRole::Emotion(e.code.to_owned())
                } else {
                    ColumnRole::Ignore
                }
            })
            .collect();
        MappingEditor { separate_time: time.is_some(), when, time, note, tags, roles }
    }

    /// The mapping for the importer, or `None` while no date column is chosen.
    pub fn mapping(&self, delimiter: u8) -> Option<ColumnMapping> {
        let when = self.when?;
        let used = |i: usize| {
            Some(i) == self.when
                || (self.separate_time && Some(i) == self.time)
                || Some(i) == self.note
                || Some(i) == self.tags
        };
        let mut emotions = Vec::new();
        let mut tensions = Vec::new();
        for (i, role) in self.roles.iter().enumerate() {
            if used(i) {
                continue;
            }
            match role {
                ColumnRole::Ignore => {}
                ColumnRole::Emotion(code) => emotions.push((i, code.clone())),
                ColumnRole::Region(r) => tensions.push((i, *r)),
            }
        }
        Some(ColumnMapping {
            delimiter: Some(delimiter),
            when: if self.separate_time {
                WhenColumns::DateAndTime { date: when, date_format: None, time: self.time, time_format: None }
            } else {
                WhenColumns::DateTime { column: when, format: None }
            },
            emotions,
            tensions,
            note: self.note,
            tags: self.tags,
        })
    }
}

/// What a preview found: the first look at a generic CSV, and what would be imported.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// The header and first rows (other CSV only).
    pub sheet: Option<CsvSheet>,
    /// What would be imported (absent while a generic CSV has no mapping yet).
    pub preview: Option<ImportPreview>,
}

/// The inputs of a preview: a click counter, the file, the format and the mapping.
type PreviewKey = (u64, PathBuf, ImportFormat, Option<ColumnMapping>);

/// Reads and parses the file; writes nothing.
fn read_preview(
    path: &PathBuf,
    format: ImportFormat,
    mapping: Option<&ColumnMapping>,
    lang: Lang,
) -> Result<Found, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = crate::model::text::io_error(&e, lang);
        format!("{} {}: {why}", lang.pick("Cannot read", "Kan niet lezen:"), path.display())
    })?;
    match format {
        ImportFormat::Json => {
            let entries = crate::export::json::parse(&bytes).map_err(|e| crate::model::Describe::describe(&e, lang))?;
            Ok(Found { sheet: None, preview: Some(ImportPreview { entries, ..ImportPreview::default() }) })
        }
        ImportFormat::Daylio => {
            let p = crate::export::daylio::preview(&bytes, OffsetSource::Local).map_err(|e| e.describe(lang))?;
            Ok(Found { sheet: None, preview: Some(p) })
        }
        ImportFormat::OtherCsv => {
            let sheet = crate::export::generic_csv::sniff(&bytes).map_err(|e| e.describe(lang))?;
            let preview = match mapping {
                Some(m) => Some(
                    crate::export::generic_csv::preview(&bytes, m, OffsetSource::Local)
                        .map_err(|e| e.describe(lang))?,
                ),
                None => None,
            };
            Ok(Found { sheet: Some(sheet), preview })
        }
    }
}

/// State of the import form.
pub struct ImportView {
    /// The file to import.
    pub path: String,
    /// Its format.
    pub format: ImportFormat,
    /// The column mapping (other CSV).
    pub editor: Option<MappingEditor>,
    /// The uids the last import wrote (for "Undo import").
    pub last_import: Option<Vec<String>>,
    /// What the last import or undo did, for the line under the buttons.
    pub message: Option<Result<String, String>>,
    /// Set while an import command is with the app.
    pending: bool,
    clicks: u64,
    requested: Option<PreviewKey>,
    job: Job<PreviewKey, Result<Found, String>>,
    dialog: Dialog,
}

impl Default for ImportView {
    fn default() -> Self {
        ImportView {
            path: String::new(),
            format: ImportFormat::Json,
            editor: None,
            last_import: None,
            message: None,
            pending: false,
            clicks: 0,
            requested: None,
            job: Job::new("import-preview"),
            dialog: Dialog::default(),
        }
    }
}

impl ImportView {
    /// The app wrote the import: `added` entries with these uids (`already` were there before).
    pub fn imported(&mut self, added_uids: Vec<String>, already: usize, lang: Lang) {
        self.pending = false;
        let mut text = format!("{} {}", lang.pick("Entries imported:", "Notities geïmporteerd:"), added_uids.len());
        if already > 0 {
            text.push_str(&format!(
                " ({already} {})",
                lang.pick("were already in the journal", "stonden al in het dagboek")
            ));
        }
        self.message = Some(Ok(text));
        self.last_import = Some(added_uids).filter(|u| !u.is_empty());
        // The same preview would now add nothing; ask for a fresh look before importing again.
        self.requested = None;
    }

    /// The import failed; nothing was written.
    pub fn import_failed(&mut self, why: String) {
        self.pending = false;
        self.message = Some(Err(why));
    }

    /// The last import was undone: `removed` entries are gone.
    pub fn undone(&mut self, removed: usize, lang: Lang) {
        self.last_import = None;
        self.message = Some(Ok(format!(
            "{} {removed}",
            lang.pick("Import undone; entries removed:", "Import ongedaan gemaakt; notities verwijderd:")
        )));
    }

    /// The preview result for the latest request, if it is ready.
    pub fn found(&self) -> Option<&Result<Found, String>> {
        self.job.get(self.requested.as_ref()?)
    }

    /// The latest result for this file and format (possibly for an older mapping while the new
    /// one is read), so the editor does not flicker.
    fn current(&self) -> Option<&Result<Found, String>> {
        let want = self.requested.as_ref()?;
        self.job.latest().filter(|(k, _)| k.0 == want.0 && k.1 == want.1 && k.2 == want.2).map(|(_, v)| v)
    }

    /// True while a preview is being read.
    pub fn is_busy(&self) -> bool {
        self.job.is_running()
    }

    fn request(&mut self, ctx: &egui::Context, lang: Lang) {
        let mapping = match (&self.format, &self.editor) {
            (ImportFormat::OtherCsv, Some(ed)) => {
                let delimiter = self
                    .job
                    .latest()
                    .and_then(|(_, f)| f.as_ref().ok())
                    .and_then(|f| f.sheet.as_ref())
                    .map_or(b',', |s| s.delimiter);
                ed.mapping(delimiter)
            }
            _ => None,
        };
        let key: PreviewKey = (self.clicks, expand_home(&self.path), self.format, mapping);
        if self.requested.as_ref() != Some(&key) {
            self.requested = Some(key.clone());
            if self.job.needs(&key) {
                let (_, path, format, mapping) = key.clone();
                self.job.start(ctx, key, move || read_preview(&path, format, mapping.as_ref(), lang));
            }
        }
    }

    /// Draws the form; returns the import or undo to apply.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang) -> Vec<Command> {
        let mut cmds = Vec::new();
        self.job.poll();
        if let Some(p) = self.dialog.chosen() {
            self.path = p.display().to_string();
            self.requested = None;
            self.editor = None;
        }
        ui.horizontal(|ui| {
            let l = ui.label(lang.pick("File", "Bestand"));
            let resp = ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(420.0)).labelled_by(l.id);
            if resp.changed() {
                self.requested = None;
                self.editor = None;
            }
            if ui.add_enabled(!self.dialog.is_open(), egui::Button::new(lang.pick("Choose…", "Kiezen…"))).clicked()
            {
                let current = expand_home(&self.path);
                self.dialog.start(ui.ctx(), false, &current, lang.pick("Import from", "Importeren uit").into());
            }
        });
        ui.horizontal(|ui| {
            ui.label(lang.pick("Format", "Formaat"));
            for f in ImportFormat::ALL {
                if ui.radio(self.format == f, f.name(lang)).clicked() && self.format != f {
                    self.format = f;
                    self.requested = None;
                    self.editor = None;
                }
            }
        });
        if ui.add_enabled(!self.path.trim().is_empty(), egui::Button::new(lang.pick("Preview", "Voorbeeld"))).clicked()
        {
            self.clicks += 1;
            self.editor = None;
            self.message = None;
            self.request(ui.ctx(), lang);
        }

        // The generic CSV: once sniffed, a mapping editor whose changes update the preview.
        if self.requested.is_some() && self.format == ImportFormat::OtherCsv {
            let sheet = self.current().and_then(|f| f.as_ref().ok()).and_then(|f| f.sheet.clone());
            if let Some(sheet) = sheet {
                let editor = self.editor.get_or_insert_with(|| MappingEditor::guess(&sheet));
                mapping_ui(ui, lang, &sheet, editor);
                // Starts a new preview only when the mapping changed.
                self.request(ui.ctx(), lang);
            }
        }

        ui.add_space(6.0);
        if self.is_busy() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.pick("Reading the file…", "Bestand lezen…"));
            });
        }
        let mut import: Option<Vec<Entry>> = None;
        let busy = self.is_busy();
        match self.current() {
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {e}",
                        lang.pick("Cannot import; nothing was changed:", "Kan niet importeren; er is niets veranderd:")
                    ),
                );
            }
            Some(Ok(Found { preview: Some(p), .. })) => {
                preview_ui(ui, lang, p);
                let n = p.entries.len();
                let label = format!("{} {n} {}", lang.pick("Import", "Importeer"), lang.pick("entries", "notities"));
                if ui.add_enabled(n > 0 && !self.pending && !busy, egui::Button::new(label)).clicked() {
                    import = Some(p.entries.clone());
                }
            }
            Some(Ok(Found { preview: None, .. })) => {
                ui.weak(lang.pick(
                    "Choose the date column to see the preview.",
                    "Kies de datumkolom om het voorbeeld te zien.",
                ));
            }
            None => {}
        }
        if let Some(entries) = import {
            self.pending = true;
            self.message = None;
            cmds.push(Command::Import(entries));
        }

        match &self.message {
            Some(Ok(m)) => {
                ui.label(m);
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {e}",
                        lang.pick("Import failed; nothing was changed:", "Importeren mislukt; er is niets veranderd:")
                    ),
                );
            }
            None => {}
        }
        if let Some(uids) = &self.last_import
            && ui.button(lang.pick("Undo import", "Import ongedaan maken")).clicked()
        {
            cmds.push(Command::UndoImport(uids.clone()));
        }
        cmds
    }
}

/// What would be imported, what maps to what, what is skipped.
fn preview_ui(ui: &mut Ui, lang: Lang, p: &ImportPreview) {
    ui.strong(format!("{} {}", lang.pick("Entries in the file:", "Notities in het bestand:"), p.entries.len()));
    let lines = p.mapping_lines(lang);
    if !lines.is_empty() {
        ui.label(lang.pick("What maps to what", "Wat wordt wat"));
        egui::Grid::new("import_mapping").striped(true).show(ui, |ui| {
            for ((from, to), m) in lines.iter().zip(&p.mappings) {
                ui.label(from);
                ui.label(to);
                ui.weak(format!("× {}", m.count));
                ui.end_row();
            }
        });
    }
    if !p.skipped.is_empty() {
        ui.label(format!("{} {}", lang.pick("Rows skipped:", "Regels overgeslagen:"), p.skipped.len()));
        for s in &p.skipped {
            ui.weak(format!("{} {}: {}", lang.pick("line", "regel"), s.line, s.reason.describe(lang)));
        }
    }
}

fn column_combo(ui: &mut Ui, id: &str, label: &str, headers: &[String], value: &mut Option<usize>, lang: Lang) {
    ui.label(label);
    let text = value.and_then(|i| headers.get(i)).map_or(lang.pick("(none)", "(geen)"), String::as_str);
    egui::ComboBox::from_id_salt(id).selected_text(text).show_ui(ui, |ui| {
        ui.selectable_value(value, None, lang.pick("(none)", "(geen)"));
        for (i, h) in headers.iter().enumerate() {
            ui.selectable_value(value, Some(i), h);
        }
    });
    ui.end_row();
}

/// The column-mapping editor.
fn mapping_ui(ui: &mut Ui, lang: Lang, sheet: &CsvSheet, ed: &mut MappingEditor) {
    ed.roles.resize(sheet.headers.len(), ColumnRole::Ignore);
    ui.add_space(6.0);
    ui.strong(lang.pick("Which column means what", "Welke kolom betekent wat"));
    ui.checkbox(
        &mut ed.separate_time,
        lang.pick("Date and time are in separate columns", "Datum en tijd staan in aparte kolommen"),
    );
    egui::Grid::new("import_columns").num_columns(2).show(ui, |ui| {
        let when_label =
            if ed.separate_time { lang.pick("Date", "Datum") } else { lang.pick("Date and time", "Datum en tijd") };
        column_combo(ui, "col_when", when_label, &sheet.headers, &mut ed.when, lang);
        if ed.separate_time {
            column_combo(ui, "col_time", lang.pick("Time", "Tijd"), &sheet.headers, &mut ed.time, lang);
        }
        column_combo(ui, "col_note", lang.pick("Note", "Notitie"), &sheet.headers, &mut ed.note, lang);
        column_combo(ui, "col_tags", lang.pick("Tags", "Labels"), &sheet.headers, &mut ed.tags, lang);
    });
    let used = |i: usize, ed: &MappingEditor| {
        Some(i) == ed.when || (ed.separate_time && Some(i) == ed.time) || Some(i) == ed.note || Some(i) == ed.tags
    };
    ui.label(lang.pick("Other columns (a number from 0 to 10):", "Overige kolommen (een getal van 0 tot 10):"));
    egui::Grid::new("import_roles").num_columns(3).striped(true).show(ui, |ui| {
        for i in 0..sheet.headers.len() {
            if used(i, ed) {
                continue;
            }
            ui.label(&sheet.headers[i]);
            let sample = sheet.sample_rows.first().and_then(|r| r.get(i)).map_or("", String::as_str);
            ui.weak(sample);
            let role = &mut ed.roles[i];
            let text = match role {
                ColumnRole::Ignore => lang.pick("ignore", "negeren").to_owned(),
                ColumnRole::Emotion(c) => {
                    format!("{}: {}", lang.pick("emotion", "emotie"), crate::model::emotion_name(c, lang))
                }
                ColumnRole::Region(r) => format!("{}: {}", lang.pick("tension", "spanning"), r.name(lang)),
            };
            egui::ComboBox::from_id_salt(("col_role", i)).selected_text(text).show_ui(ui, |ui| {
                ui.selectable_value(role, ColumnRole::Ignore, lang.pick("ignore", "negeren"));
                for e in &BUILTIN_EMOTIONS {
                    let label = format!("{}: {}", lang.pick("emotion", "emotie"), lang.pick(e.en, e.nl));
                    ui.selectable_value(role, ColumnRole::Emotion(e.code.to_owned()), label);
                }
                for r in Region::ALL {
                    let label = format!("{}: {}", lang.pick("tension", "spanning"), r.name(lang));
                    ui.selectable_value(role, ColumnRole::Region(r), label);
                }
            });
            ui.end_row();
        }
    });
}
