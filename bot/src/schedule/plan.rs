//! The plan: every automated message a programme produces, in time order.
//! (Interface stub; the real body lands from the schedule branch.)

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{RuleKind, Target};

/// What produced a planned message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannedKind {
    /// A reminder rule.
    Rule(RuleKind),
    /// A recurring reminder (index into `programme.recurring`).
    Recurring {
        /// Index into the programme's recurring rules.
        index: usize,
    },
}

/// One automated message the scheduler will send.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedMessage {
    /// Local due time.
    pub due_local: NaiveDateTime,
    /// Due instant.
    pub due_utc: DateTime<Utc>,
    /// What produced it.
    pub kind: PlannedKind,
    /// Atelier number, if any.
    pub atelier: Option<u32>,
    /// Who receives it.
    pub target: Target,
}

impl PlannedMessage {
    /// Idempotency key.
    pub fn key(&self) -> String {
        String::new()
    }
}

/// Every message `programme` produces, in chronological order.
pub fn plan(_programme: &crate::programme::Programme) -> Vec<PlannedMessage> {
    Vec::new()
}
