//! Reading a file to import: what it holds and what would be imported, without writing anything.
//! The window's import form shows this preview (its effects thread reads the file); importing is
//! then one all-or-nothing transaction in the store.

use std::path::{Path, PathBuf};

use super::files::{ImportError, ImportPreview, OffsetSource};
use super::generic_csv::{ColumnMapping, CsvSheet};
use crate::model::{Describe, Lang};

/// The kind of file to import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// A file exported by Feltsense.
    #[default]
    Json,
    /// Daylio's CSV export (old and new layout).
    Daylio,
    /// Any other CSV, with a column mapping.
    OtherCsv,
}

impl ImportFormat {
    /// Every format, in the order the window shows them.
    pub const ALL: [ImportFormat; 3] = [ImportFormat::Json, ImportFormat::Daylio, ImportFormat::OtherCsv];
}

/// What a file holds: the first look at a generic CSV, and what would be imported.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// The header and first rows (other CSV only).
    pub sheet: Option<CsvSheet>,
    /// What would be imported (absent while a generic CSV has no mapping yet).
    pub preview: Option<ImportPreview>,
}

/// Why a file could not be previewed (nothing was imported).
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a Feltsense JSON file that can be imported, and why.
    Json(super::json::ImportError),
    /// It is not a CSV file that can be imported, and why.
    Import(ImportError),
}

impl Describe for ReadError {
    fn describe(&self, lang: Lang) -> String {
        match self {
            ReadError::Io { path, source } => {
                let why = crate::model::text::io_error(source, lang);
                format!("{} {}: {why}", lang.pick("Cannot read", "Kan niet lezen:"), path.display())
            }
            ReadError::Json(e) => e.describe(lang),
            ReadError::Import(e) => e.describe(lang),
        }
    }
}

/// Reads and parses the file at `path` as `format` (a generic CSV with `mapping`, once there is
/// one); writes nothing. Blocks: the window's effects thread calls it (debug builds fail when the
/// window's frame code does).
pub fn read(path: &Path, format: ImportFormat, mapping: Option<&ColumnMapping>) -> Result<Found, ReadError> {
    crate::guard::check_blocking("read_preview");
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io { path: path.to_path_buf(), source })?;
    match format {
        ImportFormat::Json => {
            let journal = super::json::parse_journal(&bytes).map_err(ReadError::Json)?;
            let preview = ImportPreview {
                entries: journal.entries,
                experiments: journal.experiments,
                prep: journal.prep,
                ..ImportPreview::default()
            };
            Ok(Found { sheet: None, preview: Some(preview) })
        }
        ImportFormat::Daylio => {
            let p = super::daylio::preview(&bytes, OffsetSource::Local).map_err(ReadError::Import)?;
            Ok(Found { sheet: None, preview: Some(p) })
        }
        ImportFormat::OtherCsv => {
            let sheet = super::generic_csv::sniff(&bytes).map_err(ReadError::Import)?;
            let preview = match mapping {
                Some(m) => {
                    Some(super::generic_csv::preview(&bytes, m, OffsetSource::Local).map_err(ReadError::Import)?)
                }
                None => None,
            };
            Ok(Found { sheet: Some(sheet), preview })
        }
    }
}
