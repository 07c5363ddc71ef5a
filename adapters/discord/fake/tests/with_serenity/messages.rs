use discord_fake::FakeFile;
use serenity::all::{
    ChannelId, CreateAttachment, CreateMessage, CreatePoll, CreatePollAnswer, Nonce, UserId,
};

use crate::harness::*;

#[tokio::test]
async fn a_message_reaches_the_bot_and_its_reply_is_recorded_once_per_nonce() {
    let mut h = Harness::start().await;
    h.connected().await;
    h.fake
        .send_message(GENERAL, ALICE, "Bonjour <@900000000000000002> !", vec![]);
    let (ctx, msg) = h.next_message().await;
    assert_eq!(msg.content, "Bonjour <@900000000000000002> !");
    assert_eq!(msg.author.id.get(), ALICE);
    assert_eq!(msg.guild_id.map(|g| g.get()), Some(GUILD));
    assert!(msg.mentions_user_id(UserId::new(BOT)));

    let reply = || {
        CreateMessage::new()
            .content("Bienvenue Alice")
            .nonce(Nonce::String("outbox-42".into()))
            .enforce_nonce(true)
    };
    let first = msg
        .channel_id
        .send_message(&ctx, reply())
        .await
        .expect("first send");
    let second = msg
        .channel_id
        .send_message(&ctx, reply())
        .await
        .expect("second send");
    assert_eq!(
        first.id, second.id,
        "a repeated nonce returns the same message"
    );
    let sends: Vec<_> = h
        .fake
        .rest_calls()
        .into_iter()
        .filter(|c| c.is("POST", &format!("/channels/{GENERAL}/messages")))
        .collect();
    assert_eq!(sends.len(), 2);
    assert_eq!(sends[0].body_str("/content"), Some("Bienvenue Alice"));
    assert_eq!(sends[0].body_str("/nonce"), Some("outbox-42"));
    let bot_messages = h
        .fake
        .messages_in(GENERAL)
        .into_iter()
        .filter(|m| m["author"]["id"].as_str().and_then(|a| a.parse().ok()) == Some(BOT))
        .count();
    assert_eq!(bot_messages, 1);

    // `say` goes through the same route; Discord echoes the bot's own messages.
    ChannelId::new(GENERAL)
        .say(&ctx, "Deuxième")
        .await
        .expect("say");
    h.next(|s| matches!(s, Seen::Message(_, m) if m.content == "Deuxième" && m.author.bot))
        .await;
    h.finish().await;
}

#[tokio::test]
async fn files_go_both_ways() {
    let mut h = Harness::start().await;
    h.connected().await;
    let pdf = FakeFile::new(
        "rendu final.pdf",
        "application/pdf",
        b"%PDF-1.7 livrable".to_vec(),
    );
    h.fake
        .send_message(GENERAL, ALICE, "Mon livrable", vec![pdf]);
    let (ctx, msg) = h.next_message().await;
    let attachment = &msg.attachments[0];
    assert_eq!(attachment.filename, "rendu final.pdf");
    assert!(attachment.url.starts_with(&h.fake.base_url()));
    assert_eq!(
        attachment.download().await.expect("download"),
        b"%PDF-1.7 livrable"
    );

    let chart = CreateAttachment::bytes(b"\x89PNG fake".to_vec(), "chart.png");
    let sent = msg
        .channel_id
        .send_message(
            &ctx,
            CreateMessage::new().content("Résultats").add_file(chart),
        )
        .await
        .expect("send with file");
    assert_eq!(sent.attachments[0].filename, "chart.png");
    let call = h
        .fake
        .wait_for_call(
            |c| c.is("POST", &format!("/channels/{GENERAL}/messages")),
            WAIT,
        )
        .await
        .unwrap();
    assert_eq!(call.files[0].bytes, b"\x89PNG fake");
    assert_eq!(call.body_str("/content"), Some("Résultats"));
    h.finish().await;
}

#[tokio::test]
async fn native_poll_votes_and_live_edits() {
    let mut h = Harness::start().await;
    let ctx = h.connected().await;
    let poll = CreatePoll::new()
        .question("Quel créneau ?")
        .answers(vec![
            CreatePollAnswer::new().text("Mardi"),
            CreatePollAnswer::new().text("Jeudi"),
        ])
        .duration(std::time::Duration::from_secs(24 * 3600));
    let msg = ChannelId::new(GENERAL)
        .send_message(&ctx, CreateMessage::new().poll(poll))
        .await
        .expect("send poll");
    let poll = msg.poll.as_ref().expect("poll in the created message");
    assert_eq!(poll.answers.len(), 2);

    h.fake.poll_vote(msg.id.get(), ALICE, 2);
    let vote = match h.next(|s| matches!(s, Seen::PollVote(..))).await {
        Seen::PollVote(_, v) => v,
        _ => unreachable!(),
    };
    assert_eq!(vote.user_id.get(), ALICE);
    assert_eq!(vote.answer_id.get(), 2);
    let stored = h.fake.message(msg.id.get()).unwrap();
    assert_eq!(stored["poll"]["results"]["answer_counts"][0]["count"], 1);

    // Live results for non-native polls are message edits.
    let mut edited = msg.clone();
    edited
        .edit(
            &ctx,
            serenity::all::EditMessage::new().content("Jeudi : 1 voix"),
        )
        .await
        .expect("edit");
    assert_eq!(
        h.fake.message(msg.id.get()).unwrap()["content"],
        "Jeudi : 1 voix"
    );
    h.finish().await;
}

#[tokio::test]
async fn without_the_message_content_intent_guild_messages_arrive_empty() {
    let mut h =
        Harness::start_with(scenario(), serenity::all::GatewayIntents::non_privileged()).await;
    h.connected().await;
    h.fake
        .send_message(GENERAL, ALICE, "texte invisible", vec![]);
    let (_, msg) = h.next_message().await;
    assert_eq!(
        msg.content, "",
        "Discord strips content without MESSAGE_CONTENT"
    );
    // DMs and mentions of the bot keep their content.
    h.fake.send_dm(ALICE, "en privé", vec![]);
    let (_, msg) = h.next_message().await;
    assert_eq!(msg.content, "en privé");
    assert!(msg.guild_id.is_none());
    h.finish().await;
}

#[tokio::test]
async fn scheduled_events_round_trip() {
    use serenity::all::{
        CreateScheduledEvent, EditScheduledEvent, GuildId, ScheduledEventType, Timestamp,
    };
    let mut h = Harness::start().await;
    let ctx = h.connected().await;
    let start = Timestamp::from_unix_timestamp(Timestamp::now().unix_timestamp() + 86_400).unwrap();
    let end = Timestamp::from_unix_timestamp(start.unix_timestamp() + 7_200).unwrap();
    let event = GuildId::new(GUILD)
        .create_scheduled_event(
            &ctx,
            CreateScheduledEvent::new(ScheduledEventType::External, "Atelier 3", start)
                .end_time(end)
                .location("Visio")
                .description("Préparer le livrable"),
        )
        .await
        .expect("create scheduled event");
    assert_eq!(event.name, "Atelier 3");
    assert_eq!(event.guild_id.get(), GUILD);
    let edited = GuildId::new(GUILD)
        .edit_scheduled_event(
            &ctx,
            event.id,
            EditScheduledEvent::new().name("Atelier 3 (décalé)"),
        )
        .await
        .expect("edit scheduled event");
    assert_eq!(edited.name, "Atelier 3 (décalé)");
    let listed = GuildId::new(GUILD)
        .scheduled_events(&ctx, false)
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        h.fake.scheduled_events()[0]["entity_metadata"]["location"],
        "Visio"
    );
    h.finish().await;
}
