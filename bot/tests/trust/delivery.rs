//! Nothing is silently dropped or stuck: jobs, destinations, programmes, reports.

use super::*;

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_job_is_retried_then_set_aside_without_blocking_the_others(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    send(
        &engine,
        "p",
        "camille",
        F,
        Place::Room(room()),
        "!sondage \"Q\" \"A\" \"B\" --durée 1h",
    )
    .await;
    send(&engine, "v", "zoe", P, Place::Room(room()), "!vote 1").await;
    // The poll's stored options are damaged (a bad disk, a hand edit): closing it fails.
    sqlx::query("UPDATE polls SET options = 'not json'")
        .execute(engine.store().pool())
        .await
        .unwrap();
    send(
        &engine,
        "r",
        "camille",
        F,
        Place::Room(room()),
        "!rappel dans 2h Pause café",
    )
    .await;
    clock.advance(chrono::Duration::hours(2));
    let fired = engine.fire_due_jobs(100).await.unwrap();
    assert_eq!(fired.failed, 1, "{fired:?}");
    // The reminder beside the failing closing went out.
    let out = outbox(engine.store()).await;
    assert!(out.iter().any(|(_, b)| b.contains("Pause café")), "{out:?}");
    // Retried later, then set aside and reported.
    for _ in 0..bot::engine::MAX_JOB_ATTEMPTS {
        clock.advance(chrono::Duration::hours(1));
        engine.fire_due_jobs(100).await.unwrap();
    }
    let (state, attempts): (String, i64) =
        sqlx::query_as("SELECT state, attempts FROM jobs WHERE kind = 'poll-close'")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(
        (state.as_str(), attempts),
        ("skipped", i64::from(bot::engine::MAX_JOB_ATTEMPTS))
    );
    let out = outbox(engine.store()).await;
    assert!(
        out.iter()
            .any(|(d, b)| d == "dm:console:camille" && b.contains("tentatives")),
        "{out:?}"
    );
}

/// A sink that refuses every message to `down` (for a passing reason) and to `gone` (for good).
struct FlakySink {
    down: String,
    gone: String,
    delivered: std::sync::Mutex<Vec<String>>,
}

impl bot::dispatch::Deliver for FlakySink {
    async fn deliver(
        &self,
        msg: &store::OutboxMessage,
    ) -> Result<(), bot::dispatch::DeliveryError> {
        let to = msg.destination.to_string();
        if to.contains(&self.down) {
            return Err(bot::dispatch::DeliveryError::Retry("rate limited".into()));
        }
        if to.contains(&self.gone) {
            return Err(bot::dispatch::DeliveryError::Permanent("closed DMs".into()));
        }
        self.delivered
            .lock()
            .unwrap()
            .push(format!("{to} {}", msg.body));
        Ok(())
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_destination_blocks_nobody_else_and_permanent_failures_are_reported(
    pool: SqlitePool,
) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    for (i, who) in ["zoe", "yann", "xena"].iter().enumerate() {
        send(
            &engine,
            &format!("j{i}"),
            who,
            P,
            Place::Room(room()),
            "!aide",
        )
        .await;
        send(
            &engine,
            &format!("p{i}"),
            who,
            P,
            Place::Direct,
            "!mes-livrables",
        )
        .await;
        send(
            &engine,
            &format!("q{i}"),
            who,
            P,
            Place::Direct,
            "!prochain",
        )
        .await;
    }
    let sink = FlakySink {
        down: "zoe".into(),
        gone: "yann".into(),
        delivered: std::sync::Mutex::new(Vec::new()),
    };
    let now = || engine.now();
    // The delivery backoff runs on real time; this test moves its own wall clock.
    let wall_clock = SimClock::new(at("2030-01-01T00:00:00Z"));
    let wall = || bot::clock::Clock::now(&wall_clock);
    let r = bot::dispatch::deliver_pending_with(
        engine.store(),
        Platform::Console,
        &sink,
        1000,
        now,
        wall,
    )
    .await
    .unwrap();
    // Zoé's first message failed and her second waits behind it; Yann's two are refused for
    // good; everyone else's went out.
    assert_eq!((r.failed, r.waiting), (3, 0), "{r:?}");
    let delivered = sink.delivered.lock().unwrap().clone();
    assert!(
        delivered.iter().any(|d| d.starts_with("dm:console:xena")),
        "{delivered:?}"
    );
    assert!(
        !delivered.iter().any(|d| d.contains("zoe")),
        "{delivered:?}"
    );
    // The facilitator hears about Yann, once per message.
    let reports: Vec<(String, String)> =
        sqlx::query_as("SELECT destination, body FROM outbox WHERE key LIKE 'undeliverable:%'")
            .fetch_all(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        reports
            .iter()
            .all(|(d, b)| d == "dm:console:camille" && b.contains("yann")),
        "{reports:?}"
    );
    // Before its delay, Zoé's queue waits; after it, her messages go in order.
    let r = bot::dispatch::deliver_pending_with(
        engine.store(),
        Platform::Console,
        &sink,
        1000,
        now,
        wall,
    )
    .await
    .unwrap();
    assert_eq!(r.waiting, 1, "{r:?}");
    let sink_ok = FlakySink {
        down: "-".into(),
        gone: "-".into(),
        delivered: std::sync::Mutex::new(Vec::new()),
    };
    wall_clock.advance(chrono::Duration::minutes(1));
    bot::dispatch::deliver_pending_with(
        engine.store(),
        Platform::Console,
        &sink_ok,
        1000,
        now,
        wall,
    )
    .await
    .unwrap();
    let zoe: Vec<String> = sink_ok
        .delivered
        .lock()
        .unwrap()
        .iter()
        .filter(|d| d.starts_with("dm:console:zoe"))
        .cloned()
        .collect();
    assert_eq!(zoe.len(), 2, "{zoe:?}");
    assert!(zoe[0].contains("Vos livrables"), "{zoe:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_programme_that_would_drop_deliverables_is_refused_by_name(pool: SqlitePool) {
    let now = "2027-02-10T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    send(
        &engine,
        "s",
        "zoe",
        P,
        Place::Room(room()),
        "!rendre 6 Mon texte",
    )
    .await;
    // The same programme without its last atelier, which Zoé has handed in for.
    let last = EXAMPLE.rfind("\n[[atelier]]\n").unwrap();
    let without_first = EXAMPLE[..last].to_owned();
    let programme = bot::programme::parse(&without_first).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    let err = store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap_err();
    drop(tx);
    assert!(
        matches!(
            err,
            store::StoreError::AtelierHasSubmissions { submissions: 1, .. }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("already has 1 submission"),
        "{err}"
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM ateliers").await,
        6
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn editing_a_recurring_reminders_text_changes_what_it_says(pool: SqlitePool) {
    let now = "2027-02-10T08:00:00Z";
    let (engine, _clock) = engine_with_example(pool, now).await;
    let edited = EXAMPLE.replace(
        "Bonne semaine ! Pensez à noter",
        "Belle semaine ! Pensez à écrire",
    );
    let programme = bot::programme::parse(&edited).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let old = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND payload LIKE '%Bonne semaine%'",
    )
    .await;
    let new = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND payload LIKE '%Belle semaine%'",
    )
    .await;
    assert_eq!((old, new > 5), (0, true), "old {old}, new {new}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reminder_that_reaches_nobody_says_so_to_the_facilitators(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    // The only participant has handed in: the deadline chases have nobody to chase.
    send(
        &engine,
        "z",
        "zoe",
        P,
        Place::Room(room()),
        "!rendre 1 Fait",
    )
    .await;
    clock.set(at("2027-02-18T23:00:00+01:00"));
    engine.fire_due_jobs(1_000).await.unwrap();
    let reports: Vec<(String, String)> = outbox(engine.store())
        .await
        .into_iter()
        .filter(|(_, b)| b.starts_with("Personne n'a reçu"))
        .collect();
    assert!(!reports.is_empty());
    assert!(
        reports.iter().all(|(d, _)| d == "dm:console:camille"),
        "{reports:?}"
    );
}

/// A sink whose calls for `stuck` never return (a platform that accepts the connection and
/// never answers).
struct HangingSink {
    stuck: String,
    delivered: std::sync::Mutex<Vec<String>>,
}

impl bot::dispatch::Deliver for HangingSink {
    async fn deliver(
        &self,
        msg: &store::OutboxMessage,
    ) -> Result<(), bot::dispatch::DeliveryError> {
        let to = msg.destination.to_string();
        if to.contains(&self.stuck) {
            std::future::pending::<()>().await;
        }
        self.delivered.lock().unwrap().push(to);
        Ok(())
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_platform_call_that_never_returns_times_out_and_holds_nobody_else(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    for (i, who) in ["zoe", "xena"].iter().enumerate() {
        send(
            &engine,
            &format!("j{i}"),
            who,
            P,
            Place::Room(room()),
            "!aide",
        )
        .await;
        send(
            &engine,
            &format!("p{i}"),
            who,
            P,
            Place::Direct,
            "!prochain",
        )
        .await;
    }
    let sink = HangingSink {
        stuck: "zoe".into(),
        delivered: std::sync::Mutex::new(Vec::new()),
    };
    let clocks = bot::dispatch::Clocks {
        now: || engine.now(),
        wall: || engine.now(),
        timeout: std::time::Duration::from_millis(50),
    };
    let r = bot::dispatch::deliver_pending_within(
        engine.store(),
        Platform::Console,
        &sink,
        1000,
        clocks,
    )
    .await
    .unwrap();
    assert_eq!(r.failed, 1, "{r:?}");
    let delivered = sink.delivered.lock().unwrap().clone();
    assert!(
        delivered.iter().any(|d| d == "dm:console:xena"),
        "{delivered:?}"
    );
    // Zoé's message stays pending, with a retry time: nothing is lost.
    let (pending, retry): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(retry_at) FROM outbox \
         WHERE delivered_at IS NULL AND destination = 'dm:console:zoe'",
    )
    .fetch_one(engine.store().pool())
    .await
    .unwrap();
    assert_eq!(pending, 1);
    assert!(retry.is_some());
}
