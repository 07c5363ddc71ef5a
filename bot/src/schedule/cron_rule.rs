//! Standard 5-field cron rules as users write them, converted for the `cron` crate.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A parsed recurring rule.
#[derive(Debug, Clone, PartialEq)]
pub struct CronRule {
    /// What the user wrote.
    pub source: String,
}

/// Why a cron rule was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid cron rule")]
pub struct CronError;

impl CronRule {
    /// Parses a standard 5-field cron rule (`"0 9 * * MON"`, `"30 18 * * 1-5"`).
    pub fn parse(source: &str) -> Result<CronRule, CronError> {
        Ok(CronRule {
            source: source.to_owned(),
        })
    }

    /// The first firing strictly after `after`, evaluated in local time in `tz`.
    pub fn next_after(&self, _tz: Tz, _after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        None
    }
}
