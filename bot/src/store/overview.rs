//! What the web space shows a cohort's facilitators at a glance: participants × ateliers
//! (preparation, attendance, the deliverable's latest version, peer reviews given), read in a
//! handful of queries whatever the cohort's size; and whose file a stored file is.

use std::collections::HashMap;

use sqlx::SqliteConnection;

use super::Result;
use crate::domain::{Atelier, Cohort, Member, Presence, Role, SubmissionStatus};
use crate::ids::{AtelierId, CohortId, MemberId};

/// One participant's standing in one atelier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Their check-in before it: `Some(true)` ready, `Some(false)` not yet, `None` no answer.
    pub ready: Option<bool>,
    /// Sessions marked present, and sessions with any mark.
    pub present: (u32, u32),
    /// The latest version of their deliverable: number, status, late.
    pub deliverable: Option<(u32, SubmissionStatus, bool)>,
    /// Peer reviews they were asked for, and those given.
    pub reviews: (u32, u32),
}

/// The whole grid of a cohort.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Ateliers, in order (cancelled ones included, marked).
    pub ateliers: Vec<Atelier>,
    /// Which ateliers ask for a deliverable.
    pub with_deliverable: Vec<bool>,
    /// Participants in name order, each with one cell per atelier.
    pub rows: Vec<(Member, Vec<Cell>)>,
}

/// The grid of `cohort`.
pub async fn grid(conn: &mut SqliteConnection, cohort: &Cohort) -> Result<Grid> {
    let ateliers = super::cohorts::ateliers(conn, cohort.id).await?;
    let mut with_deliverable = Vec::with_capacity(ateliers.len());
    for a in &ateliers {
        with_deliverable.push(
            super::cohorts::deliverable_spec(conn, a.id)
                .await?
                .is_some(),
        );
    }
    let mut members: Vec<Member> = super::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Participant)
        .collect();
    members.sort_by_key(|m| crate::text::comparable(&m.display_name));
    let mut cells: HashMap<(AtelierId, MemberId), Cell> = HashMap::new();
    fill_preparation(conn, cohort.id, &mut cells).await?;
    fill_attendance(conn, cohort.id, &mut cells).await?;
    fill_deliverables(conn, cohort.id, &mut cells).await?;
    fill_reviews(conn, cohort.id, &mut cells).await?;
    let rows = members
        .into_iter()
        .map(|m| {
            let row = ateliers
                .iter()
                .map(|a| cells.remove(&(a.id, m.id)).unwrap_or_default())
                .collect();
            (m, row)
        })
        .collect();
    Ok(Grid {
        ateliers,
        with_deliverable,
        rows,
    })
}

async fn fill_preparation(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    cells: &mut HashMap<(AtelierId, MemberId), Cell>,
) -> Result<()> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT p.atelier_id, p.member_id, p.state FROM preparation p
         JOIN ateliers a ON a.id = p.atelier_id WHERE a.cohort_id = ?",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    for (a, m, state) in rows {
        cells.entry((AtelierId(a), MemberId(m))).or_default().ready = Some(state == "ready");
    }
    Ok(())
}

async fn fill_attendance(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    cells: &mut HashMap<(AtelierId, MemberId), Cell>,
) -> Result<()> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT t.atelier_id, t.member_id, t.status FROM attendance t
         JOIN ateliers a ON a.id = t.atelier_id WHERE a.cohort_id = ?",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    for (a, m, status) in rows {
        let cell = cells.entry((AtelierId(a), MemberId(m))).or_default();
        cell.present.1 = cell.present.1.saturating_add(1);
        if Presence::parse(&status) == Some(Presence::Present) {
            cell.present.0 = cell.present.0.saturating_add(1);
        }
    }
    Ok(())
}

async fn fill_deliverables(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    cells: &mut HashMap<(AtelierId, MemberId), Cell>,
) -> Result<()> {
    let rows: Vec<(i64, i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT s.atelier_id, s.member_id, s.version, s.status, s.late_by FROM submissions s
         WHERE s.cohort_id = ? AND s.version =
           (SELECT MAX(x.version) FROM submissions x
            WHERE x.atelier_id = s.atelier_id AND x.member_id = s.member_id)",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    for (a, m, version, status, late_by) in rows {
        let status = SubmissionStatus::parse(&status)
            .ok_or_else(|| super::StoreError::Corrupt(format!("status {status:?}")))?;
        let version = u32::try_from(version).unwrap_or(u32::MAX);
        cells
            .entry((AtelierId(a), MemberId(m)))
            .or_default()
            .deliverable = Some((version, status, late_by.is_some_and(|s| s > 0)));
    }
    Ok(())
}

async fn fill_reviews(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    cells: &mut HashMap<(AtelierId, MemberId), Cell>,
) -> Result<()> {
    let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT r.atelier_id, r.reviewer_id, COUNT(*), COUNT(r.reviewed_at)
         FROM review_assignments r JOIN ateliers a ON a.id = r.atelier_id
         WHERE a.cohort_id = ? GROUP BY r.atelier_id, r.reviewer_id",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    for (a, m, asked, given) in rows {
        cells
            .entry((AtelierId(a), MemberId(m)))
            .or_default()
            .reviews = (
            u32::try_from(asked).unwrap_or(u32::MAX),
            u32::try_from(given).unwrap_or(u32::MAX),
        );
    }
    Ok(())
}

/// The name of the stored file `sha256` if it belongs to a submission of `cohort` (what a
/// facilitator of that cohort may download); `None` for any other file.
pub async fn file_in_cohort(
    conn: &mut SqliteConnection,
    sha256: &str,
    cohort: CohortId,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT f.file_name FROM submission_files f
         JOIN submissions s ON s.id = f.submission_id
         WHERE f.sha256 = ? AND s.cohort_id = ? LIMIT 1",
    )
    .bind(sha256)
    .bind(cohort.0)
    .fetch_optional(&mut *conn)
    .await?)
}
