//! Reminders written by facilitators in chat, and the jobs that fire them.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::jobs::{self, JobKind, JobPayload, JobSource};
use super::{Result, StoreError, to_db_time};
use crate::ids::{CohortId, MemberId};
use crate::schedule::Target;

/// A reminder written in chat.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatReminder {
    /// Store id.
    pub id: i64,
    /// The cohort.
    pub cohort: CohortId,
    /// Its number within the cohort, as facilitators see it.
    pub number: u32,
    /// Who wrote it.
    pub author: Option<MemberId>,
    /// The text to send.
    pub text: String,
    /// The group it goes to (ignored when `member` is set).
    pub target: Target,
    /// The one member it goes to, if any.
    pub member: Option<MemberId>,
    /// The standard 5-field cron rule of a recurring reminder.
    pub cron: Option<String>,
    /// The due instant of its next firing, if one is pending.
    pub next_due: Option<DateTime<Utc>>,
}

/// What a new reminder says and to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct NewChatReminder<'a> {
    /// The cohort.
    pub cohort: CohortId,
    /// Who writes it.
    pub author: Option<MemberId>,
    /// The text.
    pub text: &'a str,
    /// The group it goes to.
    pub target: Target,
    /// The one member it goes to, if any.
    pub member: Option<MemberId>,
    /// The cron rule of a recurring reminder.
    pub cron: Option<&'a str>,
}

/// Stores a reminder and its first firing at `first_due`; returns its number in the cohort.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewChatReminder<'_>,
    first_due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u32> {
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM reminders WHERE cohort_id = ?",
    )
    .bind(new.cohort.0)
    .fetch_one(&mut *conn)
    .await?;
    let id = sqlx::query(
        "INSERT INTO reminders (cohort_id, number, author_id, text, target, member_id, cron,
           created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.cohort.0)
    .bind(number)
    .bind(new.author.map(|m| m.0))
    .bind(new.text)
    .bind(new.target.as_str())
    .bind(new.member.map(|m| m.0))
    .bind(new.cron)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    enqueue_firing(conn, id, first_due).await?;
    Ok(number as u32)
}

/// Enqueues the firing of reminder `id` at `due` (idempotent on the pair).
pub async fn enqueue_firing(
    conn: &mut SqliteConnection,
    id: i64,
    due: DateTime<Utc>,
) -> Result<()> {
    let Some(r) = by_id(conn, id).await? else {
        return Ok(());
    };
    let key = format!("reminder:{id}:{}", due.timestamp());
    jobs::enqueue(
        conn,
        r.cohort,
        &key,
        JobKind::Custom,
        None,
        r.target,
        &JobPayload {
            text: Some(r.text.clone()),
            member: r.member,
            author: r.author,
            ..JobPayload::default()
        },
        due,
        JobSource::Chat,
    )
    .await?;
    sqlx::query("UPDATE jobs SET reminder_id = ? WHERE cohort_id = ? AND key = ?")
        .bind(id)
        .bind(r.cohort.0)
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many times reminder `id` has fired (jobs that left `pending` other than by cancelling).
pub async fn fired_count(conn: &mut SqliteConnection, id: i64) -> Result<u32> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE reminder_id = ? AND state NOT IN ('pending', 'cancelled')",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<ChatReminder> {
    let target: String = row.try_get("target")?;
    Ok(ChatReminder {
        id: row.try_get("id")?,
        cohort: CohortId(row.try_get("cohort_id")?),
        number: row.try_get::<i64, _>("number")? as u32,
        author: row.try_get::<Option<i64>, _>("author_id")?.map(MemberId),
        text: row.try_get("text")?,
        target: Target::parse(&target)
            .ok_or_else(|| StoreError::Corrupt(format!("target {target}")))?,
        member: row.try_get::<Option<i64>, _>("member_id")?.map(MemberId),
        cron: row.try_get("cron")?,
        next_due: row
            .try_get::<Option<i64>, _>("next_due")?
            .map(super::from_db_time)
            .transpose()?,
    })
}

const SELECT: &str = "SELECT r.*, (SELECT MIN(due_at) FROM jobs j WHERE j.reminder_id = r.id
                       AND j.state = 'pending') AS next_due FROM reminders r";

/// The reminder with this id.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<ChatReminder>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = ?")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The cohort's active reminders, by number.
pub async fn active(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<ChatReminder>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE r.cohort_id = ? AND r.state = 'active' ORDER BY r.number"
    )))
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Cancels active reminder `number` and its pending firing; returns it, or `None` if there is
/// no such active reminder.
pub async fn cancel(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    number: u32,
) -> Result<Option<ChatReminder>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM reminders WHERE cohort_id = ? AND number = ? AND state = 'active'",
    )
    .bind(cohort.0)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else { return Ok(None) };
    let reminder = by_id(conn, id).await?;
    sqlx::query("UPDATE reminders SET state = 'cancelled' WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE jobs SET state = 'cancelled' WHERE reminder_id = ? AND state = 'pending'")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(reminder)
}

/// Marks a one-off reminder done once it has fired.
pub async fn mark_done(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    sqlx::query("UPDATE reminders SET state = 'done' WHERE id = ? AND state = 'active'")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
