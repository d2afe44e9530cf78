//! One journal on several computers, through a folder the person already syncs (Syncthing,
//! Nextcloud, Dropbox, a network share) or carries (a USB stick), without a server or an account.
//!
//! - [`vv`]: version vectors, which changes of which computer a version has seen;
//! - [`versions`]: every write here gives the entry a new version; a deletion leaves a
//!   tombstone; versions changed on two computers since they last merged wait for the person;
//! - [`merge`]: another computer's journal merged into this one, entry by entry;
//! - [`folder`]: the files in the shared folder and their names;
//! - [`copy`]: this computer's encrypted, checked copy, written into the folder;
//! - [`exchange`]: other computers' copies, checked and merged;
//! - [`restore`]: a copy restored as the journal on a new computer;
//! - [`state`]: the folder, the copies' passphrase and what happened, in a file beside the
//!   journal.
pub mod copy;
mod error;
pub mod exchange;
pub mod folder;
pub mod merge;
pub mod restore;
pub mod state;
pub mod versions;
pub mod vv;

pub use copy::{CopyWritten, write_copy};
pub use error::{Result, SyncError};
pub use exchange::{CopyInfo, FileOutcome, FolderMerge, Seen, merge_folder, open_copy, read_copy};
pub use merge::Merged;
pub use restore::{RestoredCopy, default_computer_name, restore_copy};
pub use state::SyncState;
pub use versions::{Conflict, ConflictVersion, VersionKey};

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::store::{Passphrase, Store};

/// What [`copy_now`] did: the copy, or why it could not be written and whether that has now
/// lasted a day (then the person is told, once per spell).
#[derive(Debug)]
pub struct CopyOutcome {
    /// The copy written, or why not.
    pub result: Result<CopyWritten>,
    /// Writing has failed for a day and the person was not told yet: tell them now.
    pub tell_unreachable: bool,
    /// Since when writing fails (`None` after a copy was written).
    pub failing_since: Option<DateTime<FixedOffset>>,
}

/// Writes a copy of the journal at `journal` into the folder its settings name, and records the
/// outcome in the settings ([`state`]). `journal_key` is the journal's passphrase when it is
/// locked; `copy_key` the copies' passphrase when the caller holds it already (it is taken from
/// the settings otherwise).
pub fn copy_now(
    journal: &Path,
    journal_key: Option<&Passphrase>,
    copy_key: Option<&Passphrase>,
    now: DateTime<FixedOffset>,
) -> CopyOutcome {
    let attempt = (|| {
        let s = state::load(journal)?;
        let folder = s.folder.clone().ok_or(SyncError::NoFolder)?;
        let key = copy_key.cloned().or_else(|| s.copy_key(journal_key)).ok_or(SyncError::NoPassphrase)?;
        write_copy(journal, journal_key, &key, &folder, s.seq, now)
    })();
    let mut tell = false;
    let recorded = match &attempt {
        Ok(w) => {
            let name = w.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            state::update(journal, |s| s.written(w.written_at, name, w.seq))
        }
        // Without a folder there is nothing that fails to be reached.
        Err(SyncError::NoFolder | SyncError::BadSettings { .. }) => state::load(journal),
        Err(_) => state::update(journal, |s| tell = s.failed(now)),
    };
    let failing_since = recorded.as_ref().ok().and_then(|s| s.failing_since);
    match (attempt, recorded) {
        (Ok(w), Err(e)) => {
            // The copy is in place; only the note of it failed.
            eprintln!("feltsense: warning: the copy was written, but its settings file was not: {e}");
            CopyOutcome { result: Ok(w), tell_unreachable: false, failing_since: None }
        }
        (result, _) => CopyOutcome { result, tell_unreachable: tell, failing_since },
    }
}

/// Merges every other computer's latest copy in the folder the journal's settings name into
/// `store`, and records in the settings which computers take part and when each was merged.
/// `seen` remembers the copies merged before (keep one per open journal); `journal_key` is the
/// journal's passphrase when it is locked.
pub fn merge_now(
    store: &mut Store,
    journal_key: Option<&Passphrase>,
    seen: &mut Seen,
    now: DateTime<FixedOffset>,
) -> Result<FolderMerge> {
    let journal = store.path().map(Path::to_path_buf).ok_or(SyncError::NoFolder)?;
    let s = state::load(&journal)?;
    let folder = s.folder.clone().ok_or(SyncError::NoFolder)?;
    let copy_key = s.copy_key(None);
    let keys: Vec<&Passphrase> = journal_key.into_iter().chain(copy_key.as_ref()).collect();
    let done = merge_folder(store, &folder, &keys, seen)?;
    state::update(&journal, |s| {
        s.last_merged = Some(now);
        for f in &done.files {
            if let (Some(info), Ok(_)) = (&f.info, &f.result) {
                let peer = s.peers.entry(info.computer_id.clone()).or_default();
                peer.name.clone_from(&info.computer_name);
                peer.written_at = Some(info.written_at);
                peer.last_merged = Some(now);
            }
        }
    })?;
    Ok(done)
}
