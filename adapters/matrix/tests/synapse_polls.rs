#![recursion_limit = "256"]
//! Native Matrix polls and bad input against a real Synapse: a poll opened with `!sondage`
//! becomes an MSC3381 poll, votes on it are ballots, `!clore` ends it with the results and
//! their chart; a file over the limit is refused, a command in an unlinked room is answered,
//! `!cohorte lier` links a room.
//!
//! Needs `scripts/synapse.sh start`. One test function, and cargo runs test binaries one after
//! the other: only one bot syncs as the bot account at a time.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::*;
use matrix_sdk::Room;
use matrix_sdk::attachment::AttachmentConfig;
use matrix_sdk::ruma::events::poll::unstable_end::OriginalSyncUnstablePollEndEvent;
use matrix_sdk::ruma::events::poll::unstable_start::OriginalSyncUnstablePollStartEvent;
use matrix_sdk::ruma::events::room::message::OriginalSyncRoomMessageEvent;
use matrix_sdk::ruma::events::room::message::TextMessageEventContent;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedUserId};
use serde_json::{Value, json};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A poll event (or a message, with its relations) as a participant's client parsed it.
#[derive(Debug, Clone)]
struct PollEvent {
    kind: &'static str,
    room: OwnedRoomId,
    sender: OwnedUserId,
    event_id: OwnedEventId,
    content: Value,
}

/// Records the poll start and end events and the messages `person` receives (decrypted,
/// parsed by ruma), whole: the common `Seen` keeps no relation but replies.
fn record_polls(person: &Person) -> Arc<Mutex<Vec<PollEvent>>> {
    let seen: Arc<Mutex<Vec<PollEvent>>> = Arc::default();
    let record = seen.clone();
    person
        .client
        .add_event_handler(move |ev: OriginalSyncUnstablePollStartEvent, room: Room| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push(PollEvent {
                    kind: "start",
                    room: room.room_id().to_owned(),
                    sender: ev.sender,
                    event_id: ev.event_id,
                    content: serde_json::to_value(&ev.content).unwrap(),
                });
            }
        });
    let record = seen.clone();
    person
        .client
        .add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push(PollEvent {
                    kind: "message",
                    room: room.room_id().to_owned(),
                    sender: ev.sender,
                    event_id: ev.event_id,
                    content: serde_json::to_value(&ev.content).unwrap(),
                });
            }
        });
    let record = seen.clone();
    person
        .client
        .add_event_handler(move |ev: OriginalSyncUnstablePollEndEvent, room: Room| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push(PollEvent {
                    kind: "end",
                    room: room.room_id().to_owned(),
                    sender: ev.sender,
                    event_id: ev.event_id,
                    content: serde_json::to_value(&ev.content).unwrap(),
                });
            }
        });
    seen
}

async fn wait_poll_event(
    seen: &Mutex<Vec<PollEvent>>,
    what: &str,
    pred: impl Fn(&PollEvent) -> bool,
) -> PollEvent {
    for _ in 0..3000 {
        if let Some(e) = seen.lock().unwrap().iter().find(|e| pred(e)) {
            return e.clone();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "timed out waiting for {what}; poll events: {:#?}",
        seen.lock().unwrap()
    );
}

async fn count(store: &bot::store::Store, sql: &'static str) -> i64 {
    let mut conn = store.pool().acquire().await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
}

/// A vote as Element sends it: an (encrypted) `org.matrix.msc3381.poll.response` event.
async fn respond(person: &Person, room: &OwnedRoomId, start: &OwnedEventId, answers: &[&str]) {
    person
        .client
        .get_room(room)
        .unwrap()
        .send_raw(
            "org.matrix.msc3381.poll.response",
            json!({
                "m.relates_to": { "rel_type": "m.reference", "event_id": start },
                "org.matrix.msc3381.poll.response": { "answers": answers },
            }),
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn native_polls_and_bad_input_on_matrix() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    let bruno = Person::login(&hs, "bruno").await;
    let polls = record_polls(&camille);

    let room = create_cohort_room(&hs, &camille, true).await;
    alice.join(&room).await;
    bruno.join(&room).await;
    wait_member(&alice, &room).await;
    wait_member(&bruno, &room).await;

    let home = BotHome::new(at("2027-02-01T09:00:00+01:00")).await;
    let bot = home.start(&hs, std::slice::from_ref(&room)).await;
    wait_joined(&bot, &room).await;
    for p in [&camille, &alice, &bruno] {
        wait_sees_joined(p, &room, &bot_id).await;
    }
    let store = home.store().await;
    let from_bot_in = |room: &OwnedRoomId, s: &Seen| s.sender == bot_id && &s.room == room;

    // `!sondage` opens a native poll: two answers numbered like the options, single choice.
    camille
        .say(&room, "!sondage \"Q ?\" \"A\" \"B\" --resultats direct")
        .await;
    let start = wait_poll_event(&polls, "the poll start", |e| {
        e.kind == "start" && e.sender == bot_id && e.room == room
    })
    .await;
    let block = &start.content["org.matrix.msc3381.poll.start"];
    assert_eq!(block["question"]["org.matrix.msc1767.text"], "Q ?");
    assert_eq!(block["max_selections"], 1);
    assert_eq!(block["kind"], "org.matrix.msc3381.poll.disclosed");
    let answers = block["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 2, "{block}");
    assert_eq!(answers[0]["id"], "1");
    assert_eq!(answers[1]["org.matrix.msc1767.text"], "B");

    // Alice and Bruno vote with their clients' poll buttons: two ballots.
    respond(&alice, &room, &start.event_id, &["1"]).await;
    respond(&bruno, &room, &start.event_id, &["2"]).await;
    let mut ballots = 0;
    for _ in 0..300 {
        ballots = count(&store, "SELECT COUNT(*) FROM ballots").await;
        if ballots == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(ballots, 2, "the two native votes should be ballots");

    // Live results: one message threaded under the poll...
    let is_live = |e: &PollEvent| {
        e.kind == "message"
            && e.sender == bot_id
            && e.room == room
            && e.content.to_string().contains("Résultats provisoires")
    };
    home.clock.set(at("2027-02-01T09:01:00+01:00"));
    bot.wake();
    let live = wait_poll_event(&polls, "the live results", |e| {
        is_live(e) && e.content["m.relates_to"]["rel_type"] == "m.thread"
    })
    .await;
    assert_eq!(
        live.content["m.relates_to"]["event_id"],
        start.event_id.as_str()
    );
    // ...edited when Bruno changes his mind (still two ballots).
    respond(&bruno, &room, &start.event_id, &["1"]).await;
    let mut both_for_a = 0;
    for _ in 0..300 {
        both_for_a = count(&store, "SELECT COUNT(*) FROM ballots WHERE choices = '[0]'").await;
        if both_for_a == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        both_for_a, 2,
        "Bruno's new vote, after the restart, should count"
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ballots").await, 2);
    home.clock.set(at("2027-02-01T09:02:00+01:00"));
    bot.wake();
    let edit = wait_poll_event(&polls, "the edited live results", |e| {
        is_live(e) && e.content["m.relates_to"]["rel_type"] == "m.replace"
    })
    .await;
    assert_eq!(
        edit.content["m.relates_to"]["event_id"],
        live.event_id.as_str()
    );

    // `!clore 1`: the results with their chart, and the native poll ended.
    let mark = camille.mark();
    camille.say(&room, "!clore 1").await;
    let end = wait_poll_event(&polls, "the poll end", |e| {
        e.kind == "end" && e.sender == bot_id && e.room == room
    })
    .await;
    assert_eq!(
        end.content["m.relates_to"]["event_id"],
        start.event_id.as_str()
    );
    let results = camille
        .wait_for(mark, "the results text", |s| {
            from_bot_in(&room, s) && s.msgtype == "m.text" && s.body.contains("Q ?")
        })
        .await;
    camille
        .wait_for(mark, "the results chart", |s| {
            from_bot_in(&room, s) && s.msgtype == "m.image"
        })
        .await;
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ballots").await, 2);
    assert!(results.body.contains('2'), "{}", results.body);

    // Live results would reveal each anonymous vote as it comes: refused, in words.
    let mark = camille.mark();
    camille
        .say(
            &room,
            "!sondage \"Anonyme ?\" \"X\" \"Y\" --anonyme --resultats direct",
        )
        .await;
    camille
        .wait_for(mark, "the refusal of live anonymous results", |s| {
            from_bot_in(&room, s)
                && s.body
                    .contains("ne peut pas afficher ses résultats en direct")
        })
        .await;
    // An anonymous poll stays text (a native poll shows who voted what).
    camille
        .say(&room, "!sondage \"Anonyme ?\" \"X\" \"Y\" --anonyme")
        .await;
    wait_poll_event(&polls, "the anonymous poll's announcement", |e| {
        e.kind == "message"
            && e.sender == bot_id
            && e.content["body"]
                .as_str()
                .is_some_and(|b| b.contains("Anonyme ?"))
    })
    .await;
    alice.say(&room, "!vote #2 1").await;
    for _ in 0..300 {
        if count(&store, "SELECT COUNT(*) FROM anonymous_ballots").await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM anonymous_ballots").await,
        1
    );
    assert!(
        !polls
            .lock()
            .unwrap()
            .iter()
            .any(|e| e.kind == "start" && e.content.to_string().contains("Anonyme ?")),
        "an anonymous poll must not be a native poll"
    );
    // Closing it posts the results, and ends no native poll.
    let mark = camille.mark();
    camille.say(&room, "!clore 2").await;
    camille
        .wait_for(mark, "the anonymous poll's results chart", |s| {
            from_bot_in(&room, s) && s.msgtype == "m.image"
        })
        .await;
    let ends = polls
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.kind == "end")
        .count();
    assert_eq!(ends, 1, "only the native poll has an end");

    // A file over 25 MiB with `!rendre 1`: refused in French, nothing stored.
    let mark = alice.mark();
    let big = vec![b'a'; 25 * 1024 * 1024 + 1];
    alice
        .client
        .get_room(&room)
        .unwrap()
        .send_attachment(
            "engagement.txt",
            &mime::TEXT_PLAIN,
            big,
            AttachmentConfig::new().caption(Some(TextMessageEventContent::plain("!rendre 1"))),
        )
        .await
        .unwrap();
    let refusal = alice
        .wait_for(mark, "the refusal of a file too big", |s| {
            from_bot_in(&room, s) && s.body.contains("limite")
        })
        .await;
    assert!(
        refusal.body.contains("c'est plus que la limite"),
        "{}",
        refusal.body
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM submissions").await, 0);
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM submission_files").await,
        0
    );

    // A room no cohort is linked to: commands are answered with what to do.
    let other = {
        use matrix_sdk::ruma::api::client::room::create_room::v3::Request;
        let mut request = Request::new();
        request.invite = vec![bot_id.clone(), hs.user_id("alice")];
        camille
            .client
            .create_room(request)
            .await
            .unwrap()
            .room_id()
            .to_owned()
    };
    wait_member(&alice, &other).await;
    wait_sees_joined(&camille, &other, &bot_id).await;
    wait_sees_joined(&camille, &other, &hs.user_id("alice")).await;
    // The bot must know the third member, or the room reads as a DM to it.
    for _ in 0..300 {
        let room = bot.client().get_room(&other);
        let members = match room {
            Some(r) => r
                .members_no_sync(matrix_sdk::RoomMemberships::JOIN)
                .await
                .map(|m| m.len())
                .unwrap_or(0),
            None => 0,
        };
        if members >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mark = camille.mark();
    let asked = camille.say(&other, "!programme").await;
    let reply = camille
        .wait_for(mark, "the reply in an unlinked room", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    assert!(
        reply.body.contains("Ce salon n'est lié à aucune cohorte"),
        "{}",
        reply.body
    );

    // Camille links it; it then belongs to the cohort.
    let asked = camille
        .say(&other, &format!("!cohorte lier {COHORT}"))
        .await;
    camille
        .wait_for(mark, "the reply to !cohorte lier", |s| {
            s.reply_to.as_deref() == Some(asked.as_str())
        })
        .await;
    let linked = {
        let mut conn = store.pool().acquire().await.unwrap();
        let room_ref = bot::ids::RoomRef::new(bot::ids::Platform::Matrix, other.as_str());
        bot::store::cohorts::room_cohort(&mut conn, &room_ref)
            .await
            .unwrap()
    };
    assert_eq!(linked.map(|c| c.name).as_deref(), Some(COHORT));

    bot.stop().await.unwrap();
}
