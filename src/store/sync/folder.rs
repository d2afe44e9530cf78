//! The files in the shared folder: names, and what is in the folder.
//!
//! Each computer writes only files of its own: `feltsense-<computer id>-<number>.fscopy`, the
//! number rising with each copy, so the sync tool never has to merge a file. A copy is written
//! under a temporary name that sync tools skip and renamed into place when it is complete and
//! checked: `.syncthing.feltsense-….fscopy.part`. The leading `.syncthing.` is the prefix
//! Syncthing gives its own temporary files and skips on every system (its `IsTemporary`; it also
//! removes such files once they are a day old), `.part` is in the default exclude list of
//! Nextcloud's and ownCloud's desktop clients, and the leading dot hides the file. A sync tool
//! that does carry it over (Dropbox has no such rule) carries a file no Feltsense reads: only
//! complete names are merged, and every copy is checked before it is used.
//!
//! Every other `feltsense-….fscopy` file is read too: a sync tool's conflict copy (Syncthing's
//! `….sync-conflict-<date>-<device>.fscopy`, Dropbox's and Nextcloud's `… (conflicted copy …)`)
//! is merged like any copy and never removed, so nothing in it is lost.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::error::{Result, SyncError, io_err};

/// The extension of copies.
pub const EXTENSION: &str = "fscopy";
/// How many of its own copies a computer keeps in the folder (newest first).
pub const KEEP_GENERATIONS: usize = 3;
const PREFIX: &str = "feltsense-";
const TEMP_PREFIX: &str = ".syncthing.";
const TEMP_SUFFIX: &str = ".part";

/// The name of copy number `seq` of computer `id`.
pub fn copy_name(id: &str, seq: u64) -> String {
    format!("{PREFIX}{id}-{seq:08}.{EXTENSION}")
}

/// The temporary name copy number `seq` of computer `id` is written under.
pub fn temp_name(id: &str, seq: u64) -> String {
    format!("{TEMP_PREFIX}{}{TEMP_SUFFIX}", copy_name(id, seq))
}

/// The computer id and number of a copy's own name; `None` for anything else (a conflict copy, a
/// temporary file, another program's file).
pub fn parse_copy_name(name: &str) -> Option<(String, u64)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(&format!(".{EXTENSION}"))?;
    let (id, seq) = rest.rsplit_once('-')?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    if seq.len() < 8 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((id.to_owned(), seq.parse().ok()?))
}

/// What kind of file of ours a name is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A copy under its own name: computer id and number.
    Copy(String, u64),
    /// Another name of a copy: a sync tool's conflict copy, or renamed by hand.
    Other,
    /// A copy still being written (or left by a crash): computer id and number.
    Temporary(String, u64),
}

/// The kind of a file name, `None` for files that are not ours.
pub fn kind_of(name: &str) -> Option<Kind> {
    if let Some(inner) = name.strip_prefix(TEMP_PREFIX).and_then(|n| n.strip_suffix(TEMP_SUFFIX)) {
        return parse_copy_name(inner).map(|(id, seq)| Kind::Temporary(id, seq));
    }
    if let Some((id, seq)) = parse_copy_name(name) {
        return Some(Kind::Copy(id, seq));
    }
    let ours = name.starts_with(PREFIX) && name.ends_with(&format!(".{EXTENSION}"));
    ours.then_some(Kind::Other)
}

/// One file of ours in the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderFile {
    /// Where it is.
    pub path: PathBuf,
    /// What it is.
    pub kind: Kind,
    /// Its size in bytes.
    pub size: u64,
    /// When it was last modified.
    pub modified: Option<SystemTime>,
}

/// Checks that `folder` is there and is a folder (it is never created: a stick that is not
/// plugged in leaves an empty mount point, and a copy written there would not leave the computer).
pub fn check_folder(folder: &Path) -> Result<()> {
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(SyncError::NotAFolder { path: folder.to_path_buf() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(SyncError::FolderMissing { folder: folder.to_path_buf() })
        }
        Err(e) => Err(SyncError::Io { path: folder.to_path_buf(), source: e }),
    }
}

/// The files of ours in `folder`, sorted by name.
pub fn list(folder: &Path) -> Result<Vec<FolderFile>> {
    check_folder(folder)?;
    let mut out = Vec::new();
    for item in std::fs::read_dir(folder).map_err(io_err(folder))? {
        let item = item.map_err(io_err(folder))?;
        let Some(kind) = item.file_name().to_str().and_then(kind_of) else { continue };
        let meta = match item.metadata() {
            Ok(m) => m,
            // Removed meanwhile (a sync tool, another computer's rotation arriving).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(SyncError::Io { path: item.path(), source: e }),
        };
        if !meta.is_file() {
            continue;
        }
        out.push(FolderFile { path: item.path(), kind, size: meta.len(), modified: meta.modified().ok() });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_conflict_copies_are_ours_but_not_own_names() {
        let n = copy_name("0a1b2c3d4e5f6789", 12);
        assert_eq!(n, "feltsense-0a1b2c3d4e5f6789-00000012.fscopy");
        assert_eq!(kind_of(&n), Some(Kind::Copy("0a1b2c3d4e5f6789".into(), 12)));
        let t = temp_name("0a1b2c3d4e5f6789", 12);
        assert_eq!(t, ".syncthing.feltsense-0a1b2c3d4e5f6789-00000012.fscopy.part");
        assert_eq!(kind_of(&t), Some(Kind::Temporary("0a1b2c3d4e5f6789".into(), 12)));
        for conflict in [
            "feltsense-0a1b2c3d4e5f6789-00000012.sync-conflict-20261120-083000-ABCDEFG.fscopy",
            "feltsense-0a1b2c3d4e5f6789-00000012 (Sam's conflicted copy 2026-11-20).fscopy",
            "feltsense-0a1b2c3d4e5f6789-00000012 (conflicted copy 2026-11-20 083000).fscopy",
        ] {
            assert_eq!(kind_of(conflict), Some(Kind::Other), "{conflict}");
        }
        for not_ours in ["journal.sqlite", "feltsense-x.txt", ".syncthing.other.tmp", "notes.fscopy"] {
            assert_eq!(kind_of(not_ours), None, "{not_ours}");
        }
        assert_eq!(parse_copy_name("feltsense-zz-00000001.fscopy"), None);
        assert_eq!(parse_copy_name("feltsense-ab-1.fscopy"), None);
    }
}
