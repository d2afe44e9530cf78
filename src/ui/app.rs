//! The eframe app: owns the views, sends the journal worker requests, applies its replies,
//! reports errors once.
//!
//! The app never touches SQLite or the journal file: [`Worker`] owns the store on a thread of its
//! own. Each frame the app takes the worker's replies (`try_recv`, never blocking), keeps its
//! latest [`Snapshot`], draws the views from a [`ViewCx`] holding it, and turns the views'
//! [`Command`]s into [`Request`]s after the frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::TryRecvError;
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{Lang, Message};
use crate::reminders::runner::{OPEN_VIEW_ENV, WindowReminders};
use crate::store::backup::{self, BackupError, BackupInfo};
use crate::store::{Passphrase, Store, StoreError, default_path};
use crate::ui::command::Command;
use crate::ui::effects::{Done, Effect, Effects};
use crate::ui::settings::{STORAGE_KEY, Settings, Theme};
use crate::ui::snapshot::Snapshot;
use crate::ui::toast::{ToastAction, Toasts};
use crate::ui::views::backups::BackupsView;
use crate::ui::views::files::FilesView;
use crate::ui::views::insights::InsightsView;
use crate::ui::views::journal::JournalView;
use crate::ui::views::lock::{LockContext, PassphraseView, UnlockView};
use crate::ui::views::log::LogView;
use crate::ui::views::practice::PracticeView;
use crate::ui::views::settings::{JournalInfo, SettingsView};
use crate::ui::views::{ViewCx, ViewKind};
use crate::ui::worker::{BeforeOpening, RekeyFailed, Reply, Request, Worker};

/// Save the log form.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Save the log form (alternative).
pub const SAVE_ENTER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
/// Quit.
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
/// Brings back the last deleted entry (when no text field has the keyboard; there it undoes typing).
pub const UNDO_DELETE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);

/// How long the Journal's filter waits after the last keystroke before it asks the worker.
pub const FILTER_DEBOUNCE: Duration = Duration::from_millis(150);

/// How long a test frame waits for the worker at most (see [`App::wait_for_worker`]).
const TEST_WAIT: Duration = Duration::from_secs(20);

/// The journal file's state, as the window knows it (the store itself is the worker's).
enum Journal {
    /// Being opened by the worker (the window shows first).
    Opening(PathBuf),
    /// Open and usable; the file (`None` for an in-memory journal).
    Open(Option<PathBuf>),
    /// Could not be opened; the message says why (worded when shown). Nothing was written to the
    /// file.
    Failed(PathBuf, Message),
    /// Locked with a passphrase: waiting for the person to type it.
    Locked(PathBuf),
    /// No location could be determined.
    Missing,
}

/// The Feltsense window.
pub struct App {
    /// Persisted settings.
    pub settings: Settings,
    journal: Journal,
    /// The worker that owns the journal (opening it, or serving requests).
    worker: Option<Worker>,
    /// The thread that writes files, starts programs and plays sounds for the views (started on
    /// the first frame).
    effects: Option<Effects>,
    /// A journal handed to [`App::with_store`], moved to its worker on the first frame.
    handed: Option<Store>,
    /// The journal as the worker last published it; every view draws from it.
    snapshot: Arc<Snapshot>,
    /// The generation for which the entries were asked for (once per generation).
    entries_asked: Option<u64>,
    /// Set when `--db` or `FELTSENSE_DB` chose the file for this run (named, for Settings), or
    /// when the app was built around an open journal (then reopening goes back to its file).
    forced: Option<(PathBuf, Option<&'static str>)>,
    /// The view on screen.
    pub view: ViewKind,
    /// The log form.
    pub log: LogView,
    /// The journal list.
    pub journal_view: JournalView,
    /// Trends, heat maps, weekly review, after an emotion (entries loaded in the background).
    pub insights: InsightsView,
    /// Guided practices with a rating before and after.
    pub practice: PracticeView,
    /// Export for the physiotherapist and import from other apps.
    pub files: FilesView,
    settings_view: SettingsView,
    backups_view: BackupsView,
    /// Messages at the bottom.
    pub toasts: Toasts,
    was_focused: bool,
    last_deleted: Option<crate::model::Entry>,
    /// A save is on its way to the worker: a second Save waits for its answer.
    saving: bool,
    applied_theme: Option<Theme>,
    commands: Vec<Command>,
    /// Commands that need the journal file to themselves (a restore), asked for while it was
    /// still being opened: applied once the worker has opened it (or failed to).
    deferred: Vec<Command>,
    /// Whether Help → Keyboard shortcuts is open.
    pub shortcuts_open: bool,
    /// The journal's backups, listed when asked for.
    pub backups: Option<Result<Vec<BackupInfo>, Arc<BackupError>>>,
    /// The worker was asked to list the backups and has not answered yet.
    backups_asked: bool,
    /// Sends the day's check-in reminders while the window is open (a thread of its own).
    reminders: Option<WindowReminders>,
    /// The passphrase the journal was unlocked with (kept in memory only, while the window runs).
    key: Option<Passphrase>,
    /// The form that asks for the passphrase of a locked journal.
    unlock_view: UnlockView,
    /// Settings' form to lock the journal, change its passphrase or remove the lock.
    passphrase_view: PassphraseView,
    /// Tests: each frame waits (bounded) for the worker's answers, see [`App::wait_for_worker`].
    wait_for_worker: bool,
    /// Unit tests: code run in the middle of a frame.
    #[cfg(test)]
    probe: Option<Box<dyn FnMut()>>,
}

impl App {
    /// Creates the app around an already opened journal (tests, benchmarks). The store moves to
    /// the journal worker on the first frame. Whatever reopens the journal (a restore, a
    /// passphrase change) reopens that file, never the default one.
    pub fn with_store(store: Store, settings: Settings) -> App {
        let path = store.path().map(Path::to_path_buf);
        let mut app = App::empty(settings, path.clone().map(|p| (p, None)));
        app.key = store.passphrase().cloned();
        app.journal = Journal::Open(path);
        app.handed = Some(store);
        app
    }

    fn empty(settings: Settings, forced: Option<(PathBuf, Option<&'static str>)>) -> App {
        App {
            view: settings.last_view,
            settings,
            journal: Journal::Missing,
            worker: None,
            effects: None,
            handed: None,
            snapshot: Arc::default(),
            entries_asked: None,
            forced,
            log: LogView::default(),
            journal_view: JournalView::default(),
            insights: InsightsView::default(),
            practice: PracticeView::default(),
            files: FilesView::default(),
            settings_view: SettingsView::default(),
            backups_view: BackupsView::default(),
            toasts: Toasts::default(),
            was_focused: true,
            last_deleted: None,
            saving: false,
            applied_theme: None,
            commands: Vec::new(),
            deferred: Vec::new(),
            shortcuts_open: false,
            backups: None,
            backups_asked: false,
            reminders: None,
            key: None,
            unlock_view: UnlockView::default(),
            passphrase_view: PassphraseView::default(),
            wait_for_worker: false,
            #[cfg(test)]
            probe: None,
        }
    }

    /// For headless tests: each frame ends by waiting (at most 20 s) until the journal worker
    /// has answered everything asked so far (and the backups are listed), and the Journal filter does not wait for typing to
    /// pause, so `Harness::run` sees the results of a click. The window never waits.
    pub fn wait_for_worker(mut self) -> App {
        self.wait_for_worker = true;
        self
    }

    /// Creates the app as eframe starts it: restores settings, then opens the journal on the
    /// worker thread so the window appears at once.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, db_flag: Option<PathBuf>) -> App {
        let settings: Settings = cc.storage.and_then(|s| eframe::get_value(s, STORAGE_KEY)).unwrap_or_default();
        let forced = match db_flag {
            Some(p) => Some((p, Some("--db"))),
            None => std::env::var_os("FELTSENSE_DB")
                .filter(|v| !v.is_empty())
                .map(|v| (PathBuf::from(v), Some("FELTSENSE_DB"))),
        };
        let mut app = App::empty(settings, forced);
        app.start_opening(&cc.egui_ctx, None);
        // A reminder's "Log now" starts Feltsense with this set.
        if std::env::var(OPEN_VIEW_ENV).as_deref() == Ok("log") {
            app.view = ViewKind::Log;
        }
        match crate::reminders::config_dir() {
            Ok(dir) => {
                let ctx = cc.egui_ctx.clone();
                match WindowReminders::start(dir, app.wanted_path(), move || ctx.request_repaint()) {
                    Ok(r) => app.reminders = Some(r),
                    Err(e) => eprintln!("feltsense: reminders are off for this run: {e}"),
                }
            }
            Err(e) => eprintln!("feltsense: reminders are off for this run: {e}"),
        }
        app
    }

    /// The journal file this run should use.
    fn wanted_path(&self) -> Option<PathBuf> {
        self.forced
            .as_ref()
            .map(|(p, _)| p.clone())
            .or_else(|| self.settings.journal_path.clone())
            .or_else(default_path)
    }

    /// Creates the app and opens the journal at `path` as the window does (lock, open, daily
    /// backup on the worker). Public for tests of that path.
    pub fn open_path(path: PathBuf, settings: Settings, ctx: &egui::Context) -> App {
        let mut app = App::empty(settings, Some((path, Some("--db"))));
        app.start_opening(ctx, None);
        app
    }

    /// Starts a new worker for the wanted file: the old one (if any) is stopped first, and the
    /// new one does `before` (a passphrase change, a restore) while it holds the window lock.
    fn start_opening(&mut self, ctx: &egui::Context, before: Option<BeforeOpening>) {
        if let Some(r) = &self.reminders {
            r.set_journal(self.wanted_path());
        }
        // Let go of the previous journal (its worker ends once it has closed it).
        let previous = self.worker.take().and_then(Worker::stop);
        self.handed = None;
        // Nothing of the previous journal stays on screen; the new worker's snapshots follow on
        // from this generation, so no cache mistakes one journal for the other.
        self.snapshot = Arc::new(Snapshot { generation: self.snapshot.generation + 1, ..Snapshot::default() });
        self.entries_asked = None;
        self.journal = Journal::Missing;
        self.backups = None;
        self.backups_asked = false;
        self.saving = false;
        let Some(path) = self.wanted_path() else {
            return;
        };
        match Worker::open(ctx, path.clone(), self.key.clone(), before, previous, self.snapshot.generation) {
            Ok(w) => {
                self.worker = Some(w);
                self.journal = Journal::Opening(path);
            }
            Err(e) => self.journal = Journal::Failed(path, Message::new(e)),
        }
    }

    /// Sends `request` to the worker of an open journal. False when no journal is open.
    fn request(&mut self, request: Request) -> bool {
        if !matches!(self.journal, Journal::Open(_)) {
            return false;
        }
        self.worker.as_mut().is_some_and(|w| w.send(request))
    }

    /// Takes every reply that has arrived (never blocks).
    fn poll_worker(&mut self, ctx: &egui::Context) {
        loop {
            let Some(w) = self.worker.as_mut() else { return };
            match w.try_recv() {
                Ok(reply) => self.on_reply(reply, ctx),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.worker_ended();
                    return;
                }
            }
        }
    }

    /// Tests only: waits until the worker has answered everything asked so far.
    fn settle(&mut self, ctx: &egui::Context) {
        let deadline = Instant::now() + TEST_WAIT;
        let mut any = false;
        while let Some(w) = self.worker.as_mut()
            && w.pending() > 0
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match w.recv_timeout(left) {
                Some(reply) => {
                    any = true;
                    self.on_reply(reply, ctx);
                }
                None => {
                    self.poll_worker(ctx);
                    break;
                }
            }
        }
        while let Some(fx) = self.effects.as_mut()
            && fx.pending() > 0
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match fx.recv_timeout(left) {
                Some(done) => {
                    any = true;
                    self.on_done(done);
                }
                None => {
                    self.poll_effects();
                    break;
                }
            }
        }
        if any {
            ctx.request_repaint();
        }
    }

    /// Takes every answer of the effects thread that has arrived (never blocks).
    fn poll_effects(&mut self) {
        loop {
            let Some(fx) = self.effects.as_mut() else { return };
            match fx.try_recv() {
                Ok(done) => self.on_done(done),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.effects = None;
                    self.effects_stopped();
                    return;
                }
            }
        }
    }

    /// Hands an effect to the effects thread (started when first needed).
    fn effect(&mut self, effect: Effect, ctx: &egui::Context) {
        if self.effects.is_none() {
            match Effects::start(ctx) {
                Ok(fx) => self.effects = Some(fx),
                Err(e) => eprintln!("feltsense: the effects thread could not start: {e}"),
            }
        }
        if !self.effects.as_mut().is_some_and(|fx| fx.send(effect)) {
            self.effects = None;
            self.effects_stopped();
        }
    }

    /// The effects thread is not there: whatever waits for an answer is told.
    fn effects_stopped(&mut self) {
        let why = Message::fixed(
            "The part of Feltsense that writes files stopped; nothing was written.",
            "Het deel van Feltsense dat bestanden schrijft, is gestopt; er is niets geschreven.",
        );
        self.files.export.export_stopped(why.clone());
        self.settings_view.reminders.effects_stopped();
        self.files.effects_stopped(why.clone());
        if self.practice.sound_player().is_none() {
            // Without the thread no cue can play.
            self.practice.set_sound_player(false);
        }
        self.toasts.error(why);
    }

    /// Applies one answer of the effects thread.
    fn on_done(&mut self, done: Done) {
        match done {
            Done::Exported(seq, result) => {
                let result = result.map_err(Message::new);
                if let Err(e) = &result {
                    self.toasts.error(e.clone());
                }
                self.files.export.exported(seq, result);
            }
            Done::FolderOpened(_, Ok(())) | Done::CuePlayed => {}
            Done::SoundPlayer(found) => self.practice.set_sound_player(found),
            Done::FileChosen { purpose, seq, path } => self.files.file_chosen(purpose, seq, path),
            Done::ExportFolder(dir) => self.files.export.set_export_folder(dir),
            Done::ImportPreview(request, result) => {
                // An answer to an older request (another file chosen meanwhile) is dropped.
                self.files.import.previewed(request, result);
            }
            Done::FolderOpened(dir, Err(e)) => self.toasts.error(Message::from_fn(move |lang| {
                format!(
                    "{} {} ({})",
                    lang.pick("The folder could not be opened:", "De map kon niet worden geopend:"),
                    dir.display(),
                    crate::model::text::io_error(&e, lang)
                )
            })),
            Done::Failed(what) => {
                let why = Message::from_fn(move |lang| {
                    format!(
                        "{} ({what})",
                        lang.pick(
                            "This stopped unexpectedly; nothing was written.",
                            "Dit stopte onverwacht; er is niets geschreven."
                        )
                    )
                });
                if what == "export" {
                    self.files.export.export_stopped(why.clone());
                }
                if what == "find-sound-player" {
                    self.practice.set_sound_player(false);
                }
                if what == "file-dialog" {
                    self.files.dialogs_closed();
                }
                if what == "export-folder" {
                    // Where `default_dir` itself ends without a home folder.
                    self.files.export.set_export_folder(PathBuf::from("."));
                }
                if what == "import-preview" {
                    self.files.import.preview_stopped(why.clone());
                }
                self.toasts.error(why);
            }
            reminders => self.settings_view.reminders.receive(reminders),
        }
    }

    /// The worker's thread has ended: after a failed opening that is expected; otherwise it
    /// stopped unexpectedly and the journal is no longer usable.
    fn worker_ended(&mut self) {
        self.worker = None;
        match &self.journal {
            Journal::Opening(path) => {
                let why = Message::fixed(
                    "the journal could not be opened (internal error)",
                    "het dagboek kon niet worden geopend (interne fout)",
                );
                self.journal = Journal::Failed(path.clone(), why);
            }
            Journal::Open(path) => {
                let path = path.clone().or_else(|| self.wanted_path()).unwrap_or_default();
                let why = Message::fixed(
                    "the journal stopped responding (internal error)",
                    "het dagboek reageert niet meer (interne fout)",
                );
                self.journal = Journal::Failed(path, why);
            }
            _ => {}
        }
    }

    /// Applies one reply of the worker.
    fn on_reply(&mut self, reply: Reply, ctx: &egui::Context) {
        let lang = self.lang();
        let not_found = || Message::new(StoreError::NotFound);
        match reply {
            Reply::Opened { path, key } => {
                self.key = key;
                if let Some(r) = &self.reminders {
                    r.set_key(self.key.clone());
                }
                self.unlock_view = UnlockView::default();
                self.journal = Journal::Open(path);
                self.commands.append(&mut self.deferred);
            }
            Reply::OpenFailed(e) => {
                let path = self.opening_path();
                self.journal = Journal::Failed(path, Message::new(e));
                self.commands.append(&mut self.deferred);
            }
            Reply::NeedsPassphrase(wrong) => {
                self.key = None;
                self.unlock_view.set_wrong(wrong);
                self.journal = Journal::Locked(self.opening_path());
                self.commands.append(&mut self.deferred);
            }
            Reply::PassphraseChanged(done) => self.passphrase_changed(done),
            Reply::Restored(from, result) => {
                self.backups_view.restored(&from, &result);
                match result {
                    Ok(r) => {
                        let kept = r.safety_backup.as_ref().map(|b| b.path.clone()).or(r.set_aside.clone());
                        let mut text = format!(
                            "{} ({} {}).",
                            lang.pick("Backup restored", "Back-up teruggezet"),
                            r.entries,
                            lang.pick("entries", "notities")
                        );
                        if let Some(k) = kept {
                            text.push_str(&format!(
                                " {} {}",
                                lang.pick("The journal as it was is kept in", "Het dagboek zoals het was, staat in"),
                                k.display()
                            ));
                        }
                        self.toasts.info(text);
                    }
                    Err(e) => self.toasts.error(Message::new(e)),
                }
            }
            Reply::DailyBackup(Err(e)) => self.toasts.error(
                Message::new(e).after("Today's backup could not be made:", "De back-up van vandaag is niet gelukt:"),
            ),
            Reply::DailyBackup(Ok(_)) => {}
            Reply::Snapshot(snapshot) => self.snapshot = snapshot,
            Reply::ReadFailed(e) => self.toasts.error(Message::new(e)),
            Reply::EntriesLoaded | Reply::OutsideChange(_) | Reply::NotOpen => {}
            Reply::Backups(list) => {
                self.backups_asked = false;
                self.backups = Some(list);
            }
            Reply::Page(query, result) => {
                if let Some(e) = self.journal_view.receive_page(query, result) {
                    self.toasts.error(e);
                }
            }
            Reply::Count(generation, filter, result) => match result {
                Ok(n) => self.journal_view.receive_count(generation, filter, n),
                Err(e) => self.toasts.error(Message::new(e)),
            },
            Reply::Saved(editing, result) => {
                self.saving = false;
                match result {
                    Ok(()) => {
                        self.log = LogView::default();
                        self.toasts.info(if editing {
                            lang.pick("Changes saved.", "Wijzigingen bewaard.")
                        } else {
                            lang.pick("Saved.", "Bewaard.")
                        });
                    }
                    Err(e) => {
                        // The form keeps everything; the message says why.
                        let msg = Message::new(e);
                        self.log.error = Some(msg.clone());
                        self.toasts.error(msg);
                    }
                }
            }
            Reply::SavedAll(result) => {
                self.saving = false;
                match result {
                    Ok(()) => {
                        self.practice.save_succeeded();
                        self.toasts.info(lang.pick("Saved.", "Bewaard."));
                    }
                    Err(e) => {
                        let msg = Message::new(e);
                        self.practice.save_failed(msg.clone());
                        self.toasts.error(msg);
                    }
                }
            }
            Reply::Got(Ok(Some(e))) => {
                self.log = LogView::edit(e);
                self.view = ViewKind::Log;
            }
            Reply::Got(Ok(None)) => self.toasts.error(not_found()),
            Reply::Got(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Deleted(Ok(e)) => {
                // The toast (a live region, so it is announced) names the entry; its Undo button
                // and Ctrl+Z bring it back.
                let when = crate::ui::views::journal::entry_when(&e, lang);
                let text = match lang {
                    Lang::En => format!("Entry of {when} deleted."),
                    Lang::Nl => format!("Notitie van {when} verwijderd."),
                };
                self.last_deleted = Some(e);
                self.toasts.info_with(text, ToastAction::UndoDelete);
            }
            Reply::Deleted(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Undeleted(e, Ok(())) => {
                let when = crate::ui::views::journal::entry_when(&e, lang);
                self.toasts.info(match lang {
                    Lang::En => format!("Entry of {when} restored."),
                    Lang::Nl => format!("Notitie van {when} teruggezet."),
                });
            }
            Reply::Undeleted(entry, Err(e)) => {
                self.last_deleted = Some(entry);
                self.toasts.error(Message::new(e));
            }
            Reply::LastCheckIn(Ok(Some(prev))) => self.log.copy_map_from(&prev),
            Reply::LastCheckIn(Ok(None)) => {
                self.toasts.info(lang.pick("There is no earlier check-in yet.", "Er is nog geen eerdere meting."));
            }
            Reply::LastCheckIn(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::CustomEmotionAdded(Ok(())) => {}
            Reply::CustomEmotionAdded(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Imported(Ok(outcome)) => {
                let n = outcome.added;
                self.files.import.imported(outcome.added_uids, outcome.already_present);
                self.toasts.info(format!("{} {n}", lang.pick("Entries imported:", "Notities geïmporteerd:")));
            }
            Reply::Imported(Err(e)) => {
                let msg = Message::new(e);
                self.files.import.import_failed(msg.clone());
                self.toasts.error(msg);
            }
            Reply::ImportUndone(Ok(n)) => {
                self.files.import.undone(n);
                self.toasts.info(lang.pick("Import undone.", "Import ongedaan gemaakt."));
            }
            Reply::ImportUndone(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::BackedUp(Ok(info)) => {
                self.toasts.info(format!(
                    "{} {}",
                    lang.pick("Backed up to", "Back-up gemaakt in"),
                    info.path.display()
                ));
                self.apply(Command::ListBackups, ctx);
            }
            Reply::BackedUp(Err(e)) => self.toasts.error(Message::new(e)),
        }
    }

    /// The file being opened (for a reply about it).
    fn opening_path(&self) -> PathBuf {
        match &self.journal {
            Journal::Opening(p) => p.clone(),
            _ => self.wanted_path().unwrap_or_default(),
        }
    }

    /// Reports a passphrase change (the journal is being opened again meanwhile).
    fn passphrase_changed(&mut self, done: Result<backup::PassphraseChanged, RekeyFailed>) {
        let lang = self.lang();
        match done {
            Ok(d) => {
                self.passphrase_view = PassphraseView::default();
                let mut text = lang.pick("Done.", "Gelukt.").to_owned();
                if d.backups_converted > 0 {
                    text.push_str(&format!(
                        " {} {}.",
                        d.backups_converted,
                        lang.pick("backups were converted too", "back-ups zijn ook omgezet")
                    ));
                }
                self.toasts.info(text);
                if !d.backups_kept.is_empty() {
                    let kept = d.backups_kept.len();
                    self.toasts.error(Message::from_fn(move |lang| {
                        format!(
                            "{kept} {}",
                            lang.pick(
                                "backups keep their old passphrase (they did not open with the current one).",
                                "back-ups houden hun oude wachtwoord (ze gingen niet open met het huidige)."
                            )
                        )
                    }));
                }
            }
            Err(e) => {
                let e = Message::new(e);
                self.passphrase_view.set_error(e.clone());
                self.toasts.error(e);
            }
        }
    }

    /// Whether the journal is open (the worker serves requests).
    fn is_open(&self) -> bool {
        matches!(self.journal, Journal::Open(_))
    }

    fn journal_path(&self) -> Option<&Path> {
        match &self.journal {
            Journal::Opening(p) | Journal::Failed(p, _) | Journal::Locked(p) => Some(p),
            Journal::Open(p) => p.as_deref(),
            Journal::Missing => None,
        }
    }

    /// The data generation of the journal's latest snapshot (bumped on every change).
    pub fn generation(&self) -> u64 {
        self.snapshot.generation
    }

    /// True while the journal worker has requests (or the opening) unanswered.
    pub fn is_waiting(&self) -> bool {
        self.worker.as_ref().is_some_and(|w| w.pending() > 0)
    }

    fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Asks the worker for what the caches lack. Only when the generation, a filter or the date
    /// changed; never waits for the answer.
    fn refresh(&mut self, ctx: &egui::Context) {
        if !self.is_open() {
            return;
        }
        let generation = self.generation();
        let lang = self.lang();
        if self.view == ViewKind::Journal {
            let now = ctx.input(|i| i.time);
            let debounce = if self.wait_for_worker { 0.0 } else { FILTER_DEBOUNCE.as_secs_f64() };
            let want = self.journal_view.want(generation, now, debounce, lang);
            if let Some(q) = want.page {
                self.request(Request::Page(q));
            }
            if let Some((generation, filter)) = want.count {
                self.request(Request::Count { generation, filter });
            }
            if let Some(after) = want.repaint_after {
                ctx.request_repaint_after(after);
            }
        }
    }

    /// Notices entries written by another program (the CLI, another device's sync) when the
    /// window regains focus: the worker compares SQLite's data version.
    fn check_outside_changes(&mut self, focused: bool) {
        if focused && !self.was_focused {
            self.request(Request::CheckOutside);
        }
        self.was_focused = focused;
    }

    /// Applies one command: most become requests to the worker.
    fn apply(&mut self, cmd: Command, ctx: &egui::Context) {
        let not_open_saved = Message::fixed(
            "The journal is not open, so nothing was saved.",
            "Het dagboek is niet open; er is niets bewaard.",
        );
        match cmd {
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Reopen => self.start_opening(ctx, None),
            Command::ListBackups => {
                // Also the worker of a journal that could not be opened answers this.
                if let Some(w) = self.worker.as_mut()
                    && w.send(Request::ListBackups)
                {
                    self.backups_asked = true;
                }
            }
            Command::BackupNow => {
                self.request(Request::BackupNow);
            }
            Command::RestoreBackup(from, backup_key) => {
                if matches!(self.journal, Journal::Opening(..)) {
                    // The worker is still opening the file: restore once it is done.
                    self.deferred.push(Command::RestoreBackup(from, backup_key));
                    return;
                }
                // A new worker restores while it holds the file to itself, then opens it.
                self.start_opening(ctx, Some(BeforeOpening::Restore { from, backup_key }));
            }
            Command::Unlock(key) => {
                self.key = Some(key);
                self.start_opening(ctx, None);
            }
            Command::ChangePassphrase { current, new } => {
                if self.is_open() {
                    // A new worker changes it while it holds the window lock, then reopens.
                    self.start_opening(ctx, Some(BeforeOpening::Rekey { current, new }));
                }
            }
            Command::OpenJournal(p) => {
                self.key = None;
                self.settings.journal_path = p;
                self.forced = None;
                self.start_opening(ctx, None);
            }
            Command::SaveEntry(entry) => {
                if self.saving {
                    return;
                }
                if self.request(Request::Save(entry)) {
                    self.saving = true;
                } else {
                    self.log.error = Some(not_open_saved);
                }
            }
            Command::SaveEntries(entries) => {
                if self.saving {
                    return;
                }
                if self.request(Request::SaveAll(entries)) {
                    self.saving = true;
                } else {
                    self.practice.save_failed(not_open_saved.clone());
                    self.toasts.error(not_open_saved);
                }
            }
            Command::EditEntry(id) => {
                self.request(Request::Get(id));
            }
            Command::DeleteEntry(id) => {
                self.request(Request::Delete(id));
            }
            Command::UndoDelete => {
                if let Some(e) = self.last_deleted.take()
                    && !self.request(Request::Undelete(e.clone()))
                {
                    self.last_deleted = Some(e);
                }
            }
            Command::SameAsLastTime => {
                self.request(Request::LastCheckIn);
            }
            Command::AddCustomEmotion(code) => {
                self.request(Request::AddCustomEmotion(code));
            }
            Command::Import(entries) => {
                if !self.request(Request::Import(entries)) {
                    self.files.import.import_failed(Message::fixed(
                        "The journal is not open, so nothing was imported.",
                        "Het dagboek is niet open; er is niets geïmporteerd.",
                    ));
                }
            }
            Command::UndoImport(uids) => {
                self.request(Request::UndoImport(uids));
            }
            Command::Effect(effect) => self.effect(effect, ctx),
        }
    }

    /// Draws the whole window. Public so headless tests can drive it.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        // Frame code never touches the journal; debug builds check it (see `store::guard`).
        let _frame = crate::store::guard::ui_frame();
        let ctx = ui.ctx().clone();
        if let Some(store) = self.handed.take() {
            match Worker::with_store(&ctx, store, self.snapshot.generation) {
                Ok(w) => self.worker = Some(w),
                Err(e) => {
                    let path = self.wanted_path().unwrap_or_default();
                    self.journal = Journal::Failed(path, Message::new(e));
                }
            }
        }
        self.poll_worker(&ctx);
        self.poll_effects();
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
        let focused = ui.input(|i| i.focused);
        self.check_outside_changes(focused);
        if self.wait_for_worker {
            self.settle(&ctx);
        }

        // Global shortcuts, taken before any text field can see them.
        let (save, quit) =
            ui.input_mut(|i| (i.consume_shortcut(&SAVE) | i.consume_shortcut(&SAVE_ENTER), i.consume_shortcut(&QUIT)));
        if quit {
            self.commands.push(Command::Quit);
        }
        if self.last_deleted.is_some()
            && !ctx.egui_wants_keyboard_input()
            && ui.input_mut(|i| i.consume_shortcut(&UNDO_DELETE))
        {
            self.commands.push(Command::UndoDelete);
        }
        if self.reminders.as_ref().is_some_and(WindowReminders::take_open_log_request) {
            self.view = ViewKind::Log;
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.shortcuts_open = !self.shortcuts_open;
        }
        let digit_keys =
            [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
        for (i, key) in digit_keys.into_iter().enumerate() {
            if let Some(&v) = ViewKind::ALL.get(i)
                && ui.input_mut(|inp| inp.consume_key(Modifiers::COMMAND, key))
            {
                self.view = v;
                self.settings.last_view = v;
            }
        }
        if save && self.view == ViewKind::Log && self.is_open() {
            let lang = self.lang();
            self.log.request_save(lang, &mut self.commands);
        }

        // Ctrl+L from any view opens the log with the keyboard in its quick-log line.
        let quick_log = crate::ui::views::log::FOCUS_QUICK_LOG;
        if ui.input(|i| i.modifiers.matches_exact(quick_log.modifiers) && i.key_pressed(quick_log.logical_key)) {
            self.view = ViewKind::Log;
        }

        self.refresh(&ctx);
        if self.wait_for_worker {
            // Tests: what was just asked arrives before the views draw, as if it were at hand.
            self.settle(&ctx);
            self.refresh(&ctx);
        }
        let lang = self.lang();
        // The window's accessible name says where the person is.
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(format!("Feltsense – {}", self.view.name(lang)));
        });

        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong("Feltsense");
                ui.separator();
                for v in ViewKind::ALL {
                    if ui.selectable_label(self.view == v, v.name(lang)).clicked() {
                        self.view = v;
                        self.settings.last_view = v;
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(lang.pick("Help", "Help")).on_hover_text("F1").clicked() {
                        self.shortcuts_open = !self.shortcuts_open;
                    }
                });
            });
        });
        egui::Panel::bottom("toasts").show_separator_line(false).show(ui, |ui| {
            if let Some(ToastAction::UndoDelete) = self.toasts.show(ui, lang) {
                self.commands.push(Command::UndoDelete);
            }
        });
        egui::CentralPanel::default_margins().show(ui, |ui| self.central(ui));
        #[cfg(test)]
        if let Some(probe) = self.probe.as_mut() {
            probe();
        }
        crate::ui::views::shortcuts::window(&ctx, &mut self.shortcuts_open, lang);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            for c in commands {
                self.apply(c, &ctx);
            }
            ctx.request_repaint();
        }
        if self.wait_for_worker {
            self.settle(&ctx);
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        if let Journal::Failed(path, msg) = &self.journal {
            let (path, msg) = (path.clone(), msg.text(lang));
            self.failure_ui(ui, &path, &msg);
            return;
        }
        if let Journal::Locked(path) = &self.journal {
            let path = path.clone();
            egui::ScrollArea::vertical().id_salt("unlock_scroll").show(ui, |ui| {
                let mut cmds = self.unlock_view.ui(ui, lang, &path);
                ui.add_space(16.0);
                // Another journal can be chosen here too.
                let forced_by = self.forced.as_ref().and_then(|(_, s)| *s);
                let info = JournalInfo { path: Some(&path), forced_by, entries: None };
                cmds.extend(self.settings_view.journal_file_ui(ui, &self.settings, &info));
                self.commands.append(&mut cmds);
            });
            return;
        }
        if matches!(self.journal, Journal::Missing) && self.view != ViewKind::Settings {
            ui.label(lang.pick(
                "No place for the journal could be found. Choose a file in Settings.",
                "Er is geen plek voor het dagboek gevonden. Kies een bestand in Instellingen.",
            ));
        }
        let snapshot = Arc::clone(&self.snapshot);
        let cx = ViewCx::new(lang, &snapshot, self.is_open());
        let mut cmds = match self.view {
            ViewKind::Log => self.log.ui(ui, &cx),
            ViewKind::Journal => self.journal_view.ui(ui, &cx),
            ViewKind::Insights => {
                self.insights.ui(ui, &cx);
                Vec::new()
            }
            ViewKind::Practice => self.practice.ui(ui, &cx),
            ViewKind::Share => self.files.ui(ui, &cx),
            ViewKind::Settings => {
                // The count is known once the worker has published a snapshot of the open journal.
                let entries = (self.is_open() && snapshot.generation > 0).then_some(snapshot.count);
                let path = self.journal_path().map(Path::to_path_buf);
                let info = JournalInfo {
                    path: path.as_deref(),
                    forced_by: self.forced.as_ref().and_then(|(_, s)| *s),
                    entries,
                };
                let can_back_up = self.is_open();
                egui::ScrollArea::vertical()
                    .id_salt("settings_scroll")
                    .show(ui, |ui| {
                        let mut cmds = self.settings_view.ui(ui, &mut self.settings, &info);
                        ui.add_space(8.0);
                        let lock = LockContext { lang, locked: self.is_open().then_some(self.key.is_some()) };
                        cmds.extend(self.passphrase_view.ui(ui, &lock));
                        ui.add_space(8.0);
                        cmds.extend(self.backups_view.ui(ui, lang, self.backups.as_ref(), can_back_up));
                        cmds
                    })
                    .inner
            }
        };
        // A view needed the entries and the snapshot had none: the worker reads them, once.
        if cx.wants_entries() && self.entries_asked != Some(snapshot.generation) && self.request(Request::LoadEntries) {
            self.entries_asked = Some(snapshot.generation);
        }
        self.commands.append(&mut cmds);
    }

    fn failure_ui(&mut self, ui: &mut egui::Ui, path: &Path, msg: &str) {
        let lang = self.lang();
        if self.backups.is_none() && !self.backups_asked {
            self.commands.push(Command::ListBackups);
        }
        egui::ScrollArea::vertical().id_salt("failure_scroll").show(ui, |ui| {
            ui.heading(lang.pick("The journal could not be opened", "Het dagboek kon niet worden geopend"));
            ui.label(msg);
            ui.label(format!("{} {}", lang.pick("File:", "Bestand:"), path.display()));
            ui.weak(lang.pick("Feltsense did not change this file.", "Feltsense heeft dit bestand niet veranderd."));
            ui.add_space(8.0);
            ui.label(egui::RichText::new(lang.pick("What would you like to do?", "Wat wil je doen?")).strong());
            ui.horizontal(|ui| {
                if ui.button(lang.pick("Try again", "Opnieuw proberen")).clicked() {
                    self.commands.push(Command::Reopen);
                }
                if ui.button(lang.pick("Quit", "Afsluiten")).clicked() {
                    self.commands.push(Command::Quit);
                }
            });
            ui.add_space(8.0);
            let mut cmds = self.backups_view.ui(ui, lang, self.backups.as_ref(), false);
            ui.add_space(8.0);
            let mut settings = self.settings.clone();
            let info =
                JournalInfo { path: Some(path), forced_by: self.forced.as_ref().and_then(|(_, s)| *s), entries: None };
            cmds.extend(self.settings_view.ui(ui, &mut settings, &info));
            self.settings = settings;
            self.commands.append(&mut cmds);
        });
    }
}

impl Drop for App {
    /// Lets the worker finish what it was asked (a save just before Quit) and close the journal
    /// before the program ends.
    fn drop(&mut self) {
        if let Some(handle) = self.worker.take().and_then(Worker::stop)
            && handle.join().is_err()
        {
            eprintln!("feltsense: the journal worker stopped unexpectedly");
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(ctx: &egui::Context, app: &mut App) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 900.0))),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| app.show(ui));
        assert!(!out.shapes.is_empty(), "the frame drew something");
        out.textures_delta.clear();
    }

    #[test]
    fn frames_run_without_touching_the_journal_and_answers_arrive() {
        let ctx = egui::Context::default();
        let mut app = App::with_store(Store::open_in_memory().expect("open"), Settings::default());
        let start = Instant::now();
        while app.snapshot.generation == 0 {
            frame(&ctx, &mut app);
            assert!(start.elapsed() < TEST_WAIT, "the worker answered");
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(app.snapshot.count, 0);
        assert!(!crate::store::guard::in_ui_frame(), "the mark ends with the frame");
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `write_atomic`")]
    fn a_file_write_in_the_middle_of_a_frame_is_caught() {
        let ctx = egui::Context::default();
        let mut app = App::with_store(Store::open_in_memory().expect("open"), Settings::default());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("export.json");
        app.probe = Some(Box::new(move || {
            let _ = crate::export::files::write_atomic(&path, |w| w.write_all(b"[]"));
        }));
        frame(&ctx, &mut app);
    }

    #[test]
    #[should_panic(expected = "the window's frame code called `count`")]
    fn a_store_call_in_the_middle_of_a_frame_is_caught() {
        let ctx = egui::Context::default();
        let mut app = App::with_store(Store::open_in_memory().expect("open"), Settings::default());
        let store = Store::open_in_memory().expect("open");
        app.probe = Some(Box::new(move || {
            let _ = store.count();
        }));
        frame(&ctx, &mut app);
    }
}
