//! From Matrix to the engine: messages (with their files) become `Event`s, invitations are
//! accepted or declined. Poll answers, reactions and power levels are in `room_events.rs`.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use bot::domain::Role;
use bot::engine::{Actor, Attachment, Engine, Event, IncomingMessage, Origin, Place};
use bot::ids::{Identity, Platform, RoomRef};
use bot::store;
use matrix_sdk::event_handler::Ctx;
use matrix_sdk::media::MediaEventContent;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{MessageType, OriginalSyncRoomMessageEvent};
use matrix_sdk::ruma::events::room::power_levels::UserPowerLevel;
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, OwnedRoomId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room, RoomMemberships, RoomState};
use tokio::sync::{Notify, broadcast};
use tracing::Instrument;

use crate::deliver::PollIndex;

/// What the event handlers share with the rest of the adapter.
#[derive(Debug)]
pub(crate) struct Shared {
    pub engine: Engine,
    pub own_user: OwnedUserId,
    pub facilitator_power_level: i64,
    /// Rooms from the configuration: invitations to them are always accepted.
    pub configured_rooms: HashSet<String>,
    /// Poked after each handled event so the reply goes out at once.
    pub wake: std::sync::Arc<Notify>,
    /// Every message handed to the engine, for tests and benchmarks.
    pub tap: broadcast::Sender<Event>,
    /// Handlers running now: a clean stop waits for them.
    pub in_flight: AtomicUsize,
    pub stopping: AtomicBool,
    /// The native polls the bot started, filled by the delivery loop.
    pub polls: Arc<PollIndex>,
    /// Where the time of each answer goes.
    pub probe: Arc<crate::latency::Probe>,
    /// When the bot joined each room, read once from the room state per join: every message
    /// is checked against it (forgotten when the bot's own membership changes).
    pub join_times:
        std::sync::Mutex<std::collections::HashMap<OwnedRoomId, MilliSecondsSinceUnixEpoch>>,
}

/// Counts a running handler for as long as it lives.
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl<'a> InFlight<'a> {
    pub(crate) fn enter(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        InFlight(counter)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Registers the message handler (after the first sync, see `lib.rs`).
pub(crate) fn add_message_handler(client: &Client) {
    client.add_event_handler(
        |ev: OriginalSyncRoomMessageEvent, room: Room, Ctx(shared): Ctx<Arc<Shared>>| async move {
            let _guard = InFlight::enter(&shared.in_flight);
            if shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            if let Err(e) = on_message(&shared, ev, room).await {
                tracing::error!(error = %format!("{e:#}"), "cannot handle a Matrix message");
            }
        },
    );
}

/// Logs messages that stayed encrypted: the bot cannot answer them, and whoever runs it should
/// know (usually the sender's client did not yet know the bot's device).
pub(crate) fn add_undecryptable_handler(client: &Client) {
    client.add_event_handler(
        |ev: OriginalSyncRoomEncryptedEvent, room: Room| async move {
            tracing::warn!(
                room = %room.room_id(),
                sender = %ev.sender,
                event = %ev.event_id,
                "a message could not be decrypted; it is not answered"
            );
        },
    );
}

/// Registers the invitation handler.
pub(crate) fn add_invite_handler(client: &Client) {
    client.add_event_handler(
        |ev: StrippedRoomMemberEvent, room: Room, Ctx(shared): Ctx<Arc<Shared>>| async move {
            let _guard = InFlight::enter(&shared.in_flight);
            if let Err(e) = on_invite(&shared, ev, room).await {
                tracing::error!(error = %format!("{e:#}"), "cannot handle a Matrix invitation");
            }
        },
    );
}

/// Whether an event from `sender` at `ts` is for the bot to handle.
pub(crate) async fn for_the_bot(
    shared: &Shared,
    room: &Room,
    sender: &UserId,
    ts: MilliSecondsSinceUnixEpoch,
) -> bool {
    if sender == shared.own_user || room.state() != RoomState::Joined {
        return false;
    }
    // Joining a room brings some of its history; commands written before the bot was there
    // were not meant for it.
    !matches!(own_join_time(shared, room).await, Some(joined_at) if ts < joined_at)
}

async fn on_message(
    shared: &Shared,
    ev: OriginalSyncRoomMessageEvent,
    room: Room,
) -> anyhow::Result<()> {
    let received = std::time::Instant::now();
    if !for_the_bot(shared, &room, &ev.sender, ev.origin_server_ts).await {
        return Ok(());
    }
    let size = |s: Option<matrix_sdk::ruma::UInt>| s.map(u64::from);
    let (text, attachments) = match &ev.content.msgtype {
        MessageType::Text(t) => (t.body.clone(), Vec::new()),
        MessageType::File(c) => {
            let declared = size(c.info.as_ref().and_then(|i| i.size));
            media(shared, &room, c, &c.body, c.filename.as_deref(), declared).await?
        }
        MessageType::Image(c) => {
            let declared = size(c.info.as_ref().and_then(|i| i.size));
            media(shared, &room, c, &c.body, c.filename.as_deref(), declared).await?
        }
        MessageType::Audio(c) => {
            let declared = size(c.info.as_ref().and_then(|i| i.size));
            media(shared, &room, c, &c.body, c.filename.as_deref(), declared).await?
        }
        MessageType::Video(c) => {
            let declared = size(c.info.as_ref().and_then(|i| i.size));
            media(shared, &room, c, &c.body, c.filename.as_deref(), declared).await?
        }
        // Notices are what bots send: never answer them, so two bots cannot loop.
        _ => return Ok(()),
    };
    let origin = origin_of(shared, &room, &ev.sender, ev.event_id.as_str()).await?;
    let msg = IncomingMessage {
        event_id: origin.event_id,
        actor: origin.actor,
        place: origin.place,
        text,
        attachments,
    };
    let stamps = Stamps {
        server_ts_ms: u64::from(ev.origin_server_ts.0),
        received,
    };
    to_engine(shared, Event::Message(msg), Some(stamps)).await
}

/// Who acted and where, as the engine sees it: a linked room, or a DM (with the role read in
/// the person's cohort rooms).
pub(crate) async fn origin_of(
    shared: &Shared,
    room: &Room,
    sender: &UserId,
    event_id: &str,
) -> anyhow::Result<Origin> {
    let room_ref = RoomRef::new(Platform::Matrix, room.room_id().as_str());
    let linked = {
        let mut conn = shared.engine.store().pool().acquire().await?;
        store::cohorts::room_cohort(&mut conn, &room_ref)
            .await?
            .is_some()
    };
    let direct = !linked && is_direct(room).await;
    let member = room.get_member_no_sync(sender).await.ok().flatten();
    let display_name = member
        .as_ref()
        .map(|m| m.name().to_owned())
        .unwrap_or_else(|| sender.localpart().to_owned());
    let role_hint = if direct {
        // Both people in a DM usually hold power 100: it says nothing about their role. The
        // role is read where it means something, in the cohort's rooms.
        role_in_cohort_rooms(shared, &room.client(), sender).await
    } else {
        let level = member.as_ref().map(|m| m.power_level());
        Some(role_for(level, shared.facilitator_power_level))
    };
    Ok(Origin {
        event_id: event_id.to_owned(),
        actor: Actor {
            identity: Identity::new(Platform::Matrix, sender.as_str()),
            display_name,
            role_hint,
            locale_hint: None,
        },
        place: if direct {
            Place::Direct
        } else {
            Place::Room(room_ref)
        },
    })
}

/// When an event was stamped by the homeserver and received here, for the latency probe.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamps {
    pub server_ts_ms: u64,
    pub received: std::time::Instant,
}

/// Hands an event to the engine (an internal failure becomes the core's localised notice),
/// then wakes the delivery loop so the answer goes out at once.
pub(crate) async fn to_engine(
    shared: &Shared,
    event: Event,
    stamps: Option<Stamps>,
) -> anyhow::Result<()> {
    let _ = shared.tap.send(event.clone());
    let origin = event.origin();
    let span = tracing::debug_span!("matrix event", event = %origin.event_id);
    let engine_started = std::time::Instant::now();
    let handled = shared.engine.handle(event).instrument(span).await;
    if let Some(s) = stamps {
        shared
            .probe
            .committed(&origin.event_id, s.server_ts_ms, s.received, engine_started);
    }
    if let Err(e) = handled {
        let reference = short_reference(&origin.event_id);
        tracing::error!(reference = %reference, error = %e.report(), "the engine failed on a Matrix event");
        shared
            .engine
            .report_internal_error(&origin, &reference)
            .await?;
    }
    shared.wake.notify_one();
    Ok(())
}

/// The caption and file of a media message. The file is downloaded (and decrypted, in
/// encrypted rooms) only when it is a deliverable being handed in — sent in a DM, or captioned
/// `!rendre N` — and its announced size is within the limit: a file over it is passed on
/// unread, for the engine to refuse in words. Other files are none of the bot's business.
async fn media(
    shared: &Shared,
    room: &Room,
    content: &impl MediaEventContent,
    body: &str,
    filename: Option<&str>,
    declared_size: Option<u64>,
) -> anyhow::Result<(String, Vec<Attachment>)> {
    // With a `filename`, `body` is a caption; without, `body` is the file name.
    let (file_name, caption) = match filename {
        Some(name) if name != body => (name.to_owned(), body.to_owned()),
        _ => (body.to_owned(), String::new()),
    };
    let submission = bot::command::is_submission(&caption);
    let linked = {
        let mut conn = shared.engine.store().pool().acquire().await?;
        let room_ref = RoomRef::new(Platform::Matrix, room.room_id().as_str());
        store::cohorts::room_cohort(&mut conn, &room_ref)
            .await?
            .is_some()
    };
    let wanted = submission || (!linked && is_direct(room).await);
    if !wanted {
        return Ok((caption, Vec::new()));
    }
    let max = shared.engine.settings().file_limits.max_file_bytes;
    if let Some(size) = declared_size.filter(|s| *s > max) {
        return Ok((caption, vec![Attachment::not_downloaded(file_name, size)]));
    }
    let bytes = room
        .client()
        .media()
        .get_file(content, false)
        .await?
        .unwrap_or_default();
    Ok((caption, vec![Attachment::new(file_name, bytes)]))
}

/// When the bot last joined `room`, from its own membership event.
async fn own_join_time(shared: &Shared, room: &Room) -> Option<MilliSecondsSinceUnixEpoch> {
    let known = shared
        .join_times
        .lock()
        .expect("join times lock")
        .get(room.room_id())
        .copied();
    if known.is_some() {
        return known;
    }
    let me = room.get_member_no_sync(&shared.own_user).await.ok()??;
    if *me.membership() != MembershipState::Join {
        return None;
    }
    let joined = me.event().origin_server_ts()?;
    shared
        .join_times
        .lock()
        .expect("join times lock")
        .insert(room.room_id().to_owned(), joined);
    Some(joined)
}

/// A direct conversation: flagged as such, or just the bot and one other person.
async fn is_direct(room: &Room) -> bool {
    if room.is_direct().await.unwrap_or(false) {
        return true;
    }
    // The summary's counts come only with lazily loaded members, which the bot does not ask
    // for: without the stored member events, every unlinked room would read as a DM.
    let stored = room
        .members_no_sync(RoomMemberships::ACTIVE)
        .await
        .map(|m| m.len() as u64)
        .unwrap_or(0);
    room.active_members_count().max(stored) <= 2
}

/// The role `sender` holds in the rooms of the cohort their DMs are handled in: the highest
/// power level among the rooms they have joined; observer when the bot sees those rooms and
/// they are in none (removed from the cohort); `None` when the bot can see none of them.
async fn role_in_cohort_rooms(shared: &Shared, client: &Client, sender: &UserId) -> Option<Role> {
    let identity = Identity::new(Platform::Matrix, sender.as_str());
    let rooms = match shared.engine.dm_cohort_rooms(&identity).await {
        Ok(rooms) => rooms,
        Err(e) => {
            tracing::warn!(error = %e, "cannot look up the cohort rooms of a DM");
            return None;
        }
    };
    let mut seen_a_room = false;
    let mut best: Option<Role> = None;
    for room_ref in rooms.iter().filter(|r| r.platform == Platform::Matrix) {
        let Ok(room_id) = matrix_sdk::ruma::RoomId::parse(room_ref.room.as_str()) else {
            continue;
        };
        let Some(room) = client.get_room(&room_id) else {
            continue;
        };
        if room.state() != RoomState::Joined {
            continue;
        }
        seen_a_room = true;
        let Ok(Some(member)) = room.get_member_no_sync(sender).await else {
            continue;
        };
        if *member.membership() != MembershipState::Join {
            continue;
        }
        let role = role_for(Some(member.power_level()), shared.facilitator_power_level);
        best = best.max(Some(role));
    }
    match best {
        Some(role) => Some(role),
        None if seen_a_room => Some(Role::Observer),
        None => None,
    }
}

/// The role a room power level signals. Room creators (room version 12) outrank everyone.
pub(crate) fn role_for(level: Option<UserPowerLevel>, facilitator_level: i64) -> Role {
    match level {
        Some(UserPowerLevel::Infinite) => Role::Facilitator,
        Some(UserPowerLevel::Int(l)) if i64::from(l) >= facilitator_level => Role::Facilitator,
        _ => Role::Participant,
    }
}

/// A short reference people can quote to the admin; the full event id is in the log.
fn short_reference(event_id: &str) -> String {
    event_id.trim_start_matches('$').chars().take(8).collect()
}

async fn on_invite(shared: &Shared, ev: StrippedRoomMemberEvent, room: Room) -> anyhow::Result<()> {
    if ev.state_key != shared.own_user
        || ev.content.membership != MembershipState::Invite
        || room.state() != RoomState::Invited
    {
        return Ok(());
    }
    let inviter = ev.sender.clone();
    let configured = shared.configured_rooms.contains(room.room_id().as_str());
    let direct = ev.content.is_direct.unwrap_or(false);
    let accept = configured || direct || is_facilitator(shared, &inviter).await?;
    let room_id = room.room_id().to_owned();
    tracing::info!(room = %room_id, inviter = %inviter, accept, "invitation");
    // Joining from inside a sync handler would wait for the next sync: do it on the side.
    tokio::spawn(async move {
        for attempt in 0u32..5 {
            let result = if accept {
                room.join().await
            } else {
                room.leave().await
            };
            match result {
                Ok(()) => {
                    if accept && direct {
                        let _ = room.set_is_direct(true).await;
                    }
                    return;
                }
                Err(e) => {
                    tracing::warn!(room = %room_id, error = %e, attempt, "cannot answer an invitation");
                    tokio::time::sleep(std::time::Duration::from_secs(1 << attempt)).await;
                }
            }
        }
    });
    Ok(())
}

/// A facilitator of some cohort, as the store knows them.
async fn is_facilitator(shared: &Shared, user: &UserId) -> anyhow::Result<bool> {
    let mut conn = shared.engine.store().pool().acquire().await?;
    let identity = Identity::new(Platform::Matrix, user.as_str());
    Ok(store::members::memberships(&mut conn, &identity)
        .await?
        .iter()
        .any(|m| m.role == Role::Facilitator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use matrix_sdk::ruma::Int;

    #[test]
    fn power_levels_map_to_roles() {
        let int = |n: i64| Some(UserPowerLevel::Int(Int::new(n).unwrap()));
        assert_eq!(role_for(int(100), 50), Role::Facilitator);
        assert_eq!(role_for(int(50), 50), Role::Facilitator);
        assert_eq!(role_for(int(49), 50), Role::Participant);
        assert_eq!(role_for(int(0), 50), Role::Participant);
        assert_eq!(
            role_for(Some(UserPowerLevel::Infinite), 50),
            Role::Facilitator
        );
        assert_eq!(role_for(None, 50), Role::Participant);
        assert_eq!(role_for(int(75), 100), Role::Participant);
    }
}
