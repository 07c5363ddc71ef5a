//! Deadline extensions (`extensions`): one line per person and deliverable, from the request to
//! the facilitators' decision.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{AtelierId, MemberId};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionState {
    /// Waiting for a facilitator.
    Requested,
    /// A new date was given.
    Granted,
    /// Refused.
    Refused,
}

impl ExtensionState {
    fn parse(s: &str) -> Result<Self> {
        match s {
            "requested" => Ok(ExtensionState::Requested),
            "granted" => Ok(ExtensionState::Granted),
            "refused" => Ok(ExtensionState::Refused),
            other => Err(StoreError::Corrupt(format!("extension state {other}"))),
        }
    }
}

/// One person's extension for one deliverable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The atelier.
    pub atelier: AtelierId,
    /// Who asked.
    pub member: MemberId,
    /// Why, in their words.
    pub reason: String,
    /// When they asked.
    pub requested_at: DateTime<Utc>,
    /// Where it stands.
    pub state: ExtensionState,
    /// Their deadline, when one was granted (it stays while a new request waits).
    pub due: Option<DateTime<Utc>>,
    /// The facilitators' answer, if any.
    pub answer: Option<String>,
}

type Row = (i64, i64, String, i64, String, Option<i64>, Option<String>);

fn from_row((atelier, member, reason, at, state, due, answer): Row) -> Result<Extension> {
    Ok(Extension {
        atelier: AtelierId(atelier),
        member: MemberId(member),
        reason,
        requested_at: from_db_time(at)?,
        state: ExtensionState::parse(&state)?,
        due: due.map(from_db_time).transpose()?,
        answer,
    })
}

const COLUMNS: &str = "atelier_id, member_id, reason, requested_at, state, due_at, answer";

/// Records a request (a new one replaces the reason; a date granted before stays in force).
pub async fn request(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO extensions (atelier_id, member_id, reason, requested_at, state)
         VALUES (?, ?, ?, ?, 'requested')
         ON CONFLICT (atelier_id, member_id) DO UPDATE SET reason = excluded.reason,
           requested_at = excluded.requested_at, state = 'requested', answer = NULL",
    )
    .bind(atelier.0)
    .bind(member.0)
    .bind(reason)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a facilitator's decision: a new date (`due`), or a refusal with `answer`. A decision
/// without a request first (a facilitator granting on their own) is recorded too.
pub async fn decide(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
    due: Option<DateTime<Utc>>,
    answer: Option<&str>,
    by: MemberId,
    now: DateTime<Utc>,
) -> Result<()> {
    let state = if due.is_some() { "granted" } else { "refused" };
    sqlx::query(
        "INSERT INTO extensions (atelier_id, member_id, reason, requested_at, state, due_at,
           answer, decided_by, decided_at) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?)
         ON CONFLICT (atelier_id, member_id) DO UPDATE SET state = excluded.state,
           due_at = COALESCE(excluded.due_at, extensions.due_at), answer = excluded.answer,
           decided_by = excluded.decided_by, decided_at = excluded.decided_at",
    )
    .bind(atelier.0)
    .bind(member.0)
    .bind(to_db_time(now))
    .bind(state)
    .bind(due.map(to_db_time))
    .bind(answer)
    .bind(by.0)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `member`'s extension for `atelier`, if any.
pub async fn get(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
) -> Result<Option<Extension>> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM extensions WHERE atelier_id = ? AND member_id = ?"
    )))
    .bind(atelier.0)
    .bind(member.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(from_row).transpose()
}

/// The deadline each person with a granted date has for `atelier`.
pub async fn granted(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<HashMap<MemberId, DateTime<Utc>>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT member_id, due_at FROM extensions WHERE atelier_id = ? AND due_at IS NOT NULL",
    )
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(m, due)| Ok((MemberId(m), from_db_time(due)?)))
        .collect()
}

/// `member`'s extensions, for their data export.
pub async fn of_member(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<Extension>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM extensions WHERE member_id = ? ORDER BY atelier_id"
    )))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(from_row).collect()
}
