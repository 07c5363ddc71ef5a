//! Polls driven by clicks: majority judgment ballots, multiple choice menus, anonymity.

use discord_fake::{InteractionHandle, RestCall};
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

/// Number of ballots stored by the engine, all polls.
async fn ballots(bot: &Bot) -> i64 {
    let pool = bot.engine.store().pool();
    sqlx::query_scalar("SELECT COUNT(*) FROM ballots")
        .fetch_one(pool)
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
        assert!(text.contains(&format!("{option} : 1 (")), "one vote each: {text}");
    }
    bot.finish().await;
}
