//! Pure analyses over journal entries: no egui, no SQLite.
//!
//! Every function takes a slice of [`Entry`](crate::model::Entry) values plus parameters and
//! returns plain data. Entries may come in any order; sorted by `at` ascending (the order the
//! store returns) is cheapest. Large journals should be analysed off the UI thread, and results
//! cached until the data or the filter changes.
//!
//! - [`lag`]: what tension follows after an emotion (0–6, 6–12, 12–24, 24–48 h): an adjusted
//!   regression with day-aware (Newey–West) intervals, "already higher before" and
//!   false-discovery-rate control; JSON and text output for the CLI.
//! - [`sim`]: simulated journals with known truth, for testing the analyses.
//! - [`trends`]: daily and weekly means per region, and emotion markers, for charts.
//! - [`heatmap`]: per-region mean or maximum over a period, and "then vs now".
//! - [`weekly`]: the weekly review (this week vs last week, biggest changes in words, notes).
//! - [`time_of_day`]: mean tension by part of the day and by weekday.
//! - [`practices`]: before/after effect of each practice and weekly consistency.
//! - [`relief`]: a practice's change compared with comparable moments without a practice.
//! - [`sim_practice`]: simulated journals with a known practice effect, for tests.
//! - [`activities`]: the activities that matter (PSK / PSFS), first against latest with the
//!   ~2-point threshold, and their weekly series.
//! - [`suggest`]: topics suggested from the journal, in neutral words (never a diagnosis).
//! - [`stats`]: the statistics used (t distribution, Welch, Benjamini–Hochberg).
//! - [`common`]: shared helpers (date ranges, local dates, ISO weeks, number formatting).

pub mod activities;
pub mod common;
pub mod experiment;
pub mod heatmap;
pub mod lag;
pub mod practices;
pub mod relief;
pub mod sessions;
pub mod sim;
pub mod sim_practice;
pub mod stats;
pub mod suggest;
pub mod time_of_day;
pub mod trends;
pub mod weekly;

pub use common::{DateRange, RegionLevels};
pub use lag::{
    CellEntries, LagCell, LagParams, LagTable, LagWindow, Verdict, cell_entries, cell_sentence, format_table,
    how_computed, lag_analysis, write_json,
};
