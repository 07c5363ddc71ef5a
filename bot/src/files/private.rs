//! Files and folders only their owner can read: deliverables, exports and the database hold
//! personal data, and a shared machine's other accounts have no business reading them.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Permission bits of a private file: read and write for the owner only.
pub const FILE_MODE: u32 = 0o600;
/// Permission bits of a private folder: the owner only.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and its missing parents, each new one readable by the owner only.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir)
}

/// Opens a new file at `path` (failing if it exists), readable by the owner only.
pub fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
}

/// Creates or truncates `path`, readable by the owner only.
pub fn create(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(path)?;
    file.set_permissions(fs::Permissions::from_mode(FILE_MODE))?;
    Ok(file)
}

/// Writes `bytes` to `path`, replacing it, readable by the owner only (a file that existed with
/// wider permissions is narrowed).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path)?.write_all(bytes)
}

/// Narrows an existing file or folder to its owner.
pub fn restrict(path: &Path) -> io::Result<()> {
    let mode = if path.is_dir() { DIR_MODE } else { FILE_MODE };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_folders_are_owner_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_dir_all(&dir).unwrap();
        write(&dir.join("f"), b"x").unwrap();
        drop(create_new(&dir.join("g")).unwrap());
        for p in [root.path().join("a"), dir.clone()] {
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                DIR_MODE
            );
        }
        for p in [dir.join("f"), dir.join("g")] {
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                FILE_MODE
            );
        }
    }
}
