//! Preparation check-ins on a real SQLite store: participants say whether they are ready for an
//! atelier and ask questions; facilitators see who is ready, who is not, who has not said.

mod common;

use bot::domain::Role;
use bot::engine::{Engine, Place};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn here() -> Place {
    Place::Room(room())
}

async fn setup(pool: SqlitePool) -> (Engine, tempfile::TempDir) {
    let (engine, _dir, _clock) = setup_with_clock(pool).await;
    (engine, _dir)
}

async fn setup_with_clock(pool: SqlitePool) -> (Engine, tempfile::TempDir, bot::clock::SimClock) {
    let (engine, clock) = engine_with_example(pool, "2027-03-10T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    for (id, who, role) in [
        ("c0", "camille", F),
        ("a0", "ana", P),
        ("b0", "bruno", P),
        ("d0", "dora", P),
    ] {
        engine
            .handle(say(id, who, role, here(), "!aide"))
            .await
            .unwrap();
    }
    (engine, dir, clock)
}

async fn answer(
    engine: &Engine,
    id: &str,
    who: &str,
    place: Place,
    text: &str,
) -> (String, String) {
    engine
        .handle(say(id, who, None, place, text))
        .await
        .unwrap();
    outbox(engine.store()).await.pop().unwrap()
}

async fn rows(engine: &Engine) -> (i64, i64) {
    (
        count(engine.store(), "SELECT COUNT(*) FROM preparation").await,
        count(engine.store(), "SELECT COUNT(*) FROM preparation_questions").await,
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn participants_check_in_and_facilitators_see_who_is_ready(pool: SqlitePool) {
    let (engine, _dir) = setup(pool).await;
    let (to, said) = answer(&engine, "a1", "ana", here(), "!pret 2").await;
    assert_eq!(to, "room:console:salon");
    assert!(
        said.starts_with("✅ C'est noté : vous êtes prêt·e pour l'atelier 2"),
        "{said}"
    );
    // Bruno first says ready, then changes his mind: the last answer counts.
    answer(&engine, "b1", "bruno", here(), "!prêt 2").await;
    let (_, said) = answer(&engine, "b2", "bruno", here(), "!pas-encore 2").await;
    assert!(said.contains("!refs 2"), "{said}");
    let (_, said) = answer(
        &engine,
        "b3",
        "bruno",
        Place::Direct,
        "!question 2 Faut-il lire tout le chapitre 3 ?\nOu seulement l'introduction ?",
    )
    .await;
    assert!(said.starts_with("❓"), "{said}");
    assert_eq!(rows(&engine).await, (2, 1));

    // The overview goes to the facilitator privately, with the question as typed.
    let (to, overview) = answer(&engine, "c1", "camille", here(), "!preparation 2").await;
    let (dm, _) = outbox(engine.store())
        .await
        .into_iter()
        .rev()
        .nth(1)
        .unwrap();
    assert_eq!(dm, "dm:console:camille");
    assert_eq!(to, "room:console:salon", "a pointer in the room");
    let all = outbox(engine.store()).await;
    let overview_text = &all[all.len() - 2].1;
    assert!(
        overview.contains("message privé") || !overview.contains("ana"),
        "{overview}"
    );
    for expected in [
        "Prêt·es : ana",
        "Pas encore : bruno",
        "Sans réponse : dora",
        "• Q1 — bruno : Faut-il lire tout le chapitre 3 ?\nOu seulement l'introduction ?",
    ] {
        assert!(
            overview_text.contains(expected),
            "{expected} in {overview_text}"
        );
    }

    // In English, with the English names.
    engine
        .handle(say("d1", "dora", None, here(), "!langue en"))
        .await
        .unwrap();
    let (_, said) = answer(&engine, "d2", "dora", here(), "!ready 2").await;
    assert!(
        said.starts_with("✅ Noted: you are ready for session 2"),
        "{said}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_check_ins_are_explained_and_change_nothing(pool: SqlitePool) {
    let (engine, _dir, clock) = setup_with_clock(pool).await;
    let cases = [
        ("x1", "ana", "!pret 9", "pas d'atelier 9"),
        ("x2", "ana", "!pret", "!pret N"),
        ("x3", "ana", "!pas-encore deux", "!pas-encore N"),
        ("x4", "ana", "!question 2", "!question N"),
        ("x5", "ana", "!question 0 Quoi ?", "!question N"),
        ("x6", "ana", "!preparation 2", "réservée"),
    ];
    for (id, who, text, expected) in cases {
        let (_, said) = answer(&engine, id, who, here(), text).await;
        assert!(said.contains(expected), "{text}: {said}");
        assert_eq!(rows(&engine).await, (0, 0), "{text}");
    }
    let long = format!("!question 2 {}", "a".repeat(2_001));
    let (_, said) = answer(&engine, "x7", "ana", here(), &long).await;
    assert!(said.contains("2000") || said.contains("2 000"), "{said}");
    assert_eq!(rows(&engine).await, (0, 0));
    // At most 20 questions per person and atelier.
    for i in 0..20 {
        // Past the per-person rate limit's minute.
        clock.advance(chrono::Duration::minutes(1));
        answer(
            &engine,
            &format!("q{i}"),
            "ana",
            Place::Direct,
            &format!("!question 2 Q{i}"),
        )
        .await;
    }
    clock.advance(chrono::Duration::minutes(1));
    let (_, said) = answer(&engine, "q20", "ana", Place::Direct, "!question 2 Encore ?").await;
    assert!(said.contains("maximum"), "{said}");
    assert_eq!(rows(&engine).await, (0, 20));
}

#[sqlx::test(migrations = "../migrations")]
async fn check_ins_are_in_the_data_export_and_go_with_an_erasure(pool: SqlitePool) {
    let (engine, dir) = setup(pool).await;
    answer(&engine, "a1", "ana", here(), "!pret 1").await;
    answer(&engine, "a2", "ana", here(), "!question 1 Quel livre ?").await;
    answer(&engine, "b1", "bruno", here(), "!pas-encore 1").await;
    answer(&engine, "a3", "ana", Place::Direct, "!mes-donnees").await;
    let export = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    assert_eq!(data["preparation"][0]["state"], "ready");
    assert_eq!(data["questions"][0]["text"], "Quel livre ?");
    assert_eq!(
        data["preparation"].as_array().unwrap().len(),
        1,
        "only hers"
    );
    answer(&engine, "a4", "ana", Place::Direct, "!oublier-moi").await;
    answer(
        &engine,
        "a5",
        "ana",
        Place::Direct,
        "!oublier-moi confirmer",
    )
    .await;
    assert_eq!(rows(&engine).await, (1, 0), "Bruno's answer stays");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reaction_on_the_references_answers_the_check_in(pool: SqlitePool) {
    use bot::engine::{Actor, Event, Origin, Reaction};
    use bot::ids::{Identity, Platform};
    let (engine, _dir, clock) = setup_with_clock(pool).await;
    // The next references drop fires.
    let (due, atelier): (i64, u32) = sqlx::query_as(
        "SELECT due_at, atelier_number FROM jobs WHERE kind = 'references' AND state = 'pending'
         ORDER BY due_at LIMIT 1",
    )
    .fetch_one(engine.store().pool())
    .await
    .unwrap();
    clock.set(chrono::DateTime::from_timestamp(due, 0).unwrap());
    engine.fire_due_jobs(1000).await.unwrap();
    let mut conn = engine.store().pool().acquire().await.unwrap();
    let references = bot::store::outbox::pending(&mut conn, Platform::Console, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.key.starts_with("job:") && m.destination.to_string() == "room:console:salon")
        .expect("the references went to the room");
    assert_eq!(
        references.extra,
        Some(bot::store::MessageExtra::CheckIn { atelier }),
        "{references:?}"
    );
    // Delivered on a platform that remembers it (as Matrix does).
    bot::store::outbox::set_platform_id(&mut conn, &references.key, "$drop")
        .await
        .unwrap();
    drop(conn);
    let react = |id: &str, who: &str, message: &str, emoji: &str| {
        Event::Reaction(Reaction {
            origin: Origin {
                event_id: id.to_owned(),
                actor: Actor {
                    identity: Identity::new(Platform::Console, who),
                    display_name: who.to_owned(),
                    role_hint: None,
                    locale_hint: None,
                },
                place: here(),
            },
            message: message.to_owned(),
            emoji: emoji.to_owned(),
        })
    };
    engine
        .handle(react("r1", "ana", "$drop", "✅"))
        .await
        .unwrap();
    engine
        .handle(react("r2", "bruno", "$drop", "⏳\u{FE0F}"))
        .await
        .unwrap();
    // ❓ asks how to ask: the usage of !question comes back privately.
    engine
        .handle(react("r3", "dora", "$drop", "❓"))
        .await
        .unwrap();
    let (to, said) = outbox(engine.store()).await.pop().unwrap();
    assert_eq!(to, "dm:console:dora");
    assert!(said.contains("!question N"), "{said}");
    // Other emoji, and reactions on other messages, mean nothing.
    let before = outbox(engine.store()).await.len();
    for (i, (message, emoji)) in [("$drop", "👀"), ("$elsewhere", "✅"), ("", "✅")]
        .iter()
        .enumerate()
    {
        let out = engine
            .handle(react(&format!("n{i}"), "dora", message, emoji))
            .await
            .unwrap();
        assert_eq!(out.messages, 0);
    }
    assert_eq!(outbox(engine.store()).await.len(), before);
    let states: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.identity, p.state FROM preparation p
         JOIN identities i ON i.member_id = p.member_id ORDER BY i.identity",
    )
    .fetch_all(engine.store().pool())
    .await
    .unwrap();
    assert_eq!(
        states,
        vec![
            ("console:ana".to_owned(), "ready".to_owned()),
            ("console:bruno".to_owned(), "not-yet".to_owned()),
        ]
    );
    // The confirmation goes privately, not to the room.
    let last = outbox(engine.store()).await;
    let confirmations: Vec<_> = last
        .iter()
        .filter(|(_, b)| b.starts_with("✅ C'est noté") || b.starts_with("⏳ C'est noté"))
        .map(|(d, _)| d.as_str())
        .collect();
    assert_eq!(confirmations, vec!["dm:console:ana", "dm:console:bruno"]);
}

/// Everyone (ana, bruno, dora participants; camille facilitator) has spoken in the room of an
/// engine on `programme`, at 10 March 2027.
async fn cohort_on(
    pool: SqlitePool,
    programme: &bot::programme::Programme,
) -> (Engine, bot::clock::SimClock) {
    let (engine, clock) = engine_with_programme(pool, programme, "2027-03-10T09:00:00Z").await;
    for (id, who, role) in [
        ("c0", "camille", F),
        ("a0", "ana", P),
        ("b0", "bruno", P),
        ("d0", "dora", P),
    ] {
        engine
            .handle(say(id, who, role, here(), "!aide"))
            .await
            .unwrap();
    }
    (engine, clock)
}

/// What camille, facilitator, is answered by DM (the platform confirms her role).
async fn facilitator_dm(engine: &Engine, id: &str, text: &str) -> (String, String) {
    engine
        .handle(say(id, "camille", F, Place::Direct, text))
        .await
        .unwrap();
    outbox(engine.store()).await.pop().unwrap()
}

/// The messages fired at `when`, as (destination, body).
async fn fire_at(
    engine: &Engine,
    clock: &bot::clock::SimClock,
    when: &str,
) -> Vec<(String, String)> {
    let before = outbox(engine.store()).await.len();
    clock.set(at(when));
    engine.fire_due_jobs(1000).await.unwrap();
    outbox(engine.store()).await.split_off(before)
}

#[sqlx::test(migrations = "../migrations")]
async fn the_nudge_skips_who_answered_and_questions_reach_facilitators_then_who_asked(
    pool: SqlitePool,
) {
    let (engine, clock) = cohort_on(pool, &example()).await;
    answer(
        &engine,
        "a1",
        "ana",
        Place::Direct,
        "!question 3 Quel chapitre lire ?",
    )
    .await;
    answer(&engine, "b1", "bruno", here(), "!pret 3").await;

    // Atelier 3 is on 30 March 09:30 Paris; the nudge goes two days before at 10:00 (UTC+2),
    // only to dora: a question is an answer too.
    let nudged = fire_at(&engine, &clock, "2027-03-28T08:00:00Z").await;
    let nudged: Vec<_> = nudged.iter().filter(|(_, b)| b.starts_with("📚")).collect();
    assert_eq!(nudged.len(), 1, "{nudged:#?}");
    assert_eq!(nudged[0].0, "dm:console:dora");
    assert!(nudged[0].1.contains("!pret 3"), "{}", nudged[0].1);

    // The day before at noon: one digest per facilitator, with who asked.
    let digest = fire_at(&engine, &clock, "2027-03-29T10:00:00Z").await;
    let digest: Vec<_> = digest
        .iter()
        .filter(|(_, b)| b.contains("Questions sur la préparation"))
        .collect();
    assert_eq!(digest.len(), 1, "{digest:#?}");
    assert_eq!(digest[0].0, "dm:console:camille");
    assert!(
        digest[0].1.contains("• Q1 — ana : Quel chapitre lire ?"),
        "{}",
        digest[0].1
    );
    assert!(digest[0].1.contains("!repondre Q"), "{}", digest[0].1);

    // The answer goes privately to ana; camille is told it went.
    let before = outbox(engine.store()).await.len();
    engine
        .handle(say(
            "c1",
            "camille",
            F,
            here(),
            "!repondre 1 Le chapitre 2 suffit.",
        ))
        .await
        .unwrap();
    let sent = outbox(engine.store()).await.split_off(before);
    let to_ana = sent
        .iter()
        .find(|(d, _)| d == "dm:console:ana")
        .expect("ana is answered");
    assert!(
        to_ana
            .1
            .contains("camille répond à votre question sur l'atelier 3"),
        "{}",
        to_ana.1
    );
    assert!(to_ana.1.contains("> Quel chapitre lire ?"), "{}", to_ana.1);
    assert!(to_ana.1.contains("Le chapitre 2 suffit."), "{}", to_ana.1);
    assert!(
        sent.iter()
            .any(|(d, b)| d == "dm:console:camille" && b.contains("Q1 envoyée"))
    );
    // Answering again replaces, and says so.
    let (_, said) = facilitator_dm(&engine, "c2", "!repondre 1 Les chapitres 2 et 3.").await;
    assert!(said.contains("remplacée"), "{said}");
    let stored: String = sqlx::query_scalar("SELECT answer FROM preparation_questions")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(stored, "Les chapitres 2 et 3.");
    // The overview marks it answered.
    answer(&engine, "c3", "camille", here(), "!preparation 3").await;
    let all = outbox(engine.store()).await;
    assert!(
        all[all.len() - 2]
            .1
            .contains("Q1 — ana : Quel chapitre lire ? (répondue)"),
        "{}",
        all[all.len() - 2].1
    );

    // Refusals change nothing.
    for (id, who, text, expected) in [
        ("x1", "camille", "!repondre 99 Oui", "pas de question Q99"),
        ("x2", "camille", "!repondre 1", "!repondre Q"),
        ("x3", "camille", "!repondre zéro Oui", "!repondre Q"),
        (
            "x4",
            "ana",
            "!repondre 1 Moi-même",
            "Je ne peux pas confirmer votre rôle",
        ),
    ] {
        let role = (who == "camille").then_some(Role::Facilitator);
        engine
            .handle(say(id, who, role, Place::Direct, text))
            .await
            .unwrap();
        let (_, said) = outbox(engine.store()).await.pop().unwrap();
        assert!(said.contains(expected), "{text}: {said}");
    }
    let stored: String = sqlx::query_scalar("SELECT answer FROM preparation_questions")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(stored, "Les chapitres 2 et 3.");
    // Once answered, a question leaves the digest: the one for atelier 4 has nothing to say.
    let later = fire_at(&engine, &clock, "2027-04-12T10:00:00Z").await;
    assert!(
        later
            .iter()
            .all(|(_, b)| !b.contains("Questions sur la préparation")),
        "{later:#?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_programme_can_keep_names_out_of_the_digest_or_turn_check_ins_off(pool: SqlitePool) {
    let mut programme = example();
    programme.cohort.parts.questions_named = false;
    let (engine, clock) = cohort_on(pool.clone(), &programme).await;
    answer(
        &engine,
        "a1",
        "ana",
        Place::Direct,
        "!question 3 Quel chapitre lire ?",
    )
    .await;
    let digest = fire_at(&engine, &clock, "2027-03-29T10:00:00Z").await;
    let digest = digest
        .iter()
        .find(|(_, b)| b.contains("Questions sur la préparation"))
        .expect("a digest");
    assert!(
        digest.1.contains("• Q1 : Quel chapitre lire ?"),
        "{}",
        digest.1
    );
    assert!(!digest.1.contains("ana"), "{}", digest.1);
    // The facilitator can still answer, without learning who asked.
    let (_, said) = facilitator_dm(&engine, "c1", "!repondre 1 Le 2.").await;
    assert!(!said.contains("ana"), "{said}");
    assert!(
        outbox(engine.store())
            .await
            .iter()
            .any(|(d, b)| d == "dm:console:ana" && b.contains("Le 2."))
    );

    // Check-ins off: the commands explain it and record nothing; no nudge, no digest.
    programme.cohort.parts.preparation = false;
    let mut tx = engine.store().begin().await.unwrap();
    bot::store::import_programme(&mut tx, &programme, at("2027-03-29T10:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, said) = answer(&engine, "a2", "ana", here(), "!pret 4").await;
    assert!(
        said.contains("n'utilise pas le suivi de la préparation"),
        "{said}"
    );
    let (_, said) = answer(
        &engine,
        "a3",
        "ana",
        Place::Direct,
        "!question 4 Et alors ?",
    )
    .await;
    assert!(
        said.contains("n'utilise pas le suivi de la préparation"),
        "{said}"
    );
    assert_eq!(rows(&engine).await, (0, 1));
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE state = 'pending'
         AND kind IN ('preparation-nudge', 'questions-digest')",
    )
    .fetch_one(engine.store().pool())
    .await
    .unwrap();
    assert_eq!(pending, 0, "re-importing withdrew them");
}
