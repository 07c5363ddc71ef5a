//! The private thread of a small group (`Destination::Space`): created in the cohort's channel
//! the first time something is posted there, with the group's members and the cohort's
//! facilitators added; anyone moved into the group later is added on the next post. What the
//! group is, and the mapping group → thread (kind `group-thread`), come from `store::groups`.

use bot::dispatch::DeliveryError;
use bot::i18n::Msg;
use bot::ids::{Platform, SpaceRef};
use bot::store;
use serenity::all::{ChannelId, ChannelType, CreateThread, UserId};

use crate::Shared;
use crate::deliver::classify;

const KIND: &str = "group-thread";

fn retry(e: impl std::fmt::Display) -> DeliveryError {
    DeliveryError::Retry(e.to_string())
}

impl Shared {
    /// The group's thread, created and its people added as needed.
    pub(crate) async fn group_thread(&self, space: &SpaceRef) -> Result<ChannelId, DeliveryError> {
        let group = {
            let mut conn = self.engine.store().pool().acquire().await.map_err(retry)?;
            store::groups::group_space(&mut conn, space, KIND)
                .await
                .map_err(retry)?
                .ok_or_else(|| DeliveryError::Permanent("the group's atelier is gone".into()))?
        };
        let known = group.known.as_deref().and_then(|id| id.parse::<u64>().ok());
        let thread = match known.filter(|id| *id > 0) {
            Some(id) => ChannelId::new(id),
            None => self.open_thread(space, &group).await?,
        };
        // Adding someone already in the thread changes nothing on Discord's side.
        for user in group
            .people
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

    /// Opens the private thread of a group in the cohort's channel, and records it.
    async fn open_thread(
        &self,
        space: &SpaceRef,
        group: &store::groups::GroupSpace,
    ) -> Result<ChannelId, DeliveryError> {
        let Some(parent) = self
            .config
            .channels
            .iter()
            .find(|l| l.cohort == group.cohort.name)
            .and_then(|l| l.channel.parse::<u64>().ok())
            .filter(|id| *id > 0)
        else {
            return Err(DeliveryError::Permanent(format!(
                "no channel of cohort {} to open a thread in",
                group.cohort.name
            )));
        };
        let name = Msg::new("group-space-name")
            .arg("number", group.atelier.number)
            .arg("group", space.group)
            .render(group.cohort.language);
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
        let id = created.id.to_string();
        store::groups::record_group_space(
            &mut conn,
            space,
            KIND,
            group.atelier.id,
            &id,
            chrono::Utc::now(),
        )
        .await
        .map_err(retry)?;
        Ok(created.id)
    }
}
