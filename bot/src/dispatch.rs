//! Delivery: adapters drain the outbox through a [`Deliver`] sink and mark each message
//! delivered only once the platform has it.
//!
//! A crash between "sent" and "marked" re-sends the message with the same idempotency key,
//! which the platforms use to drop the duplicate (Matrix transaction ids, Discord nonces).

use std::future::Future;

use chrono::{DateTime, Utc};

use crate::ids::Platform;
use crate::store::{self, OutboxMessage, Store, StoreError};

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Worth trying again later (network, rate limit, server down).
    #[error("temporary delivery failure: {0}")]
    Retry(String),
    /// Will never work as is (unknown room, closed DMs); recorded for facilitators.
    #[error("permanent delivery failure: {0}")]
    Permanent(String),
}

/// What an adapter implements to deliver outbox messages on its platform.
pub trait Deliver {
    /// Sends one message; `Ok` means the platform has it.
    fn deliver(
        &self,
        msg: &OutboxMessage,
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;
}

/// What a delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Messages delivered.
    pub delivered: usize,
    /// Messages that failed and stay pending.
    pub failed: usize,
}

/// Messages marked delivered per transaction: one fsync for many messages. A crash before the
/// mark re-sends at most this many, each with its idempotency key, which the platform uses to
/// drop the duplicate.
const MARK_BATCH: usize = 256;

/// Delivers up to `limit` pending messages of `platform` through `sink`, in order. Stops at the
/// first temporary failure so that order is kept; permanent failures are recorded and passed.
pub async fn deliver_pending<D: Deliver>(
    store: &Store,
    platform: Platform,
    sink: &D,
    limit: i64,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<DeliveryReport, StoreError> {
    let mut report = DeliveryReport::default();
    let pending = {
        let mut conn = store.pool().acquire().await?;
        store::outbox::pending(&mut conn, platform, limit).await?
    };
    let mut delivered = Vec::with_capacity(MARK_BATCH);
    for msg in pending {
        match sink.deliver(&msg).await {
            Ok(()) => {
                delivered.push(msg.id);
                report.delivered += 1;
                if delivered.len() >= MARK_BATCH {
                    mark(store, &mut delivered, now()).await?;
                }
            }
            Err(DeliveryError::Retry(e)) => {
                let mut conn = store.pool().acquire().await?;
                store::outbox::record_failure(&mut conn, msg.id, &e).await?;
                report.failed += 1;
                break;
            }
            Err(DeliveryError::Permanent(e)) => {
                tracing::warn!(key = %msg.key, error = %e, "message cannot be delivered");
                let mut conn = store.pool().acquire().await?;
                store::outbox::record_failure(&mut conn, msg.id, &e).await?;
                delivered.push(msg.id);
                report.failed += 1;
            }
        }
    }
    mark(store, &mut delivered, now()).await?;
    Ok(report)
}

async fn mark(
    store: &Store,
    ids: &mut Vec<crate::ids::OutboxId>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    store::outbox::mark_many_delivered(&mut tx, ids, now).await?;
    tx.commit().await?;
    ids.clear();
    Ok(())
}
