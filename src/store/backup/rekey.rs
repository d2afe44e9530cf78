//! Setting, changing and removing a journal's passphrase.

use std::fs;
use std::path::Path;
use std::time::Duration;

use chrono::{Local, Timelike};
use rusqlite::{ErrorCode, OpenFlags};

use super::{
    BackupError, BackupKind, PassphraseChanged, Result, convert_copy, io_err, leave_wal, parent_dir,
    remove_with_side_files, rotate_keeping, safety_copy, scan, sync_dir, with_suffix,
};
use crate::model::{Describe, Lang, Message};
use crate::store::cipher::{FileState, Passphrase, file_state, is_not_a_database, open_connection};
use crate::store::instance::WindowLock;

/// Locks the journal with `new` (or unlocks it when `new` is `None`); `current` is its passphrase
/// now (`None` when it is not locked).
///
/// In order: the journal is reserved against writers (which fails with [`BackupError::InUse`]
/// while another program has it open: the window closes its own [`crate::store::Store`] first); a
/// checked backup of it as it is is taken; a converted copy is written beside it with
/// `sqlcipher_export`, checked (integrity, same entries) and made durable; the copy replaces the
/// journal in one atomic rename. Then every backup that opens with `current` is converted the
/// same way (each replaced atomically), so one passphrase opens the journal and all its backups;
/// backups that do not open with it are left as they are and listed.
///
/// # Errors
/// [`BackupError::WrongPassphrase`] when `current` does not unlock the journal,
/// [`BackupError::PassphraseNotChanged`] when there is nothing to change or the copy fails, and
/// I/O errors. In every error case the journal is unchanged.
#[expect(clippy::disallowed_methods, reason = "a re-keyed journal replaces the old file in one rename")]
pub fn change_passphrase(
    lock: &WindowLock,
    current: Option<&Passphrase>,
    new: Option<&Passphrase>,
) -> Result<PassphraseChanged> {
    let db = lock.journal();
    let not_changed = |detail: &str, detail_nl: &str| BackupError::PassphraseNotChanged {
        detail: detail.to_owned(),
        detail_nl: detail_nl.to_owned(),
    };
    let current = match file_state(db).map_err(io_err(db))? {
        FileState::Plain => None,
        FileState::Locked => Some(current.ok_or_else(|| BackupError::WrongPassphrase { path: db.to_path_buf() })?),
        FileState::Missing | FileState::Empty => {
            return Err(not_changed("there is no journal yet", "er is nog geen dagboek"));
        }
        FileState::Other => {
            return Err(not_changed("the file is not a Feltsense journal", "het bestand is geen Feltsense-dagboek"));
        }
    };
    if current.is_none() && new.is_none() {
        return Err(not_changed("the journal is not locked", "het dagboek is niet vergrendeld"));
    }

    // 1. Reserve the journal: no other connection may be open (leaving WAL mode needs that), and
    //    no writer may start until the converted copy has replaced it. Readers still may read.
    let guard = open_connection(db, OpenFlags::SQLITE_OPEN_READ_WRITE, current).map_err(|e| sqlite_err(&e, db))?;
    if !leave_wal(&guard).map_err(|e| sqlite_err(&e, db))? {
        return Err(BackupError::InUse);
    }
    guard.busy_timeout(Duration::from_secs(1)).map_err(|e| sqlite_err(&e, db))?;
    guard.execute_batch("BEGIN IMMEDIATE").map_err(|e| sqlite_err(&e, db))?;
    let check: String = guard.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| sqlite_err(&e, db))?;
    if check != "ok" {
        let found = crate::store::error::integrity_problems(vec![check]);
        return Err(not_changed(
            &format!("the journal is damaged ({found}); restore a backup first"),
            &format!("het dagboek is beschadigd ({}); zet eerst een back-up terug", found.text(Lang::Nl)),
        ));
    }

    // 2. Keep the journal as it is now.
    let now = Local::now().naive_local();
    let now = now.with_nanosecond(0).unwrap_or(now);
    let safety = safety_copy(db, now, BackupKind::BeforePassphrase, current)?;

    // 3. The converted copy, checked, then swapped in.
    let dir = parent_dir(db);
    let name = db.file_name().map_or_else(|| "journal".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.rekeying"));
    convert_copy(db, current, &tmp, new)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let p = with_suffix(db, suffix);
        if p.exists() && suffix != "-shm" {
            remove_with_side_files(&tmp)?;
            return Err(not_changed(
                &format!("{} is still in use", p.display()),
                &format!("{} is nog in gebruik", p.display()),
            ));
        }
        super::remove_if_present(&p).map_err(io_err(&p))?;
    }
    if let Err(e) = fs::rename(&tmp, db) {
        remove_with_side_files(&tmp)?;
        return Err(not_changed(&e.to_string(), &crate::model::text::io_error(&e, crate::model::Lang::Nl)));
    }
    drop(guard);
    sync_dir(&dir)?;

    // 4. The backups, one by one.
    let mut converted = 0;
    let mut kept = Vec::new();
    for b in scan(db, None)? {
        if b.kind == BackupKind::Damaged {
            continue;
        }
        match convert_backup(&b.path, current, new) {
            Ok(true) => converted += 1,
            Ok(false) => {}
            Err(reason) => kept.push((b.path.clone(), reason)),
        }
    }
    let backups = super::backup_dir(db);
    sync_dir(&backups)?;
    rotate_keeping(db, &safety.path)
        .map_err(|e| BackupError::Rotation { made: safety.path.clone(), detail: Message::new(e) })?;
    let safety_path = safety.path.clone();
    let safety_backup = scan(db, None)?.into_iter().find(|b| b.path == safety_path);
    Ok(PassphraseChanged { safety_backup, backups_converted: converted, backups_kept: kept })
}

/// Converts one backup from `from` to `to`: `Ok(true)` when converted, `Ok(false)` when it is
/// already as wanted, `Err(reason)` when it is left as it is.
#[expect(clippy::disallowed_methods, reason = "a re-keyed journal replaces the old file in one rename")]
fn convert_backup(
    path: &Path,
    from: Option<&Passphrase>,
    to: Option<&Passphrase>,
) -> std::result::Result<bool, String> {
    let key = match file_state(path).map_err(|e| e.to_string())? {
        FileState::Plain => None,
        FileState::Locked => Some(from.ok_or("it is locked with a passphrase")?),
        _ => return Err("it is not a journal".into()),
    };
    if key == to {
        return Ok(false);
    }
    let tmp = with_suffix(path, ".tmp");
    convert_copy(path, key, &tmp, to).map_err(|e| match e {
        BackupError::WrongPassphrase { .. } => "it is locked with another passphrase".to_owned(),
        other => other.to_string(),
    })?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = remove_with_side_files(&tmp);
        e.to_string()
    })?;
    Ok(true)
}

/// The error of a statement on the journal being reserved.
fn sqlite_err(e: &rusqlite::Error, db: &Path) -> BackupError {
    if is_not_a_database(e) {
        return BackupError::WrongPassphrase { path: db.to_path_buf() };
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => BackupError::InUse,
        _ => BackupError::PassphraseNotChanged { detail: e.to_string(), detail_nl: e.describe(Lang::Nl) },
    }
}
