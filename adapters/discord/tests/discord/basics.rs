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

    // Registered from the core's table, French first, English localised: in the guild of the
    // configured channel (shown at once), and globally for DMs only (not twice in the guild).
    let commands = bot.fake.commands(Some(GUILD));
    let atelier = commands.iter().find(|c| c["name"] == "atelier").unwrap();
    assert_eq!(atelier["name_localizations"]["en-US"], "session");
    assert_eq!(commands.len(), bot::command::COMMANDS.len());
    let global = bot.fake.commands(None);
    assert_eq!(global.len(), bot::command::COMMANDS.len());
    assert!(
        global
            .iter()
            .all(|c| c["contexts"] == serde_json::json!([1])),
        "global commands serve DMs only"
    );
    // Every atelier still to come is a scheduled event: wait for the sixth creation (READY
    // publishes them in the background) rather than count at a lucky moment.
    let events = format!("/guilds/{GUILD}/scheduled-events");
    bot.fake
        .wait_for_nth_call(|c| c.is("POST", &events), 6, WAIT)
        .await
        .expect("six scheduled events published");
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

#[tokio::test]
async fn ateliers_moved_or_cancelled_in_the_channel_move_or_cancel_their_scheduled_events() {
    // The periodic re-sync every ten minutes never comes in this test: the events follow the
    // commands at once.
    let bot = Bot::start().await;
    bot.fake
        .wait_for_nth_call(
            |c| c.is("POST", &format!("/guilds/{GUILD}/scheduled-events")),
            6,
            WAIT,
        )
        .await
        .expect("six ateliers published");
    let id_of = |prefix: &str| {
        bot.fake
            .scheduled_events()
            .into_iter()
            .find(|e| e["name"].as_str().unwrap().starts_with(prefix))
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let (second, third) = (id_of("Atelier 2 "), id_of("Atelier 3 "));

    bot.say(
        CAMILLE,
        "!atelier-deplacer 2 2027-03-05 14h grève des transports",
    );
    bot.wait_post(COHORTE, "passe du jeudi 4 mars 2027").await;
    bot.wait_post(COHORTE, "Raison : grève des transports")
        .await;
    let patch = bot
        .fake
        .wait_for_call(
            |c| {
                c.is(
                    "PATCH",
                    &format!("/guilds/{GUILD}/scheduled-events/{second}"),
                )
            },
            WAIT,
        )
        .await
        .expect("the moved atelier's event is edited");
    // 14:00 in Paris in early March is 13:00 UTC; the length of the day is kept.
    assert_eq!(
        patch.body_str("/scheduled_start_time"),
        Some("2027-03-05T13:00:00.000Z")
    );
    assert_eq!(
        patch.body_str("/scheduled_end_time"),
        Some("2027-03-05T20:30:00.000Z")
    );

    bot.say(CAMILLE, "!atelier-annuler 3 intervenante malade");
    bot.wait_post(COHORTE, "❌ Annulation : l'atelier 3").await;
    let cancel = bot
        .fake
        .wait_for_call(
            |c| {
                c.is(
                    "PATCH",
                    &format!("/guilds/{GUILD}/scheduled-events/{third}"),
                ) && c
                    .body
                    .as_ref()
                    .and_then(|b| b.pointer("/status"))
                    .and_then(|v| v.as_u64())
                    == Some(4)
            },
            WAIT,
        )
        .await
        .expect("the cancelled atelier's event is cancelled");
    assert_eq!(cancel.status, 200);
    assert_eq!(bot.fake.scheduled_events().len(), 6, "none created anew");
    bot.finish().await;
}

#[tokio::test]
async fn an_edited_programme_moves_or_removes_its_scheduled_events_without_a_restart() {
    let bot = Bot::start_syncing_events(std::time::Duration::from_millis(300)).await;
    let published = bot
        .fake
        .wait_for_nth_call(
            |c| c.is("POST", &format!("/guilds/{GUILD}/scheduled-events")),
            6,
            WAIT,
        )
        .await
        .expect("six ateliers published");
    assert_eq!(published.status, 200);
    let event = bot
        .fake
        .scheduled_events()
        .into_iter()
        .find(|e| e["name"].as_str().unwrap().starts_with("Atelier 2 "))
        .unwrap();
    let id = event["id"].as_str().unwrap().to_owned();

    // The facilitator moves atelier 2 to the afternoon and imports the programme again.
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/bien-vivre-maintenant.toml"
    ))
    .unwrap()
    .replace(
        "start = \"2027-03-04 09:30\"",
        "start = \"2027-03-04 14:00\"",
    );
    let programme = bot::programme::parse(&source).unwrap();
    let mut tx = bot.engine.store().begin().await.unwrap();
    bot::store::import_programme(&mut tx, &programme, bot.engine.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let patch = bot
        .fake
        .wait_for_call(
            |c| c.is("PATCH", &format!("/guilds/{GUILD}/scheduled-events/{id}")),
            WAIT,
        )
        .await
        .expect("the event is edited");
    assert_eq!(patch.status, 200);
    // 14:00 in Paris (UTC+1 in March before the change of time) is 13:00 UTC.
    assert_eq!(
        patch.body_str("/scheduled_start_time"),
        Some("2027-03-04T13:00:00.000Z")
    );
    assert_eq!(
        bot.fake.scheduled_events().len(),
        6,
        "edited, not created anew"
    );

    // Atelier 6 is dropped from the programme: its event goes too.
    let cut = source.find("[[atelier]]\nnumber = 6").unwrap();
    let programme = bot::programme::parse(&source[..cut]).unwrap();
    let mut tx = bot.engine.store().begin().await.unwrap();
    bot::store::import_programme(&mut tx, &programme, bot.engine.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let events = format!("/guilds/{GUILD}/scheduled-events/");
    bot.fake
        .wait_for_call(
            |c| c.method == "DELETE" && c.api_path().starts_with(&events),
            WAIT,
        )
        .await
        .expect("the removed atelier's event is deleted");
    // A pass that read the ateliers just before the import may publish atelier 6 once more;
    // that event has no mapping either, and the next pass removes it as well.
    for _ in 0..50 {
        if bot.fake.scheduled_events().len() == 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let left = bot.fake.scheduled_events();
    assert_eq!(left.len(), 5);
    assert!(
        left.iter()
            .all(|e| !e["name"].as_str().unwrap().starts_with("Atelier 6 "))
    );
    bot.finish().await;
}

#[tokio::test]
async fn without_a_configured_channel_commands_are_global_for_everywhere() {
    let mut bot = Bot::start().await;
    bot.stop().await;
    bot.link_channel = false;
    bot.connect().await;
    let global = bot.fake.commands(None);
    assert_eq!(global.len(), bot::command::COMMANDS.len());
    assert!(
        global
            .iter()
            .all(|c| c.get("contexts").is_none_or(|v| v.is_null())),
        "usable in guilds too"
    );
    assert!(
        bot.fake.commands(Some(GUILD)).is_empty(),
        "the guild's own copies are gone, or each command would show twice"
    );
    bot.finish().await;
}
