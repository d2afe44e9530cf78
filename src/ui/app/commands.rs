//! The views' [`Command`]s, applied after the frame: journal changes become requests to the
//! journal worker, files and programs become effects for the effects thread, and switching,
//! unlocking, restoring or re-locking the journal starts a new worker.

use super::App;
use crate::model::text::toast;
use crate::ui::command::Command;
use crate::ui::effects::{Effect, Effects};
use crate::ui::worker::{BeforeOpening, Request};

impl App {
    /// Applies one command.
    pub(super) fn apply(&mut self, cmd: Command, ctx: &egui::Context) {
        match cmd {
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Reopen => self.open_journal(ctx, None),
            Command::ListBackups => {
                // Also the worker of a journal that could not be opened answers this.
                if self.link.ask_backups() {
                    self.backups_asked = true;
                }
            }
            Command::BackupNow => {
                self.link.request(Request::BackupNow);
            }
            Command::RestoreBackup(from, backup_key) => {
                if self.link.is_opening() {
                    // The worker is still opening the file: restore once it is done.
                    self.deferred.push(Command::RestoreBackup(from, backup_key));
                    return;
                }
                // A new worker restores while it holds the file to itself, then opens it.
                self.open_journal(ctx, Some(BeforeOpening::Restore { from, backup_key }));
            }
            Command::Unlock(key) => {
                self.link.key = Some(key);
                self.open_journal(ctx, None);
            }
            Command::ChangePassphrase { current, new } => {
                if self.link.is_open() {
                    // A new worker changes it while it holds the window lock, then reopens.
                    self.open_journal(ctx, Some(BeforeOpening::Rekey { current, new }));
                }
            }
            Command::OpenJournal(p) => {
                self.link.key = None;
                self.link.forced = None;
                self.settings.journal_path = p;
                self.open_journal(ctx, None);
            }
            Command::SaveEntry(entry) => {
                if self.saving {
                    return;
                }
                if self.link.request(Request::Save(entry)) {
                    self.saving = true;
                } else {
                    self.log.error = Some(toast::not_open_nothing_saved());
                }
            }
            Command::SaveEntries(entries) => {
                if self.saving {
                    return;
                }
                if self.link.request(Request::SaveAll(entries)) {
                    self.saving = true;
                } else {
                    self.practice.save_failed(toast::not_open_nothing_saved());
                    self.toasts.error(toast::not_open_nothing_saved());
                }
            }
            Command::EditEntry(id) => {
                self.link.request(Request::Get(id));
            }
            Command::DeleteEntry(id) => {
                self.link.request(Request::Delete(id));
            }
            Command::UndoDelete => {
                if let Some(e) = self.last_deleted.take()
                    && !self.link.request(Request::Undelete(e.clone()))
                {
                    self.last_deleted = Some(e);
                }
            }
            Command::SameAsLastTime => {
                self.link.request(Request::LastCheckIn);
            }
            Command::AddCustomEmotion(code) => {
                self.link.request(Request::AddCustomEmotion(code));
            }
            Command::Import(entries, experiments, prep, tracker) => {
                if !self.link.request(Request::Import(entries, experiments, prep, tracker)) {
                    self.files.import.import_failed(toast::not_open_nothing_imported());
                }
            }
            Command::ImportJson(path, total, tracker) => {
                if !self.link.request(Request::ImportJson(path, total, tracker)) {
                    self.files.import.import_failed(toast::not_open_nothing_imported());
                }
            }
            Command::UndoImport(uids, prep) => {
                self.link.request(Request::UndoImport(uids, prep));
            }
            Command::Experiment(change) => {
                if !self.link.request(Request::Experiment(change)) {
                    self.experiments.failed(toast::not_open_nothing_saved());
                    self.toasts.error(toast::not_open_nothing_saved());
                }
            }
            Command::Prep(change) => {
                if !self.link.request(Request::Prep(change)) {
                    self.prep.failed(toast::not_open_nothing_saved());
                    self.toasts.error(toast::not_open_nothing_saved());
                }
            }
            Command::Copies(change) => {
                if !self.link.request(Request::Copies(change.clone())) {
                    self.copies_view.done(&change, Err(toast::not_open_nothing_saved()));
                }
            }
            Command::RestoreCopy(from, key) => {
                if self.link.is_opening() {
                    self.deferred.push(Command::RestoreCopy(from, key));
                    return;
                }
                self.open_journal(ctx, Some(BeforeOpening::RestoreCopy { from, key }));
            }
            Command::Effect(effect) => self.effect(effect, ctx),
        }
    }

    /// Hands an effect to the effects thread (started when first needed).
    fn effect(&mut self, effect: Effect, ctx: &egui::Context) {
        if self.effects.is_none() {
            match Effects::start(ctx) {
                Ok(fx) => self.effects = Some(fx),
                Err(e) => eprintln!("feltsense: the effects thread could not start: {e}"),
            }
        }
        if !self.effects.as_mut().is_some_and(|fx| fx.send(effect)) {
            self.effects = None;
            self.effects_stopped();
        }
    }
}
