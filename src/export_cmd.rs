//! `compagnon export`: a cohort's deliverables as a zip archive for facilitators.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::domain::Cohort;
use bot::files::{
    ArchivePaths, ExportEntry, ExportSource, ExportSummary, FileStore, ManifestRow, export_zip,
    manifest_csv,
};
use bot::store::submissions::Submission;
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
    drop(conn);
    let files = FileStore::new(req.data_dir.join("files"));
    let (summary, submissions) = deliverables_archive(
        &store,
        &files,
        &cohort,
        req.atelier,
        req.all_versions,
        &req.out,
    )
    .await?;
    for problem in &summary.unreadable {
        eprintln!("warning: left out of the archive (listed in PROBLEMES.txt): {problem}");
    }
    println!(
        "{}: {} submission(s), {} file(s) in the archive, {} bytes",
        req.out.display(),
        submissions,
        summary.entries,
        summary.archive_bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the deliverables of `cohort` (or of one atelier; the latest versions, or all) as a
/// zip with its manifest to `out`; returns what it wrote and how many submissions.
pub async fn deliverables_archive(
    store: &Store,
    files: &FileStore,
    cohort: &Cohort,
    atelier: Option<u32>,
    all_versions: bool,
    out: &Path,
) -> Result<(ExportSummary, usize)> {
    let mut conn = store.pool().acquire().await?;
    let mut contents = Contents::new(files.clone(), cohort);
    for a in store::cohorts::ateliers(&mut conn, cohort.id).await? {
        if atelier.is_some_and(|n| n != a.number) {
            continue;
        }
        let submissions = store::submissions::for_atelier(&mut conn, a.id, all_versions).await?;
        for s in &submissions {
            contents.add(a.number, s)?;
        }
    }
    let (entries, rows) = contents.finish();
    Ok((write_archive(out, &entries)?, rows.len()))
}

/// What goes into the archive: one folder per member and atelier, one subfolder per version,
/// and a manifest row per submission.
struct Contents<'a> {
    files: FileStore,
    /// Whose local time the manifest gives.
    cohort: &'a Cohort,
    entries: Vec<ExportEntry>,
    rows: Vec<ManifestRow>,
    /// Every path is reserved once, whatever the case: two members whose names sanitise alike
    /// (`x/Bob`, `Bob`), or a file called `texte.md`, get a number instead of a clash.
    paths: ArchivePaths,
    /// Each member's (or group's, keyed by minus its number) folder per atelier, so that all
    /// their versions land in the same one.
    folders: HashMap<(u32, i64), String>,
}

impl<'a> Contents<'a> {
    fn new(files: FileStore, cohort: &'a Cohort) -> Self {
        let mut paths = ArchivePaths::default();
        paths.reserve("manifest.csv");
        Contents {
            files,
            cohort,
            entries: Vec::new(),
            rows: Vec::new(),
            paths,
            folders: HashMap::new(),
        }
    }

    /// Adds one submission to atelier `atelier`: its text as `texte.md`, its files, and its
    /// manifest row.
    fn add(&mut self, atelier: u32, s: &Submission) -> Result<()> {
        let paths = &mut self.paths;
        // A group's deliverable lands in the group's folder, whoever handed each version in.
        let (key, name) = match s.group {
            Some(g) => (-i64::from(g), format!("groupe-{g}")),
            None => (s.member.0, folder(&s.member_name)),
        };
        let member_folder = self
            .folders
            .entry((atelier, key))
            .or_insert_with(|| paths.reserve(&format!("atelier-{atelier}/{name}")))
            .clone();
        let base = format!("{member_folder}/v{}", s.version);
        if !s.body.is_empty() {
            self.entries.push(ExportEntry {
                archive_path: self.paths.reserve(&format!("{base}/texte.md")),
                source: ExportSource::Bytes(format!("{}\n", s.body).into_bytes()),
            });
        }
        let mut names = Vec::new();
        for f in &s.files {
            let path = self.paths.reserve(&format!("{base}/{}", f.file_name));
            names.push(path.rsplit('/').next().unwrap_or(&path).to_owned());
            self.entries.push(ExportEntry {
                archive_path: path,
                source: ExportSource::File(self.files.path_of(&f.sha256)?),
            });
        }
        self.rows.push(ManifestRow {
            member: s.member_name.clone(),
            atelier,
            version: s.version,
            submitted_at: bot::schedule::utc_to_local(self.cohort.timezone, s.submitted_at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            late: s.late_by.is_some(),
            status: s.status.as_str().to_owned(),
            files: names,
            sha256: s.files.iter().map(|f| f.sha256.clone()).collect(),
        });
        Ok(())
    }

    /// The archive's entries, the manifest last, and the manifest's rows.
    fn finish(mut self) -> (Vec<ExportEntry>, Vec<ManifestRow>) {
        self.entries.push(ExportEntry {
            archive_path: "manifest.csv".to_owned(),
            source: ExportSource::Bytes(manifest_csv(&self.rows).into_bytes()),
        });
        (self.entries, self.rows)
    }
}

/// Writes the zip to `out`, with a progress bar on stderr when it is a terminal (a log file
/// would fill with carriage returns otherwise).
fn write_archive(out: &Path, entries: &[ExportEntry]) -> Result<ExportSummary> {
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
    let summary = export_zip(out, entries, &mut progress)
        .with_context(|| format!("writing {}", out.display()))?;
    if show_progress {
        eprintln!();
    }
    Ok(summary)
}

/// Where deliverable files live when no data directory is given: `data/` beside the database.
pub fn default_data_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("data")
}
