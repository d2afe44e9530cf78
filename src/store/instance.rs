//! One window per journal.
//!
//! Two windows writing the same journal would each show their own, diverging view of it, so the
//! window takes an advisory lock on a small file beside the journal (`journal.sqlite.lock`, mode
//! `0600`) and holds it for as long as it runs. A second window on the same journal gets
//! [`LockError::AlreadyOpen`] and can tell the person instead of silently opening a second view.
//!
//! The lock is `flock`-style (std's [`File::try_lock`]): it belongs to the open file, so the
//! operating system releases it when the window closes or crashes; there is no stale lock to
//! clean up. The lock file itself is left in place on purpose (removing it would let two windows
//! lock two different files of the same name).
//!
//! The command line does **not** take this lock: `feltsense add` may run while the window is
//! open (both use WAL and a busy timeout). [`crate::store::backup::restore`] does take it,
//! because replacing the journal under an open window would lose that window's writes.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// Proof that this process holds the window lock of one journal. Dropping it releases the lock.
#[derive(Debug)]
pub struct WindowLock {
    _file: File,
    journal: PathBuf,
    lock_path: PathBuf,
}

impl WindowLock {
    /// The journal this lock protects.
    pub fn journal(&self) -> &Path {
        &self.journal
    }

    /// The lock file beside the journal.
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }
}

/// Why the window lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another Feltsense window (in this or another process) has this journal open.
    #[error("{journal} is already open in another Feltsense window; switch to that window, or close it first")]
    AlreadyOpen {
        /// The journal.
        journal: PathBuf,
    },
    /// The lock file could not be created or locked (for example a read-only folder).
    #[error("cannot create the lock file {path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl crate::model::Describe for LockError {
    fn describe(&self, lang: crate::model::Lang) -> String {
        match (self, lang) {
            (_, crate::model::Lang::En) => self.to_string(),
            (LockError::AlreadyOpen { journal }, _) => format!(
                "{} is al open in een ander Feltsense-venster; ga naar dat venster, of sluit het eerst",
                journal.display()
            ),
            (LockError::Io { path, source }, _) => format!(
                "kan het vergrendelbestand {} niet maken: {}",
                path.display(),
                crate::model::text::io_error(source, lang)
            ),
        }
    }
}

/// The lock file of a journal: its path with `.lock` appended (`journal.sqlite.lock`).
pub fn lock_path(db_path: &Path) -> PathBuf {
    let mut s = db_path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Takes the window lock of the journal at `db_path` without waiting, creating the journal's
/// folder (`0700`) and the lock file (`0600`) if needed. Keep the returned [`WindowLock`] alive for
/// as long as the window runs.
///
/// # Errors
/// [`LockError::AlreadyOpen`] when another window holds it; [`LockError::Io`] when the lock file
/// cannot be created (the caller may then open the journal anyway, warning that a second window
/// would not be noticed).
#[expect(clippy::disallowed_methods, reason = "the window lock is a file of the store")]
pub fn acquire_window_lock(db_path: &Path) -> Result<WindowLock, LockError> {
    let path = lock_path(db_path);
    let io = |source: std::io::Error| LockError::Io { path: path.clone(), source };
    if let Some(dir) = db_path.parent() {
        crate::fsio::create_dir_all(dir).map_err(io)?;
    }
    let file = crate::fsio::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(WindowLock { _file: file, journal: db_path.to_path_buf(), lock_path: path }),
        Err(TryLockError::WouldBlock) => Err(LockError::AlreadyOpen { journal: db_path.to_path_buf() }),
        Err(TryLockError::Error(e)) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn a_second_lock_on_the_same_journal_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("new-folder").join("journal.sqlite");
        let first = acquire_window_lock(&db).expect("first window");
        assert_eq!(first.lock_path(), dir.path().join("new-folder").join("journal.sqlite.lock"));
        assert_eq!(first.journal(), db);
        #[cfg(unix)]
        {
            assert_eq!(mode(first.lock_path()), 0o600);
            assert_eq!(mode(&dir.path().join("new-folder")), 0o700);
        }
        // flock belongs to the open file, so a second open in the same process conflicts too.
        let err = acquire_window_lock(&db).expect_err("second window");
        assert!(matches!(&err, LockError::AlreadyOpen { journal } if journal == &db), "{err:?}");
        assert!(err.to_string().contains("already open in another Feltsense window"), "{err}");
        // Another journal in the same folder is independent.
        let other = acquire_window_lock(&dir.path().join("new-folder").join("work.sqlite")).expect("other journal");
        drop(first);
        let again = acquire_window_lock(&db).expect("free once the first window closed");
        assert!(again.lock_path().is_file(), "the lock file stays");
        drop((again, other));
    }

    #[test]
    fn an_unusable_folder_is_an_io_error_not_already_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").expect("write");
        let err = acquire_window_lock(&blocker.join("journal.sqlite")).expect_err("no folder");
        assert!(matches!(err, LockError::Io { .. }), "{err:?}");
    }

    const HOLD: &str = "FELTSENSE_TEST_HOLD_WINDOW_LOCK";

    /// Not a test of its own: the child process of the next test. It holds the lock of the
    /// journal named in the environment until its standard input closes.
    #[test]
    fn child_holding_the_lock() {
        let Some(db) = std::env::var_os(HOLD) else { return };
        let _lock = acquire_window_lock(Path::new(&db)).expect("child takes the lock");
        println!("locked");
        let mut rest = Vec::new();
        std::io::stdin().read_to_end(&mut rest).expect("wait for the parent");
    }

    #[test]
    fn a_lock_held_by_another_process_is_seen_and_released_when_that_process_dies() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("journal.sqlite");
        let exe = std::env::current_exe().expect("test binary");
        let mut child = Command::new(exe)
            .args(["--exact", "store::instance::tests::child_holding_the_lock", "--nocapture", "--test-threads=1"])
            .env(HOLD, &db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        while !line.contains("locked") {
            line.clear();
            assert!(out.read_line(&mut line).expect("read child") > 0, "child ended without taking the lock");
        }
        let err = acquire_window_lock(&db).expect_err("held by the child");
        assert!(matches!(err, LockError::AlreadyOpen { .. }), "{err:?}");
        // SIGKILL, as a crash would: the system releases the lock.
        child.kill().expect("kill");
        child.wait().expect("wait");
        acquire_window_lock(&db).expect("free after the holder died");
    }
}
