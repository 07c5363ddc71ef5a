//! The Discord adapter: a serenity gateway client that turns messages, slash commands and
//! component clicks into `bot::engine::Event`s, and delivers the outbox to Discord.
//!
//! It decides nothing: every slash command and every click becomes the text command a person
//! could have typed (`/atelier atelier:3` → `!atelier 3`, a poll button → `!vote #1 2`), handled
//! by the engine like any message. Beside the gateway client run the scheduler (due jobs) and
//! the outbox drain; interaction answers are delivered at once as the interaction's response.

mod commands;
mod config;
mod deliver;
pub mod doctor;
mod events;
mod handler;
mod interactions;
mod polls;
mod spaces;
mod text;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use anyhow::{Context as _, Result};
use bot::engine::Engine;
use bot::ids::{Platform, RoomRef};
use bot::store;
use serenity::all::{ChannelId, ClientBuilder, GatewayIntents, Http, HttpBuilder, RawEventHandler};
use tokio::sync::{Notify, watch};

pub use commands::all_commands;
pub use config::{ChannelLink, DiscordConfig, Token};
pub use polls::Click;

/// Outbox rows delivered per pass.
const DRAIN_BATCH: i64 = 100;

/// A judgment ballot being filled in: the grade index chosen for each option so far.
pub(crate) type Ballot = Vec<Option<usize>>;

/// State shared by the gateway handler, the scheduler and the outbox drain.
pub(crate) struct Shared {
    engine: Engine,
    config: DiscordConfig,
    http: OnceLock<Arc<Http>>,
    /// Event ids of interactions being answered: their outbox rows go out as the interaction's
    /// response, so the drain leaves them alone meanwhile.
    in_flight: Mutex<HashSet<String>>,
    dm_channels: Mutex<HashMap<u64, ChannelId>>,
    /// People already told in their channel that their DMs are closed, this run.
    dms_closed_told: Mutex<HashSet<String>>,
    /// Judgment ballots being filled in: (user, poll) → grade index per option.
    drafts: Mutex<HashMap<(u64, u32), Ballot>>,
    /// Wakes the drain when new rows are likely.
    wake: Arc<Notify>,
    /// Held while scheduled events are published: READY (each reconnection) and the periodic
    /// re-sync could otherwise both create the event of a new atelier.
    event_sync: tokio::sync::Mutex<()>,
    /// The bot's own user, known from READY: its scheduled events are the ones it may delete.
    bot_user: OnceLock<serenity::all::UserId>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").finish_non_exhaustive()
    }
}

impl Shared {
    fn http(&self) -> &Arc<Http> {
        self.http
            .get()
            .expect("the HTTP client is set before the client starts")
    }
}

/// Whether an outbox row was written while handling the Discord event `event_id`: its replies
/// (`in_reply_to`, or a key derived from the event, which private replies carry) and the
/// notice of an internal error.
pub(crate) fn answers_event(row: &bot::store::OutboxMessage, event_id: &str) -> bool {
    if row.in_reply_to.as_deref() == Some(event_id) {
        return true;
    }
    let platform = Platform::Discord.as_str();
    row.key
        .strip_prefix(&format!("reply:{platform}:{event_id}:"))
        .is_some_and(|i| i.bytes().all(|b| b.is_ascii_digit()))
        || row.key == format!("error:{platform}:{event_id}")
}

/// Locks a mutex, ignoring poisoning: the data are caches and sets that stay consistent.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The adapter, configured; [`Discord::run`] starts it.
pub struct Discord {
    config: DiscordConfig,
    engine: Engine,
    tick: Duration,
    event_sync: Duration,
    raw: Option<Arc<dyn RawEventHandler>>,
}

/// How often ateliers are re-published as scheduled events by default: a programme edited with
/// `compagnon programme import` shows on Discord within this delay, for one REST call per
/// linked channel when nothing changed (unchanged ateliers are compared by fingerprint).
pub const EVENT_SYNC_INTERVAL: Duration = Duration::from_secs(10 * 60);

impl std::fmt::Debug for Discord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Discord")
            .field("config", &self.config)
            .field("tick", &self.tick)
            .field("event_sync", &self.event_sync)
            .finish_non_exhaustive()
    }
}

/// Runs the adapter until `shutdown` completes.
pub async fn run(
    config: DiscordConfig,
    engine: Engine,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<()> {
    Discord::new(config, engine).run(shutdown).await
}

impl Discord {
    /// An adapter for `engine`, configured by `config`.
    pub fn new(config: DiscordConfig, engine: Engine) -> Self {
        Discord {
            config,
            engine,
            tick: Duration::from_secs(5),
            event_sync: EVENT_SYNC_INTERVAL,
            raw: None,
        }
    }

    /// How often due jobs are fired and the outbox drained when nothing wakes it (default 5 s;
    /// tests moving a simulated clock use less).
    #[must_use]
    pub fn tick(mut self, tick: Duration) -> Self {
        self.tick = tick;
        self
    }

    /// How often ateliers are re-published as scheduled events, besides on each READY
    /// (default [`EVENT_SYNC_INTERVAL`]).
    #[must_use]
    pub fn event_sync(mut self, every: Duration) -> Self {
        self.event_sync = every;
        self
    }

    /// Also passes every gateway event to `handler` (tests use it to fail on events serenity
    /// could not parse).
    #[must_use]
    pub fn raw_event_handler(mut self, handler: impl RawEventHandler + 'static) -> Self {
        self.raw = Some(Arc::new(handler));
        self
    }

    /// Links the configured channels, connects, and runs until `shutdown` completes; then stops
    /// the gateway client, the scheduler and the drain.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> Result<()> {
        let token = self.config.token()?;
        link_channels(&self.engine, &self.config).await?;
        let http = match &self.config.api_base {
            // serenity only honours the proxy with the rate limiter off (tests only).
            Some(base) => HttpBuilder::new(token.expose())
                .proxy(base)
                .ratelimiter_disabled(true)
                .build(),
            None => HttpBuilder::new(token.expose()).build(),
        };
        let intents = GatewayIntents::GUILDS
            | GatewayIntents::GUILD_MESSAGES
            | GatewayIntents::DIRECT_MESSAGES
            | GatewayIntents::MESSAGE_CONTENT;
        let shared = Arc::new(Shared {
            engine: self.engine.clone(),
            config: self.config.clone(),
            http: OnceLock::new(),
            in_flight: Mutex::new(HashSet::new()),
            dm_channels: Mutex::new(HashMap::new()),
            dms_closed_told: Mutex::new(HashSet::new()),
            drafts: Mutex::new(HashMap::new()),
            wake: Arc::new(Notify::new()),
            event_sync: tokio::sync::Mutex::new(()),
            bot_user: OnceLock::new(),
        });
        let mut client = ClientBuilder::new_with_http(http, intents)
            .event_handler(handler::Handler::new(Arc::clone(&shared)))
            .raw_event_handler(handler::Raw::new(self.raw))
            .await
            .context("building the Discord client")?;
        if let Some(url) = &self.config.gateway_url {
            *client.ws_url.lock().await = url.clone();
        }
        let _ = shared.http.set(Arc::clone(&client.http));
        let shards = Arc::clone(&client.shard_manager);
        let mut gateway = tokio::spawn(async move { client.start().await });
        let (stop, stopped) = watch::channel(false);
        let runner = tokio::spawn(bot::runner::run(
            self.engine.clone(),
            Platform::Discord,
            Arc::clone(&shared),
            Arc::clone(&shared.wake),
            bot::runner::Pace {
                tick: self.tick,
                batch: DRAIN_BATCH,
            },
            stopped.clone(),
        ));
        let events = tokio::spawn(events_loop(Arc::clone(&shared), self.event_sync, stopped));
        let outcome = tokio::select! {
            () = shutdown => Ok(()),
            r = &mut gateway => match r {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(anyhow::Error::new(e).context("the Discord gateway client stopped")),
                Err(e) => Err(anyhow::Error::new(e).context("the Discord gateway task failed")),
            },
        };
        let _ = stop.send(true);
        shards.shutdown_all().await;
        for task in [runner, events] {
            if tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .is_err()
            {
                tracing::warn!("a Discord background task did not stop within 10 s");
            }
        }
        if !gateway.is_finished()
            && tokio::time::timeout(Duration::from_secs(5), &mut gateway)
                .await
                .is_err()
        {
            gateway.abort();
        }
        outcome
    }
}

/// Links each configured channel to its cohort (idempotent).
async fn link_channels(engine: &Engine, config: &DiscordConfig) -> Result<()> {
    let store = engine.store();
    let mut tx = store.begin().await?;
    for link in &config.channels {
        let cohort = store::cohorts::cohort_by_name(&mut tx, &link.cohort)
            .await?
            .with_context(|| {
                format!(
                    "[discord] channel {} names cohort {:?}, which is not imported",
                    link.channel, link.cohort
                )
            })?;
        let room = RoomRef::new(Platform::Discord, link.channel.as_str());
        store::cohorts::link_room(&mut tx, &room, cohort.id, engine.now()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Re-publishes the ateliers as scheduled events every `every`, so that an edited programme
/// reaches Discord without a restart, and at once when an atelier is moved or cancelled in
/// chat (on any platform). The first pass is READY's.
async fn events_loop(shared: Arc<Shared>, every: Duration, mut stopped: watch::Receiver<bool>) {
    let changed = shared.engine.ateliers_changed();
    loop {
        tokio::select! {
            _ = stopped.changed() => return,
            () = tokio::time::sleep(every) => {}
            () = changed.notified() => {}
        }
        if let Err(e) = events::sync(&shared).await {
            tracing::warn!(error = %e, "re-publishing scheduled events failed; next try later");
        }
    }
}
