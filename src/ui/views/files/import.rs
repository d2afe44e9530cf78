//! The import form: choose a file and its format, see what would be imported (nothing is
//! written), then import everything in one transaction, with an undo.

use std::path::PathBuf;

use egui::Ui;

use crate::export::files::ImportPreview;
use crate::export::generic_csv::{ColumnMapping, CsvSheet, WhenColumns};
pub use crate::export::import::{Found, ImportFormat};
use crate::model::{BUILTIN_EMOTIONS, Lang, Message, Region};
use crate::ui::command::Command;
pub use crate::ui::effects::PreviewRequest;
use crate::ui::effects::{DialogFor, Effect};

use super::{Dialog, expand_home};

/// A format's name in the form.
pub fn import_format_name(format: ImportFormat, lang: Lang) -> &'static str {
    match format {
        ImportFormat::Json => lang.pick("Feltsense JSON", "Feltsense JSON"),
        ImportFormat::Daylio => lang.pick("Daylio CSV export", "Daylio CSV-export"),
        ImportFormat::OtherCsv => lang.pick("Other CSV", "Andere CSV"),
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
    /// The activities, topics, appointments and reason the last import wrote (undone with it).
    pub last_prep_import: crate::store::PrepImport,
    /// What the last import or undo did, for the line under the buttons (worded when shown).
    pub message: Option<Result<Message, Message>>,
    /// Set while an import command is with the app.
    pending: bool,
    /// The running import: its progress and stop, and when it started (the window's seconds).
    job: Option<(std::sync::Arc<crate::export::source::Tracker>, f64)>,
    clicks: u64,
    /// The latest preview asked for.
    requested: Option<PreviewRequest>,
    /// The latest answer accepted, with the request it answers.
    done: Option<(PreviewRequest, Result<Found, Message>)>,
    dialog: Dialog,
}

impl Default for ImportView {
    fn default() -> Self {
        ImportView {
            path: String::new(),
            format: ImportFormat::Json,
            editor: None,
            last_import: None,
            last_prep_import: crate::store::PrepImport::default(),
            message: None,
            pending: false,
            job: None,
            clicks: 0,
            requested: None,
            done: None,
            dialog: Dialog::default(),
        }
    }
}

impl ImportView {
    /// The app wrote the import: the entries and `experiments` personal experiments with these
    /// uids (`already` entries were there before), and `prep` of the activities, topics,
    /// appointments and reason.
    pub fn imported(
        &mut self,
        added_uids: Vec<String>,
        already: usize,
        experiments: usize,
        prep: crate::store::PrepImport,
    ) {
        let prep_added = prep.added;
        self.pending = false;
        self.job = None;
        let added = added_uids.len() - experiments.min(added_uids.len());
        self.message = Some(Ok(Message::from_fn(move |lang| {
            let mut text = format!("{} {added}", lang.pick("Entries imported:", "Metingen geïmporteerd:"));
            if already > 0 {
                text.push_str(&format!(
                    " ({already} {})",
                    lang.pick("were already in the journal", "stonden al in het dagboek")
                ));
            }
            if experiments > 0 {
                text.push_str(&format!(
                    "; {} {experiments}",
                    lang.pick("personal experiments imported:", "persoonlijke experimenten geïmporteerd:")
                ));
            }
            if prep_added > 0 {
                text.push_str(&format!(
                    "; {} {prep_added}",
                    lang.pick(
                        "activities, scores, topics and appointments imported:",
                        "activiteiten, scores, onderwerpen en afspraken geïmporteerd:"
                    )
                ));
            }
            text
        })));
        let undoable = !added_uids.is_empty() || prep.added > 0;
        self.last_import = Some(added_uids).filter(|_| undoable);
        self.last_prep_import = prep;
        // The same preview would now add nothing; ask for a fresh look before importing again.
        self.requested = None;
    }

    /// The import was cancelled; nothing was written.
    pub fn import_cancelled(&mut self) {
        self.pending = false;
        self.job = None;
        self.message = Some(Ok(Message::from_fn(|lang| {
            lang.pick("Import cancelled; nothing was imported.", "Importeren afgebroken; er is niets geïmporteerd.")
                .to_owned()
        })));
    }

    /// True while an import is with the app.
    pub fn is_importing(&self) -> bool {
        self.pending
    }

    /// The import failed; nothing was written.
    pub fn import_failed(&mut self, why: Message) {
        self.pending = false;
        self.job = None;
        self.message = Some(Err(why));
    }

    /// The last import was undone: `removed` entries are gone.
    pub fn undone(&mut self, removed: usize) {
        self.last_import = None;
        self.last_prep_import = crate::store::PrepImport::default();
        self.message = Some(Ok(Message::from_fn(move |lang| {
            format!(
                "{} {removed}",
                lang.pick("Import undone; entries removed:", "Import ongedaan gemaakt; metingen verwijderd:")
            )
        })));
    }

    /// The effects thread's answer to a preview request. Only the answer to the latest request
    /// is kept; an older one (another file, format or mapping asked for meanwhile) is dropped.
    /// True when it was kept.
    pub fn previewed(&mut self, request: PreviewRequest, result: Result<Found, Message>) -> bool {
        if self.requested.as_ref() != Some(&request) {
            return false;
        }
        self.done = Some((request, result));
        true
    }

    /// The effects thread's answer to the "Choose…" dialog `seq` (an older one's is dropped).
    pub fn file_chosen(&mut self, seq: u64, path: Option<PathBuf>) {
        self.dialog.answer(seq, path);
    }

    /// The effects thread stopped: the dialog and the preview will not answer.
    pub fn effects_stopped(&mut self, why: Message) {
        self.dialog.closed();
        self.preview_stopped(why);
    }

    /// The preview being read will not be answered (it stopped unexpectedly): say `why`.
    pub fn preview_stopped(&mut self, why: Message) {
        if self.is_busy()
            && let Some(request) = self.requested.clone()
        {
            self.done = Some((request, Err(why)));
        }
    }

    /// The dialog will not answer (it stopped unexpectedly).
    pub fn dialog_closed(&mut self) {
        self.dialog.closed();
    }

    /// The preview result for the latest request, if it is ready.
    pub fn found(&self) -> Option<&Result<Found, Message>> {
        let want = self.requested.as_ref()?;
        self.done.as_ref().filter(|(k, _)| k == want).map(|(_, v)| v)
    }

    /// The latest result for this file and format (possibly for an older mapping while the new
    /// one is read), so the editor does not flicker.
    fn current(&self) -> Option<&Result<Found, Message>> {
        let want = self.requested.as_ref()?;
        self.done.as_ref().filter(|(k, _)| k.same_file(want)).map(|(_, v)| v)
    }

    /// True while a preview is being read.
    pub fn is_busy(&self) -> bool {
        self.requested.is_some() && self.found().is_none()
    }

    /// The preview of the file, format and mapping in the form now, unless it is already asked
    /// for or answered: the effect that reads it.
    fn request(&mut self) -> Option<Command> {
        let mapping = match (&self.format, &self.editor) {
            (ImportFormat::OtherCsv, Some(ed)) => {
                let delimiter = self
                    .done
                    .as_ref()
                    .and_then(|(_, f)| f.as_ref().ok())
                    .and_then(|f| f.sheet.as_ref())
                    .map_or(b',', |s| s.delimiter);
                ed.mapping(delimiter)
            }
            _ => None,
        };
        let request =
            PreviewRequest { clicks: self.clicks, path: expand_home(&self.path), format: self.format, mapping };
        if self.requested.as_ref() == Some(&request) {
            return None;
        }
        self.requested = Some(request.clone());
        if self.done.as_ref().is_some_and(|(k, _)| *k == request) {
            return None;
        }
        Some(Command::Effect(Effect::ImportPreview { request }))
    }

    /// Draws the form; returns the import or undo to apply.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang) -> Vec<Command> {
        let mut cmds = Vec::new();
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
                let title = lang.pick("Import from", "Importeren uit").into();
                cmds.push(self.dialog.start(DialogFor::Import, false, &current, title));
            }
        });
        ui.horizontal(|ui| {
            ui.label(lang.pick("Format", "Formaat"));
            for f in ImportFormat::ALL {
                if ui.radio(self.format == f, import_format_name(f, lang)).clicked() && self.format != f {
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
            cmds.extend(self.request());
        }

        // The generic CSV: once sniffed, a mapping editor whose changes update the preview.
        if self.requested.is_some() && self.format == ImportFormat::OtherCsv {
            let sheet = self.current().and_then(|f| f.as_ref().ok()).and_then(|f| f.sheet.clone());
            if let Some(sheet) = sheet {
                let editor = self.editor.get_or_insert_with(|| MappingEditor::guess(&sheet));
                mapping_ui(ui, lang, &sheet, editor);
                // Asks for a new preview only when the mapping changed.
                cmds.extend(self.request());
            }
        }

        ui.add_space(6.0);
        if self.is_busy() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.pick("Reading the file…", "Bestand lezen…"));
            });
        }
        let mut import: Option<Command> = None;
        let busy = self.is_busy();
        match self.current() {
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {}",
                        lang.pick("Cannot import; nothing was changed:", "Kan niet importeren; er is niets veranderd:"),
                        e.text(lang)
                    ),
                );
            }
            Some(Ok(Found { preview: Some(p), json_entries, .. })) => {
                let n = json_entries.unwrap_or(p.entries.len());
                preview_ui(ui, lang, p, n);
                let x = p.experiments.len();
                let prep = !p.prep.is_empty();
                let mut label =
                    format!("{} {n} {}", lang.pick("Import", "Importeer"), lang.pick("entries", "metingen"));
                if x > 0 {
                    label.push_str(&format!(
                        " {} {x} {}",
                        lang.pick("and", "en"),
                        lang.pick("experiments", "experimenten")
                    ));
                }
                if prep {
                    label.push_str(lang.pick(
                        " with activities, topics and appointments",
                        " met activiteiten, onderwerpen en afspraken",
                    ));
                }
                if ui.add_enabled((n + x > 0 || prep) && !self.pending && !busy, egui::Button::new(label)).clicked() {
                    import = Some(match (json_entries, &self.requested) {
                        // A Feltsense file is read again, entry by entry, as it is imported.
                        (Some(n), Some(request)) => {
                            Command::ImportJson(request.path.clone(), *n, crate::export::source::Tracker::new())
                        }
                        _ => Command::Import(
                            p.entries.clone(),
                            p.experiments.clone(),
                            Box::new(p.prep.clone()),
                            crate::export::source::Tracker::new(),
                        ),
                    });
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
        if let Some(import) = import {
            if let Command::ImportJson(_, _, tracker) | Command::Import(_, _, _, tracker) = &import {
                self.job = Some((std::sync::Arc::clone(tracker), ui.input(|i| i.time)));
            }
            self.pending = true;
            self.message = None;
            cmds.push(import);
        }
        if let (true, Some((job, started))) = (self.pending, &self.job) {
            super::job_ui(ui, lang, job, *started, lang.pick("Importing…", "Bezig met importeren…"));
        }

        match &self.message {
            Some(Ok(m)) => {
                ui.label(m.text(lang));
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {}",
                        lang.pick("Import failed; nothing was changed:", "Importeren mislukt; er is niets veranderd:"),
                        e.text(lang)
                    ),
                );
            }
            None => {}
        }
        if let Some(uids) = &self.last_import
            && ui.button(lang.pick("Undo import", "Import ongedaan maken")).clicked()
        {
            cmds.push(Command::UndoImport(uids.clone(), Box::new(self.last_prep_import.clone())));
        }
        cmds
    }
}

/// What would be imported, what maps to what, what is skipped.
/// `entries`: how many entries the file holds.
fn preview_ui(ui: &mut Ui, lang: Lang, p: &ImportPreview, entries: usize) {
    ui.strong(format!("{} {entries}", lang.pick("Entries in the file:", "Metingen in het bestand:")));
    if !p.experiments.is_empty() {
        ui.strong(format!(
            "{} {}",
            lang.pick("Personal experiments in the file:", "Persoonlijke experimenten in het bestand:"),
            p.experiments.len()
        ));
    }
    if !p.prep.is_empty() {
        let q = &p.prep;
        ui.strong(match lang {
            Lang::En => format!(
                "Also in the file: {} activities with {} scores, {} topics, {} appointments{}",
                q.activities.len(),
                q.ratings.len(),
                q.topics.len(),
                q.appointments.len(),
                if q.reason.is_empty() { "" } else { ", the reason for the visit" }
            ),
            Lang::Nl => format!(
                "Ook in het bestand: {} activiteiten met {} scores, {} onderwerpen, {} afspraken{}",
                q.activities.len(),
                q.ratings.len(),
                q.topics.len(),
                q.appointments.len(),
                if q.reason.is_empty() { "" } else { ", de reden van het bezoek" }
            ),
        });
    }
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
    let l = ui.label(label);
    let text = value.and_then(|i| headers.get(i)).map_or(lang.pick("(none)", "(geen)"), String::as_str).to_owned();
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(&text)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, lang.pick("(none)", "(geen)"));
            for (i, h) in headers.iter().enumerate() {
                ui.selectable_value(value, Some(i), h);
            }
        })
        .response
        .labelled_by(l.id);
    crate::ui::widgets::combo::says_choice(ui, &combo, label, &text);
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
            let header = ui.label(&sheet.headers[i]);
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
            let combo = egui::ComboBox::from_id_salt(("col_role", i))
                .selected_text(&text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(role, ColumnRole::Ignore, lang.pick("ignore", "negeren"));
                    for e in &BUILTIN_EMOTIONS {
                        let label = format!("{}: {}", lang.pick("emotion", "emotie"), lang.pick(e.en, e.nl));
                        ui.selectable_value(role, ColumnRole::Emotion(e.code.to_owned()), label);
                    }
                    for r in Region::ALL {
                        let label = format!("{}: {}", lang.pick("tension", "spanning"), r.name(lang));
                        ui.selectable_value(role, ColumnRole::Region(r), label);
                    }
                })
                .response
                .labelled_by(header.id);
            crate::ui::widgets::combo::says_choice(ui, &combo, &format!("{}:", sheet.headers[i]), &text);
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entry;
    use crate::ui::effects::{Done, carry_out};
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    /// The form alone, drawn as frame code (debug builds fail a file read in it), with what each
    /// frame returned.
    struct Shown {
        view: ImportView,
        commands: Vec<Command>,
    }

    fn shown() -> Harness<'static, Shown> {
        Harness::builder().with_size([900.0, 700.0]).build_ui_state(
            |ui, s: &mut Shown| {
                let _frame = crate::guard::ui_frame();
                let cmds = s.view.ui(ui, Lang::En);
                s.commands.extend(cmds);
            },
            Shown { view: ImportView::default(), commands: Vec::new() },
        )
    }

    /// The effects the frames returned since the last call.
    fn effects(h: &mut Harness<'static, Shown>) -> Vec<Effect> {
        std::mem::take(&mut h.state_mut().commands)
            .into_iter()
            .filter_map(|c| match c {
                Command::Effect(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// A Feltsense JSON file with `n` check-ins.
    fn journal_file(dir: &std::path::Path, name: &str, n: usize) -> PathBuf {
        let entries: Vec<Entry> = (0..n)
            .map(|i| {
                let at = chrono::DateTime::from_timestamp(1_700_000_000 + 3600 * i64::try_from(i).expect("small"), 0)
                    .expect("time")
                    .fixed_offset();
                let mut e = Entry::new(at);
                e.note = format!("entry {i}");
                e
            })
            .collect();
        let mut bytes = Vec::new();
        crate::export::json::write(&entries, &mut bytes).expect("json");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    #[test]
    fn the_preview_arrives_as_an_answer_and_a_stale_answer_is_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = journal_file(dir.path(), "first.json", 2);
        let second = journal_file(dir.path(), "second.json", 3);
        // Steps a few frames (the spinner repaints while a preview is read, so never "settles").
        let mut h = shown();
        h.run_steps(3);

        // The first file, typed: "Preview" asks the effects thread to read it; the frame reads
        // nothing itself (the guard would fail it).
        h.get_by_label("File").focus();
        h.run_steps(3);
        h.get_by_label("File").type_text(&first.display().to_string());
        h.run_steps(3);
        h.get_by_label("Preview").click();
        h.run_steps(3);
        let mut asked = effects(&mut h);
        let Some(Effect::ImportPreview { request: stale, .. }) = asked.pop() else {
            panic!("a preview request, got {asked:?}")
        };
        assert!(asked.is_empty(), "{asked:?}");
        assert_eq!(stale.path, first);
        assert!(h.state().view.is_busy());
        assert!(h.query_by_label("Reading the file…").is_some());

        // Another file is chosen in the dialog meanwhile: the dialog is a request too.
        h.get_by_label("Choose…").click();
        h.run_steps(3);
        let Some(Effect::ChooseFile { purpose: DialogFor::Import, seq, save: false, .. }) = effects(&mut h).pop()
        else {
            panic!("a dialog request")
        };
        assert!(h.get_by_label("Choose…").accesskit_node().is_disabled(), "one dialog at a time");
        h.state_mut().view.file_chosen(seq + 1, Some(dir.path().join("not-this.json")));
        h.run_steps(3);
        assert!(h.get_by_label("Choose…").accesskit_node().is_disabled(), "an answer to another dialog is dropped");
        h.state_mut().view.file_chosen(seq, Some(second.clone()));
        h.run_steps(3);
        assert_eq!(h.state().view.path, second.display().to_string());
        h.get_by_label("Preview").click();
        h.run_steps(3);
        let Some(Effect::ImportPreview { request: fresh }) = effects(&mut h).pop() else {
            panic!("a preview request for the second file")
        };
        assert_eq!(fresh.path, second);

        // The effects thread answers both, the stale one last: only the fresh one is shown.
        let Done::ImportPreview(request, result) = carry_out(Effect::ImportPreview { request: fresh }) else {
            panic!("a preview")
        };
        assert!(h.state_mut().view.previewed(request, *result));
        h.run_steps(3);
        let Done::ImportPreview(request, result) = carry_out(Effect::ImportPreview { request: stale }) else {
            panic!("a preview")
        };
        assert!(result.is_ok(), "the first file reads fine too");
        assert!(!h.state_mut().view.previewed(request, *result), "the answer about the first file is dropped");
        h.run_steps(3);
        assert!(!h.state().view.is_busy());
        let shown_entries = |h: &Harness<'static, Shown>| {
            h.state().view.found().and_then(|r| r.as_ref().ok()).and_then(|f| f.json_entries)
        };
        assert_eq!(shown_entries(&h), Some(3));
        assert!(h.query_by_label("Entries in the file: 3").is_some());
        assert!(h.query_by_label("Import 3 entries").is_some());
        assert!(effects(&mut h).is_empty(), "nothing asked again once answered");
    }

    #[test]
    fn without_the_effects_thread_nothing_waits_forever() {
        let mut h = shown();
        h.run_steps(3);
        h.get_by_label("File").focus();
        h.run_steps(3);
        h.get_by_label("File").type_text("/nowhere/x.json");
        h.run_steps(3);
        h.get_by_label("Preview").click();
        h.run_steps(3);
        h.get_by_label("Choose…").click();
        h.run_steps(3);
        assert_eq!(effects(&mut h).len(), 2, "a preview and a dialog asked for");
        assert!(h.state().view.is_busy());
        h.state_mut().view.effects_stopped(Message::fixed("stopped", "gestopt"));
        h.run_steps(3);
        assert!(!h.state().view.is_busy());
        assert_eq!(
            h.state().view.found().and_then(|r| r.as_ref().err()).map(|e| e.text(Lang::Nl)).as_deref(),
            Some("gestopt")
        );
        assert!(!h.get_by_label("Choose…").accesskit_node().is_disabled(), "the dialog can be asked for again");
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `read_preview`")]
    fn reading_a_file_to_import_from_frame_code_panics() {
        let request =
            PreviewRequest { clicks: 1, path: PathBuf::from("x.json"), format: ImportFormat::Json, mapping: None };
        let _frame = crate::guard::ui_frame();
        crate::export::import::read(&request.path, request.format, request.mapping.as_ref()).ok();
    }
}
