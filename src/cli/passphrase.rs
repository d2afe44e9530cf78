//! Passphrases on the command line: asked on the terminal (not echoed), or taken from
//! `FELTSENSE_PASSPHRASE` (and `FELTSENSE_NEW_PASSPHRASE`, `FELTSENSE_BACKUP_PASSPHRASE`) for
//! scripts; and `feltsense passphrase` to set, change or remove the journal's.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::store::backup::{self as core, BackupError};
use crate::store::cipher::{FileState, file_state};
use crate::store::instance::{LockError, acquire_window_lock};
use crate::store::{Passphrase, StoreError};

/// The variable holding the journal's passphrase, for scripts.
pub const ENV: &str = "FELTSENSE_PASSPHRASE";
/// The variable holding the new passphrase for `feltsense passphrase`, for scripts.
pub const NEW_ENV: &str = "FELTSENSE_NEW_PASSPHRASE";
/// The variable holding a backup's own passphrase for `feltsense restore`, for scripts.
pub const BACKUP_ENV: &str = "FELTSENSE_BACKUP_PASSPHRASE";
/// The variable holding the copies' passphrase for `feltsense sync`, for scripts.
pub const COPY_ENV: &str = "FELTSENSE_COPY_PASSPHRASE";

/// A passphrase from `env`, else asked on the terminal with `prompt`; `None` when neither is
/// possible.
fn obtain(env: &str, prompt: &str) -> Result<Option<Passphrase>> {
    if let Some(v) = std::env::var_os(env).filter(|v| !v.is_empty()) {
        let text = v.into_string().map_err(|_| anyhow::anyhow!("{env} is not valid UTF-8"))?;
        return Ok(Some(Passphrase::new(text).with_context(|| format!("{env} cannot be used"))?));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let text = rpassword::prompt_password(prompt).context("the passphrase could not be read")?;
    Ok(Some(Passphrase::new(text)?))
}

/// The passphrase of the journal at `path` when it is locked (asked, or from [`ENV`]); `None`
/// when it is not locked.
///
/// # Errors
/// When it is locked and no passphrase can be had (no terminal, no [`ENV`]).
pub fn journal_key(path: &Path) -> Result<Option<Passphrase>> {
    if file_state(path).ok() != Some(FileState::Locked) {
        return Ok(None);
    }
    match obtain(ENV, &format!("Passphrase for {}: ", path.display()))? {
        Some(k) => Ok(Some(k)),
        None => Err(StoreError::Locked { path: path.to_path_buf() })
            .with_context(|| format!("run this in a terminal to be asked for it, or set {ENV}")),
    }
}

/// A backup's own passphrase, for a backup locked with another one than the journal's.
pub fn backup_key(backup: &Path) -> Result<Option<Passphrase>> {
    obtain(BACKUP_ENV, &format!("{} has another passphrase. Its passphrase: ", backup.display()))
}

/// The passphrase of a copy in the folder: from [`COPY_ENV`], else asked on the terminal.
pub fn copy_passphrase(copy: &Path) -> Result<Option<Passphrase>> {
    obtain(COPY_ENV, &format!("Passphrase of {}: ", copy.display()))
}

/// A passphrase for the copies of a journal without one: from [`COPY_ENV`], else typed twice.
pub fn new_copy_passphrase() -> Result<Passphrase> {
    if std::env::var_os(COPY_ENV).is_some_and(|v| !v.is_empty()) {
        return obtain(COPY_ENV, "")?.context("no passphrase for the copies");
    }
    if !std::io::stdin().is_terminal() {
        bail!("this journal has no passphrase: run this in a terminal to choose one for its copies, or set {COPY_ENV}");
    }
    let first = zeroize::Zeroizing::new(rpassword::prompt_password(
        "A passphrase for the copies (the same on every computer): ",
    )?);
    let second = zeroize::Zeroizing::new(rpassword::prompt_password("The same again: ")?);
    Ok(Passphrase::confirmed(&first, &second)?)
}

/// A new passphrase: from [`NEW_ENV`], else typed twice on the terminal.
fn new_passphrase() -> Result<Passphrase> {
    if std::env::var_os(NEW_ENV).is_some_and(|v| !v.is_empty()) {
        return obtain(NEW_ENV, "")?.context("no new passphrase");
    }
    if !std::io::stdin().is_terminal() {
        bail!("run this in a terminal to type the new passphrase, or set {NEW_ENV}");
    }
    let first = zeroize::Zeroizing::new(rpassword::prompt_password("New passphrase: ")?);
    let second = zeroize::Zeroizing::new(rpassword::prompt_password("The same again: ")?);
    Ok(Passphrase::confirmed(&first, &second)?)
}

/// `feltsense passphrase [--remove]`: locks the journal with a new passphrase (or changes it),
/// or removes the lock.
pub fn passphrase(path: &Path, remove: bool, out: &mut impl Write) -> Result<()> {
    if !path.exists() {
        bail!("there is no journal at {} yet", path.display());
    }
    let current = journal_key(path)?;
    if remove && current.is_none() {
        bail!("{} is not locked", path.display());
    }
    let new = if remove { None } else { Some(new_passphrase()?) };
    let lock = acquire_window_lock(path).map_err(|e| match e {
        LockError::AlreadyOpen { .. } => anyhow::anyhow!("{}", BackupError::InUse),
        other => other.into(),
    })?;
    let done = core::change_passphrase(&lock, current.as_ref(), new.as_ref())?;
    if new.is_some() {
        writeln!(out, "the journal {} is locked with the new passphrase", path.display())?;
    } else {
        writeln!(out, "the journal {} is no longer locked", path.display())?;
    }
    if let Some(b) = &done.safety_backup {
        writeln!(out, "the journal as it was is kept in {}", b.path.display())?;
    }
    writeln!(out, "{} backups converted", done.backups_converted)?;
    for (p, why) in &done.backups_kept {
        writeln!(out, "kept as it was: {} ({why})", p.display())?;
    }
    Ok(())
}
