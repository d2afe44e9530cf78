//! Reading the folder: opening another computer's copy (checked before anything is read from
//! it) and merging every other computer's latest copy into this journal.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::error::{Result, SyncError};
use super::folder::{self, Kind};
use super::merge::Merged;
use crate::model::Message;
use crate::store::cipher::{FileState, Passphrase, file_state, is_not_a_database, open_connection};
use crate::store::schema::{OWN_TABLES, SCHEMA_VERSION};
use crate::store::{Store, StoreError};

/// The first journal format that has copies.
const FIRST_COPY_FORMAT: i64 = 7;

/// What a copy says about itself and holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyInfo {
    /// The file.
    pub path: PathBuf,
    /// The computer that wrote it.
    pub computer_id: String,
    /// That computer's name (empty when it had none).
    pub computer_name: String,
    /// The copy's number among that computer's copies.
    pub seq: u64,
    /// When it was written.
    pub written_at: DateTime<FixedOffset>,
    /// Whether the journal it was made from was locked with a passphrase (its copies use that
    /// passphrase).
    pub journal_locked: bool,
    /// How many entries it holds.
    pub entries: usize,
    /// The day of its first and of its last entry.
    pub first_last: Option<(NaiveDate, NaiveDate)>,
    /// The journal format.
    pub version: i64,
}

/// Opens the copy at `path` with the first of `keys` that unlocks it, checks it whole (every
/// page through the passphrase, the format, that it is a copy of a Feltsense journal) and reads
/// what it says about itself. The connection is read-only; the file is never changed.
pub fn open_copy(path: &Path, keys: &[&Passphrase]) -> Result<(Connection, CopyInfo)> {
    let file = path.to_path_buf();
    let damaged = |detail: Message| SyncError::Damaged { file: file.clone(), detail };
    match file_state(path).map_err(super::error::io_err(path))? {
        FileState::Locked => {}
        FileState::Missing => {
            return Err(SyncError::Io { path: file, source: std::io::ErrorKind::NotFound.into() });
        }
        FileState::Empty => return Err(damaged(Message::fixed("it is empty", "hij is leeg"))),
        FileState::Plain => return Err(SyncError::NotACopy { file }),
        FileState::Other => {
            return Err(damaged(Message::fixed(
                "its size is not a whole number of pages: it is cut off or still arriving",
                "zijn grootte is geen geheel aantal pagina's: hij is afgebroken of komt nog binnen",
            )));
        }
    }
    let mut opened = None;
    for key in keys {
        let c =
            open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(key)).map_err(|e| damaged(Message::new(e)))?;
        match c.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
            Ok(_) => {
                opened = Some(c);
                break;
            }
            Err(e) if is_not_a_database(&e) => {}
            Err(e) => return Err(damaged(Message::new(e))),
        }
    }
    let Some(c) = opened else { return Err(SyncError::WrongPassphrase { file }) };
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| damaged(Message::new(e)))?;
    if version > SCHEMA_VERSION {
        return Err(SyncError::NewerFormat { file, found: version, supported: SCHEMA_VERSION });
    }
    let check: String = c.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| damaged(Message::new(e)))?;
    if check != "ok" {
        return Err(damaged(crate::store::error::integrity_problems(vec![check])));
    }
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| damaged(Message::new(e)))?;
    let ours = OWN_TABLES.iter().chain(&["copy_info"]).all(|t| tables.iter().any(|x| x == t));
    if version < FIRST_COPY_FORMAT || !ours {
        return Err(SyncError::NotACopy { file });
    }
    let row: Option<(String, String, i64, String, bool)> = c
        .query_row("SELECT computer_id, computer_name, seq, written_at, journal_locked FROM copy_info", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()
        .map_err(|e| damaged(Message::new(e)))?;
    let Some((computer_id, computer_name, seq, written, journal_locked)) = row else {
        return Err(SyncError::NotACopy { file });
    };
    let written_at = DateTime::parse_from_rfc3339(&written).map_err(|_| SyncError::NotACopy { file: file.clone() })?;
    let (entries, first, last): (i64, Option<String>, Option<String>) = c
        .query_row("SELECT COUNT(*), MIN(substr(at, 1, 10)), MAX(substr(at, 1, 10)) FROM entries", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| damaged(Message::new(e)))?;
    let day = |d: Option<String>| d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let info = CopyInfo {
        path: file,
        computer_id,
        computer_name,
        seq: u64::try_from(seq).unwrap_or(0),
        written_at,
        journal_locked,
        entries: usize::try_from(entries).unwrap_or(0),
        first_last: day(first).zip(day(last)),
        version,
    };
    Ok((c, info))
}

/// A copy checked and described without keeping it open (the restore's preview).
pub fn read_copy(path: &Path, key: &Passphrase) -> Result<CopyInfo> {
    crate::store::guard::check("read_copy");
    open_copy(path, &[key]).map(|(_, info)| info)
}

/// What the folder held of one other computer, or one other file.
#[derive(Debug)]
pub struct FileOutcome {
    /// The copy merged, or the newest one that could not be.
    pub path: PathBuf,
    /// What the copy says about itself, when it could be read.
    pub info: Option<CopyInfo>,
    /// What merging it changed, or why it was not merged.
    pub result: Result<Merged>,
    /// Whether it was merged before in this session and has not changed since (skipped).
    pub unchanged: bool,
}

/// What [`merge_folder`] did.
#[derive(Debug, Default)]
pub struct FolderMerge {
    /// Everything it changed in the journal.
    pub merged: Merged,
    /// Per other computer (its latest copy that could be merged) and per conflict copy.
    pub files: Vec<FileOutcome>,
}

/// The copies merged before (by path, size and modification time); a file that has not changed
/// since is not opened again. Keep one per journal while it is open.
pub type Seen = HashMap<PathBuf, (u64, Option<SystemTime>)>;

/// Merges into `store` the latest copy of every other computer in `folder` and every conflict
/// copy (see [`folder`]); this computer's own copies are skipped. A copy that is damaged or cut
/// off (a sync tool still writing it) is left as it is and that computer's previous copy is used;
/// one that does not open with `keys`, or is newer than this Feltsense, is reported and left.
/// Nothing in the folder is changed.
pub fn merge_folder(store: &mut Store, folder: &Path, keys: &[&Passphrase], seen: &mut Seen) -> Result<FolderMerge> {
    crate::store::guard::check("merge_folder");
    let me = store.computer_id()?;
    let mut per_computer: BTreeMap<String, Vec<(u64, folder::FolderFile)>> = BTreeMap::new();
    let mut others = Vec::new();
    for f in folder::list(folder)? {
        match &f.kind {
            Kind::Copy(id, _) if *id == me => {}
            Kind::Copy(id, seq) => per_computer.entry(id.clone()).or_default().push((*seq, f.clone())),
            Kind::Other => others.push(f),
            Kind::Temporary(..) => {}
        }
    }
    let mut out = FolderMerge::default();
    for (_, mut copies) in per_computer {
        copies.sort_by_key(|b| std::cmp::Reverse(b.0));
        let mut first_failure: Option<FileOutcome> = None;
        let mut done = None;
        for (_, f) in copies {
            let outcome = merge_one(store, &f, keys, seen);
            if outcome.result.is_ok() {
                done = Some(outcome);
                break;
            }
            first_failure.get_or_insert(outcome);
        }
        // The newest copy's problem is reported even when an older one was merged.
        if let Some(ok) = done {
            if let Ok(m) = &ok.result {
                out.merged.add(m);
            }
            out.files.push(ok);
        }
        out.files.extend(first_failure);
    }
    for f in others {
        let outcome = merge_one(store, &f, keys, seen);
        if let Ok(m) = &outcome.result {
            out.merged.add(m);
        }
        out.files.push(outcome);
    }
    Ok(out)
}

fn merge_one(store: &mut Store, f: &folder::FolderFile, keys: &[&Passphrase], seen: &mut Seen) -> FileOutcome {
    let stamp = (f.size, f.modified);
    if seen.get(&f.path) == Some(&stamp) {
        return FileOutcome { path: f.path.clone(), info: None, result: Ok(Merged::default()), unchanged: true };
    }
    let opened = open_copy(&f.path, keys);
    let (conn, info) = match opened {
        Ok(x) => x,
        Err(e) => return FileOutcome { path: f.path.clone(), info: None, result: Err(e), unchanged: false },
    };
    let result = store.merge_journal(&conn).map_err(|e| match e {
        // A page that fails to decrypt or read while merging: the copy is damaged, not the journal.
        StoreError::Corrupt { detail, .. } | StoreError::NotAJournal { detail, .. } => {
            SyncError::Damaged { file: f.path.clone(), detail }
        }
        StoreError::BadRow(detail) => SyncError::Damaged { file: f.path.clone(), detail },
        StoreError::Invalid(e) => SyncError::Damaged { file: f.path.clone(), detail: Message::new(e) },
        other => SyncError::Store(other),
    });
    if result.is_ok() {
        seen.insert(f.path.clone(), stamp);
    }
    FileOutcome { path: f.path.clone(), info: Some(info), result, unchanged: false }
}
