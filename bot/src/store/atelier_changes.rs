//! Ateliers moved or cancelled: the changes decided in chat (`!atelier-deplacer`,
//! `!atelier-annuler`), laid over the programme file at every import, and the news of every
//! change — from the file or from chat — told once to the cohort.
//!
//! A change decided in chat stands until the file itself changes that atelier: each change keeps
//! the file's start and cancellation at the time it was decided, and an import whose file says
//! otherwise drops it (the last word wins).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::jobs::{self, JobKind, JobPayload};
use super::{Result, to_db_time};
use crate::ids::CohortId;
use crate::programme::Programme;
use crate::schedule::{Target, local_to_utc};

const LOCAL_FMT: &str = "%Y-%m-%d %H:%M:%S";

fn local(t: NaiveDateTime) -> String {
    t.format(LOCAL_FMT).to_string()
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, LOCAL_FMT).ok()
}

/// What a facilitator decided for one atelier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// It now starts then (its length kept).
    Move {
        /// New start, local time.
        start: NaiveDateTime,
        /// New end, local time.
        end: NaiveDateTime,
    },
    /// It will not take place.
    Cancel,
}

/// A change decided in chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatChange {
    /// The atelier's number.
    pub number: u32,
    /// Its start in the programme file when the change was decided.
    pub file_start: NaiveDateTime,
    /// Whether the programme file had it cancelled then.
    pub file_cancelled: bool,
    /// Moved or cancelled.
    pub kind: ChangeKind,
    /// Why, as the facilitator wrote it (may be empty for a move).
    pub reason: String,
}

/// Something that happened to an atelier at an import, to tell the cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtelierNews {
    /// The atelier's number.
    pub number: u32,
    /// Its start before, local time.
    pub old_start: NaiveDateTime,
    /// Its start now, local time.
    pub new_start: NaiveDateTime,
    /// Whether it is now cancelled.
    pub cancelled: bool,
    /// Its `sequence` after the change, which makes each piece of news unique.
    pub sequence: u32,
}

/// The programme text the cohort was last imported from.
pub async fn programme_source(
    conn: &mut SqliteConnection,
    cohort: CohortId,
) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT programme_source FROM cohorts WHERE id = ?")
            .bind(cohort.0)
            .fetch_optional(&mut *conn)
            .await?
            .flatten(),
    )
}

/// Keeps the text a cohort was imported from.
pub(super) async fn save_source(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    source: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE cohorts SET programme_source = ? WHERE id = ? AND programme_source IS NOT ?",
    )
    .bind(source)
    .bind(cohort.0)
    .bind(source)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records `change` for the cohort, replacing an earlier change of the same atelier.
pub async fn record(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    change: &ChatChange,
    now: DateTime<Utc>,
) -> Result<()> {
    let (start, end, cancelled) = match change.kind {
        ChangeKind::Move { start, end } => (Some(local(start)), Some(local(end)), false),
        ChangeKind::Cancel => (None, None, true),
    };
    sqlx::query(
        "INSERT INTO atelier_changes (cohort_id, number, file_start, file_cancelled, starts_at,
           ends_at, cancelled, reason, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cohort_id, number) DO UPDATE SET file_start = excluded.file_start,
           file_cancelled = excluded.file_cancelled,
           starts_at = excluded.starts_at, ends_at = excluded.ends_at,
           cancelled = excluded.cancelled, reason = excluded.reason,
           changed_at = excluded.changed_at",
    )
    .bind(cohort.0)
    .bind(change.number)
    .bind(local(change.file_start))
    .bind(change.file_cancelled)
    .bind(start)
    .bind(end)
    .bind(cancelled)
    .bind(&change.reason)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn changes(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<ChatChange>> {
    let rows = sqlx::query(
        "SELECT number, file_start, file_cancelled, starts_at, ends_at, cancelled, reason
         FROM atelier_changes
         WHERE cohort_id = ? ORDER BY number",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let times = |key: &str| -> Result<Option<NaiveDateTime>> {
            Ok(row
                .try_get::<Option<String>, _>(key)?
                .as_deref()
                .and_then(parse_local))
        };
        let kind = match (row.try_get::<bool, _>("cancelled")?, times("starts_at")?) {
            (true, _) => ChangeKind::Cancel,
            (false, Some(start)) => ChangeKind::Move {
                start,
                end: times("ends_at")?.unwrap_or(start),
            },
            (false, None) => continue,
        };
        let Some(file_start) = parse_local(&row.try_get::<String, _>("file_start")?) else {
            continue;
        };
        out.push(ChatChange {
            number: u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0),
            file_start,
            file_cancelled: row.try_get("file_cancelled")?,
            kind,
            reason: row.try_get("reason")?,
        });
    }
    Ok(out)
}

async fn forget(conn: &mut SqliteConnection, cohort: CohortId, number: u32) -> Result<()> {
    sqlx::query("DELETE FROM atelier_changes WHERE cohort_id = ? AND number = ?")
        .bind(cohort.0)
        .bind(number)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The programme with the cohort's chat changes laid over it, and the reason of each change
/// by atelier number. Changes the file has overtaken (it moved, cancelled, reinstated or dropped
/// that atelier since) are forgotten.
pub(super) async fn lay_over(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    programme: &Programme,
) -> Result<(Programme, HashMap<u32, String>)> {
    let mut out = programme.clone();
    let mut reasons = HashMap::new();
    for change in changes(&mut *conn, cohort).await? {
        let Some(slot) = out.ateliers.iter_mut().find(|a| a.number == change.number) else {
            forget(&mut *conn, cohort, change.number).await?;
            continue;
        };
        if slot.start != change.file_start || slot.cancelled.is_some() != change.file_cancelled {
            forget(&mut *conn, cohort, change.number).await?;
            continue;
        }
        match change.kind {
            ChangeKind::Cancel => slot.cancelled = Some(change.reason.clone()),
            ChangeKind::Move { start, .. } => {
                let Some(mut moved) = slot.moved_to(start) else {
                    forget(&mut *conn, cohort, change.number).await?;
                    continue;
                };
                moved.cancelled = None;
                *slot = moved;
            }
        }
        reasons.insert(change.number, change.reason);
    }
    Ok((out, reasons))
}

/// Tells the cohort, once, of each atelier still to come that moved, was cancelled or takes
/// place again: in the room and to each participant, the old date, the new one and why. Keyed
/// by the atelier's `sequence`, so importing the same file again says nothing more.
pub(super) async fn announce(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    programme: &Programme,
    news: &[AtelierNews],
    reasons: &HashMap<u32, String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let tz = programme.cohort.timezone;
    for n in news {
        let still_to_come = if n.cancelled {
            n.old_start
        } else {
            n.new_start
        };
        if local_to_utc(tz, still_to_come) <= now {
            continue;
        }
        let reason = reasons.get(&n.number).cloned().or_else(|| {
            let a = programme.ateliers.iter().find(|a| a.number == n.number)?;
            a.cancelled.clone()
        });
        let payload = JobPayload {
            text: Some(local(n.old_start)),
            reason: reason.filter(|r| !r.trim().is_empty()),
            ..JobPayload::default()
        };
        let (kind, word) = if n.cancelled {
            (JobKind::AtelierCancelled, "cancelled")
        } else {
            (JobKind::AtelierMoved, "moved")
        };
        for target in [Target::Room, Target::Participants] {
            let key = format!("{word}:a{}:s{}:{}", n.number, n.sequence, target.as_str());
            jobs::enqueue(
                &mut *conn,
                cohort,
                &key,
                kind,
                Some(n.number),
                target,
                &payload,
                now,
                jobs::JobSource::Chat,
            )
            .await?;
        }
    }
    Ok(())
}
