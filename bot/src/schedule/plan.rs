//! The plan: every automated message a programme produces, in time order.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

use super::rules::{RuleKind, Target};
use super::tz::{local_to_utc, utc_to_local};
use crate::programme::Programme;

/// What produced a planned message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlannedKind {
    /// A reminder rule, applied to one atelier.
    Rule(RuleKind),
    /// The opening of attendance for one session of an atelier.
    Attendance {
        /// The session's position in the atelier, from 1.
        session: u32,
    },
    /// A step of an evaluation: of the atelier named, or the self-assessment against the
    /// objectives when the message names no atelier.
    Evaluation(super::rules::EvalStep),
    /// The facilitators' follow-up digest.
    FollowUp,
    /// A step of a deliverable's peer review.
    Review(super::rules::ReviewStep),
    /// A recurring reminder: `index` into the programme's `recurring`.
    Recurring {
        /// Position in [`Programme::recurring`].
        index: usize,
    },
}

impl PlannedKind {
    /// Rank among messages due at the same instant: references before the reminder, the
    /// chase before the facilitators' summary, recurring reminders last.
    fn rank(self) -> (usize, usize) {
        match self {
            PlannedKind::Rule(kind) => (
                RuleKind::ALL.iter().position(|k| *k == kind).unwrap_or(0),
                0,
            ),
            PlannedKind::Attendance { session } => (RuleKind::ALL.len(), session as usize),
            PlannedKind::Evaluation(step) => (RuleKind::ALL.len(), 100 + step as usize),
            PlannedKind::FollowUp => (RuleKind::ALL.len(), 200),
            PlannedKind::Review(step) => (RuleKind::ALL.len(), 300 + step as usize),
            PlannedKind::Recurring { index } => (RuleKind::ALL.len() + 1, index),
        }
    }
}

/// One automated message the scheduler will send.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedMessage {
    /// When it goes out, on the cohort's wall clock. For a time a spring-forward change skips,
    /// this is the time the clock shows when it goes out (03:30 for 02:30), not the one written.
    pub due_local: NaiveDateTime,
    /// When it goes out.
    pub due_utc: DateTime<Utc>,
    /// What produced it.
    pub kind: PlannedKind,
    /// The atelier it is about, by number; `None` for recurring reminders.
    pub atelier: Option<u32>,
    /// Who receives it.
    pub target: Target,
    /// For recurring reminders, the name of their rule in [`PlannedMessage::key`]: the cron
    /// source with its spacing normalised, followed by `#n` for the n-th recurring reminder
    /// (n ≥ 2) with the same source and target.
    pub series: Option<String>,
}

impl PlannedMessage {
    /// A stable idempotency key, unique within a plan: `references:a4:room:2027-03-22T08:00:00Z`,
    /// `recurring:0 9 * * MON:room:2027-03-08T08:00:00Z`.
    ///
    /// It names only what makes the message, so editing another atelier or adding, removing or
    /// reordering other rules leaves it unchanged. Recurring reminders are named by their cron
    /// source rather than their index for that reason; editing a reminder's text keeps its key.
    pub fn key(&self) -> String {
        let origin = match (self.kind, &self.series) {
            (PlannedKind::Rule(kind), _) => kind.as_str().to_owned(),
            (PlannedKind::Attendance { session }, _) => format!("attendance-s{session}"),
            (PlannedKind::Evaluation(step), _) => step.as_str().to_owned(),
            (PlannedKind::FollowUp, _) => "followup".to_owned(),
            (PlannedKind::Review(step), _) => step.as_str().to_owned(),
            (PlannedKind::Recurring { .. }, Some(series)) => format!("recurring:{series}"),
            (PlannedKind::Recurring { index }, None) => format!("recurring:{index}"),
        };
        let atelier = self.atelier.map(|n| format!(":a{n}")).unwrap_or_default();
        format!(
            "{origin}{atelier}:{}:{}",
            self.target.as_str(),
            self.due_utc.format("%Y-%m-%dT%H:%M:%SZ")
        )
    }

    /// The order of the plan: instant, then atelier (recurring reminders after), kind, target.
    fn sort_key(&self) -> (DateTime<Utc>, u32, (usize, usize), Target) {
        (
            self.due_utc,
            self.atelier.unwrap_or(u32::MAX),
            self.kind.rank(),
            self.target,
        )
    }
}

/// Every message `programme` produces, in chronological order.
///
/// - Each reminder rule, for each atelier it anchors on (deadline rules only for ateliers with
///   a deliverable), once per target. Rule timings are applied on the wall clock, then
///   resolved to instants by [`local_to_utc`].
/// - Each recurring reminder, at every firing whose local day lies between its `from` and
///   `until`, inclusive. They default to the first atelier's start day and to the later of the
///   last atelier's end and the last deadline; without ateliers and without explicit days, a
///   recurring reminder has no window and produces nothing.
///
/// Sorted by instant, then atelier number (recurring reminders last), then kind (references,
/// atelier reminder, deadline chase, deadline summary, recurring by index), then target.
/// Messages with the same [`key`](PlannedMessage::key) — duplicate rules — appear once.
///
/// A recurring reminder firing every minute over a long cycle yields that many messages;
/// bounding how often a rule may fire is the programme validator's job.
pub fn plan(programme: &Programme) -> Vec<PlannedMessage> {
    let tz = programme.cohort.timezone;
    let mut messages = Vec::new();

    let parts = programme.cohort.parts;
    for atelier in programme.live_ateliers() {
        for rule in &programme.rules {
            let preparation = matches!(
                rule.kind,
                RuleKind::PreparationNudge | RuleKind::QuestionsDigest
            );
            if preparation && !parts.preparation {
                continue;
            }
            let Some(anchor) = rule.kind.anchor(atelier) else {
                continue;
            };
            let due_utc = local_to_utc(tz, rule.timing.apply(anchor));
            for &target in &rule.targets {
                messages.push(PlannedMessage {
                    due_local: utc_to_local(tz, due_utc),
                    due_utc,
                    kind: PlannedKind::Rule(rule.kind),
                    atelier: Some(atelier.number),
                    target,
                    series: None,
                });
            }
        }
    }

    if parts.attendance {
        messages.extend(attendance_openings(programme));
    }
    if parts.evaluation {
        messages.extend(evaluations(programme));
    }
    messages.extend(followup_digests(programme));
    messages.extend(reviews(programme));

    let (first_day, last_day) = cycle_days(programme);
    for (index, reminder) in programme.recurring.iter().enumerate() {
        let (Some(from), Some(until)) = (reminder.from.or(first_day), reminder.until.or(last_day))
        else {
            continue;
        };
        let series = series_name(programme, index);
        // Firings fall on whole seconds, so one second before midnight includes midnight.
        let start = local_to_utc(tz, from.and_time(NaiveTime::MIN)) - TimeDelta::seconds(1);
        for due_utc in reminder.cron.firings_after(tz, start) {
            let due_local = utc_to_local(tz, due_utc);
            if due_local.date() > until {
                break;
            }
            if due_local.date() < from {
                continue;
            }
            messages.push(PlannedMessage {
                due_local,
                due_utc,
                kind: PlannedKind::Recurring { index },
                atelier: None,
                target: reminder.target,
                series: Some(series.clone()),
            });
        }
    }

    messages.sort_by_key(PlannedMessage::sort_key);
    // Equal keys mean equal sort keys, so duplicates are neighbours.
    messages.dedup_by(|a, b| a.key() == b.key());
    messages
}

/// The message opening attendance for each session of each atelier, in the room, when the
/// confirmation window opens.
fn attendance_openings(programme: &Programme) -> Vec<PlannedMessage> {
    let tz = programme.cohort.timezone;
    let before = TimeDelta::minutes(i64::from(programme.cohort.parts.attendance_opens_before));
    let mut out = Vec::new();
    for atelier in programme.live_ateliers() {
        for (i, session) in atelier.sessions().iter().enumerate() {
            let opens = session
                .start
                .checked_sub_signed(before)
                .unwrap_or(session.start);
            let due_utc = local_to_utc(tz, opens);
            out.push(PlannedMessage {
                due_local: utc_to_local(tz, due_utc),
                due_utc,
                kind: PlannedKind::Attendance {
                    session: u32::try_from(i + 1).unwrap_or(u32::MAX),
                },
                atelier: Some(atelier.number),
                target: Target::Room,
                series: None,
            });
        }
    }
    out
}

/// The steps of each atelier's evaluation (from its end), and of the self-assessment against
/// the objectives (from the last atelier's end) when the programme lists objectives.
fn evaluations(programme: &Programme) -> Vec<PlannedMessage> {
    use super::rules::EvalStep;
    let tz = programme.cohort.timezone;
    let parts = programme.cohort.parts;
    let remind = TimeDelta::hours(i64::from(parts.evaluation_reminder_hours));
    let close = TimeDelta::days(i64::from(parts.evaluation_days));
    let steps = |end: NaiveDateTime, atelier: Option<u32>| {
        let opens = local_to_utc(tz, end);
        let mut at = vec![(EvalStep::Open, opens), (EvalStep::Close, opens + close)];
        if parts.evaluation_reminder_hours > 0 && remind < close {
            at.push((EvalStep::Remind, opens + remind));
        }
        at.into_iter().map(move |(step, due_utc)| PlannedMessage {
            due_local: utc_to_local(tz, due_utc),
            due_utc,
            kind: PlannedKind::Evaluation(step),
            atelier,
            target: if step == EvalStep::Close {
                Target::Facilitators
            } else {
                Target::Participants
            },
            series: None,
        })
    };
    let mut out: Vec<PlannedMessage> = programme
        .live_ateliers()
        .flat_map(|a| steps(a.end, Some(a.number)))
        .collect();
    let last = programme.live_ateliers().map(|a| a.end).max();
    if let (false, Some(last)) = (programme.objectives.is_empty(), last) {
        out.extend(steps(last, None));
    }
    out
}

/// The steps of each peer review: who reads whom at the deliverable's deadline, one reminder a
/// day before the reviews are due (when there is such a day), the reviews to their authors.
fn reviews(programme: &Programme) -> Vec<PlannedMessage> {
    use super::rules::ReviewStep;
    let tz = programme.cohort.timezone;
    let mut out = Vec::new();
    for atelier in programme.live_ateliers() {
        let Some((deliverable, review)) = atelier
            .deliverable
            .as_ref()
            .and_then(|d| Some((d, d.review.as_ref()?)))
        else {
            continue;
        };
        let allocate = local_to_utc(tz, deliverable.due);
        let release = local_to_utc(tz, review.due(deliverable.due));
        let mut steps = vec![
            (ReviewStep::Allocate, allocate, Target::Participants),
            (ReviewStep::Release, release, Target::Participants),
        ];
        let remind = release - TimeDelta::days(1);
        if remind > allocate {
            steps.push((ReviewStep::Remind, remind, Target::Participants));
        }
        out.extend(
            steps
                .into_iter()
                .map(|(step, due_utc, target)| PlannedMessage {
                    due_local: utc_to_local(tz, due_utc),
                    due_utc,
                    kind: PlannedKind::Review(step),
                    atelier: Some(atelier.number),
                    target,
                    series: None,
                }),
        );
    }
    out
}

/// The facilitators' follow-up digests: at each firing of the programme's rule from a week
/// before the first atelier to two weeks after the last atelier or deadline.
fn followup_digests(programme: &Programme) -> Vec<PlannedMessage> {
    let tz = programme.cohort.timezone;
    let (Some(rule), (Some(first), Some(last))) =
        (&programme.followup_digest, cycle_days(programme))
    else {
        return Vec::new();
    };
    let from = first - chrono::Days::new(7);
    let until = last + chrono::Days::new(14);
    let start = local_to_utc(tz, from.and_time(NaiveTime::MIN)) - TimeDelta::seconds(1);
    rule.firings_after(tz, start)
        .map(|due_utc| (due_utc, utc_to_local(tz, due_utc)))
        .take_while(|(_, local)| local.date() <= until)
        .map(|(due_utc, due_local)| PlannedMessage {
            due_local,
            due_utc,
            kind: PlannedKind::FollowUp,
            atelier: None,
            target: Target::Facilitators,
            series: None,
        })
        .collect()
}

/// The cycle's first local day (first atelier's start) and last (the later of the last
/// atelier's end and the last deadline).
fn cycle_days(programme: &Programme) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let first = programme.live_ateliers().map(|a| a.start.date()).min();
    let ends = programme.live_ateliers().map(|a| a.end.date());
    let deadlines = programme
        .live_ateliers()
        .filter_map(|a| a.deliverable.as_ref().map(|d| d.due.date()));
    (first, ends.chain(deadlines).max())
}

/// The name of recurring reminder `index` in keys (see [`PlannedMessage::series`]).
fn series_name(programme: &Programme, index: usize) -> String {
    let normalise = |source: &str| source.split_whitespace().collect::<Vec<_>>().join(" ");
    let this = &programme.recurring[index];
    let source = normalise(&this.cron.source);
    let same = programme.recurring[..index]
        .iter()
        .filter(|r| r.target == this.target && normalise(&r.cron.source) == source)
        .count();
    match same {
        0 => source,
        n => format!("{source}#{}", n + 1),
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
