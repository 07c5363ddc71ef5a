//! Group commit: events that arrive while a transaction is being written are handled together
//! in the next one, each in its own savepoint, and all are acknowledged once it has committed.
//!
//! With `synchronous = FULL`, a commit costs a disk sync. One per event caps a burst of votes
//! at a few hundred per second; sharing the sync keeps every acknowledgement durable ("vote
//! enregistré" is said only after the commit) while a burst costs a handful of syncs.

use chrono::{DateTime, Utc};
use tokio::sync::oneshot;

use super::{Engine, Origin, Outcome};
use crate::command::{Command, ParseError};
use crate::error::{EngineError, UserError};
use crate::store::submissions::SubmittedFile;
use crate::store::{self, Savepoint};

/// A submission's files, stored before its transaction (or why they were refused).
pub(crate) type PreparedFiles = Result<Vec<SubmittedFile>, UserError>;

/// An event ready for the store: read, its files already stored.
#[derive(Debug)]
pub(crate) struct Item {
    pub origin: Origin,
    pub parsed: Result<Command, ParseError>,
    pub prepared_files: Option<PreparedFiles>,
}

struct Pending {
    item: Item,
    done: oneshot::Sender<Result<Outcome, EngineError>>,
}

/// The queue of events waiting for a transaction, and the right to write one.
#[derive(Default)]
pub(crate) struct GroupCommit {
    queue: std::sync::Mutex<Vec<Pending>>,
    writer: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupCommit")
    }
}

impl GroupCommit {
    /// Queues `item` and returns once a transaction holding it has committed — written by this
    /// caller, or by whoever held the writer when it arrived.
    pub(crate) async fn run(&self, engine: &Engine, item: Item) -> Result<Outcome, EngineError> {
        let (done, mut result) = oneshot::channel();
        self.queue
            .lock()
            .expect("group-commit queue lock")
            .push(Pending { item, done });
        let writer = self.writer.lock().await;
        if let Ok(r) = result.try_recv() {
            return r;
        }
        let batch = std::mem::take(&mut *self.queue.lock().expect("group-commit queue lock"));
        engine.commit_batch(batch).await;
        drop(writer);
        result.await.unwrap_or(Err(EngineError::Dropped))
    }
}

impl Engine {
    /// Handles every event of `batch` in one transaction, each in a savepoint, then tells each
    /// caller its outcome. An event that fails is rolled back alone; a failed commit fails all.
    async fn commit_batch(&self, batch: Vec<Pending>) {
        let now: DateTime<Utc> = self.now();
        let started = std::time::Instant::now();
        let mut tx = match self.store.begin().await {
            Ok(tx) => tx,
            Err(e) => {
                let e = std::sync::Arc::new(match e {
                    crate::store::StoreError::Db(e) => e,
                    other => sqlx::Error::Protocol(other.to_string()),
                });
                for p in batch {
                    let _ = p.done.send(Err(EngineError::Batch(e.clone())));
                }
                return;
            }
        };
        let closes_a_poll = batch
            .iter()
            .any(|p| matches!(p.item.parsed, Ok(Command::ClosePoll { .. })));
        let began = std::time::Instant::now();
        let mut results = Vec::with_capacity(batch.len());
        for p in batch {
            let r = self.in_savepoint(&mut tx, &p.item, now).await;
            results.push((p.done, r));
        }
        let handled = std::time::Instant::now();
        let committed = tx.commit().await;
        let done = std::time::Instant::now();
        let ms = |from: std::time::Instant, to: std::time::Instant| {
            to.duration_since(from).as_secs_f64() * 1000.0
        };
        match committed {
            Ok(()) => {
                // A poll closed by command erased its anonymous secret: push it out of the
                // write-ahead log now rather than at the next housekeeping.
                if closes_a_poll {
                    self.checkpoint().await;
                }
                // Files first: an answer may name one as its attachment. (A read of an empty
                // table when no handler recorded any.)
                self.apply_effects().await;
                tracing::debug!(
                    target: "compagnon::latency",
                    events = results.len(),
                    tx_begin_ms = ms(started, began),
                    tx_handle_ms = ms(began, handled),
                    tx_commit_ms = ms(handled, done),
                    effects_ms = ms(done, std::time::Instant::now()),
                    "batch committed"
                );
                for (done, r) in results {
                    let _ = done.send(r);
                }
            }
            Err(e) => {
                let e = std::sync::Arc::new(e);
                for (done, _) in results {
                    let _ = done.send(Err(EngineError::Batch(e.clone())));
                }
            }
        }
    }

    async fn in_savepoint(
        &self,
        tx: &mut sqlx::SqliteConnection,
        item: &Item,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        store::savepoint(&mut *tx, Savepoint::Event).await?;
        // A panic in a handler is a bug, but it must cost one event, not the batch, and never
        // the adapter task that called us: it becomes an internal error like any other.
        let attempt = std::panic::AssertUnwindSafe(self.handle_in(&mut *tx, item, now));
        let result = match futures_util::FutureExt::catch_unwind(attempt).await {
            Ok(result) => result,
            Err(panic) => {
                tracing::error!(panic = %super::panic_message(&panic), "a handler panicked");
                Err(EngineError::Panic(super::panic_message(&panic)))
            }
        };
        match result {
            Ok(r) => {
                store::release(&mut *tx, Savepoint::Event).await?;
                Ok(r)
            }
            Err(e) => {
                store::rollback_to(&mut *tx, Savepoint::Event).await?;
                store::release(&mut *tx, Savepoint::Event).await?;
                Err(e)
            }
        }
    }
}
