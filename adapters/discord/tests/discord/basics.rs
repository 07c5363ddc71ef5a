use discord_fake::CommandOption;

use crate::harness::*;

#[tokio::test]
async fn programme_by_message_and_by_slash_command() {
    let bot = Bot::start().await;
    bot.say(ALICE, "!programme");
    let post = bot.wait_post(COHORTE, "Le sens avant l'action").await;
    assert!(post.body_str("/nonce").is_some_and(|n| n.len() <= 25));
    assert_eq!(post.body.as_ref().unwrap()["enforce_nonce"], true);

    let cmd = bot
        .fake
        .slash_command(COHORTE, BRUNO, "programme", vec![], None);
    let callback = bot
        .fake
        .wait_for_call(|c| cmd.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(callback.body.as_ref().unwrap()["type"], 5, "deferred first");
    let edit = bot
        .fake
        .wait_for_call(|c| cmd.is_webhook(c) && c.method == "PATCH", WAIT)
        .await
        .expect("the deferred answer is edited in");
    assert_eq!(edit.status, 200);
    assert!(
        edit.body_str("/content")
            .unwrap()
            .contains("Le sens avant l'action")
    );

    // Registered from the core's table, French first, English localised.
    let commands = bot.fake.commands(None);
    let atelier = commands.iter().find(|c| c["name"] == "atelier").unwrap();
    assert_eq!(atelier["name_localizations"]["en-US"], "session");
    assert_eq!(commands.len(), bot::command::COMMANDS.len());
    // Every atelier still to come is a scheduled event.
    assert_eq!(bot.fake.scheduled_events().len(), 6);
    bot.finish().await;
}

#[tokio::test]
async fn atelier_autocomplete_and_english_for_an_english_client() {
    let bot = Bot::start().await;
    let typed = vec![CommandOption::string("atelier", "").focused()];
    let auto = bot.fake.autocomplete(COHORTE, ALICE, "atelier", typed);
    let call = bot
        .fake
        .wait_for_call(|c| auto.is_callback(c), WAIT)
        .await
        .unwrap();
    let body = call.body.unwrap();
    assert_eq!(body["type"], 8);
    let values: Vec<i64> = body["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_i64().unwrap())
        .collect();
    assert_eq!(values, [1, 2, 3, 4, 5, 6]);

    let cmd = bot.fake.slash_command(
        COHORTE,
        ALICE,
        "atelier",
        vec![CommandOption::integer("atelier", 3)],
        None,
    );
    let edit = bot
        .fake
        .wait_for_call(|c| cmd.is_webhook(c) && c.method == "PATCH", WAIT)
        .await
        .unwrap();
    let text = edit.body_str("/content").unwrap();
    assert!(
        text.contains("Session 3"),
        "English for an en-US client: {text}"
    );
    bot.finish().await;
}
