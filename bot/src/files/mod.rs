//! Deliverable files: where they are kept, what they really are, and what is accepted.
//!
//! This layer has no database and no notion of cohort: the engine decides who hands in what and
//! records hashes; here files are checked ([`limits`], [`sniff`], [`name`]), stored durably by
//! content ([`store`]) and bundled for facilitators ([`export`]).

pub mod csv;
pub mod export;
pub mod limits;
pub mod name;
pub mod private;
pub mod programme;
pub mod sniff;
pub mod store;

pub use export::{
    ArchivePaths, ExportEntry, ExportSource, ExportSummary, ManifestRow, export_zip, manifest_csv,
};
pub use limits::{FileLimits, LimitViolation};
pub use name::sanitize_file_name;
pub use programme::read_programme;
pub use sniff::{FileKind, extension_matches, sniff};
pub use store::{FileStore, StoredFile};
