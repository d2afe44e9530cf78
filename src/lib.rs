//! Feltsense: a desktop journal that links emotions to where the body holds tension.
//!
//! Layers, from the bottom up (a click on the body map travels through them in this order):
//! - [`model`]: regions, emotions, entries. No I/O.
//! - [`store`]: the SQLite journal file (pragmas, migrations, queries, backups).
//! - [`analysis`]: pure functions over entries (trends, heat maps, lagged responses, reviews).
//! - [`export`]: the JSON interchange format, CSV, PDF, and importers from other apps.
//! - [`ui`]: the eframe app; the only layer that imports egui.
//!
//! [`fsio`] (owner-only files and atomic writes) serves every layer.
//!
//! `model`, `store`, `analysis` and `export` never import egui.

pub mod analysis;
pub mod cli;
pub mod demo;
pub mod export;
pub mod fsio;
pub mod model;
pub mod reminders;
pub mod store;
pub mod ui;
