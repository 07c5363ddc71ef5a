//! A fake Discord with one cohort channel, and the adapter connected to it on a fresh database
//! with a simulated clock and the example programme imported.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bot::clock::SimClock;
use bot::engine::Engine;
use bot::store::{self, Store};
use chrono::{DateTime, Utc};
use compagnon_discord::{ChannelLink, Discord, DiscordConfig};
use discord_fake::{ChannelSpec, FakeDiscord, GuildSpec, RestCall, RoleSpec, Scenario, UserSpec};
use serenity::all::Permissions;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const APP: u64 = 700_000_000_000_000_001;
pub const BOT: u64 = 700_000_000_000_000_002;
pub const DANA: u64 = 700_000_000_000_000_009;
pub const CAMILLE: u64 = 700_000_000_000_000_010;
pub const ALICE: u64 = 700_000_000_000_000_011;
pub const BRUNO: u64 = 700_000_000_000_000_012;
pub const GUILD: u64 = 700_000_000_000_000_100;
pub const FACILITATOR: u64 = 700_000_000_000_000_101;
pub const COHORTE: u64 = 700_000_000_000_000_110;

pub const WAIT: Duration = Duration::from_secs(15);
pub const COHORT: &str = "bvm-printemps-2027";

/// Camille facilitates (by role, she does not own the guild), Alice (English client) and Bruno
/// take part; Dana owns the guild. `closed_dms` closes Bruno's DMs.
pub fn scenario(bruno_dms_closed: bool) -> Scenario {
    let mut bruno = UserSpec::new(BRUNO, "bruno")
        .global_name("Bruno")
        .locale("fr");
    if bruno_dms_closed {
        bruno = bruno.dms_closed();
    }
    Scenario::new(APP, "Compagnon", BOT, "compagnon")
        .user(UserSpec::new(DANA, "dana").locale("fr"))
        .user(
            UserSpec::new(CAMILLE, "camille")
                .global_name("Camille")
                .locale("fr"),
        )
        .user(
            UserSpec::new(ALICE, "alice")
                .global_name("Alice")
                .locale("en-US"),
        )
        .user(bruno)
        .guild(
            GuildSpec::new(GUILD, "Bien-Vivre Maintenant")
                .owner(DANA)
                .role(
                    RoleSpec::new(FACILITATOR, "Facilitateur")
                        .permissions(Permissions::MANAGE_MESSAGES),
                )
                .channel(ChannelSpec::text(COHORTE, "cohorte"))
                .member(DANA, &[])
                .member(CAMILLE, &[FACILITATOR])
                .member(ALICE, &[])
                .member(BRUNO, &[]),
        )
}

/// 1 February 2027, 09:00 in Paris: ten days before the first atelier.
pub fn start_instant() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-02-01T09:00:00+01:00")
        .unwrap()
        .with_timezone(&Utc)
}

pub struct Bot {
    pub fake: FakeDiscord,
    pub engine: Engine,
    pub sim: SimClock,
    pub dir: tempfile::TempDir,
    unknown: Arc<Mutex<Vec<String>>>,
    running: Option<(oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>)>,
    /// How many sessions the fake has seen become live so far.
    sessions: usize,
    /// Re-publishing interval of scheduled events; the adapter's default when `None`.
    pub event_sync: Option<Duration>,
    /// Whether the configuration links the cohort channel (read at each `connect`).
    pub link_channel: bool,
}

impl Bot {
    pub async fn start() -> Self {
        Self::start_with(scenario(false)).await
    }

    pub async fn start_with(scenario: Scenario) -> Self {
        Self::start_opts(scenario, None).await
    }

    /// Re-publishes scheduled events every `every` (the default, ten minutes, is too long).
    pub async fn start_syncing_events(every: Duration) -> Self {
        Self::start_opts(scenario(false), Some(every)).await
    }

    async fn start_opts(scenario: Scenario, event_sync: Option<Duration>) -> Self {
        let fake = FakeDiscord::start(scenario).await;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("bot.db")).await.unwrap();
        let sim = SimClock::new(start_instant());
        let programme = bot::files::read_programme(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/bien-vivre-maintenant.toml"
        )))
        .unwrap()
        .unwrap();
        let mut tx = store.begin().await.unwrap();
        store::import_programme(&mut tx, &programme, sim.clone().now_utc())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let engine =
            Engine::new(store, Arc::new(sim.clone())).with_data_dir(dir.path().join("data"));
        std::fs::write(dir.path().join("token"), "fake.bot.token\n").unwrap();
        let mut bot = Bot {
            fake,
            engine,
            sim,
            dir,
            unknown: Arc::new(Mutex::new(Vec::new())),
            running: None,
            sessions: 0,
            event_sync,
            link_channel: true,
        };
        bot.connect().await;
        bot
    }

    pub fn config(&self) -> DiscordConfig {
        let mut c = DiscordConfig::with_token_env("COMPAGNON_TEST_NO_SUCH_VARIABLE");
        c.token_file = Some(self.dir.path().join("token"));
        if self.link_channel {
            c.channels = vec![ChannelLink {
                channel: COHORTE.to_string(),
                cohort: COHORT.into(),
                facilitator_role: None,
            }];
        }
        c.api_base = Some(self.fake.base_url());
        c.gateway_url = Some(self.fake.ws_url());
        c
    }

    /// Starts the adapter and waits until its session is live and the guild is known.
    pub async fn connect(&mut self) {
        let (guard, unknown) = discord_fake::unknown_event_guard();
        let (stop, stopped) = oneshot::channel::<()>();
        let mut adapter = Discord::new(self.config(), self.engine.clone())
            .tick(Duration::from_millis(100))
            .raw_event_handler(guard);
        if let Some(every) = self.event_sync {
            adapter = adapter.event_sync(every);
        }
        let task = tokio::spawn(adapter.run(async move {
            let _ = stopped.await;
        }));
        self.running = Some((stop, task));
        self.sessions += 1;
        assert!(
            self.fake.wait_for_session(self.sessions, WAIT).await,
            "the adapter never connected"
        );
        let n = self.sessions;
        self.fake
            .wait_for_nth_frame(
                |f| !f.from_bot && f.t.as_deref() == Some("GUILD_CREATE"),
                n,
                WAIT,
            )
            .await
            .expect("GUILD_CREATE");
        // Slash commands are registered on READY, in the guild then (DMs only) globally; wait
        // so tests can inject them.
        self.fake
            .wait_for_nth_call(
                |c| c.is("PUT", &format!("/applications/{APP}/commands")),
                n,
                WAIT,
            )
            .await
            .expect("slash commands registered");
        self.unknown_check();
        self.unknown = unknown;
    }

    fn unknown_check(&self) {
        let unknown = self.unknown.lock().unwrap().clone();
        assert!(
            unknown.is_empty(),
            "serenity saw unknown events: {unknown:#?}"
        );
    }

    /// Stops the adapter (gateway, scheduler, drain) and waits for it.
    pub async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            tokio::time::timeout(WAIT, task)
                .await
                .expect("the adapter stopped in time")
                .unwrap()
                .expect("the adapter ran without error");
        }
    }

    /// Stops, then checks nothing went unnoticed on the way.
    pub async fn finish(mut self) {
        self.stop().await;
        self.unknown_check();
        let invalid = self.fake.invalid_dispatches();
        assert!(invalid.is_empty(), "unparsable dispatches: {invalid:#?}");
        let missing = self.fake.unknown_routes();
        assert!(
            missing.is_empty(),
            "routes missing from the fake: {missing:#?}"
        );
    }

    /// Successful `POST /channels/{channel}/messages` calls so far.
    pub fn posts(&self, channel: u64) -> Vec<RestCall> {
        let path = format!("/channels/{channel}/messages");
        self.fake
            .rest_calls()
            .into_iter()
            .filter(|c| c.is("POST", &path) && c.status == 200)
            .collect()
    }

    /// Waits for a successful post in `channel` whose content contains `needle`.
    pub async fn wait_post(&self, channel: u64, needle: &str) -> RestCall {
        let path = format!("/channels/{channel}/messages");
        self.fake
            .wait_for_call(
                |c| {
                    c.is("POST", &path)
                        && c.status == 200
                        && c.body_str("/content").is_some_and(|t| t.contains(needle))
                },
                WAIT,
            )
            .await
            .unwrap_or_else(|| {
                let seen: Vec<_> = self
                    .posts(channel)
                    .iter()
                    .map(|c| c.body_str("/content").unwrap_or("").to_owned())
                    .collect();
                panic!("no post containing {needle:?} in {channel}; posts: {seen:#?}")
            })
    }

    /// A user posts in the cohort channel.
    pub fn say(&self, user: u64, text: &str) -> u64 {
        self.fake.send_message(COHORTE, user, text, vec![])
    }
}

/// Reads a SimClock's instant (the trait is in `bot::clock`).
trait NowUtc {
    fn now_utc(self) -> DateTime<Utc>;
}

impl NowUtc for SimClock {
    fn now_utc(self) -> DateTime<Utc> {
        use bot::clock::Clock;
        self.now()
    }
}
