//! Evaluations (`objectives`, `evaluations`, `evaluation_answers`): participants' ratings of
//! each atelier and their self-assessment against the cohort's objectives.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{AtelierId, CohortId, MemberId};

/// One evaluation: of an atelier, or the self-assessment (`atelier` `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Store id.
    pub id: i64,
    /// Its cohort.
    pub cohort: CohortId,
    /// The atelier rated; `None` for the self-assessment against the objectives.
    pub atelier: Option<AtelierId>,
    /// Whether answers are filed under tokens rather than names.
    pub anonymous: bool,
    /// Whether it still takes answers.
    pub open: bool,
    /// When it closes (or closed).
    pub closes_at: DateTime<Utc>,
}

/// One answer, without who gave it unless the evaluation is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The author, for a named evaluation only.
    pub member: Option<MemberId>,
    /// `[satisfaction, aims]` for an atelier; `[before, after]` pairs flattened for objectives.
    pub scores: Vec<u8>,
    /// What to keep.
    pub keep: Option<String>,
    /// What to change.
    pub change: Option<String>,
}

/// An answer's row: (author or atelier number, scores JSON, keep, change).
type AnswerRow<K> = (Option<K>, String, Option<String>, Option<String>);

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Replaces the cohort's objectives with `texts`, in order.
pub async fn replace_objectives(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    texts: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM objectives WHERE cohort_id = ?")
        .bind(cohort.0)
        .execute(&mut *conn)
        .await?;
    for (i, text) in texts.iter().enumerate() {
        sqlx::query("INSERT INTO objectives (cohort_id, position, text) VALUES (?, ?, ?)")
            .bind(cohort.0)
            .bind(i64::try_from(i + 1).map_err(corrupt)?)
            .bind(text)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The cohort's objectives, in order.
pub async fn objectives(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT text FROM objectives WHERE cohort_id = ? ORDER BY position")
            .bind(cohort.0)
            .fetch_all(&mut *conn)
            .await?,
    )
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Evaluation> {
    Ok(Evaluation {
        id: row.try_get("id")?,
        cohort: CohortId(row.try_get("cohort_id")?),
        atelier: row.try_get::<Option<i64>, _>("atelier_id")?.map(AtelierId),
        anonymous: row.try_get("anonymous")?,
        open: row.try_get::<String, _>("state")? == "open",
        closes_at: from_db_time(row.try_get("closes_at")?)?,
    })
}

/// The evaluation of `atelier` (or the self-assessment), if it was opened.
pub async fn find(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    atelier: Option<AtelierId>,
) -> Result<Option<Evaluation>> {
    let row =
        sqlx::query("SELECT * FROM evaluations WHERE cohort_id = ? AND IFNULL(atelier_id, 0) = ?")
            .bind(cohort.0)
            .bind(atelier.map_or(0, |a| a.0))
            .fetch_optional(&mut *conn)
            .await?;
    row.as_ref().map(from_row).transpose()
}

/// Opens the evaluation of `atelier` (or the self-assessment) unless it exists; returns it.
pub async fn open(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    atelier: Option<AtelierId>,
    anonymous: bool,
    now: DateTime<Utc>,
    closes_at: DateTime<Utc>,
) -> Result<Evaluation> {
    if let Some(e) = find(conn, cohort, atelier).await? {
        return Ok(e);
    }
    let secret = if anonymous {
        let mut bytes = vec![0u8; 32];
        getrandom::fill(&mut bytes).map_err(corrupt)?;
        Some(bytes)
    } else {
        None
    };
    sqlx::query(
        "INSERT INTO evaluations (cohort_id, atelier_id, anonymous, secret, opened_at, closes_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(cohort.0)
    .bind(atelier.map(|a| a.0))
    .bind(anonymous)
    .bind(secret)
    .bind(to_db_time(now))
    .bind(to_db_time(closes_at))
    .execute(&mut *conn)
    .await?;
    find(conn, cohort, atelier)
        .await?
        .ok_or_else(|| corrupt("an evaluation just opened is missing"))
}

/// What `member`'s answers are filed under in `e`: a token while an anonymous evaluation is
/// open (its secret exists), their id in a named one; `None` once an anonymous one closed.
async fn respondent(
    conn: &mut SqliteConnection,
    e: &Evaluation,
    member: MemberId,
) -> Result<Option<String>> {
    if !e.anonymous {
        return Ok(Some(format!("m{}", member.0)));
    }
    let secret: Option<Vec<u8>> = sqlx::query_scalar("SELECT secret FROM evaluations WHERE id = ?")
        .bind(e.id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(secret.map(|s| super::polls::token(&s, member)))
}

/// Records (or replaces) `member`'s answer; returns whether it replaced one, or `None` when the
/// evaluation no longer takes answers.
pub async fn answer(
    conn: &mut SqliteConnection,
    e: &Evaluation,
    member: MemberId,
    a: &Answer,
) -> Result<Option<bool>> {
    let Some(who) = respondent(conn, e, member).await?.filter(|_| e.open) else {
        return Ok(None);
    };
    let scores = serde_json::to_string(&a.scores).map_err(corrupt)?;
    let replaced: bool = sqlx::query_scalar(
        "SELECT COUNT(*) > 0 FROM evaluation_answers WHERE evaluation_id = ? AND respondent = ?",
    )
    .bind(e.id)
    .bind(&who)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO evaluation_answers (evaluation_id, respondent, member_id, scores, keep, change)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (evaluation_id, respondent) DO UPDATE SET scores = excluded.scores,
           keep = excluded.keep, change = excluded.change",
    )
    .bind(e.id)
    .bind(&who)
    .bind((!e.anonymous).then_some(member.0))
    .bind(scores)
    .bind(&a.keep)
    .bind(&a.change)
    .execute(&mut *conn)
    .await?;
    Ok(Some(replaced))
}

/// Which of `members` answered `e` (knowable while it is open).
pub async fn respondents(
    conn: &mut SqliteConnection,
    e: &Evaluation,
    members: &[MemberId],
) -> Result<HashSet<MemberId>> {
    let filed: HashSet<String> =
        sqlx::query_scalar("SELECT respondent FROM evaluation_answers WHERE evaluation_id = ?")
            .bind(e.id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    let mut out = HashSet::new();
    for &m in members {
        if respondent(conn, e, m)
            .await?
            .is_some_and(|who| filed.contains(&who))
        {
            out.insert(m);
        }
    }
    Ok(out)
}

/// Closes `e`, erasing its secret; `false` if it was closed already.
pub async fn close(conn: &mut SqliteConnection, id: i64) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE evaluations SET state = 'closed', secret = NULL WHERE id = ? AND state = 'open'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// Every answer to `e`, in the order of their respondents (tokens: no meaningful order).
pub async fn answers(conn: &mut SqliteConnection, id: i64) -> Result<Vec<Answer>> {
    let rows: Vec<AnswerRow<i64>> = sqlx::query_as(
        "SELECT member_id, scores, keep, change FROM evaluation_answers WHERE evaluation_id = ?
         ORDER BY respondent",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(member, scores, keep, change)| {
            Ok(Answer {
                member: member.map(MemberId),
                scores: serde_json::from_str(&scores).map_err(corrupt)?,
                keep,
                change,
            })
        })
        .collect()
}

/// `member`'s answers to named evaluations, for their data export: (atelier number, or `None`
/// for the self-assessment; the answer).
pub async fn of_member(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<(Option<u32>, Answer)>> {
    let rows: Vec<AnswerRow<u32>> = sqlx::query_as(
        "SELECT a.number, x.scores, x.keep, x.change FROM evaluation_answers x
         JOIN evaluations e ON e.id = x.evaluation_id
         LEFT JOIN ateliers a ON a.id = e.atelier_id
         WHERE x.member_id = ? ORDER BY e.id",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(n, scores, keep, change)| {
            Ok((
                n,
                Answer {
                    member: Some(member),
                    scores: serde_json::from_str(&scores).map_err(corrupt)?,
                    keep,
                    change,
                },
            ))
        })
        .collect()
}
