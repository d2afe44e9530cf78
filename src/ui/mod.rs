//! The desktop interface (eframe/egui). The only layer that imports egui.
//!
//! [`app::App`] holds the state of every view. The journal worker ([`worker`]) owns the journal
//! and publishes a [`snapshot::Snapshot`] after every change; each frame the app hands every view
//! one context holding it ([`views::ViewCx`]). Views draw and return [`command::Command`]s; the
//! app applies them after the frame's views ran: journal changes go to the worker, which writes
//! each in one transaction and bumps the data generation, and file writes, other programs and
//! sounds to the effects thread ([`effects`]). Errors are reported once as a toast. Lists and
//! charts are cached and rebuilt only when the generation or a filter changes.

pub mod app;
pub mod clock;
pub mod command;
pub mod effects;
pub mod jobs;
pub mod memory;
pub mod palette;
pub mod service;
pub mod settings;
pub mod snapshot;
pub mod toast;
pub mod views;
pub mod widgets;
pub mod worker;

use std::path::PathBuf;

use anyhow::anyhow;

/// The app's id: window class on X11/Wayland and the key of its persisted state.
pub const APP_ID: &str = "feltsense";

/// Opens the window and runs until it is closed.
///
/// `db` is the `--db` flag; when absent, `FELTSENSE_DB`, the path chosen in Settings, or the
/// platform default is used.
pub fn run(db: Option<PathBuf>) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default();
    match eframe::icon_data::from_png_bytes(crate::assets::WINDOW_ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => eprintln!("feltsense: the window icon could not be read: {e}"),
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("Feltsense")
            .with_app_id(APP_ID)
            .with_inner_size([1100.0, 760.0])
            .with_min_inner_size([720.0, 520.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native("Feltsense", options, Box::new(move |cc| Ok(Box::new(app::App::from_creation_context(cc, db)))))
        .map_err(|e| anyhow!("the window could not be opened: {e}"))
}
