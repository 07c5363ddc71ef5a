//! When automated messages go out: reminder rules, recurring cron rules, local-time resolution
//! across daylight-saving changes, the pure plan of every message a programme produces, and the
//! date phrases people type (`demain 9h`).
//!
//! Everything here is pure: values in, values out, no clock reads.

mod cron_rule;
mod phrase;
mod plan;
mod rules;
mod tz;

pub use cron_rule::{CronError, CronField, CronRule, FieldProblem};
pub use phrase::{PhraseError, parse_when};
pub use plan::{PlannedKind, PlannedMessage, plan};
pub use rules::{
    DecisionStep, Direction, EvalStep, ReminderRule, ReviewStep, RuleKind, Target, Timing,
    default_rules,
};
pub use tz::{local_to_utc, utc_to_local};

/// A reminder that repeats on a cron rule, written by a facilitator in the programme file.
#[derive(Debug, Clone, PartialEq)]
pub struct RecurringReminder {
    /// The rule, as the facilitator wrote it (standard 5-field cron) and parsed.
    pub cron: CronRule,
    /// The text to send.
    pub text: String,
    /// Who receives it.
    pub target: Target,
    /// First local day it may fire; defaults to the cycle's first day when absent.
    pub from: Option<chrono::NaiveDate>,
    /// Last local day it may fire; defaults to the cycle's last day when absent.
    pub until: Option<chrono::NaiveDate>,
}
