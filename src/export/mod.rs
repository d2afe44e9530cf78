//! Files in and out: the JSON interchange format, CSV tables, the PDF report, and importers.

pub mod csv;
pub mod daylio;
pub mod files;
pub mod generic_csv;
pub mod json;
pub mod pdf;
pub mod report;
