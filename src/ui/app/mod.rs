//! The eframe app, split by job (as rerun splits its viewer):
//!
//! - this file: the app's state, how it is made, and [`eframe::App`]: one frame polls the
//!   background threads, reads the global shortcuts, draws, and applies what the views asked;
//! - [`link`]: the link to the journal (which file, opening, open, locked or failed; the worker;
//!   the latest snapshot);
//! - [`frame`]: what is drawn around the views (top bar, toasts, the failure and unlock screens)
//!   and the view on screen, from one [`ViewCx`];
//! - [`commands`]: the views' [`Command`]s, turned into worker requests and effects;
//! - [`replies`]: the worker's replies and the effects thread's answers, routed to the view that
//!   asked, with the toast that reports them (worded in [`crate::model::text::toast`]);
//! - [`start`]: how eframe starts the app (settings, the first run's welcome) and what starts
//!   once the first frame is on screen (the journal worker, the reminders);
//! - [`welcome`]: the first run's welcome and the example journal.
//!
//! The app never touches SQLite or a file: the journal worker ([`crate::ui::worker`]) owns the
//! journal and the effects thread ([`crate::ui::effects`]) does everything else.

mod commands;
mod frame;
mod link;
mod replies;
mod start;
#[cfg(feature = "test-support")]
mod testing;
mod welcome;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::text::time::Zone;
use crate::model::{Entry, Lang};
use crate::reminders::runner::WindowReminders;
use crate::store::backup::{BackupError, BackupInfo};
use crate::store::{Store, default_path};
use crate::ui::clock::Clock;
use crate::ui::command::Command;
use crate::ui::effects::Effects;
use crate::ui::settings::{STORAGE_KEY, Settings, Theme};
use crate::ui::toast::Toasts;
use crate::ui::views::ViewKind;
use crate::ui::views::backups::BackupsView;
use crate::ui::views::copies::CopiesView;
use crate::ui::views::experiments::ExperimentsView;
use crate::ui::views::files::FilesView;
use crate::ui::views::insights::InsightsView;
use crate::ui::views::journal::JournalView;
use crate::ui::views::lock::{PassphraseView, UnlockView};
use crate::ui::views::log::LogView;
use crate::ui::views::practice::PracticeView;
use crate::ui::views::prep::PrepView;
use crate::ui::views::settings::SettingsView;
use link::JournalLink;

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

/// The Feltsense window.
pub struct App {
    /// Persisted settings.
    pub settings: Settings,
    /// The view on screen.
    pub view: ViewKind,
    /// The log form.
    pub log: LogView,
    /// The journal list.
    pub journal_view: JournalView,
    /// Trends, heat maps, weekly review, after an emotion.
    pub insights: InsightsView,
    /// Guided practices with a rating before and after.
    pub practice: PracticeView,
    /// Personal experiments.
    pub experiments: ExperimentsView,
    /// Ready for the appointment: activities, topics, appointments.
    pub prep: PrepView,
    /// Export for the physiotherapist and import from other apps.
    pub files: FilesView,
    /// Messages at the bottom.
    pub toasts: Toasts,
    /// Where "now" comes from (the system clock; tests set one by hand).
    pub clock: Clock,
    /// The person's time zone, in which every instant is shown (the system's; tests set one).
    pub zone: Zone,
    /// Whether Help → Keyboard shortcuts is open.
    pub shortcuts_open: bool,
    /// A view was chosen by keyboard (Ctrl+1 …): its first widget takes the keyboard.
    focus_view: bool,
    /// The welcome, while it is on screen (instead of the view).
    welcome: Option<crate::ui::views::welcome::WelcomeView>,
    /// The example journal, while it is open instead of the person's own.
    example: Option<welcome::ExampleMode>,
    /// The window title last set.
    applied_title: Option<String>,
    /// The journal's backups, listed when asked for.
    pub backups: Option<Result<Vec<BackupInfo>, Arc<BackupError>>>,
    settings_view: SettingsView,
    backups_view: BackupsView,
    /// Settings' copies in a folder.
    copies_view: CopiesView,
    /// How the copies in a folder are, as the worker last said (`None` before it did).
    pub copies: Option<Arc<crate::ui::worker::CopiesStatus>>,
    /// The form that asks for the passphrase of a locked journal.
    unlock_view: UnlockView,
    /// Settings' form to lock the journal, change its passphrase or remove the lock.
    passphrase_view: PassphraseView,
    link: JournalLink,
    /// The thread that writes files, starts programs and plays sounds for the views (started
    /// when first needed).
    effects: Option<Effects>,
    /// Sends the day's check-in reminders while the window is open (a thread of its own).
    reminders: Option<WindowReminders>,
    /// The worker was asked to list the backups and has not answered yet.
    backups_asked: bool,
    /// Made by eframe: the journal worker (and, when `true`, the reminders) start after the first
    /// frame.
    start_after_first_frame: Option<bool>,
    /// How many frames were drawn (the first is drawn before anything else starts).
    frames: u64,
    was_focused: bool,
    last_deleted: Option<Entry>,
    /// A save is on its way to the worker: a second Save waits for its answer.
    saving: bool,
    applied_theme: Option<Theme>,
    commands: Vec<Command>,
    /// Commands that need the journal file to themselves (a restore), asked for while it was
    /// still being opened: applied once the worker has opened it (or failed to).
    deferred: Vec<Command>,
    /// Tests: each frame waits (bounded) for the background threads' answers.
    #[cfg(feature = "test-support")]
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
        App::empty(settings, JournalLink::with_store(store))
    }

    fn empty(settings: Settings, link: JournalLink) -> App {
        App {
            view: settings.last_view,
            settings,
            log: LogView::default(),
            journal_view: JournalView::default(),
            insights: InsightsView::default(),
            practice: PracticeView::default(),
            experiments: ExperimentsView::default(),
            prep: PrepView::default(),
            files: FilesView::default(),
            toasts: Toasts::default(),
            clock: Clock::system(),
            zone: Zone::System,
            shortcuts_open: false,
            focus_view: false,
            welcome: None,
            example: None,
            applied_title: None,
            backups: None,
            settings_view: SettingsView::default(),
            backups_view: BackupsView::default(),
            copies_view: CopiesView::default(),
            copies: None,
            unlock_view: UnlockView::default(),
            passphrase_view: PassphraseView::default(),
            link,
            effects: None,
            reminders: None,
            backups_asked: false,
            start_after_first_frame: None,
            frames: 0,
            was_focused: true,
            last_deleted: None,
            saving: false,
            applied_theme: None,
            commands: Vec::new(),
            deferred: Vec::new(),
            #[cfg(feature = "test-support")]
            wait_for_worker: false,
            #[cfg(test)]
            probe: None,
        }
    }

    /// The same app reading "now" from `clock` (tests move a manual clock by hand), its views and
    /// its journal worker's copies in a folder alike.
    pub fn with_clock(mut self, clock: Clock) -> App {
        self.link.clock = clock.clone();
        self.clock = clock;
        self
    }

    /// The same app showing every instant in `zone` (tests pin it, so they do not depend on the
    /// machine's time zone).
    pub fn with_zone(mut self, zone: Zone) -> App {
        self.zone = zone;
        self
    }

    /// Creates the app and opens the journal at `path` as the window does (lock, open, daily
    /// backup on the worker). Public for tests of that path.
    pub fn open_path(path: PathBuf, settings: Settings, ctx: &egui::Context) -> App {
        let mut app = App::empty(settings, JournalLink::new(Some((path, Some("--db")))));
        app.open_journal(ctx, None);
        app
    }

    /// The journal file this run should use: the example while it is open, else the person's
    /// own ([`App::real_path`]).
    fn wanted_path(&self) -> Option<PathBuf> {
        match &self.example {
            Some(example) => Some(example.path.clone()),
            None => self.real_path(),
        }
    }

    /// Opens the wanted journal on a new worker (the old one lets go of its file first), which
    /// first does `before` (a passphrase change, a restore).
    fn open_journal(&mut self, ctx: &egui::Context, before: Option<crate::ui::worker::BeforeOpening>) {
        if let Some(r) = &self.reminders {
            // Reminders look at the person's own journal, never the example.
            r.set_journal(self.real_path());
        }
        self.backups = None;
        self.backups_asked = false;
        self.saving = false;
        self.copies = None;
        self.link.open(ctx, self.wanted_path(), before);
    }

    /// The data generation of the journal's latest snapshot (bumped on every change).
    pub fn generation(&self) -> u64 {
        self.link.snapshot.generation
    }

    fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Takes every reply of the worker and every answer of the effects thread that has arrived
    /// (never blocks).
    fn poll(&mut self, ctx: &egui::Context) {
        while let Some(reply) = {
            let settings_path = self.settings.journal_path.clone();
            self.link.take_reply(|| settings_path.or_else(default_path))
        } {
            self.on_reply(reply, ctx);
        }
        loop {
            let Some(fx) = self.effects.as_mut() else { return };
            match fx.try_recv() {
                Ok(done) => self.on_done(done),
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.effects = None;
                    self.effects_stopped();
                    return;
                }
            }
        }
    }

    /// Draws the whole window. Public so headless tests can drive it.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        // Frame code never touches the journal; debug builds check it (see `guard`).
        let _frame = crate::guard::ui_frame();
        let ctx = ui.ctx().clone();
        if self.frames > 0
            && let Some(reminders) = self.start_after_first_frame.take()
        {
            self.start_background(&ctx, reminders);
        }
        self.link.start_handed(&ctx);
        self.poll(&ctx);
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
        // Entries written by another program (the CLI, another device's sync) are noticed when
        // the window regains focus: the worker compares SQLite's data version.
        let focused = ui.input(|i| i.focused);
        if focused && !self.was_focused {
            self.link.request(crate::ui::worker::Request::CheckOutside);
        }
        self.was_focused = focused;
        self.settle_for_tests(&ctx);

        self.shortcuts(ui, &ctx);
        self.refresh(&ctx);
        // Tests: what was just asked arrives before the views draw, as if it were at hand.
        if self.settle_for_tests(&ctx) {
            self.refresh(&ctx);
        }
        self.draw(ui, &ctx);
        #[cfg(test)]
        if let Some(probe) = self.probe.as_mut() {
            probe();
        }

        self.frames += 1;
        if self.start_after_first_frame.is_some() {
            // The second frame starts the journal worker.
            ctx.request_repaint();
        }
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            for c in commands {
                self.apply(c, &ctx);
            }
            ctx.request_repaint();
        }
        self.settle_for_tests(&ctx);
    }

    /// Asks the worker for the Journal list's page and count when the generation or the filter
    /// changed (the rest of what views show is in the snapshot). Never waits for the answer.
    fn refresh(&mut self, ctx: &egui::Context) {
        if !self.link.is_open() || self.view != ViewKind::Journal {
            return;
        }
        let now = ctx.input(|i| i.time);
        let debounce = if self.waits_for_worker() { 0.0 } else { FILTER_DEBOUNCE.as_secs_f64() };
        let want = self.journal_view.want(self.generation(), now, debounce, self.lang());
        if let Some(q) = want.page {
            self.link.request(crate::ui::worker::Request::Page(q));
        }
        if let Some((generation, filter)) = want.count {
            self.link.request(crate::ui::worker::Request::Count { generation, filter });
        }
        if let Some(after) = want.repaint_after {
            ctx.request_repaint_after(after);
        }
    }

    /// Tests (`test-support`): waits, bounded, for what was asked so far; true when it did.
    /// The window never waits.
    fn settle_for_tests(&mut self, ctx: &egui::Context) -> bool {
        #[cfg(feature = "test-support")]
        if self.wait_for_worker {
            self.settle(ctx);
            return true;
        }
        let _ = ctx;
        false
    }

    /// Whether frames wait for the background threads (tests only).
    fn waits_for_worker(&self) -> bool {
        #[cfg(feature = "test-support")]
        return self.wait_for_worker;
        #[cfg(not(feature = "test-support"))]
        false
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        cap_texture_side(raw_input);
    }
}

/// The widest texture egui may make ([`cap_texture_side`]).
pub const MAX_TEXTURE_SIDE: usize = 2048;

/// egui's glyph atlas is as wide as the largest texture the renderer takes (8192 px with Mesa)
/// and grows by doubling its height, in memory and on the GPU. Feltsense's few fonts fit a
/// 2048 px wide atlas (egui's own portable default) and the window shows no images, so the
/// window caps the side there (eframe tells it once, on the first frame).
fn cap_texture_side(raw_input: &mut egui::RawInput) {
    if let Some(side) = raw_input.max_texture_side.as_mut() {
        *side = (*side).min(MAX_TEXTURE_SIDE);
    }
}

// Dropping the app drops the journal worker and the effects thread, and each lets its thread
// finish what it was given (a save just before Quit, an export) and waits for it
// (`ui::service::Service`), so the journal is closed before the program ends.

#[cfg(test)]
mod tests;
