//! Restoring a copy from the folder as the journal on a (new) computer.
//!
//! The copy is checked ([`open_copy`](super::exchange::open_copy)), taken into a private file
//! beside the journal, given a computer id of its own (this computer is a new writer; the one
//! the copy came from keeps its id and stays one of the computers that take part), and then
//! replaces the journal through the backups' restore ([`backup::restore_locked_with`]): the
//! journal there was is backed up first (or, damaged, kept byte for byte), and the swap is one
//! atomic rename. A copy of a locked journal stays locked with the same passphrase; a copy of a
//! journal without one becomes a journal without one, whose copies keep the passphrase they had.
//! A journal that is locked here keeps its own passphrase.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use super::error::{Result, SyncError, io_err};
use super::exchange::{CopyInfo, open_copy};
use crate::store::Passphrase;
use crate::store::backup::{self, RestoreKeys, Restored};
use crate::store::cipher::{FileState, file_state, open_connection};
use crate::store::instance::WindowLock;

/// What [`restore_copy`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoredCopy {
    /// What the copy said about itself.
    pub info: CopyInfo,
    /// What the restore did (the backup of the journal that was there, if any).
    pub restored: Restored,
    /// The passphrase that opens the journal now (`None`: it is not locked): the copy's, or the
    /// one of the locked journal it replaced.
    pub journal_key: Option<Passphrase>,
}

/// The computer's name as the system knows it (the host name), for a journal that has none.
pub fn default_computer_name() -> String {
    let from_file = |p: &str| std::fs::read_to_string(p).ok().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[expect(clippy::disallowed_methods, reason = "the restore's private file is a file of the store")]
fn remove_private(path: &Path) -> Result<()> {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let p = with_suffix(path, suffix);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(SyncError::Io { path: p, source: e }),
            _ => {}
        }
    }
    Ok(())
}

/// Replaces the journal held by `lock` with the copy at `file`, unlocked with `key` (see the
/// [module docs](self)). `journal_key` is the passphrase of the journal there now, if it is
/// locked. The folder's settings beside the journal are set to the copy's folder and passphrase,
/// so this computer goes on writing its own copies there.
///
/// # Errors
/// The copy's problems ([`SyncError::WrongPassphrase`], [`SyncError::Damaged`],
/// [`SyncError::NewerFormat`], [`SyncError::NotACopy`]) and the restore's
/// ([`SyncError::Restore`]); in every case the journal is as it was.
pub fn restore_copy(
    lock: &WindowLock,
    file: &Path,
    key: &Passphrase,
    journal_key: Option<&Passphrase>,
) -> Result<RestoredCopy> {
    crate::store::guard::check("restore_copy");
    let (conn, info) = open_copy(file, &[key])?;
    let journal = lock.journal();
    let dir = match journal.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::fsio::create_dir_all(&dir).map_err(io_err(&dir))?;
    let name = journal.file_name().map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    let private = dir.join(format!(".{name}.from-copy"));
    let plain = dir.join(format!(".{name}.from-copy-plain"));
    remove_private(&private)?;
    remove_private(&plain)?;

    let prepared = (|| -> Result<()> {
        // A private copy of the copy (still encrypted), so nothing is written in the folder.
        {
            let mut out = crate::fsio::create_new(&private).map_err(io_err(&private))?;
            let mut input = std::fs::File::open(file).map_err(io_err(file))?;
            io::copy(&mut input, &mut out).and_then(|_| out.sync_all()).map_err(io_err(&private))?;
        }
        drop(conn);
        let c = open_connection(&private, OpenFlags::SQLITE_OPEN_READ_WRITE, Some(key))
            .map_err(|e| SyncError::Store(e.into()))?;
        let reset = || -> rusqlite::Result<()> {
            c.execute_batch(
                "BEGIN IMMEDIATE;
                 UPDATE computers SET this = 0 WHERE this = 1;
                 DELETE FROM copy_info;",
            )?;
            c.execute(
                "INSERT INTO computers (id, name, this) VALUES (lower(hex(randomblob(8))), ?1, 1)",
                [default_computer_name()],
            )?;
            c.execute_batch("COMMIT")
        };
        reset().map_err(|e| SyncError::Store(e.into()))?;
        if !info.journal_locked {
            // A journal without a passphrase comes back without one.
            drop(crate::fsio::create_new(&plain).map_err(io_err(&plain))?);
            crate::store::cipher::export(&c, &plain, None).map_err(|e| SyncError::Store(e.into()))?;
        }
        Ok(())
    })();
    if let Err(e) = prepared {
        remove_private(&private)?;
        remove_private(&plain)?;
        return Err(e);
    }

    let was_locked = file_state(journal).map_err(io_err(journal))? == FileState::Locked;
    let (source, source_key) = if info.journal_locked { (&private, Some(key)) } else { (&plain, None) };
    let keys = RestoreKeys { journal: journal_key, backup: source_key, keep_lock: info.journal_locked };
    let restored = backup::restore_locked_with(lock, source, keys);
    remove_private(&private)?;
    remove_private(&plain)?;
    let restored = restored?;
    let locked = file_state(journal).map_err(io_err(journal))? == FileState::Locked;
    // A locked journal that was there (and could be backed up) keeps its own passphrase.
    let key_now = match (locked, was_locked && restored.safety_backup.is_some()) {
        (false, _) => None,
        (true, true) => journal_key.cloned(),
        (true, false) => Some(key.clone()),
    };
    let folder = file.parent().map(Path::to_path_buf);
    super::state::update(journal, |s| {
        *s = super::state::SyncState::default();
        s.folder = folder;
        if !locked {
            s.set_copy_passphrase(Some(key));
        }
    })?;
    Ok(RestoredCopy { info, restored, journal_key: key_now })
}
