//! The eframe app: owns the journal and the views, applies commands, reports errors once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{Describe as _, Lang};
use crate::reminders::runner::{OPEN_VIEW_ENV, WindowReminders};
use crate::store::backup::{self, BackupInfo};
use crate::store::instance::{LockError, WindowLock, acquire_window_lock};
use crate::store::{Passphrase, Store, StoreError, default_path};
use crate::ui::command::Command;
use crate::ui::settings::{STORAGE_KEY, Settings, Theme};
use crate::ui::toast::{ToastAction, Toasts};
use crate::ui::views::ViewKind;
use crate::ui::views::backups::BackupsView;
use crate::ui::views::files::FilesView;
use crate::ui::views::insights::InsightsView;
use crate::ui::views::journal::JournalView;
use crate::ui::views::lock::{LockContext, PassphraseView, UnlockView};
use crate::ui::views::log::{LogContext, LogView};
use crate::ui::views::practice::PracticeView;
use crate::ui::views::settings::{JournalInfo, SettingsView};

/// Save the log form.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Save the log form (alternative).
pub const SAVE_ENTER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
/// Quit.
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// The journal file's state.
enum Journal {
    /// Being opened on a background thread (the window shows first).
    Opening(PathBuf, Receiver<OpenMsg>),
    /// Open and usable.
    Open(Store),
    /// Could not be opened; the message says why. Nothing was written to the file.
    Failed(PathBuf, String),
    /// Locked with a passphrase: waiting for the person to type it.
    Locked(PathBuf),
    /// No location could be determined.
    Missing,
}

/// What the thread that opens a journal reports.
enum OpenMsg {
    /// The journal is open; the lock (when one could be taken) keeps a second window out.
    Opened(Store, Option<WindowLock>),
    /// It could not be opened; the message says why. Nothing was written to the file.
    Failed(String),
    /// It is locked and the passphrase was missing (`false`) or wrong (`true`).
    NeedsPassphrase(bool),
    /// The passphrase was set, changed or removed (sent before the journal is opened again).
    PassphraseChanged(Result<backup::PassphraseChanged, String>),
    /// The daily backup taken after opening (`None`: not due, or nothing to back up).
    DailyBackup(Result<Option<BackupInfo>, String>),
}

/// The Feltsense window.
pub struct App {
    /// Persisted settings.
    pub settings: Settings,
    journal: Journal,
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
    /// Bumped on every change to the journal; caches compare against it.
    generation: u64,
    data_version: Option<i64>,
    was_focused: bool,
    last_deleted: Option<crate::model::Entry>,
    custom_emotions: Vec<String>,
    entry_count: Option<usize>,
    customs_loaded_for: Option<u64>,
    applied_theme: Option<Theme>,
    commands: Vec<Command>,
    /// Commands that need the journal file to themselves (a restore), asked for while it was
    /// still being opened: applied once the opening thread is done with it.
    deferred: Vec<Command>,
    /// Whether Help → Keyboard shortcuts is open.
    pub shortcuts_open: bool,
    /// Held while this window has the journal open, so a second window is told.
    window_lock: Option<WindowLock>,
    /// Messages from the opening thread that arrive after the journal opened (the daily backup).
    background: Option<Receiver<OpenMsg>>,
    /// The journal's backups, listed when asked for.
    pub backups: Option<Result<Vec<BackupInfo>, String>>,
    /// Sends the day's check-in reminders while the window is open (a thread of its own).
    reminders: Option<WindowReminders>,
    /// The passphrase the journal was unlocked with (kept in memory only, while the window runs).
    key: Option<Passphrase>,
    /// The form that asks for the passphrase of a locked journal.
    unlock_view: UnlockView,
    /// Settings' form to lock the journal, change its passphrase or remove the lock.
    passphrase_view: PassphraseView,
}

/// A passphrase change for the opening thread to carry out before it opens the journal.
struct Rekey {
    current: Option<Passphrase>,
    new: Option<Passphrase>,
}

impl App {
    /// Creates the app around an already opened journal (tests, benchmarks). Whatever reopens
    /// the journal (a restore, a passphrase change) reopens that file, never the default one.
    pub fn with_store(store: Store, settings: Settings) -> App {
        let mut app = App::empty(settings, store.path().map(|p| (p.to_path_buf(), None)));
        app.data_version = store.data_version().ok();
        app.key = store.passphrase().cloned();
        app.journal = Journal::Open(store);
        app
    }

    fn empty(settings: Settings, forced: Option<(PathBuf, Option<&'static str>)>) -> App {
        App {
            view: settings.last_view,
            settings,
            journal: Journal::Missing,
            forced,
            log: LogView::default(),
            journal_view: JournalView::default(),
            insights: InsightsView::default(),
            practice: PracticeView::default(),
            files: FilesView::default(),
            settings_view: SettingsView::default(),
            backups_view: BackupsView::default(),
            toasts: Toasts::default(),
            generation: 0,
            data_version: None,
            was_focused: true,
            last_deleted: None,
            custom_emotions: Vec::new(),
            entry_count: None,
            customs_loaded_for: None,
            applied_theme: None,
            commands: Vec::new(),
            deferred: Vec::new(),
            shortcuts_open: false,
            window_lock: None,
            background: None,
            backups: None,
            reminders: None,
            key: None,
            unlock_view: UnlockView::default(),
            passphrase_view: PassphraseView::default(),
        }
    }

    /// Creates the app as eframe starts it: restores settings, then opens the journal on a
    /// background thread so the window appears at once.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, db_flag: Option<PathBuf>) -> App {
        let settings: Settings = cc.storage.and_then(|s| eframe::get_value(s, STORAGE_KEY)).unwrap_or_default();
        let forced = match db_flag {
            Some(p) => Some((p, Some("--db"))),
            None => std::env::var_os("FELTSENSE_DB")
                .filter(|v| !v.is_empty())
                .map(|v| (PathBuf::from(v), Some("FELTSENSE_DB"))),
        };
        let mut app = App::empty(settings, forced);
        app.start_opening(&cc.egui_ctx);
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
    /// backup on a background thread). Public for tests of that path.
    pub fn open_path(path: PathBuf, settings: Settings, ctx: &egui::Context) -> App {
        let mut app = App::empty(settings, Some((path, Some("--db"))));
        app.start_opening(ctx);
        app
    }

    fn start_opening(&mut self, ctx: &egui::Context) {
        self.start_opening_with(ctx, None);
    }

    /// Opens the journal on a background thread, first changing its passphrase when `rekey` says
    /// so (the thread holds the window lock for both).
    fn start_opening_with(&mut self, ctx: &egui::Context, rekey: Option<Rekey>) {
        if let Some(r) = &self.reminders {
            r.set_journal(self.wanted_path());
        }
        // Let go of the previous journal (and its lock) first.
        self.journal = Journal::Missing;
        self.window_lock = None;
        self.background = None;
        self.backups = None;
        let Some(path) = self.wanted_path() else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let p = path.clone();
        let mut key = self.key.clone();
        // Messages from the opening thread are written in the interface language.
        let lang = self.settings.lang;
        let spawned = std::thread::Builder::new().name("open-journal".into()).spawn(move || {
            // A send fails only when the app switched files or closed: then nobody needs it.
            let send = |msg: OpenMsg| {
                if tx.send(msg).is_ok() {
                    ctx.request_repaint();
                }
            };
            let lock = match acquire_window_lock(&p) {
                Ok(lock) => Some(lock),
                Err(e @ LockError::AlreadyOpen { .. }) => return send(OpenMsg::Failed(e.describe(lang))),
                Err(e) => {
                    // Still usable; only a second window would go unnoticed.
                    eprintln!("feltsense: warning: {e}");
                    None
                }
            };
            if let Some(change) = rekey {
                let done = match &lock {
                    Some(lock) => backup::change_passphrase(lock, change.current.as_ref(), change.new.as_ref())
                        .map_err(|e| e.describe(lang)),
                    None => Err("this window could not reserve the journal, so the passphrase was not changed".into()),
                };
                if done.is_ok() {
                    key = change.new;
                }
                send(OpenMsg::PassphraseChanged(done));
            }
            match Store::open_with(&p, key.as_ref()) {
                Ok(store) => send(OpenMsg::Opened(store, lock)),
                Err(StoreError::Locked { .. }) => return send(OpenMsg::NeedsPassphrase(false)),
                Err(StoreError::WrongPassphrase { .. }) => return send(OpenMsg::NeedsPassphrase(true)),
                Err(e) => return send(OpenMsg::Failed(e.describe(lang))),
            }
            // The daily backup reads through a connection of its own while the window works.
            let daily = Store::open_reader_with(&p, key.as_ref()).map_err(|e| e.describe(lang)).and_then(|r| {
                backup::daily_backup_if_due(&r, chrono::Local::now().naive_local()).map_err(|e| e.describe(lang))
            });
            send(OpenMsg::DailyBackup(daily));
        });
        self.journal = match spawned {
            Ok(_) => Journal::Opening(path, rx),
            Err(e) => Journal::Failed(path, e.to_string()),
        };
    }

    fn poll_opening(&mut self) {
        let msg = match &self.journal {
            Journal::Opening(_, rx) => rx.try_recv(),
            _ => Err(TryRecvError::Empty),
        };
        if !matches!(msg, Err(TryRecvError::Empty)) {
            let Journal::Opening(path, rx) = std::mem::replace(&mut self.journal, Journal::Missing) else {
                return;
            };
            match msg {
                Ok(OpenMsg::Opened(store, lock)) => {
                    self.key = store.passphrase().cloned();
                    if let Some(r) = &self.reminders {
                        r.set_key(self.key.clone());
                    }
                    self.unlock_view = UnlockView::default();
                    self.data_version = store.data_version().ok();
                    self.journal = Journal::Open(store);
                    self.window_lock = lock;
                    self.background = Some(rx);
                    self.generation += 1;
                }
                Ok(OpenMsg::Failed(msg)) => self.journal = Journal::Failed(path, msg),
                Ok(OpenMsg::NeedsPassphrase(wrong)) => {
                    self.key = None;
                    self.unlock_view.set_wrong(wrong);
                    self.journal = Journal::Locked(path);
                }
                Ok(OpenMsg::PassphraseChanged(done)) => {
                    self.passphrase_changed(done);
                    self.journal = Journal::Opening(path, rx);
                }
                // Sent only after `Opened`.
                Ok(OpenMsg::DailyBackup(_)) | Err(TryRecvError::Empty) => self.journal = Journal::Opening(path, rx),
                Err(TryRecvError::Disconnected) => {
                    self.journal = Journal::Failed(path, "the journal could not be opened (internal error)".into());
                }
            }
            if !matches!(self.journal, Journal::Opening(..)) {
                self.commands.append(&mut self.deferred);
            }
        }
        if let Some(rx) = &self.background {
            match rx.try_recv() {
                Ok(OpenMsg::DailyBackup(Err(e))) => {
                    self.background = None;
                    let lang = self.settings.lang;
                    self.toasts.error(format!(
                        "{} {e}",
                        lang.pick("Today's backup could not be made:", "De back-up van vandaag is niet gelukt:")
                    ));
                }
                Ok(_) | Err(TryRecvError::Disconnected) => self.background = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    /// Reports a passphrase change (the journal is being opened again meanwhile).
    fn passphrase_changed(&mut self, done: Result<backup::PassphraseChanged, String>) {
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
                    self.toasts.error(format!(
                        "{} {}",
                        d.backups_kept.len(),
                        lang.pick(
                            "backups keep their old passphrase (they did not open with the current one).",
                            "back-ups houden hun oude wachtwoord (ze gingen niet open met het huidige)."
                        )
                    ));
                }
            }
            Err(e) => {
                self.passphrase_view.set_error(e.clone());
                self.toasts.error(e);
            }
        }
    }

    fn store(&self) -> Option<&Store> {
        match &self.journal {
            Journal::Open(s) => Some(s),
            _ => None,
        }
    }

    fn store_mut(&mut self) -> Option<&mut Store> {
        match &mut self.journal {
            Journal::Open(s) => Some(s),
            _ => None,
        }
    }

    fn journal_path(&self) -> Option<&Path> {
        match &self.journal {
            Journal::Opening(p, _) | Journal::Failed(p, _) | Journal::Locked(p) => Some(p),
            Journal::Open(s) => s.path(),
            Journal::Missing => None,
        }
    }

    /// The data generation (bumped on every change).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Refreshes caches whose inputs changed. Queries run here, between frames' views, and only
    /// when the generation or a filter changed.
    fn refresh(&mut self) {
        let generation = self.generation;
        let lang = self.lang();
        if self.customs_loaded_for != Some(generation)
            && let Some(result) = self.store().map(|s| Ok::<_, StoreError>((s.custom_emotions()?, s.count()?)))
        {
            match result {
                Ok((c, n)) => {
                    self.custom_emotions = c;
                    self.entry_count = Some(n);
                }
                Err(e) => self.toasts.error(e.describe(lang)),
            }
            self.customs_loaded_for = Some(generation);
        }
        if self.view == ViewKind::Journal
            && let Some(filter) = self.journal_view.wants_load(generation, lang)
            && let Some(result) = self.store().map(|s| s.list(&filter))
        {
            match result {
                Ok(entries) => self.journal_view.set_entries(generation, filter, entries),
                Err(e) => {
                    self.journal_view.set_entries(generation, filter, Vec::new());
                    self.toasts.error(e.describe(lang));
                }
            }
        }
    }

    /// Prepares the practice view's pre-fill, week strip and relief when the data or the date
    /// changed. Called only while the view is on screen.
    fn refresh_practice(&mut self) {
        let today = chrono::Local::now().date_naive();
        if !self.practice.wants_load(self.generation, today) {
            return;
        }
        // Only what the view shows: session pairs (relief) and the last seven days (week strip),
        // not the whole journal.
        let week = crate::store::EntryFilter { from: Some(today - chrono::Duration::days(7)), ..Default::default() };
        let Some(result) = self.store().map(|s| {
            let mut entries = s.session_entries()?;
            entries.extend(s.list_chronological(&week)?.into_iter().filter(|e| e.session.is_none()));
            entries.sort_by_key(|e| e.at);
            Ok::<_, StoreError>((s.last_check_in()?, entries))
        }) else {
            return;
        };
        match result {
            Ok((last, entries)) => self.practice.set_data(self.generation, today, last.as_ref(), &entries),
            Err(e) => {
                self.practice.set_data(self.generation, today, None, &[]);
                self.toasts.error(e.describe(self.settings.lang));
            }
        }
    }

    /// Notices entries written by another program (the CLI, another device's sync) when the
    /// window regains focus.
    fn check_outside_changes(&mut self, focused: bool) {
        if focused
            && !self.was_focused
            && let Some(v) = self.store().and_then(|s| s.data_version().ok())
        {
            if self.data_version.is_some_and(|old| old != v) {
                self.generation += 1;
            }
            self.data_version = Some(v);
        }
        self.was_focused = focused;
    }

    /// Applies one command.
    fn apply(&mut self, cmd: Command, ctx: &egui::Context) {
        let lang = self.lang();
        match cmd {
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Reopen => self.start_opening(ctx),
            Command::ListBackups => {
                let key = self.key.as_ref();
                self.backups =
                    self.journal_path().map(|p| backup::list_backups_with(p, key).map_err(|e| e.describe(lang)));
            }
            Command::BackupNow => match self.store().map(|s| backup::backup_now(s, backup::BackupKind::Manual)) {
                Some(Ok(info)) => {
                    self.toasts.info(format!(
                        "{} {}",
                        lang.pick("Backed up to", "Back-up gemaakt in"),
                        info.path.display()
                    ));
                    self.apply(Command::ListBackups, ctx);
                }
                Some(Err(e)) => self.toasts.error(e.describe(lang)),
                None => {}
            },
            Command::RestoreBackup(from, own_key) => {
                if matches!(self.journal, Journal::Opening(..)) {
                    // The opening thread holds the file (and the window lock) for a moment.
                    self.deferred.push(Command::RestoreBackup(from, own_key));
                    return;
                }
                let Some(db) = self.journal_path().map(Path::to_path_buf) else { return };
                // Close our connection first: a restore needs the file to itself.
                self.journal = Journal::Missing;
                let keys = backup::RestoreKeys { journal: self.key.as_ref(), backup: own_key.as_ref() };
                let result = match &self.window_lock {
                    Some(lock) => backup::restore_locked_with(lock, &from, keys),
                    None => backup::restore_with(&db, &from, keys),
                };
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
                    Err(e) => self.toasts.error(e.describe(lang)),
                }
                self.start_opening(ctx);
            }
            Command::Unlock(key) => {
                self.key = Some(key);
                self.start_opening(ctx);
            }
            Command::ChangePassphrase { current, new } => {
                if self.store().is_none() {
                    return;
                }
                // The opening thread changes it while it holds the window lock, then reopens.
                self.journal = Journal::Missing;
                self.start_opening_with(ctx, Some(Rekey { current, new }));
            }
            Command::OpenJournal(p) => {
                self.key = None;
                self.settings.journal_path = p;
                self.forced = None;
                self.start_opening(ctx);
            }
            Command::SaveEntry(entry) => {
                let Some(store) = self.store_mut() else {
                    self.log.error = Some(
                        lang.pick(
                            "The journal is not open, so nothing was saved.",
                            "Het dagboek is niet open; er is niets bewaard.",
                        )
                        .into(),
                    );
                    return;
                };
                let editing = entry.id.is_some();
                let result = if editing { store.update(&entry) } else { store.insert(&entry).map(drop) };
                match result {
                    Ok(()) => {
                        self.changed();
                        self.log = LogView::default();
                        self.toasts.info(if editing {
                            lang.pick("Changes saved.", "Wijzigingen bewaard.")
                        } else {
                            lang.pick("Saved.", "Bewaard.")
                        });
                    }
                    Err(e) => {
                        // The form keeps everything; the message says why.
                        let msg = e.describe(lang);
                        self.log.error = Some(msg.clone());
                        self.toasts.error(msg);
                    }
                }
            }
            Command::SaveEntries(entries) => match self.store_mut().map(|s| s.insert_all(&entries)) {
                Some(Ok(_)) => {
                    self.changed();
                    self.practice.save_succeeded();
                    self.toasts.info(lang.pick("Saved.", "Bewaard."));
                }
                Some(Err(e)) => {
                    let msg = e.describe(lang);
                    self.practice.save_failed(msg.clone());
                    self.toasts.error(msg);
                }
                None => {
                    let msg = lang.pick(
                        "The journal is not open, so nothing was saved.",
                        "Het dagboek is niet open; er is niets bewaard.",
                    );
                    self.practice.save_failed(msg.to_owned());
                    self.toasts.error(msg);
                }
            },
            Command::EditEntry(id) => match self.store().map(|s| s.get(id)) {
                Some(Ok(Some(e))) => {
                    self.log = LogView::edit(e);
                    self.view = ViewKind::Log;
                }
                Some(Ok(None)) => self.toasts.error(StoreError::NotFound.to_string()),
                Some(Err(e)) => self.toasts.error(e.describe(lang)),
                None => {}
            },
            Command::DeleteEntry(id) => match self.store_mut().map(|s| s.delete(id)) {
                Some(Ok(e)) => {
                    self.last_deleted = Some(e);
                    self.changed();
                    self.toasts.info_with(lang.pick("Entry deleted.", "Notitie verwijderd."), ToastAction::UndoDelete);
                }
                Some(Err(e)) => self.toasts.error(e.describe(lang)),
                None => {}
            },
            Command::UndoDelete => {
                if let Some(e) = self.last_deleted.take() {
                    match self.store_mut().map(|s| s.restore(&e)) {
                        Some(Ok(_)) => {
                            self.changed();
                            self.toasts.info(lang.pick("Entry restored.", "Notitie teruggezet."));
                        }
                        Some(Err(err)) => {
                            self.last_deleted = Some(e);
                            self.toasts.error(format!("{err:#}"));
                        }
                        None => self.last_deleted = Some(e),
                    }
                }
            }
            Command::SameAsLastTime => match self.store().map(Store::last_check_in) {
                Some(Ok(Some(prev))) => self.log.copy_map_from(&prev),
                Some(Ok(None)) => {
                    self.toasts.info(lang.pick("There is no earlier check-in yet.", "Er is nog geen eerdere meting."))
                }
                Some(Err(e)) => self.toasts.error(e.describe(lang)),
                None => {}
            },
            Command::AddCustomEmotion(code) => match self.store_mut().map(|s| s.add_custom_emotion(&code)) {
                Some(Ok(())) => self.changed(),
                Some(Err(e)) => self.toasts.error(e.describe(lang)),
                None => {}
            },
            Command::Import(entries) => self.import(&entries),
            Command::UndoImport(uids) => match self.store_mut().map(|s| s.delete_uids(&uids)) {
                Some(Ok(n)) => {
                    self.changed();
                    self.files.import.undone(n, lang);
                    self.toasts.info(lang.pick("Import undone.", "Import ongedaan gemaakt."));
                }
                Some(Err(e)) => self.toasts.error(e.describe(lang)),
                None => {}
            },
            Command::OpenFolder(dir) => {
                if let Err(e) = crate::ui::views::files::open_folder(&dir) {
                    self.toasts.error(format!(
                        "{} {e}",
                        lang.pick("The folder could not be opened:", "De map kon niet worden geopend:")
                    ));
                }
            }
        }
    }

    /// Imports entries all-or-nothing, after a backup of a non-empty journal.
    fn import(&mut self, entries: &[crate::model::Entry]) {
        let lang = self.lang();
        let Some(store) = self.store_mut() else {
            let msg = lang.pick(
                "The journal is not open, so nothing was imported.",
                "Het dagboek is niet open; er is niets geïmporteerd.",
            );
            self.files.import.import_failed(msg.to_owned());
            return;
        };
        let result = crate::store::backup::before_import(store)
            .map_err(|e| {
                format!(
                    "{}: {}",
                    lang.pick(
                        "no backup could be made before importing; nothing was imported",
                        "er kon geen back-up worden gemaakt voor het importeren; er is niets geïmporteerd"
                    ),
                    e.describe(lang)
                )
            })
            .and_then(|_| store.import(entries).map_err(|e| e.describe(lang)));
        match result {
            Ok(outcome) => {
                self.changed();
                let n = outcome.added;
                self.files.import.imported(outcome.added_uids, outcome.already_present, lang);
                self.toasts.info(format!("{} {n}", lang.pick("Entries imported:", "Notities geïmporteerd:")));
            }
            Err(msg) => {
                self.files.import.import_failed(msg.clone());
                self.toasts.error(msg);
            }
        }
    }

    fn changed(&mut self) {
        self.generation += 1;
        // Our own write changes data_version for other connections only; keep ours current.
        self.data_version = self.store().and_then(|s| s.data_version().ok());
    }

    /// Draws the whole window. Public so headless tests can drive it.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_opening();
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
        let focused = ui.input(|i| i.focused);
        self.check_outside_changes(focused);

        // Global shortcuts, taken before any text field can see them.
        let (save, quit) =
            ui.input_mut(|i| (i.consume_shortcut(&SAVE) | i.consume_shortcut(&SAVE_ENTER), i.consume_shortcut(&QUIT)));
        if quit {
            self.commands.push(Command::Quit);
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
        if save && self.view == ViewKind::Log && self.store().is_some() {
            let lang = self.lang();
            self.log.request_save(lang, &mut self.commands);
        }

        self.refresh();
        let lang = self.lang();

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
        crate::ui::views::shortcuts::window(&ctx, &mut self.shortcuts_open, lang);

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            for c in commands {
                self.apply(c, &ctx);
            }
            ctx.request_repaint();
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        if let Journal::Failed(path, msg) = &self.journal {
            let (path, msg) = (path.clone(), msg.clone());
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
        let mut cmds = match self.view {
            ViewKind::Log => {
                let cx = LogContext { lang, custom_emotions: &self.custom_emotions, can_save: self.store().is_some() };
                self.log.ui(ui, &cx)
            }
            ViewKind::Journal => self.journal_view.ui(ui, lang, &self.custom_emotions),
            ViewKind::Insights => {
                // Starts a background reload only when the generation changed; never blocks.
                if let Journal::Open(store) = &self.journal {
                    self.insights.refresh(ui.ctx(), self.generation, store);
                }
                self.insights.ui(ui, lang);
                Vec::new()
            }
            ViewKind::Practice => {
                // Queries run here, in the app, only when the generation or the date changed.
                self.refresh_practice();
                self.practice.ui(ui, lang)
            }
            ViewKind::Share => {
                // Starts a background reload only when the generation changed; never blocks.
                if let Journal::Open(store) = &self.journal {
                    self.files.refresh(ui.ctx(), self.generation, store);
                }
                self.files.ui(ui, lang)
            }
            ViewKind::Settings => {
                let entries = self.store().and(self.entry_count);
                let path = self.journal_path().map(Path::to_path_buf);
                let info = JournalInfo {
                    path: path.as_deref(),
                    forced_by: self.forced.as_ref().and_then(|(_, s)| *s),
                    entries,
                };
                let can_back_up = self.store().is_some();
                egui::ScrollArea::vertical()
                    .id_salt("settings_scroll")
                    .show(ui, |ui| {
                        let mut cmds = self.settings_view.ui(ui, &mut self.settings, &info);
                        ui.add_space(8.0);
                        let lock = LockContext { lang, locked: self.store().map(Store::is_locked) };
                        cmds.extend(self.passphrase_view.ui(ui, &lock));
                        ui.add_space(8.0);
                        cmds.extend(self.backups_view.ui(ui, lang, self.backups.as_ref(), can_back_up));
                        cmds
                    })
                    .inner
            }
        };
        self.commands.append(&mut cmds);
    }

    fn failure_ui(&mut self, ui: &mut egui::Ui, path: &Path, msg: &str) {
        let lang = self.lang();
        if self.backups.is_none() {
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

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }
}
