//! `!aide` / `!help`.

use super::HandlerResult;
use super::context::Ctx;
use crate::command::{COMMANDS, CommandName, spec};
use crate::domain::{Lang, Role};
use crate::i18n::Msg;

/// The usage line of a command (`!atelier N`), in the reader's language.
pub(crate) fn usage(name: CommandName) -> Msg {
    Msg::new(format!("cmd-{}-usage", name.id()))
}

/// What a command does, in a few words.
pub(crate) fn summary(name: CommandName) -> Msg {
    Msg::new(format!("cmd-{}-summary", name.id()))
}

pub(crate) fn help(ctx: &Ctx<'_>, topic: Option<CommandName>) -> HandlerResult {
    let lang = ctx.lang;
    let msg = match topic {
        Some(name) => {
            let other = match lang {
                Lang::Fr => Lang::En,
                Lang::En => Lang::Fr,
            };
            Msg::new("help-topic")
                .arg("usage", usage(name))
                .arg("summary", summary(name))
                .arg("alias", spec(name).canonical(other))
        }
        None => {
            let role = ctx.member.as_ref().map_or(Role::Observer, |m| m.role);
            let lines: Vec<String> = COMMANDS
                .iter()
                .filter(|s| s.min_role <= role)
                .map(|s| {
                    Msg::new("help-line")
                        .arg("usage", usage(s.name))
                        .arg("summary", summary(s.name))
                        .render(lang)
                })
                .collect();
            let mut msg = Msg::new("help-list").arg("commands", lines.join("\n"));
            if ctx.cohort.is_none() {
                msg = Msg::new("help-list-unlinked").arg("list", msg);
            }
            msg
        }
    };
    Ok(vec![ctx.reply(msg)])
}
