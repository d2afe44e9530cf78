//! The passphrase lock in the window: the form that unlocks a locked journal at start, and the
//! Settings section that locks the journal, changes its passphrase or removes the lock.

use std::path::Path;

use zeroize::Zeroizing;

use crate::model::{Lang, Message};
use crate::store::Passphrase;
use crate::store::cipher::PassphraseError;
use crate::ui::command::Command;

/// A password field with a visible label that screen readers link to it.
fn secret_field(ui: &mut egui::Ui, label: &str, text: &mut Zeroizing<String>) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(egui::TextEdit::singleline(&mut **text).id_salt(label).password(true).desired_width(260.0))
            .labelled_by(l.id)
    })
    .inner
}

/// Whether Enter was pressed in `field` (which then loses focus).
fn entered(ui: &egui::Ui, field: &egui::Response) -> bool {
    field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// What the form says about a passphrase it cannot take (worded when shown).
pub(crate) fn form_message(e: &PassphraseError) -> Message {
    match e {
        PassphraseError::Empty => Message::fixed("Type a passphrase.", "Typ een wachtwoord."),
        PassphraseError::Nul => Message::fixed(
            "The passphrase holds a character that cannot be used.",
            "Het wachtwoord bevat een onbruikbaar teken.",
        ),
        PassphraseError::Mismatch => {
            Message::fixed("The two new passphrases differ.", "De twee nieuwe wachtwoorden verschillen.")
        }
    }
}

/// The form shown instead of the views while the journal is locked.
#[derive(Default)]
pub struct UnlockView {
    typed: Zeroizing<String>,
    /// The last passphrase tried did not unlock the journal.
    wrong: bool,
    /// The field gets the keyboard focus once.
    focused: bool,
}

impl UnlockView {
    /// Notes that the passphrase was missing (`false`) or wrong (`true`); a wrong one is cleared.
    pub fn set_wrong(&mut self, wrong: bool) {
        self.wrong = wrong;
        self.focused = false;
        if wrong {
            self.typed = Zeroizing::default();
        }
    }

    /// Draws the form.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, path: &Path) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading(lang.pick("This journal is locked", "Dit dagboek is vergrendeld"));
        ui.label(format!("{} {}", lang.pick("File:", "Bestand:"), path.display()));
        ui.add_space(8.0);
        let field = secret_field(ui, lang.pick("Passphrase", "Wachtwoord"), &mut self.typed);
        if !self.focused {
            field.request_focus();
            self.focused = true;
        }
        if self.wrong {
            ui.colored_label(
                ui.visuals().error_fg_color,
                lang.pick(
                    "That passphrase does not unlock this journal. Nothing was changed; try again.",
                    "Dat wachtwoord opent dit dagboek niet. Er is niets veranderd; probeer het opnieuw.",
                ),
            );
        }
        ui.horizontal(|ui| {
            let unlock = ui.button(lang.pick("Unlock", "Openen")).clicked() || entered(ui, &field);
            if unlock && let Ok(key) = Passphrase::new(self.typed.as_str()) {
                commands.push(Command::Unlock(key));
            }
            if ui.button(lang.pick("Quit", "Afsluiten")).clicked() {
                commands.push(Command::Quit);
            }
        });
        ui.add_space(8.0);
        ui.weak(lang.pick(
            "Without the passphrase the journal cannot be read, also not by Feltsense's makers. \
             Backups are locked with the same passphrase.",
            "Zonder het wachtwoord kan niemand het dagboek lezen, ook de makers van Feltsense niet. \
             Back-ups zijn met hetzelfde wachtwoord vergrendeld.",
        ));
        commands
    }
}

/// What the lock section needs to know.
pub struct LockContext {
    /// Interface language.
    pub lang: Lang,
    /// Whether the open journal is locked (`None` when no journal is open).
    pub locked: Option<bool>,
}

/// Which form of the lock section is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Form {
    #[default]
    Closed,
    /// Lock, or change the passphrase.
    SetOrChange,
    /// Remove the lock.
    Remove,
}

/// Settings' lock section.
#[derive(Default)]
pub struct PassphraseView {
    form: Form,
    current: Zeroizing<String>,
    new: Zeroizing<String>,
    again: Zeroizing<String>,
    /// Why the form was refused or the last change failed, worded when shown.
    error: Option<Message>,
}

impl PassphraseView {
    /// Shows why the last change failed (what was typed is kept).
    pub fn set_error(&mut self, e: Message) {
        self.error = Some(e);
    }

    /// Why the form was refused or the last change failed, if it was.
    pub fn error(&self) -> Option<&Message> {
        self.error.as_ref()
    }

    /// Draws the section.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &LockContext) -> Vec<Command> {
        let lang = cx.lang;
        let mut commands = Vec::new();
        ui.heading(lang.pick("Passphrase lock", "Vergrendelen met een wachtwoord"));
        let Some(locked) = cx.locked else {
            if self.form == Form::Closed {
                ui.weak(lang.pick("Open a journal to lock it.", "Open een dagboek om het te vergrendelen."));
            } else {
                // The change runs while the journal is closed; it is opened again afterwards.
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(lang.pick(
                        "Converting the journal and its backups… This takes a few seconds.",
                        "Het dagboek en zijn back-ups worden omgezet… Dit duurt een paar seconden.",
                    ));
                });
            }
            return commands;
        };
        ui.label(if locked {
            lang.pick(
                "This journal is locked: it and its backups are encrypted on disk, and Feltsense asks for the passphrase when it starts.",
                "Dit dagboek is vergrendeld: het en zijn back-ups zijn versleuteld op schijf, en Feltsense vraagt het wachtwoord bij het starten.",
            )
        } else {
            lang.pick(
                "This journal is not locked. With a passphrase it and its backups are encrypted on disk.",
                "Dit dagboek is niet vergrendeld. Met een wachtwoord worden het en zijn back-ups versleuteld op schijf.",
            )
        });
        if self.form == Form::Closed {
            ui.horizontal(|ui| {
                let set = if locked {
                    lang.pick("Change passphrase…", "Wachtwoord wijzigen…")
                } else {
                    lang.pick("Lock with a passphrase…", "Vergrendelen met een wachtwoord…")
                };
                if ui.button(set).clicked() {
                    self.form = Form::SetOrChange;
                }
                if locked && ui.button(lang.pick("Remove lock…", "Vergrendeling opheffen…")).clicked() {
                    self.form = Form::Remove;
                }
            });
            return commands;
        }
        let mut submit = false;
        if locked {
            let f = secret_field(ui, lang.pick("Current passphrase", "Huidig wachtwoord"), &mut self.current);
            submit |= entered(ui, &f);
        }
        if self.form == Form::SetOrChange {
            let f = secret_field(ui, lang.pick("New passphrase", "Nieuw wachtwoord"), &mut self.new);
            submit |= entered(ui, &f);
            let f = secret_field(ui, lang.pick("The same again", "Nogmaals"), &mut self.again);
            submit |= entered(ui, &f);
            ui.weak(lang.pick(
                "A few unrelated words are easy to remember and hard to guess. If you forget the passphrase, \
                 nobody can open the journal or its backups.",
                "Een paar losse woorden zijn makkelijk te onthouden en moeilijk te raden. Als je het wachtwoord vergeet, \
                 kan niemand het dagboek of zijn back-ups openen.",
            ));
        }
        ui.horizontal(|ui| {
            let label = match (self.form, locked) {
                (Form::Remove, _) => lang.pick("Remove the lock", "Vergrendeling opheffen"),
                (_, true) => lang.pick("Change passphrase", "Wachtwoord wijzigen"),
                (_, false) => lang.pick("Lock the journal", "Dagboek vergrendelen"),
            };
            submit |= ui.button(label).clicked();
            if ui.button(lang.pick("Cancel", "Annuleren")).clicked() {
                *self = PassphraseView::default();
            }
        });
        if submit {
            match self.command(locked) {
                Ok(c) => {
                    self.error = None;
                    commands.push(c);
                }
                Err(e) => self.error = Some(form_message(&e)),
            }
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
        }
        commands
    }

    /// The command the filled-in form asks for.
    fn command(&self, locked: bool) -> Result<Command, PassphraseError> {
        let current = if locked { Some(Passphrase::new(self.current.as_str())?) } else { None };
        let new = match self.form {
            Form::Remove => None,
            _ => Some(Passphrase::confirmed(&self.new, &self.again)?),
        };
        Ok(Command::ChangePassphrase { current, new })
    }
}
