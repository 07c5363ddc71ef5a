//! Who a cohort's jobs go to, and what they say: each cohort's rooms, members and ateliers
//! loaded once per batch of jobs, and the messages of the jobs that need nothing more (those of
//! polls, evaluations and the follow-up read the store: see their modules).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::jobs::{FREE_TEXT_USEFUL_FOR, Outgoing};
use super::render::{countdown, reference_lines};
use crate::domain::{Atelier, Cohort, DeliverableSpec, Lang, Member, Reference, Role};
use crate::error::EngineError;
use crate::i18n::Msg;
use crate::ids::{CohortId, Identity, MemberId, RoomRef};
use crate::schedule::{RuleKind, Target, local_to_utc, utc_to_local};
use crate::store::{self, Destination, DueJob, JobKind};

/// Everything needed to address a cohort, loaded once per batch.
pub(super) struct Audience {
    pub(super) cohort: Cohort,
    pub(super) rooms: Vec<RoomRef>,
    pub(super) members: Vec<(Member, Option<Identity>)>,
    pub(super) ateliers: HashMap<u32, AtelierInfo>,
}

pub(super) struct AtelierInfo {
    atelier: Atelier,
    references: Vec<Reference>,
    deliverable: Option<DeliverableSpec>,
    /// Members who handed in something for this atelier: deadline chases skip them.
    handed_in: HashSet<MemberId>,
    /// Members who said whether they are ready: the preparation nudge skips them.
    answered: HashSet<MemberId>,
    /// Preparation questions not answered yet, for the facilitators' digest.
    open_questions: Vec<store::preparation::Question>,
    /// Members granted their own deadline: the cohort's chases and summary leave them to theirs.
    extended: HashMap<MemberId, DateTime<Utc>>,
}

impl Audience {
    pub(super) async fn load(
        conn: &mut SqliteConnection,
        id: CohortId,
    ) -> Result<Option<Self>, EngineError> {
        let Some(cohort) = store::cohorts::cohort(conn, id).await? else {
            return Ok(None);
        };
        let rooms = store::cohorts::cohort_rooms(conn, id).await?;
        let members = store::members::of_cohort_with_dm(conn, id).await?;
        let mut ateliers = HashMap::new();
        for atelier in store::cohorts::ateliers(conn, id).await? {
            let references = store::cohorts::references(conn, atelier.id).await?;
            let deliverable = store::cohorts::deliverable_spec(conn, atelier.id).await?;
            let handed_in = store::submissions::handed_in(conn, atelier.id).await?;
            let answered = store::preparation::answered(conn, atelier.id).await?;
            let mut open_questions = store::preparation::questions(conn, atelier.id).await?;
            open_questions.retain(|q| q.answer.is_none());
            let extended = store::extensions::granted(conn, atelier.id).await?;
            ateliers.insert(
                atelier.number,
                AtelierInfo {
                    atelier,
                    references,
                    deliverable,
                    handed_in,
                    answered,
                    open_questions,
                    extended,
                },
            );
        }
        Ok(Some(Audience {
            cohort,
            rooms,
            members,
            ateliers,
        }))
    }

    /// Renders a message for every destination of the job: the one member it names, if any,
    /// else every destination of its target.
    pub(super) fn fan_out_job(&self, job: &DueJob, make: impl Fn(Lang) -> Msg) -> Vec<Outgoing> {
        let Some(member) = job.payload.member else {
            return self.fan_out(job.target, &HashSet::new(), make);
        };
        self.members
            .iter()
            .filter(|(m, _)| m.id == member)
            .filter_map(|(m, dm)| {
                let lang = m.language.unwrap_or(self.cohort.language);
                let to = Destination::Direct(dm.clone()?);
                Some((to, Some(m.id), for_member(make(lang), m, &self.cohort)))
            })
            .collect()
    }

    /// Renders a message for every destination of `target`: each linked room in the cohort's
    /// language, each member in theirs.
    pub(super) fn fan_out(
        &self,
        target: Target,
        except: &HashSet<MemberId>,
        make: impl Fn(Lang) -> Msg,
    ) -> Vec<Outgoing> {
        let mut out = Vec::new();
        let role = match target {
            Target::Room => {
                let lang = self.cohort.language;
                for room in &self.rooms {
                    out.push((
                        Destination::Room(room.clone()),
                        None,
                        make(lang).render(lang),
                    ));
                }
                return out;
            }
            Target::Participants => Role::Participant,
            Target::Facilitators => Role::Facilitator,
        };
        for (m, dm) in &self.members {
            if m.role != role
                || (role == Role::Participant && !m.reminders_enabled)
                || except.contains(&m.id)
            {
                continue;
            }
            if let Some(identity) = dm {
                let lang = m.language.unwrap_or(self.cohort.language);
                out.push((
                    Destination::Direct(identity.clone()),
                    Some(m.id),
                    for_member(make(lang), m, &self.cohort),
                ));
            }
        }
        out
    }

    /// The instant the job's message stops making sense, if it ever does.
    pub(super) fn useful_until(&self, job: &DueJob) -> Option<DateTime<Utc>> {
        let tz = self.cohort.timezone;
        let info = job.atelier.and_then(|n| self.ateliers.get(&n));
        match (job.kind, info) {
            (
                JobKind::Rule(
                    RuleKind::References
                    | RuleKind::AtelierReminder
                    | RuleKind::PreparationNudge
                    | RuleKind::QuestionsDigest,
                ),
                Some(i),
            ) => Some(local_to_utc(tz, i.atelier.start)),
            // Attendance stays open for confirmations until its window closes.
            (JobKind::Attendance, Some(i)) => {
                let session = session_of(job, i)?;
                let after = Duration::minutes(i64::from(self.cohort.parts.attendance_closes_after));
                Some(local_to_utc(tz, session.start) + after)
            }
            (JobKind::Rule(RuleKind::DeadlineChase), Some(i)) => {
                i.deliverable.as_ref().map(|d| local_to_utc(tz, d.due))
            }
            (JobKind::Rule(RuleKind::DeadlineSummary), _) => None,
            (JobKind::AtelierMoved, Some(i)) => Some(local_to_utc(tz, i.atelier.start)),
            // Worth saying until the atelier would have begun.
            (JobKind::AtelierCancelled, Some(i)) => {
                Some(local_to_utc(tz, old_start(job).unwrap_or(i.atelier.start)))
            }
            (JobKind::ExtensionChase, _) => Some(
                job.payload
                    .until
                    .and_then(|t| DateTime::from_timestamp(t, 0))
                    .unwrap_or(job.due_at),
            ),
            (JobKind::Recurring | JobKind::Custom | JobKind::Snooze | JobKind::FollowUp, _) => {
                Some(job.due_at + FREE_TEXT_USEFUL_FOR)
            }
            // A poll must close and show its results however late; so must an evaluation.
            (JobKind::PollClose | JobKind::PollLive, _) => None,
            (JobKind::Evaluation(crate::schedule::EvalStep::Close), _) => None,
            // Work to read and reviews to give back stay worth sending, however late.
            (JobKind::Review(_), _) => None,
            // A decision's steps happen however late; a late reminder is not worth sending.
            (
                JobKind::Decision(
                    crate::schedule::DecisionStep::RemindProposals
                    | crate::schedule::DecisionStep::RemindAmendments
                    | crate::schedule::DecisionStep::RemindVote,
                ),
                _,
            ) => Some(job.due_at + Duration::hours(12)),
            (JobKind::Decision(_), _) => None,
            (JobKind::Evaluation(_), _) => {
                Some(job.due_at + Duration::days(i64::from(self.cohort.parts.evaluation_days)))
            }
            // The atelier is gone from the programme: nothing left to remind of.
            (
                JobKind::Rule(_)
                | JobKind::Attendance
                | JobKind::AtelierMoved
                | JobKind::AtelierCancelled,
                None,
            ) => Some(job.due_at),
        }
    }

    /// The messages of a job that needs no store, each with the late note when `late`.
    pub(super) fn messages_for(
        &self,
        job: &DueJob,
        now: DateTime<Utc>,
        late: bool,
    ) -> Vec<Outgoing> {
        let tz = self.cohort.timezone;
        let late_note = |msg: Msg| {
            if late {
                Msg::new("job-late-note")
                    .arg("message", msg)
                    .arg("due", utc_to_local(tz, job.due_at))
            } else {
                msg
            }
        };
        let info = job.atelier.and_then(|n| self.ateliers.get(&n));
        if silenced_by_cancellation(job, info) {
            return Vec::new();
        }
        let msg =
            match (job.kind, info) {
                (JobKind::Rule(RuleKind::References), Some(i)) => {
                    return self.fan_out_job(job, |lang| late_note(references(i, lang)));
                }
                (JobKind::Rule(RuleKind::AtelierReminder), Some(i)) => {
                    self.atelier_reminder(&i.atelier, now)
                }
                (JobKind::Rule(RuleKind::DeadlineChase), Some(i)) => {
                    return self.cohort_chase(job, i, now, &late_note);
                }
                (JobKind::ExtensionChase, Some(i)) => return self.extension_chase(job, i, now),
                (JobKind::AtelierMoved, Some(i)) => moved_news(job, i),
                (JobKind::AtelierCancelled, Some(i)) => cancelled_news(job, i),
                (JobKind::Rule(RuleKind::PreparationNudge), Some(i)) => {
                    return self.nudge(job, i, &late_note);
                }
                (JobKind::Rule(RuleKind::QuestionsDigest), Some(i)) => {
                    if !self.cohort.parts.preparation || i.open_questions.is_empty() {
                        return Vec::new();
                    }
                    self.questions_digest(i)
                }
                (JobKind::Attendance, Some(i)) => match attendance_opening(job, i) {
                    Some(msg) => msg,
                    None => return Vec::new(),
                },
                (JobKind::Rule(RuleKind::DeadlineSummary), Some(i)) => {
                    let Some(spec) = &i.deliverable else {
                        return Vec::new();
                    };
                    self.deadline_summary(i, spec)
                }
                (JobKind::Recurring | JobKind::Custom, _) => Msg::new("job-free-text")
                    .arg("text", job.payload.text.clone().unwrap_or_default()),
                (JobKind::Snooze, _) => Msg::new("job-snoozed")
                    .arg("text", job.payload.text.clone().unwrap_or_default()),
                // Poll, evaluation, digest and review jobs need the store (see `jobs.rs`); an
                // atelier gone from the programme has nothing left to say.
                (
                    JobKind::PollClose
                    | JobKind::PollLive
                    | JobKind::Evaluation(_)
                    | JobKind::FollowUp
                    | JobKind::Review(_)
                    | JobKind::Decision(_),
                    _,
                )
                | (
                    JobKind::Rule(_)
                    | JobKind::Attendance
                    | JobKind::ExtensionChase
                    | JobKind::AtelierMoved
                    | JobKind::AtelierCancelled,
                    None,
                ) => return Vec::new(),
            };
        let msg = late_note(msg);
        self.fan_out_job(job, |_| msg.clone())
    }

    /// The reminder of an atelier about to start, with its place and link when it has them.
    fn atelier_reminder(&self, a: &Atelier, now: DateTime<Utc>) -> Msg {
        let start = local_to_utc(self.cohort.timezone, a.start);
        let mut lines = vec![
            Msg::new("job-atelier-reminder")
                .arg("number", a.number)
                .arg("title", a.title.as_str())
                .arg("when", a.start)
                .arg("countdown", countdown(start - now)),
        ];
        if let Some(place) = &a.place {
            lines.push(Msg::new("job-atelier-place").arg("place", place));
        }
        if let Some(link) = &a.link {
            lines.push(Msg::new("job-atelier-link").arg("link", link));
        }
        Msg::new("text").arg("text", lines)
    }

    /// The chase of a deliverable still due, with the time left.
    fn deadline_chase(&self, i: &AtelierInfo, spec: &DeliverableSpec, now: DateTime<Utc>) -> Msg {
        let due = local_to_utc(self.cohort.timezone, spec.due);
        Msg::new("job-deadline-chase")
            .arg("number", i.atelier.number)
            .arg("title", spec.title.as_str())
            .arg("when", spec.due)
            .arg("countdown", countdown(due - now))
    }

    /// The facilitators' summary at a deadline: how many participants handed in, and who did not.
    fn deadline_summary(&self, i: &AtelierInfo, spec: &DeliverableSpec) -> Msg {
        let participants: Vec<&Member> = self
            .members
            .iter()
            .map(|(m, _)| m)
            .filter(|m| m.role == Role::Participant)
            .collect();
        let missing: Vec<&str> = participants
            .iter()
            .filter(|m| crate::domain::owes_deliverable(m, &i.handed_in))
            .filter(|m| !i.extended.contains_key(&m.id))
            .map(|m| m.display_name.as_str())
            .collect();
        let extended: Vec<&str> = participants
            .iter()
            .filter(|m| i.extended.contains_key(&m.id) && !i.handed_in.contains(&m.id))
            .map(|m| m.display_name.as_str())
            .collect();
        let summary = Msg::new("job-deadline-summary")
            .arg("number", i.atelier.number)
            .arg("title", spec.title.as_str())
            .arg(
                "handed",
                participants.len() - missing.len() - extended.len(),
            )
            .arg("expected", participants.len())
            .arg(
                "missing",
                if missing.is_empty() {
                    "—".to_owned()
                } else {
                    missing.join(", ")
                },
            );
        if extended.is_empty() {
            return summary;
        }
        let note = Msg::new("job-deadline-extended").arg("names", extended.join(", "));
        Msg::new("text").arg("text", vec![summary, note])
    }

    /// The nudge to say whether one is ready, only to those who have not answered.
    fn nudge(
        &self,
        job: &DueJob,
        i: &AtelierInfo,
        late_note: &dyn Fn(Msg) -> Msg,
    ) -> Vec<Outgoing> {
        if !self.cohort.parts.preparation {
            return Vec::new();
        }
        let msg = late_note(preparation_nudge(&i.atelier));
        self.fan_out(job.target, &i.answered, |_| msg.clone())
    }

    /// The chase of a deliverable, to those who have not handed in; those granted their own
    /// deadline are chased before it instead.
    fn cohort_chase(
        &self,
        job: &DueJob,
        i: &AtelierInfo,
        now: DateTime<Utc>,
        late_note: &dyn Fn(Msg) -> Msg,
    ) -> Vec<Outgoing> {
        let Some(spec) = &i.deliverable else {
            return Vec::new();
        };
        let msg = late_note(self.deadline_chase(i, spec, now));
        let mut except = i.handed_in.clone();
        except.extend(i.extended.keys().copied());
        self.fan_out(job.target, &except, |_| msg.clone())
    }

    /// The chase of one person's own deadline, unless they handed in since.
    fn extension_chase(&self, job: &DueJob, i: &AtelierInfo, now: DateTime<Utc>) -> Vec<Outgoing> {
        let (Some(spec), Some(member)) = (&i.deliverable, job.payload.member) else {
            return Vec::new();
        };
        let Some(until) = i.extended.get(&member) else {
            return Vec::new();
        };
        if i.handed_in.contains(&member) {
            return Vec::new();
        }
        let msg = Msg::new("job-deadline-chase")
            .arg("number", i.atelier.number)
            .arg("title", spec.title.as_str())
            .arg("when", utc_to_local(self.cohort.timezone, *until))
            .arg("countdown", countdown(*until - now));
        self.fan_out_job(job, |_| msg.clone())
    }

    /// The open questions about an atelier's preparation, for its facilitators: with who
    /// asked, unless the programme keeps names out.
    fn questions_digest(&self, i: &AtelierInfo) -> Msg {
        let named = self.cohort.parts.questions_named;
        let lines: Vec<Msg> = i
            .open_questions
            .iter()
            .map(|q| {
                let name = named.then(|| {
                    self.members
                        .iter()
                        .find(|(m, _)| m.id == q.member)
                        .map_or("?", |(m, _)| m.display_name.as_str())
                });
                Msg::new("preparation-digest-line")
                    .arg("id", q.id)
                    .arg("name", name.unwrap_or("-"))
                    .arg("named", if named { "yes" } else { "no" })
                    .arg("text", q.text.as_str())
            })
            .collect();
        Msg::new("job-questions-digest")
            .arg("number", i.atelier.number)
            .arg("title", i.atelier.title.as_str())
            .arg("count", i.open_questions.len())
            .arg("questions", lines)
    }

    /// Tells facilitators that `job` reached nobody, and why that can happen.
    pub(super) fn nobody_report(&self, job: &DueJob) -> Vec<Outgoing> {
        let msg = Msg::new("job-reached-nobody")
            .arg("what", Msg::new("job-kind").arg("kind", job.kind.as_str()))
            .arg("number", job.atelier.unwrap_or(0))
            .arg("due", utc_to_local(self.cohort.timezone, job.due_at));
        self.fan_out(Target::Facilitators, &HashSet::new(), |_| msg.clone())
    }

    /// Tells facilitators that `job` failed `attempts` times and was set aside.
    pub(super) fn failure_report(&self, job: &DueJob, attempts: u32) -> Vec<Outgoing> {
        let msg = Msg::new("job-failed")
            .arg("what", Msg::new("job-kind").arg("kind", job.kind.as_str()))
            .arg("number", job.atelier.unwrap_or(0))
            .arg("due", utc_to_local(self.cohort.timezone, job.due_at))
            .arg("attempts", attempts);
        self.fan_out(Target::Facilitators, &HashSet::new(), |_| msg.clone())
    }

    pub(super) fn skip_report(&self, job: &DueJob) -> Vec<Outgoing> {
        let msg = Msg::new("job-skipped")
            .arg("what", Msg::new("job-kind").arg("kind", job.kind.as_str()))
            .arg("number", job.atelier.unwrap_or(0))
            .arg("due", utc_to_local(self.cohort.timezone, job.due_at));
        self.fan_out(Target::Facilitators, &HashSet::new(), |_| msg.clone())
    }
}

/// A job's private message to `m`, when they can be reached: in their language and zone.
pub(super) fn direct_to(
    cohort: &Cohort,
    (m, dm): &(Member, Option<Identity>),
    msg: &Msg,
) -> Option<super::jobs::OutMsg> {
    dm.clone().map(|identity| super::jobs::OutMsg {
        to: Destination::Direct(identity),
        member: Some(m.id),
        body: for_member(msg.clone(), m, cohort),
        attachments: Vec::new(),
        replaces: None,
        extra: None,
    })
}

/// `msg` as `m` reads it privately: in their language, with their local time beside the
/// cohort's when they live in another zone.
pub(super) fn for_member(msg: Msg, m: &Member, cohort: &Cohort) -> String {
    let lang = m.language.unwrap_or(cohort.language);
    match m.timezone {
        Some(zone) => msg.in_zones(cohort.timezone, zone).render(lang),
        None => msg.render(lang),
    }
}

/// The news that an atelier moved: its new date and the old one.
/// A cancelled atelier has nothing left to say but that it is cancelled.
fn silenced_by_cancellation(job: &DueJob, info: Option<&AtelierInfo>) -> bool {
    let cancelled = info.is_some_and(|i| i.atelier.cancelled.is_some());
    cancelled && job.kind != JobKind::AtelierCancelled
}

fn moved_news(job: &DueJob, i: &AtelierInfo) -> Msg {
    let old = old_start(job).unwrap_or(i.atelier.start);
    let id = if old == i.atelier.start {
        "job-atelier-reinstated"
    } else {
        "job-atelier-moved"
    };
    with_reason(
        Msg::new(id)
            .arg("number", i.atelier.number)
            .arg("title", i.atelier.title.as_str())
            .arg("when", i.atelier.start)
            .arg("old", old),
        job,
    )
}

/// The announcement that an atelier will not take place.
fn cancelled_news(job: &DueJob, i: &AtelierInfo) -> Msg {
    with_reason(
        Msg::new("job-atelier-cancelled")
            .arg("number", i.atelier.number)
            .arg("title", i.atelier.title.as_str())
            .arg("old", old_start(job).unwrap_or(i.atelier.start)),
        job,
    )
}

/// The atelier's start before the change, kept in the payload of its news.
fn old_start(job: &DueJob) -> Option<chrono::NaiveDateTime> {
    job.payload
        .text
        .as_deref()
        .and_then(store::cohorts::local_time_of)
}

/// `msg`, followed by the facilitator's reason when they gave one.
fn with_reason(msg: Msg, job: &DueJob) -> Msg {
    match job.payload.reason.as_deref() {
        Some(reason) => Msg::new("text").arg(
            "text",
            vec![
                msg,
                Msg::new("job-atelier-change-reason").arg("reason", reason),
            ],
        ),
        None => msg,
    }
}

/// The session an attendance job opens.
fn session_of<'a>(job: &DueJob, i: &'a AtelierInfo) -> Option<&'a crate::domain::Session> {
    let n = job.payload.session?;
    i.atelier
        .sessions
        .get(usize::try_from(n).ok()?.checked_sub(1)?)
}

/// The opening of a session's attendance sheet, in the room.
fn attendance_opening(job: &DueJob, i: &AtelierInfo) -> Option<Msg> {
    let session = session_of(job, i)?;
    Some(
        Msg::new("job-attendance-open")
            .arg("number", i.atelier.number)
            .arg("title", i.atelier.title.as_str())
            .arg("session", job.payload.session.unwrap_or(1))
            .arg("sessions", i.atelier.sessions.len())
            .arg("start", session.start)
            .arg("end", session.end.time()),
    )
}

/// The nudge to say whether one is ready for an atelier.
fn preparation_nudge(a: &Atelier) -> Msg {
    Msg::new("job-preparation-nudge")
        .arg("number", a.number)
        .arg("title", a.title.as_str())
        .arg("when", a.start)
}

/// The references of an atelier, sent ahead of it; rendered per language since the reference
/// lines are.
fn references(i: &AtelierInfo, lang: Lang) -> Msg {
    let a = &i.atelier;
    Msg::new("job-references")
        .arg("number", a.number)
        .arg("title", a.title.as_str())
        .arg("when", a.start)
        .arg("references", reference_lines(&i.references, lang))
}
