//! The console's own `:` lines. Pure parsing, table-tested.

use bot::domain::Role;
use bot::duration::parse_duration;
use chrono::Duration;

/// A console meta-command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meta {
    /// `:as NAME [role]`: speak as someone else.
    As {
        /// Who.
        name: String,
        /// The role their platform would signal; none keeps theirs (participant if new).
        role: Option<Role>,
    },
    /// `:dm`: write privately to the bot.
    Dm,
    /// `:salon` / `:room`: write in the cohort room.
    Room,
    /// `:advance DURATION`: move the simulated clock.
    Advance(Duration),
    /// `:advance` with a duration that does not read.
    BadDuration(String),
    /// `:attach PATH`: attach a file to the next message.
    Attach(String),
    /// `:aide` / `:help`.
    Help,
    /// `:quit`.
    Quit,
    /// Anything else starting with `:`.
    Unknown(String),
}

/// Parses a console line; `None` when it is a chat message.
pub fn parse(line: &str) -> Option<Meta> {
    let line = line.trim();
    let rest = line.strip_prefix(':')?;
    let (word, arg) = match rest.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (rest, ""),
    };
    Some(match (word, arg) {
        ("quit" | "q" | "quitter", "") => Meta::Quit,
        ("aide" | "help", "") => Meta::Help,
        ("dm" | "mp", "") => Meta::Dm,
        ("salon" | "room", "") => Meta::Room,
        ("as", arg) if !arg.is_empty() => {
            let mut words: Vec<&str> = arg.split_whitespace().collect();
            let role = words.last().and_then(|w| w.parse::<Role>().ok());
            if role.is_some() && words.len() > 1 {
                words.pop();
            }
            Meta::As {
                name: words.join(" "),
                role: if words.is_empty() { None } else { role },
            }
        }
        ("advance" | "avancer", arg) => match parse_duration(arg) {
            Some(d) if d > Duration::zero() => Meta::Advance(d),
            _ => Meta::BadDuration(arg.to_owned()),
        },
        ("attach" | "joindre", arg) if !arg.is_empty() => Meta::Attach(arg.to_owned()),
        _ => Meta::Unknown(line.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("!aide", None),
            ("bonjour", None),
            (":quit", Some(Meta::Quit)),
            ("  :q ", Some(Meta::Quit)),
            (":aide", Some(Meta::Help)),
            (":dm", Some(Meta::Dm)),
            (":salon", Some(Meta::Room)),
            (
                ":as Alice",
                Some(Meta::As {
                    name: "Alice".into(),
                    role: None,
                }),
            ),
            (
                ":as Alice participant",
                Some(Meta::As {
                    name: "Alice".into(),
                    role: Some(Role::Participant),
                }),
            ),
            (
                ":as Camille Martin facilitator",
                Some(Meta::As {
                    name: "Camille Martin".into(),
                    role: Some(Role::Facilitator),
                }),
            ),
            (
                ":as Bob facilitatrice",
                Some(Meta::As {
                    name: "Bob".into(),
                    role: Some(Role::Facilitator),
                }),
            ),
            (":advance 2d", Some(Meta::Advance(Duration::days(2)))),
            (
                ":advance 3h30m",
                Some(Meta::Advance(Duration::minutes(210))),
            ),
            (":advance", Some(Meta::BadDuration(String::new()))),
            (":advance demain", Some(Meta::BadDuration("demain".into()))),
            (":advance 0h", Some(Meta::BadDuration("0h".into()))),
            (
                ":attach /tmp/x.pdf",
                Some(Meta::Attach("/tmp/x.pdf".into())),
            ),
            (":attach", Some(Meta::Unknown(":attach".into()))),
            (":as", Some(Meta::Unknown(":as".into()))),
            (":frobnicate", Some(Meta::Unknown(":frobnicate".into()))),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input), expected, "{input:?}");
        }
    }
}
