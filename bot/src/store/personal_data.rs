//! What the personal-data rights read and erase: a member's exports, votes, accounts and
//! reminders, erasure requests, and the erasure itself.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Result, from_db_time, to_db_time};
use crate::ids::{AtelierId, CohortId, MemberId};

/// A vote in a poll that is not anonymous: poll number, question, options and choices (JSON
/// as stored), when it was cast.
pub type NamedVote = (i64, String, String, String, DateTime<Utc>);

/// When `member` last exported their data.
pub async fn last_export(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Option<DateTime<Utc>>> {
    let last: Option<i64> = sqlx::query_scalar("SELECT last_data_export FROM members WHERE id = ?")
        .bind(member.0)
        .fetch_one(&mut *conn)
        .await?;
    last.map(from_db_time).transpose()
}

/// Records that `member` exported their data at `at`.
pub async fn set_last_export(
    conn: &mut SqliteConnection,
    member: MemberId,
    at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE members SET last_data_export = ? WHERE id = ?")
        .bind(to_db_time(at))
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The member's ballots in polls that are not anonymous (anonymous ones are linked to nobody).
pub async fn named_votes(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<NamedVote>> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.number, p.question, p.options, b.choices, b.cast_at
         FROM ballots b JOIN polls p ON p.id = b.poll_id WHERE b.member_id = ? ORDER BY p.number",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(n, q, o, c, at)| Ok((n, q, o, c, from_db_time(at)?)))
        .collect()
}

/// The member's accounts, with when each was last seen.
pub async fn accounts(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT identity, last_seen FROM identities WHERE member_id = ?")
            .bind(member.0)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter()
        .map(|(i, seen)| Ok((i, from_db_time(seen)?)))
        .collect()
}

/// Reminders the member wrote or receives: number, text, cron rule.
pub async fn reminders(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<(i64, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT number, text, cron FROM reminders WHERE author_id = ? OR member_id = ?",
    )
    .bind(member.0)
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?)
}

/// Records (or renews) the member's request to be forgotten.
pub async fn request_erasure(
    conn: &mut SqliteConnection,
    member: MemberId,
    at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO erasure_requests (member_id, requested_at) VALUES (?, ?)
         ON CONFLICT (member_id) DO UPDATE SET requested_at = excluded.requested_at",
    )
    .bind(member.0)
    .bind(to_db_time(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// When the member asked to be forgotten, if they did.
pub async fn erasure_requested_at(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Option<DateTime<Utc>>> {
    let at: Option<i64> =
        sqlx::query_scalar("SELECT requested_at FROM erasure_requests WHERE member_id = ?")
            .bind(member.0)
            .fetch_optional(&mut *conn)
            .await?;
    at.map(from_db_time).transpose()
}

/// Counts one erased submission of `atelier`, with no name, so the cohort's figures stay
/// coherent.
pub async fn count_erased_submission(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    atelier: AtelierId,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO erased_submissions (cohort_id, atelier_id, count) VALUES (?, ?, 1)
         ON CONFLICT (cohort_id, atelier_id) DO UPDATE SET count = count + 1",
    )
    .bind(cohort.0)
    .bind(atelier.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Erases the member: the private messages sent to any of their accounts, their pending
/// personal jobs, and the member row, which cascades to identities, submissions and their
/// file rows, feedback, reminders addressed to them and the erasure request. Their member id
/// is never given again (migration 0007).
pub async fn erase(conn: &mut SqliteConnection, member: MemberId) -> Result<()> {
    let identities: Vec<String> =
        sqlx::query_scalar("SELECT identity FROM identities WHERE member_id = ?")
            .bind(member.0)
            .fetch_all(&mut *conn)
            .await?;
    for identity in &identities {
        sqlx::query("DELETE FROM outbox WHERE destination = ?")
            .bind(format!("dm:{identity}"))
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM link_codes WHERE identity = ?")
            .bind(identity)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM outbox WHERE member_id = ?")
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM jobs WHERE state = 'pending' AND json_extract(payload, '$.member') = ?",
    )
    .bind(member.0)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM members WHERE id = ?")
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
