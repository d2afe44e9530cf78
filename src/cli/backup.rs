//! `feltsense backup`, `feltsense backups` and `feltsense restore FILE`, and the backup taken
//! before an import.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::model::Lang;
use crate::store::backup::{self as core, BackupError, BackupInfo, BackupKind};
use crate::store::{Store, resolve_path};

fn journal_path(db: Option<PathBuf>) -> Result<PathBuf> {
    resolve_path(db).context("no data folder could be found; pass --db PATH or set FELTSENSE_DB")
}

/// `feltsense backup`: backs up the journal now and prints where the backup is.
pub fn backup(db: Option<PathBuf>, out: &mut impl Write) -> Result<()> {
    let path = journal_path(db)?;
    let key = super::passphrase::journal_key(&path)?;
    let store = Store::open_with(&path, key.as_ref())?;
    let info = match core::backup_now(&store, BackupKind::Manual) {
        Ok(info) => info,
        Err(BackupError::Rotation { made, detail }) => {
            eprintln!("feltsense: warning: old backups could not be removed: {detail}");
            writeln!(out, "{}", made.display())?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    writeln!(out, "{}", info.path.display())?;
    Ok(())
}

/// `feltsense backups`: lists the journal's backups, newest first. Works without opening the
/// journal, so it also helps when the journal itself is damaged.
pub fn list(db: Option<PathBuf>, out: &mut impl Write) -> Result<()> {
    let path = journal_path(db)?;
    // Locked backups are counted only when the passphrase is at hand.
    let key = super::passphrase::journal_key(&path).unwrap_or(None);
    let backups = core::list_backups_with(&path, key.as_ref())?;
    let dir = core::backup_dir(&path);
    if backups.is_empty() {
        writeln!(out, "no backups yet (they go in {})", dir.display())?;
        return Ok(());
    }
    writeln!(out, "{:<16}  {:<17}  {:>7}  {:>9}  file", "taken", "kind", "entries", "size")?;
    for b in &backups {
        writeln!(out, "{}", row(b))?;
    }
    writeln!(out, "{} backups in {}", backups.len(), dir.display())?;
    Ok(())
}

fn row(b: &BackupInfo) -> String {
    let entries = b.entries.map_or_else(|| if b.locked { "locked" } else { "?" }.to_owned(), |n| n.to_string());
    let name = b.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!(
        "{:<16}  {:<17}  {:>7}  {:>9}  {}",
        b.taken.format("%Y-%m-%d %H:%M"),
        b.kind.label(Lang::En),
        entries,
        crate::model::text::file_size(b.size, Lang::En),
        name
    )
}

/// `feltsense restore FILE`: replaces the journal with a backup, after backing up the journal as
/// it is. `file` is a path, or the name of a file in the journal's backups folder.
pub fn restore(db: Option<PathBuf>, file: &Path, out: &mut impl Write) -> Result<()> {
    let path = journal_path(db)?;
    let in_backups = core::backup_dir(&path).join(file);
    let chosen = if !file.exists() && file.components().count() == 1 && in_backups.exists() {
        in_backups
    } else {
        file.to_path_buf()
    };
    let journal_key = super::passphrase::journal_key(&path)?;
    let keys = core::RestoreKeys { journal: journal_key.as_ref(), backup: None, keep_lock: false };
    let done = match core::restore_with(&path, &chosen, keys) {
        Err(BackupError::BackupLocked { path: locked }) => {
            let Some(own) = super::passphrase::backup_key(&locked)? else {
                return Err(BackupError::BackupLocked { path: locked })
                    .with_context(|| format!("run this in a terminal, or set {}", super::passphrase::BACKUP_ENV));
            };
            core::restore_with(&path, &chosen, core::RestoreKeys { backup: Some(&own), ..keys })?
        }
        other => other?,
    };
    writeln!(out, "restored {} entries from {}", done.entries, done.from.display())?;
    if let Some(safety) = &done.safety_backup {
        let n = safety.entries.map_or_else(|| "?".to_owned(), |n| n.to_string());
        writeln!(out, "the journal as it was ({n} entries) is kept in {}", safety.path.display())?;
    }
    if let Some(p) = &done.set_aside {
        writeln!(out, "the journal as it was could not be read; a copy of it is kept in {}", p.display())?;
    }
    Ok(())
}

/// The backup taken before entries are imported (see [`core::before_import`]); a failed backup
/// stops the import.
pub fn before_import(store: &Store) -> Result<Option<BackupInfo>> {
    core::before_import(store).context("no backup could be made before importing; nothing was imported")
}
