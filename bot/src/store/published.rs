//! What adapters published on their platform for an atelier (`published_objects`): a Discord
//! scheduled event today. Adapters keep the mapping here so that a restart edits the object
//! instead of creating it twice, and find the objects whose atelier is gone.

use sqlx::SqliteConnection;

use super::Result;
use crate::ids::{AtelierId, Platform};

/// Which published objects: of one kind, on one platform, in one place there.
#[derive(Debug, Clone, Copy)]
pub struct Published<'a> {
    /// The platform.
    pub platform: Platform,
    /// What kind of object (`scheduled-event`).
    pub kind: &'a str,
    /// Where it lives on the platform (a Discord guild id).
    pub scope: &'a str,
}

/// The ids of every object published there for an atelier that still exists.
pub async fn ids(conn: &mut SqliteConnection, which: Published<'_>) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT object_id FROM published_objects WHERE platform = ? AND kind = ? AND scope = ?",
    )
    .bind(which.platform.as_str())
    .bind(which.kind)
    .bind(which.scope)
    .fetch_all(&mut *conn)
    .await?)
}

/// The object published for `atelier`, with the fingerprint of what it shows.
pub async fn of_atelier(
    conn: &mut SqliteConnection,
    which: Published<'_>,
    atelier: AtelierId,
) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT object_id, fingerprint FROM published_objects
         WHERE atelier_id = ? AND platform = ? AND kind = ? AND scope = ?",
    )
    .bind(atelier.0)
    .bind(which.platform.as_str())
    .bind(which.kind)
    .bind(which.scope)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Records (or replaces) the object published for `atelier`.
pub async fn record(
    conn: &mut SqliteConnection,
    which: Published<'_>,
    atelier: AtelierId,
    object_id: &str,
    fingerprint: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO published_objects (atelier_id, platform, kind, scope, object_id, fingerprint)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (atelier_id, platform, kind, scope) DO UPDATE
         SET object_id = excluded.object_id, fingerprint = excluded.fingerprint",
    )
    .bind(atelier.0)
    .bind(which.platform.as_str())
    .bind(which.kind)
    .bind(which.scope)
    .bind(object_id)
    .bind(fingerprint)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
