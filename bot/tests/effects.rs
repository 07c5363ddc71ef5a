//! Effects after commit, on a real SQLite store: files are written only once the transaction
//! that decided them has committed, never for a refused event, and a crash between the commit
//! and the file loses nothing: the delivery pass carries the effect out before the message
//! that attaches the file goes out.

mod common;

use std::sync::Mutex;

use bot::dispatch::{Deliver, DeliveryError, deliver_pending};
use bot::domain::Role;
use bot::effect::Effect;
use bot::engine::Place;
use bot::ids::Platform;
use bot::store::{self, Destination, NewOutboxMessage, OutboxMessage};
use common::*;
use sqlx::SqlitePool;

/// A sink that notes, for each message, whether every attachment existed when it was sent.
#[derive(Default)]
struct FileChecking(Mutex<Vec<(String, bool)>>);

impl Deliver for FileChecking {
    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        let all_there = msg
            .attachments
            .iter()
            .all(|p| std::path::Path::new(p).is_file());
        self.0.lock().unwrap().push((msg.key.clone(), all_there));
        Ok(())
    }
}

async fn pending_effects(pool: &SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM effects")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_file_exists_before_its_message_goes_out_even_after_a_crash_at_commit(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool.clone(), "2027-03-10T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("charts/sondage-x-1.png");
    // What a handler does, then the process dies before carrying the effect out: the effect
    // and the message that attaches its file committed together, the file was never written.
    let mut tx = engine.store().begin().await.unwrap();
    let write = Effect::WriteFile {
        path: chart.clone(),
        bytes: b"\x89PNG".to_vec(),
    };
    store::effects::record(&mut tx, &write, engine.now())
        .await
        .unwrap();
    store::outbox::insert(
        &mut tx,
        &NewOutboxMessage {
            key: "crash:chart".into(),
            cohort: None,
            destination: Destination::Room(room()),
            member: None,
            body: "Résultats".into(),
            attachments: vec![chart.display().to_string()],
            in_reply_to: None,
            job: None,
            replaces: None,
            extra: None,
        },
        engine.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(!chart.exists());

    // After the restart, the first delivery pass writes the file before sending the message.
    let sink = FileChecking::default();
    deliver_pending(engine.store(), Platform::Console, &sink, 100, || {
        engine.now()
    })
    .await
    .unwrap();
    assert_eq!(
        *sink.0.lock().unwrap(),
        vec![("crash:chart".to_owned(), true)]
    );
    assert_eq!(std::fs::read(&chart).unwrap(), b"\x89PNG");
    assert_eq!(
        pending_effects(&pool).await,
        0,
        "done effects are forgotten"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn effects_run_after_commit_and_never_for_a_refused_event(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool.clone(), "2027-03-10T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    let room = || Place::Room(room());
    engine
        .handle(say(
            "c0",
            "camille",
            Some(Role::Facilitator),
            room(),
            "!calendrier",
        ))
        .await
        .unwrap();
    // Written by the time the command is answered, owner-only, and no effect left waiting.
    let calendars = dir.path().join("calendars");
    let files: Vec<_> = std::fs::read_dir(&calendars)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(pending_effects(&pool).await, 0);

    // A refused command records no effect and writes nothing: closing a poll that does not
    // exist writes no chart.
    engine
        .handle(say(
            "c1",
            "camille",
            Some(Role::Facilitator),
            room(),
            "!clore 7",
        ))
        .await
        .unwrap();
    assert!(!dir.path().join("charts").exists());
    assert_eq!(pending_effects(&pool).await, 0);

    // Erasure: a member's exports are removed only with the erasure, after it committed.
    engine
        .handle(say(
            "a0",
            "ana",
            Some(Role::Participant),
            Place::Direct,
            "!aide",
        ))
        .await
        .unwrap();
    engine
        .handle(say(
            "a1",
            "ana",
            Some(Role::Participant),
            room(),
            "!mes-donnees",
        ))
        .await
        .unwrap();
    let exports = dir.path().join("exports");
    assert_eq!(std::fs::read_dir(&exports).unwrap().count(), 1);
    engine
        .handle(say("a2", "ana", None, room(), "!oublier-moi"))
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_dir(&exports).unwrap().count(),
        1,
        "asking is not erasing"
    );
    engine
        .handle(say("a3", "ana", None, room(), "!oublier-moi confirmer"))
        .await
        .unwrap();
    assert_eq!(std::fs::read_dir(&exports).unwrap().count(), 0);
    assert_eq!(pending_effects(&pool).await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_effect_is_retried_in_order_then_given_up_without_blocking_for_ever(
    pool: SqlitePool,
) {
    let (engine, _clock) = engine_with_example(pool.clone(), "2027-03-10T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    // A folder that is a file: writing below it fails every time.
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    let later = dir.path().join("charts/later.png");
    let mut tx = engine.store().begin().await.unwrap();
    for path in [blocked.join("chart.png"), later.clone()] {
        let write = Effect::WriteFile {
            path,
            bytes: b"png".to_vec(),
        };
        store::effects::record(&mut tx, &write, engine.now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    for attempt in 1..bot::effect::MAX_EFFECT_ATTEMPTS {
        let done = bot::effect::apply_pending(engine.store()).await.unwrap();
        assert_eq!(done, 0, "attempt {attempt}: later effects wait, in order");
        assert!(!later.exists());
    }
    let done = bot::effect::apply_pending(engine.store()).await.unwrap();
    assert_eq!(done, 2, "the failing one is given up, the next one done");
    assert!(later.is_file());
    assert_eq!(pending_effects(&pool).await, 0);
}
