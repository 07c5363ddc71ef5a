//! `!langue` / `!language`.

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
