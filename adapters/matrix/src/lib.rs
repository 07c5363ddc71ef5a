//! The Matrix adapter: the bot in Matrix rooms and direct messages, end-to-end encrypted,
//! through matrix-sdk.
//!
//! [`start`] logs in (or restores the saved session), links the configured rooms, then runs two
//! loops: the sync loop turns room messages into `bot::engine::Event`s and answers invitations;
//! the delivery loop fires the scheduler's due jobs and drains the outbox through
//! [`MatrixSink`], every second and right after each handled event.

mod config;
mod deliver;
pub mod doctor;
mod latency;
mod room_events;
mod session;
mod spaces;
mod sync;

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bot::engine::{Engine, Event};
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

    /// Every event handed to the engine from now on, attachments already downloaded.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
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
    let mut running = start(config, engine).await?;
    tokio::pin!(shutdown);
    // The sync and delivery loops never end on their own: one that does has died, and a bot
    // that stays up without it would be deaf or mute. Say so and stop.
    let died = tokio::select! {
        () = &mut shutdown => return running.stop().await,
        r = &mut running.sync_task => ("sync", r),
        r = &mut running.delivery_task => ("delivery", r),
    };
    running.shared.stopping.store(true, Ordering::SeqCst);
    running.sync_task.abort();
    running.delivery_task.abort();
    let _ = running.stop.send(true);
    match died {
        (task, Err(e)) => bail!("the Matrix {task} task died: {e}"),
        (task, Ok(())) => bail!("the Matrix {task} task stopped unexpectedly"),
    }
}

/// Connects, links the configured rooms and starts the sync and delivery loops.
pub async fn start(config: MatrixConfig, engine: Engine) -> Result<Running> {
    let client = session::connect(&config).await?;
    let own_user = client
        .user_id()
        .context("the Matrix client has no user")?
        .to_owned();
    link_rooms(&engine, &config.rooms).await?;
    tracing::info!(
        user = %own_user,
        device = %client.device_id().map(|d| d.to_string()).unwrap_or_default(),
        rooms = config.rooms.len(),
        "connected to Matrix"
    );

    let shared = shared_state(&config, &engine, own_user);
    client.add_event_handler_context(shared.clone());
    sync::add_invite_handler(&client);

    let token_path = config.data_dir.join(SYNC_TOKEN_FILE);
    let token = resume_token(&client, &token_path).await?;
    // Only now: the first sync above must not hand the rooms' history to the engine.
    sync::add_message_handler(&client);
    room_events::add_handlers(&client);
    sync::add_undecryptable_handler(&client);

    let sync_task = tokio::spawn(sync_loop(client.clone(), token_path, token));
    let (stop, stop_rx) = watch::channel(false);
    let sink = MatrixSink::with_polls(client.clone(), engine.store().clone(), shared.polls.clone())
        .with_probe(shared.probe.clone());
    let delivery_task = tokio::spawn(bot::runner::run(
        engine,
        Platform::Matrix,
        Arc::new(sink),
        Arc::clone(&shared.wake),
        bot::runner::Pace {
            tick: TICK,
            batch: BATCH,
        },
        stop_rx,
    ));
    Ok(Running {
        client,
        shared,
        sync_task,
        delivery_task,
        stop,
    })
}

/// The state the event handlers share with the adapter.
fn shared_state(
    config: &MatrixConfig,
    engine: &Engine,
    own_user: matrix_sdk::ruma::OwnedUserId,
) -> Arc<Shared> {
    let (tap, _) = broadcast::channel(1024);
    Arc::new(Shared {
        engine: engine.clone(),
        own_user,
        facilitator_power_level: config.facilitator_power_level,
        configured_rooms: config
            .rooms
            .iter()
            .map(|r| r.room.clone())
            .collect::<HashSet<_>>(),
        wake: Arc::new(tokio::sync::Notify::new()),
        tap,
        in_flight: Default::default(),
        stopping: Default::default(),
        polls: Default::default(),
        probe: Default::default(),
        join_times: Default::default(),
    })
}

/// The sync token to resume from: the one saved at `token_path`, else the SDK's, else the
/// token after a first sync whose events are not answered.
async fn resume_token(client: &Client, token_path: &std::path::Path) -> Result<String> {
    // A data folder from before the token file: resume from the SDK's own token once.
    let sdk_token = match client
        .state_store()
        .get_kv_data(StateStoreDataKey::SyncToken)
        .await
    {
        Ok(Some(StateStoreDataValue::SyncToken(t))) => Some(t),
        _ => None,
    };
    if let Some(token) = read_sync_token(token_path)?.or(sdk_token) {
        return Ok(token);
    }
    // The very first sync brings the rooms' recent history: state to learn, not
    // commands to answer. Later starts resume from the saved token, so messages
    // written while the bot was down are answered.
    let first = client
        .sync_once(SyncSettings::default())
        .await
        .context("first sync with the homeserver failed")?;
    save_sync_token(token_path, &first.next_batch)?;
    Ok(first.next_batch)
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

/// Events of one room a sync may bring at once. Synapse's default, 10, would drop the commands
/// of a busy room written while the bot was restarting: after a restart the bot catches up on
/// this many per room.
const CATCH_UP_EVENTS: u32 = 500;

/// The sync filter: room timelines of up to [`CATCH_UP_EVENTS`] events.
fn catch_up_filter() -> matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter {
    let mut definition = matrix_sdk::ruma::api::client::filter::FilterDefinition::default();
    definition.room.timeline.limit = Some(CATCH_UP_EVENTS.into());
    matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter::FilterDefinition(definition)
}

/// The file holding the sync token up to which every event has been handled.
const SYNC_TOKEN_FILE: &str = "sync-token";

/// Syncs forever from the last token whose events were all handled.
///
/// The SDK saves its own token as soon as a response arrives, before the handlers run: a crash
/// in between would lose the batch. This loop passes its own token instead, and saves the next
/// one only after `sync_once` has returned, that is after every handler of the batch has run.
/// A crash replays the batch; `handled_events` makes the replay change nothing twice.
async fn sync_loop(client: Client, token_path: std::path::PathBuf, mut token: String) {
    let settings = SyncSettings::default()
        .timeout(SYNC_TIMEOUT)
        .filter(catch_up_filter());
    let mut backoff = Duration::from_secs(1);
    loop {
        // A room just joined comes with a trimmed ("limited") timeline: only rooms the bot was
        // already in can have had events it missed.
        let joined_before: std::collections::HashSet<_> = client
            .joined_rooms()
            .iter()
            .map(|r| r.room_id().to_owned())
            .collect();
        let once =
            std::panic::AssertUnwindSafe(client.sync_once(settings.clone().token(token.clone())));
        let result = match futures_util::FutureExt::catch_unwind(once).await {
            Ok(result) => result,
            Err(_) => {
                // A handler panicked on this batch. Replaying it would panic again and leave
                // the bot deaf: skip to the token the SDK saved after it, and say so loudly.
                tracing::error!("a Matrix event handler panicked; the batch is skipped");
                if let Ok(Some(StateStoreDataValue::SyncToken(t))) = client
                    .state_store()
                    .get_kv_data(StateStoreDataKey::SyncToken)
                    .await
                {
                    token = t;
                }
                continue;
            }
        };
        match result {
            Ok(response) => {
                backoff = Duration::from_secs(1);
                for (room, update) in &response.rooms.joined {
                    if update.timeline.limited && joined_before.contains(room) {
                        tracing::warn!(
                            room = %room,
                            "more than {CATCH_UP_EVENTS} events came while the bot was away; \
                             the older ones are not answered"
                        );
                    }
                }
                if let Err(e) = save_sync_token(&token_path, &response.next_batch) {
                    tracing::error!(error = %format!("{e:#}"), "cannot save the sync token; the batch may be replayed");
                }
                token = response.next_batch;
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in_s = backoff.as_secs(), "Matrix sync failed");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(60));
            }
        }
    }
}

fn read_sync_token(path: &std::path::Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_owned())),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes the token durably: temporary file, sync, rename.
fn save_sync_token(path: &std::path::Path, token: &str) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut file = bot::files::private::create(&tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(token.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
