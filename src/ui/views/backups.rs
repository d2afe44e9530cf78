//! Backups in the window: list them, make one now, and restore one (after a confirmation; the
//! journal as it was is backed up first).

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::model::{Describe, Lang};
use crate::store::Passphrase;
use crate::store::backup::{BackupError, BackupInfo, Restored};
use crate::ui::command::Command;

/// State of the backups section.
#[derive(Debug, Default)]
pub struct BackupsView {
    /// The backup the person clicked "Restore" on, waiting for confirmation.
    confirm: Option<PathBuf>,
    /// A backup whose restore needs its own passphrase (it is locked with another one than the
    /// journal's), and the passphrase being typed for it.
    needs_key: Option<(PathBuf, Zeroizing<String>)>,
    /// The passphrase field takes the keyboard focus (and scrolls into view) when it appears.
    focus_key_field: bool,
}

impl BackupsView {
    /// Takes note of a restore's outcome: a backup locked with another passphrase gets a field
    /// for it.
    pub fn restored(&mut self, from: &Path, result: &Result<Restored, BackupError>) {
        self.needs_key = match result {
            Err(BackupError::BackupLocked { .. }) => Some((from.to_path_buf(), Zeroizing::default())),
            _ => None,
        };
        self.focus_key_field = self.needs_key.is_some();
    }

    /// Draws the section. `backups` is `None` until listed.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        backups: Option<&Result<Vec<BackupInfo>, std::sync::Arc<BackupError>>>,
        can_back_up: bool,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading(lang.pick("Backups", "Back-ups"));
        ui.weak(lang.pick(
            "A checked copy is made every day you open Feltsense, and before every upgrade, import and restore. \
             Kept: the last 7 daily copies, one for each of the last 4 weeks, and the last 5 of each other kind.",
            "Elke dag dat je Feltsense opent wordt een gecontroleerde kopie gemaakt, en voor elke upgrade, import en \
             terugzetting. Bewaard: de laatste 7 dagelijkse kopieën, één voor elk van de laatste 4 weken, en de laatste 5 \
             van elke andere soort.",
        ));
        ui.horizontal(|ui| {
            if ui.button(lang.pick("Show backups", "Back-ups tonen")).clicked() {
                commands.push(Command::ListBackups);
            }
            if ui
                .add_enabled(can_back_up, egui::Button::new(lang.pick("Back up now", "Nu een back-up maken")))
                .clicked()
            {
                commands.push(Command::BackupNow);
            }
        });
        match backups {
            None => {}
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e.describe(lang));
            }
            Some(Ok(list)) if list.is_empty() => {
                ui.label(lang.pick("There are no backups yet.", "Er zijn nog geen back-ups."));
            }
            Some(Ok(list)) => {
                egui::Grid::new("backups").num_columns(4).striped(true).show(ui, |ui| {
                    for b in list {
                        ui.label(format!("{} {}", lang.format_date(b.taken.date()), b.taken.format("%H:%M")));
                        ui.label(b.kind.label(lang));
                        ui.label(match (b.entries, b.locked) {
                            (Some(n), false) => format!("{n} {}", lang.pick("entries", "metingen")),
                            (Some(n), true) => {
                                format!(
                                    "{n} {} {}",
                                    lang.pick("entries", "metingen"),
                                    lang.pick("(locked)", "(vergrendeld)")
                                )
                            }
                            (None, true) => lang
                                .pick("locked with another passphrase", "vergrendeld met een ander wachtwoord")
                                .into(),
                            (None, false) => crate::model::text::file_size(b.size, lang),
                        });
                        if self.confirm.as_ref() == Some(&b.path) {
                            ui.horizontal(|ui| {
                                if ui
                                    .button(lang.pick("Yes, restore this backup", "Ja, deze back-up terugzetten"))
                                    .clicked()
                                {
                                    commands.push(Command::RestoreBackup(b.path.clone(), None));
                                    self.confirm = None;
                                }
                                if ui.button(lang.pick("Cancel", "Annuleren")).clicked() {
                                    self.confirm = None;
                                }
                            });
                        } else if ui.button(lang.pick("Restore…", "Terugzetten…")).clicked() {
                            self.confirm = Some(b.path.clone());
                        }
                        ui.end_row();
                    }
                });
                if self.confirm.is_some() {
                    ui.label(lang.pick(
                        "Restoring replaces the journal with the backup. The journal as it is now is backed up first.",
                        "Terugzetten vervangt het dagboek door de back-up. Het dagboek zoals het nu is, wordt eerst bewaard.",
                    ));
                }
            }
        }
        if let Some((path, typed)) = &mut self.needs_key {
            ui.label(lang.pick(
                "This backup is locked with another passphrase than the journal's. Type that passphrase to restore it:",
                "Deze back-up is vergrendeld met een ander wachtwoord dan het dagboek. Typ dat wachtwoord om hem terug te zetten:",
            ));
            ui.horizontal(|ui| {
                let label = ui.label(lang.pick("Passphrase of the backup", "Wachtwoord van de back-up"));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut **typed)
                            .id_salt("backup_passphrase")
                            .password(true)
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_key_field) {
                    field.request_focus();
                    field.scroll_to_me(None);
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button(lang.pick("Restore", "Terugzetten")).clicked() || enter)
                    && let Ok(key) = Passphrase::new(typed.as_str())
                {
                    commands.push(Command::RestoreBackup(path.clone(), Some(key)));
                }
            });
        }
        commands
    }
}
