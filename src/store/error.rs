use std::path::PathBuf;

use crate::model::experiment::ExperimentError;
use crate::model::{Describe, InvalidEntry, Lang, Message};

/// Everything that can go wrong with the journal file. Each variant says what happened in words a
/// person can act on. The command line shows the English `Display` text; the window shows
/// [`Describe::describe`] in the interface language. Details that come from SQLite are kept as a
/// [`Message`], so they are worded in the same language as the sentence around them (see the
/// [`Describe`] of [`rusqlite::Error`] below).
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
        detail: Message,
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
        /// What SQLite found.
        detail: Message,
    },
    /// The file or its folder cannot be opened, created or read.
    #[error("cannot open the journal {path}: {detail}")]
    CannotOpen {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: Message,
    },
    /// The disk (or the database's size limit) is full; nothing was saved.
    #[error("the disk is full, so nothing was saved. Free some space and save again")]
    Full,
    /// The journal cannot be written to.
    #[error("the journal is read-only, so nothing was saved ({0})")]
    ReadOnly(Message),
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
    BadRow(Message),
    /// A personal experiment's rule refuses the change (nothing was written).
    #[error("{0}")]
    Experiment(#[from] ExperimentError),
    /// A rule of activities, topics or appointments refuses the change (nothing was written).
    #[error("{0}")]
    Prep(#[from] crate::model::prep::PrepError),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => StoreError::Full,
            Some(C::ReadOnly) => StoreError::ReadOnly(Message::new(e)),
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DatabaseCorrupt) => StoreError::Corrupt { path: PathBuf::new(), detail: Message::new(e) },
            Some(C::NotADatabase) => StoreError::NotAJournal { path: PathBuf::new(), detail: Message::new(e) },
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
                format!("{} is geen Feltsense-dagboek ({}). Het is niet aangeraakt", path.display(), detail.text(lang))
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
                "het dagboek {} is beschadigd ({}). Het is niet aangeraakt; zet een back-up terug of open een ander \
                 bestand",
                path.display(),
                detail.text(lang)
            ),
            StoreError::CannotOpen { path, detail } => {
                format!("kan het dagboek {} niet openen: {}", path.display(), detail.text(lang))
            }
            StoreError::Full => {
                "de schijf is vol, dus er is niets bewaard. Maak ruimte vrij en bewaar opnieuw".to_owned()
            }
            StoreError::ReadOnly(detail) => {
                format!("het dagboek is alleen-lezen, dus er is niets bewaard ({})", detail.text(lang))
            }
            StoreError::Busy => {
                "het dagboek is bezet in een ander programma; er is niets bewaard. Probeer het zo opnieuw".to_owned()
            }
            StoreError::Invalid(e) => format!("de meting kan niet worden bewaard: {}", e.describe(lang)),
            StoreError::NotFound => "die meting bestaat niet meer".to_owned(),
            StoreError::BadRow(detail) => {
                format!("het dagboek bevat een waarde die Feltsense niet kan lezen: {}", detail.text(lang))
            }
            StoreError::Experiment(e) => e.describe(lang),
            StoreError::Prep(e) => e.describe(lang),
            StoreError::Sqlite(e) => format!("databasefout: {}", e.describe(lang)),
        }
    }
}

/// What SQLite reported, in `lang`: the one place SQLite's (English) words are put into Dutch,
/// by error code, for every message that carries them. English keeps SQLite's own text. A code
/// without a Dutch text keeps SQLite's words in parentheses, as a technical detail.
impl Describe for rusqlite::Error {
    fn describe(&self, lang: Lang) -> String {
        use rusqlite::ErrorCode as C;
        if lang == Lang::En {
            return self.to_string();
        }
        let text = match self {
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                C::DiskFull => "de database of de schijf is vol",
                C::ReadOnly => "de database mag alleen gelezen worden",
                C::DatabaseCorrupt => "het databasebestand is beschadigd",
                C::NotADatabase => "het bestand is geen database (of het is met een ander wachtwoord versleuteld)",
                C::DatabaseBusy => "de database is bezet door een ander programma",
                C::DatabaseLocked => "een tabel van de database is vergrendeld",
                C::CannotOpen => "het databasebestand kan niet worden geopend",
                C::PermissionDenied => "geen toegang tot het databasebestand",
                C::ConstraintViolation => "een waarde voldoet niet aan een regel van de database",
                C::SystemIoFailure => "lees- of schrijffout op de schijf",
                C::OutOfMemory => "te weinig geheugen",
                C::TooBig => "een tekst of waarde is te groot",
                C::FileLockingProtocolFailed => "het bestand kon niet worden vergrendeld",
                C::SchemaChanged => "de opbouw van de database veranderde onderweg",
                C::OperationInterrupted => "de bewerking is onderbroken",
                C::OperationAborted => "de bewerking is afgebroken",
                C::TypeMismatch => "een waarde heeft het verkeerde type",
                C::NoLargeFileSupport => "het bestand is te groot voor dit systeem",
                C::AuthorizationForStatementDenied => "deze opdracht is niet toegestaan",
                _ => return format!("interne databasefout (SQLite: {self})"),
            },
            rusqlite::Error::QueryReturnedNoRows => "er is geen rij gevonden",
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..) => "een waarde in de database heeft een onverwacht type of bereik",
            rusqlite::Error::Utf8Error(..) => "de database bevat tekst die geen geldige UTF-8 is",
            _ => return format!("interne databasefout ({self})"),
        };
        text.to_owned()
    }
}

/// A value in row `id` of the journal that cannot be read: "entry 5: level `12`" / "meting 5:
/// niveau `12`" (`field` in English and Dutch).
pub(crate) fn bad_value(id: i64, field: (&'static str, &'static str), value: &str) -> Message {
    let value = value.to_owned();
    Message::from_fn(move |lang| match lang {
        Lang::En => format!("entry {id}: {} `{value}`", field.0),
        Lang::Nl => format!("meting {id}: {} `{value}`", field.1),
    })
}

/// What `PRAGMA integrity_check` (or `quick_check`) found, as a detail: its rows joined in
/// English (SQLite's words), the number of problems in Dutch.
pub(crate) fn integrity_problems(rows: Vec<String>) -> Message {
    Message::from_fn(move |lang| match lang {
        Lang::En => rows.join("; "),
        Lang::Nl if rows.len() == 1 => "de controle van SQLite vond een fout in de opbouw van het bestand".to_owned(),
        Lang::Nl => format!("de controle van SQLite vond {} fouten in de opbouw van het bestand", rows.len()),
    })
}

/// Shorthand for store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
