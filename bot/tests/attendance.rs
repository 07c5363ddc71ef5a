//! Attendance (émargement) on a real SQLite store: the opening of each session, presence
//! confirmed by command or reaction within its window only, the facilitators' sheet and
//! corrections, the data export and erasure.

mod common;

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, Origin, Place, Reaction};
use bot::ids::{Identity, Platform};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn here() -> Place {
    Place::Room(room())
}

async fn cohort_on(pool: SqlitePool, programme: &bot::programme::Programme) -> (Engine, SimClock) {
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

/// What `who` is answered (the last message written), saying `text` in `place`.
async fn said(engine: &Engine, id: &str, who: &str, place: Place, text: &str) -> (String, String) {
    let role = (who == "camille").then_some(Role::Facilitator);
    engine
        .handle(say(id, who, role, place, text))
        .await
        .unwrap();
    outbox(engine.store()).await.pop().unwrap()
}

async fn sheet(engine: &Engine) -> Vec<(String, i64, String, Option<String>, bool)> {
    sqlx::query_as(
        "SELECT i.identity, t.session, t.status, t.mode, t.recorded_by = t.member_id
         FROM attendance t JOIN identities i ON i.member_id = t.member_id
         ORDER BY i.identity, t.session",
    )
    .fetch_all(engine.store().pool())
    .await
    .unwrap()
}

fn row(
    who: &str,
    session: i64,
    status: &str,
    mode: Option<&str>,
    by_self: bool,
) -> (String, i64, String, Option<String>, bool) {
    (
        format!("console:{who}"),
        session,
        status.to_owned(),
        mode.map(str::to_owned),
        by_self,
    )
}

fn reaction(id: &str, who: &str, message: &str, emoji: &str) -> Event {
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
}

#[sqlx::test(migrations = "../migrations")]
async fn presence_is_confirmed_within_the_window_and_facilitators_complete_the_sheet(
    pool: SqlitePool,
) {
    let (engine, clock) = cohort_on(pool, &example()).await;
    // Atelier 3: 30 March 2027, 09:30–17:00 Paris (UTC+2), so two sessions; the window of
    // the first runs 09:15–10:00.
    clock.set(at("2027-03-30T07:00:00Z"));
    let (_, answer) = said(&engine, "a1", "ana", here(), "!present").await;
    assert!(answer.contains("pas ouvert"), "{answer}");
    assert!(
        answer.contains("atelier 3, le mardi 30 mars 2027 à 9 h 15"),
        "{answer}"
    );
    assert!(sheet(&engine).await.is_empty());

    // 09:15: the opening goes to the room, answerable by reaction.
    clock.set(at("2027-03-30T07:15:00Z"));
    let before = outbox(engine.store()).await.len();
    engine.fire_due_jobs(1000).await.unwrap();
    let opened = outbox(engine.store()).await.split_off(before);
    let opening = opened
        .iter()
        .find(|(_, b)| b.contains("Émargement — atelier 3"))
        .unwrap_or_else(|| panic!("{opened:#?}"));
    assert_eq!(opening.0, "room:console:salon");
    assert!(opening.1.contains("session 1/2"), "{}", opening.1);
    let mut conn = engine.store().pool().acquire().await.unwrap();
    let message = bot::store::outbox::pending(&mut conn, Platform::Console, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.body.contains("Émargement — atelier 3"))
        .unwrap();
    assert_eq!(
        message.extra,
        Some(bot::store::MessageExtra::Attendance {
            atelier: 3,
            session: 1
        })
    );
    bot::store::outbox::set_platform_id(&mut conn, &message.key, "$open")
        .await
        .unwrap();
    drop(conn);

    // Ana by command (the atelier has a link: remote assumed), Bruno on site, Dora by
    // reaction; each is answered privately.
    let (to, answer) = said(&engine, "a2", "ana", here(), "!present").await;
    assert_eq!(to, "dm:console:ana");
    assert!(answer.contains("session 1/2, à distance"), "{answer}");
    said(&engine, "b1", "bruno", here(), "!présent sur-place").await;
    engine
        .handle(reaction("r1", "dora", "$open", "✅"))
        .await
        .unwrap();
    // Someone else's emoji on another message means nothing.
    engine
        .handle(reaction("r2", "dora", "$elsewhere", "✅"))
        .await
        .unwrap();
    assert_eq!(
        sheet(&engine).await,
        vec![
            row("ana", 1, "present", Some("remote"), true),
            row("bruno", 1, "present", Some("on-site"), true),
            row("dora", 1, "present", Some("remote"), true),
        ]
    );

    // 10:01: the window is closed; a late confirmation changes nothing.
    clock.set(at("2027-03-30T08:01:00Z"));
    let (_, answer) = said(&engine, "a3", "ana", here(), "!present sur-place").await;
    assert!(answer.contains("pas ouvert"), "{answer}");
    assert!(answer.contains("13 h 15"), "{answer}");

    // The facilitator completes the afternoon: Dora excused, Bruno absent, Ana present for
    // every session of the atelier.
    said(
        &engine,
        "c1",
        "camille",
        here(),
        "!presence 3 @dora excusée session 2",
    )
    .await;
    said(
        &engine,
        "c2",
        "camille",
        here(),
        "!presence 3 bruno absent s2",
    )
    .await;
    said(
        &engine,
        "c3",
        "camille",
        here(),
        "!presence 3 @ana présente",
    )
    .await;
    let rows = sheet(&engine).await;
    assert_eq!(
        rows,
        vec![
            row("ana", 1, "present", Some("remote"), false),
            row("ana", 2, "present", Some("remote"), false),
            row("bruno", 1, "present", Some("on-site"), true),
            row("bruno", 2, "absent", None, false),
            row("dora", 1, "present", Some("remote"), true),
            row("dora", 2, "excused", None, false),
        ]
    );

    // The sheet, privately, with a pointer in the room.
    let (to, _) = said(&engine, "c4", "camille", here(), "!presence 3").await;
    assert_eq!(to, "room:console:salon");
    let all = outbox(engine.store()).await;
    let (dm, text) = &all[all.len() - 2];
    assert_eq!(dm, "dm:console:camille");
    for expected in [
        "Émargement de l'atelier 3",
        "Session 1 — mardi 30 mars 2027 à 9 h 30 → 12 h 30 : 3 présent·es sur 3",
        "Présent·es : ana (à distance), bruno (sur place), dora (à distance)",
        "Session 2 — mardi 30 mars 2027 à 13 h 30 → 17 h 00 : 1 présent·es sur 3",
        "Absent·es : bruno",
        "Excusé·es : dora",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }

    // Mistakes are explained and change nothing.
    for (id, who, text, expected) in [
        ("x1", "camille", "!presence 3 @zoe présent", "zoe"),
        ("x2", "camille", "!presence 3 @ana peut-être", "!presence N"),
        (
            "x3",
            "camille",
            "!presence 3 @ana présent session 9",
            "pas de session 9",
        ),
        (
            "x4",
            "camille",
            "!presence 3 @ana présent session 0",
            "!presence N",
        ),
        ("x5", "camille", "!presence 99", "pas d'atelier 99"),
        ("x6", "ana", "!presence 3", "réservée"),
        ("x7", "ana", "!present en-orbite", "!present"),
    ] {
        let (_, answer) = said(&engine, id, who, here(), text).await;
        let all = outbox(engine.store()).await;
        let answer = if answer.contains("message privé") {
            all[all.len() - 2].1.clone()
        } else {
            answer
        };
        assert!(answer.contains(expected), "{text}: {answer}");
        assert_eq!(sheet(&engine).await, rows, "{text}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn attendance_is_in_the_data_export_and_goes_with_an_erasure(pool: SqlitePool) {
    let (engine, clock) = cohort_on(pool, &example()).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    clock.set(at("2027-03-30T07:20:00Z"));
    said(&engine, "a1", "ana", here(), "!present").await;
    said(&engine, "b1", "bruno", here(), "!present").await;
    said(&engine, "a2", "ana", Place::Direct, "!mes-donnees").await;
    let export = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    assert_eq!(data["attendance"].as_array().unwrap().len(), 1, "only hers");
    assert_eq!(data["attendance"][0]["atelier"], 3);
    assert_eq!(data["attendance"][0]["presence"], "present");
    assert_eq!(data["attendance"][0]["by_self"], true);
    said(&engine, "a3", "ana", Place::Direct, "!oublier-moi").await;
    said(
        &engine,
        "a4",
        "ana",
        Place::Direct,
        "!oublier-moi confirmer",
    )
    .await;
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM attendance").await,
        1,
        "Bruno's line stays"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_programme_without_attendance_has_no_sheet_and_no_opening(pool: SqlitePool) {
    let mut programme = example();
    programme.cohort.parts.attendance = false;
    let (engine, clock) = cohort_on(pool, &programme).await;
    let openings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'attendance'")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(openings, 0);
    clock.set(at("2027-03-30T07:20:00Z"));
    let (_, answer) = said(&engine, "a1", "ana", here(), "!present").await;
    assert!(
        answer.contains("ne tient pas de feuille d'émargement"),
        "{answer}"
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM attendance").await,
        0
    );
}
