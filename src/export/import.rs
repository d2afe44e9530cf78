//! Reading a file to import: what it holds and what would be imported, without writing anything.
//! The window's import form shows this preview (its effects thread reads the file); importing is
//! then one all-or-nothing transaction in the store.

use std::path::{Path, PathBuf};

use super::files::{ImportError, ImportPreview, OffsetSource};
use super::generic_csv::{ColumnMapping, CsvSheet};
use super::source::Progress;
use crate::model::{Describe, Lang};
use crate::store::{ImportOutcome, Store, StoreError};

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
    /// What would be imported (absent while a generic CSV has no mapping yet). For a Feltsense
    /// JSON file its entries are not kept (only [`Found::json_entries`] counts them): the import
    /// reads the file again, entry by entry ([`import_json`]).
    pub preview: Option<ImportPreview>,
    /// How many entries a Feltsense JSON file holds (checked whole, not kept).
    pub json_entries: Option<usize>,
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
    /// The journal could not be written (nothing was imported).
    Journal(StoreError),
    /// The person cancelled the import (nothing was imported).
    Cancelled,
}

impl From<StoreError> for ReadError {
    fn from(e: StoreError) -> ReadError {
        ReadError::Journal(e)
    }
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
            ReadError::Journal(e) => e.describe(lang),
            ReadError::Cancelled => lang.pick("the import was cancelled", "het importeren is afgebroken").to_owned(),
        }
    }
}

/// Reads and parses the file at `path` as `format` (a generic CSV with `mapping`, once there is
/// one); writes nothing. Blocks: the window's effects thread calls it (debug builds fail when the
/// window's frame code does).
pub fn read(path: &Path, format: ImportFormat, mapping: Option<&ColumnMapping>) -> Result<Found, ReadError> {
    crate::guard::check_blocking("read_preview");
    let bytes = || std::fs::read(path).map_err(|source| ReadError::Io { path: path.to_path_buf(), source });
    match format {
        ImportFormat::Json => {
            // Read entry by entry and counted, never held: a journal of any size previews in
            // little memory.
            let rest = count_json(path)?;
            let preview = ImportPreview { experiments: rest.experiments, prep: rest.prep, ..ImportPreview::default() };
            Ok(Found { sheet: None, preview: Some(preview), json_entries: Some(rest.entries) })
        }
        ImportFormat::Daylio => {
            let p = super::daylio::preview(&bytes()?, OffsetSource::Local).map_err(ReadError::Import)?;
            Ok(Found { sheet: None, preview: Some(p), json_entries: None })
        }
        ImportFormat::OtherCsv => {
            let bytes = bytes()?;
            let sheet = super::generic_csv::sniff(&bytes).map_err(ReadError::Import)?;
            let preview = match mapping {
                Some(m) => {
                    Some(super::generic_csv::preview(&bytes, m, OffsetSource::Local).map_err(ReadError::Import)?)
                }
                None => None,
            };
            Ok(Found { sheet: Some(sheet), preview, json_entries: None })
        }
    }
}

/// Why the reading of a file stopped while its entries went into the journal.
enum Stop {
    Journal(StoreError),
    Cancelled,
}

/// Imports the Feltsense JSON file at `path` into `store` as it is read, entry by entry, in one
/// all-or-nothing transaction ([`Store::import_journal_streamed`]): only one entry of the file
/// is in memory at a time (and the ids seen), so a journal of any size imports in little memory.
/// A file refused anywhere, even after its last entry, a failed write or a stop changes nothing.
///
/// `progress` is told how many entries are in the journal's transaction of `total` (the count
/// the preview found; 0 when unknown) every [`super::source::Counter::EVERY`] entries and at the
/// end, and may stop the import.
pub fn import_json(
    store: &mut Store,
    path: &Path,
    total: usize,
    progress: &mut dyn Progress,
) -> Result<ImportOutcome, ReadError> {
    crate::guard::check_blocking("import_json");
    let io = |source| ReadError::Io { path: path.to_path_buf(), source };
    if !progress.step(0, total) {
        return Err(ReadError::Cancelled);
    }
    let file = std::fs::File::open(path).map_err(io)?;
    store.import_journal_streamed(|write| {
        let mut done = 0usize;
        let rest = super::json::read(file, |e| {
            write(e).map_err(Stop::Journal)?;
            done += 1;
            if done.is_multiple_of(super::source::Counter::EVERY) && !progress.step(done, total.max(done)) {
                return Err(Stop::Cancelled);
            }
            Ok(())
        })
        .map_err(|e| match e {
            super::json::ReadError::Refused(e) => ReadError::Json(e),
            super::json::ReadError::Io(source) => io(source),
            super::json::ReadError::Stopped(Stop::Journal(e)) => ReadError::Journal(e),
            super::json::ReadError::Stopped(Stop::Cancelled) => ReadError::Cancelled,
        })?;
        // Asked once more at the end, so a stop then still leaves nothing behind.
        if !progress.step(done, total.max(done)) {
            return Err(ReadError::Cancelled);
        }
        Ok((rest.experiments, rest.prep))
    })
}

/// Imports entries already read from a file (a Daylio or other CSV's preview) with the file's
/// `experiments` and `prep` into `store` in one all-or-nothing transaction, as [`import_json`]
/// imports a Feltsense file ([`Store::import_journal_streamed`]). `progress` is told how many of
/// the entries are in the journal's transaction every [`super::source::Counter::EVERY`] entries
/// and at the end, and may stop the import: a stop, like a failed write, changes nothing.
pub fn import_entries(
    store: &mut Store,
    entries: Vec<crate::model::Entry>,
    experiments: Vec<crate::model::experiment::Experiment>,
    prep: crate::model::prep::Prep,
    progress: &mut dyn Progress,
) -> Result<ImportOutcome, ReadError> {
    crate::guard::check_blocking("import_entries");
    let total = entries.len();
    if !progress.step(0, total) {
        return Err(ReadError::Cancelled);
    }
    store.import_journal_streamed(|write| {
        for (i, e) in entries.into_iter().enumerate() {
            write(e)?;
            let done = i + 1;
            if done.is_multiple_of(super::source::Counter::EVERY) && !progress.step(done, total) {
                return Err(ReadError::Cancelled);
            }
        }
        // Asked once more at the end, so a stop then still leaves nothing behind.
        if !progress.step(total, total) {
            return Err(ReadError::Cancelled);
        }
        Ok((experiments, prep))
    })
}

/// Reads the Feltsense JSON file at `path` without keeping its entries: how many it holds, and
/// everything else in it (checked as an import checks it). Blocks.
pub fn count_json(path: &Path) -> Result<super::json::Rest, ReadError> {
    crate::guard::check_blocking("count_json");
    let io = |source| ReadError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    super::json::read(file, |_| Ok::<(), std::convert::Infallible>(())).map_err(|e| match e {
        super::json::ReadError::Refused(e) => ReadError::Json(e),
        super::json::ReadError::Io(source) => io(source),
        super::json::ReadError::Stopped(never) => match never {},
    })
}
