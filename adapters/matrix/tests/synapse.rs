#![recursion_limit = "256"]
//! The Matrix adapter against a real Synapse: commands and replies in an encrypted cohort room,
//! languages, permissions, scheduled reminders in the room and by DM, a restart that loses and
//! duplicates nothing, a file sent in an encrypted DM, and a homeserver outage during which
//! messages wait in the outbox.
//!
//! Needs `scripts/synapse.sh start` (scripts/test.sh runs it); fails, never skips, without it.
//! One test function: the scenario shares one bot account, and two bots syncing as the same
//! account would each answer the other's rooms.

mod common;

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::*;
use matrix_sdk::attachment::AttachmentConfig;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_bot_serves_a_cohort_on_matrix() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    let bruno = Person::login(&hs, "bruno").await;

    let room = create_cohort_room(&hs, &camille, true).await;
    alice.join(&room).await;
    bruno.join(&room).await;
    wait_member(&alice, &room).await;
    wait_member(&bruno, &room).await;

    let home = BotHome::new(at("2027-02-01T09:00:00+01:00")).await;
    let bot = home.start(&hs, std::slice::from_ref(&room)).await;
    let device = bot.device_id();
    wait_joined(&bot, &room).await;
    for p in [&camille, &alice, &bruno] {
        wait_sees_joined(p, &room, &bot_id).await;
    }
    let from_bot_in =
        |room: &matrix_sdk::ruma::OwnedRoomId, s: &Seen| s.sender == bot_id && &s.room == room;

    // A facilitator's command gets a proper Matrix reply with the programme, in French.
    let mark = camille.mark();
    let asked = camille.say(&room, "!programme").await;
    let reply = camille
        .wait_for(mark, "the reply to !programme", |s| {
            from_bot_in(&room, s) && s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(
        reply.body.contains("Le sens avant l'action"),
        "{}",
        reply.body
    );
    assert_eq!(reply.msgtype, "m.text");

    // The calendar comes as a text reply followed by the uploaded .ics file.
    let mark = camille.mark();
    let asked = camille.say(&room, "!calendrier").await;
    camille
        .wait_for(mark, "the reply to !calendrier", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    let file = camille
        .wait_for(mark, "the calendar file", |s| {
            from_bot_in(&room, s) && s.msgtype == "m.file"
        })
        .await;
    assert_eq!(file.body, format!("{COHORT}-fr.ics"));

    // A participant switches to English; the next answer is in English.
    let mark = alice.mark();
    let asked = alice.say(&room, "!langue en").await;
    alice
        .wait_for(mark, "the reply to !langue en", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    let asked = alice.say(&room, "!atelier 3").await;
    let reply = alice
        .wait_for(mark, "the reply to !atelier 3", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(reply.body.contains("Session 3"), "{}", reply.body);

    // Clear French answers to an unknown command and to a participant using a facilitator's.
    let mark = bruno.mark();
    let asked = bruno.say(&room, "!blabla").await;
    let reply = bruno
        .wait_for(mark, "the reply to !blabla", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(
        reply.body.contains("Je ne connais pas la commande"),
        "{}",
        reply.body
    );
    let asked = bruno.say(&room, "!rappel demain 9h x").await;
    let reply = bruno
        .wait_for(mark, "the refusal of !rappel", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(reply.body.contains("réservée"), "{}", reply.body);

    // The day-before reminder: in the room, and by DM to Alice (in English).
    let room_mark = camille.mark();
    let dm_mark = alice.mark();
    home.clock.set(at("2027-02-10T18:00:30+01:00"));
    bot.wake();
    let reminder = camille
        .wait_for(room_mark, "the day-before reminder in the room", |s| {
            from_bot_in(&room, s) && s.body.starts_with('⏰')
        })
        .await;
    assert!(
        reminder.body.contains("Le sens avant l'action"),
        "{}",
        reminder.body
    );
    let dm = alice
        .wait_for(dm_mark, "the day-before reminder by DM", |s| {
            s.sender == bot_id && s.room != room && s.body.starts_with('⏰')
        })
        .await;
    let dm_room = dm.room.clone();

    // A restart on the same data: same device, commands written meanwhile answered once.
    let bot_events = |p: &Person| -> Vec<Seen> {
        let seen = p.seen.lock().unwrap();
        seen.iter()
            .filter(|s| from_bot_in(&room, s))
            .cloned()
            .collect()
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = bot_events(&camille).len();
    bot.stop().await.unwrap();
    let mark = camille.mark();
    let asked = camille.say(&room, "!prochain").await;
    let bot = home.start(&hs, std::slice::from_ref(&room)).await;
    assert_eq!(bot.device_id(), device, "a restart must keep the device");
    camille
        .wait_for(
            mark,
            "the reply to a command sent while the bot was down",
            |s| s.reply_to.as_deref() == Some(asked.as_str()),
        )
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = bot_events(&camille);
    assert_eq!(after.len(), before + 1, "{after:#?}");
    let mut replied: Vec<_> = after.iter().filter_map(|s| s.reply_to.clone()).collect();
    let n = replied.len();
    replied.sort();
    replied.dedup();
    assert_eq!(replied.len(), n, "a command answered twice: {after:#?}");

    // A participant cannot pull the bot into a room of their own; a DM from them is fine.
    {
        use matrix_sdk::ruma::api::client::room::create_room::v3::Request;
        use matrix_sdk::ruma::events::room::member::MembershipState;
        let mut request = Request::new();
        request.invite = vec![bot_id.clone()];
        let own = bruno
            .client
            .create_room(request)
            .await
            .unwrap()
            .room_id()
            .to_owned();
        wait_sees_membership(&bruno, &own, &bot_id, MembershipState::Leave).await;
        let dm = bruno
            .client
            .create_dm(&bot_id)
            .await
            .unwrap()
            .room_id()
            .to_owned();
        wait_sees_joined(&bruno, &dm, &bot_id).await;
    }

    // A file sent in the encrypted DM reaches the engine, decrypted.
    let mut tap = bot.subscribe();
    let bytes = b"Mon engagement, en quelques lignes.\n".to_vec();
    alice
        .client
        .get_room(&dm_room)
        .unwrap()
        .send_attachment(
            "engagement.txt",
            &mime::TEXT_PLAIN,
            bytes.clone(),
            AttachmentConfig::new(),
        )
        .await
        .unwrap();
    let got = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            if let bot::engine::Event::Message(m) = tap.recv().await.unwrap()
                && !m.attachments.is_empty()
            {
                return m;
            }
        }
    })
    .await
    .expect("the file never reached the engine");
    assert_eq!(got.place, bot::engine::Place::Direct);
    assert_eq!(got.attachments[0].file_name, "engagement.txt");
    assert_eq!(got.attachments[0].bytes, bytes);
    assert_eq!(got.actor.identity.user, hs.user_id("alice").as_str());

    bot.stop().await.unwrap();

    // The homeserver goes away while a reminder falls due: the messages wait in the outbox and
    // go out, in order, once it is back.
    let relay = Relay::start(&hs.url).await;
    let through_relay = Homeserver {
        url: relay.url.clone(),
        server: hs.server.clone(),
    };
    let bot = home
        .start(&through_relay, std::slice::from_ref(&room))
        .await;
    assert_eq!(bot.device_id(), device);
    relay.cut();
    let mark = camille.mark();
    // One hour before atelier 1: the reminder with place and link, in the room.
    home.clock.set(at("2027-02-11T08:30:30+01:00"));
    bot.wake();
    let store = home.store().await;
    let mut waiting = 0;
    for _ in 0..100 {
        let mut conn = store.pool().acquire().await.unwrap();
        waiting = bot::store::outbox::pending_count(&mut conn).await.unwrap();
        let tried: i64 = delivery_attempts(&store).await;
        if waiting > 0 && tried > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        waiting > 0,
        "the reminder should wait while the homeserver is away"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        camille.seen.lock().unwrap()[mark..]
            .iter()
            .all(|s| s.sender != bot_id),
        "nothing can arrive while the homeserver is away"
    );
    relay.restore();
    let reminder = camille
        .wait_for(mark, "the reminder after the outage", |s| {
            from_bot_in(&room, s) && s.body.starts_with('⏰')
        })
        .await;
    assert!(
        reminder.body.contains("Le sens avant l'action"),
        "{}",
        reminder.body
    );
    for _ in 0..100 {
        let mut conn = store.pool().acquire().await.unwrap();
        if bot::store::outbox::pending_count(&mut conn).await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut conn = store.pool().acquire().await.unwrap();
    assert_eq!(
        bot::store::outbox::pending_count(&mut conn).await.unwrap(),
        0
    );
    bot.stop().await.unwrap();
}

/// Delivery attempts recorded so far (failed ones included).
async fn delivery_attempts(store: &bot::store::Store) -> i64 {
    let mut conn = store.pool().acquire().await.unwrap();
    let pending = bot::store::outbox::pending(&mut conn, bot::ids::Platform::Matrix, 1000)
        .await
        .unwrap();
    pending.iter().map(|m| m.attempts).sum()
}
