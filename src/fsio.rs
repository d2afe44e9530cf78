//! Files and folders only their owner can read (`0600` and `0700` on Unix), and files written whole
//! or not at all. The one place the journal, its lock and backups, the exports, and the reminders'
//! settings create files, so they all get the same permissions and the same atomic write.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Creates `dir` and any missing parents with mode `0700`; nothing happens when it exists.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Open options that create files with mode `0600`; the caller says how to open (read, write,
/// create, create_new, truncate).
pub fn options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}

/// Creates a new, empty file with mode `0600` for writing; fails if `path` exists.
#[expect(clippy::disallowed_methods, reason = "fsio is where files are created, replaced and removed")]
pub fn create_new(path: &Path) -> io::Result<File> {
    options().write(true).create_new(true).open(path)
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Removes the temporary file unless the write got as far as the rename.
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    #[expect(clippy::disallowed_methods, reason = "fsio is where files are created, replaced and removed")]
    fn drop(&mut self) {
        if self.armed {
            // Nothing more can be done if removing the temporary file fails; the target is
            // untouched either way.
            fs::remove_file(&self.path).ok();
        }
    }
}

/// A new temporary file beside `path` (mode `0600`), removed when its guard is dropped armed.
fn temp_beside(path: &Path) -> io::Result<(PathBuf, TempGuard, File)> {
    let file_name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp_name = format!(
        ".{}.{}-{}.tmp",
        file_name.to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let temp_path = dir.join(temp_name);
    let file = create_new(&temp_path)?;
    Ok((dir, TempGuard { path: temp_path, armed: true }, file))
}

/// Syncs a filled temporary file and renames it over `path`.
#[expect(clippy::disallowed_methods, reason = "fsio is where files are created, replaced and removed")]
fn commit(out: BufWriter<File>, guard: &mut TempGuard, path: &Path) -> io::Result<()> {
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&guard.path, path)?;
    guard.armed = false;
    Ok(())
}

/// Writes a file atomically: `write` fills a temporary file next to `path` (mode `0600`), which
/// is synced to disk and then renamed over `path`, and the rename is made durable.
///
/// If `write` returns an error (or panics), or any step fails, the temporary file is removed and
/// whatever was at `path` before is left as it was. The writer is buffered, so `write` may issue
/// many small writes.
///
/// Debug builds fail when the window's frame code calls it (see [`crate::guard`]): files
/// are written on the effects thread.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    crate::guard::check_side_effect("write_atomic");
    let (dir, mut guard, file) = temp_beside(path)?;
    let mut out = BufWriter::with_capacity(64 * 1024, file);
    write(&mut out)?;
    commit(out, &mut guard, path)?;
    #[cfg(unix)]
    File::open(&dir).and_then(|d| d.sync_all())?;
    Ok(())
}

/// Writes several files as [`write_atomic`] writes one, filled together: `write` gets one
/// buffered writer per path (in the same order), all open at once, so one pass over the journal
/// can fill them all. Only when it returns `Ok` are the files synced and renamed into place, one
/// after the other; when it fails (or is stopped), no file is renamed, every temporary file is
/// removed, and what was at the paths before is left as it was. (A failure of a rename itself,
/// after the writing, can leave the files before it renamed.)
pub fn write_atomic_many(
    paths: &[&Path],
    write: impl FnOnce(&mut [BufWriter<File>]) -> io::Result<()>,
) -> io::Result<()> {
    crate::guard::check_side_effect("write_atomic_many");
    let mut guards = Vec::with_capacity(paths.len());
    let mut outs = Vec::with_capacity(paths.len());
    let mut dirs = Vec::new();
    for path in paths {
        let (dir, guard, file) = temp_beside(path)?;
        guards.push(guard);
        outs.push(BufWriter::with_capacity(64 * 1024, file));
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    write(&mut outs)?;
    for ((out, guard), path) in outs.into_iter().zip(&mut guards).zip(paths) {
        commit(out, guard, path)?;
    }
    #[cfg(unix)]
    for dir in dirs {
        File::open(&dir).and_then(|d| d.sync_all())?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_the_owners_alone() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("a").join("b");
        create_dir_all(&dir).expect("create");
        create_dir_all(&dir).expect("exists already");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("a")), 0o700);
        let f = dir.join("new");
        create_new(&f).expect("create");
        assert_eq!(mode(&f), 0o600);
        assert!(create_new(&f).is_err(), "never replaces a file");
        options().read(true).write(true).create(true).truncate(false).open(dir.join("lock")).expect("open");
        assert_eq!(mode(&dir.join("lock")), 0o600);
    }

    #[test]
    fn an_atomic_write_is_whole_or_not_at_all() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let p = tmp.path().join("out.txt");
        write_atomic(&p, |w| w.write_all(b"first")).expect("write");
        assert_eq!(fs::read(&p).expect("read"), b"first");
        assert_eq!(mode(&p), 0o600);
        let err = write_atomic(&p, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("stopped"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&p).expect("read"), b"first", "the old file is kept");
        assert_eq!(fs::read_dir(tmp.path()).expect("dir").count(), 1, "no temporary file is left");
    }

    #[test]
    fn several_files_are_renamed_together_or_not_at_all() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (tmp.path().join("a.csv"), tmp.path().join("b.csv"));
        write_atomic(&a, |w| w.write_all(b"old a")).expect("write");
        let err = write_atomic_many(&[&a, &b], |outs| {
            outs[0].write_all(b"new a")?;
            outs[1].write_all(b"new b")?;
            Err(io::Error::other("cancelled"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&a).expect("read"), b"old a", "the old file is kept");
        assert!(!b.exists());
        assert_eq!(fs::read_dir(tmp.path()).expect("dir").count(), 1, "no temporary file is left");
        write_atomic_many(&[&a, &b], |outs| {
            outs[0].write_all(b"new a")?;
            outs[1].write_all(b"new b")
        })
        .expect("written");
        assert_eq!((fs::read(&a).expect("a"), fs::read(&b).expect("b")), (b"new a".to_vec(), b"new b".to_vec()));
        assert_eq!((mode(&a), mode(&b)), (0o600, 0o600));
        assert_eq!(fs::read_dir(tmp.path()).expect("dir").count(), 2);
    }
}
