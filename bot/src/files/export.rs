//! Zip exports of a cohort's deliverables, with a CSV manifest.
//!
//! Facilitators download the export and unpack it on whatever desktop they have, so archive
//! paths are checked here (no `..`, no absolute path) rather than trusted, and the archive only
//! appears under its final name once complete.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::sniff::sniff;
use super::store::sync_dir;

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEntry {
    /// Its path inside the archive, `/`-separated: `atelier-1/Alice Martin/v2/rapport.pdf`.
    pub archive_path: String,
    /// Where its content comes from.
    pub source: ExportSource,
}

/// Where an exported file's content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportSource {
    /// A file on disk, usually in the [`FileStore`](super::store::FileStore).
    File(PathBuf),
    /// Content made for the export: a submission's text, the manifest.
    Bytes(Vec<u8>),
}

/// What [`export_zip`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Files that could not be read, left out (`archive path: why`), also listed in the
    /// archive's `PROBLEMES.txt`.
    pub unreadable: Vec<String>,
    /// Files in the archive.
    pub entries: usize,
    /// Their total size before compression, in bytes.
    pub content_bytes: u64,
    /// The archive's size, in bytes.
    pub archive_bytes: u64,
}

/// How much is copied between two progress reports.
const CHUNK: usize = 256 * 1024;

/// Above this, an entry is written with ZIP64 sizes; below, it stays readable by old tools.
const LARGE_ENTRY: u64 = 0xF000_0000;

/// Writes `entries` to the zip archive `out`, reporting `(bytes done, bytes in all)` to
/// `progress` as it goes (often: throttle in the caller). The archive is written to `out.tmp`
/// and renamed to `out` only when complete and on disk, so `out` is never a partial archive.
///
/// Content that is already compressed (images, office files, audio, video) is stored as is;
/// the rest is deflated. Fails with [`io::ErrorKind::InvalidInput`], before writing anything,
/// when an archive path is empty, absolute, has `.`/`..`/empty components, a backslash or a
/// control character, or appears twice.
pub fn export_zip(
    out: &Path,
    entries: &[ExportEntry],
    progress: &mut dyn FnMut(u64, u64),
) -> io::Result<ExportSummary> {
    let mut seen = HashSet::new();
    for entry in entries {
        check_archive_path(&entry.archive_path)?;
        if !seen.insert(entry.archive_path.as_str()) {
            return Err(invalid(&entry.archive_path, "appears twice"));
        }
    }
    // A file that cannot be read is left out and reported; the rest of the export goes on.
    let mut total = 0u64;
    let mut readable = Vec::with_capacity(entries.len());
    let mut unreadable = Vec::new();
    for entry in entries {
        match &entry.source {
            ExportSource::File(path) => match fs::metadata(path) {
                Ok(meta) if meta.is_file() => {
                    total += meta.len();
                    readable.push(entry.clone());
                }
                Ok(_) => unreadable.push(format!("{}: not a regular file", entry.archive_path)),
                Err(e) => unreadable.push(format!("{}: {e}", entry.archive_path)),
            },
            ExportSource::Bytes(bytes) => {
                total += bytes.len() as u64;
                readable.push(entry.clone());
            }
        }
    }
    if !unreadable.is_empty() {
        let mut note = String::from(
            "Fichiers illisibles, absents de cette archive / unreadable files, missing from this archive:\n",
        );
        for line in &unreadable {
            note.push_str(line);
            note.push('\n');
        }
        total += note.len() as u64;
        readable.push(ExportEntry {
            archive_path: "PROBLEMES.txt".to_owned(),
            source: ExportSource::Bytes(note.into_bytes()),
        });
    }
    let entries = readable.as_slice();

    let mut temp = OsString::from(out.as_os_str());
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    let result = write_archive(&temp, entries, total, progress).and_then(|mut summary| {
        summary.unreadable = unreadable;
        fs::rename(&temp, out)?;
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        Ok(summary)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_archive(
    temp: &Path,
    entries: &[ExportEntry],
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> io::Result<ExportSummary> {
    let mut zip = ZipWriter::new(BufWriter::new(super::private::create(temp)?));
    let mut done = 0u64;
    progress(done, total);
    let mut buf = vec![0u8; CHUNK];
    for entry in entries {
        let mut reader: Box<dyn Read + '_> = match &entry.source {
            ExportSource::File(path) => Box::new(File::open(path)?),
            ExportSource::Bytes(bytes) => Box::new(bytes.as_slice()),
        };
        // The first chunk decides the compression; it is then written like the rest.
        let mut filled = read_full(&mut reader, &mut buf)?;
        let size = match &entry.source {
            ExportSource::File(path) => fs::metadata(path)?.len(),
            ExportSource::Bytes(bytes) => bytes.len() as u64,
        };
        let method = if sniff(&buf[..filled]).is_compressed() {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .unix_permissions(0o644)
            .large_file(size >= LARGE_ENTRY);
        zip.start_file(entry.archive_path.as_str(), options)?;
        while filled > 0 {
            zip.write_all(&buf[..filled])?;
            done += filled as u64;
            progress(done, total.max(done));
            filled = read_full(&mut reader, &mut buf)?;
        }
    }
    let mut writer = zip.finish()?;
    writer.flush()?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(ExportSummary {
        unreadable: Vec::new(),
        entries: entries.len(),
        content_bytes: done,
        archive_bytes: file.metadata()?.len(),
    })
}

/// Reads until `buf` is full or the end: a short read from a file must not be taken for the
/// first bytes of the content when sniffing it.
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn invalid(path: &str, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("archive path {path:?} {why}"),
    )
}

/// Refuses paths that would unpack outside the target folder ("zip slip") or that some
/// unpacker would read differently.
fn check_archive_path(path: &str) -> io::Result<()> {
    if path.is_empty() || path.len() > usize::from(u16::MAX) {
        return Err(invalid(path, "is empty or too long"));
    }
    if path.starts_with('/') || path.contains('\\') || path.chars().any(char::is_control) {
        return Err(invalid(
            path,
            "is absolute or has a backslash or control character",
        ));
    }
    // `C:` at the start is a drive on Windows.
    if path.as_bytes().get(1) == Some(&b':') {
        return Err(invalid(path, "starts with a drive letter"));
    }
    if path
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Err(invalid(path, "has an empty, `.` or `..` component"));
    }
    Ok(())
}

/// One line of the export's manifest: one version of one member's submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    /// The member's display name.
    pub member: String,
    /// The atelier's number.
    pub atelier: u32,
    /// The submission's version, from 1.
    pub version: u32,
    /// When it was handed in, as the caller wants it shown.
    pub submitted_at: String,
    /// Whether it was handed in after the deadline.
    pub late: bool,
    /// Its review status.
    pub status: String,
    /// Its files' names, as in the archive.
    pub files: Vec<String>,
    /// Their SHA-256 hashes, in the same order.
    pub sha256: Vec<String>,
}

/// The manifest header.
pub const MANIFEST_HEADER: &str = "member,atelier,version,submitted_at,late,status,files,sha256";

/// The manifest as CSV, through the one writer that quotes and defuses every field
/// ([`super::csv`]); lists joined with `;`.
pub fn manifest_csv(rows: &[ManifestRow]) -> String {
    let header: Vec<&str> = MANIFEST_HEADER.split(',').collect();
    let mut csv = super::csv::Csv::with_header(&header);
    for row in rows {
        csv.row(&[
            row.member.clone(),
            row.atelier.to_string(),
            row.version.to_string(),
            row.submitted_at.clone(),
            row.late.to_string(),
            row.status.clone(),
            row.files.join(";"),
            row.sha256.join(";"),
        ]);
    }
    csv.finish()
}

/// Archive paths that stay distinct wherever the archive is unpacked: two paths that differ
/// only by case (the same file on macOS and Windows) or that sanitise to the same name get a
/// number, `rapport (2).pdf`, instead of overwriting each other or failing the export.
#[derive(Debug, Default)]
pub struct ArchivePaths {
    taken: HashSet<String>,
}

impl ArchivePaths {
    /// Reserves `wanted` (`/`-separated), or the first free `stem (n).ext` beside it.
    pub fn reserve(&mut self, wanted: &str) -> String {
        let (dir, name) = match wanted.rsplit_once('/') {
            Some((d, n)) => (Some(d), n),
            None => (None, wanted),
        };
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s, Some(e)),
            _ => (name, None),
        };
        for n in 1u32.. {
            let candidate_name = match (n, ext) {
                (1, _) => name.to_owned(),
                (n, Some(e)) => format!("{stem} ({n}).{e}"),
                (n, None) => format!("{stem} ({n})"),
            };
            let candidate = match dir {
                Some(d) => format!("{d}/{candidate_name}"),
                None => candidate_name,
            };
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
        }
        unreachable!("u32 names run out after four billion files")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::ZipArchive;

    fn bytes(path: &str, b: &[u8]) -> ExportEntry {
        ExportEntry {
            archive_path: path.to_owned(),
            source: ExportSource::Bytes(b.to_vec()),
        }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = dir.path().join("stored");
        let big: Vec<u8> = (0..700_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        fs::write(&on_disk, &big).unwrap();
        let png = b"\x89PNG\r\n\x1a\n fake image".to_vec();
        let entries = vec![
            ExportEntry {
                archive_path: "atelier-1/Alice Martin/v2/données.bin".into(),
                source: ExportSource::File(on_disk),
            },
            bytes(
                "atelier-1/Alice Martin/v2/texte.md",
                "Bonjour é 中文".as_bytes(),
            ),
            bytes("atelier-1/Bob/v1/photo.png", &png),
            bytes("manifest.csv", b"member\r\n"),
        ];
        let out = dir.path().join("export.zip");
        let mut reports = Vec::new();
        let summary = export_zip(&out, &entries, &mut |d, t| reports.push((d, t))).unwrap();

        let total = big.len() as u64 + "Bonjour é 中文".len() as u64 + png.len() as u64 + 8;
        assert_eq!(summary.entries, 4);
        assert_eq!(summary.content_bytes, total);
        assert_eq!(summary.archive_bytes, fs::metadata(&out).unwrap().len());
        assert_eq!(reports.first(), Some(&(0, total)));
        assert_eq!(reports.last(), Some(&(total, total)));
        assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0));
        assert!(reports.len() > 4, "large files report as they go");
        assert!(!dir.path().join("export.zip.tmp").exists());

        let mut archive = ZipArchive::new(File::open(&out).unwrap()).unwrap();
        assert_eq!(archive.len(), 4);
        for entry in &entries {
            let expected = match &entry.source {
                ExportSource::File(p) => fs::read(p).unwrap(),
                ExportSource::Bytes(b) => b.clone(),
            };
            let mut file = archive.by_name(&entry.archive_path).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            assert_eq!(content, expected, "{}", entry.archive_path);
        }
        let png_entry = archive.by_name("atelier-1/Bob/v1/photo.png").unwrap();
        assert_eq!(png_entry.compression(), CompressionMethod::Stored);
        drop(png_entry);
        let text = archive
            .by_name("atelier-1/Alice Martin/v2/texte.md")
            .unwrap();
        assert_eq!(text.compression(), CompressionMethod::Deflated);
    }

    #[test]
    fn unsafe_paths_are_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export.zip");
        for path in [
            "",
            "/etc/passwd",
            "../evil",
            "a/../../evil",
            "a//b",
            "a/./b",
            "a\\b",
            "C:/x",
            "a/b\n",
            "trailing/",
        ] {
            let err = export_zip(&out, &[bytes(path, b"x")], &mut |_, _| {}).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{path:?}");
        }
        let twice = [bytes("a/b.txt", b"1"), bytes("a/b.txt", b"2")];
        let err = export_zip(&out, &twice, &mut |_, _| {}).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(!out.exists());
        assert!(!dir.path().join("export.zip.tmp").exists());
    }

    #[test]
    fn a_missing_source_is_reported_and_the_rest_exported() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export.zip");
        let entries = [
            ExportEntry {
                archive_path: "a.pdf".into(),
                source: ExportSource::File(dir.path().join("gone")),
            },
            bytes("b.txt", b"kept"),
        ];
        let summary = export_zip(&out, &entries, &mut |_, _| {}).unwrap();
        assert_eq!(summary.unreadable.len(), 1, "{summary:?}");
        assert!(summary.unreadable[0].starts_with("a.pdf: "), "{summary:?}");
        let mut zip = zip::ZipArchive::new(File::open(&out).unwrap()).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
            .collect();
        assert_eq!(names, ["b.txt", "PROBLEMES.txt"]);
        let mut note = String::new();
        zip.by_name("PROBLEMES.txt")
            .unwrap()
            .read_to_string(&mut note)
            .unwrap();
        assert!(note.contains("a.pdf"), "{note}");
        assert!(!dir.path().join("export.zip.tmp").exists());
    }

    #[test]
    fn archive_paths_stay_distinct_across_case_and_collisions() {
        let mut paths = ArchivePaths::default();
        let cases = [
            ("atelier-1/Bob/v1/texte.md", "atelier-1/Bob/v1/texte.md"),
            ("atelier-1/Bob/v1/texte.md", "atelier-1/Bob/v1/texte (2).md"),
            ("atelier-1/Bob/v1/TEXTE.md", "atelier-1/Bob/v1/TEXTE (3).md"),
            ("atelier-1/bob", "atelier-1/bob"),
            ("atelier-1/BOB", "atelier-1/BOB (2)"),
            ("manifest.csv", "manifest.csv"),
            (".profile", ".profile"),
        ];
        for (wanted, expected) in cases {
            assert_eq!(paths.reserve(wanted), expected, "{wanted}");
        }
    }

    #[test]
    fn manifest() {
        let rows = [
            ManifestRow {
                member: "Martin, Alice".into(),
                atelier: 1,
                version: 2,
                submitted_at: "2027-01-14 09:30".into(),
                late: false,
                status: "submitted".into(),
                files: vec!["rapport.pdf".into(), "annexe \"B\".odt".into()],
                sha256: vec!["ab".repeat(32), "cd".repeat(32)],
            },
            ManifestRow {
                member: "=HYPERLINK(\"http://x\")".into(),
                atelier: 3,
                version: 1,
                submitted_at: "2027-02-01 23:59".into(),
                late: true,
                status: "accepted".into(),
                files: vec![],
                sha256: vec![],
            },
        ];
        let csv = manifest_csv(&rows);
        let expected = format!(
            "{MANIFEST_HEADER}\r\n\
             \"Martin, Alice\",1,2,2027-01-14 09:30,false,submitted,\"rapport.pdf;annexe \"\"B\"\".odt\",{};{}\r\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",3,1,2027-02-01 23:59,true,accepted,,\r\n",
            "ab".repeat(32),
            "cd".repeat(32),
        );
        assert_eq!(csv, expected);
        assert_eq!(manifest_csv(&[]), format!("{MANIFEST_HEADER}\r\n"));
    }
}
