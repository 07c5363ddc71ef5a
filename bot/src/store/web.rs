//! The web space's secrets: sign-in links (`!web`), the sessions they open, and personal
//! calendar feeds. Each token is 32 random bytes shown once as hex; only its SHA-256 is stored.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::domain::{Cohort, Member};
use crate::ids::MemberId;

/// How long a sign-in link stays valid.
pub const LINK_LIFETIME: Duration = Duration::minutes(10);
/// How long a session lasts without signing in again.
pub const SESSION_LIFETIME: Duration = Duration::days(14);
/// How long after signing in a session keeps a facilitator's rights. A role is confirmed by
/// the platform when the person writes (`!web` itself, in the room or by DM): past this, the
/// facilitators' pages and actions ask for a fresh sign-in, so that someone demoted on a
/// platform that only tells roles with messages keeps no rights for long on the web.
pub const FACILITATOR_FRESHNESS: Duration = Duration::hours(12);
/// Sign-in links one member may ask for per hour: enough for a lost mail or two devices, too
/// few to flood anyone's private messages.
pub const LINKS_PER_HOUR: i64 = 5;

/// A new secret token: 32 random bytes as 64 hex digits.
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness for a token: {e}")))?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of a token. Anything that is not 64 hex digits hashes to something no
/// token has, so a hostile path finds nothing rather than an error.
fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.trim().as_bytes()))
}

/// Links `member` asked for in the hour before `now`.
pub async fn links_in_last_hour(
    conn: &mut SqliteConnection,
    member: MemberId,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM web_links WHERE member_id = ? AND created_at > ?")
            .bind(member.0)
            .bind(to_db_time(now - Duration::hours(1)))
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Keeps a new sign-in link for `member` and returns its token. Expired links are dropped
/// after an hour, once they no longer count against the rate.
pub async fn new_link(
    conn: &mut SqliteConnection,
    member: MemberId,
    now: DateTime<Utc>,
) -> Result<String> {
    sqlx::query("DELETE FROM web_links WHERE created_at <= ?")
        .bind(to_db_time(now - Duration::hours(1)))
        .execute(&mut *conn)
        .await?;
    let token = new_token()?;
    sqlx::query(
        "INSERT INTO web_links (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(hash(&token))
    .bind(member.0)
    .bind(to_db_time(now))
    .bind(to_db_time(now + LINK_LIFETIME))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// A session just opened: the cookie's token and the CSRF token of its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedSession {
    /// The cookie's value.
    pub token: String,
    /// Expected in every form posted with this session.
    pub csrf: String,
}

/// Uses up the link `token` and opens a session for its member, if the link is valid. A link
/// opens one session at most: the row is deleted (not marked) in the statement that reads it.
pub async fn take_link(
    conn: &mut SqliteConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(MemberId, OpenedSession)>> {
    let row = sqlx::query(
        "UPDATE web_links SET expires_at = 0 WHERE token_hash = ? AND expires_at > ?
         RETURNING member_id",
    )
    .bind(hash(token))
    .bind(to_db_time(now))
    .fetch_optional(&mut *conn)
    .await?;
    // Kept (expired) rather than deleted so that it still counts against the hourly rate.
    let Some(row) = row else {
        return Ok(None);
    };
    let member = MemberId(row.try_get("member_id")?);
    let session = OpenedSession {
        token: new_token()?,
        csrf: new_token()?,
    };
    sqlx::query("DELETE FROM web_sessions WHERE expires_at <= ?")
        .bind(to_db_time(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO web_sessions (token_hash, member_id, csrf, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(hash(&session.token))
    .bind(member.0)
    .bind(&session.csrf)
    .bind(to_db_time(now))
    .bind(to_db_time(now + SESSION_LIFETIME))
    .execute(&mut *conn)
    .await?;
    Ok(Some((member, session)))
}

/// A signed-in person, as each request finds them: their member (role and language as they are
/// now in the store) and its cohort.
#[derive(Debug, Clone)]
pub struct WebSession {
    /// The member who signed in.
    pub member: Member,
    /// Their cohort: the only one this session can see.
    pub cohort: Cohort,
    /// Expected in every form posted with this session.
    pub csrf: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
    /// When the person signed in (their role was confirmed then, or later by the platform).
    pub opened_at: DateTime<Utc>,
}

impl WebSession {
    /// Whether the session may still act as a facilitator at `now`.
    pub fn fresh_for_facilitators(&self, now: DateTime<Utc>) -> bool {
        now - self.opened_at <= FACILITATOR_FRESHNESS
    }
}

/// The session whose cookie is `token`, if it is open.
pub async fn session(
    conn: &mut SqliteConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<WebSession>> {
    let row = sqlx::query(
        "SELECT member_id, csrf, created_at, expires_at FROM web_sessions
         WHERE token_hash = ? AND expires_at > ?",
    )
    .bind(hash(token))
    .bind(to_db_time(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(member) = super::members::by_id(conn, MemberId(row.try_get("member_id")?)).await?
    else {
        return Ok(None);
    };
    let Some(cohort) = super::cohorts::cohort(conn, member.cohort).await? else {
        return Ok(None);
    };
    Ok(Some(WebSession {
        member,
        cohort,
        csrf: row.try_get("csrf")?,
        expires_at: from_db_time(row.try_get("expires_at")?)?,
        opened_at: from_db_time(row.try_get("created_at")?)?,
    }))
}

/// Closes the one session `token` (signing out on one device).
pub async fn close_session(conn: &mut SqliteConnection, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM web_sessions WHERE token_hash = ?")
        .bind(hash(token))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Closes every session of `member` and withdraws their unused links; returns how many
/// sessions were open.
pub async fn close_all(conn: &mut SqliteConnection, member: MemberId) -> Result<u64> {
    sqlx::query("UPDATE web_links SET expires_at = 0 WHERE member_id = ?")
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query("DELETE FROM web_sessions WHERE member_id = ?")
        .bind(member.0)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// Gives `member` a new calendar feed secret, replacing (revoking) the one they had.
pub async fn new_feed(
    conn: &mut SqliteConnection,
    member: MemberId,
    now: DateTime<Utc>,
) -> Result<String> {
    let secret = new_token()?;
    sqlx::query(
        "INSERT INTO calendar_feeds (secret_hash, member_id, created_at) VALUES (?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET secret_hash = excluded.secret_hash,
           created_at = excluded.created_at",
    )
    .bind(hash(&secret))
    .bind(member.0)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(secret)
}

/// Revokes `member`'s calendar feed; returns whether there was one.
pub async fn revoke_feed(conn: &mut SqliteConnection, member: MemberId) -> Result<bool> {
    Ok(
        sqlx::query("DELETE FROM calendar_feeds WHERE member_id = ?")
            .bind(member.0)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            > 0,
    )
}

/// When `member`'s calendar feed was made, if they have one.
pub async fn feed_since(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Option<DateTime<Utc>>> {
    let at: Option<i64> =
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE member_id = ?")
            .bind(member.0)
            .fetch_optional(&mut *conn)
            .await?;
    at.map(from_db_time).transpose()
}

/// The member whose calendar feed is `secret`.
pub async fn feed_member(conn: &mut SqliteConnection, secret: &str) -> Result<Option<Member>> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT member_id FROM calendar_feeds WHERE secret_hash = ?")
            .bind(hash(secret))
            .fetch_optional(&mut *conn)
            .await?;
    match id {
        Some(id) => super::members::by_id(conn, MemberId(id)).await,
        None => Ok(None),
    }
}

/// What the web space keeps of `member`, for their data export: when each open session began
/// and ends, and since when their calendar feed exists (never a token: only hashes are kept).
pub async fn of_member(conn: &mut SqliteConnection, member: MemberId) -> Result<serde_json::Value> {
    let sessions: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT created_at, expires_at FROM web_sessions WHERE member_id = ? ORDER BY created_at",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let sessions = sessions
        .into_iter()
        .map(|(from, until)| {
            Ok(serde_json::json!({
                "opened_at": from_db_time(from)?.to_rfc3339(),
                "expires_at": from_db_time(until)?.to_rfc3339(),
            }))
        })
        .collect::<Result<Vec<_>>>()?;
    let feed = feed_since(conn, member).await?.map(|t| t.to_rfc3339());
    Ok(serde_json::json!({ "sessions": sessions, "calendar_feed_since": feed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_digits_and_never_repeat() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_ne!(hash(&a), a, "the stored form is not the token");
        assert_eq!(hash(&a), hash(&format!(" {a}\n")));
    }
}
