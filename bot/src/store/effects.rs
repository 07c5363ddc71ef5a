//! The `effects` table: effects recorded with the transaction that decided them, waiting to be
//! carried out after it commits (see [`crate::effect`]).

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{Result, StoreError, to_db_time};
use crate::effect::Effect;

/// Records `effect`, to be carried out once the current transaction has committed.
pub async fn record(
    conn: &mut SqliteConnection,
    effect: &Effect,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::effect::note_recorded();
    let (kind, path, prefix, bytes): (&str, String, Option<&str>, Option<&[u8]>) = match effect {
        Effect::WriteFile { path, bytes } => {
            ("write", path.display().to_string(), None, Some(bytes))
        }
        Effect::RemoveFile { path } => ("remove", path.display().to_string(), None, None),
        Effect::RemovePrefixed { dir, prefix } => (
            "remove-prefixed",
            dir.display().to_string(),
            Some(prefix.as_str()),
            None,
        ),
    };
    sqlx::query(
        "INSERT INTO effects (kind, path, prefix, bytes, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(kind)
    .bind(path)
    .bind(prefix)
    .bind(bytes)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A recorded effect and how many times carrying it out failed.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEffect {
    /// Its row.
    pub id: i64,
    /// What to do.
    pub effect: Effect,
    /// Failed attempts so far.
    pub attempts: i64,
}

/// Every effect waiting, oldest first (the order they were decided in).
pub async fn pending(conn: &mut SqliteConnection) -> Result<Vec<PendingEffect>> {
    let rows =
        sqlx::query("SELECT id, kind, path, prefix, bytes, attempts FROM effects ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let path: String = row.try_get("path")?;
            let effect = match kind.as_str() {
                "write" => Effect::WriteFile {
                    path: path.into(),
                    bytes: row
                        .try_get::<Option<Vec<u8>>, _>("bytes")?
                        .unwrap_or_default(),
                },
                "remove" => Effect::RemoveFile { path: path.into() },
                "remove-prefixed" => Effect::RemovePrefixed {
                    dir: path.into(),
                    prefix: row
                        .try_get::<Option<String>, _>("prefix")?
                        .unwrap_or_default(),
                },
                other => return Err(StoreError::Corrupt(format!("effect kind {other}"))),
            };
            Ok(PendingEffect {
                id: row.try_get("id")?,
                effect,
                attempts: row.try_get("attempts")?,
            })
        })
        .collect()
}

/// Forgets effects carried out (or given up on).
pub async fn done(conn: &mut SqliteConnection, ids: &[i64]) -> Result<()> {
    for id in ids {
        sqlx::query("DELETE FROM effects WHERE id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Counts a failed attempt at an effect.
pub async fn failed(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    sqlx::query("UPDATE effects SET attempts = attempts + 1 WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
