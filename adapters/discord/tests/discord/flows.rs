use std::collections::HashMap;

use bot::ids::CohortId;
use bot::store;
use chrono::{DateTime, Utc};
use discord_fake::FakeFile;

use crate::harness::*;

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

async fn cohort_id(bot: &Bot) -> CohortId {
    let mut conn = bot.engine.store().pool().acquire().await.unwrap();
    store::cohorts::cohort_by_name(&mut conn, COHORT)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn a_reminder_fires_when_the_clock_moves_in_the_channel_and_by_dm() {
    let bot = Bot::start().await;
    bot.say(ALICE, "!prochain");
    bot.wait_post(COHORTE, "Le sens avant l'action").await;
    // The eve of atelier 1, 18:00 in Paris: the atelier reminder is due.
    bot.sim.set(at("2027-02-10T18:00:00+01:00"));
    bot.wait_post(COHORTE, "⏰").await;
    bot.wait_post(bot.fake.dm_channel(ALICE), "⏰").await;
    bot.finish().await;
}

#[tokio::test]
async fn the_reminder_before_an_atelier_has_check_in_buttons_that_answer_privately() {
    let bot = Bot::start().await;
    bot.say(ALICE, "!prochain");
    bot.wait_post(COHORTE, "Le sens avant l'action").await;
    bot.sim.set(at("2027-02-10T18:00:00+01:00"));
    let reminder = bot.wait_post(COHORTE, "⏰").await;
    let body = reminder.body.as_ref().unwrap();
    let ids: Vec<_> = body["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ready:1", "notyet:1", "ask:1"]);
    let message: u64 = reminder.response.as_ref().unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let click = bot.fake.button_click(message, "ready:1", ALICE);
    let answer = bot
        .fake
        .wait_for_call(|c| click.is_webhook(c) && c.method == "PATCH", WAIT)
        .await
        .expect("the click is answered");
    let text = answer.body.as_ref().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        text.starts_with("✅") && text.contains("Le sens avant l'action"),
        "{text}"
    );
    let deferred = bot
        .fake
        .wait_for_call(|c| click.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(
        deferred.body.as_ref().unwrap()["data"]["flags"],
        64,
        "ephemeral"
    );
    let state: String = sqlx::query_scalar(
        "SELECT p.state FROM preparation p JOIN identities i ON i.member_id = p.member_id
         WHERE i.identity = ?",
    )
    .bind(format!("discord:{ALICE}"))
    .fetch_one(bot.engine.store().pool())
    .await
    .unwrap();
    assert_eq!(state, "ready");
    // « A question » answers with how to ask one, privately.
    let click = bot.fake.button_click(message, "ask:1", ALICE);
    let answer = bot
        .fake
        .wait_for_call(|c| click.is_webhook(c) && c.method == "PATCH", WAIT)
        .await
        .expect("the click is answered");
    let text = answer.body.as_ref().unwrap()["content"].as_str().unwrap();
    assert!(text.contains("!ask N"), "{text}");
    bot.finish().await;
}

#[tokio::test]
async fn the_opening_of_attendance_has_buttons_that_confirm_presence_privately() {
    let bot = Bot::start().await;
    bot.say(ALICE, "!prochain");
    bot.wait_post(COHORTE, "Le sens avant l'action").await;
    // Atelier 1 starts at 09:30 in Paris: the first session's sheet opens at 09:15.
    bot.sim.set(at("2027-02-11T09:15:00+01:00"));
    let opening = bot.wait_post(COHORTE, "Émargement").await;
    let body = opening.body.as_ref().unwrap();
    let ids: Vec<_> = body["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["here:1:1", "here:1:2"], "on site, remote");
    let message: u64 = opening.response.as_ref().unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let click = bot.fake.button_click(message, "here:1:1", ALICE);
    let answer = bot
        .fake
        .wait_for_call(|c| click.is_webhook(c) && c.method == "PATCH", WAIT)
        .await
        .expect("the click is answered");
    let text = answer.body.as_ref().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_owned();
    // The fake's clicks carry Discord's en-US locale.
    assert!(
        text.starts_with("✅ Presence confirmed") && text.contains("on site"),
        "{text}"
    );
    let row: (String, String, i64) = sqlx::query_as(
        "SELECT t.status, t.mode, t.session FROM attendance t
         JOIN identities i ON i.member_id = t.member_id WHERE i.identity = ?",
    )
    .bind(format!("discord:{ALICE}"))
    .fetch_one(bot.engine.store().pool())
    .await
    .unwrap();
    assert_eq!(row, ("present".to_owned(), "on-site".to_owned(), 1));
    bot.finish().await;
}

#[tokio::test]
async fn a_file_deliverable_is_received_and_the_receipt_goes_by_dm() {
    let bot = Bot::start().await;
    let pdf = FakeFile::new(
        "engagement.pdf",
        "application/pdf",
        b"%PDF-1.7\n%livrable\n".to_vec(),
    );
    bot.fake
        .send_message(COHORTE, ALICE, "!rendre 1", vec![pdf]);
    bot.wait_post(bot.fake.dm_channel(ALICE), "📥").await;
    bot.wait_post(COHORTE, "Alice").await;
    let files: Vec<_> = std::fs::read_dir(bot.dir.path().join("data/files"))
        .unwrap()
        .collect();
    assert!(!files.is_empty(), "the file is kept");
    bot.finish().await;
}

#[tokio::test]
async fn a_poll_with_buttons_votes_by_click_and_closes_with_a_chart() {
    let bot = Bot::start().await;
    bot.say(CAMILLE, "!sondage \"Quel jour ?\" \"Mardi\" \"Jeudi\"");
    let post = bot.wait_post(COHORTE, "Quel jour ?").await;
    let body = post.body.as_ref().unwrap();
    let buttons = body["components"][0]["components"].as_array().unwrap();
    let ids: Vec<_> = buttons
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["vote:1:1", "vote:1:2"]);
    let message: u64 = post.response.as_ref().unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    for (user, choice) in [(ALICE, "vote:1:1"), (BRUNO, "vote:1:2")] {
        let click = bot.fake.button_click(message, choice, user);
        let answer = bot
            .fake
            .wait_for_call(|c| click.is_webhook(c) && c.method == "PATCH", WAIT)
            .await
            .expect("the click is answered");
        assert_eq!(answer.status, 200);
        let deferred = bot
            .fake
            .wait_for_call(|c| click.is_callback(c), WAIT)
            .await
            .unwrap();
        assert_eq!(
            deferred.body.as_ref().unwrap()["data"]["flags"],
            64,
            "ephemeral"
        );
    }
    {
        let mut conn = bot.engine.store().pool().acquire().await.unwrap();
        let poll = store::polls::by_number(&mut conn, cohort_id(&bot).await, 1)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            store::polls::ballots(&mut conn, &poll).await.unwrap().len(),
            2
        );
    }
    bot.say(CAMILLE, "!clore 1");
    let results = bot.wait_post(COHORTE, "Résultats du sondage n° 1").await;
    assert!(
        results
            .files
            .iter()
            .any(|f| f.bytes.starts_with(b"\x89PNG")),
        "the results carry the chart"
    );
    bot.finish().await;
}

#[tokio::test]
async fn bad_input_gets_clear_french_answers() {
    let bot = Bot::start().await;
    bot.say(ALICE, "!bonjourr");
    bot.wait_post(COHORTE, "Je ne connais pas la commande « !bonjourr »")
        .await;
    bot.say(ALICE, "!sondage \"Q ?\" \"A\" \"B\"");
    bot.wait_post(COHORTE, "réservée").await;
    assert!(
        bot.posts(COHORTE)
            .iter()
            .all(|c| c.body.as_ref().unwrap()["components"]
                .as_array()
                .is_none_or(|a| a.is_empty())),
        "no poll was opened"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_dm_to_someone_with_closed_dms_becomes_a_mention_in_the_channel() {
    let bot = Bot::start_with(scenario(true)).await;
    bot.say(CAMILLE, "!prochain");
    bot.say(BRUNO, "!prochain");
    bot.wait_post(COHORTE, "Le sens avant l'action").await;
    bot.sim.set(at("2027-02-10T18:00:00+01:00"));
    bot.wait_post(COHORTE, &format!("<@{BRUNO}>")).await;
    bot.wait_post(bot.fake.dm_channel(CAMILLE), "Bruno").await;
    bot.finish().await;
}

#[tokio::test]
async fn a_restart_neither_duplicates_nor_loses_messages() {
    let mut bot = Bot::start().await;
    bot.say(ALICE, "!programme");
    bot.wait_post(COHORTE, "Le sens avant l'action").await;
    bot.stop().await;
    // While the bot is away: a command (queued by Discord) and a due reminder.
    bot.say(BRUNO, "!prochain");
    bot.sim.set(at("2027-02-10T18:00:00+01:00"));
    bot.connect().await;
    bot.wait_post(COHORTE, "⏰").await;
    bot.wait_post(bot.fake.dm_channel(ALICE), "⏰").await;
    bot.say(CAMILLE, "!aide");
    bot.wait_post(COHORTE, "!programme").await;
    let mut nonces: HashMap<String, usize> = HashMap::new();
    for c in bot
        .posts(COHORTE)
        .iter()
        .chain(&bot.posts(bot.fake.dm_channel(ALICE)))
    {
        *nonces
            .entry(c.body_str("/nonce").unwrap().to_owned())
            .or_default() += 1;
    }
    assert!(
        nonces.values().all(|n| *n == 1),
        "a message was sent twice: {nonces:?}"
    );
    // The last delivery is marked a moment after Discord has it.
    let mut pending = -1;
    for _ in 0..50 {
        let mut conn = bot.engine.store().pool().acquire().await.unwrap();
        pending = store::outbox::pending_count(&mut conn).await.unwrap();
        if pending == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(pending, 0, "nothing left behind");
    bot.finish().await;
}

#[tokio::test]
async fn echoed_text_pings_nobody_and_dm_rights_come_from_the_guild_now() {
    let bot = Bot::start().await;
    // The bot repeats the unknown command: as text, with mentions switched off.
    bot.say(ALICE, "!@everyone");
    let post = bot.wait_post(COHORTE, "@everyone").await;
    let allowed = &post.body.as_ref().unwrap()["allowed_mentions"];
    assert_eq!(allowed["parse"], serde_json::json!([]), "{allowed}");
    assert!(
        allowed["users"].as_array().is_none_or(|u| u.is_empty()),
        "{allowed}"
    );

    bot.say(CAMILLE, "!aide");
    let path = format!("/channels/{COHORTE}/messages");
    bot.fake
        .wait_for_nth_call(
            |c| {
                c.is("POST", &path)
                    && c.body_str("/content")
                        .is_some_and(|t| t.contains("Ce que je sais faire"))
            },
            1,
            WAIT,
        )
        .await
        .expect("help answered");
    // Camille leads the cohort through her guild role, read from the guild (serenity's copy,
    // kept current by the gateway) with her DM: without it the engine would refuse
    // (« Je ne peux pas confirmer votre rôle »).
    bot.fake.send_dm(CAMILLE, "!livrables 1", vec![]);
    bot.wait_post(bot.fake.dm_channel(CAMILLE), "Livrables")
        .await;
    // Alice has no such role: refused by DM too.
    bot.fake.send_dm(ALICE, "!livrables 1", vec![]);
    bot.wait_post(bot.fake.dm_channel(ALICE), "réservée").await;
    bot.finish().await;
}

#[tokio::test]
async fn a_file_announced_over_the_limit_is_refused_in_words_without_being_downloaded() {
    let bot = Bot::start().await;
    let huge = FakeFile::new(
        "film.pdf",
        "application/pdf",
        b"%PDF-1.7\n%not really 500 MiB\n".to_vec(),
    )
    .announced_as(500 * 1024 * 1024);
    bot.fake
        .send_message(COHORTE, ALICE, "!rendre 1", vec![huge]);
    bot.wait_post(COHORTE, "c'est plus que la limite").await;
    assert!(
        !bot.fake
            .rest_calls()
            .iter()
            .any(|c| c.method == "GET" && c.path.contains("/attachments/")),
        "the file was downloaded"
    );
    let stored = count_submissions(&bot).await;
    assert_eq!(stored, 0);
    bot.finish().await;
}

async fn count_submissions(bot: &Bot) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(bot.engine.store().pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn confirmed_groups_get_private_threads_with_their_members_added() {
    let bot = Bot::start().await;
    for (who, text) in [(ALICE, "!prochain"), (BRUNO, "!prochain")] {
        bot.say(who, text);
    }
    bot.wait_post(COHORTE, "Le sens avant l'action").await;
    bot.say(CAMILLE, "!groupes 3 --nombre 2");
    bot.wait_post(bot.fake.dm_channel(CAMILLE), "Brouillon des groupes")
        .await;
    bot.say(CAMILLE, "!groupes 3 confirmer");
    bot.wait_post(COHORTE, "Les groupes de l'atelier 3").await;
    let threads = format!("/channels/{COHORTE}/threads");
    let created = bot
        .fake
        .wait_for_nth_call(|c| c.is("POST", &threads) && c.status == 200, 2, WAIT)
        .await
        .expect("two private threads created");
    assert_eq!(created.body.as_ref().unwrap()["type"], 12, "private");
    // Each thread gets its welcome, and Alice and Bruno each sit in one of them with Camille.
    let made = bot.fake.threads();
    assert_eq!(made.len(), 2);
    for (id, _) in &made {
        bot.wait_post(*id, "Bienvenue dans l'espace du groupe")
            .await;
    }
    let made = bot.fake.threads();
    let with = |user: u64| {
        made.iter()
            .filter(|(_, t)| t.members.contains(&user))
            .count()
    };
    assert_eq!(with(ALICE), 1, "{made:?}");
    assert_eq!(with(BRUNO), 1, "{made:?}");
    assert_eq!(with(CAMILLE), 2, "{made:?}");
    assert!(
        made.iter()
            .all(|(_, t)| t.private && t.name.starts_with("Atelier 3 — groupe"))
    );
    // The same groups confirmed again create nothing more.
    bot.say(CAMILLE, "!groupes 3 confirmer");
    bot.wait_post(COHORTE, "Pas de brouillon de groupes").await;
    assert_eq!(bot.fake.threads().len(), 2);
    bot.finish().await;
}
