//! Who is asking, in which cohort, in which language: resolved once per event.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Actor, Origin, Place, Reply};
use crate::domain::{Cohort, Lang, Member, Role};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::store::{self, Destination};

/// The resolved circumstances of one event.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub msg: &'a Origin,
    pub cohort: Option<Cohort>,
    pub member: Option<Member>,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub settings: &'a super::Settings,
    /// A submission's files, checked and stored before the transaction began (or why they
    /// were refused); `None` when the message has none or is not a submission.
    pub prepared_files:
        Option<Result<Vec<store::submissions::SubmittedFile>, crate::error::UserError>>,
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
        msg: &'a Origin,
        now: DateTime<Utc>,
        settings: &'a super::Settings,
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
                                &crate::text::clean_display_name(
                                    &actor.display_name,
                                    &actor.identity.user,
                                ),
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
            Place::Direct if actor.identity.platform == crate::ids::Platform::Web => {
                web_membership(conn, &actor.identity).await?
            }
            Place::Direct => {
                match store::members::latest_membership(conn, &actor.identity).await? {
                    Some((mut m, c)) => {
                        // The adapter confirmed the role in the cohort's room for this event.
                        if let Some(role) = actor.role_hint.filter(|r| *r != m.role) {
                            store::members::set_role(conn, m.id, role).await?;
                            m.role = role;
                        }
                        (Some(c), Some(m))
                    }
                    None => (None, None),
                }
            }
        };
        if let (Some(c), Some(_)) = (&cohort, &member) {
            // A web identity is not an account to write to: never the "seen last" one.
            if actor.identity.platform != crate::ids::Platform::Web {
                store::members::touch_identity(conn, c.id, &actor.identity, now).await?;
            }
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
            settings,
            prepared_files: None,
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
            key: None,
            replaces: None,
            extra: None,
        }
    }

    /// The folder for files the bot keeps or produces.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.settings.data_dir
    }

    /// An answer sent privately to the person who spoke, wherever they spoke.
    pub fn reply_private(&self, msg: Msg) -> Reply {
        // Said in a DM, it answers the message (a receipt is a reply to the submission); said in
        // a room, it goes to another conversation, where that message does not exist.
        let in_reply_to = match self.msg.place {
            Place::Direct => Some(self.msg.event_id.clone()),
            Place::Room(_) => None,
        };
        Reply {
            to: Destination::Direct(self.msg.actor.identity.clone()),
            in_reply_to,
            ..self.reply(msg)
        }
    }

    /// What to say where the person spoke when the real answer went to them privately: nothing
    /// in a DM, a short pointer in a room.
    pub fn pointer_to_private(&self) -> Option<Reply> {
        match self.msg.place {
            Place::Room(_) => Some(self.reply(Msg::new("sent-privately"))),
            Place::Direct => None,
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

    /// Refuses `command` unless the speaker holds the role the command table asks for
    /// ([`crate::command::least_role`]) in the cohort resolved for this event. The one place
    /// where roles are enforced.
    ///
    /// In a DM, a facilitator's command also needs the role confirmed by the platform with
    /// this very event (the adapter looks it up in the cohort's room): a stored role may be
    /// stale, and someone demoted or removed must not keep the rights by DM.
    pub fn authorize(&self, command: &crate::command::Command) -> Result<(), UserError> {
        let least = crate::command::least_role(command);
        if least == Role::Observer {
            return Ok(());
        }
        let (_, member) = self.membership()?;
        // A web session stands for the member it was opened for and reads their role from the
        // store at each request, which every platform event keeps up to date.
        if least == Role::Facilitator
            && self.msg.place == Place::Direct
            && self.msg.actor.role_hint.is_none()
            && self.msg.actor.identity.platform != crate::ids::Platform::Web
        {
            return Err(UserError::new("error-role-unconfirmed"));
        }
        if member.role < least {
            return Err(UserError(
                Msg::new("error-forbidden").arg("role", Msg::new(role_msg_id(least))),
            ));
        }
        Ok(())
    }
}

/// The member a web identity (`web:<member id>`) stands for, and their cohort. The web adapter
/// writes such identities only for a signed-in session of that member.
async fn web_membership(
    conn: &mut SqliteConnection,
    identity: &crate::ids::Identity,
) -> Result<(Option<Cohort>, Option<Member>), store::StoreError> {
    let Ok(id) = identity.user.parse::<i64>() else {
        return Ok((None, None));
    };
    let Some(member) = store::members::by_id(conn, crate::ids::MemberId(id)).await? else {
        return Ok((None, None));
    };
    let cohort = store::cohorts::cohort(conn, member.cohort).await?;
    Ok((cohort, Some(member)))
}

/// The Fluent id naming a role.
pub(crate) fn role_msg_id(role: Role) -> &'static str {
    match role {
        Role::Observer => "role-observer",
        Role::Participant => "role-participant",
        Role::Facilitator => "role-facilitator",
    }
}

/// Finds the member a mention names, by identity first, then by name.
///
/// A platform mention (`<@1234>` on Discord, `@alice:example.org` on Matrix, the console's
/// name) is an account: it resolves to that account's member and nothing else, so a display
/// name set to someone's id redirects nothing. A typed name must match one member, compared
/// without case, accents or invisible characters; when several do (`Alice` and `alice`), the
/// answer lists them with their accounts and asks which one.
pub(crate) async fn mentioned_member(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    mention: &str,
) -> Result<Member, super::Failure> {
    let (cohort, _) = ctx.membership()?;
    let platform = ctx.msg.actor.identity.platform;
    let account = mention
        .strip_prefix("<@")
        .and_then(|m| m.strip_suffix('>'))
        .map(|m| m.trim_start_matches('!'));
    let unknown = || UserError(Msg::new("error-unknown-member").arg("name", mention));
    let candidates: Vec<&str> = match account {
        Some(id) => vec![id],
        None => vec![mention, mention.trim_start_matches('@')],
    };
    if platform == crate::ids::Platform::Web {
        // Pages name members by their id (`<@12>`), and only within the session's cohort.
        let found = match account.and_then(|id| id.parse::<i64>().ok()) {
            Some(id) => store::members::by_id(conn, crate::ids::MemberId(id)).await?,
            None => None,
        };
        return found
            .filter(|m| m.cohort == cohort.id)
            .ok_or_else(|| unknown().into());
    }
    for user in candidates {
        if user.is_empty() {
            continue;
        }
        let identity = crate::ids::Identity::new(platform, user);
        if let Some(m) = store::members::by_identity(conn, cohort.id, &identity).await? {
            return Ok(m);
        }
    }
    if account.is_some() {
        return Err(unknown().into());
    }
    let wanted = crate::text::comparable(mention.trim_start_matches('@'));
    let mut found: Vec<(Member, Option<crate::ids::Identity>)> =
        store::members::of_cohort_with_dm(conn, cohort.id)
            .await?
            .into_iter()
            .filter(|(m, _)| crate::text::comparable(&m.display_name) == wanted)
            .collect();
    match found.len() {
        0 => Err(unknown().into()),
        1 => Ok(found.remove(0).0),
        _ => {
            let lines: Vec<Msg> = found
                .iter()
                .map(|(m, account)| {
                    Msg::new("error-ambiguous-member-line")
                        .arg("name", m.display_name.as_str())
                        .arg(
                            "account",
                            account
                                .as_ref()
                                .map_or_else(String::new, |a| a.mention_hint()),
                        )
                })
                .collect();
            Err(UserError(
                Msg::new("error-ambiguous-member")
                    .arg("name", mention)
                    .arg("lines", lines),
            )
            .into())
        }
    }
}
