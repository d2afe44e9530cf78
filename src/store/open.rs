//! Opening a journal: create with owner-only permissions, refuse what is not ours or too new,
//! set the pragmas, migrate one step at a time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::cipher::{FileState, Passphrase, file_state, is_not_a_database, open_connection};
use super::error::integrity_problems;
use super::schema::{MIGRATIONS, OWN_TABLES, SCHEMA_VERSION};
use super::{Result, Store, StoreError};
use crate::model::{Lang, Message};

/// How long a write waits for another connection's lock before giving up with [`StoreError::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (or creates) the unlocked journal at `path`; see [`Store::open_with`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    /// Opens (or creates) the journal at `path`, unlocking it with `key` when it is locked.
    ///
    /// A new file and its folder are created readable by the owner only; with a `key` the new
    /// journal is locked with it. An existing file is first inspected read-only: if it is not
    /// SQLite, belongs to another program, is damaged, or has a newer schema, it is refused and
    /// not written to. A locked journal without a key gives [`StoreError::Locked`], a wrong key
    /// [`StoreError::WrongPassphrase`]; a `key` given for an unlocked journal is not used.
    pub fn open_with(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        // A file swapped in by a restore or a passphrase change while this was opening is opened
        // again, so no entry is written into the file that was just replaced.
        for _ in 0..3 {
            let before = file_id(path);
            let store = Store::open_once(path, key)?;
            if file_id(path) == before {
                return Ok(store);
            }
        }
        Err(StoreError::Busy)
    }

    fn open_once(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        super::guard::check("open");
        let cannot = |detail: Message| StoreError::CannotOpen { path: path.to_path_buf(), detail };
        if path.is_dir() {
            return Err(cannot(Message::fixed("it is a folder, not a file", "het is een map, geen bestand")));
        }
        let (key, inspected, checked_in_full) = if path.exists() {
            refuse_if_not_writable(path)?;
            let key = key_for(path, key)?;
            let (conn, checked) = inspect_existing(path, key)?;
            (key, conn, checked)
        } else {
            create_empty(path).map_err(|e| cannot(Message::new(e)))?;
            (key, None, false)
        };
        let conn = match inspected {
            Some(conn) => conn,
            None => open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE, key).map_err(|e| map_open_err(e, path))?,
        };
        let stamp = super::verified::StampOnClose::new(path);
        let mut store =
            Store { conn, path: Some(path.to_path_buf()), key: key.cloned(), checked_in_full, _stamp: stamp };
        store.configure(true).map_err(|e| e.at_path(path))?;
        // A journal of an older format is backed up as it is before its first migration step.
        super::backup::before_migration(&store)?;
        store.migrate().map_err(|e| e.at_path(path))?;
        Ok(store)
    }

    /// [`Store::open_reader_with`] for an unlocked journal.
    pub fn open_reader(path: &Path) -> Result<Store> {
        Store::open_reader_with(path, None)
    }

    /// Opens an existing, already migrated journal for reading only, e.g. to load entries on a
    /// background thread while the window's own connection keeps writing. Takes no write lock
    /// and creates nothing; a missing file, another program's file or a different schema version
    /// is refused. `key` unlocks a locked journal (and is ignored for an unlocked one).
    pub fn open_reader_with(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        super::guard::check("open_reader");
        let key = key_for(path, key)?;
        let conn = open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(|e| map_open_err(e, path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let version: i64 =
            conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| map_key_err(e, path, key))?;
        if version != SCHEMA_VERSION {
            return Err(StoreError::CannotOpen {
                path: path.to_path_buf(),
                detail: Message::from_fn(move |lang| match lang {
                    Lang::En => {
                        format!("journal format {version}, expected {SCHEMA_VERSION}; open it in the window first")
                    }
                    Lang::Nl => {
                        format!("dagboekformaat {version}, verwacht {SCHEMA_VERSION}; open het eerst in het venster")
                    }
                }),
            });
        }
        Ok(Store { conn, path: Some(path.to_path_buf()), key: key.cloned(), checked_in_full: false, _stamp: None })
    }

    /// Opens a fresh in-memory journal (for tests and benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        super::guard::check("open_in_memory");
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None, key: None, checked_in_full: false, _stamp: None };
        store.configure(false)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens a journal at `path` that is at schema version `version` (older than current), for
    /// migration tests. Creates the file if needed.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> Result<Connection> {
        let conn = Connection::open(path)?;
        for (i, step) in MIGRATIONS.iter().enumerate().take(version as usize) {
            conn.execute_batch(step)?;
            conn.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        Ok(conn)
    }

    fn configure(&mut self, file: bool) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(BUSY_TIMEOUT)?;
        if file {
            let mode: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::CannotOpen {
                    path: self.path.clone().unwrap_or_default(),
                    detail: Message::from_fn(move |lang| match lang {
                        Lang::En => format!("could not switch to WAL mode (got {mode})"),
                        Lang::Nl => format!("kon niet overschakelen op de WAL-modus (kreeg {mode})"),
                    }),
                });
            }
        }
        c.pragma_update(None, "synchronous", "FULL")?;
        c.pragma_update(None, "foreign_keys", true)?;
        Ok(())
    }

    /// Brings the schema to [`SCHEMA_VERSION`], one step per IMMEDIATE transaction.
    fn migrate(&mut self) -> Result<()> {
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version > SCHEMA_VERSION {
                return Err(StoreError::NewerSchema {
                    path: self.path.clone().unwrap_or_default(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            if version == SCHEMA_VERSION {
                return Ok(());
            }
            tx.execute_batch(MIGRATIONS[version as usize])?;
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
    }

    /// The schema version of the open journal.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

fn map_open_err(e: rusqlite::Error, path: &Path) -> StoreError {
    match StoreError::from(e) {
        StoreError::Sqlite(e) => StoreError::CannotOpen { path: path.to_path_buf(), detail: Message::new(e) },
        other => other.at_path(path),
    }
}

/// The key to open the existing file at `path` with: `key` when it is locked (an error when there
/// is none), nothing when it is a plain SQLite file.
fn key_for<'k>(path: &Path, key: Option<&'k Passphrase>) -> Result<Option<&'k Passphrase>> {
    let state =
        file_state(path).map_err(|e| StoreError::CannotOpen { path: path.to_path_buf(), detail: Message::new(e) })?;
    match state {
        FileState::Locked => key.map(Some).ok_or_else(|| StoreError::Locked { path: path.to_path_buf() }),
        FileState::Missing | FileState::Empty => Ok(key),
        FileState::Plain | FileState::Other => Ok(None),
    }
}

/// An error of the first read of a file: with a key, "not a database" means the key is wrong.
fn map_key_err(e: rusqlite::Error, path: &Path, key: Option<&Passphrase>) -> StoreError {
    if key.is_some() && is_not_a_database(&e) {
        StoreError::WrongPassphrase { path: path.to_path_buf() }
    } else {
        map_open_err(e, path)
    }
}

/// Which file `path` names now (device and inode), to notice it being replaced.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Which file `path` names now (not tracked on this platform).
#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Looks at an existing file and refuses it if it is not a journal this code may write. A plain
/// file is looked at through a read-only connection. A locked one is looked at through the
/// read-write connection the store goes on to use, returned here (it has written nothing yet), so
/// that the key is derived from the passphrase once, not twice. The whole file is checked
/// (`PRAGMA quick_check`) unless it is exactly as Feltsense left it after its last check
/// ([`verified`](super::verified)); the second value says whether it was.
fn inspect_existing(path: &Path, key: Option<&Passphrase>) -> Result<(Option<Connection>, bool)> {
    let cannot = |e: std::io::Error| StoreError::CannotOpen { path: path.to_path_buf(), detail: Message::new(e) };
    let len = std::fs::metadata(path).map_err(cannot)?.len();
    std::fs::File::open(path).map_err(cannot)?;
    if len == 0 {
        // An empty file (e.g. created by us just before a crash) is a new journal.
        return Ok((None, false));
    }
    roll_back_hot_journal(path, key)?;
    let flags = if key.is_some() { OpenFlags::SQLITE_OPEN_READ_WRITE } else { OpenFlags::SQLITE_OPEN_READ_ONLY };
    let ro = open_connection(path, flags, key).map_err(|e| map_open_err(e, path))?;
    // Another program may be recovering the WAL after a crash: wait for it like a writer would.
    ro.busy_timeout(BUSY_TIMEOUT).map_err(|e| map_open_err(e, path))?;
    let version: i64 = ro.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| map_key_err(e, path, key))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    let tables: Vec<String> = {
        let mut stmt =
            ro.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").map_err(|e| map_open_err(e, path))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| map_open_err(e, path))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| map_open_err(e, path))?
    };
    let ours = OWN_TABLES.iter().all(|t| tables.iter().any(|x| x == t));
    if (version == 0 && !tables.is_empty()) || (version > 0 && !ours) {
        return Err(StoreError::NotAJournal {
            path: path.to_path_buf(),
            detail: Message::fixed(
                "it is an SQLite database of another program",
                "het is een SQLite-database van een ander programma",
            ),
        });
    }
    let full = !super::verified::is_unchanged(path);
    if full {
        let check: String =
            ro.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| map_open_err(e, path))?;
        if check != "ok" {
            super::verified::forget(path);
            return Err(StoreError::Corrupt { path: path.to_path_buf(), detail: integrity_problems(vec![check]) });
        }
    }
    Ok((key.is_some().then_some(ro), full))
}

/// Refuses a journal file this user may not write, before SQLite touches it: SQLite would fall back
/// to read-only and create the `-wal` and `-shm` files with the journal's read-only mode, which
/// would keep the journal read-only even after its own permissions are fixed.
#[expect(clippy::disallowed_methods, reason = "checks that the journal is writable before SQLite opens it")]
fn refuse_if_not_writable(path: &Path) -> Result<()> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            let path = path.to_path_buf();
            Err(StoreError::ReadOnly(Message::from_fn(move |lang| match lang {
                Lang::En => format!("no permission to write {}", path.display()),
                Lang::Nl => format!("geen toestemming om {} te schrijven", path.display()),
            })))
        }
        _ => Ok(()),
    }
}

/// A crash while the file was written in rollback mode (while a new or restored journal was being
/// switched to WAL) leaves a hot `-journal` beside it, which a read-only look cannot roll back
/// ("attempt to write a readonly database"). Rolling it back is SQLite's own crash recovery: it
/// restores the last committed state. Done only when that is exactly why the read-only look fails.
fn roll_back_hot_journal(path: &Path, key: Option<&Passphrase>) -> Result<()> {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    if !Path::new(&journal).is_file() {
        return Ok(());
    }
    let ro = open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(|e| map_open_err(e, path))?;
    match ro.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK => {}
        _ => return Ok(()),
    }
    drop(ro);
    let rw = open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE, key).map_err(|e| map_open_err(e, path))?;
    rw.busy_timeout(BUSY_TIMEOUT).map_err(|e| map_open_err(e, path))?;
    rw.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).map_err(|e| map_open_err(e, path))?;
    Ok(())
}

/// Creates the folder (0700) and an empty file (0600) so SQLite's own files inherit owner-only
/// permissions.
fn create_empty(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::fsio::create_dir_all(dir)?;
    }
    crate::fsio::create_new(path).map(drop)
}

/// The path of the journal to use: `--db`, else `FELTSENSE_DB`, else the platform default.
pub fn resolve_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| std::env::var_os("FELTSENSE_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(super::default_path)
}
