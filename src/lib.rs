//! Feltsense: a desktop journal that links emotions to where the body holds tension.
//!
//! Layers, from the bottom up (a click on the body map travels through them in this order):
//! - [`model`]: regions, emotions, entries. No I/O.
//! - [`store`]: the SQLite journal file (pragmas, migrations, queries, backups).
//! - [`analysis`]: pure functions over entries (trends, heat maps, lagged responses, reviews).
//! - [`export`]: the JSON interchange format, CSV, PDF, and importers from other apps.
//! - [`ui`]: the eframe app; the only layer that imports egui.
//!
//! [`fsio`] (owner-only files and atomic writes) and [`guard`] (the debug-build check that the
//! window's frame code never touches the journal, a file or a program) serve every layer.
//!
//! `model`, `store`, `analysis` and `export` never import egui.

// clippy.toml: files are written through `fsio`, programs start in `ui::effects::os` or the
// reminders, threads have names, colours live in `ui::palette`; each sanctioned place `#[expect]`s it.
#![cfg_attr(not(test), deny(clippy::disallowed_methods))]

pub mod analysis;
pub mod assets;
pub mod cli;
pub mod demo;
pub mod export;
pub mod fsio;
pub mod guard;
#[cfg(test)]
mod layering;
pub mod model;
pub mod reminders;
pub mod store;
pub mod ui;
