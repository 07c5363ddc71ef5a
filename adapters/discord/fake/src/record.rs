//! Logs of what the bot did (REST calls, gateway frames) that tests read or wait on.

use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;

/// One REST request the bot made, with the fake's answer status.
#[derive(Clone, Debug)]
pub struct RestCall {
    /// `GET`, `POST`…
    pub method: String,
    /// Path without the query, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// JSON body (for multipart requests: the `payload_json` part).
    pub body: Option<Value>,
    /// Files of a multipart request.
    pub files: Vec<RecordedFile>,
    /// Status code the fake answered.
    pub status: u16,
    /// The fake's JSON answer, if any.
    pub response: Option<Value>,
}

impl RestCall {
    /// Whether the path, after `/api/v10`, starts with `prefix` (e.g. `/channels/1/messages`).
    pub fn is(&self, method: &str, api_path: &str) -> bool {
        self.method == method && self.api_path() == api_path
    }

    /// The path without its `/api/v10` prefix.
    pub fn api_path(&self) -> &str {
        self.path.strip_prefix("/api/v10").unwrap_or(&self.path)
    }

    /// A string field of the JSON body (`content`, `nonce`…).
    pub fn body_str(&self, pointer: &str) -> Option<&str> {
        self.body.as_ref()?.pointer(pointer)?.as_str()
    }
}

/// A file part of a multipart request.
#[derive(Clone, Debug)]
pub struct RecordedFile {
    /// Form field name (`files[0]`).
    pub field: String,
    /// File name.
    pub filename: Option<String>,
    /// MIME type.
    pub content_type: Option<String>,
    /// Content.
    pub bytes: Vec<u8>,
}

/// One frame the bot sent on the gateway, or one the fake sent to it.
#[derive(Clone, Debug)]
pub struct GatewayFrame {
    /// Which WebSocket connection (counting from 1).
    pub connection: u64,
    /// `true` for bot → fake.
    pub from_bot: bool,
    /// Opcode.
    pub op: u64,
    /// Dispatch name for op 0.
    pub t: Option<String>,
    /// Sequence number of a dispatch.
    pub s: Option<u64>,
    /// Payload.
    pub d: Value,
}

/// An append-only log whose readers can wait for an entry.
#[derive(Debug)]
pub(crate) struct Log<T> {
    entries: Mutex<Vec<T>>,
    changed: Notify,
}

impl<T: Clone> Log<T> {
    pub(crate) fn new() -> Self {
        Self {
            entries: Mutex::new(Vec::new()),
            changed: Notify::new(),
        }
    }

    pub(crate) fn push(&self, entry: T) {
        lock(&self.entries).push(entry);
        self.changed.notify_waiters();
    }

    pub(crate) fn snapshot(&self) -> Vec<T> {
        lock(&self.entries).clone()
    }

    /// Waits for the first entry matching `pred` (including past ones).
    pub(crate) async fn wait_for(&self, pred: impl Fn(&T) -> bool, timeout: Duration) -> Option<T> {
        self.wait_for_nth(pred, 1, timeout).await
    }

    /// Waits until `n` entries match `pred` and returns the `n`-th.
    pub(crate) async fn wait_for_nth(
        &self,
        pred: impl Fn(&T) -> bool,
        n: usize,
        timeout: Duration,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before the check so that a push between check and await is not missed.
            let notified = self.changed.notified();
            if let Some(found) = lock(&self.entries).iter().filter(|e| pred(e)).nth(n - 1) {
                return Some(found.clone());
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }
}

/// Locks a mutex, ignoring poisoning: a panicking test thread must not hide the log from the
/// assertion that explains it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
