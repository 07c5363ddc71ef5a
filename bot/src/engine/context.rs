//! Who is asking, in which cohort, in which language: resolved once per event.

use std::path::Path;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Actor, IncomingMessage, Place, Reply};
use crate::domain::{Cohort, Lang, Member, Role};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::store::{self, Destination};

/// The resolved circumstances of one event.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub msg: &'a IncomingMessage,
    pub cohort: Option<Cohort>,
    pub member: Option<Member>,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub data_dir: &'a Path,
}

/// Where an answer to `actor` speaking in `place` goes.
pub(crate) fn reply_destination(actor: &Actor, place: &Place) -> Destination {
    match place {
        Place::Room(room) => Destination::Room(room.clone()),
        Place::Direct => Destination::Direct(actor.identity.clone()),
    }
}

impl<'a> Ctx<'a> {
    /// Finds the cohort (from the room, or from the person's memberships in a DM) and the
    /// member. Someone speaking in a linked room for the first time becomes a member, with the
    /// role their platform signals (participant when it signals none).
    pub async fn resolve(
        conn: &mut SqliteConnection,
        msg: &'a IncomingMessage,
        now: DateTime<Utc>,
        data_dir: &'a Path,
    ) -> Result<Ctx<'a>, store::StoreError> {
        let actor = &msg.actor;
        let (cohort, member) = match &msg.place {
            Place::Room(room) => match store::cohorts::room_cohort(conn, room).await? {
                Some(cohort) => {
                    let member = match store::members::by_identity(conn, cohort.id, &actor.identity)
                        .await?
                    {
                        Some(mut m) => {
                            if let Some(role) = actor.role_hint.filter(|r| *r != m.role) {
                                store::members::set_role(conn, m.id, role).await?;
                                m.role = role;
                            }
                            m
                        }
                        None => {
                            store::members::create(
                                conn,
                                cohort.id,
                                &actor.display_name,
                                actor.role_hint.unwrap_or(Role::Participant),
                                &actor.identity,
                                now,
                            )
                            .await?
                        }
                    };
                    (Some(cohort), Some(member))
                }
                None => (None, None),
            },
            Place::Direct => {
                let member = store::members::memberships(conn, &actor.identity)
                    .await?
                    .into_iter()
                    .next();
                match member {
                    Some(m) => (store::cohorts::cohort(conn, m.cohort).await?, Some(m)),
                    None => (None, None),
                }
            }
        };
        if let (Some(c), Some(_)) = (&cohort, &member) {
            store::members::touch_identity(conn, c.id, &actor.identity, now).await?;
        }
        let lang = member
            .as_ref()
            .and_then(|m| m.language)
            .or(actor.locale_hint)
            .or(cohort.as_ref().map(|c| c.language))
            .unwrap_or_default();
        Ok(Ctx {
            msg,
            cohort,
            member,
            lang,
            now,
            data_dir,
        })
    }

    /// An answer to the person who spoke, where they spoke, in their language.
    pub fn reply(&self, msg: Msg) -> Reply {
        Reply {
            to: reply_destination(&self.msg.actor, &self.msg.place),
            member: self.member.as_ref().map(|m| m.id),
            lang: self.lang,
            msg,
            in_reply_to: Some(self.msg.event_id.clone()),
            attachments: Vec::new(),
        }
    }

    /// The cohort and member, or the refusal that explains why there are none.
    pub fn membership(&self) -> Result<(&Cohort, &Member), UserError> {
        match (&self.cohort, &self.member) {
            (Some(c), Some(m)) => Ok((c, m)),
            _ => Err(match self.msg.place {
                Place::Room(_) => UserError::new("error-room-not-linked"),
                Place::Direct => UserError::new("error-not-a-member"),
            }),
        }
    }

    /// The membership, refused unless the member has at least `role`.
    #[allow(dead_code)] // The scheduler, deliverables and polls issues gate their commands here.
    pub fn require(&self, role: Role) -> Result<(&Cohort, &Member), UserError> {
        let (c, m) = self.membership()?;
        if m.role < role {
            return Err(UserError(
                Msg::new("error-forbidden").arg("role", Msg::new(role_msg_id(role))),
            ));
        }
        Ok((c, m))
    }
}

/// The Fluent id naming a role.
pub(crate) fn role_msg_id(role: Role) -> &'static str {
    match role {
        Role::Observer => "role-observer",
        Role::Participant => "role-participant",
        Role::Facilitator => "role-facilitator",
    }
}
