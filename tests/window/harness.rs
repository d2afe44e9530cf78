//! What every window test shares: a journal file in a folder of its own, the app on it, the
//! headless window (egui_kittest) and waiting for the background threads. One `lvl`, one
//! `Journal`, one way to build the window (rerun's `viewer_test_utils` does the same).

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use feltsense::model::Entry;
use feltsense::model::text::time::Zone;
use feltsense::store::{EntryFilter, Store};
use feltsense::ui::app::App;
use feltsense::ui::settings::Settings;

pub use crate::common::lvl;

/// A journal file in a temporary folder (removed with it).
pub struct Journal {
    /// The folder (other files of a test may go here too).
    pub dir: tempfile::TempDir,
    /// The journal file.
    pub path: PathBuf,
}

impl Journal {
    /// A place for a journal; the file is made when the app or the store first opens it.
    pub fn empty() -> Journal {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite");
        Journal { dir, path }
    }

    /// A journal file holding `entries`, each saved as the window saves one.
    pub fn with(entries: impl IntoIterator<Item = Entry>) -> Journal {
        let j = Journal::empty();
        let mut store = j.store();
        for e in entries {
            store.insert(&e).expect("insert");
        }
        j
    }

    /// A connection of its own to the file (as another program has).
    pub fn store(&self) -> Store {
        Store::open(&self.path).expect("open")
    }

    /// What is in the file, newest first, read through a connection of its own.
    pub fn saved(&self) -> Vec<Entry> {
        self.store().list(&EntryFilter::default()).expect("list")
    }

    /// What is in the file, oldest first.
    pub fn saved_oldest_first(&self) -> Vec<Entry> {
        self.store().list_chronological(&EntryFilter::default()).expect("list")
    }
}

/// The person's time zone in these tests: +01:00, where the journals' entries are felt, so what
/// the window shows does not depend on the machine's zone (tests of another zone set their own).
pub fn here() -> Zone {
    Zone::hours_east(1).expect("offset")
}

/// The app on `j` (on the clock of [`here`]), its frames waiting for the background threads (so a test sees the answer to
/// a click in the next frame).
pub fn app(j: &Journal, settings: Settings) -> App {
    App::with_store(j.store(), settings).with_zone(here()).wait_for_worker()
}

/// The window: `app` drawn headless at `size`, at most `max_steps` frames per `run`.
pub fn window(app: App, size: [f32; 2], max_steps: u64) -> Harness<'static, App> {
    Harness::builder().with_size(size).with_max_steps(max_steps).build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// Steps frames (20 ms apart, at most ~5 s) until `done` holds; panics naming `what` when it
/// never does.
pub fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    for _ in 0..250 {
        h.step();
        if done(h) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

/// Whether a label holding `text` is on screen (once or more: a toast may repeat a line).
pub fn shows(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}
