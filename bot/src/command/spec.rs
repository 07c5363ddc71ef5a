//! The table of commands: names in each language, who may use them. Help, suggestions and
//! usage lines are all derived from it.

use super::grammar::{self, Args, Command, ParseError};
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
    /// `!pret N` / `!ready N`
    Ready,
    /// `!pas-encore N` / `!not-yet N`
    NotYet,
    /// `!question N texte` / `!ask N text`
    Ask,
    /// `!preparation N` / `!prep N`
    Preparation,
    /// `!repondre Q texte` / `!answer Q text`
    AnswerQuestion,
    /// `!present [sur-place|distance]` / `!here [on-site|remote]`
    Present,
    /// `!presence N [@membre statut [mode] [session S]]` / `!attendance N …`
    Attendance,
    /// `!evaluer N S A [| garder [| changer]]` / `!rate N …`
    Evaluate,
    /// `!objectifs 2>4 1>3 …` / `!objectives …`
    SelfAssess,
    /// `!evaluation N|objectifs` / `!ratings N|objectives`
    Evaluation,
    /// `!suivi [@membre]` / `!progress [@member]`
    FollowUp,
    /// `!delai N raison` / `!delai accorder|refuser N @membre …` (`!extension …`)
    Extension,
    /// `!fuseau [Zone|aucun]` / `!timezone [Zone|none]`
    TimeZone,
    /// `!atelier-deplacer N DATE [raison]` / `!session-move N DATE [reason]`
    MoveAtelier,
    /// `!atelier-annuler N raison` / `!session-cancel N reason`
    CancelAtelier,
    /// `!lier-compte [CODE]` / `!link-account [CODE]`
    LinkAccount,
    /// `!web [deconnecter]` / `!web [logout]`
    Web,
    /// `!groupes [N] [--taille T|--nombre G] [--hasard] [confirmer]` / `!groups …`
    Groups,
    /// `!groupe [N] deplacer @membre G` / `!group [N] move @member G`
    GroupMove,
    /// `!profil [structure "Nom"] [type K]` / `!profile …`
    Profile,
    /// `!offre "…" --type K [--ou …]`, `!offre retirer N` / `!offer …`
    Offer,
    /// `!besoin "…" --type K [--ou …]`, `!besoin retirer N` / `!need …`
    Need,
    /// `!ressources [mots]` / `!resources [words]`
    Resources,
    /// `!mes-offres` / `!my-offers`
    MyOffers,
    /// `!relier O B` / `!connect O B`
    Connect,
    /// `!avis N CODE critère=note … commentaire` / `!review …`
    GiveReview,
    /// `!avis-suivi N` / `!review-progress N`
    ReviewProgress,
    /// `!decision "Q" --propositions … --amendements … --vote …` or `!decision N`
    Decision,
    /// `!decisions`
    Decisions,
    /// `!proposition D "Titre" texte` / `!propose …`
    Propose,
    /// `!amendement D P texte`, `!amendement accepter|refuser D P A` / `!amend …`
    Amend,
}

impl CommandName {
    /// The id used in Fluent message ids (`cmd-<id>-usage`, `cmd-<id>-summary`).
    pub fn id(self) -> &'static str {
        spec(self).id
    }
}

/// The options a form-based client (Discord's slash commands) offers for a command, so that
/// its answers make the same arguments the text grammar reads: the atelier number first, then
/// the rest of the line, then a file. `Some(true)` is a required option, `Some(false)` an
/// optional one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlashOptions {
    /// The atelier number.
    pub atelier: Option<bool>,
    /// Free arguments, as typed after the command's name (and the atelier number).
    pub arguments: Option<bool>,
    /// A file.
    pub file: bool,
}

impl SlashOptions {
    const NONE: Self = Self::new(None, None, false);
    const ATELIER: Self = Self::new(Some(true), None, false);
    const OPTIONAL_ATELIER: Self = Self::new(Some(false), None, false);
    const HAND_IN: Self = Self::new(Some(true), Some(false), true);
    const ATELIER_AND_TEXT: Self = Self::new(Some(true), Some(true), false);
    const ATELIER_AND_OPTIONAL_TEXT: Self = Self::new(Some(true), Some(false), false);
    const OPTIONAL_TEXT: Self = Self::new(None, Some(false), false);
    const TEXT: Self = Self::new(None, Some(true), false);

    const fn new(atelier: Option<bool>, arguments: Option<bool>, file: bool) -> Self {
        SlashOptions {
            atelier,
            arguments,
            file,
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
    /// Its id in Fluent message ids (`cmd-<id>-usage`, `cmd-<id>-summary`).
    pub id: &'static str,
    /// The options of its slash command.
    pub options: SlashOptions,
    /// For commands ending in free text: how many words (the name included) come before it.
    /// The text is then taken verbatim, even with an unbalanced quote in it.
    pub free_text_after: Option<usize>,
    /// Reads its arguments.
    pub parse: fn(&Args<'_>) -> Result<Command, ParseError>,
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
        id: "help",
        fr: &["aide"],
        en: &["help"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::help,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Programme,
        id: "programme",
        fr: &["programme"],
        en: &["schedule", "program"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::programme,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Atelier,
        id: "atelier",
        fr: &["atelier"],
        en: &["session", "workshop"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::atelier,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Next,
        id: "next",
        fr: &["prochain", "prochaine"],
        en: &["next"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::next,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::References,
        id: "refs",
        fr: &["refs", "références"],
        en: &["references"],
        options: SlashOptions::OPTIONAL_ATELIER,
        free_text_after: None,
        parse: grammar::references,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Language,
        id: "language",
        fr: &["langue"],
        en: &["language", "lang"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::language,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Calendar,
        id: "calendar",
        fr: &["calendrier", "agenda"],
        en: &["calendar", "ics"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::calendar,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Reminders,
        id: "reminders",
        fr: &["rappels"],
        en: &["reminders"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::reminders,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Later,
        id: "later",
        fr: &["plus-tard", "plustard"],
        en: &["later", "snooze"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::later,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Ready,
        id: "ready",
        fr: &["pret", "prêt", "prete", "prête"],
        en: &["ready"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::ready,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::NotYet,
        id: "not-yet",
        fr: &["pas-encore"],
        en: &["not-yet"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::not_yet,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Ask,
        id: "ask",
        fr: &["question"],
        en: &["ask"],
        options: SlashOptions::ATELIER_AND_TEXT,
        free_text_after: Some(2),
        parse: grammar::ask,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Present,
        id: "present",
        fr: &["present", "présent", "presente", "présente"],
        en: &["here"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::present,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Evaluate,
        id: "evaluate",
        fr: &["evaluer", "évaluer"],
        en: &["rate"],
        options: SlashOptions::ATELIER_AND_TEXT,
        // Comments are taken verbatim, apostrophes and quotes included.
        free_text_after: Some(1),
        parse: grammar::evaluate,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::SelfAssess,
        id: "self-assess",
        fr: &["objectifs"],
        en: &["objectives"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::self_assess,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Extension,
        id: "extension",
        fr: &["delai", "délai"],
        en: &["extension"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::extension,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Submit,
        id: "submit",
        fr: &["rendre"],
        en: &["submit", "handin"],
        options: SlashOptions::HAND_IN,
        free_text_after: Some(2),
        parse: grammar::submit,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::MyDeliverables,
        id: "my-deliverables",
        fr: &["mes-livrables"],
        en: &["my-deliverables"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::my_deliverables,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::MyData,
        id: "my-data",
        fr: &["mes-donnees", "mes-données"],
        en: &["my-data"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::my_data,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::ForgetMe,
        id: "forget-me",
        fr: &["oublier-moi", "oubliez-moi"],
        en: &["forget-me"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::forget_me,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Vote,
        id: "vote",
        fr: &["vote", "voter"],
        en: &["ballot"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::vote,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Polls,
        id: "polls",
        fr: &["sondages"],
        en: &["polls"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::polls,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Poll,
        id: "poll",
        fr: &["sondage"],
        en: &["poll"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::poll,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::ClosePoll,
        id: "close-poll",
        fr: &["clore"],
        en: &["close"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::close_poll,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Deliverables,
        id: "deliverables",
        fr: &["livrables"],
        en: &["deliverables"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::deliverables,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Deliverable,
        id: "deliverable",
        fr: &["livrable"],
        en: &["deliverable"],
        options: SlashOptions::ATELIER_AND_TEXT,
        free_text_after: None,
        parse: grammar::deliverable,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Feedback,
        id: "feedback",
        fr: &["retour"],
        en: &["feedback"],
        options: SlashOptions::ATELIER_AND_TEXT,
        free_text_after: Some(3),
        parse: grammar::feedback,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Groups,
        id: "groups",
        fr: &["groupes"],
        en: &["groups"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::groups,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::GroupMove,
        id: "group-move",
        fr: &["groupe"],
        en: &["group"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::group_move,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Decision,
        id: "decision",
        fr: &["decision", "décision"],
        en: &["decide"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::decision,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Decisions,
        id: "decisions",
        fr: &["decisions", "décisions"],
        en: &["decisions-list"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::decisions,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Propose,
        id: "propose",
        fr: &["proposition"],
        en: &["propose"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::propose,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Amend,
        id: "amend",
        fr: &["amendement"],
        en: &["amend"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::amend,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::GiveReview,
        id: "review",
        fr: &["avis"],
        en: &["review"],
        options: SlashOptions::ATELIER_AND_TEXT,
        free_text_after: None,
        parse: grammar::give_review,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::ReviewProgress,
        id: "review-progress",
        fr: &["avis-suivi"],
        en: &["review-progress"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::review_progress,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Offer,
        id: "offer",
        fr: &["offre"],
        en: &["offer"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::offer,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Need,
        id: "need",
        fr: &["besoin"],
        en: &["need"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::need,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Resources,
        id: "resources",
        fr: &["ressources"],
        en: &["resources"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::resources,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::MyOffers,
        id: "my-offers",
        fr: &["mes-offres"],
        en: &["my-offers"],
        options: SlashOptions::NONE,
        free_text_after: None,
        parse: grammar::my_offers,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::Connect,
        id: "connect",
        fr: &["relier"],
        en: &["connect"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::connect,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Profile,
        id: "profile",
        fr: &["profil"],
        en: &["profile"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::profile,
        min_role: Role::Participant,
    },
    CommandSpec {
        name: CommandName::LinkAccount,
        id: "link-account",
        fr: &["lier-compte"],
        en: &["link-account"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::link_account,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Web,
        id: "web",
        fr: &["web"],
        en: &["web"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::web,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::MoveAtelier,
        id: "move-atelier",
        fr: &["atelier-deplacer", "atelier-déplacer"],
        en: &["session-move"],
        options: SlashOptions::ATELIER_AND_TEXT,
        free_text_after: None,
        parse: grammar::move_atelier,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::CancelAtelier,
        id: "cancel-atelier",
        fr: &["atelier-annuler"],
        en: &["session-cancel"],
        options: SlashOptions::ATELIER_AND_TEXT,
        free_text_after: Some(2),
        parse: grammar::cancel_atelier,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Preparation,
        id: "preparation",
        fr: &["preparation", "préparation"],
        en: &["prep", "readiness"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::preparation,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::AnswerQuestion,
        id: "answer",
        fr: &["repondre", "répondre"],
        en: &["answer"],
        options: SlashOptions::TEXT,
        free_text_after: Some(2),
        parse: grammar::answer_question,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Attendance,
        id: "attendance",
        fr: &["presence", "présence", "emargement", "émargement"],
        en: &["attendance"],
        options: SlashOptions::ATELIER_AND_OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::attendance,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Evaluation,
        id: "evaluation",
        fr: &["evaluation", "évaluation"],
        en: &["ratings"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::evaluation,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::FollowUp,
        id: "followup",
        fr: &["suivi"],
        en: &["progress"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::followup,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Chase,
        id: "chase",
        fr: &["relancer"],
        en: &["chase"],
        options: SlashOptions::ATELIER,
        free_text_after: None,
        parse: grammar::chase,
        min_role: Role::Facilitator,
    },
    CommandSpec {
        name: CommandName::Cohort,
        id: "cohort",
        fr: &["cohorte"],
        en: &["cohort"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::cohort,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::TimeZone,
        id: "timezone",
        fr: &["fuseau"],
        en: &["timezone", "tz"],
        options: SlashOptions::OPTIONAL_TEXT,
        free_text_after: None,
        parse: grammar::timezone,
        min_role: Role::Observer,
    },
    CommandSpec {
        name: CommandName::Remind,
        id: "remind",
        fr: &["rappel"],
        en: &["remind", "reminder"],
        options: SlashOptions::TEXT,
        free_text_after: None,
        parse: grammar::remind,
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
pub fn least_role(command: &Command) -> Role {
    use super::RemindersAction;
    match command {
        Command::Reminders(RemindersAction::Cancel(_)) => Role::Facilitator,
        Command::Extension(super::ExtensionAction::Grant { .. })
        | Command::Extension(super::ExtensionAction::Refuse { .. }) => Role::Facilitator,
        Command::Groups(super::GroupsAction::Form { .. } | super::GroupsAction::Confirm { .. }) => {
            Role::Facilitator
        }
        Command::Decision(super::DecisionAction::Open { .. }) => Role::Facilitator,
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
            // A word both languages share (`web`) names one command, not two.
            let own: HashSet<&str> = spec.names().collect();
            for name in own {
                assert!(seen.insert(name), "{name} names two commands");
            }
        }
    }
}
