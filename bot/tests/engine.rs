//! The engine end to end on a real SQLite store: commands, languages, idempotence, jobs.

mod common;

use bot::domain::Role;
use bot::engine::Place;
use bot::ids::{Platform, RoomRef};
use common::*;
use sqlx::SqlitePool;

fn in_room() -> Place {
    Place::Room(room())
}

#[sqlx::test(migrations = "../migrations")]
async fn members_read_french_then_english_after_choosing_it(pool: SqlitePool) {
    let (engine, _) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    engine
        .handle(say("1", "alice", None, in_room(), "!atelier 3"))
        .await
        .unwrap();
    engine
        .handle(say("2", "alice", None, in_room(), "!langue en"))
        .await
        .unwrap();
    engine
        .handle(say("3", "alice", None, in_room(), "!atelier 3"))
        .await
        .unwrap();
    engine
        .handle(say("4", "bob", None, in_room(), "!atelier 3"))
        .await
        .unwrap();
    let out = outbox(engine.store()).await;
    assert_eq!(out.len(), 4);
    assert!(
        out[0]
            .1
            .contains("**Atelier 3 : Le passage au collectif par le territoire**")
    );
    assert!(
        out[0].1.contains("mardi 30 mars 2027, de 9 h 30 à 17 h 00"),
        "{}",
        out[0].1
    );
    assert!(out[1].1.contains("English"));
    assert!(
        out[2]
            .1
            .contains("**Session 3: Le passage au collectif par le territoire**")
    );
    assert!(
        out[2]
            .1
            .contains("Tuesday 30 March 2027, from 9:30 to 17:00"),
        "{}",
        out[2].1
    );
    // Bob never chose: the cohort's language.
    assert!(out[3].1.contains("**Atelier 3"));
    assert!(out.iter().all(|(dest, _)| dest == "room:console:salon"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_same_platform_event_twice_changes_nothing_twice(pool: SqlitePool) {
    let (engine, _) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    let first = engine
        .handle(say("evt-1", "alice", None, in_room(), "!langue en"))
        .await
        .unwrap();
    let again = engine
        .handle(say("evt-1", "alice", None, in_room(), "!langue en"))
        .await
        .unwrap();
    assert_eq!(first.messages, 1);
    assert!(again.duplicate);
    assert_eq!(outbox(engine.store()).await.len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn mistakes_get_a_helpful_answer_and_change_nothing(pool: SqlitePool) {
    let (engine, _) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    let members_before = count(engine.store(), "SELECT COUNT(*) FROM members").await;
    for (i, text) in [
        "!atelir 2",
        "!atelier deux",
        "!atelier 9",
        "!langue klingon",
        "!xyzzy",
    ]
    .iter()
    .enumerate()
    {
        engine
            .handle(say(
                &format!("e{i}"),
                "moi",
                Some(Role::Facilitator),
                in_room(),
                text,
            ))
            .await
            .unwrap();
    }
    let out: Vec<String> = outbox(engine.store())
        .await
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        out,
        [
            "Je ne connais pas la commande « !atelir ». Vouliez-vous dire « !atelier » ? Usage : !atelier N",
            "Ce n'est pas tout à fait ça. Usage : !atelier N",
            "Il n'y a pas d'atelier 9 : le cycle en compte 6 (de 1 à 6).",
            "Ce n'est pas tout à fait ça. Usage : !langue fr|en",
            "Je ne connais pas la commande « !xyzzy ». Tapez !aide pour voir ce que je sais faire.",
        ]
    );
    // Only the speaker joined; no preference was stored by the refused `!langue`.
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM members").await,
        members_before + 1
    );
    assert_eq!(
        count(
            engine.store(),
            "SELECT COUNT(*) FROM members WHERE language IS NOT NULL"
        )
        .await,
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn unlinked_rooms_and_strangers_are_told_why(pool: SqlitePool) {
    let (engine, _) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    let elsewhere = Place::Room(RoomRef::new(Platform::Console, "autre-salon"));
    engine
        .handle(say("1", "alice", None, elsewhere, "!programme"))
        .await
        .unwrap();
    engine
        .handle(say("2", "zoe", None, Place::Direct, "!prochain"))
        .await
        .unwrap();
    engine
        .handle(say("3", "alice", None, in_room(), "bonjour à tous !"))
        .await
        .unwrap();
    let out = outbox(engine.store()).await;
    assert_eq!(out.len(), 2, "plain conversation gets no answer");
    assert!(out[0].1.starts_with("Ce salon n'est lié à aucune cohorte"));
    assert_eq!(out[1].0, "dm:console:zoe");
    assert!(out[1].1.starts_with("Vous n'êtes membre d'aucune cohorte"));
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM members").await,
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn next_counts_down_to_the_next_atelier_and_deadline(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-03-28T07:30:00Z").await;
    engine
        .handle(say("1", "alice", None, in_room(), "!prochain"))
        .await
        .unwrap();
    // During atelier 3 (summer time: 9:30 local = 7:30 UTC).
    clock.set(at("2027-03-30T08:00:00Z"));
    engine
        .handle(say("2", "alice", None, in_room(), "!prochain"))
        .await
        .unwrap();
    let out = outbox(engine.store()).await;
    assert!(
        out[0].1.contains("Prochain atelier : n° 3 « Le passage au collectif par le territoire », le mardi 30 mars 2027 à 9 h 30 (dans 2 jours)"),
        "{}",
        out[0].1
    );
    assert!(
        out[0]
            .1
            .contains("Prochaine échéance : « Portrait des besoins"),
        "{}",
        out[0].1
    );
    assert!(out[1].1.starts_with("L'atelier 3 « Le passage au collectif par le territoire » est en cours, jusqu'à 17 h 00."), "{}", out[1].1);
}

#[sqlx::test(migrations = "../migrations")]
async fn each_job_is_written_once_and_late_ones_say_so(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    engine
        .handle(say(
            "1",
            "alice",
            Some(Role::Participant),
            in_room(),
            "!aide",
        ))
        .await
        .unwrap();
    engine
        .handle(say(
            "2",
            "camille",
            Some(Role::Facilitator),
            in_room(),
            "!aide",
        ))
        .await
        .unwrap();
    let replies = outbox(engine.store()).await.len();

    // References of atelier 1 fall due on 4 February 9:00 Paris = 8:00 UTC; the bot was down
    // until 9:00 UTC, so they go out late but still useful.
    clock.set(at("2027-02-04T09:00:00Z"));
    let fired = engine.fire_due_jobs(100).await.unwrap();
    assert_eq!((fired.sent, fired.skipped, fired.messages), (1, 0, 1));
    assert_eq!(
        engine.fire_due_jobs(100).await.unwrap().sent,
        0,
        "never twice"
    );
    let out = outbox(engine.store()).await;
    let drop = &out[replies].1;
    assert!(
        drop.contains("**Pour préparer l'atelier 1 « Le sens avant l'action »**"),
        "{drop}"
    );
    assert!(
        drop.contains("(Envoyé en retard : prévu le jeudi 4 février 2027 à 9 h 00.)"),
        "{drop}"
    );

    // Down again from before the day-before reminder until the atelier has started: those
    // reminders are skipped and the facilitator is told, once per job.
    clock.set(at("2027-02-11T09:00:00Z"));
    let fired = engine.fire_due_jobs(100).await.unwrap();
    assert_eq!(fired.sent, 0);
    assert_eq!(
        fired.skipped, 7,
        "the preparation nudge, the questions digest, room and DM reminders the day before, \
         1 hour before, the opening of attendance (its window closed at 9:30 Paris), and \
         Monday's follow-up digest (reported to nobody: next week's replaces it)"
    );
    let out = outbox(engine.store()).await;
    let reports: Vec<_> = out[replies + 1..].iter().collect();
    assert_eq!(reports.len(), 6);
    assert!(reports.iter().all(|(dest, _)| dest == "dm:console:camille"));
    let reminders = reports
        .iter()
        .filter(|(_, body)| {
            body.starts_with("Je n'ai pas envoyé le rappel d'atelier de l'atelier 1")
        })
        .count();
    assert_eq!(reminders, 3, "{reports:#?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn reminders_reach_participants_in_their_own_language(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    engine
        .handle(say("1", "alice", None, in_room(), "!langue en"))
        .await
        .unwrap();
    engine
        .handle(say("2", "bruno", None, in_room(), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "3",
            "camille",
            Some(Role::Facilitator),
            in_room(),
            "!aide",
        ))
        .await
        .unwrap();
    clock.set(at("2027-02-04T08:00:00Z"));
    assert_eq!(
        engine.fire_due_jobs(100).await.unwrap().sent,
        1,
        "the references"
    );
    // Two days before, the nudge reaches those who have not said whether they are ready, each
    // in their language; the questions digest has nothing to say, and says nothing.
    clock.set(at("2027-02-10T12:00:00Z"));
    let before = outbox(engine.store()).await.len();
    engine.fire_due_jobs(100).await.unwrap();
    let out = outbox(engine.store()).await;
    let nudges: Vec<_> = out[before..].iter().collect();
    assert_eq!(nudges.len(), 2, "{nudges:#?}");
    assert!(nudges.iter().any(|(d, b)| d == "dm:console:alice"
        && b.starts_with("📚 Session 1 “Le sens avant l'action” takes place")));
    assert!(nudges.iter().any(|(d, b)| d == "dm:console:bruno"
        && b.starts_with("📚 L'atelier 1 « Le sens avant l'action » a lieu")));
    let before = outbox(engine.store()).await.len();
    // The day before atelier 1, 18:00 Paris: room + each participant's DM.
    clock.set(at("2027-02-10T17:00:00Z"));
    engine.fire_due_jobs(100).await.unwrap();
    let out = outbox(engine.store()).await;
    let sent: Vec<_> = out[before..].iter().collect();
    assert_eq!(sent.len(), 3, "{sent:#?}");
    assert_eq!(sent[0].0, "room:console:salon");
    assert!(
        sent[0].1.starts_with(
            "⏰ L'atelier 1 « Le sens avant l'action » commence dans 15 heures et 30 minutes"
        ),
        "{}",
        sent[0].1
    );
    let alice = sent.iter().find(|(d, _)| d == "dm:console:alice").unwrap();
    assert!(
        alice.1.starts_with(
            "⏰ Session 1 \"Le sens avant l'action\" starts in 15 hours and 30 minutes"
        ),
        "{}",
        alice.1
    );
    assert!(sent.iter().any(|(d, _)| d == "dm:console:bruno"));
    assert!(
        !sent.iter().any(|(d, _)| d == "dm:console:camille"),
        "facilitators are not chased"
    );
}

/// Adapters run the engine on tokio tasks: its futures must be `Send`.
#[allow(dead_code, reason = "checked by the compiler, never called")]
fn engine_futures_are_send(engine: &bot::engine::Engine, event: bot::engine::Event) {
    fn assert_send<T: Send>(_: T) {}
    assert_send(engine.handle(event));
    assert_send(engine.fire_due_jobs(1));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_moved_atelier_is_announced_once_with_its_old_and_new_dates(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    engine
        .handle(say("1", "alice", None, in_room(), "!aide"))
        .await
        .unwrap();
    let moved = EXAMPLE
        .replace("2027-04-13 09:30", "2027-04-15 09:30")
        .replace("2027-04-13 17:00", "2027-04-15 17:00");
    let moved = bot::programme::parse(&moved).unwrap();
    for _ in 0..2 {
        // Importing the same edited file twice announces the move once.
        let mut tx = engine.store().begin().await.unwrap();
        bot::store::import_programme(&mut tx, &moved, at("2027-02-01T09:00:00Z"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let before = outbox(engine.store()).await.len();
    clock.set(at("2027-02-01T09:01:00Z"));
    engine.fire_due_jobs(100).await.unwrap();
    let sent = outbox(engine.store()).await.split_off(before);
    let news: Vec<_> = sent.iter().filter(|(_, b)| b.starts_with("📅")).collect();
    assert_eq!(news.len(), 2, "{sent:#?}");
    assert!(news.iter().any(|(d, _)| d == "room:console:salon"));
    assert!(news.iter().any(|(d, _)| d == "dm:console:alice"));
    assert!(
        news[0].1.contains(
            "aura lieu le jeudi 15 avril 2027 à 9 h 30, et non plus le mardi 13 avril 2027 à 9 h 30"
        ),
        "{}",
        news[0].1
    );
    // Its reminders moved with it: the day-before one is now on the 14th.
    let reminders: Vec<i64> = sqlx::query_scalar(
        "SELECT due_at FROM jobs WHERE kind = 'atelier-reminder' AND atelier_number = 4
         AND state = 'pending' ORDER BY due_at",
    )
    .fetch_all(engine.store().pool())
    .await
    .unwrap();
    assert_eq!(
        chrono::DateTime::from_timestamp(reminders[0], 0).unwrap(),
        at("2027-04-14T16:00:00Z")
    );
}
