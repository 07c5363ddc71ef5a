//! The fake's mutable world: stored messages, files, commands, interactions, gateway sessions.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;

use crate::json;
use crate::record::{GatewayFrame, Log, RestCall, lock};
use crate::scenario::{ChannelSpec, GuildSpec, Scenario, UserSpec};

/// What the server tasks and the `FakeDiscord` handle share.
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) rest_log: Log<RestCall>,
    pub(crate) gateway_log: Log<GatewayFrame>,
    pub(crate) base_url: String,
    pub(crate) ws_url: String,
    /// Set to `true` on shutdown; the server and every connection task watch it.
    pub(crate) stop: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

/// A file (attachment) as the fake stores and serves it.
#[derive(Clone, Debug)]
pub struct FakeFile {
    /// File name.
    pub filename: String,
    /// MIME type.
    pub content_type: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// The size announced in the attachment's metadata, when it should differ from the
    /// content's (a file too big to bother sending whole in a test).
    pub announced_size: Option<u64>,
}

impl FakeFile {
    /// A file from its name, MIME type and bytes.
    pub fn new(filename: &str, content_type: &str, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            filename: filename.to_owned(),
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
            announced_size: None,
        }
    }

    /// The same file, announced at `size` bytes whatever its content.
    pub fn announced_as(mut self, size: u64) -> Self {
        self.announced_size = Some(size);
        self
    }
}

/// An interaction the fake sent, and what the bot did with it.
#[derive(Clone, Debug)]
pub(crate) struct InteractionRecord {
    pub(crate) id: u64,
    /// Interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit.
    pub(crate) kind: u8,
    pub(crate) token: String,
    pub(crate) channel_id: u64,
    pub(crate) created: Instant,
    pub(crate) acknowledged: bool,
    /// The message `@original` designates: the response, or the clicked message.
    pub(crate) original_message: Option<u64>,
    /// `custom_id` of a modal the bot opened in answer.
    pub(crate) modal_custom_id: Option<String>,
    /// The message carrying the clicked component.
    pub(crate) source_message: Option<u64>,
    /// `interaction_metadata` of messages created in answer (Discord nests the opener's
    /// metadata in a modal submit's, and serenity requires it).
    pub(crate) metadata: Value,
}

/// Decides from `(method, path after /api/v10)` whether a fault applies.
pub(crate) type RequestMatcher = Box<dyn Fn(&str, &str) -> bool + Send>;

/// A scripted REST failure.
pub(crate) struct RestFault {
    pub(crate) matches: RequestMatcher,
    pub(crate) status: u16,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// A channel id resolved against the scenario.
/// A thread in a guild channel.
#[derive(Debug, Clone)]
pub struct Thread {
    /// The channel it was opened in.
    pub parent: u64,
    /// Its name.
    pub name: String,
    /// Private (type 12) or public (11).
    pub private: bool,
    /// The users added to it.
    pub members: std::collections::BTreeSet<u64>,
}

pub(crate) enum ChannelRef<'a> {
    Guild(&'a GuildSpec, &'a ChannelSpec),
    Dm(&'a UserSpec),
}

pub(crate) struct State {
    pub(crate) scenario: Scenario,
    next_id: u64,
    pub(crate) messages: BTreeMap<u64, Value>,
    pub(crate) nonces: HashMap<(u64, String), u64>,
    pub(crate) dm_channels: HashMap<u64, u64>,
    /// Threads created by the bot: thread id → (parent channel, name, members).
    pub(crate) threads: BTreeMap<u64, Thread>,
    pub(crate) files: HashMap<u64, FakeFile>,
    pub(crate) global_commands: Vec<Value>,
    pub(crate) guild_commands: HashMap<u64, Vec<Value>>,
    pub(crate) scheduled_events: BTreeMap<u64, Value>,
    pub(crate) interactions: HashMap<u64, InteractionRecord>,
    pub(crate) poll_votes: HashMap<u64, BTreeMap<u64, BTreeSet<u64>>>,
    pub(crate) rest_faults: Vec<RestFault>,
    pub(crate) gateway: GatewayState,
    pub(crate) invalid_dispatches: Vec<String>,
}

/// Gateway sessions and the connection currently receiving dispatches.
#[derive(Default)]
pub(crate) struct GatewayState {
    pub(crate) sessions: HashMap<String, Session>,
    pub(crate) live: Option<Live>,
    /// Dispatches injected while no connection was live, delivered at the next READY/RESUMED.
    pub(crate) pending: Vec<(String, Value)>,
    pub(crate) next_connection: u64,
    pub(crate) next_session: u64,
    /// Connections whose heartbeats the fake no longer acknowledges.
    pub(crate) silent: HashSet<u64>,
    /// Dispatches the bot's intents filtered out, as Discord would.
    pub(crate) dropped: Vec<(String, Value)>,
}

pub(crate) struct Session {
    pub(crate) seq: u64,
    pub(crate) intents: u64,
    /// Sent dispatches, replayed on RESUME after the bot's last seen sequence.
    pub(crate) log: Vec<(u64, Value)>,
}

pub(crate) struct Live {
    pub(crate) connection: u64,
    pub(crate) session_id: String,
    pub(crate) tx: UnboundedSender<Outbound>,
}

/// What a connection task writes to its socket.
#[derive(Debug)]
pub(crate) enum Outbound {
    Frame(Value),
    Close(u16, String),
}

impl State {
    pub(crate) fn new(mut scenario: Scenario) -> Self {
        let mut next_id = 1_400_000_000_000_000_000;
        for g in &mut scenario.guilds {
            if g.bot_role_id.is_none() {
                next_id += 1;
                g.bot_role_id = Some(next_id);
            }
        }
        Self {
            scenario,
            next_id,
            messages: BTreeMap::new(),
            nonces: HashMap::new(),
            dm_channels: HashMap::new(),
            threads: BTreeMap::new(),
            files: HashMap::new(),
            global_commands: Vec::new(),
            guild_commands: HashMap::new(),
            scheduled_events: BTreeMap::new(),
            interactions: HashMap::new(),
            poll_votes: HashMap::new(),
            rest_faults: Vec::new(),
            gateway: GatewayState::default(),
            invalid_dispatches: Vec::new(),
        }
    }

    /// A fresh snowflake, increasing so that ids sort by creation like Discord's.
    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The DM channel with a user, created on first use (Discord keeps one per user).
    pub(crate) fn dm_channel(&mut self, user_id: u64) -> u64 {
        if let Some(id) = self.dm_channels.get(&user_id) {
            return *id;
        }
        let id = self.next_id();
        self.dm_channels.insert(user_id, id);
        id
    }

    pub(crate) fn resolve_channel(&self, channel_id: u64) -> Option<ChannelRef<'_>> {
        if let Some((g, c)) = self.scenario.find_channel(channel_id) {
            return Some(ChannelRef::Guild(g, c));
        }
        // A thread is posted in with the permissions of its channel.
        if let Some(t) = self.threads.get(&channel_id) {
            return self
                .scenario
                .find_channel(t.parent)
                .map(|(g, c)| ChannelRef::Guild(g, c));
        }
        let user = self.dm_channels.iter().find(|(_, c)| **c == channel_id)?.0;
        self.scenario.find_user(*user).map(ChannelRef::Dm)
    }

    pub(crate) fn guild_of(&self, channel_id: u64) -> Option<u64> {
        let channel = self
            .threads
            .get(&channel_id)
            .map_or(channel_id, |t| t.parent);
        self.scenario.find_channel(channel).map(|(g, _)| g.id)
    }

    /// Stores files and returns their attachment objects, URLs pointing at the fake.
    pub(crate) fn store_files(
        &mut self,
        base_url: &str,
        files: Vec<FakeFile>,
        descriptions: &[Option<String>],
    ) -> Vec<Value> {
        let mut out = Vec::new();
        for (i, f) in files.into_iter().enumerate() {
            let id = self.next_id();
            let url = format!("{base_url}/attachments/{id}/{}", url_safe(&f.filename));
            out.push(json!({
                "id": json::id(id),
                "filename": f.filename,
                "description": descriptions.get(i).cloned().flatten(),
                "content_type": f.content_type,
                "size": f.announced_size.unwrap_or(f.bytes.len() as u64),
                "url": url,
                "proxy_url": url,
                "height": null,
                "width": null,
            }));
            self.files.insert(id, f);
        }
        out
    }

    /// Builds and stores a message from a create-message body (bot) or injected content.
    pub(crate) fn create_message(&mut self, new: NewMessage<'_>) -> Value {
        let id = self.next_id();
        let body = new.body;
        let content = body
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let author = self
            .scenario
            .find_user(new.author_id)
            .map(json::user)
            .unwrap_or(Value::Null);
        let (mentions, mention_roles) = self.mentions(&content);
        let mut msg = json!({
            "id": json::id(id),
            "channel_id": json::id(new.channel_id),
            "author": author,
            "content": content,
            "timestamp": json::now(),
            "edited_timestamp": null,
            "tts": body.get("tts").and_then(Value::as_bool).unwrap_or(false),
            "mention_everyone": content.contains("@everyone"),
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": new.attachments,
            "embeds": body.get("embeds").cloned().unwrap_or_else(|| json!([])),
            "components": body.get("components").cloned().unwrap_or_else(|| json!([])),
            "reactions": [],
            "pinned": false,
            "type": new.kind,
            "flags": body.get("flags").cloned().unwrap_or_else(|| json!(0)),
        });
        if let Some(guild_id) = self.guild_of(new.channel_id) {
            msg["guild_id"] = json::id(guild_id);
        }
        if let Some(nonce) = body.get("nonce") {
            msg["nonce"] = nonce.clone();
        }
        if let Some(reference) = body.get("message_reference").filter(|r| r.is_object()) {
            let mut reference = reference.clone();
            if reference.get("channel_id").is_none_or(Value::is_null) {
                reference["channel_id"] = json::id(new.channel_id);
            }
            msg["message_reference"] = reference;
            msg["type"] = json!(19);
        }
        if let Some(poll) = body.get("poll").filter(|p| p.is_object()) {
            msg["poll"] = poll_from_request(poll);
        }
        if let Some(app) = new.application_id {
            msg["application_id"] = json::id(app);
            msg["webhook_id"] = json::id(app);
        }
        self.messages.insert(id, msg.clone());
        msg
    }

    /// Users and roles mentioned as `<@id>`, `<@!id>` and `<@&id>`.
    fn mentions(&self, content: &str) -> (Vec<Value>, Vec<Value>) {
        let (mut users, mut roles) = (Vec::new(), Vec::new());
        for part in content.split("<@").skip(1) {
            let Some(end) = part.find('>') else { continue };
            let inner = &part[..end];
            if let Some(role) = inner.strip_prefix('&') {
                if let Ok(id) = role.parse::<u64>() {
                    roles.push(json::id(id));
                }
            } else if let Ok(id) = inner.trim_start_matches('!').parse::<u64>()
                && let Some(u) = self.scenario.find_user(id)
            {
                users.push(json::user(u));
            }
        }
        (users, roles)
    }

    /// A stored message as MESSAGE_CREATE/UPDATE carry it: plus the author's guild member.
    pub(crate) fn gateway_message(&self, msg: &Value) -> Value {
        let mut d = msg.clone();
        let author = msg["author"]["id"]
            .as_str()
            .and_then(|a| a.parse::<u64>().ok());
        let guild = msg["guild_id"]
            .as_str()
            .and_then(|g| g.parse::<u64>().ok())
            .and_then(|g| self.scenario.find_guild(g));
        if let (Some(g), Some(a)) = (guild, author) {
            d["member"] = json::member(&self.scenario, g, a, false, None);
        }
        d
    }

    /// Applies an edit body to a stored message and returns the new message.
    pub(crate) fn edit_message(
        &mut self,
        message_id: u64,
        body: &Value,
        new_attachments: Vec<Value>,
    ) -> Option<Value> {
        let msg = self.messages.get_mut(&message_id)?;
        for field in ["content", "embeds", "components", "flags"] {
            if let Some(v) = body.get(field) {
                msg[field] = if v.is_null() && field != "content" {
                    json!([])
                } else {
                    v.clone()
                };
            }
        }
        if let Some(kept) = body.get("attachments").and_then(Value::as_array) {
            // An edit lists the attachments to keep by id; new files come as multipart parts.
            let kept_ids: Vec<&Value> = kept.iter().filter_map(|a| a.get("id")).collect();
            let old = msg["attachments"].as_array().cloned().unwrap_or_default();
            let mut next: Vec<Value> = old
                .into_iter()
                .filter(|a| kept_ids.contains(&&a["id"]))
                .collect();
            next.extend(new_attachments);
            msg["attachments"] = Value::Array(next);
        } else if !new_attachments.is_empty() {
            let mut all = msg["attachments"].as_array().cloned().unwrap_or_default();
            all.extend(new_attachments);
            msg["attachments"] = Value::Array(all);
        }
        msg["edited_timestamp"] = json!(json::now());
        Some(msg.clone())
    }

    /// Recomputes a poll's `answer_counts` from the votes.
    pub(crate) fn refresh_poll(&mut self, message_id: u64, finalize: bool) {
        let votes = self
            .poll_votes
            .get(&message_id)
            .cloned()
            .unwrap_or_default();
        let bot = self.scenario.bot.id;
        let Some(poll) = self
            .messages
            .get_mut(&message_id)
            .and_then(|m| m.get_mut("poll"))
        else {
            return;
        };
        let counts: Vec<Value> = votes
            .iter()
            .filter(|(_, voters)| !voters.is_empty())
            .map(|(answer, voters)| {
                json!({ "id": answer, "count": voters.len(), "me_voted": voters.contains(&bot) })
            })
            .collect();
        let finalized = finalize || poll["results"]["is_finalized"].as_bool().unwrap_or(false);
        poll["results"] = json!({ "is_finalized": finalized, "answer_counts": counts });
    }
}

/// Inputs of [`State::create_message`].
pub(crate) struct NewMessage<'a> {
    pub(crate) channel_id: u64,
    pub(crate) author_id: u64,
    pub(crate) body: &'a Value,
    pub(crate) attachments: Vec<Value>,
    /// Message type: 0 default, 19 reply, 20 slash-command response.
    pub(crate) kind: u8,
    /// Set for messages created through an interaction webhook.
    pub(crate) application_id: Option<u64>,
}

/// A request's `poll` (question, answers, duration in hours) as the created message shows it.
fn poll_from_request(poll: &Value) -> Value {
    let answers: Vec<Value> = poll["answers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, a)| json!({ "answer_id": i + 1, "poll_media": a["poll_media"].clone() }))
        .collect();
    let hours = poll["duration"].as_u64().unwrap_or(24);
    let expiry = serenity::all::Timestamp::from_unix_timestamp(
        serenity::all::Timestamp::now().unix_timestamp() + i64::try_from(hours * 3600).unwrap_or(0),
    )
    .map(|t| t.to_string())
    .ok();
    json!({
        "question": poll["question"].clone(),
        "answers": answers,
        "expiry": expiry,
        "allow_multiselect": poll["allow_multiselect"].as_bool().unwrap_or(false),
        "layout_type": poll["layout_type"].as_u64().unwrap_or(1),
        "results": { "is_finalized": false, "answer_counts": [] },
    })
}

/// File names go into URL paths; Discord also replaces unusual characters there.
fn url_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
