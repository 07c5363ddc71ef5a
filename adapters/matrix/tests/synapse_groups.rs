#![recursion_limit = "256"]
//! Small groups on Matrix: confirmed groups each get a room created by the bot, with the
//! group's members and the facilitators invited, the welcome and the exercise posted in it,
//! and the room linked to the cohort so that commands typed there are the cohort's.
//!
//! Needs `scripts/synapse.sh start`; one test function (one bot account syncing at a time).

mod common;

use chrono::{DateTime, Utc};
use common::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn confirmed_groups_get_rooms_their_members_join() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    let bruno = Person::login(&hs, "bruno").await;
    let room = create_cohort_room(&hs, &camille, false).await;
    alice.join(&room).await;
    bruno.join(&room).await;
    wait_member(&alice, &room).await;
    wait_member(&bruno, &room).await;
    let home = BotHome::new(at("2027-03-29T09:00:00+02:00")).await;
    let bot = home.start(&hs, std::slice::from_ref(&room)).await;
    wait_joined(&bot, &room).await;
    for p in [&camille, &alice, &bruno] {
        wait_sees_joined(p, &room, &bot_id).await;
        let mark = p.mark();
        let asked = p.say(&room, "!prochain").await;
        p.wait_for(mark, "the answer to !prochain", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    }

    let mark = camille.mark();
    camille.say(&room, "!groupes 3 --nombre 2").await;
    camille
        .wait_for(mark, "the draft", |s| {
            s.sender == bot_id && s.body.contains("Brouillon des groupes")
        })
        .await;
    let (alice_mark, bruno_mark, camille_mark) = (alice.mark(), bruno.mark(), camille.mark());
    camille.say(&room, "!groupes 3 confirmer").await;

    // Alice and Bruno, in different groups, each join a new room and read its welcome there.
    let welcome = |s: &Seen| {
        s.sender == bot_id && s.room != room && s.body.contains("Bienvenue dans l'espace du groupe")
    };
    let alices = alice
        .wait_for(alice_mark, "her group's room", welcome)
        .await;
    let brunos = bruno
        .wait_for(bruno_mark, "his group's room", welcome)
        .await;
    assert_ne!(alices.room, brunos.room, "two groups of one");
    assert!(
        alices.body.contains("Consignes de l'exercice"),
        "{}",
        alices.body
    );
    // Camille, a facilitator, is in both.
    for group_room in [&alices.room, &brunos.room] {
        camille
            .wait_for(camille_mark, "a group room for the facilitator", |s| {
                welcome(s) && &s.room == group_room
            })
            .await;
    }
    // The group room is the cohort's: a command typed there is answered there.
    let mark = alice.mark();
    let asked = alice.say(&alices.room, "!groupes").await;
    let answer = alice
        .wait_for(mark, "the answer in the group room", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(
        answer.body.contains("Les groupes de l'atelier 3"),
        "{}",
        answer.body
    );
    bot.stop().await.unwrap();
}
