//! Ateliers moved or cancelled from chat on a real SQLite store: jobs rescheduled or withdrawn
//! without duplicates, the cohort told once with the reason, a relative deadline following, and
//! the change standing over re-imports of the same file until the file itself moves the atelier.

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

async fn said(engine: &Engine, id: &str, who: &str, text: &str) -> Vec<(String, String)> {
    let role = if who == "camille" { F } else { P };
    let before = outbox(engine.store()).await.len();
    engine
        .handle(say(id, who, role, here(), text))
        .await
        .unwrap();
    outbox(engine.store()).await.split_off(before)
}

fn in_room(sent: &[(String, String)]) -> &str {
    sent.iter()
        .find(|(d, _)| d == "room:console:salon")
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("nothing in the room: {sent:#?}"))
}

async fn fire_at(engine: &Engine, clock: &SimClock, when: &str) -> Vec<(String, String)> {
    let before = outbox(engine.store()).await.len();
    clock.set(at(when));
    engine.fire_due_jobs(1000).await.unwrap();
    outbox(engine.store()).await.split_off(before)
}

async fn join(engine: &Engine) {
    for who in ["camille", "ana", "bruno"] {
        said(engine, &format!("{who}-hello"), who, "!aide").await;
    }
}

/// The pending jobs of atelier `n`: (kind, target, due) in order.
async fn pending(engine: &Engine, n: u32) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT kind, target, due_at FROM jobs WHERE atelier_number = ? AND state = 'pending'
         ORDER BY due_at, kind, target",
    )
    .bind(n)
    .fetch_all(engine.store().pool())
    .await
    .unwrap()
}

async fn import(engine: &Engine, text: &str, now: &str) {
    let programme = bot::programme::parse(text).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    bot::store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn start_of(engine: &Engine, n: u32) -> (String, Option<String>, i64) {
    sqlx::query_as("SELECT starts_at, cancelled, sequence FROM ateliers WHERE number = ?")
        .bind(n)
        .fetch_one(engine.store().pool())
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_facilitator_moves_an_atelier_and_its_jobs_news_and_dates_follow_once(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-03-01T09:00:00Z").await;
    join(&engine).await;
    let before = pending(&engine, 4).await;

    // Refusals change nothing: a participant, a past date, a date after the fixed deadline
    // (atelier 4's deliverable is due on 20 April), trailing nonsense is the reason.
    for (id, who, text, expected) in [
        (
            "x1",
            "ana",
            "!atelier-deplacer 4 2027-04-15 9h30",
            "réservée",
        ),
        (
            "x2",
            "camille",
            "!atelier-deplacer 4 2027-02-15 9h30",
            "passé",
        ),
        (
            "x3",
            "camille",
            "!atelier-deplacer 4 2027-04-21 9h30",
            "avant la nouvelle fin de l'atelier",
        ),
        (
            "x4",
            "camille",
            "!atelier-deplacer 4",
            "!atelier-deplacer N DATE",
        ),
        (
            "x5",
            "camille",
            "!atelier-deplacer 9 2027-04-15",
            "pas d'atelier 9",
        ),
        ("x6", "camille", "!atelier-deplacer 4 2031-04-15", "jours"),
        (
            "x7",
            "camille",
            "!atelier-deplacer 4 2027-04-13 9h30",
            "a déjà lieu le",
        ),
    ] {
        let sent = said(&engine, id, who, text).await;
        assert!(in_room(&sent).contains(expected), "{text}: {sent:#?}");
    }
    assert_eq!(pending(&engine, 4).await, before);
    assert_eq!(start_of(&engine, 4).await.0, "2027-04-13 09:30:00");

    let sent = said(
        &engine,
        "m1",
        "camille",
        "!atelier-deplacer 4 2027-04-15 9h30 la salle est prise ce jour-là",
    )
    .await;
    let answer = in_room(&sent);
    assert!(
        answer.contains("passe du mardi 13 avril 2027 à 9 h 30 au jeudi 15 avril 2027 à 9 h 30"),
        "{answer}"
    );
    assert_eq!(
        start_of(&engine, 4).await,
        ("2027-04-15 09:30:00".into(), None, 1)
    );
    // As many jobs as before, each exactly two days later, none left at the old dates (the
    // announcement aside).
    let mut after = pending(&engine, 4).await;
    after.retain(|(k, _, _)| k != "atelier-moved");
    assert_eq!(after.len(), before.len(), "{after:#?}");
    for ((k0, t0, d0), (k1, t1, d1)) in before.iter().zip(&after) {
        assert_eq!((k0, t0), (k1, t1));
        let shift = d1 - d0;
        // The deadline did not move (it is a date in the file); everything else did.
        assert!(
            shift == 2 * 86_400 || k0.starts_with("deadline"),
            "{k0}: {shift}"
        );
    }

    // Told once, in the room and to each participant, with the reason.
    let news = fire_at(&engine, &clock, "2027-03-01T09:01:00Z").await;
    let moved: Vec<_> = news
        .iter()
        .filter(|(_, b)| b.contains("Changement de date"))
        .collect();
    assert_eq!(moved.len(), 3, "{news:#?}");
    for (d, body) in &moved {
        assert!(
            body.contains("et non plus le mardi 13 avril 2027"),
            "{d}: {body}"
        );
        assert!(
            body.contains("Raison : la salle est prise ce jour-là"),
            "{d}: {body}"
        );
    }
    for who in ["room:console:salon", "dm:console:ana", "dm:console:bruno"] {
        assert!(moved.iter().any(|(d, _)| d == who), "{who}: {moved:#?}");
    }

    // The bot restarts and imports the same file: the move stands, nothing is said again.
    import(&engine, EXAMPLE, "2027-03-02T09:00:00Z").await;
    assert_eq!(start_of(&engine, 4).await.0, "2027-04-15 09:30:00");
    let mut again = pending(&engine, 4).await;
    again.retain(|(k, _, _)| k != "atelier-moved");
    assert_eq!(again, after);
    let quiet = fire_at(&engine, &clock, "2027-03-02T09:01:00Z").await;
    assert!(
        quiet.iter().all(|(_, b)| !b.contains("atelier 4")),
        "{quiet:#?}"
    );

    // The file itself moves the atelier later on: the file has the last word.
    let edited = EXAMPLE
        .replace("2027-04-13 09:30", "2027-04-16 09:30")
        .replace("2027-04-13 17:00", "2027-04-16 17:00");
    import(&engine, &edited, "2027-03-03T09:00:00Z").await;
    assert_eq!(
        start_of(&engine, 4).await,
        ("2027-04-16 09:30:00".into(), None, 2)
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM atelier_changes").await,
        0
    );
    let news = fire_at(&engine, &clock, "2027-03-03T09:01:00Z").await;
    assert_eq!(news.len(), 3, "{news:#?}");
    assert!(in_room(&news).contains("et non plus le jeudi 15 avril 2027"));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_deadline_written_relative_to_its_atelier_moves_with_it(pool: SqlitePool) {
    let relative = EXAMPLE.replace(r#"due = "2027-04-06 23:59""#, r#"due_after = "7d""#);
    let programme = bot::programme::parse(&relative).unwrap();
    let (engine, _clock) = engine_with_programme(pool, &programme, "2027-03-01T09:00:00Z").await;
    join(&engine).await;
    let sent = said(&engine, "a1", "ana", "!atelier 3").await;
    assert!(
        in_room(&sent).contains("mardi 6 avril 2027 à 17 h"),
        "{sent:#?}"
    );

    let sent = said(
        &engine,
        "m1",
        "camille",
        "!atelier-deplacer 3 2027-04-01 9h30",
    )
    .await;
    assert!(
        in_room(&sent).contains("L'échéance du livrable, fixée par rapport à l'atelier, suit : jeudi 8 avril 2027 à 17 h"),
        "{sent:#?}"
    );
    let sent = said(&engine, "a2", "ana", "!atelier 3").await;
    assert!(
        in_room(&sent).contains("jeudi 8 avril 2027 à 17 h"),
        "{sent:#?}"
    );
    // The chases follow the new deadline: the last one is due before 8 April, 17:00.
    let chases: Vec<(String, String, i64)> = pending(&engine, 3)
        .await
        .into_iter()
        .filter(|(k, _, _)| k == "deadline-chase" || k == "deadline-summary")
        .collect();
    assert!(!chases.is_empty());
    let new_due = at("2027-04-08T15:00:00Z").timestamp();
    assert!(chases.iter().all(|(_, _, d)| *d <= new_due), "{chases:#?}");
    assert!(
        chases
            .iter()
            .any(|(k, _, d)| k == "deadline-summary" && *d == new_due)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_cancelled_atelier_is_withdrawn_announced_once_and_marked_everywhere(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-04-20T09:00:00Z").await;
    join(&engine).await;
    let sent = said(&engine, "x1", "camille", "!atelier-annuler 5").await;
    assert!(
        in_room(&sent).contains("!atelier-annuler N raison"),
        "{sent:#?}"
    );
    assert!(!pending(&engine, 5).await.is_empty());

    let sent = said(
        &engine,
        "c1",
        "camille",
        "!atelier-annuler 5 l'intervenante est malade",
    )
    .await;
    assert!(in_room(&sent).contains("est annulé"), "{sent:#?}");
    let left = pending(&engine, 5).await;
    assert!(
        left.iter().all(|(k, _, _)| k == "atelier-cancelled"),
        "only the announcement is left: {left:#?}"
    );
    assert_eq!(
        start_of(&engine, 5).await,
        (
            "2027-04-29 09:30:00".into(),
            Some("l'intervenante est malade".into()),
            1
        )
    );
    let sent = said(&engine, "c2", "camille", "!atelier-annuler 5 encore").await;
    assert!(in_room(&sent).contains("déjà annulé"), "{sent:#?}");

    let news = fire_at(&engine, &clock, "2027-04-20T09:01:00Z").await;
    assert_eq!(news.len(), 3, "room, ana and bruno: {news:#?}");
    for (d, body) in &news {
        assert!(body.contains("❌ Annulation : l'atelier 5"), "{d}: {body}");
        assert!(
            body.contains("Raison : l'intervenante est malade"),
            "{d}: {body}"
        );
    }
    // Nothing of atelier 5 goes out any more, not even after a restart re-imports the file.
    import(&engine, EXAMPLE, "2027-04-21T09:00:00Z").await;
    let later = fire_at(&engine, &clock, "2027-04-30T09:00:00Z").await;
    assert!(
        later
            .iter()
            .all(|(_, b)| !b.contains("atelier 5") && !b.contains("Atelier 5")),
        "{later:#?}"
    );
    let sent = said(&engine, "a1", "ana", "!programme").await;
    assert!(
        in_room(&sent).contains("annulé (l'intervenante est malade)"),
        "{sent:#?}"
    );
    let sent = said(&engine, "a2", "ana", "!prochain").await;
    assert!(in_room(&sent).contains("atelier 6"), "{sent:#?}");

    // Scheduled again: it takes place, the cohort is told of the new date.
    let sent = said(
        &engine,
        "m1",
        "camille",
        "!atelier-deplacer 5 2027-05-04 9h30",
    )
    .await;
    assert!(in_room(&sent).contains("au mardi 4 mai 2027"), "{sent:#?}");
    assert_eq!(
        start_of(&engine, 5).await,
        ("2027-05-04 09:30:00".into(), None, 2)
    );
    let news = fire_at(&engine, &clock, "2027-04-30T09:01:00Z").await;
    assert!(
        in_room(&news).contains("aura lieu le mardi 4 mai 2027"),
        "{news:#?}"
    );
    assert!(
        pending(&engine, 5)
            .await
            .iter()
            .any(|(k, _, _)| k == "atelier-reminder")
    );

    // The file itself cancels atelier 5 later on: the file has the last word.
    let cancelled = EXAMPLE.replace(
        "number = 5\n",
        "number = 5\ncancelled = \"fusionné avec l'atelier 6\"\n",
    );
    import(&engine, &cancelled, "2027-04-30T10:00:00Z").await;
    assert_eq!(
        start_of(&engine, 5).await,
        (
            "2027-04-29 09:30:00".into(),
            Some("fusionné avec l'atelier 6".into()),
            3
        )
    );
    let news = fire_at(&engine, &clock, "2027-04-30T10:01:00Z").await;
    assert_eq!(news.len(), 3, "{news:#?}");
    assert!(
        in_room(&news).contains("prévu le mardi 4 mai 2027 à 9 h 30, n'aura pas lieu"),
        "{news:#?}"
    );
    assert!(in_room(&news).contains("Raison : fusionné avec l'atelier 6"));
}
