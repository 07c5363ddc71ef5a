//! The room of a small group (`Destination::Space`): created by the bot the first time
//! something is posted there, with the group's members and the cohort's facilitators invited,
//! linked to the cohort so that commands typed in it are the cohort's; anyone moved into the
//! group later is invited on the next post. The mapping group → room lives in the core's
//! `published_objects` (kind `group-room`, scope the group number, per atelier).

use bot::dispatch::DeliveryError;
use bot::i18n::Msg;
use bot::ids::{Platform, RoomRef, SpaceRef};
use bot::store;
use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::{Room, RoomMemberships, RoomState};

use crate::deliver::{MatrixSink, classify, retry};

impl MatrixSink {
    /// The group's room, created and its people invited as needed.
    pub(crate) async fn group_room(&self, space: &SpaceRef) -> Result<Room, DeliveryError> {
        let (atelier, cohort, people, known) = {
            let mut conn = self.store.pool().acquire().await.map_err(retry)?;
            let cohort = store::cohorts::cohort(&mut conn, space.cohort)
                .await
                .map_err(retry)?
                .ok_or_else(|| DeliveryError::Permanent("the group's cohort is gone".into()))?;
            let atelier = store::cohorts::atelier(&mut conn, space.cohort, space.atelier)
                .await
                .map_err(retry)?
                .ok_or_else(|| DeliveryError::Permanent("the group's atelier is gone".into()))?;
            let people = store::groups::space_identities(
                &mut conn,
                space.cohort,
                space.atelier,
                space.group,
            )
            .await
            .map_err(retry)?;
            let scope = space.group.to_string();
            let known = store::published::of_atelier(&mut conn, group_rooms(&scope), atelier.id)
                .await
                .map_err(retry)?;
            (atelier, cohort, people, known)
        };
        let wanted: Vec<OwnedUserId> = people
            .iter()
            .filter(|i| i.platform == Platform::Matrix)
            .filter_map(|i| OwnedUserId::try_from(i.user.as_str()).ok())
            .collect();
        let existing = known
            .and_then(|(id, _)| {
                <&matrix_sdk::ruma::RoomId>::try_from(id.as_str())
                    .ok()
                    .map(ToOwned::to_owned)
            })
            .and_then(|id| self.client.get_room(&id))
            .filter(|r| r.state() == RoomState::Joined);
        let room = match existing {
            Some(room) => room,
            None => {
                let name = Msg::new("group-space-name")
                    .arg("number", atelier.number)
                    .arg("title", atelier.title.as_str())
                    .arg("group", space.group)
                    .render(cohort.language);
                let mut request = CreateRoom::new();
                request.name = Some(name);
                request.preset = Some(RoomPreset::PrivateChat);
                request.invite = wanted.clone();
                let room = self.client.create_room(request).await.map_err(classify)?;
                tracing::info!(room = %room.room_id(), group = space.group, "created a group room");
                let mut conn = self.store.pool().acquire().await.map_err(retry)?;
                let scope = space.group.to_string();
                store::published::record(
                    &mut conn,
                    group_rooms(&scope),
                    atelier.id,
                    room.room_id().as_str(),
                    "",
                )
                .await
                .map_err(retry)?;
                let here = RoomRef::new(Platform::Matrix, room.room_id().as_str());
                store::cohorts::link_room(&mut conn, &here, cohort.id, chrono::Utc::now())
                    .await
                    .map_err(retry)?;
                return Ok(room);
            }
        };
        invite_missing(&room, &wanted).await?;
        Ok(room)
    }
}

/// Invites whoever should be in `room` and is neither in it nor invited.
async fn invite_missing(room: &Room, wanted: &[OwnedUserId]) -> Result<(), DeliveryError> {
    let members = room
        .members(RoomMemberships::JOIN | RoomMemberships::INVITE)
        .await
        .map_err(classify)?;
    for user in wanted {
        if members.iter().all(|m| m.user_id() != user) {
            room.invite_user_by_id(user).await.map_err(classify)?;
        }
    }
    Ok(())
}

/// The groups' rooms in `published_objects`.
fn group_rooms(group: &str) -> store::published::Published<'_> {
    store::published::Published {
        platform: Platform::Matrix,
        kind: "group-room",
        scope: group,
    }
}
