//! Evaluations on a real SQLite store: the questions by DM when an atelier ends, answers by
//! private message only, one reminder to those who have not answered, results for the
//! facilitators, closing, the self-assessment against the objectives, named evaluations in the
//! data export.

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

async fn cohort_on(pool: SqlitePool, programme: &bot::programme::Programme) -> (Engine, SimClock) {
    let (engine, clock) = engine_with_programme(pool, programme, "2027-02-10T09:00:00Z").await;
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

/// What `who` is answered, by DM unless `place` says otherwise.
async fn said(engine: &Engine, id: &str, who: &str, place: Place, text: &str) -> (String, String) {
    let role = (who == "camille").then_some(Role::Facilitator);
    engine
        .handle(say(id, who, role, place, text))
        .await
        .unwrap();
    outbox(engine.store()).await.pop().unwrap()
}

async fn fire_at(engine: &Engine, clock: &SimClock, when: &str) -> Vec<(String, String)> {
    let before = outbox(engine.store()).await.len();
    clock.set(at(when));
    engine.fire_due_jobs(1000).await.unwrap();
    outbox(engine.store()).await.split_off(before)
}

async fn answers(engine: &Engine) -> i64 {
    count(engine.store(), "SELECT COUNT(*) FROM evaluation_answers").await
}

#[sqlx::test(migrations = "../migrations")]
async fn an_atelier_is_rated_privately_reminded_once_and_read_by_facilitators(pool: SqlitePool) {
    let (engine, clock) = cohort_on(pool, &example()).await;
    let dm = Place::Direct;
    // Before atelier 1 ends, there is nothing to answer.
    let (_, answer) = said(&engine, "x0", "ana", dm.clone(), "!evaluer 1 4 5").await;
    assert!(answer.contains("pas encore ouverte"), "{answer}");

    // Atelier 1 ends on 11 February at 17:00 Paris: each participant gets the questions.
    let sent = fire_at(&engine, &clock, "2027-02-11T16:00:00Z").await;
    let forms: Vec<_> = sent.iter().filter(|(_, b)| b.starts_with("📝")).collect();
    let mut to: Vec<&str> = forms.iter().map(|(d, _)| d.as_str()).collect();
    to.sort();
    assert_eq!(
        to,
        ["dm:console:ana", "dm:console:bruno", "dm:console:dora"]
    );
    assert!(
        forms[0].1.contains("!evaluer 1 satisfaction"),
        "{}",
        forms[0].1
    );
    assert!(forms[0].1.contains("Il est anonyme."), "{}", forms[0].1);

    // Answers by DM; again replaces; in the room, refused and nothing kept.
    let (_, answer) = said(
        &engine,
        "a1",
        "ana",
        dm.clone(),
        "!evaluer 1 4 5 | les cas pratiques",
    )
    .await;
    assert!(
        answer.contains("votre réponse est enregistrée — anonymement"),
        "{answer}"
    );
    let (_, answer) = said(
        &engine,
        "a2",
        "ana",
        dm.clone(),
        "!évaluer 1 5 4 | les cas pratiques, l'accueil | un peu plus de pauses",
    )
    .await;
    assert!(answer.contains("remplace la précédente"), "{answer}");
    let (to, answer) = said(&engine, "b1", "bruno", here(), "!evaluer 1 2 3").await;
    assert_eq!(to, "room:console:salon");
    assert!(answer.contains("Répondez en message privé"), "{answer}");
    assert_eq!(answers(&engine).await, 1);
    for (id, text, expected) in [
        ("e1", "!evaluer 1 6 3", "!evaluer N"),
        ("e2", "!evaluer 1 4", "!evaluer N"),
        ("e3", "!evaluer 1 0 3", "!evaluer N"),
        ("e4", "!evaluer 9 4 4", "pas d'atelier 9"),
        ("e5", "!evaluer 2 4 4", "pas encore ouverte"),
        ("e6", "!evaluer 1 4 4 | a | b | c", "!evaluer N"),
    ] {
        let (_, answer) = said(&engine, id, "bruno", dm.clone(), text).await;
        assert!(answer.contains(expected), "{text}: {answer}");
    }
    let long = format!("!evaluer 1 3 3 | {}", "x".repeat(2_001));
    let (_, answer) = said(&engine, "e7", "bruno", dm.clone(), &long).await;
    assert!(
        answer.contains("2000") || answer.contains("2 000"),
        "{answer}"
    );
    assert_eq!(answers(&engine).await, 1);
    said(
        &engine,
        "b2",
        "bruno",
        dm.clone(),
        "!evaluer 1 2 3 | | plus de concret",
    )
    .await;

    // Two days later, one reminder, to Dora only; never a second one.
    let sent = fire_at(&engine, &clock, "2027-02-13T16:00:00Z").await;
    let reminders: Vec<_> = sent
        .iter()
        .filter(|(_, b)| b.starts_with("📝 Rappel"))
        .collect();
    assert_eq!(reminders.len(), 1, "{sent:#?}");
    assert_eq!(reminders[0].0, "dm:console:dora");
    let again = fire_at(&engine, &clock, "2027-02-20T16:00:00Z").await;
    assert!(
        again.iter().all(|(_, b)| !b.starts_with("📝")),
        "{again:#?}"
    );

    // The facilitator's results: counts, averages, distribution, comments, a chart.
    let (_, _) = said(&engine, "c1", "camille", here(), "!evaluation 1").await;
    let all = outbox(engine.store()).await;
    let (dm_to, results) = &all[all.len() - 2];
    assert_eq!(dm_to, "dm:console:camille");
    for expected in [
        "Évaluation de l'atelier 1** — 2 réponse(s) sur 3 (anonyme), en cours",
        "Satisfaction : 3,5 / 5 — 1★ 0 · 2★ 1 · 3★ 0 · 4★ 0 · 5★ 1",
        "Objectifs de l'atelier atteints : 3,5 / 5",
        "À garder :",
        "• les cas pratiques, l'accueil",
        "À changer :",
        "• un peu plus de pauses",
        "• plus de concret",
    ] {
        assert!(results.contains(expected), "{expected} in {results}");
    }
    let charts = count(
        engine.store(),
        "SELECT COUNT(*) FROM outbox WHERE attachments LIKE '%evaluation-bvm-printemps-2027-1-%.png%'",
    )
    .await;
    assert_eq!(charts, 1);
    // A participant may not read them.
    let (_, answer) = said(&engine, "a3", "ana", here(), "!evaluation 1").await;
    assert!(answer.contains("réservée"), "{answer}");

    // Two weeks after the end it closes: the facilitators are told, answers are refused.
    let sent = fire_at(&engine, &clock, "2027-02-25T16:00:00Z").await;
    assert!(
        sent.iter().any(|(d, b)| d == "dm:console:camille"
            && b.starts_with("L'évaluation de l'atelier 1 est close : 2 réponse(s) sur 3")),
        "{sent:#?}"
    );
    let (_, answer) = said(&engine, "d1", "dora", dm, "!evaluer 1 5 5").await;
    assert!(answer.contains("est close"), "{answer}");
    assert_eq!(answers(&engine).await, 2);
    let secret: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT secret FROM evaluations WHERE atelier_id IS NOT NULL")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(secret, None, "the secret goes when it closes");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_cycle_ends_with_a_self_assessment_against_the_objectives(pool: SqlitePool) {
    let (engine, clock) = cohort_on(pool, &example()).await;
    let dm = Place::Direct;
    // The last atelier ends on 20 May 2027 at 17:00 Paris (UTC+2).
    let sent = fire_at(&engine, &clock, "2027-05-20T15:00:00Z").await;
    let form = sent
        .iter()
        .find(|(d, b)| d == "dm:console:ana" && b.starts_with("🎯"))
        .unwrap_or_else(|| panic!("{sent:#?}"));
    assert!(
        form.1
            .contains("1. Concevoir et mettre en œuvre un projet de territoire"),
        "{}",
        form.1
    );
    assert!(
        form.1.contains("4. Participer à la co-construction"),
        "{}",
        form.1
    );
    for (id, text, expected) in [
        ("o1", "!objectifs 2>4 1>3", "chacun des 4 objectifs"),
        ("o2", "!objectifs 2>4 1>3 3>4 2>9", "!objectifs"),
        ("o3", "!objectifs", "!objectifs"),
    ] {
        let (_, answer) = said(&engine, id, "ana", dm.clone(), text).await;
        assert!(answer.contains(expected), "{text}: {answer}");
    }
    said(
        &engine,
        "o4",
        "ana",
        dm.clone(),
        "!objectifs 2>4 1>3 3>4 2>5",
    )
    .await;
    said(
        &engine,
        "o5",
        "bruno",
        dm.clone(),
        "!objectifs 1-3 2-2 3/5 1→4",
    )
    .await;
    assert_eq!(answers(&engine).await, 2);
    said(&engine, "c1", "camille", here(), "!evaluation objectifs").await;
    let all = outbox(engine.store()).await;
    let results = &all[all.len() - 2].1;
    for expected in [
        "Auto-positionnement sur les objectifs** — 2 réponse(s) sur 3",
        "1. Concevoir et mettre en œuvre un projet de territoire",
        "avant : 1,5 / 5, après : 3,5 / 5",
        "avant : 1,5 / 5, après : 4,5 / 5",
    ] {
        assert!(results.contains(expected), "{expected} in {results}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn named_evaluations_are_in_the_data_export_and_go_with_an_erasure(pool: SqlitePool) {
    let mut programme = example();
    programme.cohort.parts.evaluation_anonymous = false;
    let (engine, clock) = cohort_on(pool, &programme).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    fire_at(&engine, &clock, "2027-02-11T16:00:00Z").await;
    let (_, answer) = said(&engine, "a1", "ana", Place::Direct, "!evaluer 1 4 5 | tout").await;
    assert!(!answer.contains("anonymement"), "{answer}");
    said(&engine, "b1", "bruno", Place::Direct, "!evaluer 1 3 3").await;
    said(&engine, "a2", "ana", Place::Direct, "!mes-donnees").await;
    let export = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    assert_eq!(
        data["evaluations"].as_array().unwrap().len(),
        1,
        "only hers"
    );
    assert_eq!(data["evaluations"][0]["atelier"], 1);
    assert_eq!(data["evaluations"][0]["scores"], serde_json::json!([4, 5]));
    assert_eq!(data["evaluations"][0]["keep"], "tout");
    said(&engine, "a3", "ana", Place::Direct, "!oublier-moi").await;
    said(
        &engine,
        "a4",
        "ana",
        Place::Direct,
        "!oublier-moi confirmer",
    )
    .await;
    assert_eq!(answers(&engine).await, 1, "Bruno's answer stays");

    // Evaluations turned off: nothing opens, and the commands say why.
    let mut off = example();
    off.cohort.parts.evaluation = false;
    let mut tx = engine.store().begin().await.unwrap();
    bot::store::import_programme(&mut tx, &off, at("2027-02-12T09:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let sent = fire_at(&engine, &clock, "2027-03-04T16:00:00Z").await;
    assert!(sent.iter().all(|(_, b)| !b.starts_with("📝")), "{sent:#?}");
    let (_, answer) = said(&engine, "b2", "bruno", Place::Direct, "!evaluer 2 4 4").await;
    assert!(answer.contains("n'utilise pas les évaluations"), "{answer}");
}
