//! Preparation check-ins (`preparation`, `preparation_questions`): who is ready for an atelier,
//! who is not yet, and the questions asked about its preparatory work.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{AtelierId, CohortId, MemberId};

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
    /// Its number, quoted by facilitators to answer it (`!repondre 12 …`).
    pub id: i64,
    /// The atelier it is about.
    pub atelier: AtelierId,
    /// Who asked.
    pub member: MemberId,
    /// What.
    pub text: String,
    /// When.
    pub asked_at: DateTime<Utc>,
    /// The facilitators' answer, once given.
    pub answer: Option<String>,
}

type QuestionRow = (i64, i64, i64, String, i64, Option<String>);

const QUESTION_COLUMNS: &str = "id, atelier_id, member_id, text, asked_at, answer";

fn question_from_row((id, atelier, member, text, at, answer): QuestionRow) -> Result<Question> {
    Ok(Question {
        id,
        atelier: AtelierId(atelier),
        member: MemberId(member),
        text,
        asked_at: from_db_time(at)?,
        answer,
    })
}

/// The questions asked about `atelier`, oldest first.
pub async fn questions(conn: &mut SqliteConnection, atelier: AtelierId) -> Result<Vec<Question>> {
    let rows: Vec<QuestionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {QUESTION_COLUMNS} FROM preparation_questions WHERE atelier_id = ? ORDER BY id"
    )))
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(question_from_row).collect()
}

/// Question `id`, if it is about an atelier of `cohort`.
pub async fn question_in(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    id: i64,
) -> Result<Option<Question>> {
    let row: Option<QuestionRow> = sqlx::query_as(
        "SELECT q.id, q.atelier_id, q.member_id, q.text, q.asked_at, q.answer
         FROM preparation_questions q JOIN ateliers a ON a.id = q.atelier_id
         WHERE q.id = ? AND a.cohort_id = ?",
    )
    .bind(id)
    .bind(cohort.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(question_from_row).transpose()
}

/// Records (or replaces) the answer to question `id`.
pub async fn answer(
    conn: &mut SqliteConnection,
    id: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE preparation_questions SET answer = ?, answered_at = ? WHERE id = ?")
        .bind(text)
        .bind(to_db_time(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Who answered the check-in of `atelier`: ready, not yet, or a question.
pub async fn answered(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<std::collections::HashSet<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT member_id FROM preparation WHERE atelier_id = ?1
         UNION SELECT member_id FROM preparation_questions WHERE atelier_id = ?1",
    )
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

/// Everything `member` said of their preparation, for their data export: (atelier number,
/// readiness) and (atelier number, question) with the answer it got.
pub async fn of_member(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<(Vec<(u32, String)>, Vec<(u32, Question)>)> {
    let states: Vec<(u32, String)> = sqlx::query_as(
        "SELECT a.number, p.state FROM preparation p JOIN ateliers a ON a.id = p.atelier_id
         WHERE p.member_id = ? ORDER BY a.number",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<QuestionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {QUESTION_COLUMNS} FROM preparation_questions WHERE member_id = ? ORDER BY id"
    )))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let numbers: std::collections::HashMap<i64, u32> = sqlx::query_as(
        "SELECT DISTINCT a.id, a.number FROM ateliers a
         JOIN preparation_questions q ON q.atelier_id = a.id WHERE q.member_id = ?",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let questions = rows
        .into_iter()
        .map(|row| {
            let q = question_from_row(row)?;
            Ok((numbers.get(&q.atelier.0).copied().unwrap_or(0), q))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((states, questions))
}
