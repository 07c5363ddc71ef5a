//! `compagnon doctor`'s Discord checks: the token is readable and accepted, the message content
//! intent is enabled for the application, and in each configured channel the bot has every
//! permission it uses.

use bot::doctor::Check;
use bot::i18n::Msg;
use serenity::all::{ApplicationFlags, ChannelId, Http, HttpBuilder, Permissions};

use crate::config::DiscordConfig;

/// What the bot does in a cohort's channel, permission by permission.
const NEEDED: &[(Permissions, &str)] = &[
    (Permissions::VIEW_CHANNEL, "VIEW_CHANNEL"),
    (Permissions::SEND_MESSAGES, "SEND_MESSAGES"),
    (Permissions::READ_MESSAGE_HISTORY, "READ_MESSAGE_HISTORY"),
    (Permissions::ATTACH_FILES, "ATTACH_FILES"),
    (Permissions::ADD_REACTIONS, "ADD_REACTIONS"),
    (
        Permissions::CREATE_PRIVATE_THREADS,
        "CREATE_PRIVATE_THREADS",
    ),
    (
        Permissions::SEND_MESSAGES_IN_THREADS,
        "SEND_MESSAGES_IN_THREADS",
    ),
    (Permissions::MANAGE_EVENTS, "MANAGE_EVENTS"),
];

/// Every Discord check, in order; a check that cannot pass stops the ones that depend on it.
pub async fn checks(config: &DiscordConfig) -> Vec<Check> {
    let mut out = Vec::new();
    let token = match config.token() {
        Ok(t) => t,
        Err(e) => {
            out.push(Check::fail(
                Msg::new("doctor-discord-token-missing").arg("error", format!("{e:#}")),
                Msg::new("doctor-fix-discord-token"),
            ));
            return out;
        }
    };
    let http = match &config.api_base {
        Some(base) => HttpBuilder::new(token.expose())
            .proxy(base)
            .ratelimiter_disabled(true)
            .build(),
        None => HttpBuilder::new(token.expose()).build(),
    };
    let me = match http.get_current_user().await {
        Ok(me) => me,
        Err(e) => {
            out.push(Check::fail(
                Msg::new("doctor-discord-token-refused").arg("error", e.to_string()),
                Msg::new("doctor-fix-discord-token-refused"),
            ));
            return out;
        }
    };
    out.push(Check::pass(
        Msg::new("doctor-discord-token").arg("name", me.name.clone()),
    ));
    out.push(intent_check(&http).await);
    for link in &config.channels {
        out.push(channel_check(&http, &link.channel, me.id).await);
    }
    out
}

async fn intent_check(http: &Http) -> Check {
    let content = ApplicationFlags::GATEWAY_MESSAGE_CONTENT
        | ApplicationFlags::GATEWAY_MESSAGE_CONTENT_LIMITED;
    match http.get_current_application_info().await {
        Ok(app) if app.flags.is_some_and(|f| f.intersects(content)) => {
            Check::pass(Msg::new("doctor-discord-intent"))
        }
        Ok(_) => Check::fail(
            Msg::new("doctor-discord-intent-missing"),
            Msg::new("doctor-fix-discord-intent"),
        ),
        Err(e) => Check::fail(
            Msg::new("doctor-discord-intent-unknown").arg("error", e.to_string()),
            Msg::new("doctor-fix-discord-intent"),
        ),
    }
}

async fn channel_check(http: &Http, channel: &str, me: serenity::all::UserId) -> Check {
    let unreachable = |error: String| {
        Check::fail(
            Msg::new("doctor-discord-channel-unreachable")
                .arg("channel", channel)
                .arg("error", error),
            Msg::new("doctor-fix-discord-channel").arg("channel", channel),
        )
    };
    let Ok(id) = channel.parse::<u64>().map(ChannelId::new) else {
        return unreachable("not a channel id".into());
    };
    let found = match http.get_channel(id).await {
        Ok(c) => c.guild(),
        Err(e) => return unreachable(e.to_string()),
    };
    let Some(channel_data) = found else {
        return unreachable("not a server channel".into());
    };
    let guild = match http.get_guild(channel_data.guild_id).await {
        Ok(g) => g,
        Err(e) => return unreachable(e.to_string()),
    };
    let member = match http.get_member(channel_data.guild_id, me).await {
        Ok(m) => m,
        Err(e) => return unreachable(e.to_string()),
    };
    let has = guild.user_permissions_in(&channel_data, &member);
    let missing: Vec<&str> = NEEDED
        .iter()
        .filter(|(p, _)| !has.contains(*p))
        .map(|(_, name)| *name)
        .collect();
    if missing.is_empty() {
        Check::pass(Msg::new("doctor-discord-channel").arg("channel", channel_data.name.clone()))
    } else {
        Check::fail(
            Msg::new("doctor-discord-channel-permissions")
                .arg("channel", channel_data.name.clone())
                .arg("missing", missing.join(", ")),
            Msg::new("doctor-fix-discord-permissions").arg("missing", missing.join(", ")),
        )
    }
}
