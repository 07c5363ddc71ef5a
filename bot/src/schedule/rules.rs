//! Reminder rules: which automated message goes out, when relative to its anchor, to whom.

use chrono::{Days, NaiveDateTime, NaiveTime, TimeDelta};

use crate::programme::ProgrammeAtelier;

/// What a rule produces, and what it is anchored to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// The atelier's preparatory references (anchor: atelier start).
    References,
    /// A nudge to the participants who have not said whether they are ready (anchor: atelier
    /// start; only with preparation check-ins).
    PreparationNudge,
    /// The open questions about the preparation, for facilitators (anchor: atelier start; only
    /// with preparation check-ins, and only when someone asked).
    QuestionsDigest,
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
            RuleKind::PreparationNudge => "preparation-nudge",
            RuleKind::QuestionsDigest => "questions-digest",
            RuleKind::AtelierReminder => "atelier-reminder",
            RuleKind::DeadlineChase => "deadline-chase",
            RuleKind::DeadlineSummary => "deadline-summary",
        }
    }

    /// Every kind, in the order the plan lists messages due at the same instant: material to
    /// prepare before the reminder, the chase before the facilitators' summary.
    pub const ALL: [RuleKind; 6] = [
        RuleKind::References,
        RuleKind::PreparationNudge,
        RuleKind::QuestionsDigest,
        RuleKind::AtelierReminder,
        RuleKind::DeadlineChase,
        RuleKind::DeadlineSummary,
    ];

    /// The local time a rule of this kind counts from for `atelier`.
    ///
    /// [`RuleKind::References`] and [`RuleKind::AtelierReminder`] count from the atelier's
    /// start; [`RuleKind::DeadlineChase`] and [`RuleKind::DeadlineSummary`] from its
    /// deliverable's due time, and have nothing to anchor on (`None`) when the atelier expects
    /// no deliverable.
    pub fn anchor(self, atelier: &ProgrammeAtelier) -> Option<NaiveDateTime> {
        match self {
            RuleKind::References
            | RuleKind::PreparationNudge
            | RuleKind::QuestionsDigest
            | RuleKind::AtelierReminder => Some(atelier.start),
            RuleKind::DeadlineChase | RuleKind::DeadlineSummary => {
                atelier.deliverable.as_ref().map(|d| d.due)
            }
        }
    }

    /// Parses [`RuleKind::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Self> {
        RuleKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The three moments of an evaluation: it opens when its atelier ends (the self-assessment:
/// when the last one ends), those who have not answered are reminded once, then it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvalStep {
    /// The questions go to each participant.
    Open,
    /// One reminder to those who have not answered.
    Remind,
    /// No more answers; the facilitators are told how many came.
    Close,
}

impl EvalStep {
    /// The stored form (a job's kind).
    pub fn as_str(self) -> &'static str {
        match self {
            EvalStep::Open => "evaluation-open",
            EvalStep::Remind => "evaluation-remind",
            EvalStep::Close => "evaluation-close",
        }
    }

    /// Parses [`EvalStep::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Self> {
        [EvalStep::Open, EvalStep::Remind, EvalStep::Close]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A step of a decision (`!decision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionStep {
    /// A day before the proposals close.
    RemindProposals,
    /// The proposals close, the amendments open.
    Amendments,
    /// A day before the amendments close.
    RemindAmendments,
    /// The amendments close, the vote opens.
    Vote,
    /// A day before the vote closes.
    RemindVote,
    /// The vote has closed: the record.
    Record,
}

impl DecisionStep {
    /// Every step, in order.
    pub const ALL: [DecisionStep; 6] = [
        DecisionStep::RemindProposals,
        DecisionStep::Amendments,
        DecisionStep::RemindAmendments,
        DecisionStep::Vote,
        DecisionStep::RemindVote,
        DecisionStep::Record,
    ];

    /// The stored form (a job's kind).
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStep::RemindProposals => "decision-remind-proposals",
            DecisionStep::Amendments => "decision-amendments",
            DecisionStep::RemindAmendments => "decision-remind-amendments",
            DecisionStep::Vote => "decision-vote",
            DecisionStep::RemindVote => "decision-remind-vote",
            DecisionStep::Record => "decision-record",
        }
    }

    /// Parses [`DecisionStep::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Self> {
        DecisionStep::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A step of a deliverable's peer review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewStep {
    /// At the deliverable's deadline: who reads whom, sent to each reviewer.
    Allocate,
    /// A day before the reviews are due: one reminder to those who have not reviewed.
    Remind,
    /// When they are due: the reviews reach their authors.
    Release,
}

impl ReviewStep {
    /// The stored form (a job's kind).
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStep::Allocate => "review-allocate",
            ReviewStep::Remind => "review-remind",
            ReviewStep::Release => "review-release",
        }
    }

    /// Parses [`ReviewStep::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Self> {
        [
            ReviewStep::Allocate,
            ReviewStep::Remind,
            ReviewStep::Release,
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

impl Timing {
    /// `days` whole days before or after the anchor, at the local time `at`.
    pub fn days_at(direction: Direction, days: u32, at: NaiveTime) -> Self {
        Timing {
            direction,
            days,
            hours: 0,
            minutes: 0,
            at: Some(at),
        }
    }

    /// A plain offset from the anchor.
    pub fn offset(direction: Direction, days: u32, hours: u32, minutes: u32) -> Self {
        Timing {
            direction,
            days,
            hours,
            minutes,
            at: None,
        }
    }

    /// The local wall-clock time at which a rule with this timing fires for `anchor`.
    ///
    /// The arithmetic is on wall-clock time, not on instants: "1 day before at 18:00" is 18:00
    /// the previous day even across a daylight-saving change, and "1 hour before" a 09:30
    /// atelier is 08:30 on the clock. Map the result with
    /// [`local_to_utc`](super::local_to_utc), which settles times a change skips or repeats.
    ///
    /// Offsets beyond chrono's range (hundreds of thousands of years) saturate instead of
    /// panicking; programme validation keeps real rules far from that.
    pub fn apply(&self, anchor: NaiveDateTime) -> NaiveDateTime {
        let saturated = match self.direction {
            Direction::Before => NaiveDateTime::MIN,
            Direction::After => NaiveDateTime::MAX,
        };
        let shifted = match self.at {
            Some(at) => {
                let days = Days::new(u64::from(self.days));
                let date = match self.direction {
                    Direction::Before => anchor.date().checked_sub_days(days),
                    Direction::After => anchor.date().checked_add_days(days),
                };
                date.map(|d| d.and_time(at))
            }
            None => {
                let delta = TimeDelta::try_days(i64::from(self.days)).and_then(|d| {
                    d.checked_add(&TimeDelta::hours(i64::from(self.hours)))?
                        .checked_add(&TimeDelta::minutes(i64::from(self.minutes)))
                });
                delta.and_then(|delta| match self.direction {
                    Direction::Before => anchor.checked_sub_signed(delta),
                    Direction::After => anchor.checked_add_signed(delta),
                })
            }
        };
        shifted.unwrap_or(saturated)
    }
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
///
/// - the references, a week ahead at 09:00, in the room;
/// - a nudge by DM to those who have not said whether they are ready, two days ahead at 10:00;
/// - the open preparation questions, to the facilitators, the day before at 12:00;
/// - an atelier reminder the evening before at 18:00, in the room and by DM;
/// - another one an hour before, in the room;
/// - a chase by DM of those who have not handed in, two days and two hours before the deadline;
/// - a summary for the facilitators at the deadline.
pub fn default_rules() -> Vec<ReminderRule> {
    use Direction::{After, Before};
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("a valid hour");
    let rule = |kind, timing, targets: &[Target]| ReminderRule {
        kind,
        timing,
        targets: targets.to_vec(),
    };
    vec![
        rule(
            RuleKind::References,
            Timing::days_at(Before, 7, at(9)),
            &[Target::Room],
        ),
        rule(
            RuleKind::PreparationNudge,
            Timing::days_at(Before, 2, at(10)),
            &[Target::Participants],
        ),
        rule(
            RuleKind::QuestionsDigest,
            Timing::days_at(Before, 1, at(12)),
            &[Target::Facilitators],
        ),
        rule(
            RuleKind::AtelierReminder,
            Timing::days_at(Before, 1, at(18)),
            &[Target::Room, Target::Participants],
        ),
        rule(
            RuleKind::AtelierReminder,
            Timing::offset(Before, 0, 1, 0),
            &[Target::Room],
        ),
        rule(
            RuleKind::DeadlineChase,
            Timing::offset(Before, 2, 0, 0),
            &[Target::Participants],
        ),
        rule(
            RuleKind::DeadlineChase,
            Timing::offset(Before, 0, 2, 0),
            &[Target::Participants],
        ),
        rule(
            RuleKind::DeadlineSummary,
            Timing::offset(After, 0, 0, 0),
            &[Target::Facilitators],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DeliverableSpec;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn timings_apply_on_the_wall_clock() {
        use Direction::{After, Before};
        let cases = [
            // (timing, anchor, expected)
            (
                Timing::days_at(Before, 7, hm(9, 0)),
                "2027-03-29 09:30",
                "2027-03-22 09:00",
            ),
            (
                Timing::days_at(Before, 1, hm(18, 0)),
                "2027-03-29 09:30",
                "2027-03-28 18:00",
            ),
            (
                Timing::days_at(Before, 0, hm(8, 0)),
                "2027-03-29 09:30",
                "2027-03-29 08:00",
            ),
            (
                Timing::days_at(After, 2, hm(12, 15)),
                "2027-02-27 23:00",
                "2027-03-01 12:15",
            ),
            (
                Timing::offset(Before, 0, 1, 0),
                "2027-03-29 09:30",
                "2027-03-29 08:30",
            ),
            (
                Timing::offset(Before, 0, 1, 0),
                "2027-03-28 03:30",
                "2027-03-28 02:30",
            ),
            (
                Timing::offset(Before, 2, 0, 0),
                "2027-03-01 12:00",
                "2027-02-27 12:00",
            ),
            (
                Timing::offset(After, 1, 2, 45),
                "2027-12-31 22:00",
                "2028-01-02 00:45",
            ),
            (
                Timing::offset(After, 0, 0, 0),
                "2027-05-02 23:59",
                "2027-05-02 23:59",
            ),
        ];
        for (timing, anchor, expected) in cases {
            assert_eq!(
                timing.apply(dt(anchor)),
                dt(expected),
                "{timing:?} from {anchor}"
            );
        }
    }

    #[test]
    fn absurd_offsets_saturate_instead_of_panicking() {
        let far = Timing::offset(Direction::After, u32::MAX, u32::MAX, u32::MAX);
        assert_eq!(far.apply(dt("2027-01-01 00:00")), NaiveDateTime::MAX);
        let past = Timing::days_at(Direction::Before, u32::MAX, hm(9, 0));
        assert_eq!(past.apply(dt("2027-01-01 00:00")), NaiveDateTime::MIN);
    }

    #[test]
    fn default_rules_are_the_documented_ones() {
        let rules = default_rules();
        let summary: Vec<_> = rules
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.timing.apply(dt("2027-03-10 09:30")),
                    r.targets.clone(),
                )
            })
            .collect();
        use RuleKind::*;
        use Target::*;
        assert_eq!(
            summary,
            vec![
                (References, dt("2027-03-03 09:00"), vec![Room]),
                (PreparationNudge, dt("2027-03-08 10:00"), vec![Participants]),
                (QuestionsDigest, dt("2027-03-09 12:00"), vec![Facilitators]),
                (
                    AtelierReminder,
                    dt("2027-03-09 18:00"),
                    vec![Room, Participants]
                ),
                (AtelierReminder, dt("2027-03-10 08:30"), vec![Room]),
                (DeadlineChase, dt("2027-03-08 09:30"), vec![Participants]),
                (DeadlineChase, dt("2027-03-10 07:30"), vec![Participants]),
                (DeadlineSummary, dt("2027-03-10 09:30"), vec![Facilitators]),
            ]
        );
    }

    #[test]
    fn kinds_anchor_on_the_start_or_the_deadline() {
        let mut atelier = ProgrammeAtelier {
            number: 1,
            title: "Le sens avant l'action".into(),
            summary: String::new(),
            start: dt("2027-03-29 09:30"),
            end: dt("2027-03-29 17:00"),
            place: None,
            link: None,
            references: Vec::new(),
            deliverable: None,
            sessions: Vec::new(),
            cancelled: None,
            exercise: None,
            due_after_end: None,
        };
        assert_eq!(RuleKind::References.anchor(&atelier), Some(atelier.start));
        assert_eq!(
            RuleKind::AtelierReminder.anchor(&atelier),
            Some(atelier.start)
        );
        assert_eq!(RuleKind::DeadlineChase.anchor(&atelier), None);
        assert_eq!(RuleKind::DeadlineSummary.anchor(&atelier), None);
        atelier.deliverable = Some(DeliverableSpec {
            by_group: false,
            review: None,
            title: "Carte".into(),
            instructions: String::new(),
            due: dt("2027-04-05 12:00"),
        });
        assert_eq!(
            RuleKind::DeadlineChase.anchor(&atelier),
            Some(dt("2027-04-05 12:00"))
        );
        assert_eq!(
            RuleKind::DeadlineSummary.anchor(&atelier),
            Some(dt("2027-04-05 12:00"))
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in RuleKind::ALL {
            assert_eq!(RuleKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(RuleKind::parse("nope"), None);
    }
}
