//! A serenity raw event handler that records `Event::Unknown`.

use std::sync::{Arc, Mutex};

use serenity::all::{Context, Event, RawEventHandler};
use serenity::async_trait;

use crate::record::lock;

/// Records every dispatch serenity could not parse. serenity turns a known event with a missing
/// required field into `Event::Unknown` without any error, so only a raw handler sees it.
#[derive(Clone, Debug, Default)]
pub struct UnknownEventGuard {
    seen: Arc<Mutex<Vec<String>>>,
}

/// A guard to register with `ClientBuilder::raw_event_handler`, and the list it fills
/// (`"EVENT_NAME: payload"`), which a test asserts empty.
pub fn unknown_event_guard() -> (UnknownEventGuard, Arc<Mutex<Vec<String>>>) {
    let guard = UnknownEventGuard::default();
    let seen = Arc::clone(&guard.seen);
    (guard, seen)
}

#[async_trait]
impl RawEventHandler for UnknownEventGuard {
    async fn raw_event(&self, _ctx: Context, event: Event) {
        if let Event::Unknown(unknown) = event {
            lock(&self.seen).push(format!("{}: {}", unknown.kind, unknown.value));
        }
    }
}
