//! Every number, length, quota and rate a person supplies is checked.

use super::*;

#[sqlx::test(migrations = "../migrations")]
async fn numbers_lengths_and_dates_people_type_are_bounded(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let engine = generous_rate(engine);
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    let long_question = "Q".repeat(301);
    let long_option = "o".repeat(101);
    let cases: Vec<(String, &str)> = vec![
        (
            "!sondage \"Q\" \"A\" \"B\" --durée 99999999w".into(),
            "trop loin",
        ),
        (
            "!sondage \"Q\" \"A\" \"B\" --durée 800d".into(),
            "trop loin",
        ),
        (
            "!sondage \"Q\" \"A\" \"B\" --jusqu-a 2031-01-01".into(),
            "trop loin",
        ),
        (
            format!("!sondage \"{long_question}\" \"A\" \"B\""),
            "caractères",
        ),
        (
            format!("!sondage \"Q\" \"{long_option}\" \"B\""),
            "caractères",
        ),
        (
            "!sondage \"Q\" \"Mardi\" \"mar\u{200B}di\"".into(),
            "apparaît deux fois",
        ),
        (
            "!sondage \"Q\" \"A\" \"B\" --anonyme --resultats direct".into(),
            "anonyme ne peut pas",
        ),
        ("!rappel cron \"* * * * *\" Spam".into(), "trop souvent"),
        ("!rappel cron \"0,30 9 * * *\" Spam".into(), "trop souvent"),
        ("!rappel 1/1/2035 9h Trop loin".into(), "trop loin"),
        ("!vote 18446744073709551615".into(), ""),
        ("!vote #99999999999 1".into(), ""),
        ("!atelier 4294967296".into(), "Ce n'est pas tout à fait ça"),
        ("!plus-tard 99999999w".into(), "Ce n'est pas tout à fait ça"),
    ];
    for (i, (line, expected)) in cases.iter().enumerate() {
        let id = format!("case-{i}");
        engine
            .handle(say(&id, "camille", F, Place::Room(room()), line))
            .await
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        let answers = replies_to(&engine, &id).await;
        assert_eq!(answers.len(), 1, "{line}: {answers:?}");
        assert!(answers[0].1.contains(expected), "{line}: {answers:?}");
    }
    assert_eq!(count(engine.store(), "SELECT COUNT(*) FROM polls").await, 0);
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM reminders").await,
        0
    );
    // A two-hour rule is fine.
    send(
        &engine,
        "ok",
        "camille",
        F,
        Place::Room(room()),
        "!rappel cron \"0 9,11 * * *\" Pause",
    )
    .await;
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM reminders").await,
        1
    );
    // The clock can be pushed to its limits without a panic.
    clock.set(chrono::DateTime::<chrono::Utc>::MAX_UTC - chrono::Duration::days(1));
    engine.fire_due_jobs(100).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn a_burst_of_commands_is_refused_once_then_ignored(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let per_minute = engine.settings().limits.commands_per_minute;
    for i in 0..per_minute + 5 {
        send(
            &engine,
            &format!("b{i}"),
            "zoe",
            P,
            Place::Room(room()),
            "!programme",
        )
        .await;
    }
    let total = count(engine.store(), "SELECT COUNT(*) FROM outbox").await;
    assert_eq!(total, i64::from(per_minute) + 1);
    let refusal = &replies_to(&engine, &format!("b{per_minute}")).await[0].1;
    assert!(refusal.contains("par minute"), "{refusal}");
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM handled_events").await,
        i64::from(per_minute) + 5
    );
    clock.advance(chrono::Duration::minutes(1));
    send(
        &engine,
        "after",
        "zoe",
        P,
        Place::Room(room()),
        "!programme",
    )
    .await;
    assert_eq!(replies_to(&engine, "after").await.len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn free_text_is_kept_exactly_as_typed(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    engine
        .handle(say_as(
            "a",
            "u-am",
            "Alice Martin",
            P,
            Place::Room(room()),
            "!rendre 1 J'ai écrit « le lien",
        ))
        .await
        .unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM submissions")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(body, "J'ai écrit « le lien");
    send(
        &engine,
        "r",
        "camille",
        F,
        Place::Room(room()),
        "!retour 1 \"@Alice Martin\" validé Très clair",
    )
    .await;
    let feedback: String = sqlx::query_scalar("SELECT body FROM feedback")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(feedback, "Très clair");
}

#[sqlx::test(migrations = "../migrations")]
async fn versions_of_a_deliverable_are_capped(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let settings = Settings {
        limits: Limits {
            versions_per_deliverable: 2,
            ..Limits::default()
        },
        ..engine.settings().clone()
    };
    let engine = engine.with_settings(settings);
    for i in 0..3 {
        send(
            &engine,
            &format!("s{i}"),
            "zoe",
            P,
            Place::Room(room()),
            &format!("!rendre 1 Version {i}"),
        )
        .await;
    }
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        2
    );
    assert!(replies_to(&engine, "s2").await[0].1.contains("2 versions"));
}

#[sqlx::test(migrations = "../migrations")]
async fn one_pending_snooze_per_person(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(
        &engine,
        "f",
        "camille",
        F,
        Place::Room(room()),
        "!rappel @zoe dans 1h Relisez",
    )
    .await;
    send(&engine, "z", "zoe", P, Place::Room(room()), "!aide").await;
    send(
        &engine,
        "f2",
        "camille",
        F,
        Place::Room(room()),
        "!rappel @zoe dans 1h Relisez",
    )
    .await;
    clock.advance(chrono::Duration::hours(1));
    engine.fire_due_jobs(100).await.unwrap();
    for i in 0..5 {
        send(
            &engine,
            &format!("l{i}"),
            "zoe",
            P,
            Place::Direct,
            "!plus-tard 2h",
        )
        .await;
    }
    let pending = count(
        engine.store(),
        "SELECT COUNT(*) FROM jobs WHERE kind = 'snooze' AND state = 'pending'",
    )
    .await;
    assert_eq!(pending, 1, "{:?}", outbox(engine.store()).await);
    assert!(
        replies_to(&engine, "l4").await[0]
            .1
            .contains("remplace votre report précédent")
    );
}

fn pdf(n: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(len, n);
    bytes
}

#[sqlx::test(migrations = "../migrations")]
async fn bytes_of_files_are_capped_per_member(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_owned(),
        limits: Limits {
            bytes_per_member: 1_000,
            ..Limits::default()
        },
        ..engine.settings().clone()
    };
    let engine = engine.with_settings(settings);
    let hand_in = |id: &str, n: u8, atelier: u32| {
        Event::Message(IncomingMessage {
            event_id: id.to_owned(),
            actor: Actor {
                identity: Identity::new(Platform::Console, "zoe"),
                display_name: "zoe".into(),
                role_hint: P,
                locale_hint: None,
            },
            place: Place::Room(room()),
            text: format!("!rendre {atelier}"),
            attachments: vec![bot::engine::Attachment::new("a.pdf", pdf(n, 600))],
        })
    };
    engine.handle(hand_in("1", b'a', 1)).await.unwrap();
    // The same file again costs nothing; a new one would pass the quota.
    engine.handle(hand_in("2", b'a', 2)).await.unwrap();
    engine.handle(hand_in("3", b'b', 3)).await.unwrap();
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        2
    );
    let refusal = &replies_to(&engine, "3").await[0].1;
    assert!(refusal.contains("la limite par personne"), "{refusal}");
    // A file announced too big is refused in words without being read.
    let big = Event::Message(IncomingMessage {
        event_id: "4".into(),
        actor: Actor {
            identity: Identity::new(Platform::Console, "zoe"),
            display_name: "zoe".into(),
            role_hint: P,
            locale_hint: None,
        },
        place: Place::Direct,
        text: "!rendre 4".into(),
        attachments: vec![bot::engine::Attachment::not_downloaded(
            "video.mp4",
            u64::MAX,
        )],
    });
    engine.handle(big).await.unwrap();
    let refusal = &replies_to(&engine, "4").await[0].1;
    assert!(refusal.contains("c'est plus que la limite"), "{refusal}");
}
