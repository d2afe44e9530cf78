//! One file per view. Each view draws itself and returns [`Command`](super::command::Command)s.

pub mod backups;
pub mod files;
pub mod insights;
pub mod journal;
pub mod lock;
pub mod log;
pub mod practice;
pub mod settings;
pub mod shortcuts;

use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// The views reachable from the top bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewKind {
    /// Log an entry.
    #[default]
    Log,
    /// Browse, filter, edit and delete entries.
    Journal,
    /// Trends, heat maps, the weekly review, and what tension follows after an emotion.
    Insights,
    /// Guided practices with a rating before and after, the week strip, and one's own relief.
    Practice,
    /// Export for the physiotherapist, import from other apps.
    Share,
    /// Language, theme, journal file.
    Settings,
}

impl ViewKind {
    /// The views in top-bar order.
    pub const ALL: [ViewKind; 6] =
        [ViewKind::Log, ViewKind::Journal, ViewKind::Insights, ViewKind::Practice, ViewKind::Share, ViewKind::Settings];

    /// Localised tab name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            ViewKind::Log => lang.pick("Log", "Vastleggen"),
            ViewKind::Journal => lang.pick("Journal", "Dagboek"),
            ViewKind::Insights => lang.pick("Insights", "Inzichten"),
            ViewKind::Practice => lang.pick("Practice", "Oefenen"),
            ViewKind::Share => lang.pick("Export & import", "Exporteren & importeren"),
            ViewKind::Settings => lang.pick("Settings", "Instellingen"),
        }
    }
}

/// A text field with a visible label that is also its accessible name.
pub(crate) fn labelled_text(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    width: f32,
    hint: &str,
) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(egui::TextEdit::singleline(text).desired_width(width).hint_text(hint)).labelled_by(l.id)
    })
    .inner
}
