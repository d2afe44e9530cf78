//! Locking a journal with a passphrase: the whole file (and its WAL and backups) encrypted at
//! rest with SQLCipher (AES-256 in CBC mode with an HMAC-SHA512 per page; the key is derived from
//! the passphrase with PBKDF2-HMAC-SHA512, 256,000 iterations, and a random salt kept in the
//! file's first 16 bytes).
//!
//! An unlocked journal is a plain SQLite file any SQLite tool opens. A locked one starts with its
//! salt instead of SQLite's header, so without its passphrase nothing can tell it from random
//! bytes; [`file_state`] therefore calls a file "locked" only when it looks like a database of
//! whole pages, and a wrong passphrase is reported as "wrong passphrase, or not a journal".
//!
//! Connections to a locked file get the key before their first read ([`open_connection`]); a
//! wrong key fails on that first read (`SQLITE_NOTADB`) before anything is written.
//!
//! Setting, changing and removing the passphrase ([`super::backup::change_passphrase`]) writes
//! a converted copy with `sqlcipher_export` and swaps it in atomically, so the journal is at every
//! moment either wholly in its old or wholly in its new form.

use std::fmt;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

/// A passphrase that locks a journal. Its `Debug` output never shows it and its memory is
/// overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(Zeroizing<String>);

/// Why a text cannot be a passphrase.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseError {
    /// Nothing was typed.
    #[error("the passphrase is empty")]
    Empty,
    /// The text holds a NUL character, which SQLCipher cannot take.
    #[error("the passphrase contains a NUL character")]
    Nul,
    /// The two typed copies differ.
    #[error("the two passphrases are not the same")]
    Mismatch,
}

impl Passphrase {
    /// A passphrase from typed text, taken exactly as typed (spaces included).
    pub fn new(text: impl Into<String>) -> Result<Passphrase, PassphraseError> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(PassphraseError::Empty);
        }
        if text.contains('\0') {
            return Err(PassphraseError::Nul);
        }
        Ok(Passphrase(text))
    }

    /// A new passphrase typed twice: both copies must be the same.
    pub fn confirmed(first: &str, second: &str) -> Result<Passphrase, PassphraseError> {
        let p = Passphrase::new(first)?;
        if first != second {
            return Err(PassphraseError::Mismatch);
        }
        Ok(p)
    }

    /// The text itself, for handing to SQLCipher.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// What a journal file looks like from outside, read without opening it as a database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    /// There is no file.
    Missing,
    /// The file is empty (a new journal).
    Empty,
    /// A plain SQLite file.
    Plain,
    /// Whole pages without SQLite's header: a journal locked with a passphrase (or random bytes
    /// of that size).
    Locked,
    /// Something else (not a database at all).
    Other,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// SQLCipher's default page size; a locked journal's size is a multiple of it.
const PAGE: u64 = 1024;

/// Looks at the first bytes and the size of the file at `path`.
pub fn file_state(path: &Path) -> std::io::Result<FileState> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(e),
    };
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(FileState::Empty);
    }
    let mut head = [0u8; 16];
    let n = f.read(&mut head)?;
    if n == 16 && &head == SQLITE_HEADER {
        return Ok(FileState::Plain);
    }
    if len >= PAGE && len % PAGE == 0 { Ok(FileState::Locked) } else { Ok(FileState::Other) }
}

/// Opens a connection to `path` and, when `key` is given, hands SQLCipher the key before anything
/// is read. The key is checked only by the first read.
pub(crate) fn open_connection(path: &Path, flags: OpenFlags, key: Option<&Passphrase>) -> rusqlite::Result<Connection> {
    let c = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(k) = key {
        c.pragma_update(None, "key", k.expose())?;
        // SQLCipher logs every failed decryption to stderr (a level it sets when the first key is
        // given, hence after it); a wrong passphrase is reported once, by the caller, in words.
        c.execute_batch("PRAGMA cipher_log_level = NONE")?;
    }
    Ok(c)
}

/// Whether a failed first read means "cannot decrypt" (wrong key, or not a database at all).
pub(crate) fn is_not_a_database(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase)
}

/// Writes the whole database open on `src` (schema, rows and `user_version`) into the new file
/// `dst`, encrypted with `key`, or plain when `key` is `None`. `src` must be a read-write
/// connection (SQLite attaches `dst` with the same flags). `dst` must not exist yet or be empty.
pub(crate) fn export(src: &Connection, dst: &Path, key: Option<&Passphrase>) -> rusqlite::Result<()> {
    let version: i64 = src.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    let dst_name = dst.to_string_lossy();
    let key_text = key.map_or("", Passphrase::expose);
    src.execute("ATTACH DATABASE ?1 AS feltsense_export KEY ?2", rusqlite::params![dst_name, key_text])?;
    let exported = (|| {
        src.query_row("SELECT sqlcipher_export('feltsense_export')", [], |_| Ok(()))?;
        src.pragma_update(Some("feltsense_export"), "user_version", version)
    })();
    let detached = src.execute_batch("DETACH DATABASE feltsense_export");
    exported.and(detached)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrases_are_checked_and_never_printed() {
        assert_eq!(Passphrase::new(""), Err(PassphraseError::Empty));
        assert_eq!(Passphrase::new("a\0b"), Err(PassphraseError::Nul));
        assert_eq!(Passphrase::confirmed("one two", "one tw0"), Err(PassphraseError::Mismatch));
        let p = Passphrase::confirmed(" spaces count ", " spaces count ").expect("valid");
        assert_eq!(p.expose(), " spaces count ");
        assert!(!format!("{p:?}").contains("spaces"));
    }

    #[test]
    fn file_state_tells_plain_locked_and_other_apart() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("x");
        assert_eq!(file_state(&p).expect("state"), FileState::Missing);
        std::fs::write(&p, b"").expect("write");
        assert_eq!(file_state(&p).expect("state"), FileState::Empty);
        std::fs::write(&p, b"hello, not a database").expect("write");
        assert_eq!(file_state(&p).expect("state"), FileState::Other);
        std::fs::write(&p, vec![7u8; 4096]).expect("write");
        assert_eq!(file_state(&p).expect("state"), FileState::Locked);
        let mut plain = SQLITE_HEADER.to_vec();
        plain.resize(4096, 0);
        std::fs::write(&p, plain).expect("write");
        assert_eq!(file_state(&p).expect("state"), FileState::Plain);
    }
}
