//! A protocol-level fake Discord for tests: REST under `/api/v10` and the gateway WebSocket,
//! served on `127.0.0.1` so that an unmodified serenity 0.12.5 client connects to it.
//!
//! ```no_run
//! # async fn demo() {
//! use discord_fake::{ChannelSpec, FakeDiscord, GuildSpec, Scenario, UserSpec};
//! let scenario = Scenario::new(900, "Compagnon", 901, "compagnon")
//!     .user(UserSpec::new(10, "alice").locale("fr"))
//!     .guild(GuildSpec::new(100, "Cohorte").channel(ChannelSpec::text(110, "général")).member(10, &[]));
//! let fake = FakeDiscord::start(scenario).await;
//! let http = fake.http("token"); // proxied to the fake, rate limiter off
//! # let _ = http;
//! # }
//! ```
//!
//! Point serenity at it with [`FakeDiscord::http`] and `ClientBuilder::new_with_http`; the
//! client then learns the gateway URL from `GET /api/v10/gateway`. Inject what people do with
//! the helpers in [`inject`], script faults with [`faults`], and read what the bot did with
//! [`FakeDiscord::rest_calls`] / [`FakeDiscord::wait_for_call`].

#![recursion_limit = "256"]

pub mod faults;
mod gateway;
mod guard;
pub mod inject;
mod json;
mod options;
mod record;
mod rest;
mod rest_guilds;
mod rest_interactions;
mod scenario;
mod state;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use guard::{UnknownEventGuard, unknown_event_guard};
pub use inject::InteractionHandle;
pub use options::{CommandOption, OptionValue};
pub use record::{GatewayFrame, RecordedFile, RestCall};
pub use scenario::{
    ChannelKind, ChannelSpec, GuildSpec, MemberSpec, Overwrite, RoleSpec, Scenario, UserSpec,
};
pub use state::{FakeFile, Thread};

use crate::record::Log;
use crate::state::{Shared, State};

/// A running fake Discord. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeDiscord {
    shared: Arc<Shared>,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl FakeDiscord {
    /// Binds `127.0.0.1:0` and serves the scenario.
    ///
    /// # Panics
    ///
    /// If no local port can be bound.
    pub async fn start(scenario: Scenario) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0 for the fake Discord");
        let port = listener
            .local_addr()
            .expect("local address of the fake Discord")
            .port();
        let (stop, mut stopped) = watch::channel(false);
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(scenario)),
            rest_log: Log::new(),
            gateway_log: Log::new(),
            base_url: format!("http://127.0.0.1:{port}"),
            ws_url: format!("ws://127.0.0.1:{port}/gateway"),
            stop,
        });
        let app = rest::router(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.wait_for(|s| *s).await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!("fake Discord server stopped: {e}");
            }
        });
        Self {
            shared,
            server: Some(server),
        }
    }

    /// `http://127.0.0.1:PORT`, the base to give `HttpBuilder::proxy`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// `ws://127.0.0.1:PORT/gateway`, what `GET /api/v10/gateway` returns.
    pub fn ws_url(&self) -> String {
        self.shared.ws_url.clone()
    }

    /// A serenity `Http` that talks to the fake: proxied base, rate limiter off (with the rate
    /// limiter on, serenity ignores the proxy and calls discord.com).
    pub fn http(&self, token: &str) -> serenity::http::Http {
        serenity::http::HttpBuilder::new(token)
            .proxy(self.base_url())
            .ratelimiter_disabled(true)
            .build()
    }

    /// The scenario as served, including the generated ids of the bot's managed roles.
    pub fn scenario(&self) -> Scenario {
        self.shared.state().scenario.clone()
    }

    /// Stops the server and closes every gateway connection.
    pub async fn shutdown(mut self) {
        let _ = self.shared.stop.send(true);
        if let Some(server) = self.server.take()
            && tokio::time::timeout(Duration::from_secs(2), server)
                .await
                .is_err()
        {
            tracing::warn!("fake Discord did not stop within 2 s");
        }
    }

    /// Every REST call so far, in order.
    pub fn rest_calls(&self) -> Vec<RestCall> {
        self.shared.rest_log.snapshot()
    }

    /// Waits for a REST call matching `pred` (past calls count), up to `timeout`.
    pub async fn wait_for_call(
        &self,
        pred: impl Fn(&RestCall) -> bool,
        timeout: Duration,
    ) -> Option<RestCall> {
        self.shared.rest_log.wait_for(pred, timeout).await
    }

    /// Waits until `n` REST calls match `pred` and returns the `n`-th.
    pub async fn wait_for_nth_call(
        &self,
        pred: impl Fn(&RestCall) -> bool,
        n: usize,
        timeout: Duration,
    ) -> Option<RestCall> {
        self.shared.rest_log.wait_for_nth(pred, n, timeout).await
    }

    /// Calls to routes the fake does not implement (404 with code 0), so tests can spot them.
    pub fn unknown_routes(&self) -> Vec<RestCall> {
        self.rest_calls()
            .into_iter()
            .filter(|c| c.status == 404 && c.response.as_ref().is_some_and(|r| r["code"] == 0))
            .collect()
    }

    /// Every gateway frame so far, both directions.
    pub fn gateway_frames(&self) -> Vec<GatewayFrame> {
        self.shared.gateway_log.snapshot()
    }

    /// Waits for a gateway frame matching `pred` (past frames count).
    pub async fn wait_for_frame(
        &self,
        pred: impl Fn(&GatewayFrame) -> bool,
        timeout: Duration,
    ) -> Option<GatewayFrame> {
        self.shared.gateway_log.wait_for(pred, timeout).await
    }

    /// Waits until `n` gateway frames match `pred` and returns the `n`-th.
    pub async fn wait_for_nth_frame(
        &self,
        pred: impl Fn(&GatewayFrame) -> bool,
        n: usize,
        timeout: Duration,
    ) -> Option<GatewayFrame> {
        self.shared.gateway_log.wait_for_nth(pred, n, timeout).await
    }

    /// Waits until the fake has sent its `n`-th READY or RESUMED (a session became live).
    pub async fn wait_for_session(&self, n: usize, timeout: Duration) -> bool {
        let live =
            |f: &GatewayFrame| !f.from_bot && matches!(f.t.as_deref(), Some("READY" | "RESUMED"));
        self.shared
            .gateway_log
            .wait_for_nth(live, n, timeout)
            .await
            .is_some()
    }

    /// Dispatches the fake built that serenity 0.12.5 would not parse (a bug in the fake).
    pub fn invalid_dispatches(&self) -> Vec<String> {
        self.shared.state().invalid_dispatches.clone()
    }

    /// Dispatches not sent because the bot's intents exclude them, as `(t, d)`.
    pub fn dropped_dispatches(&self) -> Vec<(String, Value)> {
        self.shared.state().gateway.dropped.clone()
    }

    /// A stored message (sent by the bot or injected).
    pub fn message(&self, id: u64) -> Option<Value> {
        self.shared.state().messages.get(&id).cloned()
    }

    /// Messages of a channel, oldest first.
    pub fn messages_in(&self, channel_id: u64) -> Vec<Value> {
        let id = json::id(channel_id);
        let st = self.shared.state();
        st.messages
            .values()
            .filter(|m| m["channel_id"] == id)
            .cloned()
            .collect()
    }

    /// Registered application commands: global (`None`) or of a guild.
    pub fn commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        let st = self.shared.state();
        match guild_id {
            None => st.global_commands.clone(),
            Some(g) => st.guild_commands.get(&g).cloned().unwrap_or_default(),
        }
    }

    /// The threads created so far: (id, thread).
    pub fn threads(&self) -> Vec<(u64, state::Thread)> {
        self.shared
            .state()
            .threads
            .iter()
            .map(|(id, t)| (*id, t.clone()))
            .collect()
    }

    /// Stored scheduled events, all guilds.
    pub fn scheduled_events(&self) -> Vec<Value> {
        self.shared
            .state()
            .scheduled_events
            .values()
            .cloned()
            .collect()
    }

    /// The id of the DM channel between the bot and a user (created if needed).
    pub fn dm_channel(&self, user_id: u64) -> u64 {
        self.shared.state().dm_channel(user_id)
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        let _ = self.shared.stop.send(true);
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
