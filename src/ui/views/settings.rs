//! The settings view: language, theme, and where the journal lives.

use std::path::{Path, PathBuf};

use crate::model::Lang;
use crate::ui::command::Command;
use crate::ui::settings::{Settings, Theme};
use crate::ui::views::labelled_text;

/// State of the settings view.
#[derive(Debug, Default)]
pub struct SettingsView {
    path_text: String,
}

/// What the settings view shows about the journal file.
pub struct JournalInfo<'a> {
    /// The file in use (or being opened).
    pub path: Option<&'a Path>,
    /// Set when `--db` or `FELTSENSE_DB` fixes the path for this run.
    pub forced_by: Option<&'static str>,
    /// Number of entries, when open.
    pub entries: Option<usize>,
}

impl SettingsView {
    /// Draws the view; changes to `settings` apply at once.
    pub fn ui(&mut self, ui: &mut egui::Ui, settings: &mut Settings, info: &JournalInfo<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let lang = settings.lang;
        ui.heading(lang.pick("Language", "Taal"));
        ui.horizontal(|ui| {
            for l in Lang::ALL {
                ui.radio_value(&mut settings.lang, l, l.native_name());
            }
        });
        ui.add_space(8.0);
        ui.heading(lang.pick("Theme", "Thema"));
        ui.horizontal(|ui| {
            for t in Theme::ALL {
                ui.radio_value(&mut settings.theme, t, t.name(lang));
            }
        });
        ui.add_space(8.0);
        ui.heading(lang.pick("Your journal file", "Je dagboekbestand"));
        match info.path {
            Some(p) => ui.label(format!("{} {}", lang.pick("In use:", "In gebruik:"), p.display())),
            None => ui.label(lang.pick("No journal is open.", "Er is geen dagboek geopend.")),
        };
        if let Some(n) = info.entries {
            ui.label(format!("{n} {}", lang.pick("entries", "notities")));
        }
        ui.weak(lang.pick(
            "Everything stays on this computer unless you export it. The file is readable by you only.",
            "Alles blijft op deze computer, tenzij je het exporteert. Alleen jij kunt het bestand lezen.",
        ));
        if let Some(src) = info.forced_by {
            ui.label(format!(
                "{} {src}.",
                lang.pick("For this run the file is set by", "Voor deze sessie is het bestand vastgelegd door")
            ));
        }
        ui.horizontal(|ui| {
            labelled_text(
                ui,
                lang.pick("Open another file:", "Ander bestand openen:"),
                &mut self.path_text,
                320.0,
                "/home/me/feltsense.sqlite",
            );
            let ok = !self.path_text.trim().is_empty();
            if ui.add_enabled(ok, egui::Button::new(lang.pick("Open", "Openen"))).clicked() {
                commands.push(Command::OpenJournal(Some(PathBuf::from(self.path_text.trim()))));
            }
        });
        if settings.journal_path.is_some()
            && ui.button(lang.pick("Use the default location", "Standaardlocatie gebruiken")).clicked()
        {
            commands.push(Command::OpenJournal(None));
        }
        commands
    }
}
