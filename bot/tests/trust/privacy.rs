//! What stays private: anonymous ballots, erased members, retention, personal data, names.

use super::*;

#[sqlx::test(migrations = "../migrations")]
async fn chasing_names_the_latecomers_to_the_facilitator_only(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    send(&engine, "p", "zoe", P, Place::Room(room()), "!aide").await;
    send(
        &engine,
        "c",
        "camille",
        F,
        Place::Room(room()),
        "!relancer 1",
    )
    .await;
    let answers = replies_to(&engine, "c").await;
    for (dest, body) in &answers {
        if dest.starts_with("room:") {
            assert!(!body.contains("zoe"), "{body}");
        }
    }
    assert!(
        answers
            .iter()
            .any(|(d, b)| d == "dm:console:camille" && b.contains("zoe")),
        "{answers:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn display_names_lose_invisible_and_reordering_characters(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    engine
        .handle(say_as(
            "1",
            "u1",
            "Al\u{202E}ice\u{200B}\u{0007}\n",
            P,
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();
    engine
        .handle(say_as(
            "2",
            "u2",
            "\u{202E}\u{200B}",
            P,
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT display_name FROM members ORDER BY id")
        .fetch_all(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(names, ["Alice", "u2"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn erased_member_ids_are_never_given_again(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(&engine, "f", "camille", F, Place::Room(room()), "!aide").await;
    send(
        &engine,
        "p",
        "camille",
        F,
        Place::Room(room()),
        "!sondage \"Q\" \"A\" \"B\" --anonyme",
    )
    .await;
    send(&engine, "x1", "xavier", P, Place::Room(room()), "!vote 1").await;
    let xavier: i64 = count(engine.store(), "SELECT MAX(id) FROM members").await;
    send(&engine, "x2", "xavier", P, Place::Direct, "!oublier-moi").await;
    clock.advance(chrono::Duration::minutes(1));
    send(
        &engine,
        "x3",
        "xavier",
        P,
        Place::Direct,
        "!oublier-moi confirmer",
    )
    .await;
    send(&engine, "y1", "yann", P, Place::Room(room()), "!vote 2").await;
    let yann: i64 = count(engine.store(), "SELECT MAX(id) FROM members").await;
    assert!(yann > xavier, "{yann} reuses {xavier}");
    let ack = &replies_to(&engine, "y1").await[0].1;
    assert!(
        ack.starts_with("Vote enregistré"),
        "the newcomer inherited a ballot: {ack}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_text_of_delivered_private_messages_is_dropped_after_retention(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    send(
        &engine,
        "p",
        "zoe",
        P,
        Place::Room(room()),
        "!rendre 1 Mon engagement",
    )
    .await;
    sqlx::query("UPDATE outbox SET delivered_at = created_at")
        .execute(engine.store().pool())
        .await
        .unwrap();
    let dm_body = "SELECT body FROM outbox WHERE destination = 'dm:console:zoe'";
    engine.housekeeping().await.unwrap();
    let body: String = sqlx::query_scalar(dm_body)
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert!(body.contains("Livrable reçu"), "{body}");
    clock.advance(chrono::Duration::days(31));
    let done = engine.housekeeping().await.unwrap();
    assert_eq!(done.pruned_messages, 1);
    let body: String = sqlx::query_scalar(dm_body)
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(body, "");
    // The receipt stays in the person's own data: the submission itself is kept.
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn my_data_has_named_votes_is_hourly_and_goes_with_an_erasure(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-10T08:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    send(
        &engine,
        "f",
        "camille",
        F,
        Place::Room(room()),
        "!sondage \"Couleur ?\" \"Vert\" \"Bleu\"",
    )
    .await;
    send(&engine, "v", "zoe", P, Place::Room(room()), "!vote 2").await;
    send(&engine, "d1", "zoe", P, Place::Direct, "!mes-donnees").await;
    let exports: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(exports.len(), 1);
    let json = std::fs::read_to_string(exports[0].path()).unwrap();
    assert!(
        json.contains("Couleur ?") && json.contains("\"choices\""),
        "{json}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        exports[0].metadata().unwrap().permissions().mode() & 0o777,
        0o600
    );
    send(&engine, "d2", "zoe", P, Place::Direct, "!mes-donnees").await;
    assert!(replies_to(&engine, "d2").await[0].1.contains("il y a peu"));
    send(&engine, "x1", "zoe", P, Place::Direct, "!oublier-moi").await;
    clock.advance(chrono::Duration::minutes(1));
    send(
        &engine,
        "x2",
        "zoe",
        P,
        Place::Direct,
        "!oublier-moi confirmer",
    )
    .await;
    assert_eq!(
        std::fs::read_dir(dir.path().join("exports"))
            .unwrap()
            .count(),
        0
    );
}

/// Every text column of every row, with the table's name.
async fn every_row(store: &Store) -> Vec<(String, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let sql = format!("SELECT * FROM \"{table}\"");
        let fetched = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(store.pool())
            .await
            .unwrap();
        for row in fetched {
            use sqlx::{Column, Row, ValueRef};
            let mut text = String::new();
            for (i, col) in row.columns().iter().enumerate() {
                let raw = row.try_get_raw(i).unwrap();
                if raw.is_null() {
                    continue;
                }
                let value = row
                    .try_get::<String, _>(i)
                    .or_else(|_| row.try_get::<i64, _>(i).map(|n| n.to_string()))
                    .or_else(|_| {
                        row.try_get::<Vec<u8>, _>(i)
                            .map(|b| String::from_utf8_lossy(&b).into_owned())
                    })
                    .unwrap_or_default();
                text.push_str(&format!("{}={value}\u{1f}", col.name()));
            }
            rows.push((table.clone(), text));
        }
    }
    rows
}

#[tokio::test]
async fn anonymous_polls_keep_nothing_that_links_a_voter_to_a_choice_in_any_table_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("compagnon.db")).await.unwrap();
    let now = at("2027-02-10T08:00:00Z");
    {
        let mut tx = store.begin().await.unwrap();
        let report = store::import_programme(&mut tx, &example(), now)
            .await
            .unwrap();
        store::cohorts::link_room(&mut tx, &room(), report.cohort, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let clock = SimClock::new(now);
    let data = dir.path().join("data");
    let engine = Engine::new(store.clone(), Arc::new(clock.clone())).with_data_dir(&data);
    send(
        &engine,
        "f",
        "camille",
        F,
        Place::Room(room()),
        "!sondage \"Quel lieu ?\" \"Lyon-Perrache\" \"Grenoble-Europole\" --anonyme",
    )
    .await;
    let voters = [
        ("v0", "zoe", "1"),
        ("v1", "yann", "2"),
        ("v2", "xena", "2"),
        ("v0b", "zoe", "2"),
    ];
    for (id, who, choice) in voters {
        let place = if id.ends_with('b') {
            Place::Direct
        } else {
            Place::Room(room())
        };
        send(&engine, id, who, P, place, &format!("!vote {choice}")).await;
    }
    let secret: Vec<u8> = sqlx::query_scalar("SELECT secret FROM polls")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(secret.len() >= 16);
    send(&engine, "c", "camille", F, Place::Room(room()), "!clore 1").await;
    // No housekeeping: closing the poll itself must leave nothing in the log.

    let options = ["Lyon-Perrache", "Grenoble-Europole"];
    let members: Vec<(i64, String)> = sqlx::query_as("SELECT id, display_name FROM members")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let mut looked_at = 0;
    for (table, row) in every_row(&store).await {
        looked_at += 1;
        for (id, name) in &members {
            if *name == "camille" {
                continue;
            }
            let names_voter = row.contains(&format!("console:{name}"))
                || row.contains(&format!("member_id={id}\u{1f}"));
            if names_voter {
                for option in options {
                    assert!(
                        !row.contains(option),
                        "{table} links {name} to {option}: {row}"
                    );
                }
                assert!(
                    !row.contains("choices="),
                    "{table} links {name} to a ballot: {row}"
                );
            }
        }
    }
    assert!(looked_at > 20, "only {looked_at} rows read");
    let secret_left: Option<Vec<u8>> = sqlx::query_scalar("SELECT secret FROM polls")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(secret_left, None);
    // No file — database, its log, charts, exports — holds the erased secret.
    assert_no_file_holds(dir.path(), &data, &secret, "the poll's secret");
}

/// Fails if the database, its log, or any file under `data` still holds `secret`.
fn assert_no_file_holds(
    db_dir: &std::path::Path,
    data: &std::path::Path,
    secret: &[u8],
    what: &str,
) {
    let mut files = vec![db_dir.join("compagnon.db"), db_dir.join("compagnon.db-wal")];
    let mut stack = vec![data.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret),
            "{} still holds {what}",
            file.display()
        );
    }
}

#[tokio::test]
async fn anonymous_evaluations_keep_nothing_that_links_a_participant_to_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("compagnon.db")).await.unwrap();
    let now = at("2027-02-10T08:00:00Z");
    {
        let mut tx = store.begin().await.unwrap();
        let report = store::import_programme(&mut tx, &example(), now)
            .await
            .unwrap();
        store::cohorts::link_room(&mut tx, &room(), report.cohort, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let clock = SimClock::new(now);
    let data = dir.path().join("data");
    let engine = Engine::new(store.clone(), Arc::new(clock.clone())).with_data_dir(&data);
    for who in ["zoe", "yann", "xena"] {
        send(
            &engine,
            &format!("j-{who}"),
            who,
            P,
            Place::Room(room()),
            "!aide",
        )
        .await;
    }
    // Atelier 1 ends (17:00 Paris): the evaluation opens.
    clock.set(at("2027-02-11T16:00:00Z"));
    engine.fire_due_jobs(1000).await.unwrap();
    let comments = [
        ("zoe", "!evaluer 1 5 4 | Zebrure-de-zoe | Zinc-de-zoe"),
        ("yann", "!evaluer 1 2 1 | Yourte-de-yann | Yoyo-de-yann"),
        (
            "zoe",
            "!evaluer 1 5 5 | Zebrure-de-zoe-bis | Zinc-de-zoe-bis",
        ),
    ];
    for (i, (who, text)) in comments.iter().enumerate() {
        send(&engine, &format!("e{i}"), who, P, Place::Direct, text).await;
    }
    let secret: Vec<u8> =
        sqlx::query_scalar("SELECT secret FROM evaluations WHERE atelier_id IS NOT NULL")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert!(secret.len() >= 16);
    // The reminder (to xena alone) and the facilitators' reading change nothing of that.
    clock.set(at("2027-02-13T16:00:00Z"));
    engine.fire_due_jobs(1000).await.unwrap();
    send(
        &engine,
        "r",
        "camille",
        F,
        Place::Room(room()),
        "!evaluation 1",
    )
    .await;
    // It closes.
    clock.set(at("2027-02-25T16:00:00Z"));
    engine.fire_due_jobs(1000).await.unwrap();

    let members: Vec<(i64, String)> = sqlx::query_as("SELECT id, display_name FROM members")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let words = [
        "Zebrure-de-zoe",
        "Zinc-de-zoe",
        "Yourte-de-yann",
        "Yoyo-de-yann",
    ];
    let mut looked_at = 0;
    for (table, row) in every_row(&store).await {
        looked_at += 1;
        for (id, name) in &members {
            if *name == "camille" {
                continue;
            }
            let names_person = row.contains(&format!("console:{name}"))
                || row.contains(&format!("member_id={id}\u{1f}"))
                || row.contains(&format!("m{id}\u{1f}"));
            if names_person {
                for w in words {
                    assert!(!row.contains(w), "{table} links {name} to {w}: {row}");
                }
                assert!(
                    !row.contains("scores="),
                    "{table} links {name} to scores: {row}"
                );
            }
        }
        // The answers themselves carry no time and no author.
        if table == "evaluation_answers" {
            assert!(!row.contains("member_id="), "{row}");
        }
    }
    assert!(looked_at > 20, "only {looked_at} rows read");
    let left: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT secret FROM evaluations WHERE atelier_id IS NOT NULL")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(left, None);
    // No file — database, its log, charts, exports — holds the erased secret.
    assert_no_file_holds(dir.path(), &data, &secret, "the evaluation's secret");
}
