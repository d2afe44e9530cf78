use std::path::PathBuf;

use crate::model::{Describe, InvalidEntry, Lang};

/// Everything that can go wrong with the journal file. Each variant says what happened in words a
/// person can act on. The command line shows the English `Display` text; the window shows
/// [`Describe::describe`] in the interface language.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file's schema is newer than this program understands. It was not modified.
    #[error(
        "{path} was written by a newer version of Feltsense (journal format {found}, this version reads up to {supported}). \
         It was left untouched; please update Feltsense to open it"
    )]
    NewerSchema {
        /// The journal file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest version this code knows.
        supported: i64,
    },
    /// The file exists but is not an SQLite database, or is an SQLite database of another program.
    #[error("{path} is not a Feltsense journal ({detail}). It was left untouched")]
    NotAJournal {
        /// The file.
        path: PathBuf,
        /// Why it was not recognised.
        detail: String,
    },
    /// The file is locked with a passphrase (or is not a journal at all), and none was given.
    #[error("{path} is locked with a passphrase (or it is not a Feltsense journal). Enter its passphrase to open it")]
    Locked {
        /// The file.
        path: PathBuf,
    },
    /// The passphrase given does not decrypt the file. Nothing was written.
    #[error("that passphrase does not unlock {path} (or the file is not a Feltsense journal). It was left untouched")]
    WrongPassphrase {
        /// The file.
        path: PathBuf,
    },
    /// SQLite reports the file as damaged.
    #[error("the journal {path} is damaged ({detail}). It was left untouched; restore a backup or open another file")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// SQLite's own words.
        detail: String,
    },
    /// The file or its folder cannot be opened, created or read.
    #[error("cannot open the journal {path}: {detail}")]
    CannotOpen {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// The disk (or the database's size limit) is full; nothing was saved.
    #[error("the disk is full, so nothing was saved. Free some space and save again")]
    Full,
    /// The journal cannot be written to.
    #[error("the journal is read-only, so nothing was saved ({0})")]
    ReadOnly(String),
    /// Another program held a lock for longer than the busy timeout.
    #[error("the journal is busy in another program; nothing was saved. Try again in a moment")]
    Busy,
    /// An entry breaks the model's limits.
    #[error("the entry cannot be saved: {0}")]
    Invalid(#[from] InvalidEntry),
    /// The entry asked for does not exist (any more).
    #[error("that entry no longer exists")]
    NotFound,
    /// A row in the file holds a value this code cannot read (written by hand or by another tool).
    #[error("the journal holds a value Feltsense cannot read: {0}")]
    BadRow(String),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => StoreError::Full,
            Some(C::ReadOnly) => StoreError::ReadOnly(e.to_string()),
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DatabaseCorrupt) => StoreError::Corrupt { path: PathBuf::new(), detail: e.to_string() },
            Some(C::NotADatabase) => StoreError::NotAJournal { path: PathBuf::new(), detail: e.to_string() },
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// Fills in the file path on variants that carry one but were created without it.
    pub(crate) fn at_path(self, p: &std::path::Path) -> Self {
        match self {
            StoreError::Corrupt { path, detail } if path.as_os_str().is_empty() => {
                StoreError::Corrupt { path: p.to_path_buf(), detail }
            }
            StoreError::NotAJournal { path, detail } if path.as_os_str().is_empty() => {
                StoreError::NotAJournal { path: p.to_path_buf(), detail }
            }
            other => other,
        }
    }
}

impl Describe for StoreError {
    fn describe(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            StoreError::NewerSchema { path, found, supported } => format!(
                "{} is geschreven door een nieuwere versie van Feltsense (dagboekformaat {found}, deze versie leest \
                 tot en met {supported}). Het is niet aangeraakt; werk Feltsense bij om het te openen",
                path.display()
            ),
            StoreError::NotAJournal { path, detail } => {
                format!("{} is geen Feltsense-dagboek ({detail}). Het is niet aangeraakt", path.display())
            }
            StoreError::Locked { path } => format!(
                "{} is vergrendeld met een wachtwoord (of het is geen Feltsense-dagboek). Typ het wachtwoord om het te \
                 openen",
                path.display()
            ),
            StoreError::WrongPassphrase { path } => format!(
                "dat wachtwoord opent {} niet (of het bestand is geen Feltsense-dagboek). Het is niet aangeraakt",
                path.display()
            ),
            StoreError::Corrupt { path, detail } => format!(
                "het dagboek {} is beschadigd ({detail}). Het is niet aangeraakt; zet een back-up terug of open een \
                 ander bestand",
                path.display()
            ),
            StoreError::CannotOpen { path, detail } => {
                format!("kan het dagboek {} niet openen: {detail}", path.display())
            }
            StoreError::Full => {
                "de schijf is vol, dus er is niets bewaard. Maak ruimte vrij en bewaar opnieuw".to_owned()
            }
            StoreError::ReadOnly(detail) => {
                format!("het dagboek is alleen-lezen, dus er is niets bewaard ({detail})")
            }
            StoreError::Busy => {
                "het dagboek is bezet in een ander programma; er is niets bewaard. Probeer het zo opnieuw".to_owned()
            }
            StoreError::Invalid(e) => format!("de notitie kan niet worden bewaard: {}", e.describe(lang)),
            StoreError::NotFound => "die notitie bestaat niet meer".to_owned(),
            StoreError::BadRow(detail) => {
                format!("het dagboek bevat een waarde die Feltsense niet kan lezen: {detail}")
            }
            StoreError::Sqlite(e) => format!("databasefout: {e}"),
        }
    }
}

/// Shorthand for store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
