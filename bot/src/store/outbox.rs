//! The transactional outbox: messages decided by the engine, waiting for an adapter.

use std::fmt;

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{CohortId, Identity, JobId, MemberId, OutboxId, Platform, RoomRef};

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A room (channel) on a platform.
    Room(RoomRef),
    /// A direct message to a person's account.
    Direct(Identity),
    /// The space of a small group, created by the adapter on first use.
    Space(crate::ids::SpaceRef),
}

impl Destination {
    /// The platform that must deliver it.
    pub fn platform(&self) -> Platform {
        match self {
            Destination::Room(r) => r.platform,
            Destination::Direct(i) => i.platform,
            Destination::Space(s) => s.platform,
        }
    }

    /// Parses the stored form (`room:console:salon`, `dm:matrix:@a:b`).
    pub fn parse(s: &str) -> Option<Self> {
        if let Some(rest) = s.strip_prefix("room:") {
            RoomRef::parse(rest).map(Destination::Room)
        } else if let Some(rest) = s.strip_prefix("dm:") {
            Identity::parse(rest).map(Destination::Direct)
        } else if let Some(rest) = s.strip_prefix("space:") {
            crate::ids::SpaceRef::parse(rest).map(Destination::Space)
        } else {
            None
        }
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Room(r) => write!(f, "room:{r}"),
            Destination::Direct(i) => write!(f, "dm:{i}"),
            Destination::Space(s) => write!(f, "space:{s}"),
        }
    }
}

/// A message to put in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutboxMessage {
    /// Unique idempotency key: writing the same key twice stores one message.
    pub key: String,
    /// The cohort it concerns, if any.
    pub cohort: Option<CohortId>,
    /// Where it goes.
    pub destination: Destination,
    /// The member it is addressed to, for DMs.
    pub member: Option<MemberId>,
    /// The rendered text, in the reader's language.
    pub body: String,
    /// Paths of files to attach.
    pub attachments: Vec<String>,
    /// The platform event it answers, if any.
    pub in_reply_to: Option<String>,
    /// The job that produced it, if any.
    pub job: Option<JobId>,
    /// The key of an earlier message this one replaces (edited in place where the platform
    /// can edit, sent anew elsewhere).
    pub replaces: Option<String>,
    /// Structured data for native rendering (see [`MessageExtra`]).
    pub extra: Option<MessageExtra>,
}

/// A message in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    /// Its id.
    pub id: OutboxId,
    /// Unique idempotency key (Matrix transaction id, Discord nonce).
    pub key: String,
    /// The cohort it concerns, if any.
    pub cohort: Option<CohortId>,
    /// Where it goes.
    pub destination: Destination,
    /// The rendered text.
    pub body: String,
    /// Paths of files to attach.
    pub attachments: Vec<String>,
    /// The platform event it answers, if any.
    pub in_reply_to: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// Not to be tried again before this instant (after a passing failure).
    pub retry_at: Option<DateTime<Utc>>,
    /// The key of an earlier message this one replaces.
    pub replaces: Option<String>,
    /// Structured data for native rendering.
    pub extra: Option<MessageExtra>,
}

/// What an adapter may render natively instead of (or beside) the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageExtra {
    /// A poll announcement (or its live update): options to show as buttons or a native poll.
    /// Votes come back as typed poll answers (`engine::Event::PollAnswer`).
    Poll {
        /// The poll's number in its cohort.
        number: u32,
        /// The question.
        question: String,
        /// The options, in order (votes use 1-based numbers).
        options: Vec<String>,
        /// How it is answered.
        kind: super::polls::PollKind,
        /// At most this many choices (multiple).
        max: Option<usize>,
        /// Anonymous: never show who voted.
        anonymous: bool,
    },
    /// The closing results of a poll.
    PollResults {
        /// The poll's number in its cohort.
        number: u32,
    },
    /// A message that asks whether people are ready for an atelier (its references, the
    /// reminder before it): a reaction ✅ or ⏳ on it answers, as `!pret N` / `!pas-encore N`.
    CheckIn {
        /// The atelier's number.
        atelier: u32,
    },
    /// The opening of attendance for a session: a reaction ✅ on it confirms presence, as
    /// `!present`; Discord shows "on site" and "remote" buttons.
    Attendance {
        /// The atelier's number.
        atelier: u32,
        /// The session, from 1.
        session: u32,
    },
}

/// Writes a message unless one with the same key exists; returns whether it was written.
pub async fn insert(
    conn: &mut SqliteConnection,
    msg: &NewOutboxMessage,
    now: DateTime<Utc>,
) -> Result<bool> {
    let attachments =
        serde_json::to_string(&msg.attachments).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let done = sqlx::query(
        "INSERT INTO outbox (key, cohort_id, platform, destination, member_id, body, attachments,
           in_reply_to, job_id, created_at, replaces, extra)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&msg.key)
    .bind(msg.cohort.map(|c| c.0))
    .bind(msg.destination.platform().as_str())
    .bind(msg.destination.to_string())
    .bind(msg.member.map(|m| m.0))
    .bind(&msg.body)
    .bind(attachments)
    .bind(&msg.in_reply_to)
    .bind(msg.job.map(|j| j.0))
    .bind(to_db_time(now))
    .bind(&msg.replaces)
    .bind(
        msg.extra
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    )
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Rows per multi-row insert: 12 values each, well under SQLite's 32 766 bound parameters.
const INSERT_CHUNK: usize = 64;

/// Writes many messages with few statements (a row each, `ON CONFLICT (key) DO NOTHING` as
/// [`insert`]): each statement is a round trip to the database thread, which is what firing
/// thousands of reminders costs. Returns how many rows were new.
pub async fn insert_many(
    conn: &mut SqliteConnection,
    msgs: &[NewOutboxMessage],
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut written = 0;
    for chunk in msgs.chunks(INSERT_CHUNK) {
        let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO outbox (key, cohort_id, platform, destination, member_id, body, \
             attachments, in_reply_to, job_id, created_at, replaces, extra) VALUES {rows} \
             ON CONFLICT (key) DO NOTHING"
        );
        // Only `?` placeholders are formatted into the statement; values are bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for msg in chunk {
            let attachments = serde_json::to_string(&msg.attachments)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let extra = msg
                .extra
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            q = q
                .bind(msg.key.clone())
                .bind(msg.cohort.map(|c| c.0))
                .bind(msg.destination.platform().as_str())
                .bind(msg.destination.to_string())
                .bind(msg.member.map(|m| m.0))
                .bind(msg.body.clone())
                .bind(attachments)
                .bind(msg.in_reply_to.clone())
                .bind(msg.job.map(|j| j.0))
                .bind(to_db_time(now))
                .bind(msg.replaces.clone())
                .bind(extra);
        }
        let done = q.execute(&mut *conn).await?;
        written += usize::try_from(done.rows_affected()).unwrap_or(usize::MAX);
    }
    Ok(written)
}

/// Up to `limit` undelivered messages for `platform`, in the order they were written.
pub async fn pending(
    conn: &mut SqliteConnection,
    platform: Platform,
    limit: i64,
) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT * FROM outbox WHERE delivered_at IS NULL AND platform = ? ORDER BY id LIMIT ?",
    )
    .bind(platform.as_str())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<OutboxMessage> {
    let dest: String = row.try_get("destination")?;
    let attachments: String = row.try_get("attachments")?;
    Ok(OutboxMessage {
        id: OutboxId(row.try_get("id")?),
        key: row.try_get("key")?,
        cohort: row.try_get::<Option<i64>, _>("cohort_id")?.map(CohortId),
        destination: Destination::parse(&dest)
            .ok_or_else(|| StoreError::Corrupt(format!("destination {dest:?}")))?,
        body: row.try_get("body")?,
        attachments: serde_json::from_str(&attachments)
            .map_err(|e| StoreError::Corrupt(format!("attachments: {e}")))?,
        in_reply_to: row.try_get("in_reply_to")?,
        created_at: from_db_time(row.try_get("created_at")?)?,
        attempts: row.try_get("attempts")?,
        retry_at: row
            .try_get::<Option<i64>, _>("retry_at")?
            .map(from_db_time)
            .transpose()?,
        replaces: row.try_get("replaces")?,
        extra: row
            .try_get::<Option<String>, _>("extra")?
            .map(|e| serde_json::from_str(&e))
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("extra: {e}")))?,
    })
}

/// Marks a message delivered.
pub async fn mark_delivered(
    conn: &mut SqliteConnection,
    id: OutboxId,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?")
        .bind(to_db_time(now))
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks many messages delivered in a few statements.
pub async fn mark_many_delivered(
    conn: &mut SqliteConnection,
    ids: &[OutboxId],
    now: DateTime<Utc>,
) -> Result<()> {
    for chunk in ids.chunks(500) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id IN ({placeholders})"
        );
        // Only `?` placeholders are formatted into the statement; values are bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(to_db_time(now));
        for id in chunk {
            q = q.bind(id.0);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records a failed attempt, keeping the message pending.
pub async fn record_failure(
    conn: &mut SqliteConnection,
    id: OutboxId,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, retry_at = ? WHERE id = ?",
    )
    .bind(error)
    .bind(retry_at.map(to_db_time))
    .bind(id.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many messages are still undelivered (all platforms).
pub async fn pending_count(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Records the platform's id for a delivered message (a Matrix event id, a Discord message id),
/// so a later message that replaces it can be sent as an edit.
pub async fn set_platform_id(
    conn: &mut SqliteConnection,
    key: &str,
    platform_id: &str,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET platform_id = ? WHERE key = ?")
        .bind(platform_id)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The platform's id of the message with `key`, if it was delivered and recorded.
pub async fn platform_id(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT platform_id FROM outbox WHERE key = ?")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?
            .flatten(),
    )
}

/// The message delivered as `platform_id`, if recorded: how an adapter finds, after a restart,
/// which poll a platform's native vote answers.
pub async fn by_platform_id(
    conn: &mut SqliteConnection,
    platform_id: &str,
) -> Result<Option<OutboxMessage>> {
    sqlx::query("SELECT * FROM outbox WHERE platform_id = ? ORDER BY id DESC LIMIT 1")
        .bind(platform_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The platform id of the announcement of poll `number` sent to `destination` (the newest, if
/// the room was linked to several cohorts over time), for a platform that closes native polls.
pub async fn poll_announcement_id(
    conn: &mut SqliteConnection,
    destination: &Destination,
    number: u32,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT platform_id FROM outbox WHERE destination = ? AND replaces IS NULL
           AND platform_id IS NOT NULL AND json_extract(extra, '$.poll.number') = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(destination.to_string())
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The platform id recorded by the newest message that replaces `key`: where a platform shows
/// replacements as one message of their own (edited at each update) beside the original.
pub async fn latest_replacement_id(
    conn: &mut SqliteConnection,
    key: &str,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT platform_id FROM outbox WHERE replaces = ? AND platform_id IS NOT NULL
         ORDER BY id DESC LIMIT 1",
    )
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The text and id of the latest automated private message to `member` written since `since`
/// (what `!plus-tard` snoozes).
pub async fn last_job_dm(
    conn: &mut SqliteConnection,
    member: MemberId,
    since: DateTime<Utc>,
) -> Result<Option<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT body, id FROM outbox WHERE member_id = ? AND job_id IS NOT NULL
           AND destination LIKE 'dm:%' AND created_at >= ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(member.0)
    .bind(to_db_time(since))
    .fetch_optional(&mut *conn)
    .await?)
}

/// Drops the text of private messages delivered before `before`; returns how many.
pub async fn prune_delivered_dms(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET body = '', attachments = '[]', pruned_at = ?
         WHERE delivered_at IS NOT NULL AND pruned_at IS NULL AND delivered_at < ?
           AND destination LIKE 'dm:%'",
    )
    .bind(to_db_time(now))
    .bind(to_db_time(before))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Takes the messages waiting for `identity` by direct message and marks them delivered: how
/// the web space shows the answers to an action on the page that asked (nothing else delivers
/// to a `web:` identity).
pub async fn take_direct(
    conn: &mut SqliteConnection,
    identity: &Identity,
    now: DateTime<Utc>,
) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1
         WHERE delivered_at IS NULL AND platform = ? AND destination = ?
         RETURNING *",
    )
    .bind(to_db_time(now))
    .bind(identity.platform.as_str())
    .bind(format!("dm:{identity}"))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|m| m.id.0);
    Ok(out)
}
