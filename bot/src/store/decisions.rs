//! Decisions: their phases, proposals with every version of their text, amendments, the vote
//! (a poll) and the record.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, from_db_time, to_db_time};
use crate::ids::{CohortId, MemberId};

/// A decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Store id.
    pub id: i64,
    /// Its cohort.
    pub cohort: CohortId,
    /// Its number in the cohort.
    pub number: u32,
    /// The question decided.
    pub question: String,
    /// Who opened it.
    pub author: Option<MemberId>,
    /// End of the proposals.
    pub proposals_until: DateTime<Utc>,
    /// End of the amendments.
    pub amendments_until: DateTime<Utc>,
    /// End of the vote.
    pub vote_until: DateTime<Utc>,
    /// Secret ballot.
    pub secret: bool,
    /// The vote's poll, once open.
    pub poll: Option<i64>,
    /// The record (JSON), once closed.
    pub record: Option<String>,
}

fn decision(row: &sqlx::sqlite::SqliteRow) -> Result<Decision> {
    Ok(Decision {
        id: row.try_get("id")?,
        cohort: CohortId(row.try_get("cohort_id")?),
        number: u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0),
        question: row.try_get("question")?,
        author: row.try_get::<Option<i64>, _>("author_id")?.map(MemberId),
        proposals_until: from_db_time(row.try_get("proposals_until")?)?,
        amendments_until: from_db_time(row.try_get("amendments_until")?)?,
        vote_until: from_db_time(row.try_get("vote_until")?)?,
        secret: row.try_get("secret")?,
        poll: row.try_get("poll_id")?,
        record: row.try_get("record")?,
    })
}

/// What a new decision holds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDecision<'a> {
    /// Its cohort.
    pub cohort: CohortId,
    /// The question.
    pub question: &'a str,
    /// Who opens it.
    pub author: MemberId,
    /// The three deadlines.
    pub until: [DateTime<Utc>; 3],
    /// Secret ballot.
    pub secret: bool,
}

/// Stores a new decision with the cohort's next number.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewDecision<'_>,
    now: DateTime<Utc>,
) -> Result<Decision> {
    let row = sqlx::query(
        "INSERT INTO decisions (cohort_id, number, question, author_id, proposals_until,
           amendments_until, vote_until, secret, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM decisions WHERE cohort_id = ?1),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING *",
    )
    .bind(new.cohort.0)
    .bind(new.question)
    .bind(new.author.0)
    .bind(to_db_time(new.until[0]))
    .bind(to_db_time(new.until[1]))
    .bind(to_db_time(new.until[2]))
    .bind(new.secret)
    .bind(to_db_time(now))
    .fetch_one(&mut *conn)
    .await?;
    decision(&row)
}

/// Decision `number` of a cohort.
pub async fn by_number(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    number: u32,
) -> Result<Option<Decision>> {
    let row = sqlx::query("SELECT * FROM decisions WHERE cohort_id = ? AND number = ?")
        .bind(cohort.0)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decision).transpose()
}

/// Decision by store id.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<Decision>> {
    let row = sqlx::query("SELECT * FROM decisions WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(decision).transpose()
}

/// The cohort's decisions, by number.
pub async fn of_cohort(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Decision>> {
    let rows = sqlx::query("SELECT * FROM decisions WHERE cohort_id = ? ORDER BY number")
        .bind(cohort.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decision).collect()
}

/// Records the vote's poll.
pub async fn set_poll(conn: &mut SqliteConnection, decision: i64, poll: i64) -> Result<()> {
    sqlx::query("UPDATE decisions SET poll_id = ? WHERE id = ? AND poll_id IS NULL")
        .bind(poll)
        .bind(decision)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes the record, once; `false` if it was written already.
pub async fn set_record(conn: &mut SqliteConnection, decision: i64, record: &str) -> Result<bool> {
    let done = sqlx::query("UPDATE decisions SET record = ? WHERE id = ? AND record IS NULL")
        .bind(record)
        .bind(decision)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A proposal with its versions and amendments.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Store id.
    pub id: i64,
    /// Its number in the decision.
    pub number: u32,
    /// Who proposed it.
    pub author: Option<MemberId>,
    /// Its title (the option of the vote).
    pub title: String,
    /// Every version of its text, oldest first: (text, the amendment it came from).
    pub versions: Vec<(String, Option<u32>)>,
    /// Its amendments: (number, author, text, state).
    pub amendments: Vec<(u32, Option<MemberId>, String, String)>,
}

/// Adds a proposal (its first version) and returns its id and number.
pub async fn propose(
    conn: &mut SqliteConnection,
    decision: i64,
    author: MemberId,
    title: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(i64, u32)> {
    let row = sqlx::query(
        "INSERT INTO decision_proposals (decision_id, number, author_id, title, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM decision_proposals
                      WHERE decision_id = ?1), ?2, ?3, ?4) RETURNING id, number",
    )
    .bind(decision)
    .bind(author.0)
    .bind(title)
    .bind(to_db_time(now))
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    add_version(conn, id, text, None, now).await?;
    Ok((
        id,
        u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0),
    ))
}

async fn add_version(
    conn: &mut SqliteConnection,
    proposal: i64,
    text: &str,
    amendment: Option<u32>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO decision_versions (proposal_id, version, text, amendment, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(version), 0) + 1 FROM decision_versions
                      WHERE proposal_id = ?1), ?2, ?3, ?4)",
    )
    .bind(proposal)
    .bind(text)
    .bind(amendment)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The decision's proposals, by number, with versions and amendments.
pub async fn proposals(conn: &mut SqliteConnection, decision: i64) -> Result<Vec<Proposal>> {
    let rows =
        sqlx::query("SELECT * FROM decision_proposals WHERE decision_id = ? ORDER BY number")
            .bind(decision)
            .fetch_all(&mut *conn)
            .await?;
    let mut out = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let versions: Vec<(String, Option<i64>)> = sqlx::query_as(
            "SELECT text, amendment FROM decision_versions WHERE proposal_id = ? ORDER BY version",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let amendments: Vec<(i64, Option<i64>, String, String)> = sqlx::query_as(
            "SELECT number, author_id, text, state FROM decision_amendments
             WHERE proposal_id = ? ORDER BY number",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        out.push(Proposal {
            id,
            number: u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0),
            author: row.try_get::<Option<i64>, _>("author_id")?.map(MemberId),
            title: row.try_get("title")?,
            versions: versions
                .into_iter()
                .map(|(t, a)| (t, a.and_then(|a| u32::try_from(a).ok())))
                .collect(),
            amendments: amendments
                .into_iter()
                .map(|(n, a, t, s)| (u32::try_from(n).unwrap_or(0), a.map(MemberId), t, s))
                .collect(),
        });
    }
    Ok(out)
}

/// Adds an amendment to a proposal and returns its number.
pub async fn amend(
    conn: &mut SqliteConnection,
    proposal: i64,
    author: MemberId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<u32> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO decision_amendments (proposal_id, number, author_id, text, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM decision_amendments
                      WHERE proposal_id = ?1), ?2, ?3, ?4) RETURNING number",
    )
    .bind(proposal)
    .bind(author.0)
    .bind(text)
    .bind(to_db_time(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// Accepts (a new version: the text with the amendment added) or refuses a pending amendment;
/// `false` when it was not pending.
pub async fn decide_amendment(
    conn: &mut SqliteConnection,
    proposal: &Proposal,
    amendment: u32,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<bool> {
    let state = if accept { "accepted" } else { "refused" };
    let done = sqlx::query(
        "UPDATE decision_amendments SET state = ?, decided_at = ?
         WHERE proposal_id = ? AND number = ? AND state = 'pending'",
    )
    .bind(state)
    .bind(to_db_time(now))
    .bind(proposal.id)
    .bind(amendment)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    if accept {
        let added = proposal
            .amendments
            .iter()
            .find(|(n, ..)| *n == amendment)
            .map(|(_, _, t, _)| t.as_str())
            .unwrap_or_default();
        let current = proposal
            .versions
            .last()
            .map(|(t, _)| t.as_str())
            .unwrap_or_default();
        add_version(
            conn,
            proposal.id,
            &format!("{current}\n{added}"),
            Some(amendment),
            now,
        )
        .await?;
    }
    Ok(true)
}

/// What a member proposed and amended: (decision number, proposal number, what, text).
pub async fn of_member(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<(u32, u32, &'static str, String)>> {
    let proposals: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT d.number, p.number, p.title FROM decision_proposals p
         JOIN decisions d ON d.id = p.decision_id WHERE p.author_id = ? ORDER BY d.number, p.number",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let amendments: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT d.number, p.number, a.text FROM decision_amendments a
         JOIN decision_proposals p ON p.id = a.proposal_id JOIN decisions d ON d.id = p.decision_id
         WHERE a.author_id = ? ORDER BY d.number, p.number, a.number",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    Ok(proposals
        .into_iter()
        .map(|(d, p, t)| (n(d), n(p), "proposal", t))
        .chain(
            amendments
                .into_iter()
                .map(|(d, p, t)| (n(d), n(p), "amendment", t)),
        )
        .collect())
}

/// Attaches stored files to a proposal.
pub async fn attach(
    conn: &mut SqliteConnection,
    proposal: i64,
    files: &[super::submissions::SubmittedFile],
) -> Result<()> {
    for (i, f) in files.iter().enumerate() {
        sqlx::query(
            "INSERT INTO decision_files (proposal_id, position, file_name, sha256, size, kind)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(proposal)
        .bind(i64::try_from(i).unwrap_or(i64::MAX))
        .bind(&f.file_name)
        .bind(&f.sha256)
        .bind(i64::try_from(f.size).unwrap_or(i64::MAX))
        .bind(&f.kind)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The names of a proposal's files.
pub async fn file_names(conn: &mut SqliteConnection, proposal: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT file_name FROM decision_files WHERE proposal_id = ? ORDER BY position",
    )
    .bind(proposal)
    .fetch_all(&mut *conn)
    .await?)
}
