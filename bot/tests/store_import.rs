//! Importing programmes into a real SQLite store.

mod common;

use bot::programme;
use bot::store::{self, Store};
use common::*;
use sqlx::SqlitePool;

#[sqlx::test(migrations = "../migrations")]
async fn importing_twice_changes_nothing(pool: SqlitePool) {
    let store = Store::from_pool(pool).await.unwrap();
    let now = at("2027-01-15T12:00:00Z");
    let mut tx = store.begin().await.unwrap();
    let first = store::import_programme(&mut tx, &example(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(first.created);
    assert_eq!(first.ateliers_added, 6);
    let jobs = count(&store, "SELECT COUNT(*) FROM jobs").await;
    assert_eq!(jobs as usize, first.jobs_added);
    assert!(jobs > 40, "{jobs} jobs");

    let mut tx = store.begin().await.unwrap();
    let second = store::import_programme(&mut tx, &example(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(second.is_noop(), "{second:?}");
    assert_eq!(count(&store, "SELECT COUNT(*) FROM jobs").await, jobs);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ateliers").await, 6);
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM atelier_references").await,
        17
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn an_edited_programme_reschedules_without_duplicates(pool: SqlitePool) {
    let store = Store::from_pool(pool).await.unwrap();
    let now = at("2027-01-15T12:00:00Z");
    let mut tx = store.begin().await.unwrap();
    store::import_programme(&mut tx, &example(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let pending_before = count(&store, "SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await;

    // Atelier 4 moves by one day and gets a new title.
    let edited = EXAMPLE
        .replace("2027-04-13 09:30", "2027-04-14 09:30")
        .replace("2027-04-13 17:00", "2027-04-14 17:00")
        .replace(
            "La mutualisation des ressources",
            "Mutualiser nos ressources",
        );
    assert_ne!(edited, EXAMPLE);
    let edited = programme::parse(&edited).expect("still valid");
    let mut tx = store.begin().await.unwrap();
    let report = store::import_programme(&mut tx, &edited, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(!report.created);
    assert_eq!(report.ateliers_updated, 1);
    // The references drop, the preparation nudge, the questions digest, two reminders (room +
    // DMs), the 1-hour reminder, the two attendance openings and the three steps of the
    // evaluation of atelier 4.
    assert_eq!(report.jobs_cancelled, 11, "{report:?}");
    assert_eq!(report.jobs_added, 11, "{report:?}");
    let pending_after = count(&store, "SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await;
    // The same plan, moved; and the news of the move, for the room and the participants.
    assert_eq!(pending_before + 2, pending_after);
    assert_eq!(report.changes.len(), 1);
    let announced = count(
        &store,
        "SELECT COUNT(*) FROM jobs WHERE kind = 'atelier-moved' AND atelier_number = 4",
    )
    .await;
    assert_eq!(announced, 2);
    let mut conn = store.pool().acquire().await.unwrap();
    let a4 = store::cohorts::atelier(&mut conn, report.cohort, 4)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a4.title, "Mutualiser nos ressources");
    assert_eq!(a4.start.to_string(), "2027-04-14 09:30:00");
}

#[sqlx::test(migrations = "../migrations")]
async fn importing_mid_cycle_does_not_replay_the_past(pool: SqlitePool) {
    let store = Store::from_pool(pool).await.unwrap();
    // After atelier 2: nothing due before now is scheduled.
    let now = at("2027-03-05T12:00:00Z");
    let mut tx = store.begin().await.unwrap();
    store::import_programme(&mut tx, &example(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let past = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM jobs WHERE due_at < ?")
        .bind(now.timestamp())
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(past, 0);
    assert!(count(&store, "SELECT COUNT(*) FROM jobs").await > 20);
}

#[sqlx::test(migrations = "../migrations")]
async fn sent_jobs_stay_sent_when_the_programme_changes(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    clock.set(at("2027-02-04T08:00:00Z"));
    let fired = engine.fire_due_jobs(100).await.unwrap();
    assert_eq!(fired.sent, 1, "the references of atelier 1");
    let store = engine.store();
    let edited =
        programme::parse(&EXAMPLE.replace("Le sens avant l'action", "Le sens, d'abord")).unwrap();
    let mut tx = store.begin().await.unwrap();
    store::import_programme(&mut tx, &edited, bot::clock::Clock::now(&clock))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        count(store, "SELECT COUNT(*) FROM jobs WHERE state = 'done'").await,
        1
    );
    // Same times, same keys: nothing rescheduled, nothing fired again.
    assert_eq!(engine.fire_due_jobs(100).await.unwrap().sent, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_preview_is_exactly_what_the_scheduler_will_send(pool: SqlitePool) {
    let store = Store::from_pool(pool).await.unwrap();
    let p = example();
    let mut tx = store.begin().await.unwrap();
    store::import_programme(&mut tx, &p, at("2027-01-01T00:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let planned: Vec<(String, i64)> = bot::schedule::plan(&p)
        .iter()
        .map(|m| (m.key(), m.due_utc.timestamp()))
        .collect();
    let mut jobs: Vec<(String, i64)> =
        sqlx::query_as("SELECT key, due_at FROM jobs ORDER BY due_at, id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let mut sorted = planned.clone();
    sorted.sort();
    jobs.sort();
    assert_eq!(jobs, sorted);
    let preview = bot::preview::render(&p, bot::domain::Lang::Fr);
    assert_eq!(
        preview.lines().filter(|l| l.contains(" · ")).count(),
        planned.len()
    );
}
