//! Deadline extensions on a real SQLite store: a participant asks, the facilitators are told and
//! grant or refuse; a date granted is that person's deadline alone (chases, summary, lateness).

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

async fn said(
    engine: &Engine,
    id: &str,
    who: &str,
    place: Place,
    text: &str,
) -> Vec<(String, String)> {
    let role = if who == "camille" { F } else { P };
    let before = outbox(engine.store()).await.len();
    engine
        .handle(say(id, who, role, place, text))
        .await
        .unwrap();
    outbox(engine.store()).await.split_off(before)
}

fn to<'a>(sent: &'a [(String, String)], who: &str) -> &'a str {
    sent.iter()
        .find(|(d, _)| d == &format!("dm:console:{who}"))
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("nothing to {who}: {sent:#?}"))
}

async fn fire_at(engine: &Engine, clock: &SimClock, when: &str) -> Vec<(String, String)> {
    let before = outbox(engine.store()).await.len();
    clock.set(at(when));
    engine.fire_due_jobs(1000).await.unwrap();
    outbox(engine.store()).await.split_off(before)
}

async fn rows(engine: &Engine) -> i64 {
    count(engine.store(), "SELECT COUNT(*) FROM extensions").await
}

#[sqlx::test(migrations = "../migrations")]
async fn an_extension_is_asked_granted_and_followed_for_that_person_alone(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-12T09:00:00Z").await;
    for (id, who) in [
        ("c0", "camille"),
        ("a0", "ana"),
        ("b0", "bruno"),
        ("d0", "dora"),
    ] {
        said(&engine, id, who, here(), "!aide").await;
    }
    // Atelier 1's deliverable is due on Thursday 18 February 2027 at 23:59.
    let sent = said(
        &engine,
        "b1",
        "bruno",
        Place::Direct,
        "!delai 1 Un imprévu familial",
    )
    .await;
    assert!(
        to(&sent, "bruno").contains("C'est transmis aux animateur·rices"),
        "{sent:#?}"
    );
    let told = to(&sent, "camille");
    assert!(told.contains("bruno demande un délai"), "{told}");
    assert!(told.contains("« Un imprévu familial »"), "{told}");
    assert!(told.contains("!delai accorder 1 @bruno DATE"), "{told}");

    for (id, who, text, expected) in [
        ("x1", "bruno", "!delai 1", "!delai N"),
        ("x2", "bruno", "!delai 9 Pas le temps", "pas d'atelier 9"),
        (
            "x3",
            "ana",
            "!delai accorder 1 @ana 2027-02-28 18:00",
            "réservée",
        ),
        (
            "x4",
            "camille",
            "!delai accorder 1 @bruno 2027-02-17 18:00",
            "après l'échéance de la cohorte",
        ),
        (
            "x5",
            "camille",
            "!delai accorder 1 @bruno 2027-08-01 18:00",
            "au plus 90 jours",
        ),
        (
            "x6",
            "camille",
            "!delai accorder 1 @bruno 2027-02-25 18:00 peut-être",
            "« peut-être »",
        ),
        (
            "x7",
            "camille",
            "!delai accorder 1 @zoe 2027-02-25 18:00",
            "zoe",
        ),
        ("x8", "camille", "!delai accorder 1", "!delai N"),
    ] {
        let sent = said(&engine, id, who, here(), text).await;
        let all: String = sent
            .iter()
            .map(|(_, b)| b.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(all.contains(expected), "{text}: {all}");
    }
    let granted = count(
        engine.store(),
        "SELECT COUNT(*) FROM extensions WHERE due_at IS NOT NULL",
    )
    .await;
    assert_eq!(granted, 0, "no mistake granted anything");

    let sent = said(
        &engine,
        "c1",
        "camille",
        here(),
        "!delai accorder 1 @bruno 2027-02-25 18:00",
    )
    .await;
    assert!(
        to(&sent, "bruno")
            .contains("votre nouvelle échéance est le jeudi 25 février 2027 à 18 h 00"),
        "{sent:#?}"
    );
    assert!(
        to(&sent, "camille").contains("Délai accordé à bruno"),
        "{sent:#?}"
    );

    // The cohort's chase two days before its deadline skips Bruno.
    let chased = fire_at(&engine, &clock, "2027-02-16T22:59:00Z").await;
    let mut who: Vec<&str> = chased
        .iter()
        .filter(|(_, b)| b.starts_with("📝 Rappel : le livrable"))
        .map(|(d, _)| d.as_str())
        .collect();
    who.sort();
    assert_eq!(who, ["dm:console:ana", "dm:console:dora"]);
    // Two hours before, again without Bruno; at the deadline, Bruno is not missing: his own
    // date is told apart.
    let chased = fire_at(&engine, &clock, "2027-02-18T20:59:00Z").await;
    assert!(
        chased.iter().all(|(d, _)| d != "dm:console:bruno"),
        "{chased:#?}"
    );
    let summary = fire_at(&engine, &clock, "2027-02-18T22:59:00Z").await;
    let summary = to(&summary, "camille");
    assert!(
        summary.contains("Pas encore rendu : ana, dora."),
        "{summary}"
    );
    assert!(
        summary.contains("Avec un délai accordé : bruno."),
        "{summary}"
    );
    // Two days before his own deadline, Bruno alone is chased.
    let chased = fire_at(&engine, &clock, "2027-02-23T17:00:00Z").await;
    let mine: Vec<_> = chased.iter().filter(|(_, b)| b.starts_with("📝")).collect();
    assert_eq!(mine.len(), 1, "{chased:#?}");
    assert_eq!(mine[0].0, "dm:console:bruno");
    assert!(
        mine[0].1.contains("jeudi 25 février 2027 à 18 h 00"),
        "{}",
        mine[0].1
    );
    // He hands in before it: on time, and his last chase does not come.
    clock.set(at("2027-02-24T10:00:00Z"));
    let sent = said(
        &engine,
        "b2",
        "bruno",
        Place::Direct,
        "!rendre 1 Mon engagement",
    )
    .await;
    assert!(to(&sent, "bruno").contains("(dans les temps)"), "{sent:#?}");
    let later = fire_at(&engine, &clock, "2027-02-25T16:00:00Z").await;
    assert!(
        later
            .iter()
            .all(|(_, b)| !b.starts_with("📝 Rappel : le livrable")),
        "{later:#?}"
    );

    // Dora asks, and is refused with a reason.
    said(
        &engine,
        "d1",
        "dora",
        Place::Direct,
        "!delai 1 Trop de travail",
    )
    .await;
    let sent = said(
        &engine,
        "c2",
        "camille",
        here(),
        "!delai refuser 1 @dora Rendez ce que vous avez.",
    )
    .await;
    let refused = to(&sent, "dora");
    assert!(
        refused.contains("n'a pas été acceptée : « Rendez ce que vous avez. »"),
        "{refused}"
    );
    assert_eq!(rows(&engine).await, 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn extensions_are_in_the_data_export(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-12T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    said(&engine, "c0", "camille", here(), "!aide").await;
    said(&engine, "b0", "bruno", here(), "!aide").await;
    said(
        &engine,
        "b1",
        "bruno",
        Place::Direct,
        "!delai 1 Déménagement",
    )
    .await;
    said(
        &engine,
        "c1",
        "camille",
        here(),
        "!delai accorder 1 @bruno 2027-02-25 18:00",
    )
    .await;
    said(&engine, "b2", "bruno", Place::Direct, "!mes-donnees").await;
    let export = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    assert_eq!(data["extensions"][0]["reason"], "Déménagement");
    assert_eq!(data["extensions"][0]["state"], "granted");
    assert_eq!(
        data["extensions"][0]["new_deadline"],
        "2027-02-25T17:00:00+00:00"
    );
}
