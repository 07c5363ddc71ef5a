//! Every bound a person can push on, in one value: lengths, counts, horizons, quotas, rates.
//!
//! The engine checks these where an event enters it, and refuses politely in the person's
//! language, saying the limit. A deployment changes them in the `[limits]` section of its
//! configuration; the defaults suit a cohort of a few dozen people.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::error::UserError;
use crate::i18n::Msg;

const MIB: u64 = 1024 * 1024;

/// The bounds in force.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// How far ahead a reminder, a poll deadline or a snooze may be set, in days.
    pub horizon_days: i64,
    /// Longest poll question, in characters.
    pub poll_question_chars: usize,
    /// Longest poll option, in characters.
    pub poll_option_chars: usize,
    /// Longest reminder text, in characters.
    pub reminder_text_chars: usize,
    /// Shortest interval between two firings of a recurring (cron) reminder, in minutes.
    pub cron_min_interval_minutes: i64,
    /// Most times one recurring reminder fires before it stops (and says so).
    pub cron_max_fires: u32,
    /// Most active chat reminders per cohort.
    pub reminders_per_cohort: u32,
    /// Longest text of one submission, in characters.
    pub submission_text_chars: usize,
    /// Most versions kept of one member's deliverable for one atelier.
    pub versions_per_deliverable: u32,
    /// Most bytes of files one member may hand in over the whole cycle.
    pub bytes_per_member: u64,
    /// Most bytes of files a whole cohort may hand in.
    pub bytes_per_cohort: u64,
    /// Most commands one person may send in a minute; more are refused until the minute ends.
    pub commands_per_minute: u32,
    /// Least time between two `!mes-donnees` exports of one person, in minutes.
    pub my_data_every_minutes: i64,
    /// How long the text of a delivered private message is kept, in days; then only its
    /// envelope (who, when, which kind) remains.
    pub dm_retention_days: i64,
    /// Characters in a question about an atelier's preparation (`!question`).
    pub question_chars: usize,
    /// Questions one person may ask about one atelier's preparation.
    pub questions_per_atelier: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            horizon_days: 730,
            poll_question_chars: 300,
            poll_option_chars: 100,
            reminder_text_chars: 1000,
            cron_min_interval_minutes: 60,
            cron_max_fires: 500,
            reminders_per_cohort: 100,
            submission_text_chars: 50_000,
            versions_per_deliverable: 20,
            bytes_per_member: 200 * MIB,
            bytes_per_cohort: 5 * 1024 * MIB,
            commands_per_minute: 20,
            my_data_every_minutes: 60,
            dm_retention_days: 30,
            question_chars: 2_000,
            questions_per_atelier: 20,
        }
    }
}

impl Limits {
    /// The horizon as a duration.
    pub fn horizon(&self) -> Duration {
        Duration::try_days(self.horizon_days).unwrap_or(Duration::days(730))
    }

    /// `now + delay`, refused when it overflows or lands beyond the horizon.
    pub fn ahead(&self, now: DateTime<Utc>, delay: Duration) -> Result<DateTime<Utc>, UserError> {
        if delay > self.horizon() {
            return Err(self.beyond_horizon());
        }
        now.checked_add_signed(delay)
            .ok_or_else(|| self.beyond_horizon())
    }

    /// Refuses an instant beyond the horizon from `now`.
    pub fn within_horizon(
        &self,
        now: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, UserError> {
        match at.signed_duration_since(now) {
            d if d > self.horizon() => Err(self.beyond_horizon()),
            _ => Ok(at),
        }
    }

    /// The refusal for an instant too far ahead.
    pub fn beyond_horizon(&self) -> UserError {
        UserError(Msg::new("error-beyond-horizon").arg("days", self.horizon_days))
    }

    /// Refuses `text` longer than `max` characters, naming the limit.
    pub fn check_chars(text: &str, max: usize) -> Result<(), UserError> {
        let n = crate::text::char_count(text);
        if n > max {
            return Err(UserError(
                Msg::new("error-text-too-long")
                    .arg("length", n)
                    .arg("max", max),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn ahead_checks_overflow_and_horizon() {
        let l = Limits::default();
        let now = t("2027-02-01T08:00:00Z");
        assert_eq!(
            l.ahead(now, Duration::days(2)),
            Ok(t("2027-02-03T08:00:00Z"))
        );
        assert!(l.ahead(now, Duration::days(731)).is_err());
        assert!(l.ahead(now, Duration::MAX).is_err());
        assert!(
            l.ahead(DateTime::<Utc>::MAX_UTC, Duration::seconds(1))
                .is_err()
        );
        assert!(l.within_horizon(now, t("2029-02-02T08:00:00Z")).is_err());
        assert!(l.within_horizon(now, t("2028-02-02T08:00:00Z")).is_ok());
    }

    #[test]
    fn a_partial_configuration_keeps_the_other_defaults() {
        let l: Limits = toml::from_str("horizon_days = 90").unwrap();
        assert_eq!(l.horizon_days, 90);
        assert_eq!(l.poll_option_chars, Limits::default().poll_option_chars);
        assert!(toml::from_str::<Limits>("horizon = 3").is_err());
    }
}
