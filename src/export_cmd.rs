//! `compagnon export`: a cohort's deliverables as a zip archive for facilitators.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::files::{
    ArchivePaths, ExportEntry, ExportSource, FileStore, ManifestRow, export_zip, manifest_csv,
};
use bot::store::{self, Store};

/// What to export.
#[derive(Debug)]
pub struct ExportRequest {
    pub db: PathBuf,
    pub data_dir: PathBuf,
    pub cohort: String,
    pub atelier: Option<u32>,
    pub all_versions: bool,
    pub out: PathBuf,
}

/// A name safe as one folder of the archive.
fn folder(name: &str) -> String {
    bot::files::sanitize_file_name(name)
}

pub async fn export(req: ExportRequest) -> Result<ExitCode> {
    let store = Store::open(&req.db)
        .await
        .with_context(|| format!("opening database {}", req.db.display()))?;
    let mut conn = store.pool().acquire().await?;
    let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, &req.cohort).await? else {
        bail!("no cohort named {:?} in {}", req.cohort, req.db.display());
    };
    let files = FileStore::new(req.data_dir.join("files"));
    let mut entries = Vec::new();
    let mut rows = Vec::new();
    // Every path is reserved once, whatever the case: two members whose names sanitise alike
    // (`x/Bob`, `Bob`), or a file called `texte.md`, get a number instead of a clash.
    let mut paths = ArchivePaths::default();
    paths.reserve("manifest.csv");
    let mut folders: HashMap<(u32, i64), String> = HashMap::new();
    for atelier in store::cohorts::ateliers(&mut conn, cohort.id).await? {
        if req.atelier.is_some_and(|n| n != atelier.number) {
            continue;
        }
        let submissions =
            store::submissions::for_atelier(&mut conn, atelier.id, req.all_versions).await?;
        for s in submissions {
            let member_folder = folders
                .entry((atelier.number, s.member.0))
                .or_insert_with(|| {
                    paths.reserve(&format!(
                        "atelier-{}/{}",
                        atelier.number,
                        folder(&s.member_name)
                    ))
                })
                .clone();
            let base = format!("{member_folder}/v{}", s.version);
            if !s.body.is_empty() {
                entries.push(ExportEntry {
                    archive_path: paths.reserve(&format!("{base}/texte.md")),
                    source: ExportSource::Bytes(format!("{}\n", s.body).into_bytes()),
                });
            }
            let mut names = Vec::new();
            for f in &s.files {
                let path = paths.reserve(&format!("{base}/{}", f.file_name));
                names.push(path.rsplit('/').next().unwrap_or(&path).to_owned());
                entries.push(ExportEntry {
                    archive_path: path,
                    source: ExportSource::File(files.path_of(&f.sha256)?),
                });
            }
            rows.push(ManifestRow {
                member: s.member_name.clone(),
                atelier: atelier.number,
                version: s.version,
                submitted_at: bot::schedule::utc_to_local(cohort.timezone, s.submitted_at)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                late: s.late_by.is_some(),
                status: s.status.as_str().to_owned(),
                files: names,
                sha256: s.files.iter().map(|f| f.sha256.clone()).collect(),
            });
        }
    }
    entries.push(ExportEntry {
        archive_path: "manifest.csv".to_owned(),
        source: ExportSource::Bytes(manifest_csv(&rows).into_bytes()),
    });
    let show_progress = std::io::stderr().is_terminal();
    let mut progress = |done: u64, total: u64| {
        if show_progress && total > 0 {
            let width = 30;
            let filled = (done * width / total) as usize;
            eprint!(
                "\r[{}{}] {:>3} %",
                "#".repeat(filled),
                " ".repeat(width as usize - filled),
                done * 100 / total
            );
            let _ = std::io::stderr().flush();
        }
    };
    let summary = export_zip(&req.out, &entries, &mut progress)
        .with_context(|| format!("writing {}", req.out.display()))?;
    if show_progress {
        eprintln!();
    }
    for problem in &summary.unreadable {
        eprintln!("warning: left out of the archive (listed in PROBLEMES.txt): {problem}");
    }
    println!(
        "{}: {} submission(s), {} file(s) in the archive, {} bytes",
        req.out.display(),
        rows.len(),
        summary.entries,
        summary.archive_bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// Where deliverable files live when no data directory is given: `data/` beside the database.
pub fn default_data_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("data")
}
