//! The table of commands: names in each language, who may use them. Help, suggestions and
//! usage lines are all derived from it.

use crate::domain::{Lang, Role};

/// Every command, independent of language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandName {
    /// `!aide` / `!help`
    Help,
    /// `!programme` / `!schedule`
    Programme,
    /// `!atelier N` / `!session N`
    Atelier,
    /// `!prochain` / `!next`
    Next,
    /// `!refs [N]` / `!references [N]`
    References,
    /// `!langue fr|en` / `!language fr|en`
    Language,
    /// `!rappel …` / `!remind …`
    Remind,
    /// `!rappels [on|off|annuler N]` / `!reminders [on|off|cancel N]`
    Reminders,
    /// `!plus-tard [durée]` / `!later [duration]`
    Later,
    /// `!calendrier` / `!calendar`
    Calendar,
    /// `!cohorte [lier NOM]` / `!cohort [link NAME]`
    Cohort,
    /// `!rendre N …` / `!submit N …`
    Submit,
    /// `!mes-livrables` / `!my-deliverables`
    MyDeliverables,
    /// `!livrables N` / `!deliverables N`
    Deliverables,
    /// `!livrable N @membre` / `!deliverable N @member`
    Deliverable,
    /// `!retour N @membre [statut] texte` / `!feedback N @member [status] text`
    Feedback,
    /// `!relancer N` / `!chase N`
    Chase,
    /// `!mes-donnees` / `!my-data`
    MyData,
    /// `!oublier-moi [confirmer]` / `!forget-me [confirm]`
    ForgetMe,
    /// `!sondage "Q" "A" "B" …` / `!poll …`
    Poll,
    /// `!vote [#N] …`
    Vote,
    /// `!clore N` / `!close N`
    ClosePoll,
    /// `!sondages` / `!polls`
    Polls,
}

impl CommandName {
    /// The id used in Fluent message ids (`cmd-<id>-usage`, `cmd-<id>-summary`).
    pub fn id(self) -> &'static str {
        match self {
            CommandName::Help => "help",
            CommandName::Programme => "programme",
            CommandName::Atelier => "atelier",
            CommandName::Next => "next",
            CommandName::References => "refs",
            CommandName::Language => "language",
            CommandName::Remind => "remind",
            CommandName::Reminders => "reminders",
            CommandName::Later => "later",
            CommandName::Calendar => "calendar",
            CommandName::Cohort => "cohort",
            CommandName::Submit => "submit",
            CommandName::MyDeliverables => "my-deliverables",
            CommandName::Deliverables => "deliverables",
            CommandName::Deliverable => "deliverable",
            CommandName::Feedback => "feedback",
            CommandName::Chase => "chase",
            CommandName::MyData => "my-data",
            CommandName::ForgetMe => "forget-me",
            CommandName::Poll => "poll",
            CommandName::Vote => "vote",
            CommandName::ClosePoll => "close-poll",
            CommandName::Polls => "polls",
        }
    }
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// Which command.
    pub name: CommandName,
    /// French names, the first one canonical.
    pub fr: &'static [&'static str],
    /// English names, the first one canonical.
    pub en: &'static [&'static str],
    /// The least role that may use it.
    pub min_role: Role,
}

impl CommandSpec {
    /// The canonical name in `lang`, without the prefix.
    pub fn canonical(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr[0],
            Lang::En => self.en[0],
        }
    }

    /// Every accepted name, French first.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fr.iter().chain(self.en.iter()).copied()
    }
}

/// The command table, in the order help lists it.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: CommandName::Help,
        fr: &["aide"],
        en: &["help"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Programme,
        fr: &["programme"],
        en: &["schedule", "program"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Atelier,
        fr: &["atelier"],
        en: &["session", "workshop"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Next,
        fr: &["prochain", "prochaine"],
        en: &["next"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::References,
        fr: &["refs", "références"],
        en: &["references"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Language,
        fr: &["langue"],
        en: &["language", "lang"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Calendar,
        fr: &["calendrier", "agenda"],
        en: &["calendar", "ics"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Reminders,
        fr: &["rappels"],
        en: &["reminders"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Later,
        fr: &["plus-tard", "plustard"],
        en: &["later", "snooze"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Submit,
        fr: &["rendre"],
        en: &["submit", "handin"],
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::MyDeliverables,
        fr: &["mes-livrables"],
        en: &["my-deliverables"],
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::MyData,
        fr: &["mes-donnees", "mes-données"],
        en: &["my-data"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::ForgetMe,
        fr: &["oublier-moi", "oubliez-moi"],
        en: &["forget-me"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Vote,
        fr: &["vote", "voter"],
        en: &["ballot"],
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Polls,
        fr: &["sondages"],
        en: &["polls"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Poll,
        fr: &["sondage"],
        en: &["poll"],
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::ClosePoll,
        fr: &["clore"],
        en: &["close"],
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Deliverables,
        fr: &["livrables"],
        en: &["deliverables"],
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Deliverable,
        fr: &["livrable"],
        en: &["deliverable"],
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Feedback,
        fr: &["retour"],
        en: &["feedback"],
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Chase,
        fr: &["relancer"],
        en: &["chase"],
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Cohort,
        fr: &["cohorte"],
        en: &["cohort"],
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Remind,
        fr: &["rappel"],
        en: &["remind", "reminder"],
        min_role: Role::Facilitator,
    },
];

/// The least role that may run `command`, in the cohort it concerns: the table's, raised for
/// the actions of a command that manage the cohort rather than oneself. The engine checks
/// this, and only this, before any handler runs.
///
/// Linking a room (`!cohorte lier`) is the one command whose authority is not the speaker's
/// role here: it needs a facilitator of the cohort named, and of the cohort the room follows
/// already, which the handler checks against both.
pub fn least_role(command: &super::Command) -> Role {
    use super::{Command, RemindersAction};
    match command {
        Command::Reminders(RemindersAction::Cancel(_)) => Role::Facilitator,
        other => spec(other.name()).min_role,
    }
}

/// The table row of `name`.
pub fn spec(name: CommandName) -> &'static CommandSpec {
    COMMANDS
        .iter()
        .find(|s| s.name == name)
        .expect("every command name has a row")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_across_languages() {
        let mut seen = HashSet::new();
        for spec in COMMANDS {
            for name in spec.names() {
                assert!(seen.insert(name), "{name} names two commands");
            }
        }
    }
}
