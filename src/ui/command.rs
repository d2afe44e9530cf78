//! What views ask the app to do.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::model::experiment::{Moment, Plan};
use crate::model::{Entry, EntryId, Level};
use crate::store::Passphrase;
use crate::ui::effects::Effect;

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
    /// Import these entries in one all-or-nothing transaction (after a backup).
    Import(Vec<Entry>),
    /// Undo an import: remove exactly the entries with these uids.
    UndoImport(Vec<String>),
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
    /// Close the window.
    Quit,
}

/// A change to a personal experiment, as the Experiments view asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExperimentChange {
    /// Save this locked plan (refused while another experiment runs).
    Start(Plan),
    /// Save a rating of a moment (its phase follows from what is saved already).
    Rate {
        /// The experiment.
        uid: String,
        /// The day, from 1.
        day: u16,
        /// The moment.
        moment: Moment,
        /// When it was given (the window's clock).
        at: DateTime<FixedOffset>,
        /// The level of the region to ease.
        target: Level,
        /// The level of the control region.
        control: Level,
    },
    /// Stop the experiment at `at`; its ratings are kept.
    Stop {
        /// The experiment.
        uid: String,
        /// When.
        at: DateTime<FixedOffset>,
    },
}
