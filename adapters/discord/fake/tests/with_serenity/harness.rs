//! A serenity client connected to a fake Discord, forwarding what its handler sees to the test.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use discord_fake::{ChannelSpec, FakeDiscord, GuildSpec, RoleSpec, Scenario, UserSpec};
use serenity::all::{
    ClientBuilder, Context, EventHandler, GatewayIntents, Guild, Interaction, Message,
    MessagePollVoteAddEvent, Permissions, Ready, ResumedEvent, ShardManager,
};
use serenity::async_trait;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

pub const APP: u64 = 900_000_000_000_000_001;
pub const BOT: u64 = 900_000_000_000_000_002;
pub const ALICE: u64 = 900_000_000_000_000_010;
pub const BOB: u64 = 900_000_000_000_000_011;
pub const CLAIRE: u64 = 900_000_000_000_000_012;
pub const GUILD: u64 = 900_000_000_000_000_100;
pub const FACILITATOR: u64 = 900_000_000_000_000_101;
pub const GENERAL: u64 = 900_000_000_000_000_110;
pub const STAFF: u64 = 900_000_000_000_000_111;

pub const WAIT: Duration = Duration::from_secs(10);

/// One cohort: Claire facilitates, Alice and Bob take part, Bob has closed his DMs.
pub fn scenario() -> Scenario {
    Scenario::new(APP, "Compagnon", BOT, "compagnon")
        .user(
            UserSpec::new(CLAIRE, "claire")
                .global_name("Claire")
                .locale("fr"),
        )
        .user(UserSpec::new(ALICE, "alice").locale("fr"))
        .user(UserSpec::new(BOB, "bob").locale("en-US").dms_closed())
        .guild(
            GuildSpec::new(GUILD, "Cohorte 2025")
                .owner(CLAIRE)
                .role(
                    RoleSpec::new(FACILITATOR, "Facilitateur")
                        .permissions(Permissions::MANAGE_MESSAGES | Permissions::MANAGE_EVENTS)
                        .color(0x3498db),
                )
                .channel(ChannelSpec::text(GENERAL, "général").topic("Discussions"))
                .channel(
                    ChannelSpec::text(STAFF, "facilitateurs")
                        .role_overwrite(GUILD, Permissions::empty(), Permissions::VIEW_CHANNEL)
                        .role_overwrite(
                            FACILITATOR,
                            Permissions::VIEW_CHANNEL,
                            Permissions::empty(),
                        ),
                )
                .member(CLAIRE, &[FACILITATOR])
                .member(ALICE, &[])
                .member(BOB, &[]),
        )
}

pub fn intents() -> GatewayIntents {
    GatewayIntents::non_privileged() | GatewayIntents::MESSAGE_CONTENT
}

/// What the bot's handler saw, with the context to act on it.
#[allow(dead_code, reason = "tests read the fields they need")]
pub enum Seen {
    Ready(Context, Box<Ready>),
    Guild(Context, Box<Guild>),
    Message(Context, Box<Message>),
    Interaction(Context, Box<Interaction>),
    PollVote(Context, MessagePollVoteAddEvent),
    Resumed,
}

struct Forward(UnboundedSender<Seen>);

#[async_trait]
impl EventHandler for Forward {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.0.send(Seen::Ready(ctx, Box::new(ready)));
    }
    async fn guild_create(&self, ctx: Context, guild: Guild, _is_new: Option<bool>) {
        let _ = self.0.send(Seen::Guild(ctx, Box::new(guild)));
    }
    async fn message(&self, ctx: Context, msg: Message) {
        let _ = self.0.send(Seen::Message(ctx, Box::new(msg)));
    }
    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _ = self.0.send(Seen::Interaction(ctx, Box::new(interaction)));
    }
    async fn poll_vote_add(&self, ctx: Context, event: MessagePollVoteAddEvent) {
        let _ = self.0.send(Seen::PollVote(ctx, event));
    }
    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        let _ = self.0.send(Seen::Resumed);
    }
}

/// A fake Discord and a serenity client connected to it.
pub struct Harness {
    pub fake: FakeDiscord,
    pub rx: UnboundedReceiver<Seen>,
    pub unknown: Arc<Mutex<Vec<String>>>,
    pub shards: Arc<ShardManager>,
    client: tokio::task::JoinHandle<()>,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(scenario(), intents()).await
    }

    pub async fn start_with(scenario: Scenario, intents: GatewayIntents) -> Self {
        let fake = FakeDiscord::start(scenario).await;
        let (tx, rx) = unbounded_channel();
        let (guard, unknown) = discord_fake::unknown_event_guard();
        let mut client = ClientBuilder::new_with_http(fake.http("fake.bot.token"), intents)
            .event_handler(Forward(tx))
            .raw_event_handler(guard)
            .await
            .expect("build serenity client");
        *client.ws_url.lock().await = fake.ws_url();
        let shards = Arc::clone(&client.shard_manager);
        let client = tokio::spawn(async move {
            if let Err(e) = client.start().await {
                eprintln!("serenity client stopped: {e}");
            }
        });
        Self {
            fake,
            rx,
            unknown,
            shards,
            client,
        }
    }

    /// The next event matching `pred`, skipping others.
    pub async fn next(&mut self, mut pred: impl FnMut(&Seen) -> bool) -> Seen {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let seen = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .expect("timed out waiting for an event")
                .expect("client gone");
            if pred(&seen) {
                return seen;
            }
        }
    }

    /// The next message from someone other than the bot.
    pub async fn next_message(&mut self) -> (Context, Message) {
        match self
            .next(|s| matches!(s, Seen::Message(_, m) if m.author.id.get() != BOT))
            .await
        {
            Seen::Message(ctx, m) => (ctx, *m),
            _ => unreachable!(),
        }
    }

    pub async fn next_interaction(&mut self) -> (Context, Interaction) {
        match self.next(|s| matches!(s, Seen::Interaction(..))).await {
            Seen::Interaction(ctx, i) => (ctx, *i),
            _ => unreachable!(),
        }
    }

    /// Waits for READY and the guild, returns a context.
    pub async fn connected(&mut self) -> Context {
        self.next(|s| matches!(s, Seen::Ready(..))).await;
        match self.next(|s| matches!(s, Seen::Guild(..))).await {
            Seen::Guild(ctx, _) => ctx,
            _ => unreachable!(),
        }
    }

    /// Stops the client, then checks nothing was lost on the way: no `Event::Unknown`, no
    /// dispatch serenity could not parse, no route the fake does not serve.
    pub async fn finish(self) {
        self.shards.shutdown_all().await;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.client).await;
        let unknown = self.unknown.lock().unwrap().clone();
        assert!(
            unknown.is_empty(),
            "serenity saw unknown events: {unknown:#?}"
        );
        let invalid = self.fake.invalid_dispatches();
        assert!(
            invalid.is_empty(),
            "the fake sent unparsable dispatches: {invalid:#?}"
        );
        let missing = self.fake.unknown_routes();
        assert!(
            missing.is_empty(),
            "routes missing from the fake: {missing:#?}"
        );
        self.fake.shutdown().await;
    }
}
