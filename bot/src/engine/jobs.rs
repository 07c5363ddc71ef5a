//! Firing due jobs: each job's messages go to the outbox in the transaction that marks it done,
//! so a crash either leaves it pending (fired again after restart) or done with its messages
//! written — never both, never neither.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::Engine;
use super::render::{countdown, reference_lines};
use crate::domain::{Cohort, Member, Role};
use crate::error::EngineError;
use crate::i18n::Msg;
use crate::ids::MemberId;
use crate::schedule::{RuleKind, Target, local_to_utc, utc_to_local};
use crate::store::{self, Destination, DueJob, JobKind, JobState, NewOutboxMessage};

/// A job later than this is sent with a note saying so.
const LATE_NOTE_AFTER: Duration = Duration::minutes(10);
/// A recurring or custom reminder later than this no longer makes sense.
const FREE_TEXT_USEFUL_FOR: Duration = Duration::hours(24);

/// What one pass of the scheduler did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FiredJobs {
    /// Jobs whose messages were written.
    pub sent: usize,
    /// Jobs that came too late to make sense, reported to facilitators.
    pub skipped: usize,
    /// Outbox messages written.
    pub messages: usize,
}

enum Decision {
    Send { late: bool },
    Skip,
}

type Outgoing = (Destination, Option<MemberId>, String);

impl Engine {
    /// Fires every job due now (up to `limit`), oldest first.
    pub async fn fire_due_jobs(&self, limit: i64) -> Result<FiredJobs, EngineError> {
        let now = self.now();
        let due = {
            let mut conn = self
                .store()
                .pool()
                .acquire()
                .await
                .map_err(store::StoreError::from)?;
            store::jobs::due(&mut conn, now, limit).await?
        };
        let mut fired = FiredJobs::default();
        for job in due {
            let mut tx = self.store().begin().await?;
            let Some(cohort) = store::cohorts::cohort(&mut tx, job.cohort).await? else {
                continue;
            };
            let decision = decide(&mut tx, &cohort, &job, now).await?;
            let state = match decision {
                Decision::Send { .. } => JobState::Done,
                Decision::Skip => JobState::Skipped,
            };
            // Claiming moves the job out of pending; if another pass got there first, nothing
            // is written.
            if !store::jobs::set_state(&mut tx, job.id, state, Some(now)).await? {
                continue;
            }
            let messages = match decision {
                Decision::Send { late } => {
                    fired.sent += 1;
                    messages_for(&mut tx, &cohort, &job, now, late).await?
                }
                Decision::Skip => {
                    fired.skipped += 1;
                    skip_report(&mut tx, &cohort, &job).await?
                }
            };
            for (i, (to, member, body)) in messages.into_iter().enumerate() {
                let written = store::outbox::insert(
                    &mut tx,
                    &NewOutboxMessage {
                        key: format!("job:{}:{}:{}", job.id, i, to),
                        cohort: Some(cohort.id),
                        destination: to,
                        member,
                        body,
                        attachments: Vec::new(),
                        in_reply_to: None,
                        job: Some(job.id),
                    },
                    now,
                )
                .await?;
                fired.messages += usize::from(written);
            }
            tx.commit().await.map_err(store::StoreError::from)?;
        }
        Ok(fired)
    }
}

/// The instant the job's message stops making sense, if it ever does.
async fn useful_until(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    job: &DueJob,
) -> Result<Option<DateTime<Utc>>, EngineError> {
    let atelier = match job.atelier {
        Some(n) => store::cohorts::atelier(conn, cohort.id, n).await?,
        None => None,
    };
    Ok(match (job.kind, atelier) {
        (JobKind::Rule(RuleKind::References | RuleKind::AtelierReminder), Some(a)) => {
            Some(local_to_utc(cohort.timezone, a.start))
        }
        (JobKind::Rule(RuleKind::DeadlineChase), Some(a)) => {
            store::cohorts::deliverable_spec(conn, a.id)
                .await?
                .map(|s| local_to_utc(cohort.timezone, s.due))
        }
        (JobKind::Rule(RuleKind::DeadlineSummary), _) => None,
        (JobKind::Recurring | JobKind::Custom, _) => Some(job.due_at + FREE_TEXT_USEFUL_FOR),
        // The atelier is gone from the programme: nothing left to remind of.
        (JobKind::Rule(_), None) => Some(job.due_at),
    })
}

async fn decide(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    job: &DueJob,
    now: DateTime<Utc>,
) -> Result<Decision, EngineError> {
    if let Some(until) = useful_until(conn, cohort, job).await?
        && now >= until
    {
        return Ok(Decision::Skip);
    }
    Ok(Decision::Send {
        late: now - job.due_at > LATE_NOTE_AFTER,
    })
}

/// The members a target names, with where to DM them.
async fn recipients(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    target: Target,
) -> Result<Vec<(Member, Destination)>, EngineError> {
    let role = match target {
        Target::Room => return Ok(Vec::new()),
        Target::Participants => Role::Participant,
        Target::Facilitators => Role::Facilitator,
    };
    let mut out = Vec::new();
    for m in store::members::of_cohort(conn, cohort.id).await? {
        if m.role != role || (role == Role::Participant && !m.reminders_enabled) {
            continue;
        }
        if let Some(identity) = store::members::dm_identity(conn, m.id).await? {
            out.push((m, Destination::Direct(identity)));
        }
    }
    Ok(out)
}

/// Renders a message for every destination of `target`: each linked room in the cohort's
/// language, each member in theirs. `make` builds the message for one language, for messages
/// whose arguments are themselves rendered text.
async fn fan_out(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    target: Target,
    make: impl Fn(crate::domain::Lang) -> Msg,
) -> Result<Vec<Outgoing>, EngineError> {
    let mut out = Vec::new();
    if target == Target::Room {
        for room in store::cohorts::cohort_rooms(conn, cohort.id).await? {
            let lang = cohort.language;
            out.push((Destination::Room(room), None, make(lang).render(lang)));
        }
    }
    for (m, to) in recipients(conn, cohort, target).await? {
        let lang = m.language.unwrap_or(cohort.language);
        out.push((to, Some(m.id), make(lang).render(lang)));
    }
    Ok(out)
}

async fn messages_for(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    job: &DueJob,
    now: DateTime<Utc>,
    late: bool,
) -> Result<Vec<Outgoing>, EngineError> {
    let tz = cohort.timezone;
    let atelier = match job.atelier {
        Some(n) => store::cohorts::atelier(conn, cohort.id, n).await?,
        None => None,
    };
    let late_note = |msg: Msg| {
        if late {
            Msg::new("job-late-note")
                .arg("message", msg)
                .arg("due", utc_to_local(tz, job.due_at))
        } else {
            msg
        }
    };
    match (job.kind, &atelier) {
        (JobKind::Rule(RuleKind::References), Some(a)) => {
            let refs = store::cohorts::references(conn, a.id).await?;
            fan_out(conn, cohort, job.target, |lang| {
                late_note(
                    Msg::new("job-references")
                        .arg("number", a.number)
                        .arg("title", a.title.as_str())
                        .arg("when", a.start)
                        .arg("references", reference_lines(&refs, lang)),
                )
            })
            .await
        }
        (JobKind::Rule(RuleKind::AtelierReminder), Some(a)) => {
            let mut lines = vec![
                Msg::new("job-atelier-reminder")
                    .arg("number", a.number)
                    .arg("title", a.title.as_str())
                    .arg("when", a.start)
                    .arg("countdown", countdown(local_to_utc(tz, a.start) - now)),
            ];
            if let Some(place) = &a.place {
                lines.push(Msg::new("job-atelier-place").arg("place", place));
            }
            if let Some(link) = &a.link {
                lines.push(Msg::new("job-atelier-link").arg("link", link));
            }
            let msg = late_note(Msg::new("text").arg("text", lines));
            fan_out(conn, cohort, job.target, |_| msg.clone()).await
        }
        (JobKind::Rule(RuleKind::DeadlineChase), Some(a)) => {
            let Some(spec) = store::cohorts::deliverable_spec(conn, a.id).await? else {
                return Ok(Vec::new());
            };
            let msg = late_note(
                Msg::new("job-deadline-chase")
                    .arg("number", a.number)
                    .arg("title", spec.title.as_str())
                    .arg("when", spec.due)
                    .arg("countdown", countdown(local_to_utc(tz, spec.due) - now)),
            );
            fan_out(conn, cohort, job.target, |_| msg.clone()).await
        }
        (JobKind::Rule(RuleKind::DeadlineSummary), Some(a)) => {
            let Some(spec) = store::cohorts::deliverable_spec(conn, a.id).await? else {
                return Ok(Vec::new());
            };
            let participants: Vec<String> = store::members::of_cohort(conn, cohort.id)
                .await?
                .into_iter()
                .filter(|m| m.role == Role::Participant)
                .map(|m| m.display_name)
                .collect();
            let msg = late_note(
                Msg::new("job-deadline-summary")
                    .arg("number", a.number)
                    .arg("title", spec.title.as_str())
                    .arg("expected", participants.len())
                    .arg("missing", participants.join(", ")),
            );
            fan_out(conn, cohort, job.target, |_| msg.clone()).await
        }
        (JobKind::Recurring | JobKind::Custom, _) => {
            let msg = late_note(
                Msg::new("job-free-text").arg("text", job.payload.text.clone().unwrap_or_default()),
            );
            fan_out(conn, cohort, job.target, |_| msg.clone()).await
        }
        (JobKind::Rule(_), None) => Ok(Vec::new()),
    }
}

/// Tells facilitators what was not sent and why.
async fn skip_report(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    job: &DueJob,
) -> Result<Vec<Outgoing>, EngineError> {
    let msg = Msg::new("job-skipped")
        .arg("what", Msg::new("job-kind").arg("kind", job.kind.as_str()))
        .arg("number", job.atelier.unwrap_or(0))
        .arg("due", utc_to_local(cohort.timezone, job.due_at));
    fan_out(conn, cohort, Target::Facilitators, |_| msg.clone()).await
}
