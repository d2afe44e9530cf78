//! One file per view. Each view draws itself from the frame's [`ViewCx`] and returns
//! [`Command`](super::command::Command)s.

pub mod backups;
pub mod copies;
pub mod experiments;
pub mod files;
pub mod insights;
pub mod journal;
pub mod lock;
pub mod log;
pub mod practice;
pub mod prep;
pub mod settings;
pub mod shortcuts;
pub mod welcome;

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use crate::model::Lang;
use crate::ui::snapshot::{AllEntries, Snapshot};

/// What every view draws with, made by the app once per frame: the language and the journal's
/// latest [`Snapshot`]. Views read the journal only through it.
#[derive(Debug)]
pub struct ViewCx<'a> {
    /// Interface language.
    pub lang: Lang,
    /// The journal as the worker last published it.
    pub snapshot: &'a Snapshot,
    /// The custom emotions the person added (from the snapshot).
    pub custom_emotions: &'a [String],
    /// Whether the journal is open (saving is possible).
    pub can_save: bool,
    /// The time now on the person's local clock (the app's [`Clock`](crate::ui::clock::Clock),
    /// which tests set by hand).
    pub now: chrono::DateTime<chrono::FixedOffset>,
    /// The person's time zone: every instant a view shows is on this clock
    /// ([`crate::model::text::time`]); the app's, which tests set.
    pub zone: crate::model::text::time::Zone,
    wants_entries: Cell<bool>,
}

impl<'a> ViewCx<'a> {
    /// The context for one frame.
    pub fn new(lang: Lang, snapshot: &'a Snapshot, can_save: bool) -> ViewCx<'a> {
        ViewCx {
            lang,
            snapshot,
            custom_emotions: &snapshot.custom_emotions,
            can_save,
            now: chrono::Local::now().fixed_offset(),
            zone: crate::model::text::time::Zone::System,
            wants_entries: Cell::new(false),
        }
    }

    /// The data generation of the snapshot (caches compare against it).
    pub fn generation(&self) -> u64 {
        self.snapshot.generation
    }

    /// Every entry, oldest first. `None` until the worker has read them: the app then asks it to
    /// (once), and a later frame has them.
    pub fn entries(&self) -> Option<&AllEntries> {
        let entries = self.snapshot.entries.as_ref();
        if entries.is_none() {
            self.wants_entries.set(true);
        }
        entries
    }

    /// Whether a view asked for the entries and they were not there.
    pub fn wants_entries(&self) -> bool {
        self.wants_entries.get()
    }
}

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
    /// Personal experiments: does a practice ease a region for this person?
    Experiments,
    /// Ready for the appointment: activities (PSK/PSFS), topics to discuss, appointments.
    Appointment,
    /// Export for the physiotherapist, import from other apps.
    Share,
    /// Language, theme, journal file.
    Settings,
}

impl ViewKind {
    /// The views in top-bar order.
    pub const ALL: [ViewKind; 8] = [
        ViewKind::Log,
        ViewKind::Journal,
        ViewKind::Insights,
        ViewKind::Practice,
        ViewKind::Experiments,
        ViewKind::Appointment,
        ViewKind::Share,
        ViewKind::Settings,
    ];

    /// Localised tab name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            ViewKind::Log => lang.pick("Log", "Vastleggen"),
            ViewKind::Journal => lang.pick("Journal", "Dagboek"),
            ViewKind::Insights => lang.pick("Insights", "Inzichten"),
            ViewKind::Practice => lang.pick("Practice", "Oefenen"),
            ViewKind::Experiments => lang.pick("Experiments", "Experimenten"),
            ViewKind::Appointment => lang.pick("Appointment", "Afspraak"),
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
