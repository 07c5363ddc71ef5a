//! Where the time of an answer goes, for the operator and the `matrix_reply` bench: for each
//! command event, when the homeserver stamped it, when the SDK handed it to us, when the engine
//! had committed it, when its reply request left and when the homeserver acknowledged it.
//!
//! Only kept when the target `compagnon::latency` is enabled at debug level
//! (`RUST_LOG=…,compagnon::latency=debug`): one line per reply, then the stamps are dropped.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The log target of the breakdown lines.
pub const TARGET: &str = "compagnon::latency";

/// Events awaiting their reply are few; a bound keeps a flood of unanswered ones from growing
/// the map.
const MAX_TRACKED: usize = 1024;

#[derive(Debug, Clone, Copy)]
struct Stamps {
    /// From the homeserver's timestamp to the handler (sync long-poll, SDK processing).
    sync: Duration,
    /// When the handler started.
    received: Instant,
    /// When the event was handed to the engine (after reading who and where).
    engine_started: Instant,
    /// When the engine returned: the event and its answers committed.
    committed: Instant,
}

/// The stamps of events waiting for their reply.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    pending: Mutex<HashMap<String, Stamps>>,
}

/// Whether anyone reads the breakdown.
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::DEBUG)
}

impl Probe {
    /// Notes an event handled: stamped by the server at `server_ts_ms`, received at `received`,
    /// handed to the engine at `engine_started`.
    pub(crate) fn committed(
        &self,
        event_id: &str,
        server_ts_ms: u64,
        received: Instant,
        engine_started: Instant,
    ) {
        if !enabled() {
            return;
        }
        let committed = Instant::now();
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let handler_wall = since_epoch.saturating_sub(committed.duration_since(received));
        let sync = handler_wall.saturating_sub(Duration::from_millis(server_ts_ms));
        let mut pending = self.pending.lock().expect("latency probe lock");
        if pending.len() >= MAX_TRACKED {
            pending.clear();
        }
        pending.insert(
            event_id.to_owned(),
            Stamps {
                sync,
                received,
                engine_started,
                committed,
            },
        );
    }

    /// Notes the reply to `event_id` sent at `sent` and acknowledged now, and logs the line.
    pub(crate) fn replied(&self, event_id: &str, sent: Instant) {
        let Some(s) = self
            .pending
            .lock()
            .expect("latency probe lock")
            .remove(event_id)
        else {
            return;
        };
        let acknowledged = Instant::now();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        tracing::debug!(
            target: TARGET,
            sync_ms = ms(s.sync),
            handle_ms = ms(s.committed.duration_since(s.received)),
            origin_ms = ms(s.engine_started.duration_since(s.received)),
            engine_ms = ms(s.committed.duration_since(s.engine_started)),
            queue_ms = ms(sent.saturating_duration_since(s.committed)),
            send_ms = ms(acknowledged.duration_since(sent)),
            event_to_request_ms = ms(sent.saturating_duration_since(s.received)),
            "reply acknowledged"
        );
    }
}
