//! Firing due jobs: each job's messages go to the outbox in the transaction that marks it done,
//! so a crash either leaves it pending (fired again after restart) or done with its messages
//! written — never both, never neither.
//!
//! Jobs are fired in batches (one transaction per batch) with each cohort's audience loaded once
//! per batch: a cohort of 30 participants does not cost 30 queries per reminder.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::Engine;
use super::audience::Audience;
use crate::error::EngineError;
use crate::ids::{CohortId, MemberId};
use crate::schedule::RuleKind;
use crate::store::{self, Destination, DueJob, JobKind, JobState, NewOutboxMessage, Savepoint};

/// A job later than this is sent with a note saying so.
const LATE_NOTE_AFTER: Duration = Duration::minutes(10);
/// A recurring or custom reminder later than this no longer makes sense.
pub(super) const FREE_TEXT_USEFUL_FOR: Duration = Duration::hours(24);
/// Jobs fired per transaction: large enough to amortise the commit's fsync, small enough to
/// keep the write lock short.
const BATCH: usize = 256;

/// What one pass of the scheduler did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FiredJobs {
    /// Jobs whose messages were written.
    pub sent: usize,
    /// Jobs that came too late to make sense, reported to facilitators.
    pub skipped: usize,
    /// Outbox messages written.
    pub messages: usize,
    /// Jobs that failed this pass (rolled back alone, retried later or set aside).
    pub failed: usize,
}

pub(super) type Outgoing = (Destination, Option<MemberId>, String);

/// A message a job writes to the outbox.
#[derive(Debug)]
pub(crate) struct OutMsg {
    pub to: Destination,
    pub member: Option<MemberId>,
    pub body: String,
    pub attachments: Vec<String>,
    pub replaces: Option<String>,
    pub extra: Option<crate::store::MessageExtra>,
}

impl From<Outgoing> for OutMsg {
    fn from((to, member, body): Outgoing) -> Self {
        OutMsg {
            to,
            member,
            body,
            attachments: Vec::new(),
            replaces: None,
            extra: None,
        }
    }
}

/// A job that failed this many times is set aside and reported instead of retried.
pub const MAX_JOB_ATTEMPTS: u32 = 5;

/// How long a failed job waits before its next attempt: 1, 2, 4, 8… minutes, at most an hour.
fn retry_delay(attempts: u32) -> Duration {
    Duration::minutes(1i64 << attempts.saturating_sub(1).min(6)).min(Duration::hours(1))
}

/// What firing one job did.
enum Fired {
    /// Another pass claimed it first.
    Taken,
    /// Sent (or reported as skipped), with this many new outbox rows.
    Done { skipped: bool, messages: usize },
}

impl Engine {
    /// Fires every job due now (up to `limit`), oldest first.
    ///
    /// A job that fails (or panics) is rolled back alone — its batch is fired again with a
    /// savepoint per job —, counted, retried later with a growing delay, and after
    /// [`MAX_JOB_ATTEMPTS`] set aside and reported to its cohort's facilitators. It never
    /// blocks the jobs behind it.
    pub async fn fire_due_jobs(&self, limit: i64) -> Result<FiredJobs, EngineError> {
        self.housekeeping_if_due().await;
        let now = self.now();
        let due = {
            let mut conn = self.store().connection().await?;
            store::jobs::due(&mut conn, now, limit).await?
        };
        let mut fired = FiredJobs::default();
        // Loaded once per pass: every job of the pass is fired "now", against the cohort as
        // it stands at the start of the pass.
        let mut audiences: HashMap<CohortId, Option<Audience>> = HashMap::new();
        for batch in due.chunks(BATCH) {
            // Most batches have no failing job: fired in one transaction without savepoints
            // (two statements fewer per job). One failure rolls that attempt back, and the
            // batch is fired again job by job, each in its savepoint.
            let counts = match self.fire_batch(batch, &mut audiences, now, false).await? {
                Some(counts) => counts,
                None => self
                    .fire_batch(batch, &mut audiences, now, true)
                    .await?
                    .unwrap_or_default(),
            };
            fired.sent += counts.sent;
            fired.skipped += counts.skipped;
            fired.messages += counts.messages;
            fired.failed += counts.failed;
            let closes = |j: &DueJob| {
                matches!(
                    j.kind,
                    JobKind::PollClose | JobKind::Evaluation(crate::schedule::EvalStep::Close)
                )
            };
            if batch.iter().any(closes) {
                // A closed poll's chart, written now that the closing has committed; the
                // checkpoint leaves the erased secret of a poll or evaluation in no file.
                self.apply_effects().await;
                self.checkpoint().await;
            }
        }
        Ok(fired)
    }

    /// Fires `batch` in one transaction. `careful`: each job in its own savepoint, a failure
    /// rolled back alone and recorded; otherwise no savepoint, and the first failure rolls the
    /// whole attempt back and returns `None` (for the caller to go again carefully).
    async fn fire_batch(
        &self,
        batch: &[DueJob],
        audiences: &mut HashMap<CohortId, Option<Audience>>,
        now: DateTime<Utc>,
        careful: bool,
    ) -> Result<Option<FiredJobs>, EngineError> {
        let mut fired = FiredJobs::default();
        let mut deferred: Vec<NewOutboxMessage> = Vec::new();
        let mut tx = self.store().begin().await?;
        for job in batch {
            if let std::collections::hash_map::Entry::Vacant(e) = audiences.entry(job.cohort) {
                e.insert(Audience::load(&mut tx, job.cohort).await?);
            }
        }
        // Quickly, the whole batch is claimed in a few statements first.
        let claimed = if careful {
            None
        } else {
            let states: Vec<(crate::ids::JobId, JobState)> = batch
                .iter()
                .filter_map(|job| {
                    let audience = audiences.get(&job.cohort)?.as_ref()?;
                    Some((job.id, claim_state(audience, job, now)))
                })
                .collect();
            Some(store::jobs::set_states(&mut tx, &states, now).await?)
        };
        for job in batch {
            let Some(audience) = audiences.get(&job.cohort).and_then(Option::as_ref) else {
                continue;
            };
            if claimed.as_ref().is_some_and(|c| !c.contains(&job.id)) {
                // Another pass got there first.
                continue;
            }
            if careful {
                store::savepoint(&mut tx, Savepoint::Job).await?;
            }
            // Carefully, each job writes its own rows in its savepoint; otherwise the batch's
            // rows are written together below, in a few statements.
            let rows = (!careful).then_some(&mut deferred);
            let attempt = std::panic::AssertUnwindSafe(
                self.fire_one(&mut tx, audience, job, now, rows, !careful),
            );
            let outcome = match futures_util::FutureExt::catch_unwind(attempt).await {
                Ok(result) => result,
                Err(panic) => Err(EngineError::Panic(super::panic_message(&panic))),
            };
            match outcome {
                Ok(done) => {
                    if careful {
                        store::release(&mut tx, Savepoint::Job).await?;
                    }
                    if let Fired::Done { skipped, messages } = done {
                        if skipped {
                            fired.skipped += 1;
                        } else {
                            fired.sent += 1;
                        }
                        fired.messages += messages;
                    }
                }
                Err(_) if !careful => {
                    tx.rollback().await.map_err(store::StoreError::from)?;
                    return Ok(None);
                }
                Err(e) => {
                    store::rollback_to(&mut tx, Savepoint::Job).await?;
                    store::release(&mut tx, Savepoint::Job).await?;
                    fired.failed += 1;
                    self.record_job_failure(&mut tx, audience, job, now, &e)
                        .await?;
                }
            }
        }
        fired.messages += store::outbox::insert_many(&mut tx, &deferred, now).await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(Some(fired))
    }

    /// Claims `job` and writes its messages (in the caller's savepoint).
    async fn fire_one(
        &self,
        tx: &mut SqliteConnection,
        audience: &Audience,
        job: &DueJob,
        now: DateTime<Utc>,
        mut deferred: Option<&mut Vec<NewOutboxMessage>>,
        claimed_already: bool,
    ) -> Result<Fired, EngineError> {
        let state = claim_state(audience, job, now);
        let skip = state == JobState::Skipped;
        // Claiming moves the job out of pending; if another pass got there first, nothing is
        // written.
        if !claimed_already && !store::jobs::set_state(&mut *tx, job.id, state, Some(now)).await? {
            return Ok(Fired::Taken);
        }
        if let Some(reminder) = job.reminder {
            follow_up_reminder(
                &mut *tx,
                audience,
                reminder,
                job,
                now,
                &self.settings.limits,
            )
            .await?;
        }
        let mut messages = self.messages_of(&mut *tx, audience, job, now, skip).await?;
        if !skip {
            let extra = answer_extra(audience, job);
            for m in &mut messages {
                m.extra = m.extra.take().or_else(|| extra.clone());
            }
        }
        // A job that reaches nobody says so to the facilitators rather than vanish (a live
        // results update with nothing new is not news; a nudge or digest with nobody left to
        // nudge or nothing asked is good news).
        let quiet_when_empty = quiet_when_empty(job.kind);
        if messages.is_empty() && !skip && !quiet_when_empty {
            messages = audience
                .nobody_report(job)
                .into_iter()
                .map(OutMsg::from)
                .collect();
        }
        let mut written = 0;
        for (i, m) in messages.into_iter().enumerate() {
            match deferred.as_deref_mut() {
                Some(rows) => rows.push(job_message(job, i, m)),
                None => {
                    let row = job_message(job, i, m);
                    written += usize::from(store::outbox::insert(&mut *tx, &row, now).await?);
                }
            }
        }
        Ok(Fired::Done {
            skipped: skip,
            messages: written,
        })
    }

    /// What `job` says: the report of a skipped job, or its own messages (poll and evaluation
    /// jobs read the store).
    async fn messages_of(
        &self,
        tx: &mut SqliteConnection,
        audience: &Audience,
        job: &DueJob,
        now: DateTime<Utc>,
        skip: bool,
    ) -> Result<Vec<OutMsg>, EngineError> {
        let to_out = |v: Vec<Outgoing>| v.into_iter().map(OutMsg::from).collect();
        Ok(if skip && job.kind == JobKind::FollowUp {
            // A digest overtaken by time is replaced by next week's, and by `!suivi`: not
            // worth a report.
            Vec::new()
        } else if skip {
            to_out(audience.skip_report(job))
        } else if matches!(job.kind, JobKind::PollClose | JobKind::PollLive) {
            let (cohort, rooms) = (&audience.cohort, &audience.rooms);
            super::polls::job_messages(&mut *tx, cohort, rooms, job, now, &self.settings).await?
        } else if job.kind == JobKind::FollowUp {
            super::followup::digest(&mut *tx, &audience.cohort, now).await?
        } else if let JobKind::Evaluation(step) = job.kind {
            let cohort = &audience.cohort;
            super::evaluation::job_messages(&mut *tx, cohort, job, step, now).await?
        } else if let JobKind::Review(step) = job.kind {
            super::review::job_messages(&mut *tx, &audience.cohort, job, step).await?
        } else if let JobKind::Decision(step) = job.kind {
            let (cohort, rooms) = (&audience.cohort, &audience.rooms);
            super::decisions::job_messages(&mut *tx, cohort, rooms, job, step, now).await?
        } else {
            to_out(audience.messages_for(job, now, now - job.due_at > LATE_NOTE_AFTER))
        })
    }

    /// Counts a failed attempt at `job`; past [`MAX_JOB_ATTEMPTS`] the job is set aside and
    /// its cohort's facilitators are told.
    async fn record_job_failure(
        &self,
        tx: &mut SqliteConnection,
        audience: &Audience,
        job: &DueJob,
        now: DateTime<Utc>,
        error: &EngineError,
    ) -> Result<(), EngineError> {
        let attempts = store::jobs::record_failure(
            &mut *tx,
            job.id.0,
            now + retry_delay(job.attempts.saturating_add(1)),
            &error.report(),
        )
        .await?;
        tracing::warn!(job = job.id.0, attempts, error = %error.report(), "a job failed");
        if attempts < MAX_JOB_ATTEMPTS
            || !store::jobs::set_state(&mut *tx, job.id, JobState::Skipped, Some(now)).await?
        {
            return Ok(());
        }
        tracing::error!(job = job.id.0, "a job failed too often and was set aside");
        for (i, m) in audience
            .failure_report(job, attempts)
            .into_iter()
            .enumerate()
        {
            write_job_message(&mut *tx, job, i, OutMsg::from(m), now).await?;
        }
        Ok(())
    }
}

/// Writes one of `job`'s messages to the outbox; `false` when it was there already.
async fn write_job_message(
    tx: &mut SqliteConnection,
    job: &DueJob,
    i: usize,
    m: OutMsg,
    now: DateTime<Utc>,
) -> Result<bool, EngineError> {
    Ok(store::outbox::insert(tx, &job_message(job, i, m), now).await?)
}

/// Jobs that may rightly reach nobody: a live results update with nothing new, a nudge or a
/// reminder with nobody left to remind, a digest with nothing asked.
fn quiet_when_empty(kind: JobKind) -> bool {
    matches!(
        kind,
        JobKind::PollLive
            | JobKind::Rule(RuleKind::PreparationNudge | RuleKind::QuestionsDigest)
            | JobKind::Evaluation(crate::schedule::EvalStep::Remind)
            | JobKind::Review(_)
    )
}

/// What people can answer on a job's message: whether they are ready (the references, the
/// nudge and the reminder before an atelier, when the cohort uses check-ins), or their presence
/// (the opening of attendance). Platforms that can remember such messages, so that a reaction
/// or a button on them answers.
fn answer_extra(audience: &Audience, job: &DueJob) -> Option<crate::store::MessageExtra> {
    let atelier = job.atelier?;
    match job.kind {
        JobKind::Rule(
            RuleKind::References | RuleKind::AtelierReminder | RuleKind::PreparationNudge,
        ) if audience.cohort.parts.preparation => {
            Some(crate::store::MessageExtra::CheckIn { atelier })
        }
        JobKind::Attendance => Some(crate::store::MessageExtra::Attendance {
            atelier,
            session: job.payload.session?,
        }),
        _ => None,
    }
}

/// The state a job fired `now` moves to: skipped once it no longer makes sense (its atelier
/// has started, its deadline passed), done otherwise.
fn claim_state(audience: &Audience, job: &DueJob, now: DateTime<Utc>) -> JobState {
    if audience.useful_until(job).is_some_and(|until| now >= until) {
        JobState::Skipped
    } else {
        JobState::Done
    }
}

/// The outbox row of the `i`-th message of `job`, keyed so that firing it again writes nothing.
fn job_message(job: &DueJob, i: usize, m: OutMsg) -> NewOutboxMessage {
    NewOutboxMessage {
        key: format!("job:{}:{}:{}", job.id, i, m.to),
        cohort: Some(job.cohort),
        destination: m.to,
        member: m.member,
        body: m.body,
        attachments: m.attachments,
        in_reply_to: None,
        job: Some(job.id),
        replaces: m.replaces,
        extra: m.extra,
    }
}

/// After a chat reminder fires: a recurring one gets its next firing (from now, so a long
/// downtime does not replay every missed occurrence), a one-off one is done.
async fn follow_up_reminder(
    conn: &mut SqliteConnection,
    audience: &Audience,
    reminder: i64,
    job: &DueJob,
    now: DateTime<Utc>,
    limits: &crate::limits::Limits,
) -> Result<(), EngineError> {
    let Some(r) = store::reminders::by_id(conn, reminder).await? else {
        return Ok(());
    };
    match r.cron.as_deref().map(crate::schedule::CronRule::parse) {
        // A recurring reminder stops after its quota of firings, so a forgotten rule cannot
        // write to the cohort forever.
        Some(Ok(_))
            if store::reminders::fired_count(conn, reminder).await? >= limits.cron_max_fires =>
        {
            store::reminders::mark_done(conn, reminder).await?;
        }
        Some(Ok(rule)) => {
            let after = job.due_at.max(now);
            // A personal reminder keeps the person's own hour, in their zone.
            let zone = audience
                .members
                .iter()
                .find(|(m, _)| Some(m.id) == r.member)
                .and_then(|(m, _)| m.timezone)
                .unwrap_or(audience.cohort.timezone);
            if let Some(next) = rule.next_after(zone, after) {
                store::reminders::enqueue_firing(conn, reminder, next).await?;
            }
        }
        // A rule that no longer parses was checked when written; stop rather than loop.
        Some(Err(_)) | None => store::reminders::mark_done(conn, reminder).await?,
    }
    Ok(())
}
