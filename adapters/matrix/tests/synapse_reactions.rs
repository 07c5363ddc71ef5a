#![recursion_limit = "256"]
//! Reactions answer on Matrix: ✅ on the reminder before an atelier says "ready" (as `!pret N`),
//! 💻 on the opening of a session's attendance confirms presence remotely (as `!present
//! distance`); both are confirmed by private message; other emoji change nothing.
//!
//! Needs `scripts/synapse.sh start`; one test function (one bot account syncing at a time).

mod common;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::*;
use matrix_sdk::ruma::events::reaction::ReactionEventContent;
use matrix_sdk::ruma::events::relation::Annotation;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn react(person: &Person, room: &OwnedRoomId, event: &OwnedEventId, emoji: &str) {
    let room = person.client.get_room(room).expect("in the room");
    room.send(ReactionEventContent::new(Annotation::new(
        event.clone(),
        emoji.to_owned(),
    )))
    .await
    .expect("the reaction is sent");
}

/// Waits until `sql` (one text column, one row) gives `want`.
async fn wait_row(home: &BotHome, sql: &'static str, want: &str) {
    let store = home.store().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got: Option<String> = sqlx::query_scalar(sql)
            .fetch_optional(store.pool())
            .await
            .unwrap();
        if got.as_deref() == Some(want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{sql} never gave {want:?}: {got:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reactions_on_a_check_in_and_on_an_attendance_opening_answer_them() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    let room = create_cohort_room(&hs, &camille, false).await;
    alice.join(&room).await;
    wait_member(&alice, &room).await;
    let home = BotHome::new(at("2027-02-01T09:00:00+01:00")).await;
    let bot = home.start(&hs, std::slice::from_ref(&room)).await;
    wait_joined(&bot, &room).await;
    wait_sees_joined(&alice, &room, &bot_id).await;
    // Alice becomes a member by speaking.
    let mark = alice.mark();
    let asked = alice.say(&room, "!prochain").await;
    alice
        .wait_for(mark, "the answer to !prochain", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;

    // The day before atelier 1: the reminder in the room asks whether people are ready.
    let mark = alice.mark();
    home.clock.set(at("2027-02-10T18:00:30+01:00"));
    bot.wake();
    let reminder = alice
        .wait_for(mark, "the reminder in the room", |s| {
            s.sender == bot_id && s.room == room && s.body.starts_with('⏰')
        })
        .await;
    // An emoji that means nothing changes nothing; ✅ says ready, confirmed privately.
    react(&alice, &room, &reminder.event_id, "🎉").await;
    let mark = alice.mark();
    react(&alice, &room, &reminder.event_id, "✅").await;
    let confirmed = alice
        .wait_for(mark, "the check-in's confirmation", |s| {
            s.sender == bot_id && s.body.contains("prêt·e pour l'atelier 1")
        })
        .await;
    assert_ne!(confirmed.room, room, "answered privately");
    wait_row(&home, "SELECT state FROM preparation", "ready").await;

    // 09:15 on the day: the sheet of the first session opens; 💻 confirms presence remotely.
    let mark = alice.mark();
    home.clock.set(at("2027-02-11T09:15:30+01:00"));
    bot.wake();
    let opening = alice
        .wait_for(mark, "the opening of attendance", |s| {
            s.sender == bot_id && s.room == room && s.body.contains("Émargement")
        })
        .await;
    let mark = alice.mark();
    react(&alice, &room, &opening.event_id, "💻").await;
    let confirmed = alice
        .wait_for(mark, "the presence's confirmation", |s| {
            s.sender == bot_id && s.body.starts_with("✅ Présence confirmée")
        })
        .await;
    assert_ne!(confirmed.room, room, "answered privately");
    assert!(confirmed.body.contains("à distance"), "{}", confirmed.body);
    wait_row(
        &home,
        "SELECT status || ' ' || mode || ' ' || session FROM attendance",
        "present remote 1",
    )
    .await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM preparation")
        .fetch_one(home.store().await.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1, "🎉 recorded nothing");
    bot.stop().await.unwrap();
}
