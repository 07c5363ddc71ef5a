//! Content-addressed, durable storage of deliverable files.
//!
//! A file lives at `root/ab/cd/<sha256>`, named by the hash of its bytes: the same file handed
//! in twice (a new version that only changes the text, a document shared by a group) is stored
//! once, and a name can never point at the wrong content. The database keeps the hashes; this
//! module never decides when a file is no longer referenced.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

/// Name of the directory, under the root, where files are written before they get their name.
const TEMP_DIR: &str = "tmp";

/// The file store: a directory tree under `root`.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

/// What [`FileStore::put`] stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// The SHA-256 of the content, 64 lowercase hexadecimal digits.
    pub sha256: String,
    /// The content's length in bytes.
    pub size: u64,
    /// Where the content is.
    pub path: PathBuf,
    /// Whether the same content was already there, so nothing was written.
    pub already_present: bool,
}

/// The SHA-256 of `bytes`, in lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Whether `sha` is 64 lowercase hexadecimal digits. Anything else could walk out of the store
/// once turned into a path (`../../…`), so it is refused before any path is built.
pub fn is_valid_sha256(sha: &str) -> bool {
    sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn invalid_sha(sha: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a SHA-256 hex digest: {sha:?}"),
    )
}

impl FileStore {
    /// A store under `root`. Nothing is touched until the first call that needs the disk.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FileStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the content with hash `sha` is (or would be) stored.
    pub fn path_of(&self, sha: &str) -> io::Result<PathBuf> {
        if !is_valid_sha256(sha) {
            return Err(invalid_sha(sha));
        }
        // Two levels of 256 directories keep each directory small even with many files.
        Ok(self.root.join(&sha[0..2]).join(&sha[2..4]).join(sha))
    }

    /// Stores `bytes` and returns their hash. When this returns `Ok`, the file and its directory
    /// entry are on disk: a crash right after does not lose it.
    ///
    /// Two calls with the same content, even from two processes, are safe: each writes its own
    /// temporary file and the rename onto the final name is atomic, so readers see either no
    /// file or the whole file.
    pub fn put(&self, bytes: &[u8]) -> io::Result<StoredFile> {
        let sha256 = sha256_hex(bytes);
        let path = self.path_of(&sha256)?;
        let size = bytes.len() as u64;
        match fs::metadata(&path) {
            Ok(meta) if meta.is_file() && meta.len() == size => {
                return Ok(StoredFile {
                    sha256,
                    size,
                    path,
                    already_present: true,
                });
            }
            // A file of the wrong size can only be damage; the rename below replaces it.
            Ok(_) => {
                tracing::warn!(path = %path.display(), "stored file has the wrong size, rewriting")
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }

        let temp_dir = self.root.join(TEMP_DIR);
        create_dir_durably(&self.root)?;
        create_dir_durably(&temp_dir)?;
        let (temp_path, mut temp) = create_temp(&temp_dir, &sha256)?;
        let written = temp.write_all(bytes).and_then(|()| temp.sync_all());
        drop(temp);
        if let Err(e) = written {
            let _ = fs::remove_file(&temp_path);
            return Err(e);
        }

        let parent = path.parent().expect("a stored path has fan-out parents");
        let renamed = create_dir_durably(parent.parent().expect("two fan-out levels"))
            .and_then(|()| create_dir_durably(parent))
            .and_then(|()| fs::rename(&temp_path, &path))
            .and_then(|()| sync_dir(parent));
        if let Err(e) = renamed {
            let _ = fs::remove_file(&temp_path);
            return Err(e);
        }
        Ok(StoredFile {
            sha256,
            size,
            path,
            already_present: false,
        })
    }

    /// The content with hash `sha`, checked against its hash: damaged content is an
    /// [`io::ErrorKind::InvalidData`] error, never silently handed out.
    pub fn read(&self, sha: &str) -> io::Result<Vec<u8>> {
        let bytes = fs::read(self.path_of(sha)?)?;
        if sha256_hex(&bytes) != sha {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("stored file {sha} does not match its hash"),
            ));
        }
        Ok(bytes)
    }

    /// Whether content with hash `sha` is stored.
    pub fn exists(&self, sha: &str) -> io::Result<bool> {
        self.path_of(sha)?.try_exists()
    }

    /// Deletes the content with hash `sha`, for erasure of personal data; `Ok(false)` when it was
    /// not there. The caller makes sure nothing references it any more: the store cannot know.
    pub fn remove(&self, sha: &str) -> io::Result<bool> {
        let path = self.path_of(sha)?;
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        }
        // An erasure that a crash could undo would not be one.
        sync_dir(path.parent().expect("a stored path has a parent"))?;
        Ok(true)
    }

    /// Deletes stored content that nothing references and that is older than `cutoff`, and
    /// temporary files older than `cutoff`; returns how many files went.
    ///
    /// This replaces deleting a refused submission's files at once: between the check and the
    /// deletion, another submission of the same bytes could have come to reference them. A file
    /// older than the cutoff that no row names cannot be in the middle of being handed in.
    pub fn sweep(
        &self,
        referenced: &std::collections::HashSet<String>,
        cutoff: std::time::SystemTime,
    ) -> io::Result<usize> {
        let old = |entry: &fs::DirEntry| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < cutoff)
        };
        let mut removed = 0;
        for level1 in read_dir_or_empty(&self.root)? {
            let level1 = level1?;
            let name = level1.file_name();
            if name == TEMP_DIR {
                for temp in read_dir_or_empty(&level1.path())? {
                    let temp = temp?;
                    if temp.file_type()?.is_file() && old(&temp) {
                        fs::remove_file(temp.path())?;
                        removed += 1;
                    }
                }
                continue;
            }
            if !level1.file_type()?.is_dir() {
                continue;
            }
            for level2 in read_dir_or_empty(&level1.path())? {
                let level2 = level2?;
                if !level2.file_type()?.is_dir() {
                    continue;
                }
                for file in read_dir_or_empty(&level2.path())? {
                    let file = file?;
                    let sha = file.file_name().to_string_lossy().into_owned();
                    if is_valid_sha256(&sha)
                        && !referenced.contains(&sha)
                        && file.file_type()?.is_file()
                        && old(&file)
                    {
                        fs::remove_file(file.path())?;
                        removed += 1;
                    }
                }
            }
        }
        if removed > 0 {
            tracing::info!(removed, "swept unreferenced deliverable files");
        }
        Ok(removed)
    }

    /// Deletes temporary files left by a crash during [`put`](Self::put), and returns how many.
    /// Call it at start-up, before any `put`: a `put` in progress would lose its file.
    pub fn cleanup_temp(&self) -> io::Result<usize> {
        let entries = match fs::read_dir(self.root.join(TEMP_DIR)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        if removed > 0 {
            tracing::info!(removed, "removed leftover temporary files");
        }
        Ok(removed)
    }
}

/// The entries of `dir`, none when it does not exist.
fn read_dir_or_empty(dir: &Path) -> io::Result<Vec<io::Result<fs::DirEntry>>> {
    match fs::read_dir(dir) {
        Ok(entries) => Ok(entries.collect()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// A new temporary file for content `sha`, with a name no other writer (thread or process) uses.
fn create_temp(dir: &Path, sha: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{sha}.{}.{n}.tmp", std::process::id()));
        // `create_new` fails rather than sharing a file with a leftover of an earlier process
        // that had the same id.
        match super::private::create_new(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Creates `dir` if needed, and makes its entry in its parent durable.
fn create_dir_durably(dir: &Path) -> io::Result<()> {
    match std::fs::DirBuilder::new()
        .mode(super::private::DIR_MODE)
        .create(dir)
    {
        Ok(()) => {
            if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                sync_dir(parent)?;
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // The parent is missing too (a fresh root in a fresh folder).
            let parent = dir.parent().ok_or(e)?;
            create_dir_durably(parent)?;
            create_dir_durably(dir)
        }
        Err(e) => Err(e),
    }
}

/// Flushes a directory's entries, so a file created or renamed in it survives a crash.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a file; NTFS journals renames itself.
#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO_SHA: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    #[test]
    fn put_then_read_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("files"));
        let stored = store.put(b"hello").unwrap();
        assert_eq!(stored.sha256, HELLO_SHA);
        assert_eq!(stored.size, 5);
        assert!(!stored.already_present);
        assert_eq!(stored.path, dir.path().join("files/2c/f2").join(HELLO_SHA));
        assert_eq!(store.read(HELLO_SHA).unwrap(), b"hello");
        assert!(store.exists(HELLO_SHA).unwrap());
        // Nothing is left in the temporary directory.
        assert_eq!(
            fs::read_dir(dir.path().join("files/tmp")).unwrap().count(),
            0
        );
    }

    #[test]
    fn same_content_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let first = store.put(b"rapport").unwrap();
        let second = store.put(b"rapport").unwrap();
        assert!(!first.already_present);
        assert!(second.already_present);
        assert_eq!(first.path, second.path);
    }

    #[test]
    fn damaged_files_are_rewritten_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let stored = store.put(b"hello").unwrap();
        fs::write(&stored.path, b"hel").unwrap();
        let again = store.put(b"hello").unwrap();
        assert!(!again.already_present, "a truncated file is not a copy");
        assert_eq!(store.read(HELLO_SHA).unwrap(), b"hello");

        fs::write(&stored.path, b"jello").unwrap();
        let err = store.read(HELLO_SHA).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn concurrent_puts_of_the_same_content() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let bytes = vec![7u8; 256 * 1024];
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| store.put(&bytes).unwrap());
            }
        });
        let sha = sha256_hex(&bytes);
        assert_eq!(store.read(&sha).unwrap(), bytes);
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }

    #[test]
    fn hashes_are_checked_before_paths_are_built() {
        let store = FileStore::new("/srv/files");
        for bad in [
            "",
            "../../etc/passwd",
            &HELLO_SHA.to_uppercase(),
            &HELLO_SHA[..63],
            &format!("{}/", &HELLO_SHA[..63]),
        ] {
            assert_eq!(
                store.path_of(bad).unwrap_err().kind(),
                io::ErrorKind::InvalidInput,
                "{bad:?}"
            );
            assert!(store.exists(bad).is_err());
            assert!(store.remove(bad).is_err());
        }
    }

    #[test]
    fn remove_and_cleanup() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        assert_eq!(store.cleanup_temp().unwrap(), 0, "no tmp directory yet");
        store.put(b"hello").unwrap();
        assert!(store.remove(HELLO_SHA).unwrap());
        assert!(!store.remove(HELLO_SHA).unwrap());
        assert!(!store.exists(HELLO_SHA).unwrap());
        assert_eq!(
            store.read(HELLO_SHA).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );

        fs::write(dir.path().join("tmp/abc.1.0.tmp"), b"half a file").unwrap();
        fs::write(dir.path().join("tmp/abc.1.1.tmp"), b"").unwrap();
        assert_eq!(store.cleanup_temp().unwrap(), 2);
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }
}

#[cfg(test)]
mod sweep_tests {
    use super::*;
    use std::collections::HashSet;
    use std::time::{Duration, SystemTime};

    #[test]
    fn sweep_keeps_referenced_and_recent_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("files"));
        let kept = store.put(b"referenced").unwrap();
        let orphan = store.put(b"orphan").unwrap();
        fs::create_dir_all(dir.path().join("files/tmp")).unwrap();
        fs::write(dir.path().join("files/tmp/x.1.0.tmp"), b"half").unwrap();
        let referenced: HashSet<String> = [kept.sha256.clone()].into();
        // Nothing is old enough yet.
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        assert_eq!(store.sweep(&referenced, an_hour_ago).unwrap(), 0);
        assert!(store.exists(&orphan.sha256).unwrap());
        // Everything is old: the orphan and the temporary file go, the referenced file stays.
        let later = SystemTime::now() + Duration::from_secs(3600);
        assert_eq!(store.sweep(&referenced, later).unwrap(), 2);
        assert!(store.exists(&kept.sha256).unwrap());
        assert!(!store.exists(&orphan.sha256).unwrap());
    }
}
