//! Files in and out: the JSON interchange format, CSV tables, the PDF report, the FHIR R4 bundle,
//! and importers.

pub mod csv;
pub mod daylio;
pub mod fhir;
pub mod files;
pub mod generic_csv;
pub mod import;
pub mod json;
pub mod json_items;
pub mod json_prep;
pub mod pdf;
pub mod plan;
pub mod report;
pub mod source;
