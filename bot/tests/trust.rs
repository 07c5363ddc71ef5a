//! Trust at the edges: what a clumsy or hostile person tries, on a real SQLite store.
//!
//! Each test names a promise of the README and tries to break it.

mod common;

use std::sync::Arc;

use bot::clock::SimClock;
use bot::command::{COMMANDS, CommandName, least_role};
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place, Settings};
use bot::ids::{Identity, Platform, RoomRef};
use bot::limits::Limits;
use bot::store::{self, Store};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn room_b() -> RoomRef {
    RoomRef::new(Platform::Console, "salon-b")
}

/// A message from account `user` shown as `name`.
fn say_as(id: &str, user: &str, name: &str, role: Option<Role>, place: Place, text: &str) -> Event {
    Event::Message(IncomingMessage {
        event_id: id.to_owned(),
        actor: Actor {
            identity: Identity::new(Platform::Console, user),
            display_name: name.to_owned(),
            role_hint: role,
            locale_hint: None,
        },
        place,
        text: text.to_owned(),
        attachments: Vec::new(),
    })
}

/// A second cohort, "bvm-automne-2027", linked to `salon-b`.
async fn add_second_cohort(engine: &Engine, now: &str) {
    let toml = EXAMPLE
        .replace("bvm-printemps-2027", "bvm-automne-2027")
        .replace("cohorte du printemps 2027", "cohorte d'automne 2027");
    let programme = bot::programme::parse(&toml).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    let report = store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap();
    store::cohorts::link_room(&mut tx, &room_b(), report.cohort, at(now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// The bodies of the answers to event `id`.
async fn replies_to(engine: &Engine, id: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT destination, body FROM outbox WHERE key LIKE ? ORDER BY id")
        .bind(format!("reply:console:{id}:%"))
        .fetch_all(engine.store().pool())
        .await
        .unwrap()
}

async fn room_of(engine: &Engine, room: &RoomRef) -> Option<String> {
    let mut conn = engine.store().pool().acquire().await.unwrap();
    store::cohorts::room_cohort(&mut conn, room)
        .await
        .unwrap()
        .map(|c| c.name)
}

fn generous_rate(engine: Engine) -> Engine {
    let settings = Settings {
        limits: Limits {
            commands_per_minute: 100_000,
            ..Limits::default()
        },
        ..engine.settings().clone()
    };
    engine.with_settings(settings)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_room_changes_cohort_only_with_its_current_facilitators(pool: SqlitePool) {
    let now = "2027-02-01T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    add_second_cohort(&engine, now).await;
    // Bea leads cohort B, and sits in cohort A's room as a participant.
    engine
        .handle(say("b1", "bea", F, Place::Room(room_b()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "b2",
            "bea",
            P,
            Place::Room(room()),
            "!cohorte lier bvm-automne-2027",
        ))
        .await
        .unwrap();
    assert_eq!(
        room_of(&engine, &room()).await.as_deref(),
        Some("bvm-printemps-2027")
    );
    let answer = &replies_to(&engine, "b2").await[0].1;
    assert!(answer.contains("suit déjà la cohorte"), "{answer}");

    // A facilitator of both cohorts may move it.
    engine
        .handle(say("c1", "camille", F, Place::Room(room_b()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "c2",
            "camille",
            F,
            Place::Room(room()),
            "!cohorte lier bvm-automne-2027",
        ))
        .await
        .unwrap();
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
    add_second_cohort(&engine, now).await;
    // "other" leads cohort B and is a participant in A, where they spoke last.
    engine
        .handle(say(
            "setup-other-b",
            "other",
            F,
            Place::Room(room_b()),
            "!aide",
        ))
        .await
        .unwrap();
    let people = [
        ("obs", Role::Observer),
        ("part", Role::Participant),
        ("other", Role::Participant),
        ("fac", Role::Facilitator),
    ];
    for (who, role) in people {
        engine
            .handle(say(
                &format!("setup-{who}"),
                who,
                Some(role),
                Place::Room(room()),
                "!aide",
            ))
            .await
            .unwrap();
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
                engine
                    .handle(say(&id, who, Some(role), place, line))
                    .await
                    .unwrap();
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
    engine
        .handle(say("1", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    // The platform confirms the role: allowed.
    engine
        .handle(say("2", "camille", F, Place::Direct, "!livrables 1"))
        .await
        .unwrap();
    assert!(
        replies_to(&engine, "2").await[0].1.contains("Livrables"),
        "{:?}",
        replies_to(&engine, "2").await
    );
    // The role cannot be confirmed (the adapter could not look it up): refused.
    engine
        .handle(say("3", "camille", None, Place::Direct, "!livrables 1"))
        .await
        .unwrap();
    assert!(
        replies_to(&engine, "3").await[0]
            .1
            .contains("Je ne peux pas confirmer")
    );
    // Demoted on the platform: refused, and the stored role follows.
    engine
        .handle(say(
            "4",
            "camille",
            P,
            Place::Direct,
            "!retour 1 @camille validé Bien",
        ))
        .await
        .unwrap();
    assert!(
        replies_to(&engine, "4").await[0]
            .1
            .contains("réservée aux personnes")
    );
    engine
        .handle(say(
            "5",
            "camille",
            None,
            Place::Direct,
            "!sondage \"Q\" \"A\" \"B\"",
        ))
        .await
        .unwrap();
    let answer = &replies_to(&engine, "5").await[0].1;
    assert!(REFUSALS.iter().any(|r| answer.contains(r)), "{answer}");
    assert_eq!(count(engine.store(), "SELECT COUNT(*) FROM polls").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn mentions_resolve_by_identity_and_ask_when_names_collide(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
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

    engine
        .handle(say("q1", "camille", F, Place::Direct, "!livrable 1 @alice"))
        .await
        .unwrap();
    let answer = &replies_to(&engine, "q1").await[0].1;
    assert!(answer.contains("Plusieurs membres s'appellent"), "{answer}");
    assert!(
        answer.contains("@u-upper") && answer.contains("@u-lower"),
        "{answer}"
    );
    assert!(!answer.contains("Texte de"), "{answer}");

    // The account, not the display name, decides.
    engine
        .handle(say(
            "q2",
            "camille",
            F,
            Place::Direct,
            "!livrable 1 @u-upper",
        ))
        .await
        .unwrap();
    let answer = &replies_to(&engine, "q2").await[0].1;
    assert!(answer.contains("Texte de Alice"), "{answer}");

    // An exact, unique name still works.
    engine
        .handle(say(
            "q3",
            "camille",
            F,
            Place::Direct,
            "!livrable 1 @camille",
        ))
        .await
        .unwrap();
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

#[sqlx::test(migrations = "../migrations")]
async fn chasing_names_the_latecomers_to_the_facilitator_only(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say("p", "zoe", P, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say("c", "camille", F, Place::Room(room()), "!relancer 1"))
        .await
        .unwrap();
    let answers = replies_to(&engine, "c").await;
    for (dest, body) in &answers {
        if dest.starts_with("room:") {
            assert!(!body.contains("zoe"), "{body}");
        }
    }
    assert!(
        answers
            .iter()
            .any(|(d, b)| d == "dm:console:camille" && b.contains("zoe")),
        "{answers:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn display_names_lose_invisible_and_reordering_characters(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say_as(
            "1",
            "u1",
            "Al\u{202E}ice\u{200B}\u{0007}\n",
            P,
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();
    engine
        .handle(say_as(
            "2",
            "u2",
            "\u{202E}\u{200B}",
            P,
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT display_name FROM members ORDER BY id")
        .fetch_all(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(names, ["Alice", "u2"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn numbers_lengths_and_dates_people_type_are_bounded(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let engine = generous_rate(engine);
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    let long_question = "Q".repeat(301);
    let long_option = "o".repeat(101);
    let cases: Vec<(String, &str)> = vec![
        (
            "!sondage \"Q\" \"A\" \"B\" --durée 99999999w".into(),
            "trop loin",
        ),
        (
            "!sondage \"Q\" \"A\" \"B\" --durée 800d".into(),
            "trop loin",
        ),
        (
            "!sondage \"Q\" \"A\" \"B\" --jusqu-a 2031-01-01".into(),
            "trop loin",
        ),
        (
            format!("!sondage \"{long_question}\" \"A\" \"B\""),
            "caractères",
        ),
        (
            format!("!sondage \"Q\" \"{long_option}\" \"B\""),
            "caractères",
        ),
        (
            "!sondage \"Q\" \"Mardi\" \"mar\u{200B}di\"".into(),
            "apparaît deux fois",
        ),
        (
            "!sondage \"Q\" \"A\" \"B\" --anonyme --resultats direct".into(),
            "anonyme ne peut pas",
        ),
        ("!rappel cron \"* * * * *\" Spam".into(), "trop souvent"),
        ("!rappel cron \"0,30 9 * * *\" Spam".into(), "trop souvent"),
        ("!rappel 1/1/2035 9h Trop loin".into(), "trop loin"),
        ("!vote 18446744073709551615".into(), ""),
        ("!vote #99999999999 1".into(), ""),
        ("!atelier 4294967296".into(), "Ce n'est pas tout à fait ça"),
        ("!plus-tard 99999999w".into(), "Ce n'est pas tout à fait ça"),
    ];
    for (i, (line, expected)) in cases.iter().enumerate() {
        let id = format!("case-{i}");
        engine
            .handle(say(&id, "camille", F, Place::Room(room()), line))
            .await
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        let answers = replies_to(&engine, &id).await;
        assert_eq!(answers.len(), 1, "{line}: {answers:?}");
        assert!(answers[0].1.contains(expected), "{line}: {answers:?}");
    }
    assert_eq!(count(engine.store(), "SELECT COUNT(*) FROM polls").await, 0);
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM reminders").await,
        0
    );
    // A two-hour rule is fine.
    engine
        .handle(say(
            "ok",
            "camille",
            F,
            Place::Room(room()),
            "!rappel cron \"0 9,11 * * *\" Pause",
        ))
        .await
        .unwrap();
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM reminders").await,
        1
    );
    // The clock can be pushed to its limits without a panic.
    clock.set(chrono::DateTime::<chrono::Utc>::MAX_UTC - chrono::Duration::days(1));
    engine.fire_due_jobs(100).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn erased_member_ids_are_never_given_again(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "p",
            "camille",
            F,
            Place::Room(room()),
            "!sondage \"Q\" \"A\" \"B\" --anonyme",
        ))
        .await
        .unwrap();
    engine
        .handle(say("x1", "xavier", P, Place::Room(room()), "!vote 1"))
        .await
        .unwrap();
    let xavier: i64 = count(engine.store(), "SELECT MAX(id) FROM members").await;
    engine
        .handle(say("x2", "xavier", P, Place::Direct, "!oublier-moi"))
        .await
        .unwrap();
    clock.advance(chrono::Duration::minutes(1));
    engine
        .handle(say(
            "x3",
            "xavier",
            P,
            Place::Direct,
            "!oublier-moi confirmer",
        ))
        .await
        .unwrap();
    engine
        .handle(say("y1", "yann", P, Place::Room(room()), "!vote 2"))
        .await
        .unwrap();
    let yann: i64 = count(engine.store(), "SELECT MAX(id) FROM members").await;
    assert!(yann > xavier, "{yann} reuses {xavier}");
    let ack = &replies_to(&engine, "y1").await[0].1;
    assert!(
        ack.starts_with("Vote enregistré"),
        "the newcomer inherited a ballot: {ack}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_job_is_retried_then_set_aside_without_blocking_the_others(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    // Charts cannot be written: the data folder is a file.
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    let engine = engine.with_data_dir(&blocked);
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "p",
            "camille",
            F,
            Place::Room(room()),
            "!sondage \"Q\" \"A\" \"B\" --durée 1h",
        ))
        .await
        .unwrap();
    engine
        .handle(say("v", "zoe", P, Place::Room(room()), "!vote 1"))
        .await
        .unwrap();
    engine
        .handle(say(
            "r",
            "camille",
            F,
            Place::Room(room()),
            "!rappel dans 2h Pause café",
        ))
        .await
        .unwrap();
    clock.advance(chrono::Duration::hours(2));
    let fired = engine.fire_due_jobs(100).await.unwrap();
    assert_eq!(fired.failed, 1, "{fired:?}");
    // The reminder behind the failing closing went out.
    let out = outbox(engine.store()).await;
    assert!(out.iter().any(|(_, b)| b.contains("Pause café")), "{out:?}");
    // Retried later, then set aside and reported.
    for _ in 0..bot::engine::MAX_JOB_ATTEMPTS {
        clock.advance(chrono::Duration::hours(1));
        engine.fire_due_jobs(100).await.unwrap();
    }
    let (state, attempts): (String, i64) =
        sqlx::query_as("SELECT state, attempts FROM jobs WHERE kind = 'poll-close'")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(
        (state.as_str(), attempts),
        ("skipped", i64::from(bot::engine::MAX_JOB_ATTEMPTS))
    );
    let out = outbox(engine.store()).await;
    assert!(
        out.iter()
            .any(|(d, b)| d == "dm:console:camille" && b.contains("tentatives")),
        "{out:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_text_of_delivered_private_messages_is_dropped_after_retention(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say(
            "p",
            "zoe",
            P,
            Place::Room(room()),
            "!rendre 1 Mon engagement",
        ))
        .await
        .unwrap();
    sqlx::query("UPDATE outbox SET delivered_at = created_at")
        .execute(engine.store().pool())
        .await
        .unwrap();
    let dm_body = "SELECT body FROM outbox WHERE destination = 'dm:console:zoe'";
    engine.housekeeping().await.unwrap();
    let body: String = sqlx::query_scalar(dm_body)
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert!(body.contains("Livrable reçu"), "{body}");
    clock.advance(chrono::Duration::days(31));
    let done = engine.housekeeping().await.unwrap();
    assert_eq!(done.pruned_messages, 1);
    let body: String = sqlx::query_scalar(dm_body)
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(body, "");
    // The receipt stays in the person's own data: the submission itself is kept.
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_burst_of_commands_is_refused_once_then_ignored(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let per_minute = engine.settings().limits.commands_per_minute;
    for i in 0..per_minute + 5 {
        engine
            .handle(say(
                &format!("b{i}"),
                "zoe",
                P,
                Place::Room(room()),
                "!programme",
            ))
            .await
            .unwrap();
    }
    let total = count(engine.store(), "SELECT COUNT(*) FROM outbox").await;
    assert_eq!(total, i64::from(per_minute) + 1);
    let refusal = &replies_to(&engine, &format!("b{per_minute}")).await[0].1;
    assert!(refusal.contains("par minute"), "{refusal}");
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM handled_events").await,
        i64::from(per_minute) + 5
    );
    clock.advance(chrono::Duration::minutes(1));
    engine
        .handle(say("after", "zoe", P, Place::Room(room()), "!programme"))
        .await
        .unwrap();
    assert_eq!(replies_to(&engine, "after").await.len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn my_data_has_named_votes_is_hourly_and_goes_with_an_erasure(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    engine
        .handle(say(
            "f",
            "camille",
            F,
            Place::Room(room()),
            "!sondage \"Couleur ?\" \"Vert\" \"Bleu\"",
        ))
        .await
        .unwrap();
    engine
        .handle(say("v", "zoe", P, Place::Room(room()), "!vote 2"))
        .await
        .unwrap();
    engine
        .handle(say("d1", "zoe", P, Place::Direct, "!mes-donnees"))
        .await
        .unwrap();
    let exports: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(exports.len(), 1);
    let json = std::fs::read_to_string(exports[0].path()).unwrap();
    assert!(
        json.contains("Couleur ?") && json.contains("\"choices\""),
        "{json}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        exports[0].metadata().unwrap().permissions().mode() & 0o777,
        0o600
    );
    engine
        .handle(say("d2", "zoe", P, Place::Direct, "!mes-donnees"))
        .await
        .unwrap();
    assert!(replies_to(&engine, "d2").await[0].1.contains("il y a peu"));
    engine
        .handle(say("x1", "zoe", P, Place::Direct, "!oublier-moi"))
        .await
        .unwrap();
    clock.advance(chrono::Duration::minutes(1));
    engine
        .handle(say("x2", "zoe", P, Place::Direct, "!oublier-moi confirmer"))
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path().join("exports"))
            .unwrap()
            .count(),
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn free_text_is_kept_exactly_as_typed(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say_as(
            "a",
            "u-am",
            "Alice Martin",
            P,
            Place::Room(room()),
            "!rendre 1 J'ai écrit « le lien",
        ))
        .await
        .unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM submissions")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(body, "J'ai écrit « le lien");
    engine
        .handle(say(
            "r",
            "camille",
            F,
            Place::Room(room()),
            "!retour 1 \"@Alice Martin\" validé Très clair",
        ))
        .await
        .unwrap();
    let feedback: String = sqlx::query_scalar("SELECT body FROM feedback")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(feedback, "Très clair");
}

#[sqlx::test(migrations = "../migrations")]
async fn versions_of_a_deliverable_are_capped(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let settings = Settings {
        limits: Limits {
            versions_per_deliverable: 2,
            ..Limits::default()
        },
        ..engine.settings().clone()
    };
    let engine = engine.with_settings(settings);
    for i in 0..3 {
        engine
            .handle(say(
                &format!("s{i}"),
                "zoe",
                P,
                Place::Room(room()),
                &format!("!rendre 1 Version {i}"),
            ))
            .await
            .unwrap();
    }
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        2
    );
    assert!(replies_to(&engine, "s2").await[0].1.contains("2 versions"));
}

/// Every text column of every row, with the table's name.
async fn every_row(store: &Store) -> Vec<(String, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let sql = format!("SELECT * FROM \"{table}\"");
        let fetched = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(store.pool())
            .await
            .unwrap();
        for row in fetched {
            use sqlx::{Column, Row, ValueRef};
            let mut text = String::new();
            for (i, col) in row.columns().iter().enumerate() {
                let raw = row.try_get_raw(i).unwrap();
                if raw.is_null() {
                    continue;
                }
                let value = row
                    .try_get::<String, _>(i)
                    .or_else(|_| row.try_get::<i64, _>(i).map(|n| n.to_string()))
                    .or_else(|_| {
                        row.try_get::<Vec<u8>, _>(i)
                            .map(|b| String::from_utf8_lossy(&b).into_owned())
                    })
                    .unwrap_or_default();
                text.push_str(&format!("{}={value}\u{1f}", col.name()));
            }
            rows.push((table.clone(), text));
        }
    }
    rows
}

#[tokio::test]
async fn anonymous_polls_keep_nothing_that_links_a_voter_to_a_choice_in_any_table_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("compagnon.db")).await.unwrap();
    let now = at("2027-02-10T08:00:00Z");
    {
        let mut tx = store.begin().await.unwrap();
        let report = store::import_programme(&mut tx, &example(), now)
            .await
            .unwrap();
        store::cohorts::link_room(&mut tx, &room(), report.cohort, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let clock = SimClock::new(now);
    let data = dir.path().join("data");
    let engine = Engine::new(store.clone(), Arc::new(clock.clone())).with_data_dir(&data);
    engine
        .handle(say(
            "f",
            "camille",
            F,
            Place::Room(room()),
            "!sondage \"Quel lieu ?\" \"Lyon-Perrache\" \"Grenoble-Europole\" --anonyme",
        ))
        .await
        .unwrap();
    let voters = [
        ("v0", "zoe", "1"),
        ("v1", "yann", "2"),
        ("v2", "xena", "2"),
        ("v0b", "zoe", "2"),
    ];
    for (id, who, choice) in voters {
        let place = if id.ends_with('b') {
            Place::Direct
        } else {
            Place::Room(room())
        };
        engine
            .handle(say(id, who, P, place, &format!("!vote {choice}")))
            .await
            .unwrap();
    }
    let secret: Vec<u8> = sqlx::query_scalar("SELECT secret FROM polls")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(secret.len() >= 16);
    engine
        .handle(say("c", "camille", F, Place::Room(room()), "!clore 1"))
        .await
        .unwrap();
    // No housekeeping: closing the poll itself must leave nothing in the log.

    let options = ["Lyon-Perrache", "Grenoble-Europole"];
    let members: Vec<(i64, String)> = sqlx::query_as("SELECT id, display_name FROM members")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let mut looked_at = 0;
    for (table, row) in every_row(&store).await {
        looked_at += 1;
        for (id, name) in &members {
            if *name == "camille" {
                continue;
            }
            let names_voter = row.contains(&format!("console:{name}"))
                || row.contains(&format!("member_id={id}\u{1f}"));
            if names_voter {
                for option in options {
                    assert!(
                        !row.contains(option),
                        "{table} links {name} to {option}: {row}"
                    );
                }
                assert!(
                    !row.contains("choices="),
                    "{table} links {name} to a ballot: {row}"
                );
            }
        }
    }
    assert!(looked_at > 20, "only {looked_at} rows read");
    let secret_left: Option<Vec<u8>> = sqlx::query_scalar("SELECT secret FROM polls")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(secret_left, None);
    // No file — database, its log, charts, exports — holds the erased secret, and none names a
    // voter next to an option.
    let mut files = vec![
        dir.path().join("compagnon.db"),
        dir.path().join("compagnon.db-wal"),
    ];
    let mut stack = vec![data.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_slice()),
            "{} still holds the poll's secret",
            file.display()
        );
    }
}

/// A sink that refuses every message to `down` (for a passing reason) and to `gone` (for good).
struct FlakySink {
    down: String,
    gone: String,
    delivered: std::sync::Mutex<Vec<String>>,
}

impl bot::dispatch::Deliver for FlakySink {
    async fn deliver(
        &self,
        msg: &store::OutboxMessage,
    ) -> Result<(), bot::dispatch::DeliveryError> {
        let to = msg.destination.to_string();
        if to.contains(&self.down) {
            return Err(bot::dispatch::DeliveryError::Retry("rate limited".into()));
        }
        if to.contains(&self.gone) {
            return Err(bot::dispatch::DeliveryError::Permanent("closed DMs".into()));
        }
        self.delivered
            .lock()
            .unwrap()
            .push(format!("{to} {}", msg.body));
        Ok(())
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_destination_blocks_nobody_else_and_permanent_failures_are_reported(
    pool: SqlitePool,
) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    for (i, who) in ["zoe", "yann", "xena"].iter().enumerate() {
        engine
            .handle(say(&format!("j{i}"), who, P, Place::Room(room()), "!aide"))
            .await
            .unwrap();
        engine
            .handle(say(
                &format!("p{i}"),
                who,
                P,
                Place::Direct,
                "!mes-livrables",
            ))
            .await
            .unwrap();
        engine
            .handle(say(&format!("q{i}"), who, P, Place::Direct, "!prochain"))
            .await
            .unwrap();
    }
    let sink = FlakySink {
        down: "zoe".into(),
        gone: "yann".into(),
        delivered: std::sync::Mutex::new(Vec::new()),
    };
    let now = || engine.now();
    // The delivery backoff runs on real time; this test moves its own wall clock.
    let wall_clock = SimClock::new(at("2030-01-01T00:00:00Z"));
    let wall = || bot::clock::Clock::now(&wall_clock);
    let r = bot::dispatch::deliver_pending_with(
        engine.store(),
        Platform::Console,
        &sink,
        1000,
        now,
        wall,
    )
    .await
    .unwrap();
    // Zoé's first message failed and her second waits behind it; Yann's two are refused for
    // good; everyone else's went out.
    assert_eq!((r.failed, r.waiting), (3, 0), "{r:?}");
    let delivered = sink.delivered.lock().unwrap().clone();
    assert!(
        delivered.iter().any(|d| d.starts_with("dm:console:xena")),
        "{delivered:?}"
    );
    assert!(
        !delivered.iter().any(|d| d.contains("zoe")),
        "{delivered:?}"
    );
    // The facilitator hears about Yann, once per message.
    let reports: Vec<(String, String)> =
        sqlx::query_as("SELECT destination, body FROM outbox WHERE key LIKE 'undeliverable:%'")
            .fetch_all(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        reports
            .iter()
            .all(|(d, b)| d == "dm:console:camille" && b.contains("yann")),
        "{reports:?}"
    );
    // Before its delay, Zoé's queue waits; after it, her messages go in order.
    let r = bot::dispatch::deliver_pending_with(
        engine.store(),
        Platform::Console,
        &sink,
        1000,
        now,
        wall,
    )
    .await
    .unwrap();
    assert_eq!(r.waiting, 1, "{r:?}");
    let sink_ok = FlakySink {
        down: "-".into(),
        gone: "-".into(),
        delivered: std::sync::Mutex::new(Vec::new()),
    };
    wall_clock.advance(chrono::Duration::minutes(1));
    bot::dispatch::deliver_pending_with(
        engine.store(),
        Platform::Console,
        &sink_ok,
        1000,
        now,
        wall,
    )
    .await
    .unwrap();
    let zoe: Vec<String> = sink_ok
        .delivered
        .lock()
        .unwrap()
        .iter()
        .filter(|d| d.starts_with("dm:console:zoe"))
        .cloned()
        .collect();
    assert_eq!(zoe.len(), 2, "{zoe:?}");
    assert!(zoe[0].contains("Vos livrables"), "{zoe:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_programme_that_would_drop_deliverables_is_refused_by_name(pool: SqlitePool) {
    let now = "2027-02-10T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    engine
        .handle(say(
            "s",
            "zoe",
            P,
            Place::Room(room()),
            "!rendre 6 Mon texte",
        ))
        .await
        .unwrap();
    // The same programme without its last atelier, which Zoé has handed in for.
    let last = EXAMPLE.rfind("\n[[atelier]]\n").unwrap();
    let without_first = EXAMPLE[..last].to_owned();
    let programme = bot::programme::parse(&without_first).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    let err = store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap_err();
    drop(tx);
    assert!(
        matches!(
            err,
            store::StoreError::AtelierHasSubmissions { submissions: 1, .. }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("already has 1 submission"),
        "{err}"
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM ateliers").await,
        6
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn editing_a_recurring_reminders_text_changes_what_it_says(pool: SqlitePool) {
    let now = "2027-02-10T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    let edited = EXAMPLE.replace(
        "Bonne semaine ! Pensez à noter",
        "Belle semaine ! Pensez à écrire",
    );
    let programme = bot::programme::parse(&edited).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let old = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND payload LIKE '%Bonne semaine%'",
    )
    .await;
    let new = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND payload LIKE '%Belle semaine%'",
    )
    .await;
    assert_eq!((old, new > 5), (0, true), "old {old}, new {new}");
}

#[sqlx::test(migrations = "../migrations")]
async fn one_pending_snooze_per_person(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say(
            "f",
            "camille",
            F,
            Place::Room(room()),
            "!rappel @zoe dans 1h Relisez",
        ))
        .await
        .unwrap();
    engine
        .handle(say("z", "zoe", P, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "f2",
            "camille",
            F,
            Place::Room(room()),
            "!rappel @zoe dans 1h Relisez",
        ))
        .await
        .unwrap();
    clock.advance(chrono::Duration::hours(1));
    engine.fire_due_jobs(100).await.unwrap();
    for i in 0..5 {
        engine
            .handle(say(
                &format!("l{i}"),
                "zoe",
                P,
                Place::Direct,
                "!plus-tard 2h",
            ))
            .await
            .unwrap();
    }
    let pending = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE kind = 'snooze' AND state = 'pending'",
    )
    .await;
    assert_eq!(pending, 1, "{:?}", outbox(engine.store()).await);
    assert!(
        replies_to(&engine, "l4").await[0]
            .1
            .contains("remplace votre report précédent")
    );
}

fn pdf(n: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(len, n);
    bytes
}

#[sqlx::test(migrations = "../migrations")]
async fn bytes_of_files_are_capped_per_member(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_owned(),
        limits: Limits {
            bytes_per_member: 1_000,
            ..Limits::default()
        },
        ..engine.settings().clone()
    };
    let engine = engine.with_settings(settings);
    let hand_in = |id: &str, n: u8, atelier: u32| {
        Event::Message(IncomingMessage {
            event_id: id.to_owned(),
            actor: Actor {
                identity: Identity::new(Platform::Console, "zoe"),
                display_name: "zoe".into(),
                role_hint: P,
                locale_hint: None,
            },
            place: Place::Room(room()),
            text: format!("!rendre {atelier}"),
            attachments: vec![bot::engine::Attachment::new("a.pdf", pdf(n, 600))],
        })
    };
    engine.handle(hand_in("1", b'a', 1)).await.unwrap();
    // The same file again costs nothing; a new one would pass the quota.
    engine.handle(hand_in("2", b'a', 2)).await.unwrap();
    engine.handle(hand_in("3", b'b', 3)).await.unwrap();
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        2
    );
    let refusal = &replies_to(&engine, "3").await[0].1;
    assert!(refusal.contains("la limite par personne"), "{refusal}");
    // A file announced too big is refused in words without being read.
    let big = Event::Message(IncomingMessage {
        event_id: "4".into(),
        actor: Actor {
            identity: Identity::new(Platform::Console, "zoe"),
            display_name: "zoe".into(),
            role_hint: P,
            locale_hint: None,
        },
        place: Place::Direct,
        text: "!rendre 4".into(),
        attachments: vec![bot::engine::Attachment::not_downloaded(
            "video.mp4",
            u64::MAX,
        )],
    });
    engine.handle(big).await.unwrap();
    let refusal = &replies_to(&engine, "4").await[0].1;
    assert!(refusal.contains("c'est plus que la limite"), "{refusal}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reminder_that_reaches_nobody_says_so_to_the_facilitators(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say("f", "camille", F, Place::Room(room()), "!aide"))
        .await
        .unwrap();
    // The only participant has handed in: the deadline chases have nobody to chase.
    engine
        .handle(say("z", "zoe", P, Place::Room(room()), "!rendre 1 Fait"))
        .await
        .unwrap();
    clock.set(at("2027-02-18T23:00:00+01:00"));
    engine.fire_due_jobs(1_000).await.unwrap();
    let reports: Vec<(String, String)> = outbox(engine.store())
        .await
        .into_iter()
        .filter(|(_, b)| b.starts_with("Personne n'a reçu"))
        .collect();
    assert!(!reports.is_empty());
    assert!(
        reports.iter().all(|(d, _)| d == "dm:console:camille"),
        "{reports:?}"
    );
}
