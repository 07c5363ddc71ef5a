//! Discord objects as JSON, complete enough for serenity 0.12.5 to deserialise.
//!
//! serenity silently turns a dispatch with a missing required field into `Event::Unknown`, so
//! every field that serenity's models do not mark optional or `default` is written here, even
//! when it is always the same.

use serde_json::{Value, json};
use serenity::all::Permissions;

use crate::scenario::{ChannelSpec, GuildSpec, RoleSpec, Scenario, UserSpec};

/// Discord writes snowflakes as strings (JavaScript cannot hold 64-bit integers).
pub(crate) fn id(id: u64) -> Value {
    Value::String(id.to_string())
}

pub(crate) fn perms(p: Permissions) -> Value {
    Value::String(p.bits().to_string())
}

pub(crate) fn now() -> String {
    serenity::all::Timestamp::now().to_string()
}

pub(crate) fn user(u: &UserSpec) -> Value {
    json!({
        "id": id(u.id),
        "username": u.name,
        "discriminator": "0",
        "global_name": u.global_name,
        "avatar": null,
        "bot": u.bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0,
    })
}

/// The bot as `GET /users/@me` returns it.
pub(crate) fn current_user(u: &UserSpec) -> Value {
    let mut v = user(u);
    v["verified"] = json!(true);
    v["mfa_enabled"] = json!(false);
    v["locale"] = json!("en-US");
    v["email"] = Value::Null;
    v
}

pub(crate) fn role(r: &RoleSpec, position: usize) -> Value {
    json!({
        "id": id(r.id),
        "name": r.name,
        "color": r.color,
        // Required by serenity 0.12.5 even though Discord added it late.
        "colors": { "primary_color": r.color, "secondary_color": null, "tertiary_color": null },
        "hoist": r.hoist,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": perms(r.permissions),
        "managed": r.managed,
        "mentionable": r.mentionable,
        "flags": 0,
        "tags": {},
    })
}

pub(crate) fn channel(c: &ChannelSpec, guild_id: u64, position: usize) -> Value {
    let overwrites: Vec<Value> = c
        .overwrites
        .iter()
        .map(|o| {
            json!({
                "id": id(o.id),
                "type": u8::from(o.member),
                "allow": perms(o.allow),
                "deny": perms(o.deny),
            })
        })
        .collect();
    json!({
        "id": id(c.id),
        "type": c.kind.code(),
        "guild_id": id(guild_id),
        "name": c.name,
        "position": position,
        "parent_id": c.parent_id.map(id),
        "topic": c.topic,
        "nsfw": false,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "permission_overwrites": overwrites,
        "flags": 0,
    })
}

/// A channel as seen inside an interaction (`PartialChannel`), with the user's permissions.
pub(crate) fn partial_channel(c: &ChannelSpec, guild_id: u64, permissions: Permissions) -> Value {
    let mut v = channel(c, guild_id, 0);
    v["permissions"] = perms(permissions);
    v
}

pub(crate) fn dm_channel(channel_id: u64, recipient: &UserSpec) -> Value {
    json!({
        "id": id(channel_id),
        "type": 1,
        "last_message_id": null,
        "flags": 0,
        "recipients": [user(recipient)],
    })
}

/// A guild member; `with_user` is false inside MESSAGE_CREATE, where the author is separate.
pub(crate) fn member(
    s: &Scenario,
    g: &GuildSpec,
    user_id: u64,
    with_user: bool,
    permissions: Option<Permissions>,
) -> Value {
    let roles = s.member_roles(g, user_id).unwrap_or_default();
    let nick = g
        .members
        .iter()
        .find(|m| m.user_id == user_id)
        .and_then(|m| m.nick.clone());
    let mut v = json!({
        "roles": roles.into_iter().map(id).collect::<Vec<_>>(),
        "nick": nick,
        "avatar": null,
        "banner": null,
        "joined_at": "2025-09-01T08:00:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    });
    if with_user && let Some(u) = s.find_user(user_id) {
        v["user"] = user(u);
    }
    if let Some(p) = permissions {
        v["permissions"] = perms(p);
    }
    v
}

pub(crate) fn guild_create(s: &Scenario, g: &GuildSpec) -> Value {
    let roles: Vec<Value> = g
        .all_roles()
        .iter()
        .enumerate()
        .map(|(i, r)| role(r, i))
        .collect();
    let channels: Vec<Value> = g
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| channel(c, g.id, i))
        .collect();
    let mut member_ids: Vec<u64> = g.members.iter().map(|m| m.user_id).collect();
    member_ids.push(s.bot.id);
    let members: Vec<Value> = member_ids
        .iter()
        .map(|u| member(s, g, *u, true, None))
        .collect();
    json!({
        "id": id(g.id),
        "name": g.name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": id(g.owner_id()),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": roles,
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": g.preferred_locale,
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "joined_at": "2025-09-01T08:00:00.000000+00:00",
        "large": false,
        "unavailable": false,
        "member_count": members.len(),
        "voice_states": [],
        "members": members,
        "channels": channels,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "incidents_data": null,
    })
}

pub(crate) fn ready(s: &Scenario, session_id: &str, resume_url: &str) -> Value {
    let guilds: Vec<Value> = s
        .guilds
        .iter()
        .map(|g| json!({ "id": id(g.id), "unavailable": true }))
        .collect();
    json!({
        "v": 10,
        "user": current_user(&s.bot),
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": { "id": id(s.application_id), "flags": 0 },
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "user_settings": {},
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": [],
        "_trace": ["fake-discord"],
    })
}

/// `GET /oauth2/applications/@me`, which poise calls at startup to learn the owners.
pub(crate) fn current_application(s: &Scenario) -> Value {
    let owner = s.users.first().unwrap_or(&s.bot);
    json!({
        "id": id(s.application_id),
        "name": s.application_name,
        "icon": null,
        "description": "",
        "summary": "",
        "type": null,
        "bot_public": false,
        "bot_require_code_grant": false,
        "owner": user(owner),
        "verify_key": "00".repeat(32),
        "team": null,
        "flags": s.application_flags,
        "bot": current_user(&s.bot),
        "rpc_origins": [],
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "approximate_guild_count": s.guilds.len(),
    })
}

/// Discord's error body; `errors` is left out, serenity treats it as optional.
pub(crate) fn error(code: u32, message: &str) -> Value {
    json!({ "code": code, "message": message })
}
