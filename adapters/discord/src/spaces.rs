//! The private thread of a small group (`Destination::Space`): created in the cohort's channel
//! the first time something is posted there, with the group's members and the cohort's
//! facilitators added, linked to the cohort so that commands typed in it are the cohort's;
//! anyone moved into the group later is added on the next post. The mapping group → thread
//! lives in the core's `published_objects` (kind `group-thread`, scope the group number, per
//! atelier).

use bot::dispatch::DeliveryError;
use bot::i18n::Msg;
use bot::ids::{Platform, RoomRef, SpaceRef};
use bot::store;
use serenity::all::{ChannelId, ChannelType, CreateThread, UserId};

use crate::Shared;
use crate::deliver::classify;

fn retry(e: impl std::fmt::Display) -> DeliveryError {
    DeliveryError::Retry(e.to_string())
}

impl Shared {
    /// The group's thread, created and its people added as needed.
    pub(crate) async fn group_thread(&self, space: &SpaceRef) -> Result<ChannelId, DeliveryError> {
        let (atelier, cohort, people, known) = {
            let mut conn = self.engine.store().pool().acquire().await.map_err(retry)?;
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
            let known = store::published::of_atelier(&mut conn, group_threads(&scope), atelier.id)
                .await
                .map_err(retry)?;
            (atelier, cohort, people, known)
        };
        let thread = match known
            .and_then(|(id, _)| id.parse::<u64>().ok())
            .filter(|id| *id > 0)
        {
            Some(id) => ChannelId::new(id),
            None => self.open_thread(space, &atelier, &cohort).await?,
        };
        // Adding someone already in the thread changes nothing on Discord's side.
        for user in people
            .iter()
            .filter(|i| i.platform == Platform::Discord)
            .filter_map(|i| i.user.parse::<u64>().ok())
            .filter(|id| *id > 0)
        {
            thread
                .add_thread_member(self.http(), UserId::new(user))
                .await
                .map_err(|e| classify(&e))?;
        }
        Ok(thread)
    }

    /// Opens the private thread of a group in the cohort's channel, recorded and linked.
    async fn open_thread(
        &self,
        space: &SpaceRef,
        atelier: &bot::domain::Atelier,
        cohort: &bot::domain::Cohort,
    ) -> Result<ChannelId, DeliveryError> {
        let Some(parent) = self
            .config
            .channels
            .iter()
            .find(|l| l.cohort == cohort.name)
            .and_then(|l| l.channel.parse::<u64>().ok())
            .filter(|id| *id > 0)
        else {
            return Err(DeliveryError::Permanent(format!(
                "no channel of cohort {} to open a thread in",
                cohort.name
            )));
        };
        let name = Msg::new("group-space-name")
            .arg("number", atelier.number)
            .arg("group", space.group)
            .render(cohort.language);
        let created = ChannelId::new(parent)
            .create_thread(
                self.http(),
                CreateThread::new(name)
                    .kind(ChannelType::PrivateThread)
                    .invitable(false),
            )
            .await
            .map_err(|e| classify(&e))?;
        tracing::info!(thread = %created.id, group = space.group, "created a group thread");
        let mut conn = self.engine.store().pool().acquire().await.map_err(retry)?;
        let scope = space.group.to_string();
        let id = created.id.to_string();
        store::published::record(&mut conn, group_threads(&scope), atelier.id, &id, "")
            .await
            .map_err(retry)?;
        let here = RoomRef::new(Platform::Discord, id);
        store::cohorts::link_room(&mut conn, &here, cohort.id, chrono::Utc::now())
            .await
            .map_err(retry)?;
        Ok(created.id)
    }
}

/// The groups' threads in `published_objects`.
fn group_threads(group: &str) -> store::published::Published<'_> {
    store::published::Published {
        platform: Platform::Discord,
        kind: "group-thread",
        scope: group,
    }
}
