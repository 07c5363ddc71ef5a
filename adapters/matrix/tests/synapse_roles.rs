#![recursion_limit = "256"]
//! Rights on Matrix come from the room, now: a facilitator demoted in the cohort's room keeps
//! no facilitator command by DM, a change of power levels reaches the stored role at once, and a
//! room someone flagged `is_direct` with a third person in it never receives a private message.
//!
//! Needs `scripts/synapse.sh start`; one test function (one bot account syncing at a time).

mod common;

use chrono::{DateTime, Utc};
use common::*;
use matrix_sdk::ruma::{Int, OwnedRoomId, UserId};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn set_power(by: &Person, room: &OwnedRoomId, user: &UserId, level: i64) {
    by.client
        .get_room(room)
        .expect("the room")
        .update_power_levels(vec![(user, Int::new(level).unwrap())])
        .await
        .expect("power levels changed");
}

/// Asks `text` in `room` until the bot's reply satisfies `want` (the bot sees a power-level
/// change with its next sync, a moment after it is made); returns that reply's text.
async fn ask_until(
    person: &Person,
    room: &OwnedRoomId,
    text: &str,
    want: impl Fn(&str) -> bool,
) -> String {
    let mut last = String::new();
    for _ in 0..30 {
        let mark = person.mark();
        let asked = person.say(room, text).await;
        let reply = person
            .wait_for(mark, "the bot's answer", |s| {
                s.reply_to.as_deref() == Some(asked.as_str())
            })
            .await;
        if want(&reply.body) {
            return reply.body;
        }
        last = reply.body;
    }
    panic!("the bot never answered as expected; last answer: {last}");
}

/// Waits until the bot's store holds `role` for `user` (a power-level change reaches the bot
/// with its next sync).
async fn wait_stored_role(home: &BotHome, user: &UserId, role: bot::domain::Role) {
    let store = home.store().await;
    let identity = bot::ids::Identity::new(bot::ids::Platform::Matrix, user.as_str());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let mut conn = store.pool().acquire().await.unwrap();
        let roles: Vec<_> = bot::store::members::memberships(&mut conn, &identity)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.role)
            .collect();
        drop(conn);
        if roles == [role] {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the stored role of {user} never became {role:?}: {roles:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn rights_by_dm_follow_the_room_and_private_messages_stay_private() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let bruno_id = hs.user_id("bruno");
    let camille = Person::login(&hs, "camille").await;
    let bruno = Person::login(&hs, "bruno").await;
    let alice = Person::login(&hs, "alice").await;
    let room = create_cohort_room(&hs, &camille, false).await;
    for p in [&bruno, &alice] {
        p.join(&room).await;
        wait_member(p, &room).await;
    }
    let home = BotHome::new(at("2027-02-01T09:00:00+01:00")).await;
    let bot = home.start(&hs, std::slice::from_ref(&room)).await;
    wait_joined(&bot, &room).await;

    // Text the bot repeats from someone else pings nobody: its messages carry an empty
    // `m.mentions`, which clients and servers go by instead of the body.
    let mark = alice.mark();
    let asked = alice.say(&room, "!@room").await;
    let echo = alice
        .wait_for(mark, "the answer to !@room", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(echo.body.contains("@room"), "{}", echo.body);
    let raw = alice
        .client
        .get_room(&room)
        .unwrap()
        .event(&echo.event_id, None)
        .await
        .unwrap();
    let event: serde_json::Value = serde_json::from_str(raw.raw().json().get()).unwrap();
    assert_eq!(
        event["content"]["m.mentions"],
        serde_json::json!({}),
        "{event}"
    );

    // Bruno is made a facilitator in the room and speaks there.
    set_power(&camille, &room, &bruno_id, 50).await;
    ask_until(&bruno, &room, "!livrables 1", |b| {
        b.contains("en message privé") || b.contains("Livrables")
    })
    .await;
    let dm = bruno
        .client
        .create_dm(&bot_id)
        .await
        .unwrap()
        .room_id()
        .to_owned();
    wait_sees_joined(&bruno, &dm, &bot_id).await;
    ask_until(&bruno, &dm, "!livrables 1", |b| b.contains("Livrables")).await;

    // Demoted in the room: the same DM command is refused.
    set_power(&camille, &room, &bruno_id, 0).await;
    let refused = ask_until(&bruno, &dm, "!livrables 1", |b| !b.contains("Livrables")).await;
    assert!(refused.contains("réservée"), "{refused}");

    // Promoted again while silent: the bot hears the power levels change and records the
    // role before Bruno says anything.
    set_power(&camille, &room, &bruno_id, 50).await;
    wait_stored_role(&home, &bruno_id, bot::domain::Role::Facilitator).await;
    set_power(&camille, &room, &bruno_id, 0).await;
    wait_stored_role(&home, &bruno_id, bot::domain::Role::Participant).await;

    // Alice invites the bot to a room of three that she flags as direct: a private message
    // for Alice goes to a fresh DM, never there.
    let shared = {
        use matrix_sdk::ruma::api::client::room::create_room::v3::Request;
        let mut request = Request::new();
        request.invite = vec![bot_id.clone(), bruno_id.clone()];
        request.is_direct = true;
        alice
            .client
            .create_room(request)
            .await
            .unwrap()
            .room_id()
            .to_owned()
    };
    wait_sees_joined(&alice, &shared, &bot_id).await;
    bruno.join(&shared).await;
    wait_sees_joined(&alice, &shared, &bruno_id).await;
    let mark = alice.mark();
    alice.say(&room, "!mes-livrables").await;
    let private = alice
        .wait_for(mark, "Alice's deliverables by DM", |s| {
            s.sender == bot_id && s.body.contains("Vos livrables")
        })
        .await;
    assert_ne!(
        private.room, shared,
        "a private answer went to a room of three"
    );
    assert_ne!(private.room, room);
    bot.stop().await.unwrap();
}
