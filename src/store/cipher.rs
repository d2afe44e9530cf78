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
//! The key derivation is slow on purpose (about 0.15 s), so it is done once per file: a
//! [`Passphrase`] remembers the key it derived for each salt (with SQLCipher's own parameters) and
//! later connections to that file hand SQLCipher the raw key. A remembered key is used only after
//! a read with it succeeds; otherwise the connection is opened the ordinary way, with the
//! passphrase, so the shortcut can never turn a right passphrase into a wrong one.
//!
//! Setting, changing and removing the passphrase ([`super::backup::change_passphrase`]) writes
//! a converted copy with `sqlcipher_export` and swaps it in atomically, so the journal is at every
//! moment either wholly in its old or wholly in its new form.

use std::fmt;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

/// A passphrase that locks a journal. Its `Debug` output never shows it and its memory (and that
/// of the keys derived from it) is overwritten when it is dropped. Clones share the derived keys.
#[derive(Clone)]
pub struct Passphrase {
    text: Zeroizing<String>,
    keys: Arc<Mutex<Vec<DerivedKey>>>,
}

/// The key SQLCipher derives from a passphrase for one file (identified by its salt).
struct DerivedKey {
    salt: [u8; SALT_LEN],
    key: Zeroizing<[u8; KEY_LEN]>,
}

/// SQLCipher 4's defaults: a 16-byte salt at the start of the file, a 32-byte AES key derived
/// with PBKDF2-HMAC-SHA512 in 256,000 rounds.
pub(crate) const SALT_LEN: usize = 16;
const KEY_LEN: usize = 32;
const KDF_ROUNDS: u32 = 256_000;
/// [`KDF_ROUNDS`] as the `pbkdf2` crate's parameters (checked when this compiles).
const KDF_PARAMS: pbkdf2::Params = match pbkdf2::Params::new(KDF_ROUNDS) {
    Ok(p) => p,
    Err(_) => panic!("SQLCipher's round count is a valid PBKDF2 parameter"),
};

impl PartialEq for Passphrase {
    fn eq(&self, other: &Passphrase) -> bool {
        self.text == other.text
    }
}

impl Eq for Passphrase {}

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

impl crate::model::Describe for PassphraseError {
    fn describe(&self, lang: crate::model::Lang) -> String {
        match (self, lang) {
            (_, crate::model::Lang::En) => self.to_string(),
            (PassphraseError::Empty, _) => "het wachtwoord is leeg".to_owned(),
            (PassphraseError::Nul, _) => "het wachtwoord bevat een NUL-teken".to_owned(),
            (PassphraseError::Mismatch, _) => "de twee wachtwoorden zijn niet gelijk".to_owned(),
        }
    }
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
        Ok(Passphrase { text, keys: Arc::default() })
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
        &self.text
    }

    /// The key already derived for the file with this salt, as SQLCipher's raw key text
    /// (`x'<key><salt>'`).
    fn remembered(&self, salt: &[u8; SALT_LEN]) -> Option<Zeroizing<String>> {
        let keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        keys.iter().find(|k| &k.salt == salt).map(|k| raw_key_text(&k.key, salt))
    }

    /// Remembers a key that opened the file with this salt.
    fn remember(&self, salt: [u8; SALT_LEN], key: Zeroizing<[u8; KEY_LEN]>) {
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        if !keys.iter().any(|k| k.salt == salt) {
            keys.push(DerivedKey { salt, key });
        }
    }

    /// SQLCipher's raw key text for a new file that is to get `salt`: derived now and
    /// remembered, so opening the file afterwards (to check it) derives nothing again.
    pub(crate) fn key_for_new_file(&self, salt: [u8; SALT_LEN]) -> Zeroizing<String> {
        let key = self.derive(&salt);
        let text = raw_key_text(&key, &salt);
        self.remember(salt, key);
        text
    }

    /// How many files' keys this passphrase (and its clones) has derived and kept.
    #[cfg(test)]
    fn remembered_keys(&self) -> usize {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Derives the key for `salt` the way SQLCipher does from this passphrase.
    fn derive(&self, salt: &[u8; SALT_LEN]) -> Zeroizing<[u8; KEY_LEN]> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        // The crate's non-generic entry point: its SHA-512 instance is compiled inside the
        // `pbkdf2` crate, at the optimisation the dev profile gives it (see Cargo.toml), so a
        // debug build derives a key about as fast as a release build.
        pbkdf2::pbkdf2_hmac_with_params(
            self.text.as_bytes(),
            salt,
            pbkdf2::Algorithm::Pbkdf2Sha512,
            KDF_PARAMS,
            &mut key[..],
        );
        key
    }
}

/// SQLCipher's raw key syntax: the key and the salt in hex, which skips its key derivation.
fn raw_key_text(key: &[u8; KEY_LEN], salt: &[u8; SALT_LEN]) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(3 + 2 * (KEY_LEN + SALT_LEN)));
    text.push_str("x'");
    for b in key.iter().chain(salt) {
        // Writing to a String cannot fail.
        let _ = write!(text, "{b:02x}");
    }
    text.push('\'');
    text
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
///
/// For a locked file whose key this passphrase has derived before, or can derive now, the
/// connection gets the raw key after a read proves it right; the file's key is then derived at
/// most once per passphrase. Anything else falls back to the passphrase itself.
pub(crate) fn open_connection(path: &Path, flags: OpenFlags, key: Option<&Passphrase>) -> rusqlite::Result<Connection> {
    if let Some(k) = key
        && let Some(c) = open_with_raw_key(path, flags, k)
    {
        return Ok(c);
    }
    let c = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(k) = key {
        c.pragma_update(None, "key", k.expose())?;
        quiet(&c)?;
    }
    Ok(c)
}

/// SQLCipher logs every failed decryption to stderr (a level it sets when the first key is given,
/// hence after it); a wrong passphrase is reported once, by the caller, in words.
fn quiet(c: &Connection) -> rusqlite::Result<()> {
    c.execute_batch("PRAGMA cipher_log_level = NONE")
}

/// A connection keyed with the raw key for the locked file at `path`, once a read has shown the
/// key is right; `None` when the file is not (yet) locked or the key does not open it, after
/// which the caller opens it with the passphrase.
fn open_with_raw_key(path: &Path, flags: OpenFlags, k: &Passphrase) -> Option<Connection> {
    let salt = locked_salt(path)?;
    let (text, fresh) = match k.remembered(&salt) {
        Some(text) => (text, None),
        None => {
            let key = k.derive(&salt);
            (raw_key_text(&key, &salt), Some(key))
        }
    };
    let c = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    c.pragma_update(None, "key", text.as_str()).ok()?;
    quiet(&c).ok()?;
    match c.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())) {
        Ok(()) => {
            if let Some(key) = fresh {
                k.remember(salt, key);
            }
            Some(c)
        }
        // A freshly derived key that does not fit a file whose salt is unchanged: the passphrase
        // is wrong, and the caller's first read says so without a second derivation.
        Err(e) if fresh.is_some() && is_not_a_database(&e) && locked_salt(path) == Some(salt) => Some(c),
        Err(_) => None,
    }
}

/// The salt at the start of a locked file, or `None` for any other file.
fn locked_salt(path: &Path) -> Option<[u8; SALT_LEN]> {
    if file_state(path).ok()? != FileState::Locked {
        return None;
    }
    let mut salt = [0u8; SALT_LEN];
    std::fs::File::open(path).ok()?.read_exact(&mut salt).ok()?;
    Some(salt)
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

    /// A new file locked with `pass` the ordinary way (SQLCipher derives the key), holding one row.
    fn locked_file(path: &Path, pass: &str) {
        let c = Connection::open(path).expect("open");
        c.pragma_update(None, "key", pass).expect("key");
        c.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept');").expect("write");
    }

    fn read(c: &Connection) -> rusqlite::Result<String> {
        c.query_row("SELECT x FROM t", [], |r| r.get(0))
    }

    #[test]
    fn the_derived_key_is_sqlciphers_and_is_derived_once_per_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("locked.sqlite");
        locked_file(&path, "correct horse");
        let salt = locked_salt(&path).expect("a locked file has a salt");

        // Our derivation opens the file as a raw key, so it is the one SQLCipher made.
        let p = Passphrase::new("correct horse").expect("valid");
        let raw = Connection::open(&path).expect("open");
        raw.pragma_update(None, "key", raw_key_text(&p.derive(&salt), &salt).as_str()).expect("key");
        assert_eq!(read(&raw).expect("the raw key opens the file"), "kept");

        assert_eq!(p.remembered_keys(), 0);
        let first = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&p)).expect("open");
        assert_eq!(read(&first).expect("read"), "kept");
        assert_eq!(p.remembered_keys(), 1, "the key is kept after it opened the file");
        let clone = p.clone();
        let second = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_WRITE, Some(&clone)).expect("open");
        assert_eq!(read(&second).expect("read"), "kept");
        assert_eq!(p.remembered_keys(), 1, "clones share the key and do not derive it again");

        // Another file under the same passphrase has its own salt, hence its own key.
        let other = dir.path().join("other.sqlite");
        locked_file(&other, "correct horse");
        let c = open_connection(&other, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&p)).expect("open");
        assert_eq!(read(&c).expect("read"), "kept");
        assert_eq!(p.remembered_keys(), 2);
    }

    #[test]
    fn a_wrong_passphrase_still_fails_on_the_first_read_and_is_not_remembered() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("locked.sqlite");
        locked_file(&path, "correct horse");
        let before = std::fs::read(&path).expect("bytes");
        let wrong = Passphrase::new("battery staple").expect("valid");
        let c = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_WRITE, Some(&wrong)).expect("open");
        let err = read(&c).expect_err("a wrong passphrase cannot read");
        assert!(is_not_a_database(&err), "{err}");
        assert_eq!(wrong.remembered_keys(), 0);
        drop(c);
        assert_eq!(std::fs::read(&path).expect("bytes"), before, "nothing was written");
    }

    #[test]
    fn a_remembered_key_that_does_not_fit_falls_back_to_the_passphrase() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("locked.sqlite");
        locked_file(&path, "correct horse");
        let salt = locked_salt(&path).expect("salt");
        let p = Passphrase::new("correct horse").expect("valid");
        p.remember(salt, Zeroizing::new([7u8; KEY_LEN]));
        let c = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&p)).expect("open");
        assert_eq!(read(&c).expect("the passphrase opens it"), "kept");
    }

    #[test]
    fn plain_and_new_files_are_opened_with_the_passphrase_itself() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("new.sqlite");
        let p = Passphrase::new("correct horse").expect("valid");
        let c = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE, Some(&p))
            .expect("open");
        c.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept');").expect("write");
        drop(c);
        assert_eq!(p.remembered_keys(), 0, "a new file's salt is SQLCipher's to choose");
        assert_eq!(file_state(&path).expect("state"), FileState::Locked);
        let again = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&p)).expect("open");
        assert_eq!(read(&again).expect("read"), "kept");
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
