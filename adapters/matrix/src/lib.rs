//! The Matrix adapter: the bot in Matrix rooms and direct messages, end-to-end encrypted,
//! through matrix-sdk.
//!
//! [`start`] logs in (or restores the saved session), links the configured rooms, then runs two
//! loops: the sync loop turns room messages into `bot::engine::Event`s and answers invitations;
//! the delivery loop fires the scheduler's due jobs and drains the outbox through
//! [`MatrixSink`], every second and right after each handled event.

mod config;
mod deliver;
mod session;
mod sync;

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bot::dispatch::deliver_pending;
use bot::engine::{Engine, IncomingMessage};
use bot::ids::{Platform, RoomRef};
use bot::store;
use matrix_sdk::Client;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

pub use config::{Credentials, MatrixConfig, RoomLink, Secret};
pub use deliver::MatrixSink;
use sync::Shared;

/// How long a sync request waits on the homeserver for something new. A stop does not wait for
/// it: an idle long poll is simply dropped.
const SYNC_TIMEOUT: Duration = Duration::from_secs(30);
/// How often due jobs are looked for when nothing else wakes the delivery loop.
const TICK: Duration = Duration::from_secs(1);
/// Outbox rows and due jobs taken per pass.
const BATCH: i64 = 1000;

/// A running Matrix adapter.
#[derive(Debug)]
pub struct Running {
    client: Client,
    shared: Arc<Shared>,
    sync_task: JoinHandle<()>,
    delivery_task: JoinHandle<()>,
    stop: watch::Sender<bool>,
}

impl Running {
    /// The bot's device id: the same across restarts on the same data folder.
    pub fn device_id(&self) -> String {
        self.client
            .device_id()
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// The logged-in client, for tools and tests that look at what the bot sees.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Every message handed to the engine from now on, attachments already downloaded.
    pub fn subscribe(&self) -> broadcast::Receiver<IncomingMessage> {
        self.shared.tap.subscribe()
    }

    /// Runs the delivery loop now (fire due jobs, drain the outbox) instead of at its next tick.
    pub fn wake(&self) {
        self.shared.wake.notify_one();
    }

    /// Stops cleanly: no new event is taken, the ones being handled finish, the outbox is
    /// drained one last time.
    ///
    /// matrix-sdk saves a sync response's token before it runs the handlers for its events, so
    /// a stop (or a crash) in the few milliseconds between the two would skip those events;
    /// a stop during the idle long poll, the usual case, loses nothing.
    pub async fn stop(self) -> Result<()> {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Handlers run after the sync token of their response was saved: let them finish, or
        // the events they hold would not come again.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while self.shared.in_flight.load(Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.sync_task.abort();
        let _ = self.sync_task.await;
        let _ = self.stop.send(true);
        self.delivery_task
            .await
            .context("the delivery loop panicked")?;
        Ok(())
    }
}

/// Runs the adapter until `shutdown` completes, then stops cleanly.
pub async fn run(
    config: MatrixConfig,
    engine: Engine,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let running = start(config, engine).await?;
    shutdown.await;
    running.stop().await
}

/// Connects, links the configured rooms and starts the sync and delivery loops.
pub async fn start(config: MatrixConfig, engine: Engine) -> Result<Running> {
    let client = session::connect(&config).await?;
    let own_user = client
        .user_id()
        .context("the Matrix client has no user")?
        .to_owned();
    link_rooms(&engine, &config.rooms).await?;

    let (tap, _) = broadcast::channel(1024);
    let shared = Arc::new(Shared {
        engine: engine.clone(),
        own_user,
        facilitator_power_level: config.facilitator_power_level,
        configured_rooms: config
            .rooms
            .iter()
            .map(|r| r.room.clone())
            .collect::<HashSet<_>>(),
        wake: tokio::sync::Notify::new(),
        tap,
        in_flight: Default::default(),
        stopping: Default::default(),
        polls: Default::default(),
    });
    client.add_event_handler_context(shared.clone());
    sync::add_invite_handler(&client);

    let resumed = matches!(
        client
            .state_store()
            .get_kv_data(StateStoreDataKey::SyncToken)
            .await,
        Ok(Some(StateStoreDataValue::SyncToken(_)))
    );
    if !resumed {
        // The very first sync brings the rooms' recent history: state to learn, not commands
        // to answer. Later starts resume from the saved token, so messages written while the
        // bot was down are answered.
        client
            .sync_once(SyncSettings::default())
            .await
            .context("first sync with the homeserver failed")?;
    }
    sync::add_message_handler(&client);
    sync::add_poll_response_handler(&client);
    sync::add_undecryptable_handler(&client);

    let sync_task = tokio::spawn(sync_loop(client.clone()));
    let (stop, stop_rx) = watch::channel(false);
    let sink = MatrixSink::with_polls(client.clone(), engine.store().clone(), shared.polls.clone());
    let delivery_task = tokio::spawn(delivery_loop(engine, sink, shared.clone(), stop_rx));
    Ok(Running {
        client,
        shared,
        sync_task,
        delivery_task,
        stop,
    })
}

/// Links the configured rooms to their cohorts, which must exist (imported programmes).
async fn link_rooms(engine: &Engine, rooms: &[RoomLink]) -> Result<()> {
    if rooms.is_empty() {
        return Ok(());
    }
    let mut tx = engine.store().begin().await?;
    for link in rooms {
        let Some(cohort) = store::cohorts::cohort_by_name(&mut tx, &link.cohort).await? else {
            bail!(
                "[matrix] room {} names cohort {:?}, which is not in the database \
                 (import its programme first)",
                link.room,
                link.cohort
            );
        };
        let room = RoomRef::new(Platform::Matrix, link.room.as_str());
        store::cohorts::link_room(&mut tx, &room, cohort.id, engine.now()).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn sync_loop(client: Client) {
    let settings = SyncSettings::default().timeout(SYNC_TIMEOUT);
    let mut backoff = Duration::from_secs(1);
    loop {
        match client.sync_once(settings.clone()).await {
            Ok(_) => backoff = Duration::from_secs(1),
            Err(e) => {
                tracing::warn!(error = %e, retry_in_s = backoff.as_secs(), "Matrix sync failed");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(60));
            }
        }
    }
}

async fn delivery_loop(
    engine: Engine,
    sink: MatrixSink,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if let Err(e) = engine.fire_due_jobs(BATCH).await {
            tracing::error!(error = %e, "firing due jobs failed");
        }
        match deliver_pending(engine.store(), Platform::Matrix, &sink, BATCH, || {
            engine.now()
        })
        .await
        {
            Ok(r) if r.failed > 0 => tracing::warn!(failed = r.failed, "some messages wait"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "delivering the outbox failed"),
        }
        if *stop.borrow() {
            return;
        }
        tokio::select! {
            _ = shared.wake.notified() => {}
            _ = tokio::time::sleep(TICK) => {}
            _ = stop.changed() => {}
        }
    }
}
