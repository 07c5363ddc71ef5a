//! Preparation check-ins (`preparation`, `preparation_questions`): who is ready for an atelier,
//! who is not yet, and the questions asked about its preparatory work.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{AtelierId, MemberId};

/// What a participant said of their preparation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Ready.
    Ready,
    /// Not yet.
    NotYet,
}

impl Readiness {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::NotYet => "not-yet",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "ready" => Ok(Readiness::Ready),
            "not-yet" => Ok(Readiness::NotYet),
            other => Err(StoreError::Corrupt(format!("readiness {other}"))),
        }
    }
}

/// Records (or replaces) what `member` says of their preparation for `atelier`.
pub async fn set(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
    readiness: Readiness,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO preparation (atelier_id, member_id, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (atelier_id, member_id) DO UPDATE SET state = excluded.state,
           updated_at = excluded.updated_at",
    )
    .bind(atelier.0)
    .bind(member.0)
    .bind(readiness.as_str())
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every answer given for `atelier`, by member.
pub async fn of_atelier(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<Vec<(MemberId, Readiness)>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT member_id, state FROM preparation WHERE atelier_id = ?")
            .bind(atelier.0)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter()
        .map(|(m, s)| Ok((MemberId(m), Readiness::parse(&s)?)))
        .collect()
}

/// Records a question about the preparation of `atelier`; returns how many `member` has asked
/// for it, this one included.
pub async fn ask(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query(
        "INSERT INTO preparation_questions (atelier_id, member_id, text, asked_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(atelier.0)
    .bind(member.0)
    .bind(text)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    questions_of(conn, atelier, member).await
}

/// How many questions `member` asked about `atelier`.
pub async fn questions_of(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM preparation_questions WHERE atelier_id = ? AND member_id = ?",
    )
    .bind(atelier.0)
    .bind(member.0)
    .fetch_one(&mut *conn)
    .await?)
}

/// A question asked about an atelier's preparation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Who asked.
    pub member: MemberId,
    /// What.
    pub text: String,
    /// When.
    pub asked_at: DateTime<Utc>,
}

/// The questions asked about `atelier`, oldest first.
pub async fn questions(conn: &mut SqliteConnection, atelier: AtelierId) -> Result<Vec<Question>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT member_id, text, asked_at FROM preparation_questions WHERE atelier_id = ?
         ORDER BY id",
    )
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(m, text, at)| {
            Ok(Question {
                member: MemberId(m),
                text,
                asked_at: from_db_time(at)?,
            })
        })
        .collect()
}

/// Everything `member` said of their preparation, for their data export: (atelier number,
/// readiness) and (atelier number, question, when).
pub async fn of_member(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<(Vec<(u32, String)>, Vec<(u32, String, DateTime<Utc>)>)> {
    let states: Vec<(u32, String)> = sqlx::query_as(
        "SELECT a.number, p.state FROM preparation p JOIN ateliers a ON a.id = p.atelier_id
         WHERE p.member_id = ? ORDER BY a.number",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<(u32, String, i64)> = sqlx::query_as(
        "SELECT a.number, q.text, q.asked_at FROM preparation_questions q
         JOIN ateliers a ON a.id = q.atelier_id WHERE q.member_id = ? ORDER BY q.id",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let questions = rows
        .into_iter()
        .map(|(n, text, at)| Ok((n, text, from_db_time(at)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok((states, questions))
}
