//! The SQLite store, through sqlx: cohorts and their programme, members, rooms, jobs and the
//! outbox. One transaction per incoming event or fired job, so state and what must be said
//! change together or not at all.
//!
//! Query functions take a `&mut SqliteConnection` so the engine can compose them inside one
//! transaction; [`Store`] owns the pool and opens those transactions.

pub mod accounts;
pub mod atelier_changes;
pub mod attendance;
pub mod cohorts;
pub mod decisions;
pub mod effects;
pub mod evaluations;
pub mod extensions;
pub mod followup;
pub mod groups;
pub mod jobs;
pub mod members;
pub mod outbox;
pub mod overview;
pub mod personal_data;
pub mod polls;
pub mod preparation;
pub mod published;
pub mod reminders;
pub mod resources;
pub mod reviews;
pub mod submissions;
pub mod web;

pub use cohorts::{ImportReport, import_programme};
pub use jobs::{DueJob, JobKind, JobPayload, JobSource, JobState};
pub use outbox::{Destination, MessageExtra, NewOutboxMessage, OutboxMessage};

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value does not parse back (the file was edited by hand, or a bug).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// A programme would remove an atelier that already has submissions: nothing of the
    /// import was kept.
    #[error(
        "the programme removes atelier {atelier}, which already has {submissions} submission(s); \
         keep it in the programme (its deliverables must not be lost)"
    )]
    AtelierHasSubmissions {
        /// The atelier's number.
        atelier: u32,
        /// How many submissions it has.
        submissions: i64,
    },
}

/// A result of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The connection every query function takes, for callers outside the core (the binary's
/// exports) that do not depend on sqlx themselves.
pub type Connection = SqliteConnection;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// A handle on compagnon's database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// What the delivery passes last saw of the effects recorded (see `crate::effect`).
    delivery_effects: crate::effect::EffectsWatch,
}

impl Store {
    /// What the delivery passes last saw of the effects recorded.
    pub fn delivery_effects(&self) -> &crate::effect::EffectsWatch {
        &self.delivery_effects
    }

    /// Opens (creating if needed) the SQLite file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store> {
        // The database holds personal data: owner-only, like its WAL and shared-memory files,
        // which SQLite creates with the database file's permissions.
        let made = match crate::files::private::create_new(path) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                crate::files::private::restrict(path)
            }
            Err(e) => Err(e),
        };
        if let Err(e) = made {
            tracing::warn!(path = %path.display(), error = %e, "could not make the database owner-only");
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            // Erased rows (a poll's secret, a forgotten member) are overwritten, not left in
            // free pages.
            .pragma("secure_delete", "ON")
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a message acknowledged to a user ("vote enregistré") survives a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Store::from_pool(pool).await
    }

    /// Opens an in-process store on `url` (e.g. `sqlite::memory:`), for tools and benches.
    pub async fn open_url(url: &str) -> Result<Store> {
        let options = SqliteConnectOptions::from_str(url)?.foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Store::from_pool(pool).await
    }

    /// Wraps an existing pool (as `#[sqlx::test]` gives) and runs the migrations.
    pub async fn from_pool(pool: SqlitePool) -> Result<Store> {
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            delivery_effects: Default::default(),
        })
    }

    /// The underlying pool, for read-only queries.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// One connection from the pool, for reads outside a transaction.
    pub async fn connection(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>> {
        Ok(self.pool.acquire().await?)
    }

    /// Begins a write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so two
    /// writers never deadlock upgrading a read lock.
    pub async fn begin(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// An instant as stored: UTC unix seconds.
pub fn to_db_time(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// An instant read back from the store.
pub fn from_db_time(secs: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| StoreError::Corrupt(format!("instant {secs}")))
}

/// Opens savepoint `name` in the current transaction.
pub async fn savepoint(conn: &mut SqliteConnection, name: Savepoint) -> Result<()> {
    sqlx::query(name.sql_open()).execute(&mut *conn).await?;
    Ok(())
}

/// Keeps what was done since savepoint `name` and closes it.
pub async fn release(conn: &mut SqliteConnection, name: Savepoint) -> Result<()> {
    sqlx::query(name.sql_release()).execute(&mut *conn).await?;
    Ok(())
}

/// Undoes what was done since savepoint `name`; it stays open.
pub async fn rollback_to(conn: &mut SqliteConnection, name: Savepoint) -> Result<()> {
    sqlx::query(name.sql_rollback()).execute(&mut *conn).await?;
    Ok(())
}

/// The savepoints the engine uses: one per event of a batch, one per job of a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Savepoint {
    /// Around one event of a group commit.
    Event,
    /// Around one due job.
    Job,
}

impl Savepoint {
    fn sql_open(self) -> &'static str {
        match self {
            Savepoint::Event => "SAVEPOINT event",
            Savepoint::Job => "SAVEPOINT job",
        }
    }
    fn sql_release(self) -> &'static str {
        match self {
            Savepoint::Event => "RELEASE event",
            Savepoint::Job => "RELEASE job",
        }
    }
    fn sql_rollback(self) -> &'static str {
        match self {
            Savepoint::Event => "ROLLBACK TO event",
            Savepoint::Job => "ROLLBACK TO job",
        }
    }
}

/// Records that the platform event `key` was handled; `false` when it had been already.
pub async fn mark_handled(
    conn: &mut SqliteConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let fresh = sqlx::query(
        "INSERT INTO handled_events (event_key, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(key)
    .bind(to_db_time(now))
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    Ok(fresh)
}

/// Moves the write-ahead log into the database file and empties it.
pub async fn checkpoint(store: &Store) -> Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await?;
    Ok(())
}
