//! The domain of a workshop cycle: cohorts, members and their roles, ateliers, references and
//! deliverable specs. Plain values, no I/O.

mod around;
mod deliverable;

pub use around::{
    AttendanceMode, MAX_CLOSES_AFTER, MAX_EVALUATION_DAYS, MAX_EVALUATION_REMINDER_HOURS,
    MAX_OBJECTIVE_CHARS, MAX_OBJECTIVES, MAX_OPENS_BEFORE, MAX_SESSIONS, Parts, Presence, Session,
    default_sessions,
};
pub use deliverable::{SubmissionStatus, lateness, links_in, owes_deliverable, to_chase};

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use crate::ids::{AtelierId, CohortId, MemberId};

/// A language compagnon speaks. French is the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Français, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every supported language, French first.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The two-letter code (`fr`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses a code such as `fr`, `FR`, `fr-FR`, `en-GB`, `français`, `english`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_lowercase();
        let base = s.split(['-', '_']).next().unwrap_or("");
        match base {
            "fr" | "français" | "francais" | "french" => Some(Lang::Fr),
            "en" | "anglais" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a member may do in a cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Reads, but hands nothing in and does not vote.
    Observer,
    /// Follows the cycle: hands in deliverables, votes.
    Participant,
    /// Runs the cycle: posts polls and reminders, reviews deliverables.
    Facilitator,
}

impl Role {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Observer => "observer",
            Role::Participant => "participant",
            Role::Facilitator => "facilitator",
        }
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_lowercase().as_str() {
            "observer" | "observateur" | "observatrice" => Ok(Role::Observer),
            "participant" | "participante" => Ok(Role::Participant),
            "facilitator" | "facilitateur" | "facilitatrice" | "animateur" | "animatrice" => {
                Ok(Role::Facilitator)
            }
            _ => Err(()),
        }
    }
}

/// A cohort: a group of people following one programme in one time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// Store id.
    pub id: CohortId,
    /// Short unique name, e.g. `bvm-printemps-2027`.
    pub name: String,
    /// Title shown to people.
    pub title: String,
    /// IANA time zone in which all local times of the programme are written.
    pub timezone: Tz,
    /// Language used for members who chose none.
    pub language: Lang,
    /// Which parts of the method around each atelier it uses.
    pub parts: Parts,
    /// The training organisation running the cycle, if the programme names it.
    pub organisation: Option<String>,
}

/// A person in a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Store id.
    pub id: MemberId,
    /// Cohort the member belongs to.
    pub cohort: CohortId,
    /// Name shown to others.
    pub display_name: String,
    /// What the member may do.
    pub role: Role,
    /// Explicit language preference, if any.
    pub language: Option<Lang>,
    /// Whether the member receives reminder DMs.
    pub reminders_enabled: bool,
    /// Their own time zone, when it is not the cohort's (`!fuseau`).
    pub timezone: Option<Tz>,
}

/// One atelier (workshop day) of the cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Atelier {
    /// Store id.
    pub id: AtelierId,
    /// Position in the cycle, 1..=n.
    pub number: u32,
    /// Title, e.g. « Le sens avant l'action ».
    pub title: String,
    /// What the atelier is about.
    pub summary: String,
    /// Start, in the cohort's local time.
    pub start: NaiveDateTime,
    /// End, in the cohort's local time.
    pub end: NaiveDateTime,
    /// Where it happens (an address), if anywhere physical.
    pub place: Option<String>,
    /// Video-call link for remote participants, if any.
    pub link: Option<String>,
    /// Attendance sessions, in order: the programme's, or one per half-day.
    pub sessions: Vec<Session>,
    /// Why it is cancelled; `None`: it takes place.
    pub cancelled: Option<String>,
    /// How many times its date or status changed (the iCalendar `SEQUENCE`).
    pub sequence: u32,
    /// The instructions of its group exercise, if the programme gives them.
    pub exercise: Option<String>,
}

/// What kind of preparatory material a reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceKind {
    /// Something to read.
    Reading,
    /// A video.
    Video,
    /// A podcast or recording.
    Audio,
    /// A website or tool.
    Website,
    /// An exercise to do before the atelier.
    Exercise,
}

impl ReferenceKind {
    /// Every kind, in display order.
    pub const ALL: [ReferenceKind; 5] = [
        ReferenceKind::Reading,
        ReferenceKind::Video,
        ReferenceKind::Audio,
        ReferenceKind::Website,
        ReferenceKind::Exercise,
    ];

    /// The stored and programme-file form.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Reading => "lecture",
            ReferenceKind::Video => "video",
            ReferenceKind::Audio => "audio",
            ReferenceKind::Website => "site",
            ReferenceKind::Exercise => "exercice",
        }
    }

    /// Parses the form written by [`ReferenceKind::as_str`] (English names accepted too).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "lecture" | "reading" | "article" | "livre" | "book" => Some(ReferenceKind::Reading),
            "video" | "vidéo" => Some(ReferenceKind::Video),
            "audio" | "podcast" => Some(ReferenceKind::Audio),
            "site" | "website" | "outil" | "tool" => Some(ReferenceKind::Website),
            "exercice" | "exercise" => Some(ReferenceKind::Exercise),
            _ => None,
        }
    }
}

/// Preparatory material for an atelier.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Title.
    pub title: String,
    /// Where to find it, if online.
    pub url: Option<String>,
    /// Inline text (a note, an exercise statement), if any.
    pub text: Option<String>,
    /// What kind of material it is.
    pub kind: ReferenceKind,
    /// Whether participants must go through it before the atelier.
    pub required: bool,
}

/// The deliverable participants hand in after an atelier.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliverableSpec {
    /// Title.
    pub title: String,
    /// What to produce.
    pub instructions: String,
    /// Deadline, in the cohort's local time.
    pub due: NaiveDateTime,
    /// One submission per small group (`by = "group"`) rather than one per person.
    pub by_group: bool,
    /// Peer review after the deadline, when the programme asks for it.
    pub review: Option<ReviewSpec>,
}

/// How a deliverable is reviewed by peers (`[atelier.deliverable.review]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReviewSpec {
    /// Reviewers per submission.
    pub reviewers: u32,
    /// What each reviewer scores.
    pub criteria: Vec<String>,
    /// The top of the scale (scores from 1 to it).
    pub scale: u32,
    /// How long after the deliverable's deadline the reviews are due, in minutes.
    pub minutes_after: i64,
    /// Whether authors see who reviewed them.
    pub anonymous: bool,
}

impl ReviewSpec {
    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "null".to_owned())
    }

    /// Reads the stored form.
    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str(s).ok()
    }

    /// When the reviews are due, from the deliverable's deadline (local time).
    pub fn due(&self, deadline: NaiveDateTime) -> NaiveDateTime {
        deadline
            .checked_add_signed(chrono::TimeDelta::minutes(self.minutes_after))
            .unwrap_or(deadline)
    }
}
