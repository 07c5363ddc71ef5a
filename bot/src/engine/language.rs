//! A member's own settings: `!langue` / `!language`, `!fuseau` / `!timezone`.

use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{HandlerResult, Reply};
use crate::domain::Lang;
use crate::i18n::Msg;
use crate::store;

fn lang_name(lang: Lang) -> Msg {
    Msg::new("lang-name").arg("lang", lang.code())
}

pub(crate) async fn language(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    lang: Option<Lang>,
) -> HandlerResult {
    let (_, member) = ctx.membership()?;
    let Some(lang) = lang else {
        return Ok(vec![ctx.reply(
            Msg::new("language-current").arg("lang", lang_name(ctx.lang)),
        )]);
    };
    store::members::set_language(conn, member.id, Some(lang)).await?;
    // Confirmed in the language just chosen: the first sentence they read in it.
    Ok(vec![Reply {
        lang,
        ..ctx.reply(Msg::new("language-set").arg("lang", lang_name(lang)))
    }])
}

/// `!fuseau [Zone|aucun]`: one's own time zone, so that dates written to them privately show
/// their local time beside the cohort's (the room keeps the cohort's zone).
pub(crate) async fn timezone(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    zone: Option<&str>,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let Some(zone) = zone else {
        let current = member.timezone.unwrap_or(cohort.timezone);
        return Ok(vec![
            ctx.reply_private(
                Msg::new("timezone-current")
                    .arg("zone", current.name())
                    .arg(
                        "own",
                        if member.timezone.is_some() {
                            "yes"
                        } else {
                            "no"
                        },
                    ),
            ),
        ]);
    };
    if zone.is_empty() {
        store::members::set_timezone(conn, member.id, None).await?;
        return Ok(vec![ctx.reply_private(
            Msg::new("timezone-cleared").arg("zone", cohort.timezone.name()),
        )]);
    }
    let Ok(parsed) = zone.trim().parse::<chrono_tz::Tz>() else {
        let msg = match crate::programme::closest_zone(zone) {
            Some(z) => Msg::new("timezone-unknown-suggest").arg("suggestion", z),
            None => Msg::new("timezone-unknown"),
        };
        return Err(crate::error::UserError(msg.arg("zone", zone)).into());
    };
    let own = (parsed != cohort.timezone).then_some(parsed);
    store::members::set_timezone(conn, member.id, own).await?;
    let now = crate::schedule::utc_to_local(cohort.timezone, ctx.now);
    // Written privately, the confirmation shows the person's local time beside the cohort's
    // already (see `write_replies`).
    let reply = ctx.reply_private(
        Msg::new("timezone-set")
            .arg("zone", parsed.name())
            .arg("now", now),
    );
    let mut out = vec![reply];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}
