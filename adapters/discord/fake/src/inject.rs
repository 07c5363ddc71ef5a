//! Helpers that inject what a person does: each builds a complete dispatch and sends it.
//!
//! The helpers panic on ids the scenario does not know: that is a mistake in the test, and a
//! panic names it where it was made.

use std::time::Instant;

use serde_json::{Map, Value, json};
use serenity::all::Permissions;

use crate::FakeDiscord;
use crate::gateway::dispatch;
use crate::json;
use crate::options::{CommandOption, Resolved, option_json};
use crate::record::RestCall;
use crate::scenario::UserSpec;
use crate::state::{ChannelRef, FakeFile, InteractionRecord, NewMessage, State};

/// Discord's default upload limit for a guild without boosts (10 MiB).
const ATTACHMENT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

/// An interaction the fake sent: find the bot's answer with it.
#[derive(Clone, Debug)]
pub struct InteractionHandle {
    /// Interaction id.
    pub id: u64,
    /// Interaction token (also the webhook token of follow-ups).
    pub token: String,
    /// Application id (in webhook paths).
    pub application_id: u64,
}

impl InteractionHandle {
    /// Whether `call` is this interaction's `POST /interactions/{id}/{token}/callback`.
    pub fn is_callback(&self, call: &RestCall) -> bool {
        call.is(
            "POST",
            &format!("/interactions/{}/{}/callback", self.id, self.token),
        )
    }

    /// Whether `call` goes to this interaction's webhook (follow-ups, `@original` edits).
    pub fn is_webhook(&self, call: &RestCall) -> bool {
        call.api_path()
            .starts_with(&format!("/webhooks/{}/{}", self.application_id, self.token))
    }
}

/// Who acts where, for [`interaction`].
struct Origin<'a> {
    /// Interaction type.
    kind: u8,
    channel_id: u64,
    user_id: u64,
    /// Overrides the user's locale.
    locale: Option<&'a str>,
    /// The message carrying the component.
    message: Option<u64>,
    /// Metadata of the interaction that opened the submitted modal.
    opener: Option<Value>,
}

/// Fields every interaction carries, for a user in a channel (guild channel or DM).
fn interaction(st: &mut State, origin: Origin<'_>, data: Value) -> (InteractionHandle, Value) {
    let id = st.next_id();
    let token = format!("fake-interaction-token-{id}");
    let (kind, channel_id, message) = (origin.kind, origin.channel_id, origin.message);
    let (mut v, metadata) = interaction_payload(st, id, &token, origin, data);
    if let Some(m) = message {
        v["message"] = st
            .messages
            .get(&m)
            .cloned()
            .unwrap_or_else(|| panic!("unknown message {m}"));
    }
    let handle = InteractionHandle {
        id,
        token: token.clone(),
        application_id: st.scenario.application_id,
    };
    st.interactions.insert(
        id,
        InteractionRecord {
            id,
            kind,
            token,
            channel_id,
            created: Instant::now(),
            acknowledged: false,
            original_message: message,
            modal_custom_id: None,
            source_message: message,
            metadata,
        },
    );
    (handle, v)
}

/// The interaction as the gateway sends it (without the message it comes from), and the
/// metadata that messages answering it quote.
fn interaction_payload(
    st: &State,
    id: u64,
    token: &str,
    origin: Origin<'_>,
    data: Value,
) -> (Value, Value) {
    let s = &st.scenario;
    let user = s
        .find_user(origin.user_id)
        .unwrap_or_else(|| panic!("unknown user {}", origin.user_id));
    let locale = origin
        .locale
        .map_or_else(|| user.locale.clone(), str::to_owned);
    let mut v = json!({
        "id": json::id(id),
        "application_id": json::id(s.application_id),
        "type": origin.kind,
        "data": data,
        "channel_id": json::id(origin.channel_id),
        "token": token,
        "version": 1,
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    });
    add_place(st, &mut v, origin.channel_id, user);
    let mut metadata = json!({
        "id": json::id(id),
        "type": origin.kind,
        "user": json::user(user),
        "authorizing_integration_owners": v["authorizing_integration_owners"].clone(),
    });
    // Only component interactions (type 3) name the message they were clicked on.
    if let Some(m) = origin.message.filter(|_| origin.kind == 3) {
        metadata["interacted_message_id"] = json::id(m);
    }
    if let Some(opener) = origin.opener {
        metadata["triggering_interaction_metadata"] = opener;
    }
    (v, metadata)
}

/// The fields that depend on where `user` acts: in a guild channel, the guild, the member and
/// their permissions there; in a DM, the user and the few permissions a bot has in one.
fn add_place(st: &State, v: &mut Value, channel_id: u64, user: &UserSpec) {
    let s = &st.scenario;
    match st.resolve_channel(channel_id) {
        Some(ChannelRef::Guild(g, ch)) => {
            let user_perms = s.permissions(g, Some(ch), user.id);
            v["guild_id"] = json::id(g.id);
            v["guild"] =
                json!({ "id": json::id(g.id), "locale": g.preferred_locale, "features": [] });
            v["guild_locale"] = json!(g.preferred_locale);
            v["member"] = json::member(s, g, user.id, true, Some(user_perms));
            v["channel"] = json::partial_channel(ch, g.id, user_perms);
            v["app_permissions"] = json::perms(s.permissions(g, Some(ch), s.bot.id));
            v["authorizing_integration_owners"] = json!({ "0": json::id(g.id) });
            v["context"] = json!(0);
        }
        Some(ChannelRef::Dm(_)) => {
            v["user"] = json::user(user);
            v["channel"] = json!({ "id": json::id(channel_id), "type": 1,
                "recipients": [json::user(user)] });
            v["app_permissions"] = json::perms(
                Permissions::VIEW_CHANNEL
                    | Permissions::SEND_MESSAGES
                    | Permissions::EMBED_LINKS
                    | Permissions::ATTACH_FILES
                    | Permissions::READ_MESSAGE_HISTORY,
            );
            v["authorizing_integration_owners"] = json!({ "0": "0" });
            v["context"] = json!(1);
        }
        None => panic!("unknown channel {channel_id}"),
    }
}

impl FakeDiscord {
    /// A user posts in a channel (guild channel or DM, see [`FakeDiscord::dm_channel`]); the
    /// files are stored and served by the fake. Returns the message id.
    ///
    /// # Panics
    ///
    /// If the channel or user is not in the scenario.
    pub fn send_message(
        &self,
        channel_id: u64,
        user_id: u64,
        content: &str,
        attachments: Vec<FakeFile>,
    ) -> u64 {
        let mut st = self.shared.state();
        assert!(
            st.resolve_channel(channel_id).is_some(),
            "unknown channel {channel_id}"
        );
        assert!(
            st.scenario.find_user(user_id).is_some(),
            "unknown user {user_id}"
        );
        let files = st.store_files(&self.shared.base_url, attachments, &[]);
        let body = json!({ "content": content });
        let msg = st.create_message(NewMessage {
            channel_id,
            author_id: user_id,
            body: &body,
            attachments: files,
            kind: 0,
            application_id: None,
        });
        let payload = st.gateway_message(&msg);
        dispatch(&mut st, "MESSAGE_CREATE", payload);
        msg["id"]
            .as_str()
            .and_then(|i| i.parse().ok())
            .unwrap_or_default()
    }

    /// A user writes to the bot in DM. Returns the message id.
    pub fn send_dm(&self, user_id: u64, content: &str, attachments: Vec<FakeFile>) -> u64 {
        let channel = self.dm_channel(user_id);
        self.send_message(channel, user_id, content, attachments)
    }

    fn command_data(
        &self,
        st: &mut State,
        channel_id: u64,
        name: &str,
        options: &[CommandOption],
    ) -> Value {
        let guild = st.guild_of(channel_id);
        let registered = st
            .global_commands
            .iter()
            .chain(
                guild
                    .and_then(|g| st.guild_commands.get(&g))
                    .into_iter()
                    .flatten(),
            )
            .find(|c| c["name"] == name)
            .and_then(|c| c["id"].as_str().and_then(|i| i.parse::<u64>().ok()));
        // An unregistered command still gets an id: the test may inject before registration.
        let command_id = registered.unwrap_or_else(|| st.next_id());
        let mut resolved = Resolved::default();
        let opts: Vec<Value> = options
            .iter()
            .map(|o| option_json(st, &self.shared.base_url, guild, o, &mut resolved))
            .collect();
        let mut data =
            json!({ "id": json::id(command_id), "name": name, "type": 1, "options": opts });
        let mut res = Map::new();
        for (key, map) in [
            ("users", resolved.users),
            ("members", resolved.members),
            ("channels", resolved.channels),
            ("roles", resolved.roles),
            ("attachments", resolved.attachments),
        ] {
            if !map.is_empty() {
                res.insert(key.to_owned(), Value::Object(map));
            }
        }
        if !res.is_empty() {
            data["resolved"] = Value::Object(res);
        }
        if let Some(g) = guild {
            data["guild_id"] = json::id(g);
        }
        data
    }

    /// A user runs a slash command (INTERACTION_CREATE type 2). `locale` overrides the user's.
    ///
    /// # Panics
    ///
    /// If the channel, user or a referenced id is not in the scenario.
    pub fn slash_command(
        &self,
        channel_id: u64,
        user_id: u64,
        name: &str,
        options: Vec<CommandOption>,
        locale: Option<&str>,
    ) -> InteractionHandle {
        let mut st = self.shared.state();
        let data = self.command_data(&mut st, channel_id, name, &options);
        let (handle, v) = interaction(
            &mut st,
            Origin {
                kind: 2,
                channel_id,
                user_id,
                locale,
                message: None,
                opener: None,
            },
            data,
        );
        dispatch(&mut st, "INTERACTION_CREATE", v);
        handle
    }

    /// A user types in an autocompleted option (type 4); mark it with
    /// [`CommandOption::focused`].
    pub fn autocomplete(
        &self,
        channel_id: u64,
        user_id: u64,
        name: &str,
        options: Vec<CommandOption>,
    ) -> InteractionHandle {
        let mut st = self.shared.state();
        let data = self.command_data(&mut st, channel_id, name, &options);
        let (handle, v) = interaction(
            &mut st,
            Origin {
                kind: 4,
                channel_id,
                user_id,
                locale: None,
                message: None,
                opener: None,
            },
            data,
        );
        dispatch(&mut st, "INTERACTION_CREATE", v);
        handle
    }

    fn component(&self, message_id: u64, data: Value, user_id: u64) -> InteractionHandle {
        let mut st = self.shared.state();
        let channel = st
            .messages
            .get(&message_id)
            .and_then(|m| m["channel_id"].as_str().and_then(|c| c.parse().ok()))
            .unwrap_or_else(|| panic!("unknown message {message_id}"));
        let (handle, v) = interaction(
            &mut st,
            Origin {
                kind: 3,
                channel_id: channel,
                user_id,
                locale: None,
                message: Some(message_id),
                opener: None,
            },
            data,
        );
        dispatch(&mut st, "INTERACTION_CREATE", v);
        handle
    }

    /// A user clicks a button of a message (type 3, component_type 2).
    ///
    /// # Panics
    ///
    /// If the message or user is unknown.
    pub fn button_click(
        &self,
        message_id: u64,
        custom_id: &str,
        user_id: u64,
    ) -> InteractionHandle {
        let data = json!({ "custom_id": custom_id, "component_type": 2 });
        self.component(message_id, data, user_id)
    }

    /// A user picks values in a string select menu (type 3, component_type 3).
    pub fn select_menu(
        &self,
        message_id: u64,
        custom_id: &str,
        values: &[&str],
        user_id: u64,
    ) -> InteractionHandle {
        let data = json!({ "custom_id": custom_id, "component_type": 3, "values": values });
        self.component(message_id, data, user_id)
    }

    /// A user submits the modal the bot opened with `custom_id` (type 5); `fields` are
    /// `(text input custom_id, value)` pairs.
    ///
    /// # Panics
    ///
    /// If the bot never answered an interaction with a modal of that `custom_id`.
    pub fn modal_submit(
        &self,
        custom_id: &str,
        fields: &[(&str, &str)],
        user_id: u64,
    ) -> InteractionHandle {
        let mut st = self.shared.state();
        let opener = st
            .interactions
            .values()
            .filter(|r| r.modal_custom_id.as_deref() == Some(custom_id))
            .max_by_key(|r| r.id)
            .cloned()
            .unwrap_or_else(|| panic!("the bot opened no modal with custom_id {custom_id:?}"));
        let rows: Vec<Value> = fields
            .iter()
            .map(|(id, value)| {
                json!({ "type": 1, "components": [{ "type": 4, "custom_id": id, "value": value }] })
            })
            .collect();
        let data = json!({ "custom_id": custom_id, "components": rows });
        let (handle, v) = interaction(
            &mut st,
            Origin {
                kind: 5,
                channel_id: opener.channel_id,
                user_id,
                locale: None,
                message: opener.source_message,
                opener: Some(opener.metadata),
            },
            data,
        );
        dispatch(&mut st, "INTERACTION_CREATE", v);
        handle
    }

    /// A user votes for an answer (1-based) of a native poll (MESSAGE_POLL_VOTE_ADD); the
    /// stored message's results are updated.
    ///
    /// # Panics
    ///
    /// If the message has no poll.
    pub fn poll_vote(&self, message_id: u64, user_id: u64, answer_id: u64) {
        self.poll_event(message_id, user_id, answer_id, true);
    }

    /// A user withdraws a vote (MESSAGE_POLL_VOTE_REMOVE).
    pub fn poll_unvote(&self, message_id: u64, user_id: u64, answer_id: u64) {
        self.poll_event(message_id, user_id, answer_id, false);
    }

    fn poll_event(&self, message_id: u64, user_id: u64, answer_id: u64, add: bool) {
        let mut st = self.shared.state();
        let msg = st
            .messages
            .get(&message_id)
            .cloned()
            .unwrap_or_else(|| panic!("unknown message {message_id}"));
        assert!(msg["poll"].is_object(), "message {message_id} has no poll");
        let voters = st
            .poll_votes
            .entry(message_id)
            .or_default()
            .entry(answer_id)
            .or_default();
        if add {
            voters.insert(user_id);
        } else {
            voters.remove(&user_id);
        }
        st.refresh_poll(message_id, false);
        let mut d = json!({
            "user_id": json::id(user_id),
            "channel_id": msg["channel_id"],
            "message_id": msg["id"],
            "answer_id": answer_id,
        });
        if let Some(g) = msg.get("guild_id") {
            d["guild_id"] = g.clone();
        }
        let t = if add {
            "MESSAGE_POLL_VOTE_ADD"
        } else {
            "MESSAGE_POLL_VOTE_REMOVE"
        };
        dispatch(&mut st, t, d);
    }
}
