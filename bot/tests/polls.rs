//! Polls and majority judgment end to end on a real SQLite store.

mod common;

use bot::domain::Role;
use bot::engine::{Engine, Place};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn in_room() -> Place {
    Place::Room(room())
}

async fn setup(
    pool: SqlitePool,
    voters: usize,
) -> (Engine, bot::clock::SimClock, tempfile::TempDir) {
    let (engine, clock) = engine_with_example(pool, "2027-03-10T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    engine
        .handle(say("c0", "camille", F, in_room(), "!aide"))
        .await
        .unwrap();
    for i in 0..voters {
        engine
            .handle(say(
                &format!("p{i}"),
                &format!("p{i}"),
                P,
                in_room(),
                "!aide",
            ))
            .await
            .unwrap();
    }
    (engine, clock, dir)
}

async fn last(engine: &Engine) -> (String, String) {
    outbox(engine.store()).await.last().unwrap().clone()
}

#[sqlx::test(migrations = "../migrations")]
async fn an_ordinary_poll_from_opening_to_results(pool: SqlitePool) {
    let (engine, clock, _dir) = setup(pool, 3).await;
    engine
        .handle(say("c1", "camille", None, in_room(), "!sondage \"Quel créneau pour l'atelier 4 ?\" \"Mardi\" \"Jeudi\" \"Vendredi\" --durée 2h"))
        .await
        .unwrap();
    let (dest, post) = last(&engine).await;
    assert_eq!(dest, "room:console:salon");
    assert!(post.starts_with("📊 **Sondage n° 1 : Quel créneau pour l'atelier 4 ?**\n1. Mardi\n2. Jeudi\n3. Vendredi\nVotez pour une option : !vote #1 2"), "{post}");
    assert!(
        post.contains("Clôture le mercredi 10 mars 2027 à 12 h 00."),
        "{post}"
    );

    engine
        .handle(say("v0", "p0", None, in_room(), "!vote 2"))
        .await
        .unwrap();
    assert_eq!(
        last(&engine).await,
        (
            "dm:console:p0".into(),
            "Vote enregistré pour le sondage n° 1 « Quel créneau pour l'atelier 4 ? » :\n• Jeudi"
                .into()
        )
    );
    engine
        .handle(say("v1", "p1", None, Place::Direct, "!vote 1"))
        .await
        .unwrap();
    engine
        .handle(say("v1b", "p1", None, Place::Direct, "!vote #1 2"))
        .await
        .unwrap();
    assert!(
        last(&engine)
            .await
            .1
            .starts_with("Vote modifié pour le sondage n° 1")
    );
    engine
        .handle(say("v2", "p2", None, Place::Direct, "!vote 3"))
        .await
        .unwrap();
    engine
        .handle(say("v2b", "p2", None, Place::Direct, "!vote retirer"))
        .await
        .unwrap();
    assert_eq!(
        last(&engine).await.1,
        "Votre vote au sondage n° 1 est retiré."
    );

    // The deadline: the scheduler closes it and posts the results with a chart.
    clock.set(at("2027-03-10T11:00:00Z"));
    let before = outbox(engine.store()).await.len();
    engine.fire_due_jobs(100).await.unwrap();
    let out = outbox(engine.store()).await[before..].to_vec();
    let results = out
        .iter()
        .find(|(_, b)| b.starts_with("📊 **Résultats"))
        .expect("results posted");
    assert_eq!(results.0, "room:console:salon");
    assert_eq!(
        results.1,
        "📊 **Résultats du sondage n° 1 : Quel créneau pour l'atelier 4 ?**\n2 votant·es.\nMardi : 0 (0 %)\n🏆 Jeudi : 2 (100 %)\nVendredi : 0 (0 %)"
    );
    let (attachments,): (String,) =
        sqlx::query_as("SELECT attachments FROM outbox WHERE body LIKE '📊 **Résultats%'")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    let paths: Vec<String> = serde_json::from_str(&attachments).unwrap();
    let png = std::fs::read(&paths[0]).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");

    engine
        .handle(say("v3", "p0", None, Place::Direct, "!vote #1 1"))
        .await
        .unwrap();
    assert_eq!(
        last(&engine).await.1,
        "Le sondage n° 1 est clos : les votes ne sont plus acceptés."
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_majority_judgment_decision(pool: SqlitePool) {
    let (engine, _clock, _dir) = setup(pool, 3).await;
    engine
        .handle(say("c1", "camille", None, in_room(), "!sondage \"Quel projet commun ?\" \"Jardin partagé\" \"Repair café\" \"Monnaie locale\" --jugement"))
        .await
        .unwrap();
    assert!(
        last(&engine)
            .await
            .1
            .contains("Jugement majoritaire : donnez une mention à chaque option")
    );
    for (i, grades) in [
        "très-bien bien passable",
        "excellent assez-bien insuffisant",
        "bien bien à-rejeter",
    ]
    .iter()
    .enumerate()
    {
        engine
            .handle(say(
                &format!("v{i}"),
                &format!("p{i}"),
                None,
                Place::Direct,
                &format!("!vote {grades}"),
            ))
            .await
            .unwrap();
    }
    assert_eq!(
        last(&engine).await.1,
        "Vote enregistré pour le sondage n° 1 « Quel projet commun ? » :\n• Jardin partagé : Bien\n• Repair café : Bien\n• Monnaie locale : À rejeter"
    );
    engine
        .handle(say("bad", "p0", None, Place::Direct, "!vote bien"))
        .await
        .unwrap();
    assert!(last(&engine).await.1.starts_with(
        "Ce sondage est un jugement majoritaire : donnez une mention à chacune des 3 options"
    ));
    engine
        .handle(say("c2", "camille", None, in_room(), "!clore 1"))
        .await
        .unwrap();
    let (dest, results) = last(&engine).await;
    assert_eq!(dest, "room:console:salon");
    // Jardin: TB, E, B → median TB; Repair: B, AB, B → B; Monnaie: P, I, AR → I.
    assert_eq!(
        results,
        "📊 **Résultats du sondage n° 1 : Quel projet commun ?**\n3 votant·es.\n1. Jardin partagé — mention majoritaire : Très bien 🏆\n2. Repair café — mention majoritaire : Bien\n3. Monnaie locale — mention majoritaire : Insuffisant"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn anonymous_polls_keep_nothing_that_links_a_voter_to_a_vote(pool: SqlitePool) {
    let (engine, _clock, _dir) = setup(pool, 2).await;
    engine
        .handle(say(
            "c1",
            "camille",
            None,
            in_room(),
            "!sondage \"Q ?\" \"Oui\" \"Non\" --anonyme",
        ))
        .await
        .unwrap();
    engine
        .handle(say("v0", "p0", None, Place::Direct, "!vote 1"))
        .await
        .unwrap();
    engine
        .handle(say("v1", "p1", None, Place::Direct, "!vote 2"))
        .await
        .unwrap();
    engine
        .handle(say("v1b", "p1", None, Place::Direct, "!vote 1"))
        .await
        .unwrap();
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM ballots").await,
        0
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM anonymous_ballots").await,
        2,
        "changed, not doubled"
    );
    engine
        .handle(say("c2", "camille", None, in_room(), "!clore 1"))
        .await
        .unwrap();
    assert!(last(&engine).await.1.contains("🏆 Oui : 2 (100 %)"));
    assert_eq!(
        count(
            engine.store(),
            "SELECT COUNT(*) FROM polls WHERE secret IS NOT NULL"
        )
        .await,
        0,
        "the secret is erased at closing"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_polls_and_votes_are_explained_and_change_nothing(pool: SqlitePool) {
    let (engine, _clock, _dir) = setup(pool, 1).await;
    let cases = [
        (
            "camille",
            "!sondage \"Q ?\" \"Seule\"",
            "Il faut au moins deux options",
        ),
        (
            "camille",
            "!sondage \"Q ?\" \"A\" \"a\"",
            "L'option « a » apparaît deux fois.",
        ),
        (
            "camille",
            "!sondage \"\" \"A\" \"B\"",
            "La question du sondage est vide.",
        ),
        (
            "camille",
            "!sondage \"Q\" \"1\" \"2\" \"3\" \"4\" \"5\" \"6\" \"7\" \"8\" \"9\" \"10\" \"11\" \"12\" \"13\" \"14\" \"15\" \"16\" \"17\" \"18\" \"19\" \"20\"",
            "20 options, c'est trop",
        ),
        (
            "camille",
            "!sondage \"Q\" \"A\" \"B\" --max 2",
            "--max n'a de sens qu'avec --multiple.",
        ),
        (
            "camille",
            "!sondage \"Q\" \"A\" \"B\" --jusqu-a hier 9h",
            "passé",
        ),
        (
            "p0",
            "!sondage \"Q\" \"A\" \"B\"",
            "réservée aux personnes ayant le rôle facilitateur·rice",
        ),
        ("p0", "!vote 1", "Aucun sondage n'est ouvert."),
        ("p0", "!clore 1", "réservée"),
    ];
    for (i, (who, text, needle)) in cases.iter().enumerate() {
        engine
            .handle(say(&format!("x{i}"), who, None, in_room(), text))
            .await
            .unwrap();
        let reply = last(&engine).await.1;
        assert!(
            reply.contains(needle),
            "{text}: expected {needle:?} in {reply:?}"
        );
    }
    assert_eq!(count(engine.store(), "SELECT COUNT(*) FROM polls").await, 0);
    engine
        .handle(say(
            "ok",
            "camille",
            None,
            in_room(),
            "!sondage \"Q\" \"A\" \"B\" \"C\" --multiple --max 2",
        ))
        .await
        .unwrap();
    for (i, (text, needle)) in [
        ("!vote 4", "4"),
        ("!vote 1 2 3", "2"),
        ("!vote #9 1", "pas de sondage n° 9"),
        ("!vote 0", "0"),
    ]
    .iter()
    .enumerate()
    {
        engine
            .handle(say(&format!("y{i}"), "p0", None, Place::Direct, text))
            .await
            .unwrap();
        let reply = last(&engine).await.1;
        assert!(
            reply.contains(needle) && !reply.starts_with("Vote enregistré"),
            "{text}: {reply:?}"
        );
    }
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM ballots").await,
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn live_results_are_coalesced_during_a_burst(pool: SqlitePool) {
    let (engine, clock, _dir) = setup(pool, 200).await;
    engine
        .handle(say(
            "c1",
            "camille",
            None,
            in_room(),
            "!sondage \"Q ?\" \"A\" \"B\" --resultats direct",
        ))
        .await
        .unwrap();
    // 200 votes within two seconds.
    for i in 0..200 {
        if i == 100 {
            clock.set(at("2027-03-10T09:00:02Z"));
        }
        let choice = if i % 3 == 0 { "1" } else { "2" };
        engine
            .handle(say(
                &format!("v{i}"),
                &format!("p{i}"),
                None,
                Place::Direct,
                &format!("!vote {choice}"),
            ))
            .await
            .unwrap();
    }
    clock.set(at("2027-03-10T09:00:10Z"));
    let before = outbox(engine.store()).await.len();
    engine.fire_due_jobs(100).await.unwrap();
    let updates: Vec<(String, String)> = outbox(engine.store()).await[before..].to_vec();
    assert_eq!(updates.len(), 1, "one edit for 200 votes: {updates:#?}");
    assert!(
        updates[0].1.contains(
            "**Résultats provisoires**\n200 votant·es.\nA : 67 (34 %)\n🏆 B : 133 (67 %)"
        ),
        "{}",
        updates[0].1
    );
    let replaces: Option<String> =
        sqlx::query_scalar("SELECT replaces FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(
        replaces.as_deref(),
        Some("poll:1:console:salon"),
        "the announcement is edited"
    );
}

/// What an adapter that renders polls natively looks up: the poll behind a platform id, the
/// announcement to end, the message that shows the live results.
#[sqlx::test(migrations = "../migrations")]
async fn adapters_find_polls_by_their_platform_ids(pool: SqlitePool) {
    use bot::store::{Destination, MessageExtra, outbox};
    let (engine, clock, _dir) = setup(pool, 1).await;
    engine
        .handle(say(
            "c1",
            "camille",
            None,
            in_room(),
            "!sondage \"Q ?\" \"A\" \"B\" --resultats direct",
        ))
        .await
        .unwrap();
    let announce = "poll:1:console:salon";
    let mut conn = engine.store().pool().acquire().await.unwrap();
    assert!(
        outbox::by_platform_id(&mut conn, "$start")
            .await
            .unwrap()
            .is_none()
    );
    outbox::set_platform_id(&mut conn, announce, "$start")
        .await
        .unwrap();
    let found = outbox::by_platform_id(&mut conn, "$start")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.key, announce);
    assert!(matches!(
        found.extra,
        Some(MessageExtra::Poll { number: 1, .. })
    ));
    let here = Destination::Room(room());
    assert_eq!(
        outbox::poll_announcement_id(&mut conn, &here, 1)
            .await
            .unwrap()
            .as_deref(),
        Some("$start")
    );
    assert_eq!(
        outbox::poll_announcement_id(&mut conn, &here, 2)
            .await
            .unwrap(),
        None
    );
    drop(conn);

    // A live update replaces the announcement; once delivered as its own message, it is the
    // one later updates edit.
    engine
        .handle(say("v1", "p0", None, Place::Direct, "!vote 1"))
        .await
        .unwrap();
    clock.set(at("2027-03-10T09:00:10Z"));
    engine.fire_due_jobs(100).await.unwrap();
    let mut conn = engine.store().pool().acquire().await.unwrap();
    assert_eq!(
        outbox::latest_replacement_id(&mut conn, announce)
            .await
            .unwrap(),
        None
    );
    let update: String =
        sqlx::query_scalar("SELECT key FROM outbox WHERE replaces = ? ORDER BY id DESC LIMIT 1")
            .bind(announce)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    outbox::set_platform_id(&mut conn, &update, "$live")
        .await
        .unwrap();
    assert_eq!(
        outbox::latest_replacement_id(&mut conn, announce)
            .await
            .unwrap()
            .as_deref(),
        Some("$live")
    );
}
