//! Test harness for the Matrix adapter against a real Synapse (`scripts/synapse.sh start`):
//! people are matrix-sdk clients that record every message they see; the bot runs in-process
//! on a fresh database and data folder, with a simulated clock.
#![allow(
    dead_code,
    reason = "each test file and the bench use some of the helpers"
)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bot::clock::{Clock, SimClock};
use bot::engine::Engine;
use bot::store::{self, Store};
use chrono::{DateTime, Utc};
use compagnon_matrix::{MatrixConfig, RoomLink, Running};
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::events::room::member::StrippedRoomMemberEvent;
use matrix_sdk::ruma::events::room::message::OriginalSyncRoomMessageEvent;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedUserId};
use matrix_sdk::{Client, Room};

/// The example cohort's name.
pub const COHORT: &str = "bvm-printemps-2027";

/// Where the test homeserver is and the test users' passwords, from `.synapse/env`.
pub struct Homeserver {
    pub url: String,
    pub server: String,
}

/// The homeserver from the environment; panics (fails the test) when it is missing, because
/// these tests are part of the suite, not optional extras.
pub fn homeserver() -> Homeserver {
    // `RUST_LOG=compagnon_matrix=debug` shows what the bot does.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
    let url = std::env::var("COMPAGNON_TEST_SYNAPSE_URL").unwrap_or_else(|_| {
        panic!(
            "COMPAGNON_TEST_SYNAPSE_URL is not set: the Matrix tests need a local Synapse. \
             Run `scripts/synapse.sh start` and `. .synapse/env` first (scripts/test.sh does both)"
        )
    });
    let server = std::env::var("COMPAGNON_TEST_SYNAPSE_SERVER").unwrap_or("localhost".into());
    Homeserver { url, server }
}

pub fn password_var(user: &str) -> String {
    format!(
        "COMPAGNON_TEST_SYNAPSE_PASSWORD_{}",
        user.to_ascii_uppercase()
    )
}

impl Homeserver {
    pub fn user_id(&self, name: &str) -> OwnedUserId {
        format!("@{name}:{}", self.server).try_into().unwrap()
    }
}

/// A message a person's client saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub room: OwnedRoomId,
    pub sender: OwnedUserId,
    pub event_id: OwnedEventId,
    pub msgtype: String,
    pub body: String,
    pub reply_to: Option<String>,
    /// The homeserver's timestamp, in ms since the epoch.
    pub server_ts: u64,
    /// When this client saw it.
    pub seen_at: std::time::Instant,
}

/// A person: a logged-in client syncing in the background, joining whatever they are invited
/// to, recording every message.
pub struct Person {
    pub client: Client,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Person {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Person {
    pub async fn login(hs: &Homeserver, name: &str) -> Person {
        let password = std::env::var(password_var(name))
            .unwrap_or_else(|_| panic!("{} is not set", password_var(name)));
        let client = Client::builder()
            .homeserver_url(&hs.url)
            .build()
            .await
            .unwrap();
        client
            .matrix_auth()
            .login_username(name, &password)
            .initial_device_display_name("compagnon tests")
            .send()
            .await
            .unwrap();
        // Only what happens from now on is recorded.
        client.sync_once(SyncSettings::default()).await.unwrap();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let record = seen.clone();
        client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
            let record = record.clone();
            async move {
                let content = serde_json::to_value(&ev.content).unwrap();
                let reply_to = content["m.relates_to"]["m.in_reply_to"]["event_id"]
                    .as_str()
                    .map(str::to_owned);
                record.lock().unwrap().push(Seen {
                    room: room.room_id().to_owned(),
                    sender: ev.sender.clone(),
                    event_id: ev.event_id.clone(),
                    msgtype: ev.content.msgtype().to_owned(),
                    body: ev.content.body().to_owned(),
                    reply_to,
                    server_ts: ev.origin_server_ts.get().into(),
                    seen_at: std::time::Instant::now(),
                });
            }
        });
        let me = client.user_id().unwrap().to_owned();
        client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
            let me = me.clone();
            async move {
                if ev.state_key == me {
                    tokio::spawn(async move {
                        for _ in 0..10 {
                            if room.join().await.is_ok() {
                                return;
                            }
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                    });
                }
            }
        });
        let c = client.clone();
        // `Client::sync` sleeps a second between two syncs less than a second apart, which
        // would be measured as bot latency: loop on `sync_once` instead, as the adapter does.
        let task = tokio::spawn(async move {
            let settings = SyncSettings::default().timeout(Duration::from_secs(10));
            loop {
                if c.sync_once(settings.clone()).await.is_err() {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        });
        Person { client, seen, task }
    }

    /// How many messages were seen so far: a mark to look after.
    pub fn mark(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// Waits until a message after `mark` matches.
    pub async fn wait_for(&self, mark: usize, what: &str, pred: impl Fn(&Seen) -> bool) -> Seen {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(s) = self.seen.lock().unwrap()[mark..].iter().find(|s| pred(s)) {
                return s.clone();
            }
            if tokio::time::Instant::now() > deadline {
                let seen = self.seen.lock().unwrap();
                panic!(
                    "timed out waiting for {what}; seen since mark: {:#?}",
                    &seen[mark..]
                );
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Waits up to `within` for a message after `mark` that matches; `None` if none came.
    pub async fn try_wait_for(
        &self,
        mark: usize,
        within: Duration,
        pred: impl Fn(&Seen) -> bool,
    ) -> Option<Seen> {
        let deadline = tokio::time::Instant::now() + within;
        while tokio::time::Instant::now() < deadline {
            if let Some(s) = self.seen.lock().unwrap()[mark..].iter().find(|s| pred(s)) {
                return Some(s.clone());
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        None
    }

    /// Sends a plain text message; returns its event id.
    pub async fn say(&self, room: &OwnedRoomId, text: &str) -> OwnedEventId {
        use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
        let room = self.client.get_room(room).expect("person is in the room");
        room.send(RoomMessageEventContent::text_plain(text))
            .await
            .unwrap()
            .response
            .event_id
    }

    /// Joins a room, retrying while the invitation travels.
    pub async fn join(&self, room: &OwnedRoomId) {
        for _ in 0..50 {
            if self.client.join_room_by_id(room).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("cannot join {room}");
    }
}

/// The bot's files: database and Matrix data folder, kept across restarts within a test.
pub struct BotHome {
    pub dir: tempfile::TempDir,
    pub clock: SimClock,
}

impl BotHome {
    /// A fresh home with the example cohort imported and the clock at `now`.
    pub async fn new(now: DateTime<Utc>) -> BotHome {
        let home = BotHome {
            dir: tempfile::tempdir().unwrap(),
            clock: SimClock::new(now),
        };
        let store = home.store().await;
        let programme = bot::files::read_programme(&example_programme())
            .unwrap()
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        store::import_programme(&mut tx, &programme, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        home
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("compagnon.db")
    }

    pub async fn store(&self) -> Store {
        Store::open(&self.db()).await.unwrap()
    }

    pub fn config(&self, hs: &Homeserver, rooms: &[OwnedRoomId]) -> MatrixConfig {
        MatrixConfig {
            homeserver: hs.url.clone(),
            user_id: hs.user_id("bot").to_string(),
            password_env: Some(password_var("bot")),
            password_file: None,
            access_token_env: None,
            device_name: "compagnon tests".into(),
            data_dir: self.dir.path().join("matrix"),
            facilitator_power_level: 50,
            rooms: rooms
                .iter()
                .map(|r| RoomLink {
                    room: r.to_string(),
                    cohort: COHORT.into(),
                })
                .collect(),
        }
    }

    /// Starts the bot on this home.
    pub async fn start(&self, hs: &Homeserver, rooms: &[OwnedRoomId]) -> Running {
        let clock: Arc<dyn Clock> = Arc::new(self.clock.clone());
        let engine =
            Engine::new(self.store().await, clock).with_data_dir(self.dir.path().join("data"));
        compagnon_matrix::start(self.config(hs, rooms), engine)
            .await
            .unwrap()
    }
}

/// The example programme, from the adapter's tests or from the root package's bench.
pub fn example_programme() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["examples", "../../examples"]
        .iter()
        .map(|d| here.join(d).join("bien-vivre-maintenant.toml"))
        .find(|p| p.exists())
        .expect("examples/bien-vivre-maintenant.toml")
}

/// Camille's new cohort room with the bot, Alice and Bruno invited; encrypted when asked.
pub async fn create_cohort_room(hs: &Homeserver, camille: &Person, encrypted: bool) -> OwnedRoomId {
    use matrix_sdk::ruma::api::client::room::create_room::v3::{Request, RoomPreset};
    use matrix_sdk::ruma::events::InitialStateEvent;
    use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
    let mut request = Request::new();
    request.name = Some("Cohorte BVM".into());
    request.preset = Some(RoomPreset::PrivateChat);
    request.invite = vec![hs.user_id("bot"), hs.user_id("alice"), hs.user_id("bruno")];
    if encrypted {
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(
                RoomEncryptionEventContent::with_recommended_defaults(),
            )
            .to_raw_any(),
        ];
    }
    camille
        .client
        .create_room(request)
        .await
        .unwrap()
        .room_id()
        .to_owned()
}

/// Waits until the bot has joined `room`.
pub async fn wait_joined(bot: &Running, room: &OwnedRoomId) {
    for _ in 0..300 {
        if let Some(r) = bot.client().get_room(room)
            && r.state() == matrix_sdk::RoomState::Joined
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the bot did not join {room}");
}

/// Waits until `person`'s client knows it is in `room`.
pub async fn wait_member(person: &Person, room: &OwnedRoomId) {
    for _ in 0..300 {
        if let Some(r) = person.client.get_room(room)
            && r.state() == matrix_sdk::RoomState::Joined
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not a member of {room}");
}

/// Waits until `person`'s client has seen `user` join `room`: an encrypted message is only
/// readable by the devices its sender knew about.
pub async fn wait_sees_joined(person: &Person, room: &OwnedRoomId, user: &OwnedUserId) {
    use matrix_sdk::ruma::events::room::member::MembershipState;
    wait_sees_membership(person, room, user, MembershipState::Join).await
}

/// Waits until `person`'s client has seen `user`'s membership in `room` become `state`.
pub async fn wait_sees_membership(
    person: &Person,
    room: &OwnedRoomId,
    user: &OwnedUserId,
    state: matrix_sdk::ruma::events::room::member::MembershipState,
) {
    for _ in 0..300 {
        if let Some(r) = person.client.get_room(room)
            && let Ok(Some(m)) = r.get_member_no_sync(user).await
            && *m.membership() == state
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{user} never seen as {state} in {room}");
}

/// A TCP relay to the homeserver that can be cut, to play a homeserver outage without touching
/// the shared Synapse.
pub struct Relay {
    pub url: String,
    up: Arc<std::sync::atomic::AtomicBool>,
    connections: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
        self.cut();
    }
}

impl Relay {
    pub async fn start(target_url: &str) -> Relay {
        let target = target_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let up = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let connections: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let task = {
            let (up, connections) = (up.clone(), connections.clone());
            tokio::spawn(async move {
                loop {
                    let Ok((mut inbound, _)) = listener.accept().await else {
                        continue;
                    };
                    if !up.load(std::sync::atomic::Ordering::SeqCst) {
                        continue; // dropped: connection refused, as far as the bot can tell
                    }
                    let target = target.clone();
                    let conn = tokio::spawn(async move {
                        if let Ok(mut out) = tokio::net::TcpStream::connect(&target).await {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                        }
                    });
                    connections.lock().unwrap().push(conn);
                }
            })
        };
        Relay {
            url,
            up,
            connections,
            task,
        }
    }

    /// Cuts every connection and refuses new ones.
    pub fn cut(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        for c in self.connections.lock().unwrap().drain(..) {
            c.abort();
        }
    }

    /// Lets connections through again.
    pub fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}
