//! Gateway events: READY (register slash commands, publish scheduled events), messages and
//! interactions.

use std::sync::Arc;

use bot::command::PREFIX;
use bot::domain::Role;
use bot::engine::{Actor, Attachment, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform, RoomRef};
use serenity::all::{
    Cache, Command, Context, EventHandler, GuildId, Http, Interaction, InteractionContext, Message,
    Permissions, RawEventHandler, Ready, RoleId, UserId,
};
use serenity::async_trait;

use crate::Shared;
use crate::commands::all_commands;

/// Files larger than this many times the deliverable limit are not even downloaded: the core
/// would refuse them anyway, and a huge download would stall the handler.
const DOWNLOAD_FACTOR: u64 = 4;

pub(crate) struct Handler {
    shared: Arc<Shared>,
}

impl Handler {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Handler { shared }
    }
}

/// The role a guild member's roles and permissions signal; `None` when the guild is not known
/// yet (guessing "participant" would demote a facilitator).
pub(crate) fn role_hint(
    cache: &Cache,
    guild: GuildId,
    user: UserId,
    roles: &[RoleId],
    permissions: Option<Permissions>,
    facilitator_role: &str,
) -> Option<Role> {
    let manages = |p: Permissions| p.manage_guild() || p.administrator();
    if permissions.is_some_and(manages) {
        return Some(Role::Facilitator);
    }
    let g = cache.guild(guild)?;
    let facilitator = g.owner_id == user
        || roles
            .iter()
            .filter_map(|r| g.roles.get(r))
            .any(|r| r.name.eq_ignore_ascii_case(facilitator_role) || manages(r.permissions));
    Some(if facilitator {
        Role::Facilitator
    } else {
        Role::Participant
    })
}

/// The role `user` holds in the cohort their DMs are handled in, read from the guilds of the
/// cohort's channels (their member roles now, not what was stored when they last spoke):
/// the highest found; observer when those guilds no longer have them as a member; `None` when
/// no guild could be asked, so the engine refuses facilitators' commands rather than trust a
/// stale role.
pub(crate) async fn dm_role(shared: &Shared, ctx: &Context, user: UserId) -> Option<Role> {
    let identity = Identity::new(Platform::Discord, user.to_string());
    let rooms = match shared.engine.dm_cohort_rooms(&identity).await {
        Ok(rooms) => rooms,
        Err(e) => {
            tracing::warn!(error = %e, "cannot look up the cohort channels of a DM");
            return None;
        }
    };
    let mut asked = false;
    let mut best = None;
    for room in rooms.iter().filter(|r| r.platform == Platform::Discord) {
        let Ok(channel) = room.room.parse::<u64>().map(serenity::all::ChannelId::new) else {
            continue;
        };
        let Ok(serenity::all::Channel::Guild(gc)) = channel.to_channel(ctx).await else {
            continue;
        };
        match gc.guild_id.member(ctx, user).await {
            Ok(member) => {
                asked = true;
                let role = role_hint(
                    &ctx.cache,
                    gc.guild_id,
                    user,
                    &member.roles,
                    member.permissions,
                    shared.config.facilitator_role_for(&room.room),
                );
                best = best.max(role);
            }
            Err(serenity::Error::Http(e))
                if e.status_code() == Some(serenity::http::StatusCode::NOT_FOUND) =>
            {
                asked = true;
            }
            Err(e) => tracing::warn!(error = %e, "cannot read a member's roles for a DM"),
        }
    }
    match best {
        Some(role) => Some(role),
        None if asked => Some(Role::Observer),
        None => None,
    }
}

/// Downloads attachments at once: Discord's URLs are signed and expire.
pub(crate) async fn download(
    shared: &Shared,
    attachments: &[serenity::all::Attachment],
) -> Vec<Attachment> {
    let cap = shared.engine.settings().file_limits.max_file_bytes * DOWNLOAD_FACTOR;
    let mut out = Vec::with_capacity(attachments.len());
    for a in attachments {
        if u64::from(a.size) > cap {
            // Not downloaded, but handed on with its size: the engine refuses it in words.
            out.push(Attachment::not_downloaded(
                a.filename.clone(),
                u64::from(a.size),
            ));
            continue;
        }
        match a.download().await {
            Ok(bytes) => out.push(Attachment::new(a.filename.clone(), bytes)),
            Err(e) => tracing::warn!(error = %e, "could not download an attachment"),
        }
    }
    out
}

/// Hands an event to the engine; an internal failure becomes the core's localised notice.
pub(crate) async fn handle_event(shared: &Shared, event: Event) {
    let engine = &shared.engine;
    let origin = event.origin();
    if let Err(e) = engine.handle(event).await {
        let reference = format!("discord-{}", origin.event_id);
        tracing::error!(error = %e.report(), reference, "handling a Discord event failed");
        if let Err(e) = engine.report_internal_error(&origin, &reference).await {
            tracing::error!(error = %e, "could not even report the failure");
        }
    }
}

/// Registers the slash commands. In the guilds of the configured channels they are guild
/// commands, which Discord shows at once (global ones take up to an hour to change); the global
/// set then only serves DMs with the bot, or each command would be listed twice in those guilds.
/// Without any guild channel, the global set serves everywhere. Guild commands an earlier
/// configuration left elsewhere (`member_of`: the guilds of READY) are removed, for the same
/// reason.
async fn register_commands(
    shared: &Shared,
    http: &Http,
    member_of: &[GuildId],
) -> anyhow::Result<()> {
    let guilds = crate::events::linked_guilds(shared).await;
    for stale in member_of.iter().filter(|g| !guilds.contains(g)) {
        if let Err(e) = stale.set_commands(http, Vec::new()).await {
            tracing::warn!(error = %e, guild = %stale, "could not remove old guild commands");
        }
    }
    if guilds.is_empty() {
        Command::set_global_commands(http, all_commands()).await?;
        return Ok(());
    }
    for guild in &guilds {
        guild.set_commands(http, all_commands()).await?;
    }
    let dm_only = all_commands()
        .into_iter()
        .map(|c| c.contexts(vec![InteractionContext::BotDm]))
        .collect();
    Command::set_global_commands(http, dm_only).await?;
    tracing::info!(guilds = guilds.len(), "slash commands registered per guild");
    Ok(())
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        let _ = self.shared.bot_user.set(ready.user.id);
        let member_of: Vec<GuildId> = ready.guilds.iter().map(|g| g.id).collect();
        if let Err(e) = register_commands(&self.shared, &ctx.http, &member_of).await {
            tracing::error!(error = %e, "registering slash commands failed");
        }
        if let Err(e) = crate::events::sync(&self.shared).await {
            tracing::error!(error = %e, "publishing scheduled events failed");
        }
        self.shared.wake.notify_one();
    }

    async fn message(&self, ctx: Context, msg: Message) {
        // Discord echoes the bot's own messages; other bots are not people either.
        if msg.author.bot {
            return;
        }
        let place = match msg.guild_id {
            None => Place::Direct,
            Some(_) if msg.content.starts_with(PREFIX) => {
                Place::Room(RoomRef::new(Platform::Discord, msg.channel_id.to_string()))
            }
            Some(_) => return,
        };
        let role = match msg.guild_id {
            Some(g) => {
                let roles = msg
                    .member
                    .as_ref()
                    .map(|m| m.roles.clone())
                    .unwrap_or_default();
                role_hint(
                    &ctx.cache,
                    g,
                    msg.author.id,
                    &roles,
                    None,
                    self.shared
                        .config
                        .facilitator_role_for(&msg.channel_id.to_string()),
                )
            }
            None => dm_role(&self.shared, &ctx, msg.author.id).await,
        };
        let display_name = msg
            .member
            .as_ref()
            .and_then(|m| m.nick.clone())
            .or_else(|| msg.author.global_name.clone())
            .unwrap_or_else(|| msg.author.name.clone());
        let attachments = download(&self.shared, &msg.attachments).await;
        let incoming = IncomingMessage {
            event_id: msg.id.to_string(),
            actor: Actor {
                identity: Identity::new(Platform::Discord, msg.author.id.to_string()),
                display_name,
                role_hint: role,
                locale_hint: None,
            },
            place,
            text: msg.content.clone(),
            attachments,
        };
        handle_event(&self.shared, Event::Message(incoming)).await;
        self.shared.wake.notify_one();
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => {
                crate::interactions::command(&self.shared, &ctx, cmd).await
            }
            Interaction::Autocomplete(cmd) => {
                crate::interactions::autocomplete(&self.shared, &ctx, cmd).await;
            }
            Interaction::Component(c) => {
                crate::interactions::component(&self.shared, &ctx, c).await
            }
            _ => {}
        }
    }
}

/// Logs gateway events serenity could not parse (a required field missing turns an event into
/// `Event::Unknown` without any error), and forwards every event to an optional extra handler.
pub(crate) struct Raw {
    extra: Option<Arc<dyn RawEventHandler>>,
}

impl Raw {
    pub(crate) fn new(extra: Option<Arc<dyn RawEventHandler>>) -> Self {
        Raw { extra }
    }
}

#[async_trait]
impl RawEventHandler for Raw {
    async fn raw_event(&self, ctx: Context, event: serenity::all::Event) {
        if let serenity::all::Event::Unknown(u) = &event {
            tracing::warn!(kind = %u.kind, "Discord sent an event serenity could not read");
        }
        if let Some(extra) = &self.extra {
            extra.raw_event(ctx, event).await;
        }
    }
}
