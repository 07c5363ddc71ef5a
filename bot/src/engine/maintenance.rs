//! Housekeeping that keeps the engine's promises over time: private messages are not kept
//! forever, files nobody references go, exports do not pile up, and erased secrets leave the
//! write-ahead log. Runs from [`Engine::fire_due_jobs`] at most every few minutes, so every
//! adapter and `compagnon run` get it without a loop of their own.

use std::sync::atomic::Ordering;
use std::time::{Duration as StdDuration, SystemTime};

use chrono::Duration;

use super::Engine;
use crate::error::EngineError;
use crate::store;

/// How often housekeeping runs, at most (engine clock).
const EVERY: Duration = Duration::minutes(10);
/// A stored file that no row names is removed once it is this old (file system clock).
const ORPHAN_FILE_AGE: StdDuration = StdDuration::from_secs(3600);
/// Exports the bot wrote for a message (data exports, calendars, charts) are removed once
/// they are this old; the message that carried them went out long before.
const EXPORT_AGE: StdDuration = StdDuration::from_secs(2 * 24 * 3600);

/// What one round of housekeeping did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Housekeeping {
    /// Delivered private messages whose text was dropped.
    pub pruned_messages: u64,
    /// Deliverable files (and temporary files) removed because nothing referenced them.
    pub swept_files: usize,
    /// Old export files removed.
    pub removed_exports: usize,
}

impl Engine {
    /// Runs [`Engine::housekeeping`] if it has not run in the last ten minutes.
    pub(crate) async fn housekeeping_if_due(&self) {
        let now = self.now().timestamp();
        let last = self.last_housekeeping.load(Ordering::Relaxed);
        if last != 0 && now.saturating_sub(last) < EVERY.num_seconds() {
            return;
        }
        self.last_housekeeping.store(now, Ordering::Relaxed);
        if let Err(e) = self.housekeeping().await {
            tracing::warn!(error = %e, "housekeeping failed; it will run again later");
        }
    }

    /// Moves the write-ahead log into the database and empties it, so that rows just erased
    /// (a closed poll's secret) survive in neither; with `secure_delete` on, their pages are
    /// overwritten. A failure is logged: housekeeping tries again.
    pub(crate) async fn checkpoint(&self) {
        if let Err(e) = store::checkpoint(self.store()).await {
            tracing::warn!(error = %e, "checkpointing the write-ahead log failed");
        }
    }

    /// Drops the text of private messages delivered longer ago than the retention period,
    /// sweeps unreferenced files and old exports, and checkpoints the write-ahead log so that
    /// erased rows (a closed poll's secret) are gone from it too.
    pub async fn housekeeping(&self) -> Result<Housekeeping, EngineError> {
        let now = self.now();
        let retention = Duration::try_days(self.settings.limits.dm_retention_days)
            .unwrap_or(Duration::days(30));
        let mut conn = self.store().connection().await?;
        let pruned = store::outbox::prune_delivered_dms(&mut conn, now - retention, now).await?;
        let referenced = store::submissions::referenced_files(&mut conn).await?;
        drop(conn);
        store::checkpoint(self.store()).await?;
        let file_store = self.settings.file_store();
        let exports = self.settings.data_dir.join("exports");
        let (swept, removed) = tokio::task::spawn_blocking(move || {
            let swept = file_store.sweep(&referenced, SystemTime::now() - ORPHAN_FILE_AGE);
            let removed = remove_older_than(&exports, SystemTime::now() - EXPORT_AGE);
            (swept, removed)
        })
        .await
        .map_err(|source| EngineError::Task {
            what: "housekeeping files",
            source,
        })?;
        Ok(Housekeeping {
            pruned_messages: pruned,
            swept_files: swept
                .map_err(|e| EngineError::file("sweeping", self.settings.file_store().root(), e))?,
            removed_exports: removed.map_err(|e| {
                EngineError::file(
                    "removing old exports in",
                    self.settings.data_dir.join("exports"),
                    e,
                )
            })?,
        })
    }
}

/// Removes the regular files of `dir` modified before `cutoff`.
fn remove_older_than(dir: &std::path::Path, cutoff: SystemTime) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < cutoff);
        if entry.file_type()?.is_file() && old {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}
