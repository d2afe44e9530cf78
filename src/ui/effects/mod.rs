//! The effects thread: everything the window does to files and to other programs, off the frame.
//!
//! Views never write a file, start a program or play a sound themselves. They return an
//! [`Effect`] (inside [`Command::Effect`](super::command::Command::Effect)); after the frame the
//! app hands it to [`Effects`], one named thread (`feltsense-effects`) next to the journal
//! worker, which carries the effects out one at a time, in the order asked, and answers each
//! with a [`Done`] on a channel the app polls with `try_recv` each frame. The thread calls
//! `ctx.request_repaint()` after each answer, so an idle window stays at 0 % CPU and still shows
//! the answer at once.
//!
//! The effects: the reminder settings (`reminders.json`), the autostart entry and background
//! program for reminders while the window is closed, the test notification, the export files,
//! "Open folder", the practice's sound cue, the look-up of a sound player, the file dialogs, the
//! default export folder and the import preview's read of the chosen file. One thread in order keeps the reminder settings
//! consistent (a save is never overtaken by an older one); a long export delays a later effect
//! but never the window. A file dialog waits for the person, so the thread shows it on a thread
//! of its own (`feltsense-file-dialog`) and goes on; its answer arrives like the others.
//!
//! Answers carry error *values* (not texts), so the window words them in the language the
//! person has when the answer is shown. Debug builds check the rule: the writing functions call
//! [`crate::guard::check_side_effect`], which fails when called from frame code.

pub mod os;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use crate::export::files::ExportError;
use crate::export::import::Found;
use crate::export::plan::Plan;
use crate::export::source::Tracker;
use crate::model::{Entry, Lang, Message};
use crate::reminders::notify::NotifyError;
use crate::reminders::{ReminderConfig, ReminderError};
use crate::ui::service::{Replier, Service};

/// Something the window wants done to files or other programs.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Read the reminder settings and whether the autostart entry exists.
    LoadReminders {
        /// `~/.config`; `None`: from the environment (`XDG_CONFIG_HOME`, the home folder).
        config_home: Option<PathBuf>,
    },
    /// Write the reminder settings.
    SaveReminders {
        /// The folder of `reminders.json`.
        dir: PathBuf,
        /// The settings.
        config: ReminderConfig,
    },
    /// Save the reminder settings, then turn reminders while the window is closed on (write the
    /// autostart entry, start the background program) or off (stop it, remove the entry).
    BackgroundReminders {
        /// `~/.config`.
        config_home: PathBuf,
        /// The background program; `None`: this program.
        exe: Option<PathBuf>,
        /// The settings to save first.
        config: ReminderConfig,
        /// On or off.
        on: bool,
    },
    /// Show a test notification in this language.
    TestReminder(Lang),
    /// Write an export.
    Export {
        /// The export form's number for it (an answer to an older one is recognised).
        seq: u64,
        /// What to write where ([`crate::export::plan`]).
        plan: Box<Plan>,
        /// The journal's entries, oldest first.
        entries: Arc<Vec<Entry>>,
        /// The journal's personal experiments.
        experiments: Arc<Vec<crate::model::experiment::Experiment>>,
        /// The journal's activities, topics, appointments and reason for the visit.
        prep: Arc<crate::model::prep::Prep>,
        /// Where the export tells how far it has come and the window asks it to stop.
        job: Arc<Tracker>,
    },
    /// Open a folder in the desktop's file manager.
    OpenFolder(PathBuf),
    /// Play the practice's sound cue (when a player exists).
    PlayCue,
    /// Find out whether a sound player exists (looked up on `PATH` once).
    FindSoundPlayer,
    /// Show a file dialog (answered when the person closes it; other effects go on meanwhile).
    ChooseFile {
        /// The form that asked.
        purpose: DialogFor,
        /// The form's number for this dialog (an answer to an older one is recognised).
        seq: u64,
        /// A save dialog (`true`) or an open dialog.
        save: bool,
        /// The path in the form now: the dialog starts in its folder (and, saving, with its name).
        current: PathBuf,
        /// The dialog's title.
        title: String,
    },
    /// Find the folder exports go to by default (`~/Documents`, else the home folder).
    FindExportFolder,
    /// Read and parse a file to import, to show what would be imported (nothing is written).
    ImportPreview {
        /// The file, format and mapping, as the import form asked (its answer carries it back).
        request: PreviewRequest,
    },
    /// Show a folder dialog (answered with [`Done::FileChosen`] when the person closes it).
    ChooseFolder {
        /// The form that asked.
        purpose: DialogFor,
        /// The form's number for this dialog.
        seq: u64,
        /// The folder in the form now: the dialog starts there.
        current: PathBuf,
        /// The dialog's title.
        title: String,
    },
    /// Open a copy from a folder with its passphrase, check it and say what it holds (nothing is
    /// written).
    PreviewCopy {
        /// The copy.
        path: PathBuf,
        /// Its passphrase.
        key: crate::store::Passphrase,
    },
}

/// What the import form asks the effects thread to read: the file, its format and mapping, and
/// the number of the "Preview" click, so a repeated click reads the file again. The answer
/// carries it back; an answer to any other request than the latest is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRequest {
    /// How many times "Preview" was clicked.
    pub clicks: u64,
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: crate::export::import::ImportFormat,
    /// The column mapping (other CSV, once a date column is chosen).
    pub mapping: Option<crate::export::generic_csv::ColumnMapping>,
}

impl PreviewRequest {
    /// True when `other` asks about the same file in the same format after the same click
    /// (possibly with another mapping).
    pub fn same_file(&self, other: &PreviewRequest) -> bool {
        self.clicks == other.clicks && self.path == other.path && self.format == other.format
    }
}

/// Which form asked for a file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogFor {
    /// The export form's "Save as".
    Export,
    /// The import form's "File".
    Import,
    /// The folder for copies (Settings).
    CopiesFolder,
    /// A copy to restore (Settings, the welcome screen).
    Copy,
}

/// The reminder settings as read from disk.
#[derive(Debug)]
pub struct RemindersLoaded {
    /// `~/.config` as found (`None`: no home folder).
    pub config_home: Option<PathBuf>,
    /// Whether `reminders.json` exists and could be read.
    pub on_disk: bool,
    /// The settings (the defaults when there are none or they are damaged).
    pub config: ReminderConfig,
    /// Why the file could not be used, if it could not.
    pub problem: Option<ReminderError>,
    /// Whether the autostart entry exists.
    pub autostart_present: bool,
}

/// The answer to one [`Effect`].
#[derive(Debug)]
pub enum Done {
    /// Answer to [`Effect::LoadReminders`].
    RemindersLoaded(RemindersLoaded),
    /// Answer to [`Effect::SaveReminders`].
    RemindersSaved(Result<(), ReminderError>),
    /// Answer to [`Effect::BackgroundReminders`].
    BackgroundReminders {
        /// What was asked.
        on: bool,
        /// Whether it was done.
        result: Result<(), ReminderError>,
        /// Whether the autostart entry exists now.
        autostart_present: bool,
    },
    /// Answer to [`Effect::TestReminder`].
    TestReminder(Result<(), NotifyError>),
    /// Answer to [`Effect::Export`]: the files written.
    Exported(u64, Result<Vec<PathBuf>, ExportError>),
    /// Answer to [`Effect::OpenFolder`].
    FolderOpened(PathBuf, Result<(), std::io::Error>),
    /// Answer to [`Effect::PlayCue`] (a player that fails is simply silent).
    CuePlayed,
    /// Answer to [`Effect::FindSoundPlayer`]: whether the sound cue can play.
    SoundPlayer(bool),
    /// Answer to [`Effect::ChooseFile`]: the path chosen (`None`: cancelled, or no dialog
    /// available, e.g. without a desktop portal).
    FileChosen {
        /// The form that asked.
        purpose: DialogFor,
        /// Its number for the dialog.
        seq: u64,
        /// The path chosen.
        path: Option<PathBuf>,
    },
    /// Answer to [`Effect::FindExportFolder`].
    ExportFolder(PathBuf),
    /// Answer to [`Effect::ImportPreview`]: the request and what the file holds (boxed: a
    /// preview is large beside the other answers).
    ImportPreview(PreviewRequest, Box<Result<Found, Message>>),
    /// Answer to [`Effect::PreviewCopy`]: the copy and what it holds, or why it cannot be used.
    CopyPreview(PathBuf, Result<crate::store::sync::CopyInfo, crate::store::sync::SyncError>),
    /// The effect stopped unexpectedly (a bug); the thread goes on with the next one.
    Failed(EffectKind),
}

/// Carries out one effect and says how it went. Blocks: the effects thread calls it (tests that
/// drive a view on its own may call it between frames).
pub fn carry_out(effect: Effect) -> Done {
    match effect {
        Effect::LoadReminders { config_home } => Done::RemindersLoaded(load_reminders(config_home)),
        Effect::SaveReminders { dir, config } => Done::RemindersSaved(config.save(&dir)),
        Effect::BackgroundReminders { config_home, exe, config, on } => {
            let dir = crate::reminders::config_dir_in(&config_home);
            let result = config.save(&dir).and_then(|()| {
                if on {
                    let exe = match exe {
                        Some(exe) => exe,
                        None => std::env::current_exe().map_err(|source| ReminderError::Io {
                            action: "start",
                            path: PathBuf::from("feltsense"),
                            source,
                        })?,
                    };
                    crate::reminders::schedule::enable(&config_home, &exe, true).map(drop)
                } else {
                    crate::reminders::schedule::disable(&config_home).map(drop)
                }
            });
            let autostart_present = crate::reminders::schedule::autostart_path(&config_home).exists();
            Done::BackgroundReminders { on, result, autostart_present }
        }
        Effect::TestReminder(lang) => Done::TestReminder(
            crate::reminders::notify::Notifier::session(false)
                .and_then(|n| n.send(&crate::reminders::notify::Message::test(lang), None))
                .map(drop),
        ),
        Effect::Export { seq, plan, entries, experiments, prep, job } => Done::Exported(
            seq,
            plan.run_from(entries.as_slice(), &experiments, &prep, &mut &*job).map(|done| done.files),
        ),
        Effect::OpenFolder(dir) => {
            let result = os::open_folder(&dir);
            Done::FolderOpened(dir, result)
        }
        Effect::PlayCue => {
            os::play_cue();
            Done::CuePlayed
        }
        Effect::FindSoundPlayer => Done::SoundPlayer(os::sound_available()),
        Effect::ChooseFile { purpose, seq, save, current, title } => {
            Done::FileChosen { purpose, seq, path: os::choose_file(save, &current, title) }
        }
        Effect::FindExportFolder => Done::ExportFolder(os::default_dir()),
        Effect::ImportPreview { request } => {
            let result = crate::export::import::read(&request.path, request.format, request.mapping.as_ref())
                .map_err(Message::new);
            Done::ImportPreview(request, Box::new(result))
        }
        Effect::ChooseFolder { purpose, seq, current, title } => {
            Done::FileChosen { purpose, seq, path: os::choose_folder(&current, title) }
        }
        Effect::PreviewCopy { path, key } => {
            let result = crate::store::sync::read_copy(&path, &key);
            Done::CopyPreview(path, result)
        }
    }
}

fn load_reminders(config_home: Option<PathBuf>) -> RemindersLoaded {
    let config_home = config_home.or_else(crate::reminders::config_home);
    let Some(home) = &config_home else {
        return RemindersLoaded {
            config_home: None,
            on_disk: false,
            config: ReminderConfig::default(),
            problem: Some(ReminderError::NoConfigHome),
            autostart_present: false,
        };
    };
    let dir = crate::reminders::config_dir_in(home);
    let exists = dir.join(crate::reminders::CONFIG_FILE).exists();
    let (config, problem) = ReminderConfig::load_or_default(&dir);
    RemindersLoaded {
        on_disk: exists && problem.is_none(),
        config,
        problem,
        autostart_present: crate::reminders::schedule::autostart_path(home).exists(),
        config_home,
    }
}

/// Which effect it was, for an answer that says one stopped unexpectedly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EffectKind {
    /// [`Effect::LoadReminders`].
    LoadReminders,
    /// [`Effect::SaveReminders`].
    SaveReminders,
    /// [`Effect::BackgroundReminders`].
    BackgroundReminders,
    /// [`Effect::TestReminder`].
    TestReminder,
    /// [`Effect::Export`].
    Export,
    /// [`Effect::OpenFolder`].
    OpenFolder,
    /// [`Effect::PlayCue`].
    Sound,
    /// [`Effect::FindSoundPlayer`].
    FindSoundPlayer,
    /// [`Effect::ChooseFile`].
    FileDialog,
    /// [`Effect::ImportPreview`].
    ImportPreview,
    /// [`Effect::FindExportFolder`].
    ExportFolder,
    /// [`Effect::PreviewCopy`].
    CopyPreview,
}

impl EffectKind {
    /// Its name in a message (and a log line).
    pub fn name(self) -> &'static str {
        match self {
            EffectKind::LoadReminders => "load-reminders",
            EffectKind::SaveReminders => "save-reminders",
            EffectKind::BackgroundReminders => "background-reminders",
            EffectKind::TestReminder => "test-reminder",
            EffectKind::Export => "export",
            EffectKind::OpenFolder => "open-folder",
            EffectKind::Sound => "sound",
            EffectKind::FindSoundPlayer => "find-sound-player",
            EffectKind::FileDialog => "file-dialog",
            EffectKind::ImportPreview => "import-preview",
            EffectKind::ExportFolder => "export-folder",
            EffectKind::CopyPreview => "copy-preview",
        }
    }
}

impl Effect {
    /// Which effect this is.
    pub fn kind(&self) -> EffectKind {
        match self {
            Effect::LoadReminders { .. } => EffectKind::LoadReminders,
            Effect::SaveReminders { .. } => EffectKind::SaveReminders,
            Effect::BackgroundReminders { .. } => EffectKind::BackgroundReminders,
            Effect::TestReminder(_) => EffectKind::TestReminder,
            Effect::Export { .. } => EffectKind::Export,
            Effect::OpenFolder(_) => EffectKind::OpenFolder,
            Effect::PlayCue => EffectKind::Sound,
            Effect::FindSoundPlayer => EffectKind::FindSoundPlayer,
            Effect::ChooseFile { .. } | Effect::ChooseFolder { .. } => EffectKind::FileDialog,
            Effect::PreviewCopy { .. } => EffectKind::CopyPreview,
            Effect::ImportPreview { .. } => EffectKind::ImportPreview,
            Effect::FindExportFolder => EffectKind::ExportFolder,
        }
    }
}

/// Shows a file dialog on its own thread (`feltsense-file-dialog`), which answers through
/// `answers`.
fn dialog(effect: Effect, answers: &Replier<Done>) {
    let answer = answers.clone();
    let spawned = std::thread::Builder::new().name("feltsense-file-dialog".into()).spawn(move || {
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| carry_out(effect)))
            .unwrap_or(Done::Failed(EffectKind::FileDialog));
        // Nobody listens only when the window closed meanwhile.
        answer.send(done);
    });
    if spawned.is_err() {
        // Every effect is answered once.
        answers.send(Done::Failed(EffectKind::FileDialog));
    }
}

/// The app's end of the effects thread: sends effects, receives their answers.
#[derive(Debug)]
pub struct Effects {
    service: Service<Effect, Done>,
}

impl Effects {
    /// Starts the thread `feltsense-effects`.
    pub fn start(ctx: &egui::Context) -> std::io::Result<Effects> {
        let service = Service::start(
            "feltsense-effects",
            ctx,
            0,
            |_| true,
            |effects: Receiver<Effect>, answers| {
                for effect in effects {
                    let what = effect.kind();
                    if matches!(effect, Effect::ChooseFile { .. } | Effect::ChooseFolder { .. }) {
                        // A dialog waits for the person: it gets a thread of its own, so a sound cue
                        // or a settings save is not held up meanwhile.
                        dialog(effect, &answers);
                        continue;
                    }
                    // A bug in one effect (a panic) is answered, and the thread goes on.
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| carry_out(effect)))
                        .unwrap_or(Done::Failed(what));
                    // Nobody listens only when the window closed meanwhile.
                    if !answers.send(done) {
                        return;
                    }
                }
            },
        )?;
        Ok(Effects { service })
    }

    /// Hands an effect to the thread. False when the thread has ended.
    pub fn send(&mut self, effect: Effect) -> bool {
        self.service.send(effect, true)
    }

    /// The next answer, if one is there (never blocks). [`TryRecvError::Disconnected`] when the
    /// thread has ended.
    pub fn try_recv(&mut self) -> Result<Done, TryRecvError> {
        self.service.try_recv()
    }

    /// Waits up to `timeout` for the next answer (tests only; the window never waits).
    pub fn recv_timeout(&mut self, timeout: Duration) -> Option<Done> {
        self.service.recv_timeout(timeout)
    }

    /// How many effects are not answered yet.
    pub fn pending(&self) -> usize {
        self.service.pending()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_are_carried_out_in_order_off_the_calling_thread() {
        let ctx = egui::Context::default();
        let home = tempfile::tempdir().expect("tempdir");
        let mut fx = Effects::start(&ctx).expect("start");
        let dir = crate::reminders::config_dir_in(home.path());
        let mut config = ReminderConfig::default();
        config.times[0].enabled = true;
        assert!(fx.send(Effect::SaveReminders { dir: dir.clone(), config: config.clone() }));
        assert!(fx.send(Effect::LoadReminders { config_home: Some(home.path().to_path_buf()) }));
        assert_eq!(fx.pending(), 2);
        assert!(matches!(fx.recv_timeout(Duration::from_secs(20)), Some(Done::RemindersSaved(Ok(())))));
        let Some(Done::RemindersLoaded(loaded)) = fx.recv_timeout(Duration::from_secs(20)) else {
            panic!("the settings as saved")
        };
        assert_eq!(fx.pending(), 0);
        assert!(loaded.on_disk);
        assert!(loaded.problem.is_none());
        assert_eq!(loaded.config.times, config.times);
        assert!(!loaded.autostart_present);
    }

    #[test]
    fn an_export_error_is_answered_with_its_number() {
        let ctx = egui::Context::default();
        let dir = tempfile::tempdir().expect("tempdir");
        let mut fx = Effects::start(&ctx).expect("start");
        let plan = Plan::new(
            crate::export::plan::Format::Json,
            dir.path().join("missing-folder").join("x.json"),
            chrono::NaiveDate::MIN,
        );
        let nothing = (Arc::new(Vec::new()), Arc::new(Vec::new()));
        assert!(fx.send(Effect::Export {
            seq: 7,
            plan: Box::new(plan),
            entries: nothing.0,
            experiments: nothing.1,
            prep: Arc::default(),
            job: Tracker::new(),
        }));
        match fx.recv_timeout(Duration::from_secs(20)) {
            Some(Done::Exported(7, Err(ExportError::Io { path, .. }))) => assert!(path.ends_with("x.json")),
            other => panic!("expected a write error, got {other:?}"),
        }
    }
}
