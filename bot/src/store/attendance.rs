//! Attendance sheets (`attendance`): who was at each session of an atelier, how, and who said so.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::domain::{AttendanceMode, Presence};
use crate::ids::{AtelierId, CohortId, MemberId};

/// One line of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The atelier's number.
    pub atelier: u32,
    /// The session, from 1.
    pub session: u32,
    /// Whose presence.
    pub member: MemberId,
    /// Present, absent or excused.
    pub presence: Presence,
    /// On site or remote, when present.
    pub mode: Option<AttendanceMode>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it: the member themselves, a facilitator, or `None` once that facilitator
    /// was erased.
    pub recorded_by: Option<MemberId>,
}

type MarkRow = (u32, u32, i64, String, Option<String>, i64, Option<i64>);

fn mark_from_row((atelier, session, member, status, mode, at, by): MarkRow) -> Result<Mark> {
    Ok(Mark {
        atelier,
        session,
        member: MemberId(member),
        presence: Presence::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("presence {status}")))?,
        mode: match mode {
            Some(m) => Some(
                AttendanceMode::parse(&m)
                    .ok_or_else(|| StoreError::Corrupt(format!("attendance mode {m}")))?,
            ),
            None => None,
        },
        recorded_at: from_db_time(at)?,
        recorded_by: by.map(MemberId),
    })
}

const MARK_COLUMNS: &str = "a.number, t.session, t.member_id, t.status, t.mode, t.recorded_at,
    t.recorded_by FROM attendance t JOIN ateliers a ON a.id = t.atelier_id";

/// What one person's presence at one session is to become.
#[derive(Debug, Clone, Copy)]
pub struct NewMark {
    /// The atelier.
    pub atelier: AtelierId,
    /// The session, from 1.
    pub session: u32,
    /// Whose presence.
    pub member: MemberId,
    /// Present, absent or excused.
    pub presence: Presence,
    /// On site or remote (kept only for a presence).
    pub mode: Option<AttendanceMode>,
    /// Who says so.
    pub by: MemberId,
}

/// Records (or replaces) one person's presence at one session.
pub async fn set(conn: &mut SqliteConnection, m: &NewMark, now: DateTime<Utc>) -> Result<()> {
    let mode = m
        .mode
        .filter(|_| m.presence == Presence::Present)
        .map(AttendanceMode::as_str);
    sqlx::query(
        "INSERT INTO attendance (atelier_id, session, member_id, status, mode, recorded_at,
           recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (atelier_id, session, member_id) DO UPDATE SET status = excluded.status,
           mode = excluded.mode, recorded_at = excluded.recorded_at,
           recorded_by = excluded.recorded_by",
    )
    .bind(m.atelier.0)
    .bind(m.session)
    .bind(m.member.0)
    .bind(m.presence.as_str())
    .bind(mode)
    .bind(to_db_time(now))
    .bind(m.by.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The sheet of one atelier, by session then member.
pub async fn of_atelier(conn: &mut SqliteConnection, atelier: AtelierId) -> Result<Vec<Mark>> {
    let rows: Vec<MarkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MARK_COLUMNS} WHERE t.atelier_id = ? ORDER BY t.session, t.member_id"
    )))
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(mark_from_row).collect()
}

/// Every mark of a cohort, by atelier, session and member.
pub async fn of_cohort(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Mark>> {
    let rows: Vec<MarkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MARK_COLUMNS} WHERE a.cohort_id = ? ORDER BY a.number, t.session, t.member_id"
    )))
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(mark_from_row).collect()
}

/// One member's marks, for their data export.
pub async fn of_member(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<Mark>> {
    let rows: Vec<MarkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MARK_COLUMNS} WHERE t.member_id = ? ORDER BY a.number, t.session"
    )))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(mark_from_row).collect()
}

/// One person at one session, as an exported sheet lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    /// The atelier's number.
    pub atelier: u32,
    /// Its title.
    pub title: String,
    /// The session, from 1.
    pub session: u32,
    /// The session itself (local times).
    pub times: crate::domain::Session,
    /// The participant's name.
    pub name: String,
    /// What the sheet says: `None` when nobody confirmed anything.
    pub mark: Option<Mark>,
    /// The name of who recorded the mark: the person themselves, or a facilitator.
    pub recorded_by: Option<String>,
}

/// The full sheet of a cohort (or one of its ateliers): every participant at every session,
/// confirmed or not, by atelier, session, then name.
pub async fn sheet(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    atelier: Option<u32>,
) -> Result<Vec<SheetLine>> {
    let members = super::members::of_cohort(conn, cohort).await?;
    let name_of = |id: MemberId| {
        members
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.display_name.clone())
    };
    let marks = of_cohort(conn, cohort).await?;
    let mut out = Vec::new();
    for a in super::cohorts::ateliers(conn, cohort).await? {
        if atelier.is_some_and(|n| n != a.number) {
            continue;
        }
        for (i, times) in a.sessions.iter().enumerate() {
            let session = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for m in members
                .iter()
                .filter(|m| m.role == crate::domain::Role::Participant)
            {
                let mark = marks
                    .iter()
                    .find(|k| k.atelier == a.number && k.session == session && k.member == m.id)
                    .cloned();
                let recorded_by = mark.as_ref().and_then(|k| k.recorded_by).and_then(name_of);
                out.push(SheetLine {
                    atelier: a.number,
                    title: a.title.clone(),
                    session,
                    times: *times,
                    name: m.display_name.clone(),
                    mark,
                    recorded_by,
                });
            }
        }
    }
    Ok(out)
}
