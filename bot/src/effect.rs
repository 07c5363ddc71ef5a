//! Effects: what an event or a job needs done outside the database — write a chart, a calendar
//! or a data export; delete erased files.
//!
//! Handlers and jobs never touch files themselves. They record an [`Effect`] in the transaction
//! that decides it (`store::effects`), so an event rolled back leaves none behind; the effect is
//! carried out once that transaction has committed ([`apply_pending`]), by the engine right
//! after the commit and again by the delivery pass before it sends anything, so an attachment
//! always exists before its message goes out, even after a crash between commit and file.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::EngineError;
use crate::store::{self, Store};

/// After this many failed attempts an effect is given up (and logged): a disk that refuses a
/// file for that long needs a person, and later effects must not wait behind it forever.
pub const MAX_EFFECT_ATTEMPTS: i64 = 5;

/// One thing to do outside the database once a transaction has committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `bytes` to `path` (owner-only, replacing any earlier file, never half-written).
    WriteFile {
        /// Where.
        path: PathBuf,
        /// What.
        bytes: Vec<u8>,
    },
    /// Delete `path` (already gone is fine).
    RemoveFile {
        /// Which file.
        path: PathBuf,
    },
    /// Delete every file of `dir` whose name starts with `prefix` (a person's data exports).
    RemovePrefixed {
        /// The folder.
        dir: PathBuf,
        /// The start of the names.
        prefix: String,
    },
}

impl Effect {
    /// Carries the effect out. Idempotent: doing it twice leaves the same files.
    pub fn apply(&self) -> io::Result<()> {
        match self {
            Effect::WriteFile { path, bytes } => write_whole(path, bytes),
            Effect::RemoveFile { path } => remove(path),
            Effect::RemovePrefixed { dir, prefix } => {
                let entries = match std::fs::read_dir(dir) {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                    Err(e) => return Err(e),
                };
                for entry in entries {
                    let entry = entry?;
                    if entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with(prefix.as_str())
                    {
                        remove(&entry.path())?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Writes through a temporary file, synced, then renamed: a reader (an adapter uploading the
/// attachment) sees the old file or the new one, never a part.
fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    crate::files::private::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = crate::files::private::create(&temp).and_then(|mut f| {
        io::Write::write_all(&mut f, bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Effects recorded by this process so far (rolled back or not): a cheap signal that the
/// `effects` table may hold something, so that the common case (no effect) costs no read.
static RECORDED: AtomicU64 = AtomicU64::new(0);

/// Counts one more effect recorded; called by `store::effects::record`.
pub(crate) fn note_recorded() {
    RECORDED.fetch_add(1, Ordering::SeqCst);
}

/// One reader's view of [`RECORDED`]: whether effects were recorded since it last looked.
/// The first look always says yes, so effects left by a crashed process are found at start.
#[derive(Debug, Clone)]
pub struct EffectsWatch(Arc<AtomicU64>);

impl Default for EffectsWatch {
    fn default() -> Self {
        EffectsWatch(Arc::new(AtomicU64::new(u64::MAX)))
    }
}

impl EffectsWatch {
    /// Whether anything was recorded since the last call (taken before reading the table: an
    /// effect recorded afterwards moves the counter again and is seen next time).
    pub fn changed(&self) -> bool {
        let now = RECORDED.load(Ordering::SeqCst);
        self.0.swap(now, Ordering::SeqCst) != now
    }

    /// Makes the next [`EffectsWatch::changed`] say yes (an effect is left to retry).
    fn look_again(&self) {
        self.0.store(u64::MAX, Ordering::SeqCst);
    }
}

/// [`apply_pending`] when `watch` saw effects recorded since it last looked.
/// One that fails, or leaves an effect to retry, makes the next call look again.
pub async fn apply_if_recorded(store: &Store, watch: &EffectsWatch) -> Result<usize, EngineError> {
    if !watch.changed() {
        return Ok(0);
    }
    match apply_all(store).await {
        Ok((done, false)) => Ok(done),
        Ok((done, true)) => {
            watch.look_again();
            Ok(done)
        }
        Err(e) => {
            watch.look_again();
            Err(e)
        }
    }
}

/// One at a time: two passes applying the same rows concurrently could redo an older write
/// after a newer removal of the same file (an erased export coming back).
static APPLYING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Carries out every recorded effect, in the order decided, and forgets each one done. An
/// effect that fails stops the pass (later ones may depend on it) and is retried at the next;
/// after [`MAX_EFFECT_ATTEMPTS`] it is given up and logged. Returns how many were done.
pub async fn apply_pending(store: &Store) -> Result<usize, EngineError> {
    apply_all(store).await.map(|(done, _)| done)
}

/// How many effects were done, and whether one failed and waits for a retry.
async fn apply_all(store: &Store) -> Result<(usize, bool), EngineError> {
    let _one_at_a_time = APPLYING.lock().await;
    let pending = {
        let mut conn = store
            .pool()
            .acquire()
            .await
            .map_err(store::StoreError::from)?;
        store::effects::pending(&mut conn).await?
    };
    if pending.is_empty() {
        return Ok((0, false));
    }
    let (done, failed) = tokio::task::spawn_blocking(move || apply_in_order(pending))
        .await
        .map_err(|source| EngineError::Task {
            what: "carrying out effects",
            source,
        })?;
    let mut conn = store
        .pool()
        .acquire()
        .await
        .map_err(store::StoreError::from)?;
    store::effects::done(&mut conn, &done).await?;
    if let Some(id) = failed {
        store::effects::failed(&mut conn, id).await?;
    }
    Ok((done.len(), failed.is_some()))
}

/// The ids done (or given up), and the one that failed, if any.
fn apply_in_order(pending: Vec<store::effects::PendingEffect>) -> (Vec<i64>, Option<i64>) {
    let mut done = Vec::new();
    for p in pending {
        match p.effect.apply() {
            Ok(()) => done.push(p.id),
            Err(e) if p.attempts + 1 >= MAX_EFFECT_ATTEMPTS => {
                tracing::error!(effect = ?describe(&p.effect), error = %e, "an effect failed too often; given up");
                done.push(p.id);
            }
            Err(e) => {
                tracing::warn!(effect = ?describe(&p.effect), error = %e, "an effect failed; retried later");
                return (done, Some(p.id));
            }
        }
    }
    (done, None)
}

/// What to log of an effect: never the bytes (personal data in exports).
fn describe(effect: &Effect) -> String {
    match effect {
        Effect::WriteFile { path, bytes } => {
            format!("write {} ({} bytes)", path.display(), bytes.len())
        }
        Effect::RemoveFile { path } => format!("remove {}", path.display()),
        Effect::RemovePrefixed { dir, prefix } => format!("remove {}/{prefix}*", dir.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_are_idempotent_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("charts/sondage-1.png");
        let write = Effect::WriteFile {
            path: path.clone(),
            bytes: b"png".to_vec(),
        };
        write.apply().unwrap();
        write.apply().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"png");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        let remove = Effect::RemoveFile { path: path.clone() };
        remove.apply().unwrap();
        remove.apply().unwrap();
        assert!(!path.exists());

        let exports = dir.path().join("exports");
        for name in ["donnees-3-1.json", "donnees-3-2.json", "donnees-31-1.json"] {
            Effect::WriteFile {
                path: exports.join(name),
                bytes: Vec::new(),
            }
            .apply()
            .unwrap();
        }
        let erase = Effect::RemovePrefixed {
            dir: exports.clone(),
            prefix: "donnees-3-".into(),
        };
        erase.apply().unwrap();
        erase.apply().unwrap();
        let left: Vec<_> = std::fs::read_dir(&exports)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, vec!["donnees-31-1.json".to_owned()]);
        Effect::RemovePrefixed {
            dir: dir.path().join("missing"),
            prefix: "x".into(),
        }
        .apply()
        .unwrap();
    }
}
