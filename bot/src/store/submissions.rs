//! Deliverables handed in: every version, its files (by hash), its review.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::domain::SubmissionStatus;
use crate::ids::{AtelierId, CohortId, MemberId};

/// A file of a submission, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedFile {
    /// The sanitised name the participant gave it.
    pub file_name: String,
    /// Content hash; the file lives in the file store under it.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// What its content is (`FileKind::as_str`).
    pub kind: String,
}

/// One version of one member's deliverable for one atelier.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// Store id.
    pub id: i64,
    /// The atelier.
    pub atelier: AtelierId,
    /// The atelier's number.
    pub atelier_number: u32,
    /// The author.
    pub member: MemberId,
    /// The author's name.
    pub member_name: String,
    /// 1, 2, …
    pub version: u32,
    /// The text handed in (may be empty when only files were sent).
    pub body: String,
    /// Links found in the text.
    pub links: Vec<String>,
    /// Files.
    pub files: Vec<SubmittedFile>,
    /// When.
    pub submitted_at: DateTime<Utc>,
    /// Seconds after the deadline, if late.
    pub late_by: Option<i64>,
    /// Review status.
    pub status: SubmissionStatus,
    /// The small group it was handed in for (a group deliverable); `None`: the author's own.
    pub group: Option<u32>,
}

/// What a new version holds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubmission<'a> {
    /// The cohort.
    pub cohort: CohortId,
    /// The atelier.
    pub atelier: AtelierId,
    /// The author.
    pub member: MemberId,
    /// The text.
    pub body: &'a str,
    /// Links found in the text.
    pub links: &'a [String],
    /// Files, already durable in the file store.
    pub files: &'a [SubmittedFile],
    /// When.
    pub at: DateTime<Utc>,
    /// Seconds after the deadline, if late.
    pub late_by: Option<i64>,
    /// The small group it is handed in for (a group deliverable).
    pub group: Option<u32>,
}

/// Whether submission `x` has the same owner as `s`: the same person for one's own
/// deliverable, the same group for a group deliverable.
const SAME_OWNER: &str = "((s.group_number IS NULL AND x.group_number IS NULL
     AND x.member_id = s.member_id) OR x.group_number = s.group_number)";

/// The submissions the member in parameter `param` owns for atelier `s.atelier_id`: their
/// own, or their group's.
fn owned_by(param: &str) -> String {
    format!(
        "((s.group_number IS NULL AND s.member_id = {param}) OR s.group_number =
         (SELECT g.group_number FROM group_members g WHERE g.atelier_id = s.atelier_id
          AND g.member_id = {param}))"
    )
}

/// Records a new version; returns its id and version number.
pub async fn insert(conn: &mut SqliteConnection, new: &NewSubmission<'_>) -> Result<(i64, u32)> {
    // A group's versions are numbered together, whoever hands them in.
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE atelier_id = ?1
           AND ((?3 IS NULL AND group_number IS NULL AND member_id = ?2) OR group_number = ?3)",
    )
    .bind(new.atelier.0)
    .bind(new.member.0)
    .bind(new.group)
    .fetch_one(&mut *conn)
    .await?;
    let links = serde_json::to_string(new.links).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = sqlx::query(
        "INSERT INTO submissions (cohort_id, atelier_id, member_id, version, body, links,
           submitted_at, late_by, group_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.cohort.0)
    .bind(new.atelier.0)
    .bind(new.member.0)
    .bind(version)
    .bind(new.body)
    .bind(links)
    .bind(to_db_time(new.at))
    .bind(new.late_by)
    .bind(new.group)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    for (i, f) in new.files.iter().enumerate() {
        sqlx::query(
            "INSERT INTO submission_files (submission_id, position, file_name, sha256, size, kind)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&f.file_name)
        .bind(&f.sha256)
        .bind(f.size as i64)
        .bind(&f.kind)
        .execute(&mut *conn)
        .await?;
    }
    Ok((id, version as u32))
}

const SELECT: &str = "SELECT s.*, a.number AS atelier_number, m.display_name AS member_name
     FROM submissions s JOIN ateliers a ON a.id = s.atelier_id JOIN members m ON m.id = s.member_id";

async fn hydrate(
    conn: &mut SqliteConnection,
    rows: Vec<sqlx::sqlite::SqliteRow>,
) -> Result<Vec<Submission>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let files = sqlx::query(
            "SELECT file_name, sha256, size, kind FROM submission_files
             WHERE submission_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|f| {
            Ok(SubmittedFile {
                file_name: f.try_get("file_name")?,
                sha256: f.try_get("sha256")?,
                size: f.try_get::<i64, _>("size")? as u64,
                kind: f.try_get("kind")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let links: String = row.try_get("links")?;
        let status: String = row.try_get("status")?;
        out.push(Submission {
            id,
            atelier: AtelierId(row.try_get("atelier_id")?),
            atelier_number: row.try_get::<i64, _>("atelier_number")? as u32,
            member: MemberId(row.try_get("member_id")?),
            member_name: row.try_get("member_name")?,
            version: row.try_get::<i64, _>("version")? as u32,
            body: row.try_get("body")?,
            links: serde_json::from_str(&links).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            files,
            submitted_at: from_db_time(row.try_get("submitted_at")?)?,
            late_by: row.try_get("late_by")?,
            status: SubmissionStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
            group: row
                .try_get::<Option<i64>, _>("group_number")?
                .and_then(|g| u32::try_from(g).ok()),
        });
    }
    Ok(out)
}

/// Every version of a member's deliverable for an atelier — their own, or their group's —
/// oldest first.
pub async fn versions(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
) -> Result<Vec<Submission>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE s.atelier_id = ?1 AND {} ORDER BY s.version",
        owned_by("?2")
    )))
    .bind(atelier.0)
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    hydrate(conn, rows).await
}

/// Every version of a member's deliverables — their own and their groups' —, by atelier then
/// version.
pub async fn of_member(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<Submission>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE {} ORDER BY a.number, s.version",
        owned_by("?1")
    )))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    hydrate(conn, rows).await
}

/// The latest version of each member's (or group's) deliverable for an atelier (or, with
/// `all_versions`, every version), by group, then member name.
pub async fn for_atelier(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    all_versions: bool,
) -> Result<Vec<Submission>> {
    let filter = if all_versions {
        ""
    } else {
        " AND s.version = (SELECT MAX(version) FROM submissions x
             WHERE x.atelier_id = s.atelier_id AND {SAME_OWNER})"
    };
    let filter = filter.replace("{SAME_OWNER}", SAME_OWNER);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE s.atelier_id = ?{filter}
         ORDER BY s.group_number, m.display_name COLLATE NOCASE, s.version"
    )))
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    hydrate(conn, rows).await
}

/// The members who handed in something for an atelier.
pub async fn handed_in(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<HashSet<MemberId>> {
    // A group's hand-in counts for every member of the group.
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT member_id FROM submissions WHERE atelier_id = ?1 AND group_number IS NULL
         UNION
         SELECT g.member_id FROM group_members g JOIN submissions s
           ON s.atelier_id = g.atelier_id AND s.group_number = g.group_number
         WHERE g.atelier_id = ?1",
    )
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

/// Sets a submission's review status and records the feedback that came with it.
pub async fn review(
    conn: &mut SqliteConnection,
    submission: i64,
    author: MemberId,
    status: SubmissionStatus,
    body: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE submissions SET status = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(submission)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO feedback (submission_id, author_id, body, status, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(submission)
    .bind(author.0)
    .bind(body)
    .bind(status.as_str())
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Feedback on a submission: (status, text, when), oldest first.
pub async fn feedback(
    conn: &mut SqliteConnection,
    submission: i64,
) -> Result<Vec<(SubmissionStatus, String, DateTime<Utc>)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT status, body, created_at FROM feedback WHERE submission_id = ? ORDER BY id",
    )
    .bind(submission)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(s, b, t)| {
            Ok((
                SubmissionStatus::parse(&s).ok_or_else(|| StoreError::Corrupt(s.clone()))?,
                b,
                from_db_time(t)?,
            ))
        })
        .collect()
}

/// Whether any submission still refers to the file with this hash.
pub async fn file_referenced(conn: &mut SqliteConnection, sha256: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM submission_files WHERE sha256 = ?1)
              + (SELECT COUNT(*) FROM decision_files WHERE sha256 = ?1)",
    )
    .bind(sha256)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Whose handed-in files to measure.
#[derive(Debug, Clone, Copy)]
pub enum FilesOf {
    /// One member's.
    Member(MemberId),
    /// A whole cohort's.
    Cohort(CohortId),
}

/// Bytes of the distinct files handed in by `whose`, and the hashes they are stored under
/// (a file handed in twice counts once: it is stored once).
pub async fn files_of(
    conn: &mut SqliteConnection,
    whose: FilesOf,
) -> Result<(u64, HashSet<String>)> {
    let (sql, id) = match whose {
        FilesOf::Member(m) => (
            "SELECT DISTINCT sf.sha256, sf.size FROM submission_files sf
             JOIN submissions s ON s.id = sf.submission_id WHERE s.member_id = ?",
            m.0,
        ),
        FilesOf::Cohort(c) => (
            "SELECT DISTINCT sf.sha256, sf.size FROM submission_files sf
             JOIN submissions s ON s.id = sf.submission_id WHERE s.cohort_id = ?",
            c.0,
        ),
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(sql).bind(id).fetch_all(&mut *conn).await?;
    Ok(sum_distinct(rows))
}

fn sum_distinct(rows: Vec<(String, i64)>) -> (u64, HashSet<String>) {
    let mut total = 0u64;
    let mut seen = HashSet::new();
    for (sha, size) in rows {
        if seen.insert(sha) {
            total = total.saturating_add(u64::try_from(size).unwrap_or(0));
        }
    }
    (total, seen)
}

/// Every file hash a submission refers to.
pub async fn referenced_files(conn: &mut SqliteConnection) -> Result<HashSet<String>> {
    // Proposals' files too: the sweep must not take them.
    let hashes: Vec<String> = sqlx::query_scalar(
        "SELECT sha256 FROM submission_files UNION SELECT sha256 FROM decision_files",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(hashes.into_iter().collect())
}
