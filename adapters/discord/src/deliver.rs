//! Delivery of outbox rows to Discord: channel messages, DMs (with a fallback when DMs are
//! closed), edits of earlier messages, files and poll buttons.

use bot::dispatch::{Deliver, DeliveryError};
use bot::domain::{Lang, Member, Role};
use bot::i18n::Msg;
use bot::ids::{CohortId, Identity, Platform};
use bot::store::{self, Destination, OutboxMessage};
use serenity::all::{
    ChannelId, CreateAllowedMentions, CreateAttachment, CreateMessage, EditMessage, HttpError,
    MessageId, Nonce, UserId,
};

use crate::Shared;
use crate::polls::announcement_components;
use crate::text::{MAX_CONTENT, nonce, split_message, truncate};

/// Discord's error code for "Cannot send messages to this user" (DMs closed).
pub(crate) const DMS_CLOSED: isize = 50007;
/// "Unknown Message": the message to edit was deleted.
const UNKNOWN_MESSAGE: isize = 10008;

/// The JSON error code Discord answered with, if the request reached Discord.
pub(crate) fn discord_code(e: &serenity::Error) -> Option<isize> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => Some(r.error.code),
        _ => None,
    }
}

/// Temporary (network, 5xx, rate limit) or permanent (anything Discord refused).
pub(crate) fn classify(e: &serenity::Error) -> DeliveryError {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r))
            if r.status_code.is_server_error() || r.status_code.as_u16() == 429 =>
        {
            DeliveryError::Retry(e.to_string())
        }
        serenity::Error::Http(HttpError::UnsuccessfulRequest(_)) => {
            DeliveryError::Permanent(e.to_string())
        }
        serenity::Error::Http(_) | serenity::Error::Io(_) => DeliveryError::Retry(e.to_string()),
        _ => DeliveryError::Permanent(e.to_string()),
    }
}

/// Why a send failed.
enum SendError {
    Discord(serenity::Error),
    Other(DeliveryError),
}

impl From<serenity::Error> for SendError {
    fn from(e: serenity::Error) -> Self {
        SendError::Discord(e)
    }
}

fn store_err(e: impl std::fmt::Display) -> DeliveryError {
    DeliveryError::Retry(format!("store: {e}"))
}

/// Reads the outbox row's files, ready to upload.
pub(crate) async fn read_files(paths: &[String]) -> Result<Vec<CreateAttachment>, DeliveryError> {
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let file = CreateAttachment::path(p)
            .await
            .map_err(|e| DeliveryError::Permanent(format!("attachment {p}: {e}")))?;
        files.push(file);
    }
    Ok(files)
}

impl Shared {
    async fn cohort_lang(&self, cohort: Option<CohortId>) -> Lang {
        let Some(id) = cohort else {
            return Lang::default();
        };
        let Ok(mut conn) = self.engine.store().pool().acquire().await else {
            return Lang::default();
        };
        match store::cohorts::cohort(&mut conn, id).await {
            Ok(Some(c)) => c.language,
            _ => Lang::default(),
        }
    }

    /// The DM channel with a user, created once and remembered.
    pub(crate) async fn dm_channel(&self, user: UserId) -> Result<ChannelId, serenity::Error> {
        if let Some(c) = crate::lock(&self.dm_channels).get(&user.get()) {
            return Ok(*c);
        }
        let channel = user.create_dm_channel(self.http()).await?.id;
        crate::lock(&self.dm_channels).insert(user.get(), channel);
        Ok(channel)
    }

    /// Sends (or edits) one outbox row in `channel`; returns nothing but records the message id
    /// so that a later row replacing this one becomes an edit.
    async fn send(&self, channel: ChannelId, msg: &OutboxMessage) -> Result<(), SendError> {
        let lang = self.cohort_lang(msg.cohort).await;
        let components = announcement_components(msg.extra.as_ref(), lang);
        let mut conn = self
            .engine
            .store()
            .pool()
            .acquire()
            .await
            .map_err(|e| SendError::Other(store_err(e)))?;
        if let Some(old) = &msg.replaces
            && let Some(id) = store::outbox::platform_id(&mut conn, old)
                .await
                .map_err(|e| SendError::Other(store_err(e)))?
            && let Some((c, m)) = parse_platform_id(&id)
        {
            let edit = EditMessage::new()
                .allowed_mentions(no_mentions())
                .content(truncate(&msg.body, MAX_CONTENT))
                .components(components.clone());
            match c.edit_message(self.http(), m, edit).await {
                Ok(_) => {
                    store::outbox::set_platform_id(&mut conn, &msg.key, &id)
                        .await
                        .map_err(|e| SendError::Other(store_err(e)))?;
                    return Ok(());
                }
                // Deleted meanwhile: say it anew rather than not at all.
                Err(e) if discord_code(&e) == Some(UNKNOWN_MESSAGE) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let mut parts = split_message(&msg.body, MAX_CONTENT);
        if parts.is_empty() {
            parts.push(String::new());
        }
        let mut files = Some(
            read_files(&msg.attachments)
                .await
                .map_err(SendError::Other)?,
        );
        let last = parts.len() - 1;
        let mut sent_id = None;
        for (i, part) in parts.into_iter().enumerate() {
            // The nonce makes Discord return the first message if a crash between "sent" and
            // "marked delivered" makes us send this part again.
            let mut m = CreateMessage::new()
                .allowed_mentions(no_mentions())
                .nonce(Nonce::String(nonce(&msg.key, i)))
                .enforce_nonce(true);
            if !part.is_empty() {
                m = m.content(part);
            }
            if i == last {
                m = m
                    .components(components.clone())
                    .add_files(files.take().unwrap_or_default());
            }
            sent_id = Some(channel.send_message(self.http(), m).await?.id);
        }
        if let Some(id) = sent_id {
            store::outbox::set_platform_id(&mut conn, &msg.key, &format!("{channel}:{id}"))
                .await
                .map_err(|e| SendError::Other(store_err(e)))?;
        }
        Ok(())
    }

    /// A DM could not be delivered because the person closed their DMs: mention them in their
    /// cohort's channel and tell the facilitators, once per person and run (a closed DM would
    /// otherwise turn every reminder into a public ping).
    async fn dm_closed(&self, msg: &OutboxMessage, who: &Identity) -> Result<(), DeliveryError> {
        let mut conn = self
            .engine
            .store()
            .pool()
            .acquire()
            .await
            .map_err(store_err)?;
        let memberships = store::members::memberships(&mut conn, who)
            .await
            .map_err(store_err)?;
        let cohort_id = msg.cohort.or(memberships.first().map(|m| m.cohort));
        // No cohort or channel to fall back on will appear by retrying: give up for good.
        let cohort = match cohort_id {
            Some(id) => store::cohorts::cohort(&mut conn, id)
                .await
                .map_err(store_err)?,
            None => None,
        };
        let Some(cohort) = cohort else {
            return Err(DeliveryError::Permanent(format!(
                "{who} closed their DMs and belongs to no cohort"
            )));
        };
        let room = store::cohorts::cohort_rooms(&mut conn, cohort.id)
            .await
            .map_err(store_err)?
            .into_iter()
            .find(|r| r.platform == Platform::Discord)
            .and_then(|r| r.room.parse::<u64>().ok());
        let Some(room) = room else {
            return Err(DeliveryError::Permanent(format!(
                "{who} closed their DMs and cohort {} has no Discord channel",
                cohort.name
            )));
        };
        if !crate::lock(&self.dms_closed_told).insert(who.user.clone()) {
            return Ok(());
        }
        self.mention_dms_closed(room, msg, who, cohort.language)
            .await?;
        let name = memberships
            .iter()
            .find(|m| m.cohort == cohort.id)
            .map_or_else(|| who.user.clone(), |m| m.display_name.clone());
        let members = store::members::of_cohort_with_dm(&mut conn, cohort.id)
            .await
            .map_err(store_err)?;
        drop(conn);
        self.tell_facilitators_dms_closed(members, who, &name, cohort.language)
            .await;
        Ok(())
    }

    /// Mentions `who` in `room`, pinging only them, to say their DMs are closed.
    async fn mention_dms_closed(
        &self,
        room: u64,
        msg: &OutboxMessage,
        who: &Identity,
        lang: Lang,
    ) -> Result<(), DeliveryError> {
        let notice = Msg::new("discord-dm-closed")
            .arg("mention", format!("<@{}>", who.user))
            .render(lang);
        let only_them = match who.user.parse::<u64>() {
            Ok(id) => CreateAllowedMentions::new().users(vec![UserId::new(id)]),
            Err(_) => no_mentions(),
        };
        let m = CreateMessage::new()
            .allowed_mentions(only_them)
            .content(notice)
            .nonce(Nonce::String(nonce(&format!("dm-closed:{}", msg.key), 0)))
            .enforce_nonce(true);
        ChannelId::new(room)
            .send_message(self.http(), m)
            .await
            .map_err(|e| classify(&e))?;
        Ok(())
    }

    /// DMs each of the cohort's facilitators on Discord (but `who`) that `name`'s DMs are
    /// closed. Best effort: the person was already mentioned in the channel, which is what
    /// delivers the row, so a failure here is only logged.
    async fn tell_facilitators_dms_closed(
        &self,
        members: Vec<(Member, Option<Identity>)>,
        who: &Identity,
        name: &str,
        cohort_lang: Lang,
    ) {
        for (member, dm) in members {
            let Some(dm) = dm.filter(|d| d.platform == Platform::Discord && d != who) else {
                continue;
            };
            if member.role != Role::Facilitator {
                continue;
            }
            let Ok(user) = dm.user.parse::<u64>() else {
                continue;
            };
            let text = Msg::new("discord-dm-closed-facilitators")
                .arg("name", name)
                .render(member.language.unwrap_or(cohort_lang));
            let sent = match self.dm_channel(UserId::new(user)).await {
                Ok(c) => c.say(self.http(), text).await.map(|_| ()),
                Err(e) => Err(e),
            };
            if let Err(e) = sent {
                tracing::warn!(error = %e, "could not tell a facilitator about closed DMs");
            }
        }
    }
}

/// `channel:message`, as recorded with `set_platform_id`.
fn parse_platform_id(id: &str) -> Option<(ChannelId, MessageId)> {
    let (c, m) = id.split_once(':')?;
    Some((
        ChannelId::new(c.parse().ok().filter(|c| *c > 0)?),
        MessageId::new(m.parse().ok().filter(|m| *m > 0)?),
    ))
}

impl Deliver for Shared {
    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        if crate::lock(&self.in_flight)
            .iter()
            .any(|event| crate::answers_event(msg, event))
        {
            // Its interaction is answering it right now; the next pass sees it delivered.
            return Err(DeliveryError::Retry("answered by its interaction".into()));
        }
        let (channel, dm_to) = match &msg.destination {
            Destination::Room(room) => match room.room.parse::<u64>() {
                Ok(id) if id > 0 => (ChannelId::new(id), None),
                _ => {
                    return Err(DeliveryError::Permanent(format!(
                        "{room} is not a Discord channel id"
                    )));
                }
            },
            Destination::Direct(who) => {
                let Ok(user) = who.user.parse::<u64>() else {
                    return Err(DeliveryError::Permanent(format!(
                        "{who} is not a Discord user id"
                    )));
                };
                match self.dm_channel(UserId::new(user)).await {
                    Ok(c) => (c, Some(who)),
                    Err(e) if discord_code(&e) == Some(DMS_CLOSED) => {
                        return self.dm_closed(msg, who).await;
                    }
                    Err(e) => return Err(classify(&e)),
                }
            }
            Destination::Space(space) => (self.group_thread(space).await?, None),
        };
        match self.send(channel, msg).await {
            Ok(()) => Ok(()),
            Err(SendError::Discord(e)) => match dm_to {
                Some(who) if discord_code(&e) == Some(DMS_CLOSED) => self.dm_closed(msg, who).await,
                _ => Err(classify(&e)),
            },
            Err(SendError::Other(e)) => Err(e),
        }
    }
}

/// What a message of the bot may ping: nobody. The bot repeats what people typed (an unknown
/// command, a name, a poll option), so `@everyone`, `@here`, `<@id>` or `<@&role>` in a body
/// must stay text; a message that means to mention someone allows that one user explicitly.
pub(crate) fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_ids_parse() {
        let (c, m) = parse_platform_id("12:34").unwrap();
        assert_eq!((c.get(), m.get()), (12, 34));
        assert!(parse_platform_id("12").is_none());
        assert!(parse_platform_id("0:1").is_none());
    }
}
