//! The example journal: a file of its own beside the person's journal, filled with generated
//! entries ([`crate::demo`]) so a new person can look around the window without touching their
//! own journal.
//!
//! The example never mixes with the real journal: it has its own file name
//! ([`EXAMPLE_FILE_NAME`]) and a mark inside (a table of its own), it is made anew each time it is
//! opened, and it is removed when the person goes back (with whatever they tried out in it). A
//! file at the example's place without the mark that holds entries (or that cannot be read) is
//! never replaced or removed.

use std::path::{Path, PathBuf};

use crate::model::{Describe, Entry, Lang};

use super::{Store, StoreError};

/// Why the example journal could not be made or removed.
#[derive(Debug, thiserror::Error)]
pub enum ExampleError {
    /// A file at the example's place holds entries of the person's own: it is left as it is.
    #[error("{path} holds {own} entries that are not an example, so it was left as it is")]
    NotAnExample {
        /// The file.
        path: PathBuf,
        /// How many entries there were not generated.
        own: usize,
    },
    /// The file could not be removed.
    #[error("cannot remove the example journal {path}: {source}")]
    Remove {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The store's error (reading the old file, writing the new one).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Describe for ExampleError {
    fn describe(&self, lang: Lang) -> String {
        match self {
            ExampleError::NotAnExample { path, own } => match lang {
                Lang::En => self.to_string(),
                Lang::Nl => format!(
                    "{} bevat {own} metingen die geen voorbeeld zijn, dus het bestand is gelaten zoals het is",
                    path.display()
                ),
            },
            ExampleError::Remove { path, source } => match lang {
                Lang::En => self.to_string(),
                Lang::Nl => format!(
                    "het voorbeelddagboek {} kan niet worden verwijderd: {}",
                    path.display(),
                    crate::model::text::io_error(source, lang)
                ),
            },
            ExampleError::Store(e) => e.describe(lang),
        }
    }
}

/// What the example's functions return.
pub type Result<T> = std::result::Result<T, ExampleError>;

/// The example journal's file name (in the folder of the person's journal).
pub const EXAMPLE_FILE_NAME: &str = "feltsense-example.sqlite";

/// The table that marks a file as an example journal (made by [`make`]; the store's own tables
/// are all there too, so the file opens as any journal).
const MARK_TABLE: &str = "feltsense_example";

/// Where the example journal of the journal at `journal` lives: beside it, under
/// [`EXAMPLE_FILE_NAME`] (`None` when the journal itself has that name: the two never share a file).
pub fn path_beside(journal: &Path) -> Option<PathBuf> {
    let example = journal.with_file_name(EXAMPLE_FILE_NAME);
    (example != journal).then_some(example)
}

/// Makes the example journal at `path` anew with `entries` (a file left from before is
/// replaced, if it holds only generated entries). Returns how many entries it holds.
///
/// # Errors
/// [`ExampleError::NotAnExample`] when the file at `path` holds entries of the person's own (it
/// is left as it is); the other variants when it cannot be read, removed or written.
pub fn make(path: &Path, entries: &[Entry]) -> Result<usize> {
    // The window lock of the example (held while it is made) stays.
    remove_unless_own(path, &["", "-wal", "-shm", "-journal", ".checked"])?;
    let mut store = Store::open(path)?;
    store
        .connection()
        .execute_batch(&format!("CREATE TABLE IF NOT EXISTS {MARK_TABLE} (made TEXT NOT NULL); INSERT INTO {MARK_TABLE} VALUES (datetime('now'));"))
        .map_err(StoreError::from)?;
    store.import(entries)?;
    Ok(store.count()?)
}

/// Removes the example journal at `path` (and SQLite's files beside it) when it carries the
/// example's mark or holds no entries; nothing there is fine.
///
/// # Errors
/// [`ExampleError::NotAnExample`] when the file holds entries and no mark (it is left as it is);
/// the other variants when it cannot be read or removed.
pub fn remove(path: &Path) -> Result<()> {
    remove_unless_own(path, &["", "-wal", "-shm", "-journal", ".checked", ".lock"])
}

/// Removes the files `path` + each of `suffixes`, unless `path` holds entries and no mark.
fn remove_unless_own(path: &Path, suffixes: &[&str]) -> Result<()> {
    if path.exists() {
        let (marked, own) = {
            let store = Store::open_reader(path)?;
            let marked: i64 = store
                .connection()
                .query_row("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1", [MARK_TABLE], |r| {
                    r.get(0)
                })
                .map_err(StoreError::from)?;
            (marked > 0, store.count()?)
        };
        if !marked && own > 0 {
            return Err(ExampleError::NotAnExample { path: path.to_path_buf(), own });
        }
    }
    for suffix in suffixes {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        remove_file(Path::new(&name))?;
    }
    Ok(())
}

#[expect(clippy::disallowed_methods, reason = "the example journal is a file of the store")]
fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(ExampleError::Remove { path: path.to_path_buf(), source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};

    fn example_entries() -> Vec<Entry> {
        let end = chrono::DateTime::parse_from_rfc3339("2026-11-20T20:00:00+01:00").expect("time");
        let mut entries = generate(&DemoOptions { years: 1, seed: 5, end });
        entries.truncate(40);
        entries
    }

    #[test]
    fn the_example_lives_beside_the_journal_and_never_in_its_file() {
        let journal = Path::new("/data/feltsense/journal.sqlite");
        assert_eq!(path_beside(journal), Some(PathBuf::from("/data/feltsense/feltsense-example.sqlite")));
        assert_eq!(path_beside(Path::new("/data/feltsense-example.sqlite")), None);
    }

    #[test]
    fn the_example_is_made_anew_and_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(EXAMPLE_FILE_NAME);
        let entries = example_entries();
        assert_eq!(make(&path, &entries).expect("make"), entries.len());
        // Made again (a later day, another language): replaced, not added to.
        assert_eq!(make(&path, &entries[..10]).expect("make again"), 10);
        // What the person tries out in the example goes with it.
        let mut tried = entries[11].clone();
        tried.uid = "tried-out".into();
        Store::open(&path).expect("open").import(&[tried]).expect("import");
        remove(&path).expect("remove");
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert!(left.is_empty(), "nothing of the example is left: {left:?}");
        remove(&path).expect("nothing there is fine");
    }

    #[test]
    fn a_file_with_entries_of_the_persons_own_is_never_replaced_or_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(EXAMPLE_FILE_NAME);
        let mut own = example_entries()[0].clone();
        own.uid = "my-own-entry".into();
        own.note = "mine".into();
        // A journal of the person's own that happens to be at the example's place (no mark).
        Store::open(&path).expect("open").import(&[own.clone()]).expect("import");
        let before = std::fs::read(&path).expect("read");
        let err = make(&path, &example_entries()).expect_err("refused");
        assert!(matches!(err, ExampleError::NotAnExample { own: 1, .. }), "{err}");
        assert!(err.describe(Lang::Nl).contains("geen voorbeeld"), "{}", err.describe(Lang::Nl));
        assert!(remove(&path).is_err());
        assert_eq!(Store::open(&path).expect("open").count().expect("count"), 1);
        assert!(!before.is_empty());
        // Not a journal at all: refused too, left as it is.
        let other = dir.path().join("x").join(EXAMPLE_FILE_NAME);
        crate::fsio::create_dir_all(other.parent().expect("parent")).expect("dir");
        crate::fsio::write_atomic(&other, |w| w.write_all(b"not a database, but somebody's file")).expect("write");
        assert!(make(&other, &example_entries()).is_err());
        assert_eq!(std::fs::read(&other).expect("read"), b"not a database, but somebody's file");
    }
}
