//! Members of a cohort and their platform identities.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, to_db_time};
use crate::domain::{Lang, Member, Role};
use crate::ids::{CohortId, Identity, MemberId};

fn member_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Member> {
    let role: String = row.try_get("role")?;
    let lang: Option<String> = row.try_get("language")?;
    Ok(Member {
        id: MemberId(row.try_get("id")?),
        cohort: CohortId(row.try_get("cohort_id")?),
        display_name: row.try_get("display_name")?,
        role: role
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("role {role:?}")))?,
        language: lang.as_deref().and_then(Lang::parse),
        reminders_enabled: row.try_get("reminders_enabled")?,
        timezone: row
            .try_get::<Option<String>, _>("timezone")?
            .and_then(|z| z.parse().ok()),
    })
}

/// The member of `cohort` who owns `identity`, if any.
pub async fn by_identity(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    identity: &Identity,
) -> Result<Option<Member>> {
    let row = sqlx::query(
        "SELECT m.* FROM members m JOIN identities i ON i.member_id = m.id
         WHERE i.cohort_id = ? AND i.identity = ?",
    )
    .bind(cohort.0)
    .bind(identity.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(member_from_row).transpose()
}

/// Every membership of `identity`, most recently active first.
pub async fn memberships(conn: &mut SqliteConnection, identity: &Identity) -> Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT m.* FROM members m JOIN identities i ON i.member_id = m.id
         WHERE i.identity = ? ORDER BY i.last_seen DESC, m.id",
    )
    .bind(identity.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(member_from_row).collect()
}

/// The member with this id.
pub async fn by_id(conn: &mut SqliteConnection, id: MemberId) -> Result<Option<Member>> {
    let row = sqlx::query("SELECT * FROM members WHERE id = ?")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(member_from_row).transpose()
}

/// The cohort's members, by name.
pub async fn of_cohort(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT * FROM members WHERE cohort_id = ? ORDER BY display_name COLLATE NOCASE, id",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(member_from_row).collect()
}

/// Adds a member to `cohort` with one identity.
pub async fn create(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    display_name: &str,
    role: Role,
    identity: &Identity,
    now: DateTime<Utc>,
) -> Result<Member> {
    // Allocated past the largest id ever given (migration 0007), never reusing an erased one.
    let id = sqlx::query(
        "INSERT INTO members (id, cohort_id, display_name, role, created_at)
         VALUES ((SELECT MAX(last, COALESCE((SELECT MAX(id) FROM members), 0)) + 1
                  FROM id_high_water WHERE name = 'members'), ?, ?, ?, ?)",
    )
    .bind(cohort.0)
    .bind(display_name)
    .bind(role.as_str())
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    sqlx::query(
        "INSERT INTO identities (cohort_id, identity, member_id, last_seen) VALUES (?, ?, ?, ?)",
    )
    .bind(cohort.0)
    .bind(identity.to_string())
    .bind(id)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(Member {
        id: MemberId(id),
        cohort,
        display_name: display_name.to_owned(),
        role,
        language: None,
        reminders_enabled: true,
        timezone: None,
    })
}

/// Records that `identity` was just active, so DMs go where the member last spoke.
pub async fn touch_identity(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    identity: &Identity,
    now: DateTime<Utc>,
) -> Result<()> {
    // Minute precision is plenty to choose where to DM someone, and skipping the write for
    // every message in a burst keeps commits small.
    sqlx::query(
        "UPDATE identities SET last_seen = ? WHERE cohort_id = ? AND identity = ? AND last_seen < ?",
    )
    .bind(to_db_time(now))
    .bind(cohort.0)
    .bind(identity.to_string())
    .bind(to_db_time(now) - 60)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The identity to DM `member` on: the one they used most recently.
pub async fn dm_identity(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Option<Identity>> {
    let s: Option<String> = sqlx::query_scalar(
        "SELECT identity FROM identities WHERE member_id = ? ORDER BY last_seen DESC LIMIT 1",
    )
    .bind(member.0)
    .fetch_optional(&mut *conn)
    .await?;
    s.map(|s| Identity::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("identity {s:?}"))))
        .transpose()
}

/// Sets the member's language preference (`None`: follow the platform or cohort).
pub async fn set_language(
    conn: &mut SqliteConnection,
    member: MemberId,
    lang: Option<Lang>,
) -> Result<()> {
    sqlx::query("UPDATE members SET language = ? WHERE id = ?")
        .bind(lang.map(Lang::code))
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets the member's role (platforms are the source of truth for roles). Callers change it
/// only when it differs; a change also ends the member's web sessions, so that nobody keeps on
/// a page the rights the platform just took away (they sign in again with `!web`).
pub async fn set_role(conn: &mut SqliteConnection, member: MemberId, role: Role) -> Result<()> {
    sqlx::query("UPDATE members SET role = ? WHERE id = ?")
        .bind(role.as_str())
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM web_sessions WHERE member_id = ?")
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets the role of the member `identity` of the cohort `room` follows, if both exist and the
/// role differs; returns whether it changed.
pub async fn set_role_in_room(
    conn: &mut SqliteConnection,
    room: &crate::ids::RoomRef,
    identity: &Identity,
    role: Role,
) -> Result<bool> {
    let Some(cohort) = super::cohorts::room_cohort(conn, room).await? else {
        return Ok(false);
    };
    match by_identity(conn, cohort.id, identity).await? {
        Some(m) if m.role != role => {
            set_role(conn, m.id, role).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Turns the member's reminder DMs on or off.
pub async fn set_reminders(conn: &mut SqliteConnection, member: MemberId, on: bool) -> Result<()> {
    sqlx::query("UPDATE members SET reminders_enabled = ? WHERE id = ?")
        .bind(on)
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The cohort's members, each with the identity to DM them on (the one used most recently).
pub async fn of_cohort_with_dm(
    conn: &mut SqliteConnection,
    cohort: CohortId,
) -> Result<Vec<(Member, Option<Identity>)>> {
    let rows = sqlx::query(
        "SELECT m.*, (SELECT identity FROM identities i WHERE i.member_id = m.id
                      ORDER BY last_seen DESC LIMIT 1) AS dm
         FROM members m WHERE cohort_id = ? ORDER BY display_name COLLATE NOCASE, id",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let dm: Option<String> = row.try_get("dm")?;
            let dm = dm
                .map(|s| {
                    Identity::parse(&s)
                        .ok_or_else(|| StoreError::Corrupt(format!("identity {s:?}")))
                })
                .transpose()?;
            Ok((member_from_row(row)?, dm))
        })
        .collect()
}

/// The most recently active membership of `identity`, with its cohort, in one query (every
/// direct message starts with this lookup).
pub async fn latest_membership(
    conn: &mut SqliteConnection,
    identity: &Identity,
) -> Result<Option<(Member, crate::domain::Cohort)>> {
    let row = sqlx::query(
        "SELECT m.*, c.name AS c_name, c.title AS c_title, c.timezone AS c_timezone,
                c.language AS c_language, c.parts AS c_parts,
                c.organisation AS c_organisation
         FROM members m JOIN identities i ON i.member_id = m.id JOIN cohorts c ON c.id = m.cohort_id
         WHERE i.identity = ? ORDER BY i.last_seen DESC, m.id LIMIT 1",
    )
    .bind(identity.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let member = member_from_row(&row)?;
    let tz: String = row.try_get("c_timezone")?;
    let lang: String = row.try_get("c_language")?;
    let cohort = crate::domain::Cohort {
        id: member.cohort,
        name: row.try_get("c_name")?,
        title: row.try_get("c_title")?,
        timezone: tz
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("time zone {tz:?}")))?,
        language: Lang::parse(&lang).ok_or_else(|| StoreError::Corrupt(format!("lang {lang}")))?,
        parts: crate::domain::Parts::from_json(&row.try_get::<String, _>("c_parts")?)
            .ok_or_else(|| StoreError::Corrupt("cohort parts".into()))?,
        organisation: row.try_get("c_organisation")?,
    };
    Ok(Some((member, cohort)))
}

/// Sets (or, with `None`, clears) `member`'s own time zone.
pub async fn set_timezone(
    conn: &mut SqliteConnection,
    member: MemberId,
    zone: Option<chrono_tz::Tz>,
) -> Result<()> {
    sqlx::query("UPDATE members SET timezone = ? WHERE id = ?")
        .bind(zone.map(|z| z.name()))
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The cohort's zone and `member`'s own, when they set one.
pub async fn zones(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Option<(chrono_tz::Tz, chrono_tz::Tz)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT c.timezone, m.timezone FROM members m JOIN cohorts c ON c.id = m.cohort_id
         WHERE m.id = ? AND m.timezone IS NOT NULL",
    )
    .bind(member.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|(c, m)| Some((c.parse().ok()?, m.parse().ok()?))))
}
