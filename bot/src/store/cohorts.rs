//! Cohorts and their programme: import (idempotent), and reads of ateliers, references and
//! deliverable specs.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use sqlx::{Row, SqliteConnection};

use super::atelier_changes::{self, AtelierNews};
use super::jobs::{self, JobKind, JobPayload};
use super::{Result, StoreError, to_db_time};
use crate::domain::{
    Atelier, Cohort, DeliverableSpec, Lang, Parts, Reference, ReferenceKind, Session,
    default_sessions,
};
use crate::ids::{AtelierId, CohortId, RoomRef};
use crate::programme::{CohortSettings, Programme, ProgrammeAtelier};
use crate::schedule::{PlannedKind, plan};

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The cohort imported.
    pub cohort: CohortId,
    /// Whether the cohort was new.
    pub created: bool,
    /// Whether the cohort's title, time zone or language changed.
    pub cohort_updated: bool,
    /// Ateliers added.
    pub ateliers_added: usize,
    /// Ateliers whose details changed.
    pub ateliers_updated: usize,
    /// Ateliers no longer in the programme, removed.
    pub ateliers_removed: usize,
    /// Ateliers that moved, were cancelled or take place again.
    pub changes: Vec<AtelierNews>,
    /// Jobs newly scheduled.
    pub jobs_added: usize,
    /// Pending jobs the new programme no longer produces, cancelled.
    pub jobs_cancelled: usize,
}

impl ImportReport {
    /// Whether the import changed nothing at all.
    pub fn is_noop(&self) -> bool {
        !self.created
            && !self.cohort_updated
            && self.ateliers_added == 0
            && self.ateliers_updated == 0
            && self.ateliers_removed == 0
            && self.jobs_added == 0
            && self.jobs_cancelled == 0
    }

    /// What the import did, in a sentence for whoever imported cohort `name` (the command
    /// line, the web space's programme editor).
    pub fn summary(&self, name: &str) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        if self.created {
            Msg::new("cli-import-created")
                .arg("name", name)
                .arg("ateliers", self.ateliers_added)
                .arg("jobs", self.jobs_added)
        } else if self.is_noop() {
            Msg::new("cli-import-noop").arg("name", name)
        } else {
            Msg::new("cli-import-updated")
                .arg("name", name)
                .arg("added", self.ateliers_added)
                .arg("updated", self.ateliers_updated)
                .arg("removed", self.ateliers_removed)
                .arg("jobs", self.jobs_added)
                .arg("cancelled", self.jobs_cancelled)
        }
    }
}

const LOCAL_FMT: &str = "%Y-%m-%d %H:%M:%S";

fn local_to_db(t: NaiveDateTime) -> String {
    t.format(LOCAL_FMT).to_string()
}

fn local_from_db(s: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, LOCAL_FMT)
        .map_err(|_| StoreError::Corrupt(format!("local time {s:?}")))
}

/// Creates or updates the cohort described by `programme`, and (re)schedules its jobs.
///
/// Idempotent: importing the same file twice changes nothing. Jobs already sent stay sent;
/// pending jobs that the new programme no longer produces are cancelled; jobs due before `now`
/// are not created, so importing mid-cycle does not replay the past. Ateliers moved or
/// cancelled in chat stay so until the file itself moves them (`atelier_changes`).
pub async fn import_programme(
    conn: &mut SqliteConnection,
    programme: &Programme,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let cohort_id = upsert_cohort(&mut *conn, &programme.cohort, now, &mut report).await?;
    report.cohort = cohort_id;
    atelier_changes::save_source(&mut *conn, cohort_id, &programme.source).await?;
    let (programme, reasons) = atelier_changes::lay_over(&mut *conn, cohort_id, programme).await?;
    sync_ateliers(&mut *conn, cohort_id, &programme.ateliers, &mut report).await?;
    super::evaluations::replace_objectives(&mut *conn, cohort_id, &programme.objectives).await?;
    schedule_programme_jobs(&mut *conn, cohort_id, &programme, now, &mut report).await?;
    atelier_changes::announce(
        &mut *conn,
        cohort_id,
        &programme,
        &report.changes,
        &reasons,
        now,
    )
    .await?;
    Ok(report)
}

/// Reads the stored form of a local time (the old date an announcement quotes).
pub fn local_time_of(s: &str) -> Option<NaiveDateTime> {
    local_from_db(s).ok()
}

/// Inserts the cohort, or updates its title, time zone and language, recording in `report`
/// whether it was created or changed.
async fn upsert_cohort(
    conn: &mut SqliteConnection,
    c: &CohortSettings,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<CohortId> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM cohorts WHERE name = ?")
        .bind(&c.name)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(id) = existing {
        // The IS NOT guard makes an unchanged cohort touch no row, which is how the report
        // tells an update from a no-op.
        let changed = sqlx::query(
            "UPDATE cohorts SET title = ?, timezone = ?, language = ?, parts = ?, organisation = ?,
               updated_at = ?
             WHERE id = ? AND (title, timezone, language, parts, organisation)
               IS NOT (?, ?, ?, ?, ?)",
        )
        .bind(&c.title)
        .bind(c.timezone.name())
        .bind(c.language.code())
        .bind(c.parts.to_json())
        .bind(&c.organisation)
        .bind(to_db_time(now))
        .bind(id)
        .bind(&c.title)
        .bind(c.timezone.name())
        .bind(c.language.code())
        .bind(c.parts.to_json())
        .bind(&c.organisation)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        report.cohort_updated = changed > 0;
        return Ok(CohortId(id));
    }
    report.created = true;
    let id = sqlx::query(
        "INSERT INTO cohorts (name, title, timezone, language, parts, organisation, created_at,
           updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&c.name)
    .bind(&c.title)
    .bind(c.timezone.name())
    .bind(c.language.code())
    .bind(c.parts.to_json())
    .bind(&c.organisation)
    .bind(to_db_time(now))
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    Ok(CohortId(id))
}

/// Makes the cohort's stored ateliers (with their references and deliverable specs) match
/// the programme's: adds, updates, then removes those the programme dropped.
async fn sync_ateliers(
    conn: &mut SqliteConnection,
    cohort_id: CohortId,
    wanted: &[ProgrammeAtelier],
    report: &mut ImportReport,
) -> Result<()> {
    let before = ateliers(&mut *conn, cohort_id).await?;
    let mut kept = HashSet::new();
    for a in wanted {
        kept.insert(a.number);
        let old = before.iter().find(|o| o.number == a.number);
        let atelier_id = match old {
            Some(o) => update_atelier(&mut *conn, o, a, report).await?,
            None => insert_atelier(&mut *conn, cohort_id, a, report).await?,
        };
        replace_references(&mut *conn, atelier_id, &a.references).await?;
        replace_deliverable_spec(&mut *conn, atelier_id, a.deliverable.as_ref()).await?;
    }
    for o in before.iter().filter(|o| !kept.contains(&o.number)) {
        remove_atelier(&mut *conn, o, report).await?;
    }
    Ok(())
}

/// Rewrites the stored atelier `o` if its details differ from `a`, counting it as updated
/// when its details, references or deliverable spec changed.
async fn update_atelier(
    conn: &mut SqliteConnection,
    o: &Atelier,
    a: &ProgrammeAtelier,
    report: &mut ImportReport,
) -> Result<AtelierId> {
    let when_changed =
        o.start != a.start || o.end != a.end || o.cancelled.is_some() != a.cancelled.is_some();
    let same = !when_changed
        && o.title == a.title
        && o.summary == a.summary
        && o.place == a.place
        && o.link == a.link
        && o.sessions == a.sessions()
        && o.cancelled == a.cancelled
        && o.exercise == a.exercise;
    let sequence = if when_changed {
        o.sequence.saturating_add(1)
    } else {
        o.sequence
    };
    let news = o.start != a.start || o.cancelled.is_some() != a.cancelled.is_some();
    if news {
        report.changes.push(AtelierNews {
            number: a.number,
            old_start: o.start,
            new_start: a.start,
            cancelled: a.cancelled.is_some(),
            sequence,
        });
    }
    if !same {
        sqlx::query(
            "UPDATE ateliers SET title = ?, summary = ?, starts_at = ?, ends_at = ?,
             place = ?, link = ?, sessions = ?, cancelled = ?, sequence = ?, exercise = ?
             WHERE id = ?",
        )
        .bind(&a.title)
        .bind(&a.summary)
        .bind(local_to_db(a.start))
        .bind(local_to_db(a.end))
        .bind(&a.place)
        .bind(&a.link)
        .bind(sessions_column(a))
        .bind(&a.cancelled)
        .bind(sequence)
        .bind(&a.exercise)
        .bind(o.id.0)
        .execute(&mut *conn)
        .await?;
    }
    // Compared before they are replaced, so the report counts them as part of this atelier.
    let refs_changed = references(&mut *conn, o.id).await? != a.references;
    let spec_changed = deliverable_spec(&mut *conn, o.id).await? != a.deliverable;
    if !same || refs_changed || spec_changed {
        report.ateliers_updated += 1;
    }
    Ok(o.id)
}

async fn insert_atelier(
    conn: &mut SqliteConnection,
    cohort_id: CohortId,
    a: &ProgrammeAtelier,
    report: &mut ImportReport,
) -> Result<AtelierId> {
    report.ateliers_added += 1;
    let id = sqlx::query(
        "INSERT INTO ateliers (cohort_id, number, title, summary, starts_at, ends_at,
         place, link, sessions, cancelled, exercise) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(cohort_id.0)
    .bind(a.number)
    .bind(&a.title)
    .bind(&a.summary)
    .bind(local_to_db(a.start))
    .bind(local_to_db(a.end))
    .bind(&a.place)
    .bind(&a.link)
    .bind(sessions_column(a))
    .bind(&a.cancelled)
    .bind(&a.exercise)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    Ok(AtelierId(id))
}

/// The stored `sessions` of an atelier: its listed sessions as JSON pairs of local times, or
/// NULL for the default.
fn sessions_column(a: &ProgrammeAtelier) -> Option<String> {
    let pairs: Vec<(String, String)> = a
        .sessions
        .iter()
        .map(|s| (local_to_db(s.start), local_to_db(s.end)))
        .collect();
    (!pairs.is_empty()).then(|| serde_json::to_string(&pairs).unwrap_or_default())
}

fn sessions_from_json(json: &str) -> Result<Vec<Session>> {
    let pairs: Vec<(String, String)> =
        serde_json::from_str(json).map_err(|_| StoreError::Corrupt("atelier sessions".into()))?;
    pairs
        .iter()
        .map(|(s, e)| {
            Ok(Session {
                start: local_from_db(s)?,
                end: local_from_db(e)?,
            })
        })
        .collect()
}

/// Deletes an atelier the programme no longer lists, unless members handed work in for it.
async fn remove_atelier(
    conn: &mut SqliteConnection,
    o: &Atelier,
    report: &mut ImportReport,
) -> Result<()> {
    // Cascades to references and the deliverable spec. Submissions keep the atelier
    // alive: the import is refused by name rather than by a foreign-key error.
    let submissions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM submissions WHERE atelier_id = ?")
            .bind(o.id.0)
            .fetch_one(&mut *conn)
            .await?;
    if submissions > 0 {
        return Err(StoreError::AtelierHasSubmissions {
            atelier: o.number,
            submissions,
        });
    }
    sqlx::query("DELETE FROM ateliers WHERE id = ?")
        .bind(o.id.0)
        .execute(&mut *conn)
        .await?;
    report.ateliers_removed += 1;
    Ok(())
}

/// Enqueues the jobs the programme plans from `now` on, and cancels pending programme jobs
/// it no longer plans.
async fn schedule_programme_jobs(
    conn: &mut SqliteConnection,
    cohort_id: CohortId,
    programme: &Programme,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<()> {
    let mut keys = HashSet::new();
    for p in &plan(programme) {
        let key = p.key();
        // Past jobs still count as planned, so they are not cancelled as stale.
        keys.insert(key.clone());
        if p.due_utc < now {
            continue;
        }
        let (kind, payload) = job_for(programme, p.kind);
        let added = jobs::enqueue(
            &mut *conn,
            cohort_id,
            &key,
            kind,
            p.atelier,
            p.target,
            &payload,
            p.due_utc,
            jobs::JobSource::Programme,
        )
        .await?;
        if added {
            report.jobs_added += 1;
        }
    }
    report.jobs_cancelled =
        jobs::cancel_programme_jobs_not_in(&mut *conn, cohort_id, &keys).await?;
    Ok(())
}

/// The stored kind and payload of a planned job; recurring reminders carry their text.
fn job_for(programme: &Programme, kind: PlannedKind) -> (JobKind, JobPayload) {
    match kind {
        PlannedKind::Rule(rule) => (JobKind::Rule(rule), JobPayload::default()),
        PlannedKind::Evaluation(step) => (JobKind::Evaluation(step), JobPayload::default()),
        PlannedKind::FollowUp => (JobKind::FollowUp, JobPayload::default()),
        PlannedKind::Review(step) => (JobKind::Review(step), JobPayload::default()),
        PlannedKind::Attendance { session } => (
            JobKind::Attendance,
            JobPayload {
                session: Some(session),
                ..JobPayload::default()
            },
        ),
        PlannedKind::Recurring { index } => (
            JobKind::Recurring,
            JobPayload {
                text: programme.recurring.get(index).map(|r| r.text.clone()),
                ..JobPayload::default()
            },
        ),
    }
}

async fn replace_references(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    refs: &[Reference],
) -> Result<()> {
    if references(&mut *conn, atelier).await? == refs {
        return Ok(());
    }
    sqlx::query("DELETE FROM atelier_references WHERE atelier_id = ?")
        .bind(atelier.0)
        .execute(&mut *conn)
        .await?;
    for (i, r) in refs.iter().enumerate() {
        sqlx::query(
            "INSERT INTO atelier_references (atelier_id, position, title, url, body, kind, required)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(atelier.0)
        .bind(i as i64)
        .bind(&r.title)
        .bind(&r.url)
        .bind(&r.text)
        .bind(r.kind.as_str())
        .bind(r.required)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn replace_deliverable_spec(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    spec: Option<&DeliverableSpec>,
) -> Result<()> {
    match spec {
        Some(s) => {
            sqlx::query(
                "INSERT INTO deliverable_specs (atelier_id, title, instructions, due_at, by_group,
                   review) VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (atelier_id) DO UPDATE SET title = excluded.title,
                   instructions = excluded.instructions, due_at = excluded.due_at,
                   by_group = excluded.by_group, review = excluded.review",
            )
            .bind(atelier.0)
            .bind(&s.title)
            .bind(&s.instructions)
            .bind(local_to_db(s.due))
            .bind(s.by_group)
            .bind(s.review.as_ref().map(crate::domain::ReviewSpec::to_json))
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM deliverable_specs WHERE atelier_id = ?")
                .bind(atelier.0)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

fn cohort_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Cohort> {
    let tz: String = row.try_get("timezone")?;
    let lang: String = row.try_get("language")?;
    Ok(Cohort {
        id: CohortId(row.try_get("id")?),
        name: row.try_get("name")?,
        title: row.try_get("title")?,
        timezone: tz
            .parse::<Tz>()
            .map_err(|_| StoreError::Corrupt(format!("time zone {tz:?}")))?,
        language: Lang::parse(&lang).ok_or_else(|| StoreError::Corrupt(format!("lang {lang}")))?,
        parts: Parts::from_json(&row.try_get::<String, _>("parts")?)
            .ok_or_else(|| StoreError::Corrupt("cohort parts".into()))?,
        organisation: row.try_get("organisation")?,
    })
}

/// The cohort with this id.
pub async fn cohort(conn: &mut SqliteConnection, id: CohortId) -> Result<Option<Cohort>> {
    let row = sqlx::query("SELECT * FROM cohorts WHERE id = ?")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(cohort_from_row).transpose()
}

/// The cohort with this name.
pub async fn cohort_by_name(conn: &mut SqliteConnection, name: &str) -> Result<Option<Cohort>> {
    let row = sqlx::query("SELECT * FROM cohorts WHERE name = ?")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(cohort_from_row).transpose()
}

/// Every cohort, by name.
pub async fn all_cohorts(conn: &mut SqliteConnection) -> Result<Vec<Cohort>> {
    let rows = sqlx::query("SELECT * FROM cohorts ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(cohort_from_row).collect()
}

/// Links `room` to `cohort` (a room belongs to at most one cohort; relinking moves it).
pub async fn link_room(
    conn: &mut SqliteConnection,
    room: &RoomRef,
    cohort: CohortId,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO rooms (room, cohort_id, linked_at) VALUES (?, ?, ?)
         ON CONFLICT (room) DO UPDATE SET cohort_id = excluded.cohort_id",
    )
    .bind(room.to_string())
    .bind(cohort.0)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The cohort `room` is linked to, if any.
pub async fn room_cohort(conn: &mut SqliteConnection, room: &RoomRef) -> Result<Option<Cohort>> {
    let row = sqlx::query(
        "SELECT c.* FROM cohorts c JOIN rooms r ON r.cohort_id = c.id WHERE r.room = ?",
    )
    .bind(room.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(cohort_from_row).transpose()
}

/// The rooms linked to `cohort`.
pub async fn cohort_rooms(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<RoomRef>> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT room FROM rooms WHERE cohort_id = ? ORDER BY room")
            .bind(cohort.0)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| RoomRef::parse(r).ok_or_else(|| StoreError::Corrupt(format!("room {r:?}"))))
        .collect()
}

fn atelier_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Atelier> {
    let start = local_from_db(&row.try_get::<String, _>("starts_at")?)?;
    let end = local_from_db(&row.try_get::<String, _>("ends_at")?)?;
    let sessions = match row.try_get::<Option<String>, _>("sessions")? {
        Some(json) => sessions_from_json(&json)?,
        None => default_sessions(start, end),
    };
    Ok(Atelier {
        id: AtelierId(row.try_get("id")?),
        number: row.try_get::<i64, _>("number")? as u32,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        start,
        end,
        place: row.try_get("place")?,
        link: row.try_get("link")?,
        sessions,
        cancelled: row.try_get("cancelled")?,
        sequence: u32::try_from(row.try_get::<i64, _>("sequence")?).unwrap_or(u32::MAX),
        exercise: row.try_get("exercise")?,
    })
}

/// The cohort's ateliers, by number.
pub async fn ateliers(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Atelier>> {
    let rows = sqlx::query("SELECT * FROM ateliers WHERE cohort_id = ? ORDER BY number")
        .bind(cohort.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(atelier_from_row).collect()
}

/// Atelier number `number` of the cohort.
pub async fn atelier(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    number: u32,
) -> Result<Option<Atelier>> {
    let row = sqlx::query("SELECT * FROM ateliers WHERE cohort_id = ? AND number = ?")
        .bind(cohort.0)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(atelier_from_row).transpose()
}

/// The atelier's references, in programme order.
pub async fn references(conn: &mut SqliteConnection, atelier: AtelierId) -> Result<Vec<Reference>> {
    let rows = sqlx::query(
        "SELECT title, url, body, kind, required FROM atelier_references
         WHERE atelier_id = ? ORDER BY position",
    )
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(Reference {
                title: row.try_get("title")?,
                url: row.try_get("url")?,
                text: row.try_get("body")?,
                kind: ReferenceKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("reference kind {kind:?}")))?,
                required: row.try_get("required")?,
            })
        })
        .collect()
}

/// The deliverable expected after the atelier, if any.
pub async fn deliverable_spec(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<Option<DeliverableSpec>> {
    let row = sqlx::query(
        "SELECT title, instructions, due_at, by_group, review FROM deliverable_specs
         WHERE atelier_id = ?",
    )
    .bind(atelier.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(DeliverableSpec {
            title: row.try_get("title")?,
            instructions: row.try_get("instructions")?,
            due: local_from_db(&row.try_get::<String, _>("due_at")?)?,
            by_group: row.try_get("by_group")?,
            review: row
                .try_get::<Option<String>, _>("review")?
                .as_deref()
                .and_then(crate::domain::ReviewSpec::from_json),
        })
    })
    .transpose()
}
