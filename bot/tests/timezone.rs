//! Each person's own time zone: `!fuseau` makes every date written to them privately show their
//! local time beside the cohort's — answers and automated reminders alike — while the room
//! keeps the cohort's time.

mod common;

use bot::domain::Role;
use bot::engine::Place;
use common::*;
use sqlx::SqlitePool;

#[sqlx::test(migrations = "../migrations")]
async fn dates_written_privately_show_the_persons_own_time(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    let say_as = |id: &'static str, who: &'static str, place: Place, text: &'static str| {
        say(id, who, Some(Role::Participant), place, text)
    };
    engine
        .handle(say_as("a0", "ana", Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say_as("b0", "bruno", Place::Room(room()), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say_as(
            "a1",
            "ana",
            Place::Direct,
            "!fuseau America/Guadeloupe",
        ))
        .await
        .unwrap();
    let (to, said) = outbox(engine.store()).await.pop().unwrap();
    assert_eq!(to, "dm:console:ana");
    assert!(said.contains("fuseau America/Guadeloupe"), "{said}");
    assert!(
        said.contains("lundi 1er février 2027 à 10 h 00 à Paris, soit 5 h 00 chez vous"),
        "{said}"
    );

    // An answer in private, and the reminder the day before: both in two zones for Ana only.
    engine
        .handle(say_as("a2", "ana", Place::Direct, "!prochain"))
        .await
        .unwrap();
    let (_, next) = outbox(engine.store()).await.pop().unwrap();
    assert!(
        next.contains("à 9 h 30 à Paris, soit 4 h 30 chez vous"),
        "{next}"
    );
    engine
        .handle(say_as("a5", "ana", Place::Direct, "!atelier 1"))
        .await
        .unwrap();
    let (_, detail) = outbox(engine.store()).await.pop().unwrap();
    assert!(
        detail.contains("jeudi 18 février 2027 à 23 h 59 à Paris, soit 18 h 59 chez vous"),
        "{detail}"
    );
    clock.set(at("2027-02-10T17:00:00Z"));
    engine.fire_due_jobs(1000).await.unwrap();
    let out = outbox(engine.store()).await;
    let reminder = |dest: &str| {
        out.iter()
            .rev()
            .find(|(d, b)| d == dest && b.starts_with('⏰'))
            .map(|(_, b)| b.clone())
            .unwrap_or_else(|| panic!("no reminder to {dest}"))
    };
    assert!(reminder("dm:console:ana").contains("à 9 h 30 à Paris, soit 4 h 30 chez vous"));
    assert!(!reminder("dm:console:bruno").contains("chez vous"));
    assert!(
        !reminder("room:console:salon").contains("chez vous"),
        "the room keeps Paris time"
    );

    // Mistakes are explained; going back to the cohort's zone.
    for (id, text, expected) in [
        (
            "x1",
            "!fuseau Europe/Pariss",
            "Vouliez-vous dire Europe/Paris",
        ),
        (
            "x2",
            "!fuseau Lune/Tranquillité",
            "Je ne connais pas le fuseau",
        ),
        ("x3", "!fuseau a b", "!fuseau"),
    ] {
        engine
            .handle(say_as(id, "ana", Place::Direct, text))
            .await
            .unwrap();
        let (_, said) = outbox(engine.store()).await.pop().unwrap();
        assert!(said.contains(expected), "{text}: {said}");
    }
    engine
        .handle(say_as("a3", "ana", Place::Direct, "!fuseau aucun"))
        .await
        .unwrap();
    engine
        .handle(say_as("a4", "ana", Place::Direct, "!prochain"))
        .await
        .unwrap();
    let (_, next) = outbox(engine.store()).await.pop().unwrap();
    assert!(!next.contains("chez vous"), "{next}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reminder_for_one_person_fires_at_their_own_hour(pool: SqlitePool) {
    // Monday 1 February 2027, 10:00 in Paris (UTC+1); Guadeloupe is UTC-4 all year.
    let (engine, clock) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    for (id, who, role, place, text) in [
        (
            "c0",
            "camille",
            Role::Facilitator,
            Place::Room(room()),
            "!aide",
        ),
        ("a0", "ana", Role::Participant, Place::Room(room()), "!aide"),
        (
            "a1",
            "ana",
            Role::Participant,
            Place::Direct,
            "!fuseau America/Guadeloupe",
        ),
    ] {
        engine
            .handle(say(id, who, Some(role), place, text))
            .await
            .unwrap();
    }
    let pool = engine.store().pool().clone();
    let due = |n: i64| {
        let pool = pool.clone();
        async move {
            let at: i64 = sqlx::query_scalar(
                "SELECT j.due_at FROM jobs j JOIN reminders r ON r.id = j.reminder_id
             WHERE r.number = ? AND j.state = 'pending'",
            )
            .bind(n)
            .fetch_one(&pool)
            .await
            .unwrap();
            chrono::DateTime::from_timestamp(at, 0).unwrap()
        }
    };

    // « demain 9h » for Ana is 9:00 in Guadeloupe: 13:00 UTC, 14:00 in Paris.
    engine
        .handle(say(
            "c1",
            "camille",
            Some(Role::Facilitator),
            Place::Room(room()),
            "!rappel @ana demain 9h Pensez à votre journal",
        ))
        .await
        .unwrap();
    let (_, said) = outbox(engine.store()).await.pop().unwrap();
    assert!(said.contains("le mardi 2 février 2027 à 14 h 00"), "{said}");
    assert!(
        said.contains("(à 9 h 00 chez la personne, fuseau America/Guadeloupe)"),
        "{said}"
    );
    assert_eq!(due(1).await, at("2027-02-02T13:00:00Z"));

    // A weekly one keeps her hour, firing after firing.
    engine
        .handle(say(
            "c2",
            "camille",
            Some(Role::Facilitator),
            Place::Room(room()),
            r#"!rappel @ana cron "0 9 * * 1" Votre journal de la semaine"#,
        ))
        .await
        .unwrap();
    // It is Monday, 5:00 in Guadeloupe: the first firing is today at 9:00 there.
    assert_eq!(due(2).await, at("2027-02-01T13:00:00Z"));
    clock.set(at("2027-02-01T13:00:30Z"));
    engine.fire_due_jobs(1000).await.unwrap();
    assert_eq!(due(2).await, at("2027-02-08T13:00:00Z"));
    // Someone in the cohort's zone keeps the cohort's hour.
    engine
        .handle(say(
            "c3",
            "camille",
            Some(Role::Facilitator),
            Place::Room(room()),
            "!rappel @camille demain 9h Préparer l'atelier",
        ))
        .await
        .unwrap();
    let (_, said) = outbox(engine.store()).await.pop().unwrap();
    assert!(!said.contains("chez la personne"), "{said}");
    assert_eq!(due(3).await, at("2027-02-02T08:00:00Z"));
}
