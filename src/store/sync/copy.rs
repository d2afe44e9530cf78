//! Writing this computer's copy of the journal into the folder.
//!
//! The copy is the whole journal, encrypted with SQLCipher under the copies' passphrase (the
//! journal's own, or for a journal without one a passphrase chosen for its copies): AES-256 with
//! an HMAC-SHA512 on every page and a key derived with PBKDF2-HMAC-SHA512 (256,000 rounds) and a
//! random salt, so nothing readable leaves the computer and a changed or cut-off page is noticed.
//! It is written with `sqlcipher_export` inside one read transaction of the journal (a consistent
//! state while the window goes on saving), into a temporary file in the folder
//! ([`folder::temp_name`]); then checked (`PRAGMA integrity_check` through the passphrase, the
//! format, the number of entries, who wrote it), made durable, and renamed into place in one
//! step. A crash or a folder that disappears at any moment leaves the previous copies as they
//! were. After a copy is in place, this computer's older copies beyond the newest
//! [`KEEP_GENERATIONS`](folder::KEEP_GENERATIONS) are removed; other computers' files never are.
//!
//! One writer per journal at a time: a lock file beside the journal (`journal.sqlite.sync-lock`,
//! released by the system when the process ends, even by `kill -9`) keeps the window and a
//! `feltsense sync` from writing the same copy at once.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use rusqlite::OpenFlags;

use super::error::{Result, SyncError, io_err};
use super::folder::{self, KEEP_GENERATIONS, Kind};
use crate::model::Message;
use crate::store::cipher::{Passphrase, SALT_LEN, open_connection};
use crate::store::schema::SCHEMA_VERSION;
use crate::store::{BUSY_TIMEOUT, StoreError};

/// What [`write_copy`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyWritten {
    /// The copy.
    pub path: PathBuf,
    /// Its number.
    pub seq: u64,
    /// How many entries it holds.
    pub entries: usize,
    /// When it was written.
    pub written_at: DateTime<FixedOffset>,
    /// This computer's older copies that were removed.
    pub removed: Vec<PathBuf>,
}

/// The lock file that keeps two programs from writing the copy of one journal at once.
pub fn lock_path(journal: &Path) -> PathBuf {
    let mut p = journal.as_os_str().to_owned();
    p.push(".sync-lock");
    PathBuf::from(p)
}

/// Holds the copy lock of a journal while alive.
struct CopyLock {
    _file: File,
}

/// Takes the copy lock, waiting up to `wait` for another program to finish its copy.
#[expect(clippy::disallowed_methods, reason = "the lock file is a file of the store, created owner-only by fsio")]
fn take_lock(journal: &Path, wait: Duration) -> Result<CopyLock> {
    let path = lock_path(journal);
    let file = crate::fsio::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err(&path))?;
    let deadline = std::time::Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(CopyLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(SyncError::Store(StoreError::Busy));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(SyncError::Io { path, source: e }),
        }
    }
}

/// Removes a file; one that is already gone is fine.
#[expect(clippy::disallowed_methods, reason = "copies in the folder are files of the store")]
fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(SyncError::Io { path: path.to_path_buf(), source: e })
        }
        _ => Ok(()),
    }
}

/// Writes a new copy of the journal at `journal` (unlocked with `journal_key`) into `folder`,
/// encrypted with `copy_key`; see the [module docs](self). `after_seq` is the number of the last
/// copy this journal remembers writing (the new one gets a larger number than that and than any
/// of its copies in the folder). The journal is only read.
///
/// # Errors
/// [`SyncError::FolderMissing`] / [`SyncError::NotAFolder`] when the folder is not there,
/// [`SyncError::Verify`] when the new copy fails its check (it is removed), I/O and journal
/// errors otherwise. In every case the copies that were there are left as they were.
#[expect(clippy::disallowed_methods, reason = "a checked copy replaces nothing: it is renamed into its own name")]
pub fn write_copy(
    journal: &Path,
    journal_key: Option<&Passphrase>,
    copy_key: &Passphrase,
    folder: &Path,
    after_seq: u64,
    now: DateTime<FixedOffset>,
) -> Result<CopyWritten> {
    crate::store::guard::check("write_copy");
    folder::check_folder(folder)?;
    let _lock = take_lock(journal, Duration::from_secs(30))?;

    let src = open_connection(journal, OpenFlags::SQLITE_OPEN_READ_WRITE, journal_key)
        .map_err(|e| SyncError::Store(StoreError::from(e).at_path(journal)))?;
    src.busy_timeout(BUSY_TIMEOUT).map_err(StoreError::from)?;
    let id = super::versions::this_computer(&src)?;
    let name: String =
        src.query_row("SELECT name FROM computers WHERE this = 1", [], |r| r.get(0)).map_err(StoreError::from)?;

    // Anything of ours left half-written by a crash goes first (we hold the lock: nobody else
    // is writing it), then the number after every copy of ours in the folder.
    let files = folder::list(folder)?;
    let mut seq = after_seq;
    for f in &files {
        match &f.kind {
            Kind::Temporary(i, _) if *i == id => remove_if_present(&f.path)?,
            Kind::Copy(i, n) if *i == id => seq = seq.max(*n),
            _ => {}
        }
    }
    let seq = seq + 1;
    let target = folder.join(folder::copy_name(&id, seq));
    let tmp = folder.join(folder::temp_name(&id, seq));
    drop(crate::fsio::create_new(&tmp).map_err(io_err(&tmp))?);

    let written = export_into(&src, &tmp, copy_key, &id, &name, seq, now, journal_key.is_some());
    drop(src);
    let entries = match written.and_then(|expected| verify(&tmp, copy_key, &id, expected).map(|()| expected)) {
        Ok(n) => n,
        Err(e) => {
            remove_if_present(&tmp)?;
            return Err(e);
        }
    };
    let finish = || -> Result<()> {
        File::open(&tmp).and_then(|f| f.sync_all()).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &target).map_err(io_err(&target))?;
        sync_dir(folder)
    };
    if let Err(e) = finish() {
        remove_if_present(&tmp)?;
        return Err(e);
    }

    // Older copies of ours beyond the newest few.
    let mut own: Vec<(u64, PathBuf)> = folder::list(folder)?
        .into_iter()
        .filter_map(|f| match f.kind {
            Kind::Copy(i, n) if i == id => Some((n, f.path)),
            _ => None,
        })
        .collect();
    own.sort_by_key(|b| std::cmp::Reverse(b.0));
    let mut removed = Vec::new();
    for (_, p) in own.into_iter().skip(KEEP_GENERATIONS) {
        remove_if_present(&p)?;
        removed.push(p);
    }
    Ok(CopyWritten { path: target, seq, entries, written_at: now, removed })
}

/// Exports the journal open on `src` into the empty file `tmp`, encrypted with `key`, with a
/// `copy_info` row saying who wrote it; returns how many entries it holds.
#[expect(clippy::too_many_arguments, reason = "one call site; the parts of the copy's description")]
fn export_into(
    src: &rusqlite::Connection,
    tmp: &Path,
    key: &Passphrase,
    id: &str,
    name: &str,
    seq: u64,
    now: DateTime<FixedOffset>,
    locked: bool,
) -> Result<usize> {
    let sqlite = |e: rusqlite::Error| SyncError::Store(StoreError::from(e));
    // A fresh random salt for the new file, and its key derived once here (and remembered for
    // the check that follows) instead of by SQLCipher and again by the check.
    let salt: Vec<u8> = src.query_row("SELECT randomblob(16)", [], |r| r.get(0)).map_err(sqlite)?;
    let salt: [u8; SALT_LEN] = salt.try_into().map_err(|_| SyncError::Store(StoreError::Busy))?;
    let raw = key.key_for_new_file(salt);
    src.execute("ATTACH DATABASE ?1 AS feltsense_copy KEY ?2", rusqlite::params![tmp.to_string_lossy(), raw.as_str()])
        .map_err(sqlite)?;
    let exported = (|| -> rusqlite::Result<usize> {
        // The copy is a temporary file until it is checked: it needs no rollback journal beside
        // it (which a sync tool might carry over).
        src.query_row("PRAGMA feltsense_copy.journal_mode = OFF", [], |_| Ok(()))?;
        src.execute_batch("BEGIN")?;
        let run = (|| {
            let n: i64 = src.query_row("SELECT COUNT(*) FROM main.entries", [], |r| r.get(0))?;
            src.query_row("SELECT sqlcipher_export('feltsense_copy')", [], |_| Ok(()))?;
            src.execute("DELETE FROM feltsense_copy.copy_info", [])?;
            src.execute(
                "INSERT INTO feltsense_copy.copy_info (computer_id, computer_name, seq, written_at, journal_locked)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, name, i64::try_from(seq).unwrap_or(i64::MAX), now.to_rfc3339(), locked],
            )?;
            src.pragma_update(Some("feltsense_copy"), "user_version", SCHEMA_VERSION)?;
            Ok(usize::try_from(n).unwrap_or(0))
        })();
        match run {
            Ok(n) => {
                src.execute_batch("COMMIT")?;
                Ok(n)
            }
            Err(e) => {
                src.execute_batch("ROLLBACK").ok();
                Err(e)
            }
        }
    })();
    let detached = src.execute_batch("DETACH DATABASE feltsense_copy");
    let n = exported.map_err(sqlite)?;
    detached.map_err(sqlite)?;
    Ok(n)
}

/// Checks the copy at `tmp`: every page through the passphrase, the format, the entries, and that
/// it says it is `id`'s.
fn verify(tmp: &Path, key: &Passphrase, id: &str, entries: usize) -> Result<()> {
    let fail = |detail: Message| SyncError::Verify { detail };
    let c = open_connection(tmp, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(key)).map_err(|e| fail(Message::new(e)))?;
    let rows: Vec<String> = c
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| fail(Message::new(e)))?;
    if rows.len() != 1 || rows[0] != "ok" {
        return Err(fail(crate::store::error::integrity_problems(rows)));
    }
    let (version, n, who): (i64, i64, String) = c
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM entries),
                    (SELECT computer_id FROM copy_info)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| fail(Message::new(e)))?;
    if version != SCHEMA_VERSION || usize::try_from(n).ok() != Some(entries) || who != id {
        return Err(fail(Message::from_fn(move |lang| match lang {
            crate::model::Lang::En => {
                format!("it holds {n} entries in format {version}, expected {entries} in format {SCHEMA_VERSION}")
            }
            crate::model::Lang::Nl => {
                format!("hij bevat {n} metingen in formaat {version}, verwacht {entries} in formaat {SCHEMA_VERSION}")
            }
        })));
    }
    Ok(())
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|f| f.sync_all()).map_err(io_err(dir))
}

/// Makes a rename in `dir` durable (Windows flushes directory entries itself).
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}
