//! Choices that persist between runs (stored by eframe next to the window size).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// Light, dark, or whatever the system uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system setting.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every choice.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// Localised name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Theme::System => lang.pick("Follow system", "Zoals systeem"),
            Theme::Light => lang.pick("Light", "Licht"),
            Theme::Dark => lang.pick("Dark", "Donker"),
        }
    }

    /// egui's preference for this choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// Persisted settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Interface language.
    pub lang: Lang,
    /// Colour theme.
    pub theme: Theme,
    /// A journal file chosen in Settings (`None` = default location). `--db` and
    /// `FELTSENSE_DB` take precedence.
    pub journal_path: Option<PathBuf>,
    /// The view shown last.
    pub last_view: super::views::ViewKind,
    /// Whether the journal list shows notes in full.
    pub journal_show_notes: bool,
    /// Whether the person made a choice on the welcome (until then each start shows it). Settings
    /// stored before the welcome existed count as welcomed.
    #[serde(default = "welcomed_before")]
    pub welcomed: bool,
}

fn welcomed_before() -> bool {
    true
}

/// Key under which [`Settings`] are stored.
pub const STORAGE_KEY: &str = "feltsense.settings";
