//! The window's tests, in one test binary (egui_kittest's generics and the link are paid once):
//! the app and its views driven headless through their accessible labels, the body map widget,
//! and the reminders (their Settings section, and the programs and notifications behind it).
//! What they share is in [`harness`]: one `Journal`, one `lvl`, one way to build the window.

#[path = "../common/mod.rs"]
mod common;
mod harness;

mod appointment;
mod body_map;
mod copies;
mod data_safety;
mod dates;
mod dutch_errors;
mod export;
mod flows;
mod insights;
mod keyboard;
mod layout;
mod practice;
mod reminders;
mod welcome;
