//! The facilitators' follow-up on a real SQLite store: `!suivi` orders participants by the
//! attention they need, `!suivi @membre` shows one path, the weekly digest reaches facilitators
//! only, and a programme can turn it off.

mod common;

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Engine, Place};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn here() -> Place {
    Place::Room(room())
}

async fn said(engine: &Engine, id: &str, who: &str, place: Place, text: &str) -> (String, String) {
    let role = if who == "camille" { F } else { P };
    engine
        .handle(say(id, who, role, place, text))
        .await
        .unwrap();
    outbox(engine.store()).await.pop().unwrap()
}

/// Ana prepares, attends and hands in on time; Bruno asks a question and hands in late; Dora
/// does nothing. At Friday 19 February 2027, 10:00 Paris, after atelier 1's deadline.
async fn cohort(pool: SqlitePool) -> (Engine, SimClock) {
    let (engine, clock) = engine_with_example(pool, "2027-02-08T08:00:00Z").await;
    for (id, who) in [
        ("c0", "camille"),
        ("a0", "ana"),
        ("b0", "bruno"),
        ("d0", "dora"),
    ] {
        said(&engine, id, who, here(), "!aide").await;
    }
    said(&engine, "a1", "ana", here(), "!pret 1").await;
    said(
        &engine,
        "b1",
        "bruno",
        Place::Direct,
        "!question 1 Quel chapitre ?",
    )
    .await;
    clock.set(at("2027-02-11T08:20:00Z"));
    said(&engine, "a2", "ana", here(), "!present").await;
    said(&engine, "b2", "bruno", here(), "!present").await;
    clock.set(at("2027-02-11T12:20:00Z"));
    said(&engine, "a3", "ana", here(), "!present").await;
    clock.set(at("2027-02-15T10:00:00Z"));
    said(&engine, "a4", "ana", here(), "!rendre 1 Mon engagement").await;
    clock.set(at("2027-02-19T09:00:00Z"));
    said(&engine, "b3", "bruno", here(), "!rendre 1 En retard").await;
    (engine, clock)
}

#[sqlx::test(migrations = "../migrations")]
async fn the_follow_up_shows_who_needs_attention_first_and_one_path(pool: SqlitePool) {
    let (engine, _clock) = cohort(pool).await;
    let (to, _) = said(&engine, "c1", "camille", here(), "!suivi").await;
    assert_eq!(to, "room:console:salon", "a pointer in the room");
    let all = outbox(engine.store()).await;
    let report = &all[all.len() - 2].1;
    let lines: Vec<&str> = report.lines().skip(1).collect();
    assert_eq!(lines.len(), 3, "{report}");
    assert!(lines[0].starts_with("🔴 dora — préparation : 0 prêt·e, 0 pas encore, 1 sans réponse · présence : 0/2 (2 absence(s) ou sans confirmation)"), "{report}");
    assert!(lines[0].contains("1 manquant(s)"), "{report}");
    assert!(lines[1].starts_with("🟠 bruno"), "{report}");
    assert!(
        lines[1].contains("présence : 1/2 (1 absence(s) ou sans confirmation)"),
        "{report}"
    );
    assert!(
        lines[1].contains("0 à l'heure, 1 en retard, 0 manquant(s), 1 à relire"),
        "{report}"
    );
    assert!(lines[1].contains("questions ouvertes : 1"), "{report}");
    assert!(
        lines[2].starts_with("🟢 ana — préparation : 1 prêt·e"),
        "{report}"
    );
    assert!(lines[2].contains("présence : 2/2 ·"), "{report}");
    assert!(lines[2].contains("1 à l'heure, 0 en retard"), "{report}");
    assert!(lines[2].contains("évaluations : anonymes"), "{report}");

    said(&engine, "c2", "camille", here(), "!suivi @bruno").await;
    let all = outbox(engine.store()).await;
    let path = &all[all.len() - 2].1;
    for expected in [
        "**Parcours de bruno** (participant·e)",
        "Atelier 1 « Le sens avant l'action »",
        "Préparation : pas de réponse",
        "Présence : session 1 présent·e (à distance) · session 2 non confirmée",
        "Livrable : version 1, en retard",
        "Questions : 1 (0 répondue(s))",
        "Atelier 2 « Le pouvoir d'agir »",
        "(à venir)",
    ] {
        assert!(path.contains(expected), "{expected} in {path}");
    }
    for (id, who, text, expected) in [
        ("x1", "ana", "!suivi", "réservée"),
        ("x2", "camille", "!suivi @zoe", "zoe"),
        ("x3", "camille", "!suivi @ana @bruno", "!suivi"),
    ] {
        let (_, answer) = said(&engine, id, who, here(), text).await;
        let all = outbox(engine.store()).await;
        let answer = if answer.contains("message privé") {
            all[all.len() - 2].1.clone()
        } else {
            answer
        };
        assert!(answer.contains(expected), "{text}: {answer}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_weekly_digest_reaches_facilitators_only_and_can_be_turned_off(pool: SqlitePool) {
    let (engine, clock) = cohort(pool.clone()).await;
    // Monday 22 February 2027, 08:00 Paris.
    let before = outbox(engine.store()).await.len();
    clock.set(at("2027-02-22T07:00:00Z"));
    engine.fire_due_jobs(1000).await.unwrap();
    let sent = outbox(engine.store()).await.split_off(before);
    let digests: Vec<_> = sent.iter().filter(|(_, b)| b.starts_with("📋")).collect();
    assert_eq!(digests.len(), 1, "{sent:#?}");
    assert_eq!(digests[0].0, "dm:console:camille");
    assert!(digests[0].1.contains("🔴 dora"), "{}", digests[0].1);

    let mut off = example();
    off.followup_digest = None;
    let mut tx = engine.store().begin().await.unwrap();
    bot::store::import_programme(&mut tx, &off, at("2027-02-22T08:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let pending = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE kind = 'followup' AND state = 'pending'",
    )
    .await;
    assert_eq!(pending, 0);
}
