//! Table tests of the command grammar.
use super::*;

fn ok(c: Command) -> Option<Result<Command, ParseError>> {
    Some(Ok(c))
}
fn usage(c: CommandName) -> Option<Result<Command, ParseError>> {
    Some(Err(ParseError::Usage { command: c }))
}
fn unknown(w: &str, s: Option<CommandName>) -> Option<Result<Command, ParseError>> {
    Some(Err(ParseError::Unknown {
        word: w.into(),
        suggestion: s,
    }))
}

#[test]
fn table() {
    use CommandName as N;
    let cases = [
        // Not commands: conversation is left alone.
        ("bonjour à tous", None),
        ("", None),
        ("!", None),
        ("! oui", None),
        ("super !", None),
        // Help.
        ("!aide", ok(Command::Help { topic: None })),
        ("!help", ok(Command::Help { topic: None })),
        ("  !AIDE  ", ok(Command::Help { topic: None })),
        (
            "!aide atelier",
            ok(Command::Help {
                topic: Some(N::Atelier),
            }),
        ),
        (
            "!aide !refs",
            ok(Command::Help {
                topic: Some(N::References),
            }),
        ),
        (
            "!help next",
            ok(Command::Help {
                topic: Some(N::Next),
            }),
        ),
        ("!aide zzz", unknown("zzz", None)),
        // Programme.
        ("!programme", ok(Command::Programme)),
        ("!schedule", ok(Command::Programme)),
        ("!program", ok(Command::Programme)),
        ("!programme 2", usage(N::Programme)),
        // Atelier.
        ("!atelier 3", ok(Command::Atelier { number: 3 })),
        ("!session 6", ok(Command::Atelier { number: 6 })),
        ("!Atelier #2", ok(Command::Atelier { number: 2 })),
        ("!atelier n°4", ok(Command::Atelier { number: 4 })),
        ("!atelier", usage(N::Atelier)),
        ("!atelier trois", usage(N::Atelier)),
        ("!atelier 0", usage(N::Atelier)),
        ("!atelier -1", usage(N::Atelier)),
        ("!atelier 1 2", usage(N::Atelier)),
        // Next.
        ("!prochain", ok(Command::Next)),
        ("!prochaine", ok(Command::Next)),
        ("!next", ok(Command::Next)),
        ("!next 2", usage(N::Next)),
        // References.
        ("!refs", ok(Command::References { atelier: None })),
        ("!refs 2", ok(Command::References { atelier: Some(2) })),
        (
            "!références 5",
            ok(Command::References { atelier: Some(5) }),
        ),
        ("!references", ok(Command::References { atelier: None })),
        (
            "!REFERENCES 1",
            ok(Command::References { atelier: Some(1) }),
        ),
        ("!refs x", usage(N::References)),
        // Language.
        (
            "!langue en",
            ok(Command::Language {
                lang: Some(Lang::En),
            }),
        ),
        (
            "!langue fr",
            ok(Command::Language {
                lang: Some(Lang::Fr),
            }),
        ),
        (
            "!language french",
            ok(Command::Language {
                lang: Some(Lang::Fr),
            }),
        ),
        ("!langue", ok(Command::Language { lang: None })),
        ("!langue de", usage(N::Language)),
        // Unknown, with the closest command suggested when close.
        ("!atelir 2", unknown("atelir", Some(N::Atelier))),
        ("!programe", unknown("programe", Some(N::Programme))),
        ("!prog", unknown("prog", Some(N::Programme))),
        ("!aidez-moi", unknown("aidez-moi", Some(N::Help))),
        ("!xyzzy", unknown("xyzzy", None)),
        // Reminders.
        (
            "!rappel demain 9h Pensez au livrable",
            ok(Command::Remind {
                member: None,
                spec: ReminderSpec::Once {
                    words: vec![
                        "demain".into(),
                        "9h".into(),
                        "Pensez".into(),
                        "au".into(),
                        "livrable".into(),
                    ],
                },
            }),
        ),
        (
            "!rappel @Alice lundi 14h30 « Votre retour ? »",
            ok(Command::Remind {
                member: Some("@Alice".into()),
                spec: ReminderSpec::Once {
                    words: vec!["lundi".into(), "14h30".into(), "Votre retour ?".into()],
                },
            }),
        ),
        (
            "!rappel cron \"0 9 * * MON\" Journal de bord",
            ok(Command::Remind {
                member: None,
                spec: ReminderSpec::Cron {
                    rule: "0 9 * * MON".into(),
                    text: "Journal de bord".into(),
                },
            }),
        ),
        (
            "!remind cron 0 9 * * 1 Logbook",
            ok(Command::Remind {
                member: None,
                spec: ReminderSpec::Cron {
                    rule: "0 9 * * 1".into(),
                    text: "Logbook".into(),
                },
            }),
        ),
        ("!rappel cron \"0 9 * * MON\"", usage(N::Remind)),
        ("!rappel demain", usage(N::Remind)),
        ("!rappel", usage(N::Remind)),
        ("!rappels", ok(Command::Reminders(RemindersAction::List))),
        (
            "!rappels off",
            ok(Command::Reminders(RemindersAction::Dms(false))),
        ),
        (
            "!reminders ON",
            ok(Command::Reminders(RemindersAction::Dms(true))),
        ),
        (
            "!rappels annuler 3",
            ok(Command::Reminders(RemindersAction::Cancel(3))),
        ),
        (
            "!reminders cancel #2",
            ok(Command::Reminders(RemindersAction::Cancel(2))),
        ),
        ("!rappels annuler zéro", usage(N::Reminders)),
        ("!rappels peut-être", usage(N::Reminders)),
        ("!plus-tard", ok(Command::Later { delay: None })),
        (
            "!plus-tard 2h",
            ok(Command::Later {
                delay: Some(chrono::Duration::hours(2)),
            }),
        ),
        (
            "!snooze 30m",
            ok(Command::Later {
                delay: Some(chrono::Duration::minutes(30)),
            }),
        ),
        ("!plus-tard jamais", usage(N::Later)),
        ("!plus-tard 400d", usage(N::Later)),
        ("!calendrier", ok(Command::Calendar)),
        ("!calendar", ok(Command::Calendar)),
        ("!cohorte", ok(Command::CohortShow)),
        // Deliverables.
        (
            "!rendre 2",
            ok(Command::Submit {
                atelier: 2,
                text: String::new(),
            }),
        ),
        (
            "!rendre 2 Mon texte « cité »\nligne 2",
            ok(Command::Submit {
                atelier: 2,
                text: "Mon texte « cité »\nligne 2".into(),
            }),
        ),
        (
            "!submit 1 https://example.org/doc",
            ok(Command::Submit {
                atelier: 1,
                text: "https://example.org/doc".into(),
            }),
        ),
        ("!rendre", usage(N::Submit)),
        ("!rendre deux texte", usage(N::Submit)),
        ("!mes-livrables", ok(Command::MyDeliverables)),
        ("!livrables 3", ok(Command::Deliverables { atelier: 3 })),
        ("!livrables", usage(N::Deliverables)),
        (
            "!livrable 3 @alice",
            ok(Command::Deliverable {
                atelier: 3,
                member: "@alice".into(),
            }),
        ),
        (
            "!retour 3 @alice à-reprendre Précisez la partie 2.",
            ok(Command::Feedback {
                atelier: 3,
                member: "@alice".into(),
                status: Some(crate::domain::SubmissionStatus::Rework),
                text: "Précisez la partie 2.".into(),
            }),
        ),
        (
            "!retour 3 @alice Très clair, merci",
            ok(Command::Feedback {
                atelier: 3,
                member: "@alice".into(),
                status: None,
                text: "Très clair, merci".into(),
            }),
        ),
        ("!retour 3 @alice validé", usage(N::Feedback)),
        // Free text after quoted names and line breaks is kept exactly as typed.
        (
            "!retour 1 \"@Alice Martin\" validé Très clair",
            ok(Command::Feedback {
                atelier: 1,
                member: "@Alice Martin".into(),
                status: Some(crate::domain::SubmissionStatus::Validated),
                text: "Très clair".into(),
            }),
        ),
        (
            "!retour 1 « Alice » validé Très clair",
            ok(Command::Feedback {
                atelier: 1,
                member: "Alice".into(),
                status: Some(crate::domain::SubmissionStatus::Validated),
                text: "Très clair".into(),
            }),
        ),
        (
            "!retour 1 @alice Le \"titre est à revoir",
            ok(Command::Feedback {
                atelier: 1,
                member: "@alice".into(),
                status: None,
                text: "Le \"titre est à revoir".into(),
            }),
        ),
        (
            "!rendre 1 J'ai appelé ça « le lien",
            ok(Command::Submit {
                atelier: 1,
                text: "J'ai appelé ça « le lien".into(),
            }),
        ),
        (
            "!rendre\n2 texte",
            ok(Command::Submit {
                atelier: 2,
                text: "texte".into(),
            }),
        ),
        ("!sondage \"Q\" \"A", Some(Err(ParseError::UnclosedQuote))),
        ("!rendre \"1 texte", Some(Err(ParseError::UnclosedQuote))),
        ("!relancer 2", ok(Command::Chase { atelier: 2 })),
        ("!mes-données", ok(Command::MyData)),
        ("!oublier-moi", ok(Command::ForgetMe { confirm: false })),
        (
            "!forget-me confirm",
            ok(Command::ForgetMe { confirm: true }),
        ),
        ("!oublier-moi maintenant", usage(N::ForgetMe)),
        // Polls.
        (
            "!vote 2",
            ok(Command::Vote {
                poll: None,
                vote: super::super::poll_args::VoteArgs::Choices(vec![2]),
            }),
        ),
        ("!vote", usage(N::Vote)),
        ("!clore 3", ok(Command::ClosePoll { poll: 3 })),
        ("!close #3", ok(Command::ClosePoll { poll: 3 })),
        ("!clore", usage(N::ClosePoll)),
        ("!sondages", ok(Command::Polls)),
        ("!sondage \"Q\" \"A\" \"B\" --couleur", usage(N::Poll)),
        (
            "!cohorte lier bvm-printemps-2027",
            ok(Command::CohortLink {
                name: "bvm-printemps-2027".into(),
            }),
        ),
        (
            "!cohort link x",
            ok(Command::CohortLink { name: "x".into() }),
        ),
        ("!cohorte lier", usage(N::Cohort)),
        ("!cohorte supprimer x", usage(N::Cohort)),
        // Quotes.
        ("!aide \"atelier", Some(Err(ParseError::UnclosedQuote))),
    ];
    for (input, expected) in cases {
        assert_eq!(parse(input), expected, "{input:?}");
    }
}

#[test]
fn hand_ins_are_recognised() {
    for (text, expected) in [
        ("!rendre 1", true),
        ("!submit 2 mon texte", true),
        ("!rendre", false),
        ("!aide", false),
        ("photo du tableau", false),
        ("", false),
    ] {
        assert_eq!(is_submission(text), expected, "{text:?}");
    }
}
