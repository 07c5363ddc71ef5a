//! Programme files: one cohort's whole cycle described in TOML (cohort, ateliers, references,
//! deliverables, reminder rules, recurring reminders).
//!
//! [`parse`] turns the text of a file into a checked [`Programme`], or into every
//! [`Problem`] found, each with its line and column, so a facilitator can fix them all at once.

mod fields;
mod parse;
mod parts;
mod reminders;
mod report;
mod review;
#[cfg(test)]
mod tests;
mod validate;
mod values;

pub use parse::parse;

/// The time zone whose name is closest to `word`, to suggest when it names none.
pub fn closest_zone(word: &str) -> Option<&'static str> {
    values::closest_zone(word)
}

use chrono::NaiveDateTime;

use crate::domain::{DeliverableSpec, Lang, Parts, Reference, Session, default_sessions};
use crate::i18n::Msg;
use crate::schedule::{RecurringReminder, ReminderRule};

/// A checked programme: everything a cohort's cycle needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    /// The cohort this programme is for.
    pub cohort: CohortSettings,
    /// Ateliers in number order (1..=n, no gaps).
    pub ateliers: Vec<ProgrammeAtelier>,
    /// Reminder rules; the defaults when the file names none, empty when it says `rule = []`.
    pub rules: Vec<ReminderRule>,
    /// Recurring reminders written as cron rules.
    pub recurring: Vec<RecurringReminder>,
    /// The cohort's objectives (`[[objective]]`), for the self-assessment at the end.
    pub objectives: Vec<String>,
    /// When the facilitators' follow-up digest goes out (`[followup]`, Mondays at 08:00 by
    /// default); `None`: never.
    pub followup_digest: Option<crate::schedule::CronRule>,
    /// The text it was read from, kept at import so a change decided in chat re-plans the
    /// cohort from the same rules.
    pub source: String,
}

impl Programme {
    /// The ateliers that take place: every one but those cancelled.
    pub fn live_ateliers(&self) -> impl Iterator<Item = &ProgrammeAtelier> {
        self.ateliers.iter().filter(|a| a.cancelled.is_none())
    }
}

/// The `[cohort]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortSettings {
    /// Short unique name, used to find the cohort on re-import and in `export`.
    pub name: String,
    /// Title shown to people.
    pub title: String,
    /// IANA zone of every local time in the file (default Europe/Paris).
    pub timezone: chrono_tz::Tz,
    /// Language for members who chose none (default French).
    pub language: Lang,
    /// Parts of the method in use (`[preparation]`, `[attendance]`; all on by default).
    pub parts: Parts,
    /// The training organisation running the cycle, named on completion certificates.
    pub organisation: Option<String>,
}

/// One `[[atelier]]` with its references and deliverable.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeAtelier {
    /// Position in the cycle, 1..=n.
    pub number: u32,
    /// Title.
    pub title: String,
    /// What it is about.
    pub summary: String,
    /// Start, local time.
    pub start: NaiveDateTime,
    /// End, local time.
    pub end: NaiveDateTime,
    /// Physical place, if any.
    pub place: Option<String>,
    /// Video-call link, if any.
    pub link: Option<String>,
    /// Preparatory references, in file order.
    pub references: Vec<Reference>,
    /// The deliverable expected after the atelier, if any.
    pub deliverable: Option<DeliverableSpec>,
    /// Attendance sessions the file lists (`[[atelier.session]]`); empty: the default.
    pub sessions: Vec<Session>,
    /// Why it is cancelled (`cancelled = "…"`, or `!atelier-annuler`); `None`: it takes place.
    pub cancelled: Option<String>,
    /// The instructions of its group exercise (`exercise = "…"`), posted in each group's space.
    pub exercise: Option<String>,
    /// How long after its end the deliverable is due, when the file says so (`due_after`)
    /// rather than giving a date: the deadline then moves with the atelier.
    pub due_after_end: Option<chrono::TimeDelta>,
}

impl ProgrammeAtelier {
    /// Moves the atelier to start at `start`, keeping its length; listed sessions and a
    /// deadline relative to its end move with it. `None` when a date would overflow.
    pub fn moved_to(&self, start: NaiveDateTime) -> Option<ProgrammeAtelier> {
        let delta = start.signed_duration_since(self.start);
        let shift = |t: NaiveDateTime| t.checked_add_signed(delta);
        let mut moved = self.clone();
        moved.start = start;
        moved.end = shift(self.end)?;
        moved.sessions = self
            .sessions
            .iter()
            .map(|s| {
                Some(Session {
                    start: shift(s.start)?,
                    end: shift(s.end)?,
                })
            })
            .collect::<Option<_>>()?;
        if let (Some(offset), Some(d)) = (self.due_after_end, moved.deliverable.as_mut()) {
            d.due = moved.end.checked_add_signed(offset)?;
        }
        Some(moved)
    }

    /// The attendance sessions: those listed, or one per half-day from start to end.
    pub fn sessions(&self) -> Vec<Session> {
        if self.sessions.is_empty() {
            default_sessions(self.start, self.end)
        } else {
            self.sessions.clone()
        }
    }
}

/// Something wrong in a programme file, located precisely.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong, localisable.
    pub message: Msg,
}
