//! The journal as the views see it: one immutable [`Snapshot`], published by the journal worker.
//!
//! The worker ([`super::worker`]) owns the store. After it opens the journal, after every write
//! and when it notices that another program changed the file, it publishes a new
//! `Arc<Snapshot>` with a higher [`Snapshot::generation`]. The app keeps the latest one and hands
//! it to every view in the frame's context; caches compare against its generation. A view never
//! reads the journal itself.
//!
//! The entries themselves are read the first time a view needs them ([`Snapshot::entries`] is
//! `None` until then; the view says so through its context and the app asks the worker once), so
//! opening the window reads only the count and the custom emotions. From then on the worker
//! keeps them current: a save, edit or delete changes the one entry in place ([`Entries`]), an
//! import or an outside change reads them again.

use std::sync::Arc;

use crate::model::experiment::Experiment;
use crate::model::{Entry, EntryId, Message};

/// Every entry, oldest first (by time felt, then row id), shared read-only with analysis threads.
pub type AllEntries = Arc<Vec<Entry>>;

/// One state of the journal, as published by the worker. Never changed once published.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Bumped by the worker on every change to the journal (its own writes and other
    /// programs'). `0` before anything was published.
    pub generation: u64,
    /// How many entries the journal holds.
    pub count: usize,
    /// The custom emotions, alphabetically.
    pub custom_emotions: Vec<String>,
    /// The personal experiments (plans, ratings, stops), oldest first; a handful at most, always
    /// read.
    pub experiments: Arc<Vec<Experiment>>,
    /// Activities and their ratings, topics, appointments and the reason for the visit.
    pub prep: Arc<crate::model::prep::Prep>,
    /// Every entry, oldest first, once a view has asked for them (`None` before that).
    pub entries: Option<AllEntries>,
    /// Why the entries could not be read, when they could not (worded when shown).
    pub entries_failed: Option<Message>,
}

impl Snapshot {
    /// The most recent entry that rates tension (the source of "Same as last time" and of the
    /// practice's pre-filled map), when the entries are there.
    pub fn last_check_in(&self) -> Option<&Entry> {
        self.entries.as_ref()?.iter().rev().find(|e| e.is_check_in())
    }

    /// The most recently started experiment, if any.
    pub fn latest_experiment(&self) -> Option<&Experiment> {
        self.experiments.last()
    }
}

/// The order the store lists entries in: time felt (Unix seconds), then row id.
fn key(e: &Entry) -> (i64, Option<EntryId>) {
    (e.at.timestamp(), e.id)
}

/// Changes to the worker's copy of the entries, applied in place (cloned first only while a view
/// or an analysis thread still holds the previous snapshot).
#[derive(Debug, Default)]
pub struct Entries {
    list: Option<AllEntries>,
}

impl Entries {
    /// The entries as loaded (`None`: not loaded).
    pub fn get(&self) -> Option<&AllEntries> {
        self.list.as_ref()
    }

    /// Replaces them all (a first load, an import, an outside change). `entries` are oldest
    /// first, as [`crate::store::Store::list_chronological`] returns them.
    pub fn set(&mut self, entries: Vec<Entry>) {
        self.list = Some(Arc::new(entries));
    }

    /// Forgets them (they are read again when a view asks).
    pub fn clear(&mut self) {
        self.list = None;
    }

    /// Puts a saved entry (new, edited or restored) where it belongs, replacing the one with its
    /// row id. Nothing happens when the entries are not loaded.
    pub fn put(&mut self, entry: Entry) {
        let Some(list) = self.list.as_mut() else { return };
        let list = Arc::make_mut(list);
        if let Some(id) = entry.id {
            list.retain(|e| e.id != Some(id));
        }
        let at = list.partition_point(|e| key(e) <= key(&entry));
        list.insert(at, entry);
    }

    /// Removes the entry with this row id.
    pub fn remove(&mut self, id: EntryId) {
        if let Some(list) = self.list.as_mut()
            && list.iter().any(|e| e.id == Some(id))
        {
            Arc::make_mut(list).retain(|e| e.id != Some(id));
        }
    }

    /// Removes the entries with these uids (undo of an import).
    pub fn remove_uids(&mut self, uids: &[String]) {
        if let Some(list) = self.list.as_mut() {
            let uids: std::collections::HashSet<&str> = uids.iter().map(String::as_str).collect();
            Arc::make_mut(list).retain(|e| !uids.contains(e.uid.as_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, hours: i64) -> Entry {
        let mut e = Entry::new(chrono::DateTime::UNIX_EPOCH.fixed_offset() + chrono::Duration::hours(hours));
        e.id = Some(EntryId(id));
        e.uid = format!("u{id}");
        e
    }

    fn ids(entries: &Entries) -> Vec<i64> {
        entries.get().map(|l| l.iter().filter_map(|e| e.id.map(|i| i.0)).collect()).unwrap_or_default()
    }

    #[test]
    fn changes_keep_the_store_order_and_leave_published_snapshots_alone() {
        let mut entries = Entries::default();
        entries.put(entry(9, 0));
        assert!(entries.get().is_none(), "not loaded: nothing to keep current");
        entries.set(vec![entry(1, 0), entry(2, 5), entry(3, 5), entry(4, 9)]);
        let published = Arc::clone(entries.get().expect("loaded"));

        // A new entry between two others; an edit that moves an entry in time; a delete.
        entries.put(entry(5, 7));
        let mut moved = entry(1, 6);
        moved.note = "later".into();
        entries.put(moved);
        entries.remove(EntryId(3));
        assert_eq!(ids(&entries), [2, 1, 5, 4]);
        // Same time: the row id decides, as in the store.
        entries.put(entry(0, 9));
        assert_eq!(ids(&entries), [2, 1, 5, 0, 4]);
        entries.remove_uids(&["u5".into(), "u4".into()]);
        assert_eq!(ids(&entries), [2, 1, 0]);

        // What was published before is unchanged.
        let before: Vec<i64> = published.iter().filter_map(|e| e.id.map(|i| i.0)).collect();
        assert_eq!(before, [1, 2, 3, 4]);
    }

    #[test]
    fn the_last_check_in_is_the_latest_entry_that_rates_tension() {
        let mut with_map = entry(1, 0);
        with_map.set_tension(crate::model::Region::Neck, crate::model::Level::new(4));
        let snapshot = Snapshot { entries: Some(Arc::new(vec![with_map, entry(2, 3)])), ..Snapshot::default() };
        assert_eq!(snapshot.last_check_in().and_then(|e| e.id), Some(EntryId(1)));
        assert!(Snapshot::default().last_check_in().is_none());
    }
}
