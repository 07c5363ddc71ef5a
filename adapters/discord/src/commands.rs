//! Slash commands, derived from the core's command table (names, descriptions, options); the
//! options people fill in are read back by `bot::command::from_slash`, the same parser as
//! the text grammar.

use bot::command::{COMMANDS, CommandSpec};
use bot::domain::Lang;
use bot::i18n::Msg;
use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::text::truncate;

/// Name of the integer option holding an atelier number (autocompleted).
pub const OPT_ATELIER: &str = "atelier";
/// Name of the string option holding the rest of the command line.
pub const OPT_ARGUMENTS: &str = "arguments";
/// Name of the attachment option of `/rendre`.
pub const OPT_FILE: &str = "fichier";

/// Discord's limit for command and option descriptions.
const MAX_DESCRIPTION: usize = 100;
/// Locales Discord offers for English.
const ENGLISH_LOCALES: [&str; 2] = ["en-US", "en-GB"];

fn description(id: &str, lang: Lang) -> String {
    truncate(&Msg::new(id.to_owned()).render(lang), MAX_DESCRIPTION)
}

fn option(
    kind: CommandOptionType,
    name: &str,
    msg_id: &str,
    required: bool,
) -> CreateCommandOption {
    let mut o =
        CreateCommandOption::new(kind, name, description(msg_id, Lang::Fr)).required(required);
    for locale in ENGLISH_LOCALES {
        o = o.description_localized(locale, description(msg_id, Lang::En));
    }
    o
}

/// One slash command: French name and description, English localisations.
pub fn create_command(spec: &CommandSpec) -> CreateCommand {
    let summary = format!("cmd-{}-summary", spec.name.id());
    let mut cmd =
        CreateCommand::new(spec.canonical(Lang::Fr)).description(description(&summary, Lang::Fr));
    for locale in ENGLISH_LOCALES {
        cmd = cmd
            .name_localized(locale, spec.canonical(Lang::En))
            .description_localized(locale, description(&summary, Lang::En));
    }
    let s = spec.options;
    if let Some(required) = s.atelier {
        let o = option(
            CommandOptionType::Integer,
            OPT_ATELIER,
            "discord-option-atelier",
            required,
        )
        .min_int_value(1)
        .set_autocomplete(true);
        cmd = cmd.add_option(o);
    }
    if let Some(required) = s.arguments {
        cmd = cmd.add_option(option(
            CommandOptionType::String,
            OPT_ARGUMENTS,
            "discord-option-arguments",
            required,
        ));
    }
    if s.file {
        cmd = cmd.add_option(option(
            CommandOptionType::Attachment,
            OPT_FILE,
            "discord-option-file",
            false,
        ));
    }
    cmd
}

/// Every slash command, in the order of the core's table.
pub fn all_commands() -> Vec<CreateCommand> {
    COMMANDS.iter().map(create_command).collect()
}

/// The table row of a slash command's (French) name.
pub fn spec_of(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|s| s.canonical(Lang::Fr) == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_fits_discord_rules() {
        for spec in COMMANDS {
            for name in [spec.canonical(Lang::Fr), spec.canonical(Lang::En)] {
                assert!(
                    (1..=32).contains(&name.chars().count())
                        && name
                            .chars()
                            .all(|c| c == '-' || c == '_' || c.is_alphanumeric())
                        && name.to_lowercase() == name,
                    "{name} is not a valid slash command name"
                );
            }
            let s = spec.options;
            // Discord wants required options first.
            if s.atelier == Some(false) {
                assert_ne!(s.arguments, Some(true), "{:?}", spec.name);
            }
            let json = serde_json::to_value(create_command(spec)).unwrap();
            let d = json["description"].as_str().unwrap();
            assert!((1..=100).contains(&d.chars().count()), "{d}");
            assert!(
                !d.starts_with("cmd-"),
                "missing message for {:?}",
                spec.name
            );
        }
    }

    #[test]
    fn slash_commands_read_as_the_text_grammar_does() {
        use bot::command::{Command, from_slash, parse};
        let cases: [(&str, Option<i64>, Option<&str>, &str); 5] = [
            ("atelier", Some(3), None, "!atelier 3"),
            ("rendre", Some(1), Some(" mon lien "), "!rendre 1 mon lien"),
            ("programme", None, None, "!programme"),
            ("vote", None, Some("#2 1 3"), "!vote #2 1 3"),
            (
                "retour",
                Some(2),
                Some("@ana à-revoir \"Bien\" mais"),
                "!retour 2 @ana à-revoir \"Bien\" mais",
            ),
        ];
        for (name, atelier, arguments, text) in cases {
            assert_eq!(from_slash(name, atelier, arguments), parse(text), "{name}");
        }
        assert!(matches!(from_slash("atelier", Some(0), None), Some(Err(_))));
        assert!(matches!(
            from_slash("programme", None, None),
            Some(Ok(Command::Programme))
        ));
        assert!(spec_of("schedule").is_none());
        assert!(from_slash("schedule", None, None).is_none());
    }

    #[test]
    fn english_names_are_localisations() {
        let json = serde_json::to_value(create_command(spec_of("atelier").unwrap())).unwrap();
        assert_eq!(json["name"], "atelier");
        assert_eq!(json["name_localizations"]["en-US"], "session");
        assert_eq!(json["options"][0]["autocomplete"], true);
    }
}
