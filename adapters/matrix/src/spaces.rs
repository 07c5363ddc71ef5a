//! The room of a small group (`Destination::Space`): created by the bot the first time
//! something is posted there, with the group's members and the cohort's facilitators invited;
//! anyone moved into the group later is invited on the next post. What the group is, and the
//! mapping group → room (kind `group-room`), come from `store::groups`.

use bot::dispatch::DeliveryError;
use bot::i18n::Msg;
use bot::ids::{Platform, SpaceRef};
use bot::store;
use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::{Room, RoomMemberships, RoomState};

use crate::deliver::{MatrixSink, classify, retry};

const KIND: &str = "group-room";

impl MatrixSink {
    /// The group's room, created and its people invited as needed.
    pub(crate) async fn group_room(&self, space: &SpaceRef) -> Result<Room, DeliveryError> {
        let group = {
            let mut conn = self.store.pool().acquire().await.map_err(retry)?;
            store::groups::group_space(&mut conn, space, KIND)
                .await
                .map_err(retry)?
                .ok_or_else(|| DeliveryError::Permanent("the group's atelier is gone".into()))?
        };
        let wanted: Vec<OwnedUserId> = group
            .people
            .iter()
            .filter(|i| i.platform == Platform::Matrix)
            .filter_map(|i| OwnedUserId::try_from(i.user.as_str()).ok())
            .collect();
        let existing = group
            .known
            .as_deref()
            .and_then(|id| <&matrix_sdk::ruma::RoomId>::try_from(id).ok())
            .and_then(|id| self.client.get_room(id))
            .filter(|r| r.state() == RoomState::Joined);
        if let Some(room) = existing {
            invite_missing(&room, &wanted).await?;
            return Ok(room);
        }
        let mut request = CreateRoom::new();
        request.name = Some(
            Msg::new("group-space-name")
                .arg("number", group.atelier.number)
                .arg("group", space.group)
                .render(group.cohort.language),
        );
        request.preset = Some(RoomPreset::PrivateChat);
        request.invite = wanted;
        let room = self.client.create_room(request).await.map_err(classify)?;
        tracing::info!(room = %room.room_id(), group = space.group, "created a group room");
        let mut conn = self.store.pool().acquire().await.map_err(retry)?;
        let id = room.room_id().as_str();
        store::groups::record_group_space(
            &mut conn,
            space,
            KIND,
            group.atelier.id,
            id,
            chrono::Utc::now(),
        )
        .await
        .map_err(retry)?;
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
