//! Peer review: who reads whose submission (under a short code), and what they said.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{AtelierId, MemberId};

/// One review to do, done or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Store id.
    pub id: i64,
    /// The code the reviewer types (`R3`).
    pub code: String,
    /// Who reviews.
    pub reviewer: MemberId,
    /// Whose work.
    pub author: MemberId,
    /// The version read.
    pub submission: i64,
    /// One score per criterion, once reviewed.
    pub scores: Option<Vec<u32>>,
    /// The comment, if any.
    pub comment: Option<String>,
    /// When reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Assignment> {
    let scores: Option<String> = row.try_get("scores")?;
    Ok(Assignment {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        reviewer: MemberId(row.try_get("reviewer_id")?),
        author: MemberId(row.try_get("author_id")?),
        submission: row.try_get("submission_id")?,
        scores: scores
            .map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?,
        comment: row.try_get("comment")?,
        reviewed_at: row
            .try_get::<Option<i64>, _>("reviewed_at")?
            .map(from_db_time)
            .transpose()?,
    })
}

/// Records that `reviewer` reads `author`'s `submission` under `code`; `false` if they already
/// had that pair (an allocation fired twice assigns nothing twice).
pub async fn assign(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    code: &str,
    reviewer: MemberId,
    author: MemberId,
    submission: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO review_assignments (atelier_id, code, reviewer_id, author_id, submission_id)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(atelier.0)
    .bind(code)
    .bind(reviewer.0)
    .bind(author.0)
    .bind(submission)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every assignment of an atelier, by code.
pub async fn of_atelier(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<Vec<Assignment>> {
    let rows = sqlx::query("SELECT * FROM review_assignments WHERE atelier_id = ? ORDER BY id")
        .bind(atelier.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The assignment `code` of an atelier.
pub async fn by_code(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    code: &str,
) -> Result<Option<Assignment>> {
    let row = sqlx::query("SELECT * FROM review_assignments WHERE atelier_id = ? AND code = ?")
        .bind(atelier.0)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Records (or replaces) a review.
pub async fn review(
    conn: &mut SqliteConnection,
    assignment: i64,
    scores: &[u32],
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let scores = serde_json::to_string(scores).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "UPDATE review_assignments SET scores = ?, comment = ?, reviewed_at = ? WHERE id = ?",
    )
    .bind(scores)
    .bind(comment)
    .bind(to_db_time(now))
    .bind(assignment)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The reviews a member gave and received, with the atelier's number: (number, assignment).
pub async fn of_member(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<(u32, Assignment)>> {
    let rows = sqlx::query(
        "SELECT r.*, a.number FROM review_assignments r JOIN ateliers a ON a.id = r.atelier_id
         WHERE r.reviewer_id = ?1 OR r.author_id = ?1 ORDER BY a.number, r.id",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0),
                from_row(row)?,
            ))
        })
        .collect()
}
