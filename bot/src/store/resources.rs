//! The pool of resources: offers and needs, numbered per cohort, and who was put in touch.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, from_db_time, to_db_time};
use crate::ids::{CohortId, MemberId};
use crate::resources::ResourceKind;

/// Offered or needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Someone offers it.
    Offer,
    /// Someone needs it.
    Need,
}

impl Side {
    fn as_str(self) -> &'static str {
        match self {
            Side::Offer => "offer",
            Side::Need => "need",
        }
    }
}

/// One offer or need.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Store id.
    pub id: i64,
    /// Its number in the cohort (`#N`).
    pub number: u32,
    /// Who offers or needs it.
    pub member: MemberId,
    /// Offer or need.
    pub side: Side,
    /// What kind of resource.
    pub kind: ResourceKind,
    /// What it is, in the person's words.
    pub title: String,
    /// Where, if they said.
    pub place: Option<String>,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// When it was withdrawn, if it was.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Resource> {
    let kind: String = row.try_get("kind")?;
    let side: String = row.try_get("side")?;
    Ok(Resource {
        id: row.try_get("id")?,
        number: u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0),
        member: MemberId(row.try_get("member_id")?),
        side: if side == "offer" {
            Side::Offer
        } else {
            Side::Need
        },
        kind: ResourceKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("resource kind {kind:?}")))?,
        title: row.try_get("title")?,
        place: row.try_get("place")?,
        created_at: from_db_time(row.try_get("created_at")?)?,
        withdrawn_at: row
            .try_get::<Option<i64>, _>("withdrawn_at")?
            .map(from_db_time)
            .transpose()?,
    })
}

/// What a member posts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResource<'a> {
    /// The cohort.
    pub cohort: CohortId,
    /// Who.
    pub member: MemberId,
    /// Offer or need.
    pub side: Side,
    /// Kind.
    pub kind: ResourceKind,
    /// What.
    pub title: &'a str,
    /// Where.
    pub place: Option<&'a str>,
}

/// Records a new offer or need and gives it the cohort's next number.
pub async fn add(
    conn: &mut SqliteConnection,
    new: &NewResource<'_>,
    now: DateTime<Utc>,
) -> Result<Resource> {
    let row = sqlx::query(
        "INSERT INTO resources (cohort_id, number, member_id, side, kind, title, place, created_at)
         VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM resources WHERE cohort_id = ?1),
                 ?2, ?3, ?4, ?5, ?6, ?7)
         RETURNING *",
    )
    .bind(new.cohort.0)
    .bind(new.member.0)
    .bind(new.side.as_str())
    .bind(new.kind.as_str())
    .bind(new.title)
    .bind(new.place)
    .bind(to_db_time(now))
    .fetch_one(&mut *conn)
    .await?;
    from_row(&row)
}

/// The cohort's resources still on offer or needed, by number.
pub async fn active(conn: &mut SqliteConnection, cohort: CohortId) -> Result<Vec<Resource>> {
    let rows = sqlx::query(
        "SELECT * FROM resources WHERE cohort_id = ? AND withdrawn_at IS NULL ORDER BY number",
    )
    .bind(cohort.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every resource of a member, withdrawn ones too.
pub async fn of_member(conn: &mut SqliteConnection, member: MemberId) -> Result<Vec<Resource>> {
    let rows = sqlx::query("SELECT * FROM resources WHERE member_id = ? ORDER BY number")
        .bind(member.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Resource `#number` of the cohort.
pub async fn by_number(
    conn: &mut SqliteConnection,
    cohort: CohortId,
    number: u32,
) -> Result<Option<Resource>> {
    let row = sqlx::query("SELECT * FROM resources WHERE cohort_id = ? AND number = ?")
        .bind(cohort.0)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Withdraws a resource; `false` if it already was.
pub async fn withdraw(conn: &mut SqliteConnection, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let done =
        sqlx::query("UPDATE resources SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL")
            .bind(to_db_time(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that an offer and a need were put in touch; `false` if they already were.
pub async fn matched(
    conn: &mut SqliteConnection,
    offer: i64,
    need: i64,
    by: Option<MemberId>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO resource_matches (offer_id, need_id, by_member, matched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING",
    )
    .bind(offer)
    .bind(need)
    .bind(by.map(|m| m.0))
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The numbers of the resources `id` was put in touch with.
pub async fn matches_of(conn: &mut SqliteConnection, id: i64) -> Result<Vec<u32>> {
    let rows: Vec<i64> = sqlx::query_scalar(
        "SELECT r.number FROM resource_matches m
           JOIN resources r ON r.id = CASE WHEN m.offer_id = ?1 THEN m.need_id ELSE m.offer_id END
         WHERE m.offer_id = ?1 OR m.need_id = ?1 ORDER BY r.number",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|n| u32::try_from(n).ok())
        .collect())
}
