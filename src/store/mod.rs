//! The SQLite journal file: opening (pragmas, migrations, refusal of newer or foreign files),
//! typed errors, and the queries the rest of the program uses.
//!
//! Open with [`Store::open`] (a file) or [`Store::open_in_memory`] (tests). Every write runs in one
//! transaction, with `synchronous=FULL` in WAL mode, so an entry reported as saved survives a crash
//! or power loss. The schema is documented in [`schema`].
//!
//! A journal can be locked with a passphrase ([`cipher`]): then the file, its WAL and its backups
//! are encrypted at rest, and [`Store::open_with`] needs the passphrase to open it.

pub mod backup;
pub mod cipher;
mod error;
pub mod example;
mod experiments;
pub mod instance;
mod open;
mod prep;
mod queries;
mod rows;
pub mod schema;
pub mod sync;
pub mod verified;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

// The store's calls check the UI-frame rule through `super::guard` (it lives beside `fsio`).
pub(crate) use crate::guard;
pub use cipher::Passphrase;
pub use error::{Result, StoreError};
pub use open::{BUSY_TIMEOUT, resolve_path};
pub use prep::PrepImport;
pub use queries::{EntryFilter, ImportOutcome, Page, PageCursor};

/// An open journal.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The passphrase this journal is locked with, if it is locked.
    key: Option<Passphrase>,
    /// Whether opening it read every page (`PRAGMA quick_check`); see [`verified`].
    checked_in_full: bool,
    /// Records the file as checked once the connection above has closed (declared after it, so
    /// it is dropped after it); `None` for readers and in-memory journals.
    _stamp: Option<verified::StampOnClose>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// The file this journal lives in (`None` for an in-memory journal).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The passphrase the journal is locked with (`None` when it is not locked).
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    /// Whether opening this journal read it whole to check it (`PRAGMA quick_check`): a file new
    /// to this machine or changed outside Feltsense; see [`verified`].
    #[doc(hidden)]
    pub fn opened_with_full_check(&self) -> bool {
        self.checked_in_full
    }

    /// Whether the journal is locked with a passphrase (encrypted at rest).
    pub fn is_locked(&self) -> bool {
        self.key.is_some()
    }

    /// The raw connection, for maintenance code in this crate (backups, checks).
    pub fn connection(&self) -> &Connection {
        guard::check("connection");
        &self.conn
    }

    /// A number that changes whenever another connection (another window, the CLI) commits to
    /// this journal. Compare two readings to notice outside changes.
    pub fn data_version(&self) -> Result<i64> {
        guard::check("data_version");
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs SQLite's full integrity check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        guard::check("integrity_check");
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            let path = self.path.clone().unwrap_or_default();
            Err(StoreError::Corrupt { path, detail: error::integrity_problems(rows) })
        }
    }
}

/// Where the journal lives when neither `--db` nor `FELTSENSE_DB` says otherwise: the platform's
/// data directory (`~/.local/share/feltsense/journal.sqlite` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "Feltsense", "feltsense").map(|d| d.data_dir().join("journal.sqlite"))
}
