//! The "Export & import" view: the report for the physiotherapist and data files
//! ([`export`]), and bringing entries in from other apps ([`import`]).
//!
//! # Where the work happens
//! Nothing here touches SQLite. The entries come from the journal worker's snapshot in the frame's
//! [`ViewCx`](crate::ui::views::ViewCx) (as for Insights); the page-1 preview is computed on a
//! thread keyed on `(generation, period, language)`. The files are written by the
//! app's effects thread: the form returns
//! [`Effect::Export`](crate::ui::effects::Effect::Export) and gets the answer back through
//! [`export::ExportView::exported`]; "Open folder" is an effect too. An import is handed to the app as
//! [`Command::Import`](crate::ui::command::Command::Import), which writes it in one transaction,
//! or for a Feltsense JSON file as [`Command::ImportJson`](crate::ui::command::Command::ImportJson):
//! the worker reads the file again entry by entry into one transaction. An export or import that
//! runs longer than half a second shows its progress and a Cancel (`job_ui`).
//! The file dialogs ([`Effect::ChooseFile`](crate::ui::effects::Effect::ChooseFile)) and the
//! import preview's read of the file ([`Effect::ImportPreview`](crate::ui::effects::Effect::ImportPreview))
//! are effects as well: the forms ask, the effects thread answers, the app hands the answer back
//! ([`FilesView::file_chosen`], [`import::ImportView::previewed`]), and an answer to an older
//! question (another file chosen meanwhile) is dropped.

pub mod export;
pub mod import;

use std::path::{Path, PathBuf};

use crate::model::Message;
use crate::ui::command::Command;
use crate::ui::effects::{DialogFor, Effect};

/// Which half of the view is on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FilesTab {
    /// Export a report or data files.
    #[default]
    Export,
    /// Import from a file.
    Import,
}

/// State of the "Export & import" view.
#[derive(Default)]
pub struct FilesView {
    /// The half on screen.
    pub tab: FilesTab,
    /// The export form.
    pub export: export::ExportView,
    /// The import form.
    pub import: import::ImportView,
}

impl FilesView {
    /// The effects thread's answer to a file dialog (an answer to an older dialog is dropped).
    pub fn file_chosen(&mut self, purpose: DialogFor, seq: u64, path: Option<PathBuf>) {
        match purpose {
            DialogFor::Export => self.export.file_chosen(seq, path),
            DialogFor::Import => self.import.file_chosen(seq, path),
            // The copies' dialogs are Settings'; the app hands them there.
            DialogFor::CopiesFolder | DialogFor::Copy => {}
        }
    }

    /// The effects thread stopped: no dialog or preview will answer.
    pub fn effects_stopped(&mut self, why: Message) {
        self.export.dialog_closed();
        self.import.effects_stopped(why);
    }

    /// A file dialog stopped unexpectedly: neither form waits for one any more.
    pub fn dialogs_closed(&mut self) {
        self.export.dialog_closed();
        self.import.dialog_closed();
    }

    /// Draws the view; returns what the app should do.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &crate::ui::views::ViewCx<'_>) -> Vec<Command> {
        let lang = cx.lang;
        ui.horizontal(|ui| {
            for (tab, name) in [
                (FilesTab::Export, lang.pick("Export", "Exporteren")),
                (FilesTab::Import, lang.pick("Import", "Importeren")),
            ] {
                if ui.selectable_label(self.tab == tab, name).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        let mut cmds = Vec::new();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match self.tab {
            FilesTab::Export => cmds = self.export.ui(ui, cx),
            FilesTab::Import => cmds = self.import.ui(ui, lang),
        });
        cmds
    }
}

/// Expands a leading `~/` to the home folder (from `HOME` or the user database; no file is read,
/// so frame code may call it).
pub(crate) fn expand_home(text: &str) -> PathBuf {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    PathBuf::from(text)
}

/// A form's file dialog, as requests and answers: [`Dialog::start`] gives the effect that shows
/// it (the effects thread does, so the window never waits), [`Dialog::answer`] takes the effects
/// thread's answer. Without a desktop portal the dialog returns nothing at once and the typed
/// path stays.
#[derive(Debug, Default)]
pub(crate) struct Dialog {
    seq: u64,
    open: Option<u64>,
    chosen: Option<PathBuf>,
}

impl Dialog {
    /// Asks for a save dialog (`save`) or an open dialog starting at `current`.
    pub(crate) fn start(&mut self, purpose: DialogFor, save: bool, current: &Path, title: String) -> Command {
        self.seq += 1;
        self.open = Some(self.seq);
        Command::Effect(Effect::ChooseFile { purpose, seq: self.seq, save, current: current.to_path_buf(), title })
    }

    /// True while the dialog is open.
    pub(crate) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The answer to dialog `seq`; an answer to an older dialog is dropped (false).
    pub(crate) fn answer(&mut self, seq: u64, path: Option<PathBuf>) -> bool {
        if self.open != Some(seq) {
            return false;
        }
        self.open = None;
        self.chosen = path;
        true
    }

    /// The dialog cannot answer any more (the effects thread stopped).
    pub(crate) fn closed(&mut self) {
        self.open = None;
    }

    /// The path chosen since the last call, once.
    pub(crate) fn chosen(&mut self) -> Option<PathBuf> {
        self.chosen.take()
    }
}

/// After how many seconds a running export or import shows how far it has come and a Cancel
/// button (a shorter one shows only a spinner).
pub const SHOW_PROGRESS_AFTER: f64 = 0.5;

/// While an export or import runs (since `started`, in the window's seconds): a spinner with
/// `busy` at first; after [`SHOW_PROGRESS_AFTER`], how many entries of how many are done (a
/// progress bar whose accessible name is those words) and a Cancel button that asks the job to
/// stop, which then leaves no file and no entry behind.
pub(crate) fn job_ui(
    ui: &mut egui::Ui,
    lang: crate::model::Lang,
    job: &crate::export::source::Tracker,
    started: f64,
    busy: &str,
) {
    let now = ui.input(|i| i.time);
    ui.horizontal(|ui| {
        if job.is_cancelled() {
            ui.spinner();
            ui.label(lang.pick("Cancelling…", "Bezig met afbreken…"));
        } else if now - started < SHOW_PROGRESS_AFTER {
            ui.spinner();
            ui.label(busy);
        } else {
            let (done, total) = job.progress();
            let text = crate::model::text::entries_done(done, total.max(done), lang);
            let fraction = if total == 0 { 0.0 } else { (done as f32 / total as f32).min(1.0) };
            ui.add(egui::ProgressBar::new(fraction).desired_width(260.0).text(text));
            if ui.button(lang.pick("Cancel", "Annuleren")).clicked() {
                job.cancel();
            }
        }
    });
    // The job runs on another thread: look again soon (only while it runs).
    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::export::source::{Progress, Tracker};
    use crate::model::Lang;

    /// The job, started at window time 10 s, shown at the window time `at` sets.
    fn shown(tracker: &Arc<Tracker>, lang: Lang) -> Harness<'static> {
        let t = Arc::clone(tracker);
        Harness::new_ui(move |ui| job_ui(ui, lang, &t, 10.0, lang.pick("Exporting…", "Bezig met exporteren…")))
    }

    /// One frame at window time `time` (seconds).
    fn at(h: &mut Harness<'static>, time: f64) {
        h.input_mut().time = Some(time);
        h.step();
    }

    #[test]
    fn a_short_job_shows_a_spinner_a_longer_one_its_entries_and_a_cancel() {
        let tracker = Tracker::new();
        assert!((&*tracker).step(1200, 14_000), "not stopped yet");
        let mut h = shown(&tracker, Lang::En);
        at(&mut h, 10.2);
        assert!(h.query_by_label("Exporting…").is_some());
        assert!(h.query_by_label("Cancel").is_none());
        // Half a second on: how far, and Cancel.
        at(&mut h, 10.6);
        assert!(h.query_by_label("1,200 of 14,000 entries").is_some(), "the progress bar's accessible name");
        h.get_by_label("Cancel").click();
        at(&mut h, 10.7);
        assert!(tracker.is_cancelled());
        assert!(!(&*tracker).step(1400, 14_000), "the work is told to stop");
        at(&mut h, 10.8);
        assert!(h.query_by_label("Cancelling…").is_some());

        let tracker = Tracker::new();
        (&*tracker).step(1200, 14_000);
        let mut h = shown(&tracker, Lang::Nl);
        at(&mut h, 11.0);
        assert!(h.query_by_label("1.200 van 14.000 metingen").is_some());
        h.get_by_label("Annuleren").click();
        at(&mut h, 11.1);
        assert!(tracker.is_cancelled());
        at(&mut h, 11.2);
        assert!(h.query_by_label("Bezig met afbreken…").is_some());
    }
}
