//! A per-person limit on commands: a burst from one person (a script, a stuck key, a hostile
//! member) cannot make the bot flood a room or starve the others.
//!
//! Counted per identity in windows of one minute of the engine clock. The first command over
//! the limit gets a polite refusal; the next ones in the same minute are recorded as handled
//! and get no answer, so that the refusals themselves cannot be used to flood. Kept in memory:
//! a restart forgets the counts, which only ever lets a person in earlier.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// What to do with one more command from a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Within the limit.
    Allow,
    /// Over it: say so, once.
    Refuse,
    /// Over it and already told: drop silently (recorded as handled).
    Ignore,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    minute: i64,
    count: u32,
}

/// Command counts per person for the current minute.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    windows: Mutex<HashMap<String, Window>>,
}

/// Past this many people tracked, windows of earlier minutes are forgotten.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    /// Counts one command from `who` at `now`, against `per_minute`.
    pub(crate) fn check(&self, who: &str, now: DateTime<Utc>, per_minute: u32) -> Verdict {
        let minute = now.timestamp().div_euclid(60);
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, w| w.minute == minute);
        }
        let w = windows
            .entry(who.to_owned())
            .or_insert(Window { minute, count: 0 });
        if w.minute != minute {
            *w = Window { minute, count: 0 };
        }
        w.count = w.count.saturating_add(1);
        verdict(w.count, per_minute)
    }
}

/// The verdict for the `count`-th command of a minute. Pure.
fn verdict(count: u32, per_minute: u32) -> Verdict {
    match count.checked_sub(per_minute) {
        None | Some(0) => Verdict::Allow,
        Some(1) => Verdict::Refuse,
        Some(_) => Verdict::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        let cases = [
            (1, 3, Verdict::Allow),
            (3, 3, Verdict::Allow),
            (4, 3, Verdict::Refuse),
            (5, 3, Verdict::Ignore),
            (u32::MAX, 3, Verdict::Ignore),
            (1, 0, Verdict::Refuse),
        ];
        for (count, limit, expected) in cases {
            assert_eq!(verdict(count, limit), expected, "{count}/{limit}");
        }
    }

    #[test]
    fn a_new_minute_starts_afresh_and_people_are_counted_apart() {
        let r = RateLimiter::default();
        let t = DateTime::from_timestamp(6_000, 0).expect("a valid instant");
        assert_eq!(r.check("a", t, 1), Verdict::Allow);
        assert_eq!(r.check("a", t, 1), Verdict::Refuse);
        assert_eq!(r.check("a", t, 1), Verdict::Ignore);
        assert_eq!(r.check("b", t, 1), Verdict::Allow);
        let next = t + chrono::Duration::minutes(1);
        assert_eq!(r.check("a", next, 1), Verdict::Allow);
    }
}
