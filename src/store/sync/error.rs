//! What can go wrong with copies in a folder, worded in English and Dutch. Every message says
//! what happened to the journal and to the folder.

use std::path::PathBuf;

use crate::model::{Describe, Lang, Message};
use crate::store::StoreError;

/// Everything that can go wrong writing, merging or restoring a copy.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No folder was chosen for copies.
    #[error("no folder is chosen for copies yet; choose one first")]
    NoFolder,
    /// The chosen folder is not there (a stick that is not plugged in, a share not mounted).
    #[error("the folder {folder} is not there (is the stick or the network share connected?); nothing was written")]
    FolderMissing {
        /// The folder.
        folder: PathBuf,
    },
    /// The chosen path is not a folder.
    #[error("{path} is not a folder; choose a folder for the copies")]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// The journal has no passphrase and none was chosen for its copies.
    #[error(
        "this journal has no passphrase, so choose one for its copies first (nothing readable leaves this computer)"
    )]
    NoPassphrase,
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The journal could not be read or written.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The copy just written failed its check; it was removed and the previous copies stay.
    #[error("the new copy failed its check ({detail}) and was removed; the previous copies are as they were")]
    Verify {
        /// What the check found.
        detail: Message,
    },
    /// A copy does not open with the passphrase(s) at hand.
    #[error(
        "{file} does not open with this passphrase; the copies are locked with the passphrase of the computer \
         that wrote them, so use the same one on every computer that shares the folder. Nothing was changed"
    )]
    WrongPassphrase {
        /// The copy.
        file: PathBuf,
    },
    /// A copy written by a newer Feltsense.
    #[error(
        "{file} was written by a newer version of Feltsense (journal format {found}, this version reads up to \
         {supported}); update Feltsense on this computer to use it. Nothing was changed"
    )]
    NewerFormat {
        /// The copy.
        file: PathBuf,
        /// Its format.
        found: i64,
        /// The newest this code reads.
        supported: i64,
    },
    /// A copy that is incomplete (still arriving, cut off) or damaged.
    #[error("{file} is incomplete or damaged ({detail}); it was left as it is. Nothing was changed")]
    Damaged {
        /// The copy.
        file: PathBuf,
        /// What was found.
        detail: Message,
    },
    /// A file that is not a copy of a Feltsense journal.
    #[error("{file} is not a copy of a Feltsense journal. Nothing was changed")]
    NotACopy {
        /// The file.
        file: PathBuf,
    },
    /// Replacing the journal with a copy failed; the journal is as it was.
    #[error("{0}")]
    Restore(#[from] crate::store::backup::BackupError),
    /// The settings file of the copies could not be read.
    #[error("{path} could not be read ({detail}); fix or remove it to choose the folder again")]
    BadSettings {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: Message,
    },
}

impl Describe for SyncError {
    fn describe(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            SyncError::NoFolder => "er is nog geen map gekozen voor kopieën; kies er eerst een".to_owned(),
            SyncError::FolderMissing { folder } => format!(
                "de map {} is er niet (is de stick of de netwerkschijf aangesloten?); er is niets geschreven",
                folder.display()
            ),
            SyncError::NotAFolder { path } => format!("{} is geen map; kies een map voor de kopieën", path.display()),
            SyncError::NoPassphrase => "dit dagboek heeft geen wachtwoord, dus kies eerst een wachtwoord voor de \
                                        kopieën (er verlaat niets leesbaars deze computer)"
                .to_owned(),
            SyncError::Io { path, source } => {
                format!("{}: {}", path.display(), crate::model::text::io_error(source, lang))
            }
            SyncError::Store(e) => e.describe(lang),
            SyncError::Verify { detail } => format!(
                "de nieuwe kopie kwam niet door de controle ({}) en is verwijderd; de vorige kopieën zijn gebleven \
                 zoals ze waren",
                detail.text(lang)
            ),
            SyncError::WrongPassphrase { file } => format!(
                "{} gaat niet open met dit wachtwoord; de kopieën zijn vergrendeld met het wachtwoord van de \
                 computer die ze schreef, dus gebruik op elke computer die de map deelt hetzelfde. Er is niets \
                 veranderd",
                file.display()
            ),
            SyncError::NewerFormat { file, found, supported } => format!(
                "{} is geschreven door een nieuwere versie van Feltsense (dagboekformaat {found}, deze versie \
                 leest tot en met {supported}); werk Feltsense op deze computer bij om hem te gebruiken. Er is \
                 niets veranderd",
                file.display()
            ),
            SyncError::Damaged { file, detail } => format!(
                "{} is onvolledig of beschadigd ({}); hij is gelaten zoals hij is. Er is niets veranderd",
                file.display(),
                detail.text(lang)
            ),
            SyncError::NotACopy { file } => {
                format!("{} is geen kopie van een Feltsense-dagboek. Er is niets veranderd", file.display())
            }
            SyncError::Restore(e) => e.describe(lang),
            SyncError::BadSettings { path, detail } => format!(
                "{} kon niet worden gelezen ({}); herstel of verwijder het om de map opnieuw te kiezen",
                path.display(),
                detail.text(lang)
            ),
        }
    }
}

/// Shorthand for sync results.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;

pub(crate) fn io_err(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> SyncError + '_ {
    move |source| SyncError::Io { path: path.to_path_buf(), source }
}
