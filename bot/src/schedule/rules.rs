//! Reminder rules: which automated message goes out, when relative to its anchor, to whom.

use chrono::NaiveTime;

/// What a rule produces, and what it is anchored to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// The atelier's preparatory references (anchor: atelier start).
    References,
    /// A reminder that the atelier is coming, with its place or link (anchor: atelier start).
    AtelierReminder,
    /// A reminder to those who have not handed in the deliverable yet (anchor: deadline).
    DeadlineChase,
    /// Who handed in and who is late, for facilitators (anchor: deadline).
    DeadlineSummary,
}

impl RuleKind {
    /// The programme-file and stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::References => "references",
            RuleKind::AtelierReminder => "atelier-reminder",
            RuleKind::DeadlineChase => "deadline-chase",
            RuleKind::DeadlineSummary => "deadline-summary",
        }
    }

    /// Parses [`RuleKind::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Self> {
        [
            RuleKind::References,
            RuleKind::AtelierReminder,
            RuleKind::DeadlineChase,
            RuleKind::DeadlineSummary,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Who receives an automated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// The cohort's linked rooms.
    Room,
    /// Each participant by DM (for a deadline chase: only those who have not handed in).
    Participants,
    /// Each facilitator by DM.
    Facilitators,
}

impl Target {
    /// The programme-file and stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Room => "room",
            Target::Participants => "participants",
            Target::Facilitators => "facilitators",
        }
    }

    /// Parses [`Target::as_str`]'s form (French names accepted too).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "room" | "salon" => Some(Target::Room),
            "participants" | "dm" => Some(Target::Participants),
            "facilitators" | "facilitateurs" => Some(Target::Facilitators),
            _ => None,
        }
    }
}

/// Before or after the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Ahead of the anchor.
    Before,
    /// After the anchor.
    After,
}

/// When a rule fires relative to its anchor.
///
/// With `at`, the rule fires on the anchor's local day shifted by `days`, at the local time `at`
/// (e.g. "7 days before, 9:00"). Without it, it fires `days`, `hours` and `minutes` away from
/// the anchor's local time (e.g. "1 hour before").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timing {
    /// Before or after the anchor.
    pub direction: Direction,
    /// Whole days.
    pub days: u32,
    /// Hours (only without `at`).
    pub hours: u32,
    /// Minutes (only without `at`).
    pub minutes: u32,
    /// Local time of day, if the rule names one.
    pub at: Option<NaiveTime>,
}

/// One reminder rule of a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderRule {
    /// What it produces.
    pub kind: RuleKind,
    /// When, relative to the anchor.
    pub timing: Timing,
    /// Who receives it.
    pub targets: Vec<Target>,
}

/// The rules a cohort gets when its programme names none.
pub fn default_rules() -> Vec<ReminderRule> {
    Vec::new()
}
