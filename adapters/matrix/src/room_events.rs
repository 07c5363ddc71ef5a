//! What people do in Matrix rooms other than writing: answers to the bot's native polls, reactions,
//! and power-level changes. Each becomes a typed `Event`; nothing here writes command text.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use bot::command::poll_args::VoteArgs;
use bot::engine::{Event, Place, PollAnswer, Reaction, RoleChange};
use bot::ids::{Platform, RoomRef};
use bot::store;
use matrix_sdk::event_handler::Ctx;
use matrix_sdk::ruma::events::poll::unstable_response::OriginalSyncUnstablePollResponseEvent;
use matrix_sdk::ruma::events::reaction::OriginalSyncReactionEvent;
use matrix_sdk::ruma::events::room::member::OriginalSyncRoomMemberEvent;
use matrix_sdk::ruma::events::room::power_levels::{
    OriginalSyncRoomPowerLevelsEvent, RoomPowerLevelsEventContent, UserPowerLevel,
};
use matrix_sdk::ruma::{EventId, OwnedEventId, UserId};
use matrix_sdk::{Client, Room};

use crate::sync::{InFlight, Shared, for_the_bot, origin_of, role_for, to_engine};

/// Registers the handlers of this module.
pub(crate) fn add_handlers(client: &Client) {
    client.add_event_handler(
        |ev: OriginalSyncUnstablePollResponseEvent,
         room: Room,
         Ctx(shared): Ctx<Arc<Shared>>| async move {
            let _guard = InFlight::enter(&shared.in_flight);
            if shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            if let Err(e) = on_poll_response(&shared, ev, room).await {
                tracing::error!(error = %format!("{e:#}"), "cannot handle a Matrix poll vote");
            }
        },
    );
    client.add_event_handler(
        |ev: OriginalSyncRoomMemberEvent, room: Room, Ctx(shared): Ctx<Arc<Shared>>| async move {
            on_own_membership(&shared, &ev, &room);
        },
    );
    client.add_event_handler(
        |ev: OriginalSyncReactionEvent, room: Room, Ctx(shared): Ctx<Arc<Shared>>| async move {
            let _guard = InFlight::enter(&shared.in_flight);
            if shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            if let Err(e) = on_reaction(&shared, ev, room).await {
                tracing::error!(error = %format!("{e:#}"), "cannot handle a Matrix reaction");
            }
        },
    );
    client.add_event_handler(
        |ev: OriginalSyncRoomPowerLevelsEvent,
         room: Room,
         Ctx(shared): Ctx<Arc<Shared>>| async move {
            let _guard = InFlight::enter(&shared.in_flight);
            if shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            if let Err(e) = on_power_levels(&shared, ev, room).await {
                tracing::error!(error = %format!("{e:#}"), "cannot handle Matrix power levels");
            }
        },
    );
}

/// The bot's own membership changed in a room (joined again, left): its join time there is
/// read afresh at the next message.
fn on_own_membership(shared: &Shared, ev: &OriginalSyncRoomMemberEvent, room: &Room) {
    if ev.state_key == shared.own_user {
        shared
            .join_times
            .lock()
            .expect("join times lock")
            .remove(room.room_id());
    }
}

/// A vote on one of the bot's native polls: the answer ids are the option numbers; no answer
/// withdraws the vote.
async fn on_poll_response(
    shared: &Shared,
    ev: OriginalSyncUnstablePollResponseEvent,
    room: Room,
) -> anyhow::Result<()> {
    if !for_the_bot(shared, &room, &ev.sender, ev.origin_server_ts).await {
        return Ok(());
    }
    let Some(number) = poll_number(shared, &ev.content.relates_to.event_id).await? else {
        // A poll someone else started: not the bot's business.
        return Ok(());
    };
    let Some(answer) = poll_answer(&ev.content.poll_response.answers) else {
        tracing::warn!(event = %ev.event_id, "a poll vote with unknown answer ids; ignored");
        return Ok(());
    };
    let origin = origin_of(shared, &room, &ev.sender, ev.event_id.as_str()).await?;
    let event = Event::PollAnswer(PollAnswer {
        origin,
        poll: number,
        answer,
    });
    to_engine(shared, event, None).await
}

/// A reaction to a message: passed on as it is; the engine decides whether it means anything.
async fn on_reaction(
    shared: &Shared,
    ev: OriginalSyncReactionEvent,
    room: Room,
) -> anyhow::Result<()> {
    if !for_the_bot(shared, &room, &ev.sender, ev.origin_server_ts).await {
        return Ok(());
    }
    let origin = origin_of(shared, &room, &ev.sender, ev.event_id.as_str()).await?;
    let event = Event::Reaction(Reaction {
        origin,
        message: ev.content.relates_to.event_id.to_string(),
        emoji: ev.content.relates_to.key.clone(),
    });
    to_engine(shared, event, None).await
}

/// New power levels in a room: every person whose role they change is told to the engine,
/// which updates the members it knows in the cohort the room follows.
async fn on_power_levels(
    shared: &Shared,
    ev: OriginalSyncRoomPowerLevelsEvent,
    room: Room,
) -> anyhow::Result<()> {
    let before = ev.unsigned.prev_content.as_ref();
    let room_ref = RoomRef::new(Platform::Matrix, room.room_id().as_str());
    for (user, role) in role_changes(before, &ev.content, shared.facilitator_power_level) {
        if user == shared.own_user {
            continue;
        }
        let mut origin = origin_of(shared, &room, &user, ev.event_id.as_str()).await?;
        // The change concerns this room, whatever the DM heuristics say about it.
        origin.place = Place::Room(room_ref.clone());
        origin.event_id = format!("{}:{user}", ev.event_id);
        to_engine(shared, Event::RoleChange(RoleChange { origin, role }), None).await?;
    }
    Ok(())
}

/// The people whose role differs between two sets of power levels, with their new role (everyone
/// named in the new set when there is no earlier one).
pub(crate) fn role_changes(
    before: Option<&RoomPowerLevelsEventContent>,
    after: &RoomPowerLevelsEventContent,
    facilitator_level: i64,
) -> Vec<(matrix_sdk::ruma::OwnedUserId, bot::domain::Role)> {
    let level = |c: &RoomPowerLevelsEventContent, user: &UserId| {
        let l = c.users.get(user).copied().unwrap_or(c.users_default);
        role_for(Some(UserPowerLevel::Int(l)), facilitator_level)
    };
    let mut users: Vec<_> = after.users.keys().cloned().collect();
    if let Some(b) = before {
        users.extend(
            b.users
                .keys()
                .filter(|u| !after.users.contains_key(*u))
                .cloned(),
        );
    }
    users
        .into_iter()
        .filter_map(|u| {
            let now = level(after, &u);
            match before {
                Some(b) if level(b, &u) == now => None,
                _ => Some((u, now)),
            }
        })
        .collect()
}

/// The number of the bot's poll started by `start`: from memory, else from the outbox (after a
/// restart).
async fn poll_number(shared: &Shared, start: &EventId) -> anyhow::Result<Option<u32>> {
    if let Some(n) = shared.polls.lock().expect("poll index lock").get(start) {
        return Ok(Some(*n));
    }
    let mut conn = shared.engine.store().pool().acquire().await?;
    let number = match store::outbox::by_platform_id(&mut conn, start.as_str()).await? {
        Some(store::OutboxMessage {
            extra: Some(store::MessageExtra::Poll { number, .. }),
            ..
        }) => number,
        _ => return Ok(None),
    };
    shared
        .polls
        .lock()
        .expect("poll index lock")
        .insert(OwnedEventId::from(start), number);
    Ok(Some(number))
}

/// The answer ids of a poll response as option numbers (an empty answer withdraws the vote);
/// `None` when an id is not one of the bot's (numbers), which only a foreign client sends.
pub(crate) fn poll_answer(answers: &[String]) -> Option<VoteArgs> {
    if answers.is_empty() {
        return Some(VoteArgs::Withdraw);
    }
    answers
        .iter()
        .map(|a| {
            a.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| a.parse::<usize>().ok())
                .flatten()
        })
        .collect::<Option<Vec<usize>>>()
        .map(VoteArgs::Choices)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bot::domain::Role;
    use matrix_sdk::ruma::{Int, owned_user_id};

    #[test]
    fn poll_responses_become_typed_answers() {
        let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        assert_eq!(poll_answer(&s(&["2"])), Some(VoteArgs::Choices(vec![2])));
        assert_eq!(
            poll_answer(&s(&["1", "3"])),
            Some(VoteArgs::Choices(vec![1, 3]))
        );
        assert_eq!(poll_answer(&[]), Some(VoteArgs::Withdraw));
        assert_eq!(poll_answer(&s(&["abc"])), None);
        assert_eq!(poll_answer(&s(&["1 2"])), None);
        assert_eq!(poll_answer(&s(&[""])), None);
        assert_eq!(poll_answer(&s(&["+1"])), None);
        assert_eq!(poll_answer(&s(&["99999999999999999999999"])), None);
    }

    #[test]
    fn power_level_changes_name_whose_role_changed() {
        let (ana, bob, cid) = (
            owned_user_id!("@ana:x"),
            owned_user_id!("@bob:x"),
            owned_user_id!("@cid:x"),
        );
        let mut before = RoomPowerLevelsEventContent::new(
            &matrix_sdk::ruma::room_version_rules::AuthorizationRules::V1,
        );
        before.users.insert(ana.clone(), Int::new(100).unwrap());
        before.users.insert(bob.clone(), Int::new(50).unwrap());
        before.users.insert(cid.clone(), Int::new(10).unwrap());
        let mut after = before.clone();
        after.users.remove(&bob);
        after.users.insert(cid.clone(), Int::new(60).unwrap());
        let mut changes = role_changes(Some(&before), &after, 50);
        changes.sort();
        assert_eq!(
            changes,
            vec![(bob, Role::Participant), (cid, Role::Facilitator)]
        );
        assert_eq!(role_changes(Some(&after), &after, 50), Vec::new());
        assert_eq!(
            role_changes(None, &before, 50).len(),
            3,
            "without an earlier state, everyone named is told"
        );
    }
}
