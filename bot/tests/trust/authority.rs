//! Who may do what: roles from the table, relinking rooms, rights by DM, mentions.

use super::*;

#[sqlx::test(migrations = "../migrations")]
async fn a_room_changes_cohort_only_with_its_current_facilitators(pool: SqlitePool) {
    let now = "2027-02-01T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    add_second_cohort(&engine, now).await;
    // Bea leads cohort B, and sits in cohort A's room as a participant.
    send(&engine, "b1", "bea", F, Place::Room(room_b()), "!aide").await;
    send(
        &engine,
        "b2",
        "bea",
        P,
        Place::Room(room()),
        "!cohorte lier bvm-automne-2027",
    )
    .await;
    assert_eq!(
        room_of(&engine, &room()).await.as_deref(),
        Some("bvm-printemps-2027")
    );
    let answer = &replies_to(&engine, "b2").await[0].1;
    assert!(answer.contains("suit déjà la cohorte"), "{answer}");

    // A facilitator of both cohorts may move it.
    send(&engine, "c1", "camille", F, Place::Room(room_b()), "!aide").await;
    send(
        &engine,
        "c2",
        "camille",
        F,
        Place::Room(room()),
        "!cohorte lier bvm-automne-2027",
    )
    .await;
    assert_eq!(
        room_of(&engine, &room()).await.as_deref(),
        Some("bvm-automne-2027")
    );
}

/// A command line exercising each command of the table.
fn sample(name: CommandName) -> &'static str {
    match name {
        CommandName::Help => "!aide",
        CommandName::Programme => "!programme",
        CommandName::Atelier => "!atelier 1",
        CommandName::Next => "!prochain",
        CommandName::References => "!refs 1",
        CommandName::Language => "!langue fr",
        CommandName::Remind => "!rappel demain 9h Pensez à l'atelier",
        CommandName::Reminders => "!rappels",
        CommandName::Later => "!plus-tard",
        CommandName::Calendar => "!calendrier",
        CommandName::Cohort => "!cohorte",
        CommandName::Submit => "!rendre 1 Mon texte",
        CommandName::MyDeliverables => "!mes-livrables",
        CommandName::Deliverables => "!livrables 1",
        CommandName::Deliverable => "!livrable 1 @part",
        CommandName::Feedback => "!retour 1 @part validé Bien",
        CommandName::Chase => "!relancer 1",
        CommandName::MyData => "!mes-donnees",
        CommandName::ForgetMe => "!oublier-moi",
        CommandName::Poll => "!sondage \"Q ?\" \"A\" \"B\"",
        CommandName::Vote => "!vote 1",
        CommandName::ClosePoll => "!clore 1",
        CommandName::Polls => "!sondages",
        CommandName::Ready => "!pret 1",
        CommandName::NotYet => "!pas-encore 1",
        CommandName::Ask => "!question 1 Que faut-il lire ?",
        CommandName::Preparation => "!preparation 1",
        CommandName::AnswerQuestion => "!repondre 1 Le chapitre 2 suffit",
        CommandName::Present => "!present",
        CommandName::Attendance => "!presence 1",
        CommandName::Evaluate => "!evaluer 1 4 5",
        CommandName::SelfAssess => "!objectifs 2>4",
        CommandName::Evaluation => "!evaluation 1",
        CommandName::FollowUp => "!suivi",
        CommandName::Extension => "!delai 1 Un imprévu familial",
        CommandName::TimeZone => "!fuseau",
        CommandName::MoveAtelier => "!atelier-deplacer 6 2027-05-27 9h30 salle prise",
        CommandName::CancelAtelier => "!atelier-annuler 6 intervenante malade",
        CommandName::LinkAccount => "!lier-compte",
        CommandName::Web => "!web",
        CommandName::Groups => "!groupes 1",
        CommandName::GroupMove => "!groupe 1 deplacer @alice 1",
        CommandName::Profile => "!profil",
        CommandName::Offer => "!offre \"Salle de réunion\" --type lieu",
        CommandName::Need => "!besoin \"Une salle\" --type lieu",
        CommandName::Resources => "!ressources",
        CommandName::MyOffers => "!mes-offres",
        CommandName::Connect => "!relier 1 2",
        CommandName::GiveReview => "!avis 1 R1 clarte=4",
        CommandName::ReviewProgress => "!avis-suivi 1",
        CommandName::Decision => {
            "!decision \"Quel projet ?\" --propositions 2027-03-01 18h --amendements 2027-03-03 18h --vote 2027-03-05 18h"
        }
        CommandName::Decisions => "!decisions",
        CommandName::Propose => "!proposition 1 \"Jardin\" Un jardin partagé",
        CommandName::Amend => "!amendement 1 1 Avec un composteur",
    }
}

const REFUSALS: [&str; 3] = [
    "réservée aux personnes ayant le rôle",
    "Je ne peux pas confirmer votre rôle",
    "Vous n'êtes membre d'aucune cohorte",
];

#[sqlx::test(migrations = "../migrations")]
async fn roles_come_from_the_command_table_for_every_command_role_and_place(pool: SqlitePool) {
    let now = "2027-02-01T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    let engine = generous_rate(engine);
    // `!mes-donnees` writes an export: into a folder of this test's, not the working tree.
    let data = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(data.path());
    add_second_cohort(&engine, now).await;
    // "other" leads cohort B and is a participant in A, where they spoke last.
    send(
        &engine,
        "setup-other-b",
        "other",
        F,
        Place::Room(room_b()),
        "!aide",
    )
    .await;
    let people = [
        ("obs", Role::Observer),
        ("part", Role::Participant),
        ("other", Role::Participant),
        ("fac", Role::Facilitator),
    ];
    for (who, role) in people {
        send(
            &engine,
            &format!("setup-{who}"),
            who,
            Some(role),
            Place::Room(room()),
            "!aide",
        )
        .await;
    }
    let mut lines: Vec<(CommandName, &str)> =
        COMMANDS.iter().map(|c| (c.name, sample(c.name))).collect();
    lines.push((CommandName::Reminders, "!rappels annuler 1"));
    let mut checked = 0;
    for (name, line) in &lines {
        let command = bot::command::parse(line).unwrap().unwrap();
        assert_eq!(command.name(), *name, "{line}");
        let least = least_role(&command);
        for (who, role) in people {
            for (place_name, place) in [("room", Place::Room(room())), ("dm", Place::Direct)] {
                let id = format!("{who}-{place_name}-{line}");
                // The platform confirms the role with every event, as the adapters do.
                send(&engine, &id, who, Some(role), place, line).await;
                let answers = replies_to(&engine, &id).await;
                let refused = answers
                    .iter()
                    .any(|(_, body)| REFUSALS.iter().any(|r| body.contains(r)));
                assert_eq!(
                    refused,
                    role < least,
                    "{line} by {who} ({role:?}) in {place_name}: {answers:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, lines.len() * 8);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_demoted_facilitator_keeps_no_rights_by_dm(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-01T08:00:00Z").await;
    send(&engine, "1", "camille", F, Place::Room(room()), "!aide").await;
    // The platform confirms the role: allowed.
    send(&engine, "2", "camille", F, Place::Direct, "!livrables 1").await;
    assert!(
        replies_to(&engine, "2").await[0].1.contains("Livrables"),
        "{:?}",
        replies_to(&engine, "2").await
    );
    // The role cannot be confirmed (the adapter could not look it up): refused.
    send(&engine, "3", "camille", None, Place::Direct, "!livrables 1").await;
    assert!(
        replies_to(&engine, "3").await[0]
            .1
            .contains("Je ne peux pas confirmer")
    );
    // Demoted on the platform: refused, and the stored role follows.
    send(
        &engine,
        "4",
        "camille",
        P,
        Place::Direct,
        "!retour 1 @camille validé Bien",
    )
    .await;
    assert!(
        replies_to(&engine, "4").await[0]
            .1
            .contains("réservée aux personnes")
    );
    send(
        &engine,
        "5",
        "camille",
        None,
        Place::Direct,
        "!sondage \"Q\" \"A\" \"B\"",
    )
    .await;
    let answer = &replies_to(&engine, "5").await[0].1;
    assert!(REFUSALS.iter().any(|r| answer.contains(r)), "{answer}");
    assert_eq!(count(engine.store(), "SELECT COUNT(*) FROM polls").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn mentions_resolve_by_identity_and_ask_when_names_collide(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    engine
        .handle(say_as(
            "a1",
            "u-upper",
            "Alice",
            P,
            Place::Room(room()),
            "!rendre 1 Texte de Alice",
        ))
        .await
        .unwrap();
    engine
        .handle(say_as(
            "a2",
            "u-lower",
            "alice",
            P,
            Place::Room(room()),
            "!rendre 1 Texte de alice",
        ))
        .await
        .unwrap();
    // Someone names themselves after another's account.
    engine
        .handle(say_as(
            "a3",
            "u-mallory",
            "u-upper",
            P,
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();

    send(
        &engine,
        "q1",
        "camille",
        F,
        Place::Direct,
        "!livrable 1 @alice",
    )
    .await;
    let answer = &replies_to(&engine, "q1").await[0].1;
    assert!(answer.contains("Plusieurs membres s'appellent"), "{answer}");
    assert!(
        answer.contains("@u-upper") && answer.contains("@u-lower"),
        "{answer}"
    );
    assert!(!answer.contains("Texte de"), "{answer}");

    // The account, not the display name, decides.
    send(
        &engine,
        "q2",
        "camille",
        F,
        Place::Direct,
        "!livrable 1 @u-upper",
    )
    .await;
    let answer = &replies_to(&engine, "q2").await[0].1;
    assert!(answer.contains("Texte de Alice"), "{answer}");

    // An exact, unique name still works.
    send(
        &engine,
        "q3",
        "camille",
        F,
        Place::Direct,
        "!livrable 1 @camille",
    )
    .await;
    let answer = &replies_to(&engine, "q3").await[0].1;
    assert!(!answer.contains("Plusieurs"), "{answer}");
}

#[sqlx::test(migrations = "../migrations")]
async fn discord_mentions_name_accounts_not_nicknames(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let discord_room = RoomRef::new(Platform::Discord, "900");
    {
        let mut tx = engine.store().begin().await.unwrap();
        let cohort = store::cohorts::room_cohort(&mut tx, &room())
            .await
            .unwrap()
            .unwrap();
        store::cohorts::link_room(
            &mut tx,
            &discord_room,
            cohort.id,
            at("2027-02-10T08:00:00Z"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let on_discord = |id: &str, user: &str, name: &str, role, text: &str| {
        Event::Message(IncomingMessage {
            event_id: id.to_owned(),
            actor: Actor {
                identity: Identity::new(Platform::Discord, user),
                display_name: name.to_owned(),
                role_hint: role,
                locale_hint: None,
            },
            place: Place::Room(discord_room.clone()),
            text: text.to_owned(),
            attachments: Vec::new(),
        })
    };
    engine
        .handle(on_discord("1", "111", "Bob", P, "!rendre 1 Texte de Bob"))
        .await
        .unwrap();
    // Mallory sets her nickname to Bob's id.
    engine
        .handle(on_discord(
            "2",
            "222",
            "111",
            P,
            "!rendre 1 Texte de Mallory",
        ))
        .await
        .unwrap();
    engine
        .handle(on_discord(
            "3",
            "333",
            "Camille",
            F,
            "!retour 1 <@111> validé Merci Bob",
        ))
        .await
        .unwrap();
    let (dest, _): (String, String) = sqlx::query_as(
        "SELECT destination, body FROM outbox WHERE key LIKE 'reply:discord:3:%' AND body LIKE '%Merci Bob%'",
    )
    .fetch_one(engine.store().pool())
    .await
    .unwrap();
    assert_eq!(dest, "dm:discord:111");
}
