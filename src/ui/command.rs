//! What views ask the app to do.

use std::path::PathBuf;

use crate::model::{Entry, EntryId};
use crate::store::Passphrase;
use crate::ui::effects::Effect;
pub use crate::ui::worker::{ExperimentChange, PrepChange};

/// An intent from a view, applied by [`App`](super::app::App) after the frame's views ran.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Save the log form's entry (insert when new, update when it has an id).
    SaveEntry(Entry),
    /// Save several new entries in one transaction (a practice's before and after ratings).
    SaveEntries(Vec<Entry>),
    /// Load a saved entry into the log form for editing.
    EditEntry(EntryId),
    /// Delete an entry (undoable).
    DeleteEntry(EntryId),
    /// Put the last deleted entry back.
    UndoDelete,
    /// Fill the log form's map from the last check-in.
    SameAsLastTime,
    /// Remember a custom emotion.
    AddCustomEmotion(String),
    /// Switch to another journal file (and remember the choice).
    OpenJournal(Option<PathBuf>),
    /// Import these entries and personal experiments in one all-or-nothing transaction (after a
    /// backup), the progress told to and a stop asked through the tracker.
    Import(
        Vec<Entry>,
        Vec<crate::model::experiment::Experiment>,
        Box<crate::model::prep::Prep>,
        std::sync::Arc<crate::export::source::Tracker>,
    ),
    /// Import the Feltsense JSON file at this path, read entry by entry into one all-or-nothing
    /// transaction (after a backup): `total` entries (the preview's count), the progress told to
    /// and a stop asked through the tracker.
    ImportJson(PathBuf, usize, std::sync::Arc<crate::export::source::Tracker>),
    /// Undo an import: remove exactly the entries (and experiments) with these uids, and the
    /// activities, topics, appointments and reason it added.
    UndoImport(Vec<String>, Box<crate::store::PrepImport>),
    /// Write or read a file, start or look up a program, play a sound or show a file dialog:
    /// handed to the effects thread ([`crate::ui::effects`]); its answer comes back to the view
    /// that asked.
    Effect(Effect),
    /// Try to open the same journal file again.
    Reopen,
    /// List the journal's backups.
    ListBackups,
    /// Make a backup now.
    BackupNow,
    /// Replace the journal with this backup (the current journal is backed up first), with the
    /// backup's own passphrase when it differs from the journal's.
    RestoreBackup(PathBuf, Option<Passphrase>),
    /// Open the locked journal with this passphrase.
    Unlock(Passphrase),
    /// Lock the journal with `new`, change its passphrase, or (with `new: None`) remove the lock.
    /// `current` is the passphrase as typed again by the person (`None` when not locked).
    ChangePassphrase {
        /// The journal's passphrase now.
        current: Option<Passphrase>,
        /// The new one; `None` removes the lock.
        new: Option<Passphrase>,
    },
    /// Start, rate or stop a personal experiment (checked against the journal by the worker,
    /// inside the write's transaction).
    Experiment(ExperimentChange),
    /// Change the activities, topics, appointments or reason for the visit (checked against the
    /// journal by the worker, inside the write's transaction).
    Prep(PrepChange),
    /// Change the copies in a folder, write one now, name this computer, or keep one version of
    /// an entry changed on two computers (carried out by the worker).
    Copies(crate::ui::worker::CopiesChange),
    /// Replace the journal with this copy from a folder, unlocked with this passphrase (the
    /// journal there is backed up first).
    RestoreCopy(PathBuf, Passphrase),
    /// Close the window.
    Quit,
}
