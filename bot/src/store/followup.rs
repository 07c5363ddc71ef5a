//! The facts of the facilitators' follow-up, gathered for a whole cohort in a handful of
//! queries (a weekly digest covers every cohort at once).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::Result;
use crate::domain::{Cohort, Presence, Role, SubmissionStatus};
use crate::followup::Facts;
use crate::ids::MemberId;
use crate::schedule::local_to_utc;

/// How long before an atelier its check-in is asked (the references go out a week ahead).
const CHECK_IN_ASKED: Duration = Duration::days(7);

/// Where each participant of `cohort` stands at `now`, in no particular order.
pub async fn facts(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    now: DateTime<Utc>,
) -> Result<Vec<Facts>> {
    let tz = cohort.timezone;
    // A cancelled atelier asks nothing of anyone: no check-in, no attendance, no deliverable.
    let mut ateliers = super::cohorts::ateliers(conn, cohort.id).await?;
    ateliers.retain(|a| a.cancelled.is_none());
    let mut out: HashMap<MemberId, Facts> = super::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Participant)
        .map(|m| {
            let facts = Facts {
                member: m.id,
                name: m.display_name,
                ..Facts::default()
            };
            (m.id, facts)
        })
        .collect();
    if cohort.parts.preparation {
        let asked: Vec<u32> = ateliers
            .iter()
            .filter(|a| local_to_utc(tz, a.start) - CHECK_IN_ASKED <= now)
            .map(|a| a.number)
            .collect();
        preparation(conn, cohort, &asked, &mut out).await?;
    }
    if cohort.parts.attendance {
        let after = Duration::minutes(i64::from(cohort.parts.attendance_closes_after));
        let closed: Vec<(u32, u32)> = ateliers
            .iter()
            .flat_map(|a| {
                a.sessions
                    .iter()
                    .enumerate()
                    .filter(move |(_, s)| local_to_utc(tz, s.start) + after <= now)
                    .map(move |(i, _)| (a.number, u32::try_from(i + 1).unwrap_or(u32::MAX)))
            })
            .collect();
        attendance(conn, cohort, &closed, &mut out).await?;
    }
    let mut due = Vec::new();
    for a in &ateliers {
        if let Some(spec) = super::cohorts::deliverable_spec(conn, a.id).await? {
            let extended = super::extensions::granted(conn, a.id).await?;
            due.push((a.number, local_to_utc(tz, spec.due), extended));
        }
    }
    deliverables(conn, cohort, &due, now, &mut out).await?;
    if !cohort.parts.evaluation_anonymous {
        evaluations(conn, cohort, &mut out).await?;
    }
    let open: Vec<(i64, u32)> = sqlx::query_as(
        "SELECT q.member_id, COUNT(*) FROM preparation_questions q
         JOIN ateliers a ON a.id = q.atelier_id
         WHERE a.cohort_id = ? AND q.answer IS NULL GROUP BY q.member_id",
    )
    .bind(cohort.id.0)
    .fetch_all(&mut *conn)
    .await?;
    for (m, n) in open {
        if let Some(f) = out.get_mut(&MemberId(m)) {
            f.open_questions = n;
        }
    }
    Ok(out.into_values().collect())
}

async fn preparation(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    asked: &[u32],
    out: &mut HashMap<MemberId, Facts>,
) -> Result<()> {
    let rows: Vec<(i64, u32, String)> = sqlx::query_as(
        "SELECT p.member_id, a.number, p.state FROM preparation p
         JOIN ateliers a ON a.id = p.atelier_id WHERE a.cohort_id = ?",
    )
    .bind(cohort.id.0)
    .fetch_all(&mut *conn)
    .await?;
    let said: HashMap<(i64, u32), String> = rows.into_iter().map(|(m, n, s)| ((m, n), s)).collect();
    for f in out.values_mut() {
        for n in asked {
            match said.get(&(f.member.0, *n)).map(String::as_str) {
                Some("ready") => f.ready += 1,
                Some(_) => f.not_yet += 1,
                None => f.silent += 1,
            }
        }
    }
    Ok(())
}

async fn attendance(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    closed: &[(u32, u32)],
    out: &mut HashMap<MemberId, Facts>,
) -> Result<()> {
    let marks: HashMap<(MemberId, u32, u32), Presence> =
        super::attendance::of_cohort(conn, cohort.id)
            .await?
            .into_iter()
            .map(|m| ((m.member, m.atelier, m.session), m.presence))
            .collect();
    for f in out.values_mut() {
        for (atelier, session) in closed {
            match marks.get(&(f.member, *atelier, *session)) {
                Some(Presence::Present) => f.present += 1,
                Some(Presence::Absent) => f.absent += 1,
                Some(Presence::Excused) => f.excused += 1,
                None => f.unconfirmed += 1,
            }
        }
    }
    Ok(())
}

/// Each atelier with a deliverable, its deadline and the deadlines granted to some.
type Deadlines = [(u32, DateTime<Utc>, HashMap<MemberId, DateTime<Utc>>)];

async fn deliverables(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    due: &Deadlines,
    now: DateTime<Utc>,
    out: &mut HashMap<MemberId, Facts>,
) -> Result<()> {
    let latest: Vec<(i64, u32, Option<i64>, String)> = sqlx::query_as(
        // The latest version of each person's or group's deliverable; a group's counts for
        // each of its members.
        "SELECT COALESCE(g.member_id, s.member_id), a.number, s.late_by, s.status
         FROM submissions s JOIN ateliers a ON a.id = s.atelier_id
         LEFT JOIN group_members g
           ON s.group_number IS NOT NULL AND g.atelier_id = s.atelier_id
           AND g.group_number = s.group_number
         WHERE s.cohort_id = ? AND s.version = (SELECT MAX(t.version) FROM submissions t
           WHERE t.atelier_id = s.atelier_id AND ((s.group_number IS NULL
             AND t.group_number IS NULL AND t.member_id = s.member_id)
             OR t.group_number = s.group_number))",
    )
    .bind(cohort.id.0)
    .fetch_all(&mut *conn)
    .await?;
    let latest: HashMap<(i64, u32), (Option<i64>, String)> = latest
        .into_iter()
        .map(|(m, n, late, status)| ((m, n), (late, status)))
        .collect();
    for f in out.values_mut() {
        for (n, deadline, extended) in due {
            let passed = extended.get(&f.member).unwrap_or(deadline) <= &now;
            match latest.get(&(f.member.0, *n)) {
                Some((late, status)) => {
                    if late.is_some_and(|s| s > 0) {
                        f.late += 1;
                    } else {
                        f.on_time += 1;
                    }
                    if SubmissionStatus::parse(status) == Some(SubmissionStatus::Received) {
                        f.to_review += 1;
                    }
                }
                None if passed => f.missing += 1,
                None => {}
            }
        }
    }
    Ok(())
}

async fn evaluations(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    out: &mut HashMap<MemberId, Facts>,
) -> Result<()> {
    let opened: u32 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluations WHERE cohort_id = ? AND anonymous = 0",
    )
    .bind(cohort.id.0)
    .fetch_one(&mut *conn)
    .await?;
    let answered: HashMap<i64, u32> = sqlx::query_as(
        "SELECT x.member_id, COUNT(*) FROM evaluation_answers x
         JOIN evaluations e ON e.id = x.evaluation_id
         WHERE e.cohort_id = ? AND x.member_id IS NOT NULL GROUP BY x.member_id",
    )
    .bind(cohort.id.0)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    for f in out.values_mut() {
        f.evaluations = Some((answered.get(&f.member.0).copied().unwrap_or(0), opened));
    }
    Ok(())
}
