//! Delivery: adapters drain the outbox through a [`Deliver`] sink and mark each message
//! delivered only once the platform has it.
//!
//! A crash between "sent" and "marked" re-sends the message with the same idempotency key,
//! which the platforms use to drop the duplicate (Matrix transaction ids, Discord nonces).

use std::collections::HashSet;
use std::future::Future;

use chrono::{DateTime, Utc};

use crate::domain::Role;
use crate::i18n::Msg;
use crate::ids::Platform;
use crate::store::{self, Destination, OutboxMessage, Store, StoreError};

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
    /// Messages that failed (passing failures stay pending; permanent ones are reported).
    pub failed: usize,
    /// Messages held back because their destination is waiting after a failure.
    pub waiting: usize,
}

/// Messages marked delivered per transaction: one fsync for many messages. A crash before the
/// mark re-sends at most this many, each with its idempotency key, which the platform uses to
/// drop the duplicate.
const MARK_BATCH: usize = 256;

/// How long one delivery may take (a file upload included) before it counts as a passing
/// failure: a platform call that never returns must not hold every other destination for ever.
pub const DELIVERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// How long a destination waits after its `n`-th passing failure: 1 s, 2 s, 4 s… at most a
/// minute. Other destinations do not wait.
pub fn retry_delay(attempts: i64) -> chrono::Duration {
    let exp = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    chrono::Duration::seconds(1i64 << exp).min(chrono::Duration::minutes(1))
}

/// Delivers up to `limit` pending messages of `platform` through `sink`.
///
/// Order is kept per destination, never across destinations: a room that fails for a passing
/// reason (rate limit, outage) waits with a growing delay while every other room and DM goes
/// on. A permanent failure (a room the bot left, closed DMs) is marked delivered so it is not
/// retried, and reported to the cohort's facilitators by private message.
pub async fn deliver_pending<D: Deliver>(
    store: &Store,
    platform: Platform,
    sink: &D,
    limit: i64,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<DeliveryReport, StoreError> {
    deliver_pending_with(store, platform, sink, limit, now, Utc::now).await
}

/// [`deliver_pending`] with the clock of the delivery backoff given: waiting for a platform
/// to come back is a matter of real time, even when the engine's clock is simulated (a
/// rehearsal, a test), so `deliver_pending` uses the system clock; tests pass their own.
pub async fn deliver_pending_with<D: Deliver>(
    store: &Store,
    platform: Platform,
    sink: &D,
    limit: i64,
    now: impl Fn() -> DateTime<Utc>,
    wall: impl Fn() -> DateTime<Utc>,
) -> Result<DeliveryReport, StoreError> {
    let clocks = Clocks {
        now,
        wall,
        timeout: DELIVERY_TIMEOUT,
    };
    deliver_pending_within(store, platform, sink, limit, clocks).await
}

/// The clocks of a delivery pass: the engine's (`now`), real time for the backoff (`wall`),
/// and how long one call to the platform may take.
#[derive(Debug, Clone, Copy)]
pub struct Clocks<N, W> {
    /// The engine's clock.
    pub now: N,
    /// Real time.
    pub wall: W,
    /// How long one delivery may take before it counts as a passing failure.
    pub timeout: std::time::Duration,
}

/// [`deliver_pending_with`] with every clock given, the delivery timeout too (tests).
pub async fn deliver_pending_within<D: Deliver, N, W>(
    store: &Store,
    platform: Platform,
    sink: &D,
    limit: i64,
    clocks: Clocks<N, W>,
) -> Result<DeliveryReport, StoreError>
where
    N: Fn() -> DateTime<Utc>,
    W: Fn() -> DateTime<Utc>,
{
    let Clocks { now, wall, timeout } = clocks;
    let mut report = DeliveryReport::default();
    let pending = {
        let mut conn = store.pool().acquire().await?;
        store::outbox::pending(&mut conn, platform, limit).await?
    };
    // Read after the messages: any effect committed with one of them is seen, so its file
    // exists before it goes out, even when the engine crashed between commit and file.
    if !pending.is_empty()
        && let Err(e) = crate::effect::apply_if_recorded(store, store.delivery_effects()).await
    {
        tracing::error!(error = %e.report(), "carrying out effects before delivery failed");
    }
    let mut delivered = Vec::with_capacity(MARK_BATCH);
    let mut waiting: HashSet<Destination> = HashSet::new();
    for msg in pending {
        if waiting.contains(&msg.destination) {
            continue;
        }
        if msg.retry_at.is_some_and(|t| t > wall()) {
            waiting.insert(msg.destination.clone());
            report.waiting += 1;
            continue;
        }
        tracing::debug!(key = %msg.key, "delivering");
        let attempt = tokio::time::timeout(timeout, sink.deliver(&msg)).await;
        let outcome = attempt.unwrap_or_else(|_| {
            tracing::warn!(key = %msg.key, "the platform did not answer a delivery in time; retried later");
            Err(DeliveryError::Retry("no answer from the platform in time".into()))
        });
        tracing::debug!(key = %msg.key, ok = outcome.is_ok(), "delivered");
        match outcome {
            Ok(()) => {
                delivered.push(msg.id);
                report.delivered += 1;
                if delivered.len() >= MARK_BATCH {
                    mark(store, &mut delivered, now()).await?;
                }
            }
            Err(DeliveryError::Retry(e)) => {
                let retry_at = wall() + retry_delay(msg.attempts.saturating_add(1));
                let mut conn = store.pool().acquire().await?;
                store::outbox::record_failure(&mut conn, msg.id, &e, Some(retry_at)).await?;
                waiting.insert(msg.destination.clone());
                report.failed += 1;
            }
            Err(DeliveryError::Permanent(e)) => {
                tracing::warn!(key = %msg.key, error = %e, "message cannot be delivered");
                let mut tx = store.begin().await?;
                store::outbox::record_failure(&mut tx, msg.id, &e, None).await?;
                store::outbox::mark_many_delivered(&mut tx, &[msg.id], now()).await?;
                report_undeliverable(&mut tx, &msg, now()).await?;
                tx.commit().await?;
                report.failed += 1;
            }
        }
    }
    mark(store, &mut delivered, now()).await?;
    Ok(report)
}

/// Writes, for each facilitator of the message's cohort, a private note that it could not be
/// delivered. Reports about reports are not written, so a facilitator whose DMs are closed
/// cannot start a loop.
async fn report_undeliverable(
    tx: &mut sqlx::SqliteConnection,
    msg: &OutboxMessage,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(cohort) = msg.cohort else {
        return Ok(());
    };
    if msg.key.starts_with(UNDELIVERABLE_PREFIX) {
        return Ok(());
    }
    let Some(c) = store::cohorts::cohort(&mut *tx, cohort).await? else {
        return Ok(());
    };
    let (kind, whom) = match &msg.destination {
        Destination::Room(r) => ("room", r.room.clone()),
        Destination::Direct(i) => ("dm", i.user.clone()),
        Destination::Space(s) => ("space", format!("{}/{}", s.atelier, s.group)),
    };
    let whom = match &msg.destination {
        Destination::Direct(i) => store::members::by_identity(&mut *tx, cohort, i)
            .await?
            .map_or(whom, |m| m.display_name),
        Destination::Room(_) | Destination::Space(_) => whom,
    };
    for (m, dm) in store::members::of_cohort_with_dm(&mut *tx, cohort).await? {
        if m.role != Role::Facilitator {
            continue;
        }
        let Some(identity) = dm else { continue };
        let lang = m.language.unwrap_or(c.language);
        let body = Msg::new("undeliverable")
            .arg("kind", kind)
            .arg("whom", whom.as_str())
            .render(lang);
        store::outbox::insert(
            &mut *tx,
            &store::NewOutboxMessage {
                key: format!("{UNDELIVERABLE_PREFIX}{}:{identity}", msg.id.0),
                cohort: Some(cohort),
                destination: Destination::Direct(identity),
                member: Some(m.id),
                body,
                attachments: Vec::new(),
                in_reply_to: None,
                job: None,
                replaces: None,
                extra: None,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// The key prefix of the reports written by [`report_undeliverable`].
const UNDELIVERABLE_PREFIX: &str = "undeliverable:";

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
