//! How the window starts: the settings it begins with (the first run's welcome), and what starts
//! only once the first frame is on screen (the journal worker, which opens the journal, and the
//! reminders' thread), so that on a two-core machine nothing takes the CPU the window needs to
//! appear (BENCHMARKS.md, "Start-up").

use std::path::PathBuf;

use super::App;
use super::link::{Forced, JournalLink};
use crate::model::Lang;
use crate::reminders::runner::{OPEN_APPOINTMENT, OPEN_EXPERIMENTS, OPEN_LOG, OPEN_VIEW_ENV, WindowReminders};
use crate::ui::settings::{STORAGE_KEY, Settings};
use crate::ui::views::ViewKind;

impl App {
    /// Creates the app as eframe starts it: restores settings, then opens the journal on the
    /// worker thread so the window appears at once.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, db_flag: Option<PathBuf>) -> App {
        let stored: Option<Settings> = cc.storage.and_then(|s| eframe::get_value(s, STORAGE_KEY));
        let (settings, first_run) = starting_settings(stored, Lang::from_env);
        let forced: Forced = match db_flag {
            Some(p) => Some((p, Some("--db"))),
            None => std::env::var_os("FELTSENSE_DB")
                .filter(|v| !v.is_empty())
                .map(|v| (PathBuf::from(v), Some("FELTSENSE_DB"))),
        };
        let mut app = App::starting(settings, forced, true);
        if first_run {
            app.show_welcome();
        }
        // A reminder's "Log now" ("Rate now", "Score now") starts Feltsense with this set.
        if let Some(view) = std::env::var(OPEN_VIEW_ENV).ok().as_deref().and_then(view_to_open) {
            app.view = view;
        }
        app
    }

    /// The app as the window starts it. The journal is opened, and the reminders start (when
    /// `reminders`), once the first frame is on screen: on a two-core machine their threads would
    /// otherwise take the CPU the window needs to appear. Until then the journal is "being opened".
    pub(super) fn starting(settings: Settings, forced: Forced, reminders: bool) -> App {
        let mut app = App::empty(settings, JournalLink::new(forced));
        app.link.prepare(app.wanted_path());
        app.start_after_first_frame = Some(reminders);
        app
    }

    /// What the window starts once its first frame is on screen: the journal worker (which opens
    /// the journal) and, when `reminders`, the reminders' thread.
    pub(super) fn start_background(&mut self, ctx: &egui::Context, reminders: bool) {
        self.open_journal(ctx, None);
        if !reminders {
            return;
        }
        match crate::reminders::config_dir() {
            Ok(dir) => {
                let wake = ctx.clone();
                // Reminders look at the person's own journal, never the example.
                match WindowReminders::start(dir, self.real_path(), move || wake.request_repaint()) {
                    Ok(r) => self.reminders = Some(r),
                    Err(e) => eprintln!("feltsense: reminders are off for this run: {e}"),
                }
            }
            Err(e) => eprintln!("feltsense: reminders are off for this run: {e}"),
        }
    }
}

/// The view a window started with [`OPEN_VIEW_ENV`] set to `value` opens on (by the background
/// reminders, after a click on a notification); `None` for a value it does not know.
pub(super) fn view_to_open(value: &str) -> Option<ViewKind> {
    match value {
        OPEN_LOG => Some(ViewKind::Log),
        OPEN_EXPERIMENTS => Some(ViewKind::Experiments),
        OPEN_APPOINTMENT => Some(ViewKind::Appointment),
        _ => None,
    }
}

/// The settings a start begins with, and whether it shows the welcome: stored settings as they
/// are; on the very first run (nothing stored) the defaults in the system's language (`system`,
/// asked only then). The welcome shows until the person has made a choice on it.
pub(super) fn starting_settings(stored: Option<Settings>, system: impl FnOnce() -> Lang) -> (Settings, bool) {
    match stored {
        Some(s) => {
            let welcome = !s.welcomed;
            (s, welcome)
        }
        None => (Settings { lang: system(), ..Settings::default() }, true),
    }
}
