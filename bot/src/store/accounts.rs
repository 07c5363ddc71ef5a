//! Linked accounts: one person on two platforms becomes one member (`!lier-compte`).
//!
//! An account asks for a one-time code; the code typed by the other account joins both: in
//! every cohort where both were members, the second member's deliverables, votes, check-ins,
//! attendance, evaluations, extensions and reminders move to the first, conflicts settled as
//! below, and the second member is deleted; where only one was a member, the other account is
//! added to that member. A member has one private channel, the account seen last, so nobody is
//! written to twice.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{CohortId, Identity, MemberId};

/// How long a code stays valid.
pub const CODE_LIFETIME: Duration = Duration::minutes(10);

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters of a code, shown in two groups of four.
const CODE_CHARS: usize = 8;

/// A new code for display (`K7QF-3MXP`), from 8 random characters (about 40 bits).
pub fn new_code() -> Result<String> {
    let mut bytes = [0u8; CODE_CHARS];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness for a code: {e}")))?;
    let chars: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(format!("{}-{}", &chars[..4], &chars[4..]))
}

/// The stored form of a code as typed: case, spaces and dashes do not matter.
fn hash(code: &str) -> String {
    let clean: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Sha256::digest(clean.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Keeps `code` for `identity` until `now + CODE_LIFETIME`, replacing its earlier code.
pub async fn save_code(
    conn: &mut SqliteConnection,
    identity: &Identity,
    code: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("DELETE FROM link_codes WHERE identity = ? OR expires_at <= ?")
        .bind(identity.to_string())
        .bind(to_db_time(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO link_codes (code_hash, identity, expires_at) VALUES (?, ?, ?)")
        .bind(hash(code))
        .bind(identity.to_string())
        .bind(to_db_time(now + CODE_LIFETIME))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The account that asked for `code`, if it is still valid; the code is used up either way.
pub async fn take_code(
    conn: &mut SqliteConnection,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<Identity>> {
    let row =
        sqlx::query("DELETE FROM link_codes WHERE code_hash = ? RETURNING identity, expires_at")
            .bind(hash(code))
            .fetch_optional(&mut *conn)
            .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    if from_db_time(row.try_get("expires_at")?)? <= now {
        return Ok(None);
    }
    let identity: String = row.try_get("identity")?;
    Identity::parse(&identity)
        .map(Some)
        .ok_or_else(|| StoreError::Corrupt(format!("identity {identity:?}")))
}

/// Withdraws the code `identity` asked for (it was typed where others could read it).
pub async fn burn_code(conn: &mut SqliteConnection, identity: &Identity) -> Result<()> {
    sqlx::query("DELETE FROM link_codes WHERE identity = ?")
        .bind(identity.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What linking did in one cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linked {
    /// The cohort.
    pub cohort: CohortId,
    /// The member both accounts now belong to.
    pub member: MemberId,
    /// The member merged into it and deleted, when both accounts were members.
    pub merged: Option<MemberId>,
}

/// Joins `first` and `second` into one member in every cohort either belongs to.
pub async fn link(
    conn: &mut SqliteConnection,
    first: &Identity,
    second: &Identity,
    now: DateTime<Utc>,
) -> Result<Vec<Linked>> {
    let a = memberships(&mut *conn, first).await?;
    let b = memberships(&mut *conn, second).await?;
    let mut out = Vec::new();
    for &(cohort, keep) in &a {
        match b.iter().find(|(c, _)| *c == cohort) {
            Some(&(_, gone)) if gone != keep => {
                merge(&mut *conn, keep, gone).await?;
                out.push(Linked {
                    cohort,
                    member: keep,
                    merged: Some(gone),
                });
            }
            Some(_) => {}
            None => {
                add_identity(&mut *conn, cohort, second, keep, now).await?;
                out.push(Linked {
                    cohort,
                    member: keep,
                    merged: None,
                });
            }
        }
    }
    for &(cohort, member) in b.iter().filter(|(c, _)| a.iter().all(|(x, _)| x != c)) {
        add_identity(&mut *conn, cohort, first, member, now).await?;
        out.push(Linked {
            cohort,
            member,
            merged: None,
        });
    }
    Ok(out)
}

async fn memberships(
    conn: &mut SqliteConnection,
    identity: &Identity,
) -> Result<Vec<(CohortId, MemberId)>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT cohort_id, member_id FROM identities WHERE identity = ?")
            .bind(identity.to_string())
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(c, m)| (CohortId(c), MemberId(m)))
        .collect())
}

async fn add_identity(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    identity: &Identity,
    member: MemberId,
    now: DateTime<Utc>,
) -> Result<()> {
    // Seen now: the account that typed the code is where the person is, for private messages.
    sqlx::query(
        "INSERT INTO identities (cohort_id, identity, member_id, last_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT (cohort_id, identity) DO UPDATE SET member_id = excluded.member_id",
    )
    .bind(cohort.0)
    .bind(identity.to_string())
    .bind(member.0)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Tables keyed by (something, member) where both members may have a row: which row stays.
/// `o` is the other member's row, `t` this one's; `t` is dropped when `o` is better.
const KEYED: &[(&str, &str, &str)] = &[
    // The later vote stands, as if the person had changed it.
    ("ballots", "o.poll_id = t.poll_id", "o.cast_at > t.cast_at"),
    (
        "preparation",
        "o.atelier_id = t.atelier_id",
        "o.updated_at > t.updated_at",
    ),
    // A presence confirmed on either account counts; otherwise the later record.
    (
        "attendance",
        "o.atelier_id = t.atelier_id AND o.session = t.session",
        "(o.status = 'present') > (t.status = 'present')
         OR ((o.status = 'present') = (t.status = 'present') AND o.recorded_at > t.recorded_at)",
    ),
    // A granted extension outweighs a request or a refusal; otherwise the later request.
    (
        "extensions",
        "o.atelier_id = t.atelier_id",
        "(o.state = 'granted') > (t.state = 'granted')
         OR ((o.state = 'granted') = (t.state = 'granted') AND o.requested_at > t.requested_at)",
    ),
    ("erasure_requests", "1", "0"),
    ("profiles", "1", "o.updated_at > t.updated_at"),
    ("group_members", "o.atelier_id = t.atelier_id", "0"),
    ("calendar_feeds", "1", "0"),
];

/// Columns naming a member with no uniqueness to respect.
const PLAIN: &[(&str, &str)] = &[
    ("identities", "member_id"),
    ("preparation_questions", "member_id"),
    ("reminders", "member_id"),
    ("reminders", "author_id"),
    ("feedback", "author_id"),
    ("polls", "author_id"),
    ("attendance", "recorded_by"),
    ("extensions", "decided_by"),
    ("outbox", "member_id"),
    ("resources", "member_id"),
    ("decisions", "author_id"),
    ("decision_proposals", "author_id"),
    ("decision_amendments", "author_id"),
    ("resource_matches", "by_member"),
    ("web_links", "member_id"),
    ("web_sessions", "member_id"),
];

/// Moves everything of member `gone` to member `keep` (same cohort), then deletes `gone`.
async fn merge(conn: &mut SqliteConnection, keep: MemberId, gone: MemberId) -> Result<()> {
    for (table, same, better) in KEYED {
        // `keep`'s row yields to a better one of `gone`; then `gone`'s rows yield to `keep`'s.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} AS t WHERE t.member_id = ?1 AND EXISTS
               (SELECT 1 FROM {table} o WHERE o.member_id = ?2 AND {same} AND ({better}))"
        )))
        .bind(keep.0)
        .bind(gone.0)
        .execute(&mut *conn)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} AS t WHERE t.member_id = ?2 AND EXISTS
               (SELECT 1 FROM {table} o WHERE o.member_id = ?1 AND {same})"
        )))
        .bind(keep.0)
        .bind(gone.0)
        .execute(&mut *conn)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET member_id = ? WHERE member_id = ?"
        )))
        .bind(keep.0)
        .bind(gone.0)
        .execute(&mut *conn)
        .await?;
    }
    for (table, column) in PLAIN {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET {column} = ? WHERE {column} = ?"
        )))
        .bind(keep.0)
        .bind(gone.0)
        .execute(&mut *conn)
        .await?;
    }
    merge_reviews(&mut *conn, keep, gone).await?;
    merge_submissions(&mut *conn, keep, gone).await?;
    merge_anonymous(&mut *conn, keep, gone).await?;
    merge_named_evaluations(&mut *conn, keep, gone).await?;
    merge_job_payloads(&mut *conn, keep, gone).await?;
    merge_settings(&mut *conn, keep, gone).await
}

/// Peer reviews: one person no longer reviews their own work, and a pair given to both
/// accounts is kept once.
async fn merge_reviews(conn: &mut SqliteConnection, keep: MemberId, gone: MemberId) -> Result<()> {
    for sql in [
        "DELETE FROM review_assignments WHERE (reviewer_id = ?1 AND author_id = ?2)
           OR (reviewer_id = ?2 AND author_id = ?1)",
        "UPDATE OR IGNORE review_assignments SET reviewer_id = ?1 WHERE reviewer_id = ?2",
        "UPDATE OR IGNORE review_assignments SET author_id = ?1 WHERE author_id = ?2",
        "DELETE FROM review_assignments WHERE reviewer_id = ?2 OR author_id = ?2",
    ] {
        sqlx::query(sql)
            .bind(keep.0)
            .bind(gone.0)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Both members' versions of a deliverable become one history, numbered by when they came.
async fn merge_submissions(
    conn: &mut SqliteConnection,
    keep: MemberId,
    gone: MemberId,
) -> Result<()> {
    // Each row's negated id first, so that no intermediate numbering collides with another's.
    sqlx::query(
        "UPDATE submissions SET member_id = ?1, version = -id
         WHERE member_id = ?1 OR member_id = ?2",
    )
    .bind(keep.0)
    .bind(gone.0)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE submissions SET version = (SELECT COUNT(*) FROM submissions s
            WHERE s.atelier_id = submissions.atelier_id AND s.member_id = ?1
              AND (s.submitted_at, s.id) <= (submissions.submitted_at, submissions.id))
         WHERE member_id = ?1",
    )
    .bind(keep.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Anonymous ballots and answers still open are filed under a token of the member: the
/// token of `gone` becomes that of `keep` (or yields to it when both voted or answered).
/// Closed ones have no secret left and cannot be linked to anyone, by design.
async fn merge_anonymous(
    conn: &mut SqliteConnection,
    keep: MemberId,
    gone: MemberId,
) -> Result<()> {
    let open: Vec<(String, String, i64, Vec<u8>)> = sqlx::query_as(
        "SELECT 'anonymous_ballots', 'poll_id', id, secret FROM polls WHERE secret IS NOT NULL
         UNION ALL
         SELECT 'evaluation_answers', 'evaluation_id', id, secret FROM evaluations
           WHERE secret IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (table, key, id, secret) in open {
        let column = if table == "anonymous_ballots" {
            "token"
        } else {
            "respondent"
        };
        let (to, from) = (
            super::polls::token(&secret, keep),
            super::polls::token(&secret, gone),
        );
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE {key} = ?1 AND {column} = ?2
               AND EXISTS (SELECT 1 FROM {table} WHERE {key} = ?1 AND {column} = ?3)"
        )))
        .bind(id)
        .bind(&from)
        .bind(&to)
        .execute(&mut *conn)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET {column} = ?3 WHERE {key} = ?1 AND {column} = ?2"
        )))
        .bind(id)
        .bind(&from)
        .bind(&to)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Named evaluation answers are filed under `m<member id>`: `keep`'s answer stands when both
/// answered.
async fn merge_named_evaluations(
    conn: &mut SqliteConnection,
    keep: MemberId,
    gone: MemberId,
) -> Result<()> {
    let (to, from) = (format!("m{}", keep.0), format!("m{}", gone.0));
    sqlx::query(
        "DELETE FROM evaluation_answers AS t WHERE t.respondent = ?2 AND EXISTS
           (SELECT 1 FROM evaluation_answers o
            WHERE o.evaluation_id = t.evaluation_id AND o.respondent = ?1)",
    )
    .bind(&to)
    .bind(&from)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE evaluation_answers SET respondent = ?1, member_id = ?3
         WHERE respondent = ?2",
    )
    .bind(&to)
    .bind(&from)
    .bind(keep.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Pending jobs addressed to `gone` (personal reminders, snoozes, extension chases) now go to
/// `keep`.
async fn merge_job_payloads(
    conn: &mut SqliteConnection,
    keep: MemberId,
    gone: MemberId,
) -> Result<()> {
    for field in ["$.member", "$.author"] {
        sqlx::query(
            "UPDATE jobs SET payload = json_set(payload, ?1, ?2)
             WHERE state = 'pending' AND json_extract(payload, ?1) = ?3",
        )
        .bind(field)
        .bind(keep.0)
        .bind(gone.0)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// `keep` keeps its own settings, takes `gone`'s where it has none, and the higher role.
async fn merge_settings(conn: &mut SqliteConnection, keep: MemberId, gone: MemberId) -> Result<()> {
    sqlx::query(
        "UPDATE members SET
           language = COALESCE(language, (SELECT language FROM members WHERE id = ?2)),
           timezone = COALESCE(timezone, (SELECT timezone FROM members WHERE id = ?2)),
           role = CASE WHEN 'facilitator' IN (role, (SELECT role FROM members WHERE id = ?2))
                       THEN 'facilitator'
                       WHEN 'participant' IN (role, (SELECT role FROM members WHERE id = ?2))
                       THEN 'participant' ELSE role END
         WHERE id = ?1",
    )
    .bind(keep.0)
    .bind(gone.0)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM members WHERE id = ?")
        .bind(gone.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
