//! The "Export & import" view: the report for the physiotherapist and data files
//! ([`export`]), and bringing entries in from other apps ([`import`]).
//!
//! # Where the work happens
//! Nothing here touches SQLite. The app calls [`FilesView::refresh`], which loads every entry on
//! a background thread through a second connection (as Insights does); the page-1 preview is
//! computed on a thread keyed on `(generation, period, language)`. The files are written by the
//! app's effects thread: the form returns
//! [`Effect::Export`](crate::ui::effects::Effect::Export) and gets the answer back through
//! [`export::ExportView::exported`]; "Open folder" is an effect too. An import is handed to the app as
//! [`Command::Import`](crate::ui::command::Command::Import), which writes it in one transaction.

pub mod export;
pub mod import;

use std::path::{Path, PathBuf};

use crate::model::Lang;
use crate::ui::command::Command;

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
    /// Starts (re)loading the entries for the export when the data generation changed. Never
    /// blocks.
    pub fn refresh(&mut self, ctx: &egui::Context, generation: u64, source: &crate::ui::jobs::Source) {
        self.export.refresh(ctx, generation, source);
    }

    /// Draws the view; returns what the app should do.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Vec<Command> {
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
            FilesTab::Export => cmds = self.export.ui(ui, lang),
            FilesTab::Import => cmds = self.import.ui(ui, lang),
        });
        cmds
    }
}

/// Opens a folder in the desktop's file manager without waiting for it (`xdg-open`, `open` on
/// macOS, `explorer` on Windows). The child is reaped on a background thread. Runs on the
/// effects thread (debug builds fail when frame code calls it).
pub fn open_folder(dir: &Path) -> std::io::Result<()> {
    crate::store::guard::check_side_effect("open_folder");
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| std::io::Error::new(e.kind(), format!("{program}: {e}")))?;
    std::thread::Builder::new().name("feltsense-open-folder".into()).spawn(move || {
        // Only reaps the child; the file manager reports its own problems.
        child.wait().ok();
    })?;
    Ok(())
}

/// Expands a leading `~/` to the home folder.
pub(crate) fn expand_home(text: &str) -> PathBuf {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = directories::UserDirs::new().map(|d| d.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    PathBuf::from(text)
}

/// Where exports go by default: `~/Documents` when it exists, else the home folder, else the
/// current folder.
pub(crate) fn default_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    dirs.as_ref()
        .and_then(|d| d.document_dir().filter(|p| p.is_dir()).map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A file dialog run on a background thread, so the window never waits for it. Without a
/// desktop portal the dialog returns nothing at once and the typed path stays.
pub(crate) struct Dialog {
    job: crate::ui::jobs::Job<u64, Option<PathBuf>>,
    seq: u64,
    taken: u64,
}

impl Default for Dialog {
    fn default() -> Self {
        Dialog { job: crate::ui::jobs::Job::new("file-dialog"), seq: 0, taken: 0 }
    }
}

impl Dialog {
    /// Opens a save dialog (`save`) or an open dialog starting at `current`.
    pub(crate) fn start(&mut self, ctx: &egui::Context, save: bool, current: &Path, title: String) {
        self.seq += 1;
        let dir = current.parent().filter(|d| d.is_dir()).map(Path::to_path_buf);
        let name = current.file_name().map(|n| n.to_string_lossy().into_owned());
        self.job.start(ctx, self.seq, move || {
            let mut d = rfd::FileDialog::new().set_title(title);
            if let Some(dir) = dir {
                d = d.set_directory(dir);
            }
            if save {
                if let Some(name) = name {
                    d = d.set_file_name(name);
                }
                d.save_file()
            } else {
                d.pick_file()
            }
        });
    }

    /// True while the dialog is open.
    pub(crate) fn is_open(&self) -> bool {
        self.job.is_running()
    }

    /// The path chosen since the last call, once.
    pub(crate) fn chosen(&mut self) -> Option<PathBuf> {
        self.job.poll();
        match self.job.latest() {
            Some((&k, v)) if k > self.taken => {
                self.taken = k;
                v.clone()
            }
            _ => None,
        }
    }
}
