//! What views ask the app to do.

use std::path::PathBuf;

use crate::model::{Entry, EntryId};

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
    /// Close the window.
    Quit,
}
