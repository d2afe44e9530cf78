//! Backups of the journal, their rotation, and restoring one.
//!
//! # Where and when
//! Backups are whole copies of the journal made with SQLite's online backup API (safe while the
//! journal is in use), written to a `backups` folder beside the journal (folder `0700`, files
//! `0600`) and named after the journal, the local time and the reason:
//! `journal-2026-11-21T083005-daily.sqlite`. Each copy is checked with `PRAGMA integrity_check`
//! before it gets its final name; a copy that fails the check is deleted and the failure
//! reported. A backup is taken:
//! - **daily**: when the app opens and there is no daily backup of today yet
//!   ([`daily_backup_if_due`]; an empty journal is not backed up, one holding only activities,
//!   topics or an experiment is);
//! - **before a migration**: when a journal written by an older version is opened, from the
//!   file as it was, before the first migration step ([`Store::open`] does this);
//! - **before an import** (callers of [`Store::import`] call [`backup_now`] with
//!   [`BackupKind::BeforeImport`]);
//! - **manually** (`feltsense backup`, or the window);
//! - **before a restore**, of the journal about to be replaced ([`restore`]).
//!
//! # Rotation
//! After each backup, older ones of the same journal are removed, keeping:
//! - the 7 newest daily backups, and the newest daily backup of each of the 4 most recent ISO
//!   weeks that have one (so with daily use about three weeks reach back; after a long pause
//!   the last backups before it are kept, never dropped for age alone);
//! - the 5 newest of each other kind (pre-migration, pre-import, manual, pre-restore, damaged).
//!
//! # Restore
//! [`restore`] checks the chosen backup (integrity, a Feltsense journal not newer than this code)
//! on a private copy, backs up the current journal (or, when it is damaged, keeps a byte-for-byte
//! copy of it and its WAL), and only then replaces the journal: the old WAL is checkpointed and
//! removed first, so the restored file is never combined with the old file's WAL, and the copy is
//! fsynced and renamed over the journal in one atomic step.
//!
//! Nobody else may use the journal meanwhile: [`restore`] takes the window lock
//! ([`super::instance`]; a window restoring its own journal closes its [`Store`] and calls
//! [`restore_locked`]), and leaving WAL mode fails while any other connection (a `feltsense`
//! command) has the file open. An exclusive SQLite lock is then held on the old file until the
//! new one has replaced it.

mod rekey;

pub use rekey::change_passphrase;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Datelike, Local, NaiveDateTime, Timelike};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::cipher::{self, FileState, Passphrase, file_state, open_connection};
use super::instance::{LockError, WindowLock, acquire_window_lock};
use super::schema::{OWN_TABLES, SCHEMA_VERSION};
use super::{Store, StoreError};
use crate::model::{Describe, Lang, Message};

/// The folder beside the journal that holds its backups.
pub const BACKUP_DIR: &str = "backups";
/// How many daily backups rotation keeps.
pub const KEEP_DAILY: usize = 7;
/// How many ISO weeks keep their newest daily backup.
pub const KEEP_WEEKLY: usize = 4;
/// How many backups of each other kind rotation keeps.
pub const KEEP_PER_KIND: usize = 5;

/// Why a backup was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BackupKind {
    /// The first backup of a day, taken when the app opens.
    Daily,
    /// Taken just before the journal was upgraded to a newer format.
    BeforeMigration,
    /// Taken just before entries were imported.
    BeforeImport,
    /// Asked for by the person.
    Manual,
    /// The journal as it was just before a backup was restored over it.
    BeforeRestore,
    /// A byte-for-byte copy of a journal that could not be backed up normally (damaged, or not a
    /// journal) when a backup was restored over it.
    Damaged,
    /// The journal as it was just before its passphrase was set, changed or removed.
    BeforePassphrase,
}

impl BackupKind {
    /// Every kind.
    pub const ALL: [BackupKind; 7] = [
        BackupKind::Daily,
        BackupKind::BeforeMigration,
        BackupKind::BeforeImport,
        BackupKind::Manual,
        BackupKind::BeforeRestore,
        BackupKind::Damaged,
        BackupKind::BeforePassphrase,
    ];

    /// The code used in file names (`daily`, `pre_migration`, ...).
    pub fn code(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::BeforeMigration => "pre_migration",
            BackupKind::BeforeImport => "pre_import",
            BackupKind::Manual => "manual",
            BackupKind::BeforeRestore => "pre_restore",
            BackupKind::Damaged => "damaged",
            BackupKind::BeforePassphrase => "pre_passphrase",
        }
    }

    /// The kind with this [`code`](BackupKind::code).
    pub fn from_code(code: &str) -> Option<BackupKind> {
        BackupKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// A short description for lists, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            BackupKind::Daily => lang.pick("daily", "dagelijks"),
            BackupKind::BeforeMigration => lang.pick("before upgrade", "voor upgrade"),
            BackupKind::BeforeImport => lang.pick("before import", "voor import"),
            BackupKind::Manual => lang.pick("manual", "handmatig"),
            BackupKind::BeforeRestore => lang.pick("before restore", "voor terugzetten"),
            BackupKind::Damaged => lang.pick("damaged journal", "beschadigd dagboek"),
            BackupKind::BeforePassphrase => lang.pick("before passphrase change", "voor wachtwoordwijziging"),
        }
    }
}

/// One backup file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// When it was taken (local time, from its name).
    pub taken: NaiveDateTime,
    /// Why it was taken.
    pub kind: BackupKind,
    /// Its size in bytes.
    pub size: u64,
    /// How many entries it holds, when that could be read (not for damaged copies, nor for a
    /// locked backup whose passphrase was not given).
    pub entries: Option<usize>,
    /// Whether the backup is locked with a passphrase (encrypted).
    pub locked: bool,
}

/// The passphrases a restore may need.
#[derive(Clone, Copy, Debug, Default)]
pub struct RestoreKeys<'a> {
    /// The passphrase of the journal being replaced, when it is locked. The restored journal is
    /// locked with it too: restoring never changes how the journal is locked.
    pub journal: Option<&'a Passphrase>,
    /// The passphrase of the backup, when it is locked with another one than the journal.
    pub backup: Option<&'a Passphrase>,
    /// Keep a locked backup locked with its own passphrase even when the journal it replaces is
    /// not locked (a copy restored on a new computer stays as protected as its journal was).
    pub keep_lock: bool,
}

/// What a [`change_passphrase`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassphraseChanged {
    /// The checked backup of the journal as it was just before (now locked like the journal).
    pub safety_backup: Option<BackupInfo>,
    /// How many backups were converted to the new passphrase (or to none).
    pub backups_converted: usize,
    /// Backups that keep the passphrase they had (they did not open with the old one, or could
    /// not be converted), with the reason.
    pub backups_kept: Vec<(PathBuf, String)>,
}

/// What a [`restore`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The backup that is now the journal.
    pub from: PathBuf,
    /// How many entries the journal holds now.
    pub entries: usize,
    /// The checked backup of the journal as it was just before, when it could be made.
    pub safety_backup: Option<BackupInfo>,
    /// Where the journal as it was was copied byte for byte instead, when it could not be backed
    /// up normally (damaged, or not a journal). Its WAL, if any, sits beside it with `-wal`.
    pub set_aside: Option<PathBuf>,
}

/// Everything that can go wrong with backups. Each message says whether the journal changed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The journal lives in memory (tests); there is no folder to back it up to.
    #[error("an in-memory journal has no folder for backups")]
    InMemory,
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// SQLite could not copy the journal.
    #[error("the journal could not be backed up: {0}")]
    Copy(StoreError),
    /// The copy failed its integrity check; it was deleted.
    #[error("the backup failed its integrity check ({detail}) and was deleted; the journal itself was not changed")]
    Verify {
        /// What the check found.
        detail: Message,
    },
    /// The backup was made but older ones could not be removed.
    #[error("the backup {made} was saved, but older backups could not be removed: {detail}")]
    Rotation {
        /// The new backup.
        made: PathBuf,
        /// Why rotation failed.
        detail: Message,
    },
    /// The file chosen for a restore cannot be used; the journal was not changed.
    #[error("{path} cannot be restored: {reason}. The journal was not changed")]
    BadBackup {
        /// The chosen file.
        path: PathBuf,
        /// Why not.
        reason: String,
        /// The same in Dutch.
        reason_nl: String,
    },
    /// Another window or program has the journal open, so it cannot be replaced.
    #[error(
        "the journal is open in a Feltsense window or another program; close it and try again. The journal was not changed"
    )]
    InUse,
    /// The passphrase given does not unlock the journal; nothing was changed.
    #[error("that passphrase does not unlock {path}. Nothing was changed")]
    WrongPassphrase {
        /// The journal.
        path: PathBuf,
    },
    /// The chosen backup is locked with a passphrase that was not given; the journal was not
    /// changed.
    #[error(
        "{path} is locked with another passphrase than the journal's; give that passphrase to restore it. The journal was not changed"
    )]
    BackupLocked {
        /// The backup.
        path: PathBuf,
    },
    /// Setting, changing or removing the passphrase failed before the journal was replaced.
    #[error("the passphrase could not be changed ({detail}). The journal was not changed")]
    PassphraseNotChanged {
        /// What went wrong.
        detail: String,
        /// The same in Dutch.
        detail_nl: String,
    },
    /// Replacing the journal failed before it was replaced.
    #[error("the backup could not be restored ({detail}). The journal was not changed")]
    NotRestored {
        /// What went wrong.
        detail: String,
        /// The same in Dutch.
        detail_nl: String,
    },
}

impl crate::model::Describe for BackupError {
    fn describe(&self, lang: crate::model::Lang) -> String {
        if lang == crate::model::Lang::En {
            return self.to_string();
        }
        match self {
            BackupError::InMemory => "een dagboek in het geheugen heeft geen map voor back-ups".to_owned(),
            BackupError::Io { path, source } => {
                format!("{}: {}", path.display(), crate::model::text::io_error(source, lang))
            }
            BackupError::Copy(e) => format!("er kon geen back-up van het dagboek worden gemaakt: {}", e.describe(lang)),
            BackupError::Verify { detail } => format!(
                "de back-up kwam niet door de controle ({}) en is verwijderd; het dagboek zelf is niet veranderd",
                detail.text(lang)
            ),
            BackupError::Rotation { made, detail } => format!(
                "de back-up {} is bewaard, maar oudere back-ups konden niet worden verwijderd: {}",
                made.display(),
                detail.text(lang)
            ),
            BackupError::BadBackup { path, reason_nl, .. } => {
                format!("{} kan niet worden teruggezet: {reason_nl}. Het dagboek is niet veranderd", path.display())
            }
            BackupError::InUse => "het dagboek is open in een Feltsense-venster of een ander programma; sluit het en \
                                   probeer het opnieuw. Het dagboek is niet veranderd"
                .to_owned(),
            BackupError::WrongPassphrase { path } => {
                format!("dat wachtwoord opent {} niet. Er is niets veranderd", path.display())
            }
            BackupError::BackupLocked { path } => format!(
                "{} is vergrendeld met een ander wachtwoord dan het dagboek; typ dat wachtwoord om hem terug te \
                 zetten. Het dagboek is niet veranderd",
                path.display()
            ),
            BackupError::PassphraseNotChanged { detail_nl, .. } => {
                format!("het wachtwoord kon niet worden gewijzigd ({detail_nl}). Het dagboek is niet veranderd")
            }
            BackupError::NotRestored { detail_nl, .. } => {
                format!("de back-up kon niet worden teruggezet ({detail_nl}). Het dagboek is niet veranderd")
            }
        }
    }
}

/// Shorthand for backup results.
pub type Result<T, E = BackupError> = std::result::Result<T, E>;

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

fn copy_err(e: rusqlite::Error) -> BackupError {
    BackupError::Copy(StoreError::from(e))
}

/// The folder holding the backups of the journal at `db_path`.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    parent_dir(db_path).join(BACKUP_DIR)
}

fn parent_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The part of backup names that identifies the journal (`journal` for `journal.sqlite`).
fn stem_of(db_path: &Path) -> String {
    db_path.file_stem().map_or_else(|| "journal".to_owned(), |s| s.to_string_lossy().into_owned())
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H%M%S";
const TIME_LEN: usize = "2026-11-21T083005".len();

/// The file name of a backup (`n` > 1 tells apart two backups of the same second and kind).
fn file_name(stem: &str, taken: NaiveDateTime, kind: BackupKind, n: u32) -> String {
    let t = taken.format(TIME_FORMAT);
    if n > 1 { format!("{stem}-{t}-{}-{n}.sqlite", kind.code()) } else { format!("{stem}-{t}-{}.sqlite", kind.code()) }
}

/// Reads a backup file name back: `Some((taken, kind))` when it is a backup of journal `stem`.
fn parse_name(name: &str, stem: &str) -> Option<(NaiveDateTime, BackupKind)> {
    let rest = name.strip_suffix(".sqlite")?;
    let (front, last) = rest.rsplit_once('-')?;
    let (front, kind) = if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        let (f, k) = front.rsplit_once('-')?;
        (f, k)
    } else {
        (front, last)
    };
    let kind = BackupKind::from_code(kind)?;
    let split = front.len().checked_sub(TIME_LEN + 1)?;
    let (own_stem, time) = (front.get(..split)?, front.get(split + 1..)?);
    if own_stem != stem || front.as_bytes()[split] != b'-' {
        return None;
    }
    let taken = NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?;
    Some((taken, kind))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    crate::fsio::create_dir_all(dir).map_err(io_err(dir))
}

/// Creates a new, empty file readable by the owner only; fails if it exists.
fn create_private_file(path: &Path) -> Result<File> {
    crate::fsio::create_new(path).map_err(io_err(path))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes a file; a file that is already gone is fine.
#[expect(clippy::disallowed_methods, reason = "backups are files of the store")]
fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a file and the files SQLite may keep beside it (`-journal`, `-wal`, `-shm`); a stale
/// `-journal` left beside a reused name would otherwise be rolled back into the new file.
fn remove_with_side_files(path: &Path) -> Result<()> {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let p = with_suffix(path, suffix);
        remove_if_present(&p).map_err(io_err(&p))?;
    }
    Ok(())
}

fn sync_file(path: &Path) -> Result<()> {
    File::open(path).and_then(|f| f.sync_all()).map_err(io_err(path))
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

/// Copies every page of `src`'s main database into `dst` with SQLite's online backup API, then
/// switches the copy to a plain rollback journal so it is one self-contained file.
fn copy_database(src: &Connection, dst: &mut Connection) -> Result<()> {
    {
        let b = Backup::new(src, dst).map_err(copy_err)?;
        let mut waits = 0;
        loop {
            match b.step(-1).map_err(copy_err)? {
                StepResult::Done => break,
                StepResult::More => {}
                // Busy or Locked (the enum is non-exhaustive): wait and try again.
                _ => {
                    waits += 1;
                    if waits > 50 {
                        return Err(BackupError::Copy(StoreError::Busy));
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }
    // The copied header still says WAL when the source was in WAL mode.
    let mode: String = dst.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0)).map_err(copy_err)?;
    if !mode.eq_ignore_ascii_case("delete") {
        let detail = Message::from_fn(move |lang| match lang {
            Lang::En => format!("the copy stayed in {mode} mode"),
            Lang::Nl => format!("de kopie bleef in de modus {mode}"),
        });
        return Err(BackupError::Verify { detail });
    }
    Ok(())
}

/// What a check of a copy found.
struct Checked {
    version: i64,
    tables_ours: bool,
    entries: Option<usize>,
}

/// Runs `PRAGMA integrity_check` on the file at `path` (read-only, unlocked with `key`) and reads
/// what it holds.
fn check_copy(path: &Path, key: Option<&Passphrase>) -> std::result::Result<Checked, Message> {
    let c = open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(Message::new)?;
    check_connection(&c)
}

/// [`check_copy`] through a connection that is already open.
fn check_connection(c: &Connection) -> std::result::Result<Checked, Message> {
    let rows: Vec<String> = c
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(Message::new)?;
    if rows.len() != 1 || rows[0] != "ok" {
        return Err(super::error::integrity_problems(rows));
    }
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(Message::new)?;
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(Message::new)?;
    let tables_ours = OWN_TABLES.iter().all(|t| tables.iter().any(|x| x == t));
    let entries = if tables.iter().any(|t| t == "entries") {
        let n: i64 = c.query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0)).map_err(Message::new)?;
        Some(n as usize)
    } else {
        None
    };
    Ok(Checked { version, tables_ours, entries })
}

/// Copies `src` into a new, checked backup of the journal at `db_path`, without rotating. `key` is
/// the source's passphrase: the backup is locked with it too.
#[expect(clippy::disallowed_methods, reason = "backups are files of the store")]
fn write_backup(
    src: &Connection,
    db_path: &Path,
    kind: BackupKind,
    taken: NaiveDateTime,
    key: Option<&Passphrase>,
) -> Result<BackupInfo> {
    let dir = backup_dir(db_path);
    create_private_dir(&dir)?;
    let stem = stem_of(db_path);
    // Claim a name: the temporary file is created exclusively, so two programs backing up in
    // the same second never write into each other's file.
    let mut n = 1;
    let (path, tmp) = loop {
        let p = dir.join(file_name(&stem, taken, kind, n));
        let t = with_suffix(&p, ".tmp");
        n += 1;
        if p.exists() || ["-journal", "-wal"].iter().any(|x| with_suffix(&t, x).exists()) {
            continue;
        }
        match create_private_file(&t) {
            Ok(file) => {
                drop(file);
                break (p, t);
            }
            Err(BackupError::Io { source, .. }) if source.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    };
    let cleanup = |e: BackupError| match remove_with_side_files(&tmp) {
        Ok(()) => e,
        Err(cleanup_failed) => cleanup_failed,
    };
    let copied = open_connection(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE, key)
        .map_err(copy_err)
        .and_then(|mut dst| copy_database(src, &mut dst));
    copied.map_err(cleanup)?;
    let checked = check_copy(&tmp, key).map_err(|detail| cleanup(BackupError::Verify { detail }))?;
    sync_file(&tmp).map_err(cleanup)?;
    fs::rename(&tmp, &path).map_err(io_err(&path)).map_err(cleanup)?;
    sync_dir(&dir)?;
    let size = fs::metadata(&path).map_err(io_err(&path))?.len();
    Ok(BackupInfo { path, taken, kind, size, entries: checked.entries, locked: key.is_some() })
}

/// The backup taken before entries are imported into `store`: `None` for an empty journal
/// (nothing to lose: no entries, experiments, activities, topics or appointments). A backup that could not be made is an error (the caller must not import);
/// a backup that was made but whose old backups could not be rotated away counts as made (a
/// warning goes to stderr).
pub fn before_import(store: &Store) -> Result<Option<BackupInfo>> {
    if !store.holds_anything().map_err(BackupError::Copy)? {
        return Ok(None);
    }
    match backup_now(store, BackupKind::BeforeImport) {
        Ok(info) => Ok(Some(info)),
        Err(BackupError::Rotation { detail, .. }) => {
            eprintln!("feltsense: warning: old backups could not be removed: {detail}");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Backs up the open journal now and rotates old backups.
///
/// # Errors
/// [`BackupError::InMemory`] for an in-memory journal; [`BackupError::Verify`] when the copy fails
/// its integrity check (it is deleted); [`BackupError::Rotation`] when the backup was saved but old
/// ones could not be removed; I/O and SQLite errors otherwise. The journal is never changed.
pub fn backup_now(store: &Store, kind: BackupKind) -> Result<BackupInfo> {
    backup_at(store, kind, Local::now().naive_local())
}

/// [`backup_now`] with the time to put in the name given (for tests and tools that replay time).
pub fn backup_at(store: &Store, kind: BackupKind, taken: NaiveDateTime) -> Result<BackupInfo> {
    let db = store.path().ok_or(BackupError::InMemory)?;
    // Names hold whole seconds; so does what is reported.
    let taken = taken.with_nanosecond(0).unwrap_or(taken);
    let info = write_backup(store.connection(), db, kind, taken, store.passphrase())?;
    rotate_keeping(db, &info.path)
        .map_err(|e| BackupError::Rotation { made: info.path.clone(), detail: Message::new(e) })?;
    Ok(info)
}

/// Takes the daily backup when the journal holds anything ([`Store::holds_anything`]: entries,
/// experiments, activities, topics, appointments) and has no daily backup dated `now`'s
/// day yet; returns it, or `None` when none was due. Call it when the app opens (it may take a
/// moment on a big journal: a background thread can open its own [`Store`] on the same file).
pub fn daily_backup_if_due(store: &Store, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
    let db = store.path().ok_or(BackupError::InMemory)?;
    let today = now.date();
    if scan(db, None)?.iter().any(|b| b.kind == BackupKind::Daily && b.taken.date() == today) {
        return Ok(None);
    }
    if !store.holds_anything().map_err(BackupError::Copy)? {
        return Ok(None);
    }
    backup_at(store, BackupKind::Daily, now).map(Some)
}

/// The pre-migration hook of [`Store::open`]: backs up a journal of an older (non-zero) version
/// before it is migrated. A failure refuses the open, so no journal is upgraded without a backup.
pub(crate) fn before_migration(store: &Store) -> std::result::Result<(), StoreError> {
    let version = store.schema_version()?;
    if version == 0 || version >= SCHEMA_VERSION {
        return Ok(());
    }
    let path = store.path().map(Path::to_path_buf).unwrap_or_default();
    match backup_now(store, BackupKind::BeforeMigration) {
        Ok(_) | Err(BackupError::Rotation { .. } | BackupError::InMemory) => Ok(()),
        Err(e) => {
            let e = Message::new(e);
            let detail = Message::from_fn(move |lang| match lang {
                Lang::En => format!(
                    "this journal needs an upgrade to a newer format, but the backup before the upgrade failed ({e}); it was not upgraded"
                ),
                Lang::Nl => format!(
                    "dit dagboek moet worden bijgewerkt naar een nieuwer formaat, maar de back-up daarvoor is mislukt ({}); het is niet bijgewerkt",
                    e.text(lang)
                ),
            });
            Err(StoreError::CannotOpen { path, detail })
        }
    }
}

/// Every backup of the unlocked journal at `db_path`, newest first, with entry counts; see
/// [`list_backups_with`].
pub fn list_backups(db_path: &Path) -> Result<Vec<BackupInfo>> {
    list_backups_with(db_path, None)
}

/// Every backup of the journal at `db_path`, newest first, with entry counts (locked backups are
/// counted when `key` unlocks them). A journal without a backups folder has none.
pub fn list_backups_with(db_path: &Path, key: Option<&Passphrase>) -> Result<Vec<BackupInfo>> {
    scan(db_path, Some(key))
}

/// The backups of the journal at `db_path`; `count_with` is `Some(key)` to count their entries.
fn scan(db_path: &Path, count_with: Option<Option<&Passphrase>>) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(db_path);
    let read = match fs::read_dir(&dir) {
        Ok(r) => r,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(BackupError::Io { path: dir, source: e }),
    };
    let stem = stem_of(db_path);
    let mut out = Vec::new();
    for item in read {
        let item = item.map_err(io_err(&dir))?;
        let name = item.file_name();
        let Some((taken, kind)) = name.to_str().and_then(|n| parse_name(n, &stem)) else { continue };
        let path = item.path();
        let meta = match item.metadata() {
            Ok(m) => m,
            // Removed meanwhile by another program's rotation.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(BackupError::Io { path, source: e }),
        };
        if !meta.is_file() {
            continue;
        }
        let locked = file_state(&path).is_ok_and(|s| s == FileState::Locked);
        let entries = match count_with {
            Some(key) if kind != BackupKind::Damaged => count_in(&path, if locked { key } else { None }),
            _ => None,
        };
        out.push(BackupInfo { path, taken, kind, size: meta.len(), entries, locked });
    }
    out.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.path.cmp(&a.path)));
    Ok(out)
}

fn count_in(path: &Path, key: Option<&Passphrase>) -> Option<usize> {
    let c = open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key).ok()?;
    c.query_row("SELECT COUNT(*) FROM entries", [], |r| r.get::<_, i64>(0)).ok().map(|n| n as usize)
}

/// Which of `backups` rotation removes (see the [module docs](self)): everything except the
/// [`KEEP_DAILY`] newest daily backups, the newest daily backup of each of the [`KEEP_WEEKLY`]
/// most recent ISO weeks that have one, and the [`KEEP_PER_KIND`] newest of every other kind.
pub fn rotation_plan(backups: &[BackupInfo]) -> Vec<&BackupInfo> {
    let mut order: Vec<&BackupInfo> = backups.iter().collect();
    order.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.path.cmp(&a.path)));
    let mut seen_per_kind = [0usize; BackupKind::ALL.len()];
    let mut weeks: Vec<(i32, u32)> = Vec::new();
    let mut remove = Vec::new();
    for b in order {
        let slot = BackupKind::ALL.iter().position(|k| *k == b.kind).expect("every kind is in ALL");
        let keep = if b.kind == BackupKind::Daily {
            let w = b.taken.iso_week();
            let week = (w.year(), w.week());
            // Newest first, so the first backup seen of a week is that week's newest.
            let newest_of_its_week = !weeks.contains(&week);
            if newest_of_its_week {
                weeks.push(week);
            }
            seen_per_kind[slot] < KEEP_DAILY || (newest_of_its_week && weeks.len() <= KEEP_WEEKLY)
        } else {
            seen_per_kind[slot] < KEEP_PER_KIND
        };
        seen_per_kind[slot] += 1;
        if !keep {
            remove.push(b);
        }
    }
    remove
}

/// Applies [`rotation_plan`] to the backups of the journal at `db_path`.
pub fn rotate(db_path: &Path) -> Result<Vec<PathBuf>> {
    rotate_keeping(db_path, Path::new(""))
}

/// Rotation that never removes `keep` (the backup just made, even if its time is out of order).
fn rotate_keeping(db_path: &Path, keep: &Path) -> Result<Vec<PathBuf>> {
    let all = scan(db_path, None)?;
    let mut removed = Vec::new();
    for b in rotation_plan(&all) {
        if b.path == keep {
            continue;
        }
        for p in [b.path.clone(), with_suffix(&b.path, "-wal"), with_suffix(&b.path, "-journal")] {
            remove_if_present(&p).map_err(io_err(&p))?;
        }
        removed.push(b.path.clone());
    }
    remove_abandoned_temporaries(db_path)?;
    Ok(removed)
}

/// Removes what a backup interrupted by a crash left behind (its `.tmp` file and SQLite's files
/// beside it), once it is an hour old, so a backup still being written is never touched.
fn remove_abandoned_temporaries(db_path: &Path) -> Result<()> {
    let dir = backup_dir(db_path);
    let stem = stem_of(db_path);
    let Ok(read) = fs::read_dir(&dir) else { return Ok(()) };
    for item in read.flatten() {
        let name = item.file_name();
        let Some(name) = name.to_str() else { continue };
        let base = ["-journal", "-wal", "-shm"].iter().fold(name, |n, s| n.strip_suffix(s).unwrap_or(n));
        let Some(backup_name) = base.strip_suffix(".tmp") else { continue };
        if parse_name(backup_name, &stem).is_none() {
            continue;
        }
        let old = item
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if old {
            let p = item.path();
            remove_if_present(&p).map_err(io_err(&p))?;
        }
    }
    Ok(())
}

/// Replaces the unlocked journal at `db_path` with `backup`; see [`restore_with`].
pub fn restore(db_path: &Path, backup: &Path) -> Result<Restored> {
    restore_with(db_path, backup, RestoreKeys::default())
}

/// Replaces the journal at `db_path` with `backup` (see the [module docs](self)). Takes the
/// window lock first, so it refuses while a window has the journal open; a window that restores
/// its own journal uses [`restore_locked_with`].
///
/// # Errors
/// [`BackupError::InUse`] when a window or another program has the journal open;
/// [`BackupError::BadBackup`] when `backup` is missing, damaged, not a Feltsense journal, or newer
/// than this code; [`BackupError::BackupLocked`] when it is locked with a passphrase `keys` does
/// not hold; [`BackupError::NotRestored`] or I/O errors otherwise. In every error case the
/// journal is unchanged.
pub fn restore_with(db_path: &Path, backup: &Path, keys: RestoreKeys<'_>) -> Result<Restored> {
    let lock = acquire_window_lock(db_path).map_err(|e| match e {
        LockError::AlreadyOpen { .. } => BackupError::InUse,
        LockError::Io { path, source } => BackupError::Io { path, source },
    })?;
    restore_locked_with(&lock, backup, keys)
}

/// [`restore_locked_with`] for an unlocked journal.
pub fn restore_locked(lock: &WindowLock, backup: &Path) -> Result<Restored> {
    restore_locked_with(lock, backup, RestoreKeys::default())
}

/// [`restore_with`] for the holder of the window lock. The window must close its own [`Store`]
/// first (an open connection makes this fail with [`BackupError::InUse`]) and open the journal
/// again afterwards.
#[expect(clippy::disallowed_methods, reason = "backups are files of the store")]
pub fn restore_locked_with(lock: &WindowLock, backup: &Path, keys: RestoreKeys<'_>) -> Result<Restored> {
    let db = lock.journal();
    let bad = |reason: &str, reason_nl: &str| BackupError::BadBackup {
        path: backup.to_path_buf(),
        reason: reason.to_owned(),
        reason_nl: reason_nl.to_owned(),
    };
    if !backup.is_file() {
        return Err(bad("there is no such file", "dat bestand bestaat niet"));
    }
    if db.exists() && same_file(db, backup) {
        return Err(bad("it is the journal itself", "het is het dagboek zelf"));
    }
    let dir = parent_dir(db);
    create_private_dir(&dir)?;
    let name = db.file_name().map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.restoring"));
    let converted = dir.join(format!(".{name}.restoring-converted"));
    remove_with_side_files(&tmp)?;
    remove_with_side_files(&converted)?;
    let discard = |e: BackupError| match remove_with_side_files(&tmp).and(remove_with_side_files(&converted)) {
        Ok(()) => e,
        Err(cleanup_failed) => cleanup_failed,
    };

    let journal_state = file_state(db).map_err(io_err(db))?;
    let journal_key = if journal_state == FileState::Locked { keys.journal } else { None };
    if let Some(k) = journal_key {
        let read = open_connection(db, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(k))
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)));
        if read.as_ref().is_err_and(cipher::is_not_a_database) {
            return Err(BackupError::WrongPassphrase { path: db.to_path_buf() });
        }
    }

    // 1. A private, checked copy of the chosen backup, locked as the backup is.
    let (entries, backup_key) = prepare_candidate(backup, keys, &tmp).map_err(discard)?;

    // 2. Keep the journal as it is now.
    let now = Local::now().naive_local();
    let now = now.with_nanosecond(0).unwrap_or(now);
    let (mut safety_backup, mut set_aside) = (None, None);
    if db.exists() {
        match safety_copy(db, now, BackupKind::BeforeRestore, journal_key) {
            Ok(info) => safety_backup = Some(info),
            // Damaged, foreign, or locked in a way SQLite cannot read through: keep the bytes.
            Err(_) => set_aside = Some(set_aside_copy(db, now).map_err(discard)?),
        }
    } else if with_suffix(db, "-wal").exists() {
        // A log without its journal may still hold entries: keep it too.
        set_aside = Some(set_aside_copy(db, now).map_err(discard)?);
    }

    // 3. Restoring never changes how the journal is locked: convert the copy to the journal's
    //    passphrase (or to none) when it differs. A journal that could not be read keeps the
    //    backup's.
    let target_key = match (journal_state, &safety_backup) {
        (FileState::Plain, Some(_)) if keys.keep_lock && backup_key.is_some() => backup_key,
        (FileState::Plain, Some(_)) => None,
        (FileState::Locked, Some(_)) => journal_key,
        _ => backup_key,
    };
    if target_key != backup_key {
        convert_copy(&tmp, backup_key, &converted, target_key).map_err(discard)?;
        fs::rename(&converted, &tmp).map_err(io_err(&tmp)).map_err(discard)?;
    }

    // 4. Make sure nobody else uses it, and retire its WAL (checkpointed into the main file by
    //    leaving WAL mode; everything beside it is kept in step 2).
    let guard = if db.exists() { exclusive_guard(db, journal_key).map_err(discard)? } else { None };
    for suffix in ["-wal", "-shm", "-journal"] {
        let p = with_suffix(db, suffix);
        remove_if_present(&p).map_err(io_err(&p)).map_err(discard)?;
    }

    // 5. Swap the checked copy in atomically.
    fs::rename(&tmp, db).map_err(|e| {
        discard(BackupError::NotRestored {
            detail: e.to_string(),
            detail_nl: crate::model::text::io_error(&e, crate::model::Lang::Nl),
        })
    })?;
    drop(guard);
    sync_dir(&dir)?;
    if let Some(info) = &safety_backup {
        rotate_keeping(db, &info.path)
            .map_err(|e| BackupError::Rotation { made: info.path.clone(), detail: Message::new(e) })?;
    }
    Ok(Restored { from: backup.to_path_buf(), entries, safety_backup, set_aside })
}

/// Writes `src` (a file of ours, unlocked with `src_key`) converted to `dst_key` (or to plain)
/// into the new file `dst`, checks it, and makes it durable. `src` is not changed.
fn convert_copy(src: &Path, src_key: Option<&Passphrase>, dst: &Path, dst_key: Option<&Passphrase>) -> Result<usize> {
    let not_changed = |detail: Message| BackupError::PassphraseNotChanged {
        detail: detail.text(Lang::En),
        detail_nl: detail.text(Lang::Nl),
    };
    remove_with_side_files(dst)?;
    drop(create_private_file(dst)?);
    let sqlite_err = |e: rusqlite::Error| {
        if cipher::is_not_a_database(&e) {
            BackupError::WrongPassphrase { path: src.to_path_buf() }
        } else {
            not_changed(Message::new(e))
        }
    };
    // The source is checked and exported through one connection.
    let exported = open_connection(src, OpenFlags::SQLITE_OPEN_READ_WRITE, src_key).map_err(sqlite_err).and_then(|c| {
        c.busy_timeout(Duration::from_secs(1)).map_err(sqlite_err)?;
        let before = check_connection(&c).map_err(not_changed)?;
        cipher::export(&c, dst, dst_key).map_err(sqlite_err)?;
        Ok(before)
    });
    let checked = exported.and_then(|before| Ok((before, check_copy(dst, dst_key).map_err(not_changed)?)));
    let done = checked.and_then(|(before, c)| {
        if before.entries != c.entries || before.version != c.version {
            let n = |e: Option<usize>| e.map_or_else(|| "?".to_owned(), |n| n.to_string());
            return Err(BackupError::PassphraseNotChanged {
                detail: format!(
                    "the converted copy holds {} entries (format {}) instead of {} (format {})",
                    n(c.entries),
                    c.version,
                    n(before.entries),
                    before.version
                ),
                detail_nl: format!(
                    "de omgezette kopie bevat {} metingen (formaat {}) in plaats van {} (formaat {})",
                    n(c.entries),
                    c.version,
                    n(before.entries),
                    before.version
                ),
            });
        }
        sync_file(dst)?;
        Ok(c.entries.unwrap_or(0))
    });
    if done.is_err() {
        remove_with_side_files(dst)?;
    }
    done
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies `backup` into the new file `tmp` (locked as the backup is) and checks the copy; returns
/// its entry count and the passphrase that unlocked it.
fn prepare_candidate<'k>(backup: &Path, keys: RestoreKeys<'k>, tmp: &Path) -> Result<(usize, Option<&'k Passphrase>)> {
    let bad = |(reason, reason_nl): (String, String)| BackupError::BadBackup {
        path: backup.to_path_buf(),
        reason,
        reason_nl,
    };
    let key = match file_state(backup).map_err(io_err(backup))? {
        FileState::Locked => {
            let opens = |k: &Passphrase| {
                open_connection(backup, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(k))
                    .and_then(|c| c.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)))
                    .is_ok()
            };
            let found = [keys.backup, keys.journal].into_iter().flatten().find(|k| opens(k));
            Some(found.ok_or_else(|| BackupError::BackupLocked { path: backup.to_path_buf() })?)
        }
        _ => None,
    };
    drop(create_private_file(tmp)?);
    {
        let src =
            open_connection(backup, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(|e| bad(describe_sqlite(e)))?;
        let mut dst = open_connection(tmp, OpenFlags::SQLITE_OPEN_READ_WRITE, key).map_err(copy_err)?;
        copy_database(&src, &mut dst).map_err(|e| match e {
            BackupError::Copy(StoreError::NotAJournal { .. }) => bad(not_sqlite()),
            BackupError::Copy(StoreError::Corrupt { detail, .. }) => bad(damaged(detail)),
            other => other,
        })?;
    }
    let checked = check_copy(tmp, key).map_err(|detail| bad(damaged(detail)))?;
    if checked.version > SCHEMA_VERSION {
        let v = checked.version;
        return Err(bad((
            format!(
                "it was written by a newer version of Feltsense (journal format {v}, this version reads up to {SCHEMA_VERSION})"
            ),
            format!(
                "het is geschreven door een nieuwere versie van Feltsense (dagboekformaat {v}, deze versie leest tot en met {SCHEMA_VERSION})"
            ),
        )));
    }
    if checked.version == 0 || !checked.tables_ours {
        return Err(bad(("it is not a Feltsense journal".into(), "het is geen Feltsense-dagboek".into())));
    }
    sync_file(tmp)?;
    Ok((checked.entries.unwrap_or(0), key))
}

/// Why a backup cannot be opened, in English and Dutch (SQLite's words put into Dutch by
/// [`rusqlite::Error`]'s `Describe`).
fn describe_sqlite(e: rusqlite::Error) -> (String, String) {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_sqlite(),
        Some(ErrorCode::DatabaseCorrupt) => damaged(Message::new(e)),
        _ => (e.to_string(), e.describe(Lang::Nl)),
    }
}

fn not_sqlite() -> (String, String) {
    ("it is not an SQLite database".into(), "het is geen SQLite-database".into())
}

fn damaged(detail: Message) -> (String, String) {
    (format!("it is damaged ({detail})"), format!("het is beschadigd ({})", detail.text(Lang::Nl)))
}

/// A checked backup of the current journal, read through a read-only connection.
fn safety_copy(db: &Path, now: NaiveDateTime, kind: BackupKind, key: Option<&Passphrase>) -> Result<BackupInfo> {
    let src = open_connection(db, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(copy_err)?;
    src.busy_timeout(super::BUSY_TIMEOUT).map_err(copy_err)?;
    write_backup(&src, db, kind, now, key)
}

/// Copies the journal and the files SQLite keeps beside it, byte for byte, into the backups
/// folder as a [`BackupKind::Damaged`] backup.
fn set_aside_copy(db: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    let dir = backup_dir(db);
    create_private_dir(&dir)?;
    let stem = stem_of(db);
    let target = (1..)
        .map(|n| dir.join(file_name(&stem, now, BackupKind::Damaged, n)))
        .find(|p| !p.exists())
        .expect("an unused name among infinitely many");
    let copy_all = || -> Result<()> {
        for suffix in ["", "-wal", "-journal"] {
            let from = with_suffix(db, suffix);
            if !from.exists() {
                continue;
            }
            let mut out = create_private_file(&with_suffix(&target, suffix))?;
            File::open(&from)
                .and_then(|mut input| io::copy(&mut input, &mut out))
                .and_then(|_| out.sync_all())
                .map_err(io_err(&from))?;
        }
        Ok(())
    };
    if let Err(e) = copy_all() {
        remove_with_side_files(&target)?;
        return Err(e);
    }
    sync_dir(&dir)?;
    Ok(target)
}

/// Opens the current journal, leaves WAL mode (which needs every other connection closed) and
/// holds an exclusive lock until dropped, so nobody starts using the old file while it is being
/// replaced. `None` when the file is not an SQLite database SQLite can lock (damaged or foreign:
/// then only the window lock protects it).
fn in_use(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// How long [`leave_wal`] waits for other connections to close.
const LEAVE_WAL_WAIT: Duration = Duration::from_secs(3);

/// Switches the journal open on `c` out of WAL mode (which writes the log back into the file and
/// removes it), which needs every other connection closed. Connections about to close (the
/// window's daily backup, a view loading entries) are waited for up to [`LEAVE_WAL_WAIT`].
/// `Ok(false)`: still in use; `Err`: the file cannot be read this way (damaged, wrong key).
fn leave_wal(c: &Connection) -> rusqlite::Result<bool> {
    c.busy_timeout(Duration::from_millis(200))?;
    let deadline = std::time::Instant::now() + LEAVE_WAL_WAIT;
    loop {
        match c.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => return Ok(true),
            Ok(_) => {}
            Err(e) if in_use(&e) => {}
            Err(e) => return Err(e),
        }
        if std::time::Instant::now() >= deadline {
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn exclusive_guard(db: &Path, key: Option<&Passphrase>) -> Result<Option<Connection>> {
    let Ok(c) = open_connection(db, OpenFlags::SQLITE_OPEN_READ_WRITE, key) else {
        return Ok(None);
    };
    match leave_wal(&c) {
        Ok(true) => {}
        Ok(false) => return Err(BackupError::InUse),
        Err(_) => return Ok(None),
    }
    match c.execute_batch("BEGIN EXCLUSIVE") {
        Ok(()) => Ok(Some(c)),
        Err(e) if in_use(&e) => Err(BackupError::InUse),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|x| x.and_hms_opt(h, 5, 9)).expect("valid date")
    }

    #[test]
    fn names_round_trip_and_other_journals_are_ignored() {
        let at = t(2026, 11, 21, 8);
        let n = file_name("journal", at, BackupKind::BeforeImport, 1);
        assert_eq!(n, "journal-2026-11-21T080509-pre_import.sqlite");
        assert_eq!(parse_name(&n, "journal"), Some((at, BackupKind::BeforeImport)));
        let n2 = file_name("my-diary", at, BackupKind::Daily, 3);
        assert_eq!(n2, "my-diary-2026-11-21T080509-daily-3.sqlite");
        assert_eq!(parse_name(&n2, "my-diary"), Some((at, BackupKind::Daily)));
        assert_eq!(parse_name(&n2, "diary"), None, "another journal's backup");
        assert_eq!(parse_name(&n, "my"), None);
        assert_eq!(parse_name("journal-2026-11-21T080509-weekly.sqlite", "journal"), None);
        assert_eq!(parse_name("journal-2026-11-21T080509-daily.sqlite.tmp", "journal"), None);
        assert_eq!(parse_name("journal-2026-13-21T080509-daily.sqlite", "journal"), None);
        assert_eq!(parse_name("é-daily.sqlite", "journal"), None);
        for k in BackupKind::ALL {
            assert_eq!(BackupKind::from_code(k.code()), Some(k));
        }
    }
}
