//! The web space's downloads, made by the export commands' own code: attendance sheets (CSV,
//! PDF), completion certificates (a zip of PDFs), the deliverables archive (a zip with its
//! manifest).

use std::io::Write;

use anyhow::{Context, Result};
use bot::domain::Cohort;
use bot::engine::Engine;
use compagnon_web::{Download, Making, Record, Records};

/// The binary's exports, for the web space.
#[derive(Debug, Clone, Copy)]
pub struct CliRecords;

impl Records for CliRecords {
    fn make<'a>(&'a self, engine: &'a Engine, cohort: &'a Cohort, record: Record) -> Making<'a> {
        Box::pin(make(engine, cohort, record))
    }
}

async fn make(engine: &Engine, cohort: &Cohort, record: Record) -> Result<Download> {
    let store = engine.store();
    let name = bot::files::sanitize_file_name(&cohort.name);
    Ok(match record {
        Record::AttendanceCsv | Record::AttendancePdf => {
            let pdf = record == Record::AttendancePdf;
            let (bytes, _) =
                crate::attendance_cmd::attendance_file(store, cohort, None, pdf).await?;
            Download {
                file_name: format!("presences-{name}.{}", if pdf { "pdf" } else { "csv" }),
                content_type: if pdf {
                    "application/pdf"
                } else {
                    "text/csv; charset=utf-8"
                },
                bytes,
            }
        }
        Record::Certificates => {
            let files =
                crate::attendance_cmd::certificate_files(store, cohort, None, engine.now()).await?;
            Download {
                file_name: format!("certificats-{name}.zip"),
                content_type: "application/zip",
                bytes: zip_of(&files)?,
            }
        }
        Record::Deliverables => Download {
            file_name: format!("livrables-{name}.zip"),
            content_type: "application/zip",
            bytes: deliverables(engine, cohort).await?,
        },
    })
}

/// The archive is written to a private temporary file by the export's code, then read back.
async fn deliverables(engine: &Engine, cohort: &Cohort) -> Result<Vec<u8>> {
    let settings = engine.settings();
    let tmp_dir = settings.data_dir.join("tmp");
    bot::files::private::create_dir_all(&tmp_dir)
        .with_context(|| format!("creating {}", tmp_dir.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix("livrables-")
        .suffix(".zip")
        .tempfile_in(&tmp_dir)
        .context("a temporary file for the archive")?;
    crate::export_cmd::deliverables_archive(
        engine.store(),
        &settings.file_store(),
        cohort,
        None,
        false,
        tmp.path(),
    )
    .await?;
    std::fs::read(tmp.path()).context("reading the archive back")
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
