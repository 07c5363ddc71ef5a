//! The one loop that turns due jobs into messages and messages into deliveries, for every
//! adapter: adapters implement [`Deliver`] and feed events; they own no loop of their own.
//!
//! Each pass fires due jobs (each in its own savepoint, failures retried then set aside and
//! reported: [`Engine::fire_due_jobs`]) and drains the platform's outbox (a queue per
//! destination, so a dead room never blocks a live one: [`deliver_pending`]). A pass that
//! fails — or panics — is logged and the loop goes on: the runner never dies quietly.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::dispatch::{Deliver, DeliveryReport, deliver_pending};
use crate::engine::{Engine, FiredJobs};
use crate::ids::Platform;

/// How the runner paces itself.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Longest sleep between two passes when nothing wakes the runner.
    pub tick: Duration,
    /// Most jobs fired and messages delivered in one pass.
    pub batch: i64,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            tick: Duration::from_secs(1),
            batch: 500,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Jobs fired.
    pub fired: FiredJobs,
    /// Messages delivered.
    pub delivery: DeliveryReport,
}

impl Pass {
    /// Whether the pass changed nothing: no job left pending, no message moved.
    pub fn is_idle(&self) -> bool {
        self.fired.sent + self.fired.skipped + self.fired.failed == 0
            && self.delivery.delivered + self.delivery.failed == 0
    }
}

/// One pass: deliver what `platform` has pending through `sink`, fire due jobs, then deliver
/// what they wrote. Answers waiting go out first: a reply is not held back behind the search
/// for due jobs.
pub async fn pass<D: Deliver>(
    engine: &Engine,
    platform: Platform,
    sink: &D,
    batch: i64,
) -> Result<Pass, crate::error::EngineError> {
    let now = || engine.now();
    tracing::trace!(%platform, "pass: delivering");
    let mut delivery = deliver_pending(engine.store(), platform, sink, batch, now).await?;
    tracing::trace!(%platform, "pass: firing due jobs");
    let fired = engine.fire_due_jobs(batch).await?;
    tracing::trace!(%platform, ?fired, "pass: fired");
    if fired != FiredJobs::default() {
        let more = deliver_pending(engine.store(), platform, sink, batch, now).await?;
        delivery.delivered += more.delivered;
        delivery.failed += more.failed;
        delivery.waiting = more.waiting;
    }
    Ok(Pass { fired, delivery })
}

/// Runs passes until `stop` turns true: after each, sleeps until `wake` is notified (a new
/// event was handled), the tick passes, or `stop` changes. A full batch goes again at once.
pub async fn run<D: Deliver + Sync>(
    engine: Engine,
    platform: Platform,
    sink: Arc<D>,
    wake: Arc<Notify>,
    pace: Pace,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let attempt = std::panic::AssertUnwindSafe(pass(&engine, platform, &*sink, pace.batch));
        let full = match futures_util::FutureExt::catch_unwind(attempt).await {
            Ok(Ok(p)) => {
                if p.delivery.waiting + p.delivery.failed > 0 {
                    tracing::debug!(?p, "some messages wait for their destination");
                }
                let batch = usize::try_from(pace.batch).unwrap_or(usize::MAX);
                p.delivery.delivered + p.delivery.failed >= batch
                    || p.fired.sent + p.fired.skipped >= batch
            }
            Ok(Err(e)) => {
                tracing::error!(%platform, error = %e.report(), "a scheduler pass failed; next one soon");
                false
            }
            Err(panic) => {
                tracing::error!(%platform, panic = %crate::engine::describe_panic(&panic), "a scheduler pass panicked; the runner goes on");
                false
            }
        };
        if *stop.borrow() {
            return;
        }
        if full {
            continue;
        }
        tracing::trace!(%platform, "runner waits");
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(pace.tick) => {}
            _ = stop.changed() => {}
        }
    }
}
