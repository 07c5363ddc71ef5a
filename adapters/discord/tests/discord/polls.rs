//! Polls driven by clicks: majority judgment ballots, multiple choice menus, anonymity.

use discord_fake::{CommandOption, InteractionHandle, RestCall};
use serde_json::Value;

use crate::harness::*;

/// The id of the message a post created.
fn message_id(post: &RestCall) -> u64 {
    post.response.as_ref().unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Number of ballots stored by the engine, all polls (anonymous ones apart: no voter kept).
async fn ballots(bot: &Bot) -> i64 {
    count(bot, "SELECT COUNT(*) FROM ballots").await
}

async fn count(bot: &Bot, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(bot.engine.store().pool())
        .await
        .unwrap()
}

/// Waits for the interaction's immediate message response (type 4) and returns the message it
/// created (ephemeral ones included: the fake keeps them).
async fn response_message(bot: &Bot, click: &InteractionHandle) -> Value {
    let callback = bot
        .fake
        .wait_for_call(|c| click.is_callback(c), WAIT)
        .await
        .expect("the click is answered");
    assert_eq!(callback.status, 204, "{:?}", callback.response);
    let body = callback.body.as_ref().unwrap();
    assert_eq!(body["type"], 4, "an immediate message: {body}");
    assert_eq!(body["data"]["flags"], 64, "ephemeral: {body}");
    let id = click.id.to_string();
    bot.fake
        .messages_in(COHORTE)
        .into_iter()
        .find(|m| m["interaction_metadata"]["id"] == id.as_str())
        .expect("the response message is stored")
}

/// Waits for the answer to a deferred, ephemeral click and returns its text.
async fn deferred_answer(bot: &Bot, click: &InteractionHandle) -> String {
    let edit = bot
        .fake
        .wait_for_call(|c| click.is_webhook(c) && c.method == "PATCH", WAIT)
        .await
        .expect("the click is answered");
    assert_eq!(edit.status, 200);
    let deferred = bot
        .fake
        .wait_for_call(|c| click.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(deferred.body.as_ref().unwrap()["data"]["flags"], 64);
    edit.body_str("/content").unwrap_or("").to_owned()
}

/// Custom ids of every component of a message, row by row.
fn custom_ids(message: &Value) -> Vec<Vec<String>> {
    message["components"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row["components"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["custom_id"].as_str().unwrap().to_owned())
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_majority_judgment_ballot_is_filled_in_menus_and_closes_with_a_merit_profile() {
    let bot = Bot::start().await;
    bot.say(
        CAMILLE,
        "!sondage \"Quel projet ?\" \"Jardin\" \"Repair café\" --jugement",
    );
    let post = bot.wait_post(COHORTE, "Quel projet ?").await;
    let announcement = message_id(&post);
    assert_eq!(
        custom_ids(post.body.as_ref().unwrap()),
        [["mj:1"]],
        "one button opens the ballot"
    );

    // Alice: Jardin "très bien", Repair café "passable"; Bruno the other way round.
    for (user, grades) in [(ALICE, ["1", "4"]), (BRUNO, ["4", "1"])] {
        let open = bot.fake.button_click(announcement, "mj:1", user);
        let ballot = response_message(&bot, &open).await;
        assert_eq!(
            custom_ids(&ballot),
            [vec!["mjg:1:1"], vec!["mjg:1:2"], vec!["mjs:1"]],
            "a grade menu per option, then send"
        );
        let menu = &ballot["components"][0]["components"][0];
        assert_eq!(menu["type"], 3);
        assert_eq!(menu["options"].as_array().unwrap().len(), 7, "seven grades");
        let ballot_id: u64 = ballot["id"].as_str().unwrap().parse().unwrap();
        for (i, grade) in grades.iter().enumerate() {
            let pick = bot
                .fake
                .select_menu(ballot_id, &format!("mjg:1:{}", i + 1), &[grade], user);
            let ack = bot
                .fake
                .wait_for_call(|c| pick.is_callback(c), WAIT)
                .await
                .expect("the pick is acknowledged");
            assert_eq!(ack.status, 204);
        }
        let before = ballots(&bot).await;
        let send = bot.fake.button_click(ballot_id, "mjs:1", user);
        let answer = deferred_answer(&bot, &send).await;
        assert!(!answer.is_empty(), "the voter is told");
        assert_eq!(ballots(&bot).await, before + 1, "ballot stored: {answer}");
    }

    bot.say(CAMILLE, "!clore 1");
    let results = bot.wait_post(COHORTE, "Résultats du sondage n° 1").await;
    let text = results.body_str("/content").unwrap();
    assert!(text.contains("🏆"), "a winner is named: {text}");
    assert!(
        results
            .files
            .iter()
            .any(|f| f.bytes.starts_with(b"\x89PNG")),
        "the results carry the merit profile"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_multiple_choice_poll_is_one_menu_and_a_pick_is_one_ballot() {
    let bot = Bot::start().await;
    bot.say(
        CAMILLE,
        "!sondage \"Quels ateliers ?\" \"Cuisine\" \"Vélo\" \"Compost\" --multiple --max 2",
    );
    let post = bot.wait_post(COHORTE, "Quels ateliers ?").await;
    let announcement = message_id(&post);
    let body = post.body.as_ref().unwrap();
    assert_eq!(custom_ids(body), [["votes:1"]]);
    let menu = &body["components"][0]["components"][0];
    assert_eq!(menu["type"], 3, "a select menu");
    assert_eq!(menu["min_values"], 1);
    assert_eq!(menu["max_values"], 2);

    let pick = bot
        .fake
        .select_menu(announcement, "votes:1", &["1", "3"], ALICE);
    deferred_answer(&bot, &pick).await;
    let pick = bot.fake.select_menu(announcement, "votes:1", &["2"], BRUNO);
    deferred_answer(&bot, &pick).await;
    assert_eq!(
        ballots(&bot).await,
        2,
        "one ballot per person, not per option"
    );

    bot.say(CAMILLE, "!clore 1");
    let results = bot.wait_post(COHORTE, "Résultats du sondage n° 1").await;
    let text = results.body_str("/content").unwrap();
    assert!(text.contains("2 votant·es"), "two voters: {text}");
    for option in ["Cuisine", "Vélo", "Compost"] {
        assert!(
            text.contains(&format!("{option} : 1 (")),
            "one vote each: {text}"
        );
    }
    bot.finish().await;
}

/// Waits until the drain has delivered everything the engine queued.
async fn drained(bot: &Bot) {
    for _ in 0..100 {
        let mut conn = bot.engine.store().pool().acquire().await.unwrap();
        if bot::store::outbox::pending_count(&mut conn).await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the outbox was not drained");
}

/// Whether a stored message is visible to the whole channel.
fn public(message: &Value) -> bool {
    message["flags"].as_u64().unwrap_or(0) & 64 == 0
}

#[tokio::test]
async fn nothing_public_tells_who_voted_in_an_anonymous_poll() {
    let bot = Bot::start().await;
    bot.say(
        CAMILLE,
        "!sondage \"Qui anime ?\" \"Camille\" \"Dana\" --anonyme",
    );
    let post = bot.wait_post(COHORTE, "Qui anime ?").await;
    let announcement = message_id(&post);

    let click = bot.fake.button_click(announcement, "vote:1:1", ALICE);
    deferred_answer(&bot, &click).await;
    // `/vote` is private from its first answer on: no public "Alice used /vote".
    let cmd = bot.fake.slash_command(
        COHORTE,
        ALICE,
        "vote",
        vec![CommandOption::string("arguments", "#1 1")],
        None,
    );
    assert!(deferred_answer(&bot, &cmd).await.contains("Qui anime ?"));
    // Bruno's click cannot be deferred (Discord was slow): his confirmation goes by DM.
    bot.fake
        .fail_next_request("POST", |p| p.starts_with("/interactions/"), 404, 10062);
    bot.fake.button_click(announcement, "vote:1:2", BRUNO);
    bot.wait_post(bot.fake.dm_channel(BRUNO), "Qui anime ?")
        .await;
    assert_eq!(
        count(&bot, "SELECT COUNT(*) FROM anonymous_ballots").await,
        2
    );
    assert_eq!(ballots(&bot).await, 0, "no ballot names its voter");

    bot.say(CAMILLE, "!clore 1");
    bot.wait_post(COHORTE, "Résultats du sondage n° 1").await;
    // A late click, again not deferred: the refusal must not land in the channel either.
    bot.fake
        .fail_next_request("POST", |p| p.starts_with("/interactions/"), 404, 10062);
    bot.fake.button_click(announcement, "vote:1:1", ALICE);
    let late = bot
        .fake
        .wait_for_call(
            |c| c.api_path().starts_with("/interactions/") && c.status == 404,
            WAIT,
        )
        .await;
    assert!(late.is_some());
    // …it reaches Alice alone, by DM.
    bot.wait_post(bot.fake.dm_channel(ALICE), "closed").await;
    drained(&bot).await;

    let voters = ["Alice", "alice", "Bruno", "bruno"]
        .map(str::to_owned)
        .into_iter()
        .chain([ALICE, BRUNO].map(|u| u.to_string()))
        .collect::<Vec<_>>();
    let bot_id = BOT.to_string();
    let visible: Vec<Value> = bot
        .fake
        .messages_in(COHORTE)
        .into_iter()
        .filter(|m| m["author"]["id"] == bot_id.as_str() && public(m))
        .collect();
    for m in &visible {
        let text = m.to_string();
        for v in &voters {
            assert!(!text.contains(v.as_str()), "{v} appears in public: {m:#}");
        }
    }
    let texts: Vec<&str> = visible
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("clos") && !t.contains("Résultats")),
        "the late click's refusal stayed out of the channel: {texts:#?}"
    );
    bot.finish().await;
}

/// `user` picks `grade` (its index) for `option` (1-based) in a ballot, and it is acknowledged.
async fn pick(bot: &Bot, ballot: u64, option: usize, grade: &str, user: u64) {
    let h = bot
        .fake
        .select_menu(ballot, &format!("mjg:1:{option}"), &[grade], user);
    bot.fake
        .wait_for_call(|c| h.is_callback(c), WAIT)
        .await
        .expect("acknowledged");
}

#[tokio::test]
async fn a_judgment_ballot_longer_than_a_message_turns_pages() {
    let bot = Bot::start().await;
    bot.say(
        CAMILLE,
        "!sondage \"Quel lieu ?\" \"A\" \"B\" \"C\" \"D\" \"E\" --jugement",
    );
    let post = bot.wait_post(COHORTE, "Quel lieu ?").await;
    let open = bot.fake.button_click(message_id(&post), "mj:1", BRUNO);
    let ballot = response_message(&bot, &open).await;
    assert!(ballot["content"].as_str().unwrap().contains("page 1 sur 2"));
    let ballot_id: u64 = ballot["id"].as_str().unwrap().parse().unwrap();
    for option in 1..=4 {
        pick(&bot, ballot_id, option, "2", BRUNO).await;
    }
    let next = bot.fake.button_click(ballot_id, "mjp:1:2", BRUNO);
    let turned = bot
        .fake
        .wait_for_call(|c| next.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(
        turned.body.as_ref().unwrap()["type"],
        7,
        "the ballot is rewritten"
    );
    let page2 = bot.fake.message(ballot_id).unwrap();
    assert_eq!(
        custom_ids(&page2),
        [vec!["mjg:1:5"], vec!["mjp:1:1", "mjs:1"]]
    );
    pick(&bot, ballot_id, 5, "0", BRUNO).await;
    let send = bot.fake.button_click(ballot_id, "mjs:1", BRUNO);
    let answer = deferred_answer(&bot, &send).await;
    assert_eq!(ballots(&bot).await, 1, "stored: {answer}");
    bot.finish().await;
}
