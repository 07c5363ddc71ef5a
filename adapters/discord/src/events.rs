//! Ateliers published as guild scheduled events: created once, edited when the programme
//! changes (checked on each READY and every [`crate::EVENT_SYNC_INTERVAL`]). The mapping atelier → event lives in the core's `published_objects` (kind `scheduled-event`, scope the guild).

use anyhow::{Context as _, Result};
use bot::domain::{Atelier, Cohort};
use bot::i18n::Msg;
use bot::schedule::local_to_utc;
use bot::store;
use serenity::all::{
    Channel, ChannelId, CreateScheduledEvent, EditScheduledEvent, GuildId, ScheduledEventId,
    ScheduledEventStatus, ScheduledEventType, Timestamp,
};
use sha2::{Digest, Sha256};

use crate::Shared;
use crate::deliver::discord_code;
use crate::text::truncate;

/// "Unknown Guild Scheduled Event": deleted by someone on Discord.
const UNKNOWN_EVENT: isize = 10070;

/// The fingerprint recorded for the event of a cancelled atelier: Discord cannot bring a
/// cancelled event back, so an atelier that takes place again gets a new one.
const CANCELLED: &str = "cancelled";

/// What Discord shows for one atelier.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventSpec {
    pub name: String,
    pub start: i64,
    pub end: i64,
    pub location: String,
    pub description: String,
}

impl EventSpec {
    /// Discord's limits: name 100, location 100, description 1000 characters.
    pub(crate) fn of(cohort: &Cohort, a: &Atelier) -> EventSpec {
        let name = Msg::new("discord-event-name")
            .arg("number", a.number)
            .arg("title", a.title.as_str())
            .render(cohort.language);
        let location = a
            .place
            .clone()
            .or_else(|| a.link.clone())
            .unwrap_or_else(|| cohort.title.clone());
        let mut description = a.summary.clone();
        if let (Some(_), Some(link)) = (&a.place, &a.link) {
            description = format!("{link}\n\n{description}");
        }
        EventSpec {
            name: truncate(&name, 100),
            start: local_to_utc(cohort.timezone, a.start).timestamp(),
            end: local_to_utc(cohort.timezone, a.end).timestamp(),
            location: truncate(&location, 100),
            description: truncate(&description, 1000),
        }
    }

    fn fingerprint(&self) -> String {
        let text = format!(
            "{}\n{}\n{}\n{}\n{}",
            self.name, self.start, self.end, self.location, self.description
        );
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn times(&self) -> Result<(Timestamp, Timestamp)> {
        Ok((
            Timestamp::from_unix_timestamp(self.start).context("start time")?,
            Timestamp::from_unix_timestamp(self.end).context("end time")?,
        ))
    }
}

/// The guild of a configured channel; `None` for a DM channel or one the bot cannot see.
async fn guild_of(shared: &Shared, channel: &str) -> Option<GuildId> {
    let id: u64 = channel.parse().ok().filter(|id| *id > 0)?;
    match ChannelId::new(id).to_channel(shared.http()).await {
        Ok(Channel::Guild(c)) => Some(c.guild_id),
        Ok(_) => None,
        Err(e) => {
            tracing::warn!(error = %e, channel, "cannot look up a configured channel");
            None
        }
    }
}

/// The guilds of the configured channels, each once, in configuration order.
pub(crate) async fn linked_guilds(shared: &Shared) -> Vec<GuildId> {
    let mut guilds = Vec::new();
    for link in &shared.config.channels {
        if let Some(g) = guild_of(shared, &link.channel).await
            && !guilds.contains(&g)
        {
            guilds.push(g);
        }
    }
    guilds
}

/// Publishes the ateliers of every linked cohort in the guild of its channel. Ateliers already
/// over are left alone (Discord refuses events in the past).
pub(crate) async fn sync(shared: &Shared) -> Result<()> {
    let _one_at_a_time = shared.event_sync.lock().await;
    let http = shared.http();
    let now = shared.engine.now().timestamp();
    let mut guilds = Vec::new();
    for link in &shared.config.channels {
        let channel: u64 = link.channel.parse().context("channel id")?;
        let guild = match ChannelId::new(channel).to_channel(http).await? {
            Channel::Guild(c) => c.guild_id,
            _ => continue,
        };
        let (cohort, ateliers) = {
            let mut conn = shared.engine.store().pool().acquire().await?;
            let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, &link.cohort).await?
            else {
                continue;
            };
            let ateliers = store::cohorts::ateliers(&mut conn, cohort.id).await?;
            (cohort, ateliers)
        };
        for a in &ateliers {
            let spec = EventSpec::of(&cohort, a);
            if spec.end <= now {
                continue;
            }
            if a.cancelled.is_some() {
                cancel(shared, guild, a).await?;
            } else {
                publish(shared, guild, a, &spec, now).await?;
            }
        }
        if !guilds.contains(&guild) {
            guilds.push(guild);
        }
    }
    for guild in guilds {
        remove_orphans(shared, guild).await?;
    }
    Ok(())
}

/// Deletes the bot's upcoming events no atelier maps to any more: an atelier removed from the
/// programme takes its mapping row with it (ON DELETE CASCADE), and its event would otherwise
/// stay on Discord for people to attend.
async fn remove_orphans(shared: &Shared, guild: GuildId) -> Result<()> {
    let Some(me) = shared.bot_user.get().copied() else {
        return Ok(());
    };
    let scope = guild.to_string();
    let known = {
        let mut conn = shared.engine.store().pool().acquire().await?;
        store::published::ids(&mut conn, scheduled_events(&scope)).await?
    };
    let http = shared.http();
    for event in guild.scheduled_events(http, false).await? {
        let orphan = event.creator_id == Some(me)
            && event.status == ScheduledEventStatus::Scheduled
            && !known.contains(&event.id.to_string());
        if orphan {
            match guild.delete_scheduled_event(http, event.id).await {
                Ok(()) => {
                    tracing::info!(event = %event.id, "removed the event of a removed atelier")
                }
                Err(e) if discord_code(&e) == Some(UNKNOWN_EVENT) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

async fn publish(
    shared: &Shared,
    guild: GuildId,
    atelier: &Atelier,
    spec: &EventSpec,
    now: i64,
) -> Result<()> {
    let http = shared.http();
    let scope = guild.to_string();
    let fingerprint = spec.fingerprint();
    let known = {
        let mut conn = shared.engine.store().pool().acquire().await?;
        store::published::of_atelier(&mut conn, scheduled_events(&scope), atelier.id).await?
    };
    let (start, end) = spec.times()?;
    let mut event_id = None;
    let known = known.filter(|(_, old)| old != CANCELLED);
    if let Some((id, old)) = known {
        if old == fingerprint {
            return Ok(());
        }
        let id = ScheduledEventId::new(id.parse().context("stored event id")?);
        let mut edit = EditScheduledEvent::new()
            .name(&spec.name)
            .end_time(end)
            .location(&spec.location)
            .description(&spec.description);
        // Discord refuses to move the start of an event that has begun.
        if spec.start > now {
            edit = edit.start_time(start);
        }
        match guild.edit_scheduled_event(http, id, edit).await {
            Ok(e) => event_id = Some(e.id),
            Err(e) if discord_code(&e) == Some(UNKNOWN_EVENT) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let event_id = match event_id {
        Some(id) => id,
        None if spec.start > now => {
            let create = CreateScheduledEvent::new(ScheduledEventType::External, &spec.name, start)
                .end_time(end)
                .location(&spec.location)
                .description(&spec.description);
            guild.create_scheduled_event(http, create).await?.id
        }
        None => return Ok(()),
    };
    let mut conn = shared.engine.store().pool().acquire().await?;
    store::published::record(
        &mut conn,
        scheduled_events(&scope),
        atelier.id,
        &event_id.to_string(),
        &fingerprint,
    )
    .await?;
    Ok(())
}

/// Marks the event of a cancelled atelier cancelled on Discord (people who said they would
/// come are told by Discord itself), once.
async fn cancel(shared: &Shared, guild: GuildId, atelier: &Atelier) -> Result<()> {
    let scope = guild.to_string();
    let known = {
        let mut conn = shared.engine.store().pool().acquire().await?;
        store::published::of_atelier(&mut conn, scheduled_events(&scope), atelier.id).await?
    };
    let Some((id, fingerprint)) = known else {
        return Ok(());
    };
    if fingerprint == CANCELLED {
        return Ok(());
    }
    let event = ScheduledEventId::new(id.parse().context("stored event id")?);
    let edit = EditScheduledEvent::new().status(ScheduledEventStatus::Canceled);
    match guild.edit_scheduled_event(shared.http(), event, edit).await {
        Ok(_) => {}
        Err(e) if discord_code(&e) == Some(UNKNOWN_EVENT) => {}
        Err(e) => return Err(e.into()),
    }
    let mut conn = shared.engine.store().pool().acquire().await?;
    store::published::record(
        &mut conn,
        scheduled_events(&scope),
        atelier.id,
        &id,
        CANCELLED,
    )
    .await?;
    Ok(())
}

/// The guild's scheduled events in `published_objects`.
fn scheduled_events(guild: &str) -> store::published::Published<'_> {
    store::published::Published {
        platform: bot::ids::Platform::Discord,
        kind: "scheduled-event",
        scope: guild,
    }
}
