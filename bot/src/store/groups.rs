//! Small groups and profiles: who is in which group of an atelier, drafts and confirmation.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, from_db_time, to_db_time};
use crate::groups::{Profile, StructureKind};
use crate::ids::{AtelierId, CohortId, MemberId};

/// Sets what a member says of their structure; `None` leaves a field as it was.
pub async fn set_profile(
    conn: &mut SqliteConnection,
    member: MemberId,
    structure: Option<&str>,
    kind: Option<StructureKind>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO profiles (member_id, structure, kind, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (member_id) DO UPDATE SET
           structure = COALESCE(?2, structure), kind = COALESCE(?3, kind), updated_at = ?4",
    )
    .bind(member.0)
    .bind(structure)
    .bind(kind.map(StructureKind::as_str))
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A member's profile (empty when they gave none).
pub async fn profile(conn: &mut SqliteConnection, member: MemberId) -> Result<Profile> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT structure, kind FROM profiles WHERE member_id = ?")
            .bind(member.0)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row
        .map(|(structure, kind)| Profile {
            structure,
            kind: kind.as_deref().and_then(StructureKind::parse),
        })
        .unwrap_or_default())
}

/// Whether an atelier's groups are a draft or confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetState {
    /// Formed, shown to facilitators, replaceable.
    Draft,
    /// Announced; members moved one by one from now on.
    Confirmed,
}

/// The groups of an atelier.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSet {
    /// Draft or confirmed.
    pub state: SetState,
    /// When it was formed.
    pub formed_at: DateTime<Utc>,
    /// Members by group: index 0 is group 1.
    pub groups: Vec<Vec<MemberId>>,
}

/// The groups of `atelier`, if any were formed.
pub async fn group_set(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
) -> Result<Option<GroupSet>> {
    let Some(row) = sqlx::query("SELECT state, formed_at FROM group_sets WHERE atelier_id = ?")
        .bind(atelier.0)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let state = if row.try_get::<String, _>("state")? == "confirmed" {
        SetState::Confirmed
    } else {
        SetState::Draft
    };
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT group_number, member_id FROM group_members WHERE atelier_id = ?
         ORDER BY group_number, member_id",
    )
    .bind(atelier.0)
    .fetch_all(&mut *conn)
    .await?;
    let count = rows.iter().map(|(g, _)| *g).max().unwrap_or(0);
    let mut groups = vec![Vec::new(); usize::try_from(count).unwrap_or(0)];
    for (g, m) in rows {
        if let Some(slot) = usize::try_from(g - 1).ok().and_then(|i| groups.get_mut(i)) {
            slot.push(MemberId(m));
        }
    }
    Ok(Some(GroupSet {
        state,
        formed_at: from_db_time(row.try_get("formed_at")?)?,
        groups,
    }))
}

/// Replaces the draft groups of `atelier` (there must be no confirmed groups).
pub async fn save_draft(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    groups: &[Vec<MemberId>],
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("DELETE FROM group_members WHERE atelier_id = ?")
        .bind(atelier.0)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO group_sets (atelier_id, state, formed_at) VALUES (?, 'draft', ?)
         ON CONFLICT (atelier_id) DO UPDATE SET state = 'draft', formed_at = excluded.formed_at,
           confirmed_at = NULL",
    )
    .bind(atelier.0)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    for (i, group) in groups.iter().enumerate() {
        for member in group {
            place(&mut *conn, atelier, *member, i + 1).await?;
        }
    }
    Ok(())
}

/// Puts `member` in group `group` of `atelier`.
pub async fn place(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
    group: usize,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO group_members (atelier_id, member_id, group_number) VALUES (?, ?, ?)
         ON CONFLICT (atelier_id, member_id) DO UPDATE SET group_number = excluded.group_number",
    )
    .bind(atelier.0)
    .bind(member.0)
    .bind(i64::try_from(group).unwrap_or(i64::MAX))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Confirms the draft of `atelier`; `false` if there was none to confirm.
pub async fn confirm(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE group_sets SET state = 'confirmed', confirmed_at = ?
         WHERE atelier_id = ? AND state = 'draft'",
    )
    .bind(to_db_time(now))
    .bind(atelier.0)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The atelier number whose groups were formed last in `cohort`.
pub async fn latest(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Option<u32>> {
    let n: Option<i64> = sqlx::query_scalar(
        "SELECT a.number FROM group_sets s JOIN ateliers a ON a.id = s.atelier_id
         WHERE a.cohort_id = ? ORDER BY s.formed_at DESC, a.number DESC LIMIT 1",
    )
    .bind(cohort.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(n.and_then(|n| u32::try_from(n).ok()))
}

/// The groups `member` is in: (atelier number, group number), by atelier.
pub async fn of_member(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<(u32, u32)>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT a.number, g.group_number FROM group_members g JOIN ateliers a ON a.id = g.atelier_id
         WHERE g.member_id = ? ORDER BY a.number",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(a, g)| Some((u32::try_from(a).ok()?, u32::try_from(g).ok()?)))
        .collect())
}

/// The cohort's participants with their profiles, to put in groups.
pub async fn candidates(
    conn: &mut SqliteConnection,
    cohort: CohortId,
) -> Result<Vec<crate::groups::Candidate>> {
    let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT m.id, p.structure, p.kind FROM members m LEFT JOIN profiles p ON p.member_id = m.id
         WHERE m.cohort_id = ? AND m.role = 'participant' ORDER BY m.id",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, structure, kind)| crate::groups::Candidate {
            member: MemberId(id),
            profile: Profile {
                structure,
                kind: kind.as_deref().and_then(StructureKind::parse),
            },
        })
        .collect())
}

/// Who belongs in the space of group `group` of atelier `atelier`: the group's members and the
/// cohort's facilitators, with every account of theirs (each adapter keeps its platform's).
pub async fn space_identities(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    atelier: u32,
    group: u32,
) -> Result<Vec<crate::ids::Identity>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT i.identity FROM identities i JOIN members m ON m.id = i.member_id
         WHERE m.cohort_id = ?1 AND (m.role = 'facilitator' OR m.id IN (
           SELECT g.member_id FROM group_members g JOIN ateliers a ON a.id = g.atelier_id
           WHERE a.cohort_id = ?1 AND a.number = ?2 AND g.group_number = ?3))
         ORDER BY i.identity",
    )
    .bind(cohort.0)
    .bind(atelier)
    .bind(group)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|s| crate::ids::Identity::parse(s))
        .collect())
}

/// The confirmed group `member` is in for `atelier`.
pub async fn group_of(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    member: MemberId,
) -> Result<Option<u32>> {
    let g: Option<i64> = sqlx::query_scalar(
        "SELECT g.group_number FROM group_members g JOIN group_sets s ON s.atelier_id = g.atelier_id
         WHERE g.atelier_id = ? AND g.member_id = ? AND s.state = 'confirmed'",
    )
    .bind(atelier.0)
    .bind(member.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(g.and_then(|g| u32::try_from(g).ok()))
}

/// The members of group `group` of `atelier`.
pub async fn members_of(
    conn: &mut SqliteConnection,
    atelier: AtelierId,
    group: u32,
) -> Result<Vec<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT member_id FROM group_members WHERE atelier_id = ? AND group_number = ?
         ORDER BY member_id",
    )
    .bind(atelier.0)
    .bind(group)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

/// What an adapter needs to find or create the space of a small group.
#[derive(Debug, Clone)]
pub struct GroupSpace {
    /// The cohort.
    pub cohort: crate::domain::Cohort,
    /// The atelier.
    pub atelier: crate::domain::Atelier,
    /// Who belongs in the space (every account: the adapter keeps its platform's).
    pub people: Vec<crate::ids::Identity>,
    /// The platform's id of the space, once created (`published_objects`, kind `kind`).
    pub known: Option<String>,
}

/// The `published_objects` of a group's spaces: scope the group number, per atelier.
fn spaces<'a>(
    space: &crate::ids::SpaceRef,
    kind: &'a str,
    scope: &'a str,
) -> super::published::Published<'a> {
    super::published::Published {
        platform: space.platform,
        kind,
        scope,
    }
}

/// The group's space as the store knows it; `None` when its cohort or atelier is gone.
pub async fn group_space(
    conn: &mut SqliteConnection,
    space: &crate::ids::SpaceRef,
    kind: &str,
) -> Result<Option<GroupSpace>> {
    let Some(cohort) = super::cohorts::cohort(conn, space.cohort).await? else {
        return Ok(None);
    };
    let Some(atelier) = super::cohorts::atelier(conn, space.cohort, space.atelier).await? else {
        return Ok(None);
    };
    let people = space_identities(conn, space.cohort, space.atelier, space.group).await?;
    let scope = space.group.to_string();
    let known = super::published::of_atelier(conn, spaces(space, kind, &scope), atelier.id)
        .await?
        .map(|(id, _)| id);
    Ok(Some(GroupSpace {
        cohort,
        atelier,
        people,
        known,
    }))
}

/// Records the space an adapter created for a group, and links it to the cohort so that
/// commands typed in it are the cohort's.
pub async fn record_group_space(
    conn: &mut SqliteConnection,
    space: &crate::ids::SpaceRef,
    kind: &str,
    atelier: AtelierId,
    id: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let scope = space.group.to_string();
    super::published::record(conn, spaces(space, kind, &scope), atelier, id, "").await?;
    let room = crate::ids::RoomRef::new(space.platform, id);
    super::cohorts::link_room(conn, &room, space.cohort, now).await
}
