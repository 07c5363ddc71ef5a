//! What happens around each atelier besides references and deliverables: which parts of the
//! method a cohort uses (preparation check-ins, attendance), and the attendance sessions of an
//! atelier. Plain values and pure rules.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// Longest an attendance window may open before a session starts, in minutes.
pub const MAX_OPENS_BEFORE: u32 = 240;
/// Longest an attendance window may stay open after a session starts, in minutes.
pub const MAX_CLOSES_AFTER: u32 = 480;
/// Most attendance sessions an atelier may list.
pub const MAX_SESSIONS: usize = 12;
/// Most objectives a programme may list.
pub const MAX_OBJECTIVES: usize = 12;
/// Longest an objective may be, in characters.
pub const MAX_OBJECTIVE_CHARS: usize = 400;
/// Latest the one reminder to evaluate may come after the evaluation opens, in hours.
pub const MAX_EVALUATION_REMINDER_HOURS: u32 = 24 * 14;
/// Longest an evaluation may stay open, in days.
pub const MAX_EVALUATION_DAYS: u32 = 60;

/// Which parts of the method around each atelier a cohort uses, as its programme sets them
/// (`[preparation]`, `[attendance]`). Stored as JSON on the cohort; every field has the default
/// a cohort gets when its programme says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Parts {
    /// Preparation check-ins (`!pret`, `!question`, the nudge and the questions digest).
    pub preparation: bool,
    /// Whether the questions digest names who asked.
    pub questions_named: bool,
    /// Attendance sheets (`!present`, `!presence`, the session messages).
    pub attendance: bool,
    /// Minutes before a session's start when presence can first be confirmed.
    pub attendance_opens_before: u32,
    /// Minutes after a session's start when self-confirmation closes.
    pub attendance_closes_after: u32,
    /// Evaluations after each atelier and the self-assessment at the end.
    pub evaluation: bool,
    /// Whether evaluations are anonymous.
    pub evaluation_anonymous: bool,
    /// Hours after an evaluation opens when those who have not answered are reminded, once
    /// (0: never).
    pub evaluation_reminder_hours: u32,
    /// Days an evaluation stays open.
    pub evaluation_days: u32,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            preparation: true,
            questions_named: true,
            attendance: true,
            attendance_opens_before: 15,
            attendance_closes_after: 30,
            evaluation: true,
            evaluation_anonymous: true,
            evaluation_reminder_hours: 48,
            evaluation_days: 14,
        }
    }
}

impl Parts {
    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Reads the stored form; fields it lacks take their default.
    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str(s).ok()
    }

    /// Whether `now` (local) is within the self-confirmation window of `session`.
    pub fn attendance_open(&self, session: &Session, now: NaiveDateTime) -> bool {
        let before = TimeDelta::minutes(i64::from(self.attendance_opens_before));
        let after = TimeDelta::minutes(i64::from(self.attendance_closes_after));
        let opens = session.start.checked_sub_signed(before);
        let closes = session.start.checked_add_signed(after);
        opens.is_some_and(|o| now >= o) && closes.is_some_and(|c| now <= c)
    }
}

/// One attendance session of an atelier (a half-day, by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// Start, local time.
    pub start: NaiveDateTime,
    /// End, local time.
    pub end: NaiveDateTime,
}

impl Session {
    /// Length in whole minutes (0 for a session that ends before it starts).
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes().max(0)
    }
}

/// Where a morning session ends and an afternoon one starts when an atelier covers both.
fn noon() -> (NaiveTime, NaiveTime) {
    (
        NaiveTime::from_hms_opt(12, 30, 0).unwrap_or(NaiveTime::MIN),
        NaiveTime::from_hms_opt(13, 30, 0).unwrap_or(NaiveTime::MIN),
    )
}

/// The sessions of an atelier from `start` to `end` when its programme lists none: one per
/// half-day — on each day it covers, a morning session until 12:30 and an afternoon session
/// from 13:30, or a single session when the atelier is only on one side of the lunch break.
pub fn default_sessions(start: NaiveDateTime, end: NaiveDateTime) -> Vec<Session> {
    let (lunch_starts, lunch_ends) = noon();
    let mut out = Vec::new();
    let mut day = start.date();
    while day <= end.date() && out.len() < MAX_SESSIONS {
        let from = if day == start.date() {
            start
        } else {
            day.and_hms_opt(9, 0, 0).unwrap_or(start)
        };
        let to = if day == end.date() {
            end
        } else {
            day.and_hms_opt(17, 30, 0).unwrap_or(end)
        };
        let morning_end = day.and_time(lunch_starts);
        let afternoon_start = day.and_time(lunch_ends);
        if from < morning_end && to > afternoon_start {
            out.push(Session {
                start: from,
                end: morning_end,
            });
            out.push(Session {
                start: afternoon_start,
                end: to,
            });
        } else if from < to {
            out.push(Session {
                start: from,
                end: to,
            });
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out
}

/// What a person's attendance at a session was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// There.
    Present,
    /// Not there.
    Absent,
    /// Not there, with a reason the facilitators accepted.
    Excused,
}

impl Presence {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Absent => "absent",
            Presence::Excused => "excused",
        }
    }

    /// Reads the stored form, or a word a facilitator typed (French or English, accents and
    /// inclusive endings tolerated).
    pub fn parse(s: &str) -> Option<Self> {
        // Inclusive spellings (présent·e, présent.e, présent(e)) read as the plain word.
        let folded = crate::text::fold(s.trim()).replace(['·', '.', '(', ')'], "");
        match folded.as_str() {
            "present" | "presente" | "presents" | "presentes" | "here" => Some(Presence::Present),
            "absent" | "absente" | "absents" | "absentes" => Some(Presence::Absent),
            "excuse" | "excusee" | "excuses" | "excusees" | "excused" => Some(Presence::Excused),
            _ => None,
        }
    }
}

/// Whether a person was in the room or followed from afar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceMode {
    /// In the room.
    OnSite,
    /// By video call.
    Remote,
}

impl AttendanceMode {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            AttendanceMode::OnSite => "on-site",
            AttendanceMode::Remote => "remote",
        }
    }

    /// Reads the stored form, or a word a person typed.
    pub fn parse(s: &str) -> Option<Self> {
        match crate::text::fold(s).as_str() {
            "on-site" | "sur-place" | "surplace" | "site" | "salle" | "onsite" | "place" => {
                Some(AttendanceMode::OnSite)
            }
            "remote" | "distance" | "a-distance" | "visio" | "en-ligne" | "online" => {
                Some(AttendanceMode::Remote)
            }
            _ => None,
        }
    }

    /// The mode assumed when a person does not say: on site for an atelier with a place and no
    /// link, remote otherwise (a confirmation typed in chat most often comes from afar).
    pub fn assumed(has_place: bool, has_link: bool) -> Self {
        if has_place && !has_link {
            AttendanceMode::OnSite
        } else {
            AttendanceMode::Remote
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn default_sessions_are_half_days() {
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: [Case<'_>; 5] = [
            (
                "2027-03-29 09:30",
                "2027-03-29 17:00",
                &[
                    ("2027-03-29 09:30", "2027-03-29 12:30"),
                    ("2027-03-29 13:30", "2027-03-29 17:00"),
                ],
            ),
            (
                "2027-03-29 09:00",
                "2027-03-29 12:00",
                &[("2027-03-29 09:00", "2027-03-29 12:00")],
            ),
            (
                "2027-03-29 14:00",
                "2027-03-29 17:30",
                &[("2027-03-29 14:00", "2027-03-29 17:30")],
            ),
            (
                "2027-03-29 09:00",
                "2027-03-30 12:00",
                &[
                    ("2027-03-29 09:00", "2027-03-29 12:30"),
                    ("2027-03-29 13:30", "2027-03-29 17:30"),
                    ("2027-03-30 09:00", "2027-03-30 12:00"),
                ],
            ),
            // Ends before it starts: no session rather than a negative one.
            ("2027-03-29 12:00", "2027-03-29 11:00", &[]),
        ];
        for (start, end, expected) in cases {
            let got = default_sessions(dt(start), dt(end));
            let want: Vec<Session> = expected
                .iter()
                .map(|(s, e)| Session {
                    start: dt(s),
                    end: dt(e),
                })
                .collect();
            assert_eq!(got, want, "{start} → {end}");
        }
    }

    #[test]
    fn a_very_long_atelier_has_a_bounded_number_of_sessions() {
        let got = default_sessions(dt("2027-01-01 09:00"), dt("2029-01-01 17:00"));
        assert_eq!(got.len(), MAX_SESSIONS);
    }

    #[test]
    fn the_window_runs_from_before_to_after_the_start() {
        let parts = Parts::default();
        let s = Session {
            start: dt("2027-03-29 09:30"),
            end: dt("2027-03-29 12:30"),
        };
        let cases = [
            ("2027-03-29 09:14", false),
            ("2027-03-29 09:15", true),
            ("2027-03-29 09:30", true),
            ("2027-03-29 10:00", true),
            ("2027-03-29 10:01", false),
            ("2027-03-28 09:30", false),
        ];
        for (now, open) in cases {
            assert_eq!(parts.attendance_open(&s, dt(now)), open, "{now}");
        }
    }

    #[test]
    fn words_for_presence_and_mode() {
        let cases = [
            ("présent", Some(Presence::Present)),
            ("présente", Some(Presence::Present)),
            ("Présent·e", Some(Presence::Present)),
            ("absent", Some(Presence::Absent)),
            ("excusé", Some(Presence::Excused)),
            ("excusée", Some(Presence::Excused)),
            ("excused", Some(Presence::Excused)),
            ("peut-être", None),
            ("", None),
        ];
        for (word, want) in cases {
            assert_eq!(Presence::parse(word), want, "{word}");
        }
        assert_eq!(
            AttendanceMode::parse("sur-place"),
            Some(AttendanceMode::OnSite)
        );
        assert_eq!(
            AttendanceMode::parse("à-distance"),
            Some(AttendanceMode::Remote)
        );
        assert_eq!(AttendanceMode::parse("lune"), None);
        assert_eq!(AttendanceMode::assumed(true, false), AttendanceMode::OnSite);
        assert_eq!(AttendanceMode::assumed(true, true), AttendanceMode::Remote);
        assert_eq!(
            AttendanceMode::assumed(false, false),
            AttendanceMode::Remote
        );
    }

    #[test]
    fn parts_read_their_defaults_from_an_empty_record() {
        assert_eq!(Parts::from_json("{}"), Some(Parts::default()));
        let p = Parts {
            questions_named: false,
            ..Parts::default()
        };
        assert_eq!(Parts::from_json(&p.to_json()), Some(p));
        assert_eq!(Parts::from_json("nope"), None);
    }
}
