//! The copies' settings and what happened to them, kept per journal in a small file beside it
//! (`journal.sqlite.sync`, owner-only, JSON): the folder, for a journal without a passphrase the
//! passphrase of its copies, when a copy was last written and since when writing fails, and when
//! each other computer's copy was last merged.
//!
//! Not in the journal itself: the folder belongs to this computer (a journal restored elsewhere
//! chooses its own), and writing "last written" into the journal every few minutes would look
//! like a change of its entries. Every change is a read-modify-write of the whole file
//! ([`update`]), written atomically, so the window and the command line can both use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::error::{Result, SyncError};
use crate::model::Message;
use crate::store::Passphrase;

/// How long writing may fail before the person is told (once).
pub const TELL_AFTER: chrono::Duration = chrono::Duration::hours(24);

/// A passphrase kept in the settings file. Its `Debug` never shows it; its memory is cleared when
/// dropped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Secret, D::Error> {
        String::deserialize(d).map(|s| Secret(Zeroizing::new(s)))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// What the settings file holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncState {
    /// The folder copies are written to and read from (`None`: copies are off).
    pub folder: Option<PathBuf>,
    /// The copies' passphrase, for a journal without one (a journal with a passphrase locks its
    /// copies with that, and this stays empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_passphrase: Option<Secret>,
    /// When the last copy was written, and its file name.
    pub last_written: Option<DateTime<FixedOffset>>,
    /// The file name of the last copy.
    pub last_file: Option<String>,
    /// The number of the last copy written (the next one gets a larger one).
    pub seq: u64,
    /// Since when writing a copy fails (cleared by a copy that is written).
    pub failing_since: Option<DateTime<FixedOffset>>,
    /// Whether the person was told that writing has failed for a day (once per failing spell).
    pub told_unreachable: bool,
    /// When the folder was last read and the other computers' copies merged.
    pub last_merged: Option<DateTime<FixedOffset>>,
    /// Per other computer (by id): its name and when its copy was last merged.
    pub peers: BTreeMap<String, Peer>,
}

/// Another computer whose copies this journal merges.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Peer {
    /// Its name, as its copy gives it.
    pub name: String,
    /// When its latest copy was written (as the copy says).
    pub written_at: Option<DateTime<FixedOffset>>,
    /// When this computer last merged one of its copies.
    pub last_merged: Option<DateTime<FixedOffset>>,
}

impl SyncState {
    /// The passphrase for the copies: the journal's own, else the one chosen for them.
    pub fn copy_key(&self, journal_key: Option<&Passphrase>) -> Option<Passphrase> {
        match journal_key {
            Some(k) => Some(k.clone()),
            None => self.copy_passphrase.as_ref().and_then(|s| Passphrase::new(s.0.as_str()).ok()),
        }
    }

    /// Sets (or with `None` clears) the passphrase of a journal without one.
    pub fn set_copy_passphrase(&mut self, key: Option<&Passphrase>) {
        self.copy_passphrase = key.map(|k| Secret(Zeroizing::new(k.expose().to_owned())));
    }

    /// A copy was written: clears a failing spell.
    pub fn written(&mut self, at: DateTime<FixedOffset>, file: String, seq: u64) {
        self.last_written = Some(at);
        self.last_file = Some(file);
        self.seq = self.seq.max(seq);
        self.failing_since = None;
        self.told_unreachable = false;
    }

    /// Writing failed at `now`. True when the person should be told now: it has failed for
    /// [`TELL_AFTER`] and they were not told during this spell yet (then it counts as told).
    pub fn failed(&mut self, now: DateTime<FixedOffset>) -> bool {
        let since = *self.failing_since.get_or_insert(now);
        if !self.told_unreachable && now - since >= TELL_AFTER {
            self.told_unreachable = true;
            return true;
        }
        false
    }
}

/// The settings file of the journal at `journal`.
pub fn state_path(journal: &Path) -> PathBuf {
    let mut p = journal.as_os_str().to_owned();
    p.push(".sync");
    PathBuf::from(p)
}

/// Reads the settings of the journal at `journal` (defaults when there is no file yet).
pub fn load(journal: &Path) -> Result<SyncState> {
    let path = state_path(journal);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SyncState::default()),
        Err(e) => return Err(SyncError::Io { path, source: e }),
    };
    serde_json::from_str(&text).map_err(|e| SyncError::BadSettings {
        path,
        detail: Message::from_fn(move |lang| crate::model::text::json_error(&e, lang)),
    })
}

/// Reads the settings, lets `change` change them, and writes them back whole (owner-only).
/// Returns them as written.
pub fn update(journal: &Path, change: impl FnOnce(&mut SyncState)) -> Result<SyncState> {
    let mut state = load(journal)?;
    change(&mut state);
    let path = state_path(journal);
    let text = serde_json::to_vec_pretty(&state)
        .map_err(|e| SyncError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
    crate::fsio::write_atomic(&path, |w| w.write_all(&text)).map_err(|e| SyncError::Io { path, source: e })?;
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_the_passphrase_is_never_printed() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.sqlite");
        assert_eq!(load(&journal).expect("none yet"), SyncState::default());
        let key = Passphrase::new("copies only").expect("valid");
        let s = update(&journal, |s| {
            s.folder = Some(dir.path().join("Sync"));
            s.set_copy_passphrase(Some(&key));
        })
        .expect("write");
        assert!(!format!("{s:?}").contains("copies only"));
        let back = load(&journal).expect("read");
        assert_eq!(back, s);
        assert_eq!(back.copy_key(None), Some(key.clone()));
        let other = Passphrase::new("the journal's").expect("valid");
        assert_eq!(back.copy_key(Some(&other)), Some(other), "a locked journal's copies use its passphrase");

        std::fs::write(state_path(&journal), b"{not json").expect("damage");
        let err = load(&journal).expect_err("damaged");
        assert!(matches!(err, SyncError::BadSettings { .. }), "{err}");
    }

    #[test]
    fn a_failing_spell_is_told_once_after_a_day() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-20T08:00:00+01:00").expect("t");
        let mut s = SyncState::default();
        assert!(!s.failed(t0));
        assert!(!s.failed(t0 + chrono::Duration::hours(23)));
        assert!(s.failed(t0 + chrono::Duration::hours(24)), "told after a day");
        assert!(!s.failed(t0 + chrono::Duration::hours(25)), "and only once");
        s.written(t0 + chrono::Duration::hours(26), "f".into(), 3);
        assert_eq!((s.failing_since, s.told_unreachable, s.seq), (None, false, 3));
        assert!(!s.failed(t0 + chrono::Duration::hours(27)), "a new spell starts counting again");
    }
}
