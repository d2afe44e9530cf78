//! Remembering that a journal file was checked, so that opening it again costs the same at any
//! size.
//!
//! `PRAGMA quick_check` reads every page of the file: on a 50-year journal about 9,000 page reads,
//! so a one-month `feltsense list` took five times longer on a 30-year journal than on a 1-year
//! one. The check is there to refuse a damaged file before anything is written to it, and a file
//! only Feltsense has written since it was last checked needs no new check. So the full check runs
//! when the file is **new to this machine** or **changed outside Feltsense**, and before backups
//! and restores (which check their copies in full, see [`backup`](super::backup)).
//!
//! A **stamp** beside the journal (`journal.sqlite.checked`, owner-only) records, when the last
//! connection of a checked journal closes cleanly (SQLite has then written its write-ahead log
//! back and removed it): the file's device and inode (a copy, a restore, a file brought from
//! another computer or synced in by another program has other ones), its size, its modification
//! time (nanoseconds), and its first 100 bytes (SQLite's header: change counter, page count,
//! schema cookie; for a locked journal the salt and the first encrypted bytes). On open, a file
//! whose stamp matches in every part and that has no write-ahead log beside it (a crash or another
//! open connection leaves one) is not read whole again. Anything else — no stamp, a stamp that
//! does not parse, any difference — means a full check, and a failed check removes the stamp.

use std::io::Read;
use std::path::{Path, PathBuf};

/// What the stamp records of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    header: Vec<u8>,
}

/// The first line of a stamp file: the format.
const FORMAT: &str = "feltsense-checked 1";

/// The stamp file of the journal at `path`.
pub fn stamp_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".checked");
    PathBuf::from(p)
}

#[cfg(unix)]
fn current(path: &Path) -> std::io::Result<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path)?;
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)?.take(100).read_to_end(&mut header)?;
    let mtime_ns = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    Ok(Stamp { dev: m.dev(), ino: m.ino(), size: m.len(), mtime_ns, header })
}

/// Without device and inode numbers a copy cannot be told from the original: never trusted.
#[cfg(not(unix))]
fn current(_path: &Path) -> std::io::Result<Stamp> {
    Err(std::io::Error::other("file identity is not tracked on this platform"))
}

impl Stamp {
    fn to_text(&self) -> String {
        let hex: String = self.header.iter().map(|b| format!("{b:02x}")).collect();
        format!("{FORMAT}\n{} {} {} {} {hex}\n", self.dev, self.ino, self.size, self.mtime_ns)
    }

    fn parse(text: &str) -> Option<Stamp> {
        let mut lines = text.lines();
        if lines.next()? != FORMAT {
            return None;
        }
        let mut f = lines.next()?.split(' ');
        let (dev, ino, size, mtime_ns) =
            (f.next()?.parse().ok()?, f.next()?.parse().ok()?, f.next()?.parse().ok()?, f.next()?.parse().ok()?);
        let hex = f.next()?;
        if f.next().is_some() || hex.len() % 2 != 0 || hex.len() > 200 {
            return None;
        }
        let header = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
        Some(Stamp { dev, ino, size, mtime_ns, header })
    }
}

/// True when the file's write-ahead log is missing or empty.
fn no_wal(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(true, |m| m.len() == 0)
}

/// True when the file at `path` is exactly as Feltsense left it after its last check: its stamp
/// matches and no write-ahead log lies beside it.
pub fn is_unchanged(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(stamp_path(path)) else { return false };
    let (Some(stamp), Ok(now)) = (Stamp::parse(&text), current(path)) else { return false };
    stamp == now && no_wal(path)
}

/// Records the file as checked, when its write-ahead log has been written back (the last
/// connection closed cleanly). A stamp that cannot be written only means a full check next time.
#[expect(clippy::disallowed_methods, reason = "the check stamp is a file of the store, written in place (see above)")]
pub fn record(path: &Path) {
    if !no_wal(path) {
        return;
    }
    if let Ok(stamp) = current(path) {
        let target = stamp_path(path);
        if std::fs::read_to_string(&target).ok().as_deref() == Some(stamp.to_text().as_str()) {
            return;
        }
        // Not synced, not atomic: a stamp lost or cut short in a crash only means a full check
        // next time (a cut-short stamp does not parse or does not match).
        let written = crate::fsio::options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&target)
            .and_then(|mut f| std::io::Write::write_all(&mut f, stamp.to_text().as_bytes()));
        if written.is_err() {
            forget(path);
        }
    }
}

/// Removes the stamp: the next open checks the file in full.
#[expect(clippy::disallowed_methods, reason = "the check stamp is a file of the store")]
pub fn forget(path: &Path) {
    // Nothing to forget, or it cannot be removed: either way it matches no file that changed.
    std::fs::remove_file(stamp_path(path)).ok();
}

/// Records the journal as checked when the store that opened it is dropped (after its connection,
/// so SQLite has written the write-ahead log back by then): a field of [`Store`](super::Store)
/// declared after the connection. Only the file that was opened is recorded: when another file has
/// taken its place meanwhile (a restore, a passphrase change), nothing is.
#[derive(Debug)]
pub struct StampOnClose {
    path: PathBuf,
    /// Device and inode of the file opened.
    id: (u64, u64),
}

impl StampOnClose {
    /// For the checked journal just opened at `path` (`None` where files cannot be told apart).
    pub fn new(path: &Path) -> Option<StampOnClose> {
        current(path).ok().map(|s| StampOnClose { path: path.to_path_buf(), id: (s.dev, s.ino) })
    }
}

impl Drop for StampOnClose {
    fn drop(&mut self) {
        if current(&self.path).is_ok_and(|s| (s.dev, s.ino) == self.id) {
            record(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_and_a_damaged_one_is_no_stamp() {
        let s =
            Stamp { dev: 66, ino: 123_456, size: 4096, mtime_ns: 1_700_000_000_123_456_789, header: vec![0, 1, 0xab] };
        assert_eq!(Stamp::parse(&s.to_text()), Some(s.clone()));
        for bad in [
            "",
            "feltsense-checked 2\n66 1 2 3 00\n",
            "feltsense-checked 1\n66 1 2 3 0\n",
            "feltsense-checked 1\n66 1 x 3 00\n",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad:?}");
        }
    }
}
