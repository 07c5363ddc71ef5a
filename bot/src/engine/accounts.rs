//! `!lier-compte`: one person on two platforms becomes one member. The account that asks gets
//! a one-time code by private message; typed by private message on the other platform within
//! ten minutes, it joins both accounts (see `store::accounts`).

use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{HandlerResult, Place, Reply};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::store;

/// `!lier-compte` (ask for a code) or `!lier-compte CODE` (type it on the other platform).
pub(crate) async fn link_account(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    code: Option<String>,
) -> HandlerResult {
    match code {
        None => ask(conn, ctx).await,
        Some(code) => answer(conn, ctx, &code).await,
    }
}

async fn ask(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let me = &ctx.msg.actor.identity;
    if store::members::latest_membership(conn, me).await?.is_none() {
        return Err(UserError::new("link-account-unknown").into());
    }
    let code = store::accounts::new_code()?;
    store::accounts::save_code(conn, me, &code, ctx.now).await?;
    let mut out = vec![
        ctx.reply_private(
            Msg::new("link-account-code")
                .arg("code", code.as_str())
                .arg("minutes", store::accounts::CODE_LIFETIME.num_minutes()),
        ),
    ];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

async fn answer(conn: &mut SqliteConnection, ctx: &Ctx<'_>, code: &str) -> HandlerResult {
    let me = &ctx.msg.actor.identity;
    if ctx.msg.place != Place::Direct {
        // Read by the whole room, the code is worth nothing any more: used up, not refused, so
        // that withdrawing it is kept.
        store::accounts::take_code(conn, code, ctx.now).await?;
        return Ok(vec![ctx.reply(Msg::new("link-account-in-room"))]);
    }
    let Some(first) = store::accounts::take_code(conn, code, ctx.now).await? else {
        return Err(UserError::new("link-account-bad-code").into());
    };
    if first.platform == me.platform {
        return Err(UserError::new("link-account-same-platform").into());
    }
    let linked = store::accounts::link(conn, &first, me, ctx.now).await?;
    let Some((member, cohort)) = store::members::latest_membership(conn, &first).await? else {
        return Err(UserError::new("link-account-unknown").into());
    };
    let merged = linked.iter().filter(|l| l.merged.is_some()).count();
    let done = |other: &crate::ids::Identity| {
        Msg::new("link-account-done")
            .arg("other", other.platform.as_str())
            .arg("cohorts", linked.len())
            .arg("merged", merged)
    };
    // Not `ctx.reply`: the member the event came from may just have been merged away.
    Ok(vec![
        Reply::direct(me.clone(), &member, &cohort, done(&first)),
        Reply::direct(first.clone(), &member, &cohort, done(me)),
    ])
}
