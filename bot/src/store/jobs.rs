//! Jobs are data: every automated message to come is a row with its due instant, enqueued
//! idempotently and claimed in the transaction that writes its messages to the outbox.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{CohortId, JobId, MemberId};
use crate::schedule::{RuleKind, Target};

/// What a job does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// A programme reminder rule.
    Rule(RuleKind),
    /// A recurring reminder from the programme.
    Recurring,
    /// A reminder a facilitator wrote in chat.
    Custom,
    /// A reminder a member asked to see again later (`!plus-tard`).
    Snooze,
    /// A poll's deadline: close it and post the results.
    PollClose,
    /// A poll's live results, coalesced: at most one update every few seconds.
    PollLive,
    /// Attendance opens for one session of an atelier (the session is in the payload).
    Attendance,
    /// A step of an evaluation (of the job's atelier, or the self-assessment without one).
    Evaluation(crate::schedule::EvalStep),
    /// The facilitators' follow-up digest.
    FollowUp,
    /// A chase before the deadline one person was granted (member and date in the payload).
    ExtensionChase,
    /// The announcement that an atelier moved (its old start in the payload's text).
    AtelierMoved,
    /// The announcement that an atelier is cancelled (its start in the payload's text).
    AtelierCancelled,
    /// A step of a deliverable's peer review.
    Review(crate::schedule::ReviewStep),
    /// A step of a decision (the decision's id in the payload).
    Decision(crate::schedule::DecisionStep),
}

impl JobKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Rule(k) => k.as_str(),
            JobKind::Recurring => "recurring",
            JobKind::Custom => "custom",
            JobKind::Snooze => "snooze",
            JobKind::PollClose => "poll-close",
            JobKind::PollLive => "poll-live",
            JobKind::Attendance => "attendance",
            JobKind::Evaluation(step) => step.as_str(),
            JobKind::FollowUp => "followup",
            JobKind::ExtensionChase => "extension-chase",
            JobKind::AtelierMoved => "atelier-moved",
            JobKind::AtelierCancelled => "atelier-cancelled",
            JobKind::Review(step) => step.as_str(),
            JobKind::Decision(step) => step.as_str(),
        }
    }

    /// Parses [`JobKind::as_str`]'s form.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "recurring" => Some(JobKind::Recurring),
            "custom" => Some(JobKind::Custom),
            "snooze" => Some(JobKind::Snooze),
            "poll-close" => Some(JobKind::PollClose),
            "poll-live" => Some(JobKind::PollLive),
            "attendance" => Some(JobKind::Attendance),
            "followup" => Some(JobKind::FollowUp),
            "extension-chase" => Some(JobKind::ExtensionChase),
            "atelier-moved" => Some(JobKind::AtelierMoved),
            "atelier-cancelled" => Some(JobKind::AtelierCancelled),
            other => RuleKind::parse(other)
                .map(JobKind::Rule)
                .or_else(|| crate::schedule::EvalStep::parse(other).map(JobKind::Evaluation))
                .or_else(|| crate::schedule::ReviewStep::parse(other).map(JobKind::Review))
                .or_else(|| crate::schedule::DecisionStep::parse(other).map(JobKind::Decision)),
        }
    }
}

/// Where a job came from: programme jobs are rescheduled on re-import, chat jobs are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobSource {
    /// Computed from the programme file.
    Programme,
    /// Written by a facilitator in chat.
    Chat,
}

impl JobSource {
    fn as_str(self) -> &'static str {
        match self {
            JobSource::Programme => "programme",
            JobSource::Chat => "chat",
        }
    }
}

/// A job's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its due time.
    Pending,
    /// Its messages are in the outbox.
    Done,
    /// Came too late to make sense; facilitators were told.
    Skipped,
    /// Withdrawn (programme changed, or cancelled by a facilitator).
    Cancelled,
}

impl JobState {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(JobState::Pending),
            "done" => Some(JobState::Done),
            "skipped" => Some(JobState::Skipped),
            "cancelled" => Some(JobState::Cancelled),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Done => "done",
            JobState::Skipped => "skipped",
            JobState::Cancelled => "cancelled",
        }
    }
}

/// Extra data of a job, stored as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPayload {
    /// Free text to send (recurring and custom reminders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A single member to send to, instead of the target group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberId>,
    /// Who wrote it (custom reminders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<MemberId>,
    /// The poll it closes or shows (poll jobs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<i64>,
    /// The attendance session it opens, from 1 (attendance jobs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<u32>,
    /// The deadline it chases, as a Unix time (extension chases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i64>,
    /// Why an atelier moved or is cancelled, as the facilitator wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The decision a decision job is about (its store id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<i64>,
}

/// A pending job whose time has come.
#[derive(Debug, Clone, PartialEq)]
pub struct DueJob {
    /// Its id.
    pub id: JobId,
    /// Its cohort.
    pub cohort: CohortId,
    /// Its idempotency key.
    pub key: String,
    /// What it does.
    pub kind: JobKind,
    /// The atelier it is about, if any.
    pub atelier: Option<u32>,
    /// Who receives it.
    pub target: Target,
    /// Extra data.
    pub payload: JobPayload,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// Its state.
    pub state: JobState,
    /// The chat reminder it fires, if any.
    pub reminder: Option<i64>,
    /// How many times firing it has failed.
    pub attempts: u32,
}

/// Adds a job unless one with the same key exists; returns whether a row was written. A pending
/// job with the same key takes the new payload (a recurring reminder whose text was edited in
/// the programme says the new text; the key, and so the schedule, stay).
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per column of a job row; a struct would only rename them"
)]
pub async fn enqueue(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    key: &str,
    kind: JobKind,
    atelier: Option<u32>,
    target: Target,
    payload: &JobPayload,
    due_at: DateTime<Utc>,
    source: JobSource,
) -> Result<bool> {
    let payload = serde_json::to_string(payload).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let done = sqlx::query(
        "INSERT INTO jobs (cohort_id, key, kind, atelier_number, target, payload, due_at, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cohort_id, key) DO UPDATE SET payload = excluded.payload
           WHERE jobs.state = 'pending' AND jobs.payload <> excluded.payload",
    )
    .bind(cohort.0)
    .bind(key)
    .bind(kind.as_str())
    .bind(atelier)
    .bind(target.as_str())
    .bind(payload)
    .bind(to_db_time(due_at))
    .bind(source.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels the cohort's pending programme jobs whose key is not in `keep`; returns how many.
pub async fn cancel_programme_jobs_not_in(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    keep: &HashSet<String>,
) -> Result<usize> {
    let pending: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, key FROM jobs WHERE cohort_id = ? AND source = 'programme' AND state = 'pending'",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut n = 0;
    for (id, key) in pending {
        if !keep.contains(&key) {
            set_state(&mut *conn, JobId(id), JobState::Cancelled, None).await?;
            n += 1;
        }
    }
    Ok(n)
}

fn job_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<DueJob> {
    let kind: String = row.try_get("kind")?;
    let target: String = row.try_get("target")?;
    let payload: String = row.try_get("payload")?;
    let state: String = row.try_get("state")?;
    Ok(DueJob {
        id: JobId(row.try_get("id")?),
        cohort: CohortId(row.try_get("cohort_id")?),
        key: row.try_get("key")?,
        kind: JobKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("kind {kind}")))?,
        atelier: row
            .try_get::<Option<i64>, _>("atelier_number")?
            .map(|n| n as u32),
        target: Target::parse(&target)
            .ok_or_else(|| StoreError::Corrupt(format!("target {target}")))?,
        payload: serde_json::from_str(&payload)
            .map_err(|e| StoreError::Corrupt(format!("payload: {e}")))?,
        due_at: from_db_time(row.try_get("due_at")?)?,
        state: JobState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("state {state}")))?,
        reminder: row.try_get("reminder_id")?,
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
    })
}

/// Up to `limit` pending jobs due at or before `now`, oldest first.
pub async fn due(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueJob>> {
    let rows = sqlx::query(
        "SELECT * FROM jobs WHERE state = 'pending' AND due_at <= ?
           AND (retry_at IS NULL OR retry_at <= ?)
         ORDER BY due_at, id LIMIT ?",
    )
    .bind(to_db_time(now))
    .bind(to_db_time(now))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(job_from_row).collect()
}

/// Records that firing job `id` failed: one more attempt, not retried before `retry_at`.
/// Returns the number of attempts so far.
pub async fn record_failure(
    conn: &mut SqliteConnection,
    id: i64,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<u32> {
    let attempts: i64 = sqlx::query_scalar(
        "UPDATE jobs SET attempts = attempts + 1, retry_at = ?, last_error = ?
         WHERE id = ? RETURNING attempts",
    )
    .bind(to_db_time(retry_at))
    .bind(error)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u32::try_from(attempts).unwrap_or(u32::MAX))
}

/// The due instant of the earliest pending job, if any.
pub async fn next_due_at(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>> {
    let t: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(MAX(due_at, COALESCE(retry_at, 0))) FROM jobs WHERE state = 'pending'",
    )
    .fetch_one(&mut *conn)
    .await?;
    t.map(from_db_time).transpose()
}

/// The cohort's pending jobs, soonest first.
pub async fn pending_for_cohort(
    conn: &mut SqliteConnection,
    cohort: CohortId,
) -> Result<Vec<DueJob>> {
    let rows = sqlx::query(
        "SELECT * FROM jobs WHERE cohort_id = ? AND state = 'pending' ORDER BY due_at, id",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(job_from_row).collect()
}

/// Moves a job to `state` — only from pending, so a job is never fired twice. Returns whether
/// it moved.
pub async fn set_state(
    conn: &mut SqliteConnection,
    id: JobId,
    state: JobState,
    done_at: Option<DateTime<Utc>>,
) -> Result<bool> {
    let moved =
        sqlx::query("UPDATE jobs SET state = ?, done_at = ? WHERE id = ? AND state = 'pending'")
            .bind(state.as_str())
            .bind(done_at.map(to_db_time))
            .bind(id.0)
            .execute(&mut *conn)
            .await?;
    Ok(moved.rows_affected() == 1)
}

/// [`set_state`] for many jobs in a few statements (each a round trip to the database
/// thread); returns the ids that moved out of `pending` (the others were claimed already).
pub async fn set_states(
    conn: &mut SqliteConnection,
    jobs: &[(JobId, JobState)],
    done_at: DateTime<Utc>,
) -> Result<std::collections::HashSet<JobId>> {
    let mut moved = std::collections::HashSet::new();
    for state in [JobState::Done, JobState::Skipped] {
        let ids: Vec<i64> = jobs
            .iter()
            .filter(|(_, s)| *s == state)
            .map(|(id, _)| id.0)
            .collect();
        for chunk in ids.chunks(500) {
            let placeholders = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "UPDATE jobs SET state = ?, done_at = ? WHERE state = 'pending' \
                 AND id IN ({placeholders}) RETURNING id"
            );
            // Only `?` placeholders are formatted into the statement; values are bound.
            let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                .bind(state.as_str())
                .bind(to_db_time(done_at));
            for id in chunk {
                q = q.bind(*id);
            }
            moved.extend(q.fetch_all(&mut *conn).await?.into_iter().map(JobId));
        }
    }
    Ok(moved)
}

/// Cancels the cohort's pending job with `key`, if any; returns whether one was.
pub async fn cancel_pending(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    key: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET state = 'cancelled' WHERE cohort_id = ? AND state = 'pending' AND key = ?",
    )
    .bind(cohort.0)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Cancels `member`'s pending snoozes; returns how many there were.
pub async fn cancel_snoozes(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    member: MemberId,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE jobs SET state = 'cancelled' WHERE cohort_id = ? AND kind = 'snooze'
           AND state = 'pending' AND json_extract(payload, '$.member') = ?",
    )
    .bind(cohort.0)
    .bind(member.0)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Cancels the cohort's pending jobs whose key starts with `prefix`; returns how many.
pub async fn cancel_pending_prefixed(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    prefix: &str,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE jobs SET state = 'cancelled'
         WHERE cohort_id = ? AND state = 'pending' AND substr(key, 1, length(?)) = ?",
    )
    .bind(cohort.0)
    .bind(prefix)
    .bind(prefix)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
