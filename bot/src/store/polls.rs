//! Polls and their ballots.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{CohortId, MemberId};

/// How a poll is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollKind {
    /// One option.
    Single,
    /// Several options.
    Multiple,
    /// A grade for every option (majority judgment).
    Judgment,
}

impl PollKind {
    fn as_str(self) -> &'static str {
        match self {
            PollKind::Single => "single",
            PollKind::Multiple => "multiple",
            PollKind::Judgment => "judgment",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "single" => Some(PollKind::Single),
            "multiple" => Some(PollKind::Multiple),
            "judgment" => Some(PollKind::Judgment),
            _ => None,
        }
    }
}

/// A poll as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Poll {
    /// Store id.
    pub id: i64,
    /// Its cohort.
    pub cohort: CohortId,
    /// Its number in the cohort.
    pub number: u32,
    /// Who opened it.
    pub author: Option<MemberId>,
    /// The question.
    pub question: String,
    /// The options.
    pub options: Vec<String>,
    /// How it is answered.
    pub kind: PollKind,
    /// At most this many choices.
    pub max_choices: Option<usize>,
    /// Anonymous.
    pub anonymous: bool,
    /// Results shown while open.
    pub live_results: bool,
    /// When it closes by itself.
    pub closes_at: Option<DateTime<Utc>>,
    /// Whether it is still open.
    pub open: bool,
}

/// What a new poll holds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPoll<'a> {
    /// Its cohort.
    pub cohort: CohortId,
    /// Who opens it.
    pub author: MemberId,
    /// The question.
    pub question: &'a str,
    /// The options.
    pub options: &'a [String],
    /// How it is answered.
    pub kind: PollKind,
    /// At most this many choices.
    pub max_choices: Option<usize>,
    /// Anonymous.
    pub anonymous: bool,
    /// Results shown while open.
    pub live_results: bool,
    /// When it closes by itself.
    pub closes_at: Option<DateTime<Utc>>,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Stores a new poll; returns it.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewPoll<'_>,
    now: DateTime<Utc>,
) -> Result<Poll> {
    let number: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM polls WHERE cohort_id = ?")
            .bind(new.cohort.0)
            .fetch_one(&mut *conn)
            .await?;
    let secret = if new.anonymous {
        let mut bytes = vec![0u8; 32];
        getrandom::fill(&mut bytes).map_err(corrupt)?;
        Some(bytes)
    } else {
        None
    };
    let id = sqlx::query(
        "INSERT INTO polls (cohort_id, number, author_id, question, options, kind, max_choices,
           anonymous, live_results, secret, closes_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.cohort.0)
    .bind(number)
    .bind(new.author.0)
    .bind(new.question)
    .bind(serde_json::to_string(new.options).map_err(corrupt)?)
    .bind(new.kind.as_str())
    .bind(new.max_choices.map(|m| m as i64))
    .bind(new.anonymous)
    .bind(new.live_results)
    .bind(secret)
    .bind(new.closes_at.map(to_db_time))
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    by_id(conn, id)
        .await?
        .ok_or_else(|| corrupt("poll vanished"))
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Poll> {
    let options: String = row.try_get("options")?;
    let kind: String = row.try_get("kind")?;
    let state: String = row.try_get("state")?;
    Ok(Poll {
        id: row.try_get("id")?,
        cohort: CohortId(row.try_get("cohort_id")?),
        number: row.try_get::<i64, _>("number")? as u32,
        author: row.try_get::<Option<i64>, _>("author_id")?.map(MemberId),
        question: row.try_get("question")?,
        options: serde_json::from_str(&options).map_err(corrupt)?,
        kind: PollKind::parse(&kind).ok_or_else(|| corrupt(kind))?,
        max_choices: row
            .try_get::<Option<i64>, _>("max_choices")?
            .map(|m| m as usize),
        anonymous: row.try_get("anonymous")?,
        live_results: row.try_get("live_results")?,
        closes_at: row
            .try_get::<Option<i64>, _>("closes_at")?
            .map(from_db_time)
            .transpose()?,
        open: state == "open",
    })
}

/// The poll with this id.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<Poll>> {
    let row = sqlx::query("SELECT * FROM polls WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Poll number `number` of the cohort.
pub async fn by_number(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    number: u32,
) -> Result<Option<Poll>> {
    let row = sqlx::query("SELECT * FROM polls WHERE cohort_id = ? AND number = ?")
        .bind(cohort.0)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The cohort's open polls, newest first.
pub async fn open_polls(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Poll>> {
    let rows = sqlx::query(
        "SELECT * FROM polls WHERE cohort_id = ? AND state = 'open' ORDER BY number DESC",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every poll of `cohort`, newest first.
pub async fn of_cohort(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Poll>> {
    let rows = sqlx::query("SELECT * FROM polls WHERE cohort_id = ? ORDER BY number DESC")
        .bind(cohort.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The token an anonymous ballot is filed under: it only tells whether this voter already
/// voted, and only while the poll's secret exists.
pub(super) fn token(secret: &[u8], member: MemberId) -> String {
    let mut h = Sha256::new();
    h.update(secret);
    h.update(member.0.to_le_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

async fn secret(conn: &mut SqliteConnection, poll: i64) -> Result<Vec<u8>> {
    let s: Option<Vec<u8>> = sqlx::query_scalar("SELECT secret FROM polls WHERE id = ?")
        .bind(poll)
        .fetch_one(&mut *conn)
        .await?;
    s.ok_or_else(|| corrupt("anonymous poll without a secret"))
}

/// Records (or replaces) a member's ballot; `choices` is JSON of option indexes or grades.
/// Returns whether it replaced an earlier ballot.
pub async fn cast(
    conn: &mut SqliteConnection,
    poll: &Poll,
    member: MemberId,
    choices: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    if poll.anonymous {
        let token = token(&secret(conn, poll.id).await?, member);
        // A first vote (the common case) costs one statement; a change, two.
        let inserted = sqlx::query(
            "INSERT INTO anonymous_ballots (poll_id, token, choices) VALUES (?, ?, ?)
             ON CONFLICT (poll_id, token) DO NOTHING",
        )
        .bind(poll.id)
        .bind(&token)
        .bind(choices)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if !inserted {
            sqlx::query("UPDATE anonymous_ballots SET choices = ? WHERE poll_id = ? AND token = ?")
                .bind(choices)
                .bind(poll.id)
                .bind(&token)
                .execute(&mut *conn)
                .await?;
        }
        return Ok(!inserted);
    }
    let inserted = sqlx::query(
        "INSERT INTO ballots (poll_id, member_id, choices, cast_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (poll_id, member_id) DO NOTHING",
    )
    .bind(poll.id)
    .bind(member.0)
    .bind(choices)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        sqlx::query(
            "UPDATE ballots SET choices = ?, cast_at = ? WHERE poll_id = ? AND member_id = ?",
        )
        .bind(choices)
        .bind(to_db_time(now))
        .bind(poll.id)
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    }
    Ok(!inserted)
}

/// Withdraws a member's ballot; returns whether there was one.
pub async fn withdraw(conn: &mut SqliteConnection, poll: &Poll, member: MemberId) -> Result<bool> {
    let done = if poll.anonymous {
        let token = token(&secret(conn, poll.id).await?, member);
        sqlx::query("DELETE FROM anonymous_ballots WHERE poll_id = ? AND token = ?")
            .bind(poll.id)
            .bind(token)
            .execute(&mut *conn)
            .await?
    } else {
        sqlx::query("DELETE FROM ballots WHERE poll_id = ? AND member_id = ?")
            .bind(poll.id)
            .bind(member.0)
            .execute(&mut *conn)
            .await?
    };
    Ok(done.rows_affected() == 1)
}

/// Every ballot's choices (JSON), in no meaningful order for anonymous polls.
pub async fn ballots(conn: &mut SqliteConnection, poll: &Poll) -> Result<Vec<String>> {
    Ok(if poll.anonymous {
        sqlx::query_scalar("SELECT choices FROM anonymous_ballots WHERE poll_id = ? ORDER BY token")
            .bind(poll.id)
            .fetch_all(&mut *conn)
            .await?
    } else {
        sqlx::query_scalar(
            "SELECT choices FROM ballots WHERE poll_id = ? ORDER BY cast_at, member_id",
        )
        .bind(poll.id)
        .fetch_all(&mut *conn)
        .await?
    })
}

/// Named ballots with their voters (never for anonymous polls): (name, choices JSON, cast at).
pub async fn named_ballots(
    conn: &mut SqliteConnection,
    poll: &Poll,
) -> Result<Vec<(String, String, DateTime<Utc>)>> {
    if poll.anonymous {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT m.display_name, b.choices, b.cast_at FROM ballots b JOIN members m ON m.id = b.member_id
         WHERE b.poll_id = ? ORDER BY b.cast_at, m.id",
    )
    .bind(poll.id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(n, c, t)| Ok((n, c, from_db_time(t)?)))
        .collect()
}

/// Closes a poll and erases its secret; returns whether it was open.
pub async fn close(conn: &mut SqliteConnection, poll: i64, now: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE polls SET state = 'closed', closed_at = ?, secret = NULL WHERE id = ? AND state = 'open'",
    )
    .bind(to_db_time(now))
    .bind(poll)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
