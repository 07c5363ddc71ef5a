//! Standard 5-field cron rules as users write them, converted for the `cron` crate.

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
