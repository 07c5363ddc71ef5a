//! `!cohorte` / `!cohort`: which cohort a room follows, and linking a room to one.

use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{HandlerResult, Reply};
use crate::domain::Role;
use crate::engine::Place;
use crate::error::UserError;
use crate::i18n::Msg;
use crate::store;

pub(crate) fn show(ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    Ok(vec![
        ctx.reply(
            Msg::new("cohort-current")
                .arg("title", cohort.title.as_str())
                .arg("name", cohort.name.as_str()),
        ),
    ])
}

/// Links the room to cohort `name`. Only a facilitator of that cohort may do it, whoever they
/// are in this room: a room's power levels say nothing about another cohort.
pub(crate) async fn link(conn: &mut SqliteConnection, ctx: &Ctx<'_>, name: &str) -> HandlerResult {
    let Place::Room(room) = &ctx.msg.place else {
        return Err(UserError::new("error-link-in-dm").into());
    };
    // Whether the cohort does not exist or the speaker does not lead it, the answer is the
    // same and names only what they typed: a room is no place to learn which cohorts exist.
    let refused = || UserError(Msg::new("error-link-forbidden").arg("name", name));
    let Some(cohort) = store::cohorts::cohort_by_name(conn, name).await? else {
        return Err(refused().into());
    };
    let member = store::members::by_identity(conn, cohort.id, &ctx.msg.actor.identity).await?;
    if member.as_ref().is_none_or(|m| m.role < Role::Facilitator) {
        return Err(refused().into());
    }
    // A room that already follows a cohort changes hands only with the consent of a
    // facilitator of that cohort too: otherwise anyone who leads some cohort could take over
    // any room they sit in.
    if let Some(current) = store::cohorts::room_cohort(conn, room).await?
        && current.id != cohort.id
    {
        let here = store::members::by_identity(conn, current.id, &ctx.msg.actor.identity).await?;
        if here.as_ref().is_none_or(|m| m.role < Role::Facilitator) {
            return Err(UserError(
                Msg::new("error-relink-forbidden").arg("current", current.title.as_str()),
            )
            .into());
        }
    }
    store::cohorts::link_room(conn, room, cohort.id, ctx.now).await?;
    Ok(vec![Reply {
        lang: member.and_then(|m| m.language).unwrap_or(cohort.language),
        ..ctx.reply(Msg::new("cohort-linked").arg("title", cohort.title.as_str()))
    }])
}
