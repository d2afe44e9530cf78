//! Routing: each answer of the journal worker or the effects thread goes to the view that asked,
//! with the toast that reports it (worded in [`crate::model::text::toast`]). What a reply says
//! about the journal itself (the snapshot, whether it opened) the link has taken already.

use std::path::PathBuf;
use std::sync::Arc;

use super::App;
use crate::model::Message;
use crate::model::experiment::Phase;
use crate::model::text::toast;
use crate::store::StoreError;
use crate::store::backup::PassphraseChanged;
use crate::ui::command::{Command, ExperimentChange, PrepChange};
use crate::ui::effects::{DialogFor, Done, EffectKind};
use crate::ui::toast::ToastAction;
use crate::ui::views::ViewKind;
use crate::ui::views::lock::{PassphraseView, UnlockView};
use crate::ui::views::log::LogView;
use crate::ui::worker::{RekeyFailed, Reply};

impl App {
    /// Applies one reply of the worker.
    pub(super) fn on_reply(&mut self, reply: Reply, ctx: &egui::Context) {
        match reply {
            // The link keeps these.
            Reply::Snapshot(_) | Reply::EntriesLoaded | Reply::OutsideChange(_) | Reply::NotOpen => {}
            Reply::ReadFailed(e) => self.toasts.error(Message::new(e)),
            Reply::Opened { .. } => {
                if let Some(r) = &self.reminders {
                    r.set_key(self.link.key.clone());
                }
                self.unlock_view = UnlockView::default();
                self.commands.append(&mut self.deferred);
            }
            Reply::OpenFailed(_) => self.commands.append(&mut self.deferred),
            Reply::NeedsPassphrase(wrong) => {
                self.unlock_view.set_wrong(wrong);
                self.commands.append(&mut self.deferred);
            }
            Reply::PassphraseChanged(done) => self.passphrase_changed(done),
            Reply::Restored(from, result) => {
                self.backups_view.restored(&from, &result);
                match result {
                    Ok(r) => {
                        let kept = r.safety_backup.as_ref().map(|b| b.path.clone()).or(r.set_aside.clone());
                        self.toasts.info(toast::backup_restored(r.entries, kept));
                    }
                    Err(e) => self.toasts.error(Message::new(e)),
                }
            }
            Reply::DailyBackup(Err(e)) => self.toasts.error(toast::daily_backup_failed(Message::new(e))),
            Reply::DailyBackup(Ok(_)) => {}
            Reply::Backups(list) => {
                self.backups_asked = false;
                self.backups = Some(list);
            }
            Reply::Page(query, result) => {
                if let Some(e) = self.journal_view.receive_page(query, result) {
                    self.toasts.error(e);
                }
            }
            Reply::Count(generation, filter, result) => match result {
                Ok(n) => self.journal_view.receive_count(generation, filter, n),
                Err(e) => self.toasts.error(Message::new(e)),
            },
            Reply::Saved(editing, result) => {
                self.saving = false;
                match result {
                    Ok(()) => {
                        self.log = LogView::default();
                        self.toasts.info(toast::saved(editing));
                    }
                    Err(e) => {
                        // The form keeps everything; the message says why.
                        let msg = Message::new(e);
                        self.log.error = Some(msg.clone());
                        self.toasts.error(msg);
                    }
                }
            }
            Reply::SavedAll(result) => {
                self.saving = false;
                match result {
                    Ok(()) => {
                        self.practice.save_succeeded();
                        self.toasts.info(toast::saved(false));
                    }
                    Err(e) => {
                        let msg = Message::new(e);
                        self.practice.save_failed(msg.clone());
                        self.toasts.error(msg);
                    }
                }
            }
            Reply::Got(Ok(Some(e))) => {
                self.log = LogView::edit(e, self.zone);
                self.view = ViewKind::Log;
            }
            Reply::Got(Ok(None)) => self.toasts.error(Message::new(StoreError::NotFound)),
            Reply::Got(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Deleted(Ok(e)) => {
                // The toast (a live region, so it is announced) names the entry; its Undo button
                // and Ctrl+Z bring it back.
                self.toasts.info_with(toast::entry_deleted(e.at, self.zone), ToastAction::UndoDelete);
                self.last_deleted = Some(e);
            }
            Reply::Deleted(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Undeleted(e, Ok(())) => self.toasts.info(toast::entry_restored(e.at, self.zone)),
            Reply::Undeleted(entry, Err(e)) => {
                self.last_deleted = Some(entry);
                self.toasts.error(Message::new(e));
            }
            Reply::LastCheckIn(Ok(Some(prev))) => self.log.copy_map_from(&prev),
            Reply::LastCheckIn(Ok(None)) => self.toasts.info(toast::no_earlier_check_in()),
            Reply::LastCheckIn(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::CustomEmotionAdded(Ok(())) => {}
            Reply::CustomEmotionAdded(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Imported(Ok(outcome)) => {
                self.toasts.info(toast::entries_imported(outcome.added));
                let experiments = outcome.experiments_added;
                let mut uids = outcome.added_uids;
                uids.extend(outcome.added_experiment_uids);
                self.files.import.imported(uids, outcome.already_present, experiments, outcome.prep);
            }
            // A cancelled import changed nothing, as asked: the form says so, no error toast.
            Reply::Imported(Err(e)) if e.is_cancelled() => self.files.import.import_cancelled(),
            Reply::Imported(Err(e)) => {
                let msg = Message::new(e);
                self.files.import.import_failed(msg.clone());
                self.toasts.error(msg);
            }
            Reply::ImportUndone(Ok(n)) => {
                self.files.import.undone(n);
                self.toasts.info(toast::import_undone());
            }
            Reply::ImportUndone(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::BackedUp(Ok(info)) => {
                self.toasts.info(toast::backed_up(info.path));
                self.apply(Command::ListBackups, ctx);
            }
            Reply::BackedUp(Err(e)) => self.toasts.error(Message::new(e)),
            Reply::Prep(change, result) => match result {
                Ok(()) => {
                    self.toasts.info(match &change {
                        PrepChange::Rate { week, .. } => {
                            toast::activities_scored(crate::model::prep::activity::week_of(*week))
                        }
                        PrepChange::AddTopic(t) if t.state == crate::model::prep::TopicState::Open => {
                            toast::topic_added()
                        }
                        PrepChange::TickOffOpen { .. } => toast::topics_ticked_off(),
                        _ => toast::prep_saved(),
                    });
                    self.prep.succeeded(&change);
                }
                Err(e) => {
                    let msg = Message::new(e);
                    self.prep.failed(msg.clone());
                    self.toasts.error(msg);
                }
            },
            Reply::Copies(status) => self.copies = Some(status),
            Reply::CopyFinished(finished) => {
                let finished = *finished;
                self.copies_view.copy_finished(&finished.result);
                if let Some(status) = self.copies.as_mut() {
                    let s = Arc::make_mut(status);
                    s.copying = false;
                    s.copy_failed = finished.result.as_ref().err().map(Message::described);
                    if let Some(state) = finished.state {
                        s.state = state;
                    }
                }
                if let Some(tell) = finished.tell {
                    self.toasts.error(tell.worded(self.zone));
                }
            }
            Reply::CopiesNote(note) => self.toasts.info(note),
            Reply::CopiesDone(change, result) => {
                if let Err(e) = &result {
                    self.toasts.error(e.clone());
                }
                self.copies_view.done(&change, result);
            }
            Reply::RestoredCopy(_, result) => {
                self.copies_view.restored(&result);
                match &result {
                    Ok(r) => {
                        let kept =
                            r.restored.safety_backup.as_ref().map(|b| b.path.clone()).or(r.restored.set_aside.clone());
                        let kept = kept.map(|k| k.display().to_string());
                        let (name, id, n) =
                            (r.info.computer_name.clone(), r.info.computer_id.clone(), r.restored.entries);
                        self.toasts.info(Message::from_fn(move |lang| {
                            let who = crate::model::text::sync::computer(&name, &id, lang);
                            crate::model::text::sync::copy_restored(&who, n, kept.as_deref(), lang)
                        }));
                    }
                    Err(e) => self.toasts.error(Message::described(e)),
                }
            }
            Reply::Experiment(change, result) => match result {
                Ok(rating) => {
                    self.toasts.info(match (&change, rating) {
                        (ExperimentChange::Start(_), _) => toast::experiment_started(),
                        (ExperimentChange::Rate { .. }, r) => {
                            toast::experiment_rated(r.is_some_and(|r| r.phase == Phase::Before))
                        }
                        (ExperimentChange::Stop { .. }, _) => toast::experiment_stopped(),
                    });
                    self.experiments.succeeded(&change, rating);
                }
                Err(e) => {
                    let msg = Message::new(e);
                    self.experiments.failed(msg.clone());
                    self.toasts.error(msg);
                }
            },
        }
    }

    /// Reports a passphrase change (the journal is being opened again meanwhile).
    fn passphrase_changed(&mut self, done: Result<PassphraseChanged, RekeyFailed>) {
        match done {
            Ok(d) => {
                self.passphrase_view = PassphraseView::default();
                self.toasts.info(toast::passphrase_changed(d.backups_converted));
                if !d.backups_kept.is_empty() {
                    self.toasts.error(toast::backups_keep_their_passphrase(d.backups_kept.len()));
                }
            }
            Err(e) => {
                let e = Message::new(e);
                self.passphrase_view.set_error(e.clone());
                self.toasts.error(e);
            }
        }
    }

    /// Applies one answer of the effects thread.
    pub(super) fn on_done(&mut self, done: Done) {
        match done {
            // A cancelled export left nothing behind, as asked: the form says so, no error toast.
            Done::Exported(seq, Err(crate::export::files::ExportError::Cancelled)) => {
                self.files.export.cancelled(seq);
            }
            Done::Exported(seq, result) => {
                let result = result.map_err(Message::new);
                if let Err(e) = &result {
                    self.toasts.error(e.clone());
                }
                self.files.export.exported(seq, result);
            }
            Done::FolderOpened(_, Ok(())) | Done::CuePlayed => {}
            Done::FolderOpened(dir, Err(e)) => self.toasts.error(toast::folder_not_opened(&dir, e)),
            Done::SoundPlayer(found) => self.practice.set_sound_player(found),
            Done::FileChosen { purpose: purpose @ (DialogFor::CopiesFolder | DialogFor::Copy), seq, path } => {
                self.copies_view.receive(&mut Some(Done::FileChosen { purpose, seq, path }));
            }
            Done::FileChosen { purpose, seq, path } => self.files.file_chosen(purpose, seq, path),
            done @ Done::CopyPreview(..) => self.copies_view.receive(&mut Some(done)),
            Done::ExportFolder(dir) => self.files.export.set_export_folder(dir),
            // An answer to an older request (another file chosen meanwhile) is dropped.
            Done::ImportPreview(request, result) => {
                self.files.import.previewed(request, *result);
            }
            Done::Failed(what) => {
                let why = toast::effect_stopped(what.name());
                match what {
                    EffectKind::Export => self.files.export.export_stopped(why.clone()),
                    EffectKind::FindSoundPlayer => self.practice.set_sound_player(false),
                    EffectKind::FileDialog => self.files.dialogs_closed(),
                    // Where finding the default folder itself ends without a home folder.
                    EffectKind::ExportFolder => self.files.export.set_export_folder(PathBuf::from(".")),
                    EffectKind::ImportPreview => self.files.import.preview_stopped(why.clone()),
                    EffectKind::CopyPreview => self.copies_view.preview_stopped(),
                    EffectKind::LoadReminders
                    | EffectKind::SaveReminders
                    | EffectKind::BackgroundReminders
                    | EffectKind::TestReminder
                    | EffectKind::OpenFolder
                    | EffectKind::Sound => {}
                }
                self.toasts.error(why);
            }
            reminders => self.settings_view.reminders.receive(reminders),
        }
    }

    /// The effects thread is not there: whatever waits for an answer is told.
    pub(super) fn effects_stopped(&mut self) {
        let why = toast::files_thread_stopped();
        self.files.export.export_stopped(why.clone());
        self.settings_view.reminders.effects_stopped();
        self.files.effects_stopped(why.clone());
        self.copies_view.preview_stopped();
        if self.practice.sound_player().is_none() {
            // Without the thread no cue can play.
            self.practice.set_sound_player(false);
        }
        self.toasts.error(why);
    }
}
