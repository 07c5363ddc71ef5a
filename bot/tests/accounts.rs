//! Linked accounts on a real SQLite store: one person on Matrix and Discord becomes one member
//! with a one-time code — deliverables, votes, check-ins merged, one private message — and the
//! code is refused when typed in a room, on the same platform, wrong or too late.

mod common;

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform, RoomRef};
use common::*;
use sqlx::SqlitePool;

const MATRIX_ROOM: &str = "!salon:example.org";
const DISCORD_CHANNEL: &str = "555";
const ALICE_M: &str = "@alice:example.org";
const ALICE_D: &str = "42";

fn matrix_room() -> Place {
    Place::Room(RoomRef::new(Platform::Matrix, MATRIX_ROOM))
}

fn discord_room() -> Place {
    Place::Room(RoomRef::new(Platform::Discord, DISCORD_CHANNEL))
}

fn from(platform: Platform, user: &str, id: &str, place: Place, text: &str) -> Event {
    Event::Message(IncomingMessage {
        event_id: id.to_owned(),
        actor: Actor {
            identity: Identity::new(platform, user),
            display_name: "Alice".to_owned(),
            role_hint: Some(Role::Participant),
            locale_hint: None,
        },
        place,
        text: text.to_owned(),
        attachments: Vec::new(),
    })
}

async fn sent(engine: &Engine, event: Event) -> Vec<(String, String)> {
    let before = outbox(engine.store()).await.len();
    engine.handle(event).await.unwrap();
    outbox(engine.store()).await.split_off(before)
}

async fn matrix(engine: &Engine, id: &str, place: Place, text: &str) -> Vec<(String, String)> {
    sent(engine, from(Platform::Matrix, ALICE_M, id, place, text)).await
}

async fn discord(engine: &Engine, id: &str, place: Place, text: &str) -> Vec<(String, String)> {
    sent(engine, from(Platform::Discord, ALICE_D, id, place, text)).await
}

fn body<'a>(sent: &'a [(String, String)], to: &str) -> &'a str {
    sent.iter()
        .find(|(d, _)| d == to)
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("nothing to {to}: {sent:#?}"))
}

/// The code in the answer to `!lier-compte` (`**K7QF-3MXP**`).
fn code_in(text: &str) -> String {
    let start = text.find("**").expect("a code") + 2;
    let end = start + text[start..].find("**").unwrap();
    text[start..end].to_owned()
}

async fn setup(pool: SqlitePool) -> (Engine, SimClock) {
    let (engine, clock) = engine_with_example(pool, "2027-02-12T09:00:00Z").await;
    let mut tx = engine.store().begin().await.unwrap();
    let cohort = bot::store::cohorts::cohort_by_name(&mut tx, "bvm-printemps-2027")
        .await
        .unwrap()
        .unwrap();
    for room in [
        RoomRef::new(Platform::Matrix, MATRIX_ROOM),
        RoomRef::new(Platform::Discord, DISCORD_CHANNEL),
    ] {
        bot::store::cohorts::link_room(&mut tx, &room, cohort.id, at("2027-02-12T09:00:00Z"))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    engine
        .handle(say(
            "c0",
            "camille",
            Some(Role::Facilitator),
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();
    engine
        .handle(say(
            "b0",
            "bruno",
            Some(Role::Participant),
            Place::Room(room()),
            "!aide",
        ))
        .await
        .unwrap();
    (engine, clock)
}

#[sqlx::test(migrations = "../migrations")]
async fn one_person_on_two_platforms_becomes_one_member_with_everything_merged(pool: SqlitePool) {
    let (engine, clock) = setup(pool).await;
    let members = "SELECT COUNT(*) FROM members";
    // Alice lives on both platforms: two members so far, each with its own work.
    discord(
        &engine,
        "d1",
        discord_room(),
        "!rendre 1 Version écrite sur Discord",
    )
    .await;
    discord(&engine, "d2", discord_room(), "!pret 2").await;
    engine
        .handle(say(
            "c1",
            "camille",
            Some(Role::Facilitator),
            Place::Room(room()),
            r#"!sondage "Quel créneau ?" "Mardi" "Jeudi" --anonyme"#,
        ))
        .await
        .unwrap();
    discord(&engine, "d3", discord_room(), "!vote 1").await;
    clock.set(at("2027-02-12T10:00:00Z"));
    matrix(
        &engine,
        "m1",
        matrix_room(),
        "!rendre 1 Version écrite sur Matrix",
    )
    .await;
    matrix(&engine, "m2", matrix_room(), "!pas-encore 2").await;
    matrix(&engine, "m3", matrix_room(), "!vote 2").await;
    assert_eq!(count(engine.store(), members).await, 4);
    let ballots = "SELECT COUNT(*) FROM anonymous_ballots";
    assert_eq!(count(engine.store(), ballots).await, 2);

    // Alice asks on Matrix, in the room: the code comes privately, a pointer in the room.
    let out = matrix(&engine, "m4", matrix_room(), "!lier-compte").await;
    let code = code_in(body(&out, &format!("dm:matrix:{ALICE_M}")));
    assert!(body(&out, &format!("room:matrix:{MATRIX_ROOM}")).contains("privé"));
    assert_eq!(code.len(), 9, "{code}");

    // Typed on the same platform: refused, the code still stands.
    let out = matrix(
        &engine,
        "m5",
        Place::Direct,
        &format!("!lier-compte {code}"),
    )
    .await;
    assert!(body(&out, &format!("dm:matrix:{ALICE_M}")).contains("cette même plateforme"));
    // A wrong code changes nothing.
    let out = discord(&engine, "d4", Place::Direct, "!lier-compte AAAA-AAAA").await;
    assert!(body(&out, &format!("dm:discord:{ALICE_D}")).contains("ne me dit rien"));
    assert_eq!(count(engine.store(), members).await, 4);

    // Typed on Discord by DM, in lower case with a space, a few minutes later: linked, both
    // accounts told.
    clock.set(at("2027-02-12T10:05:00Z"));
    let typed = code.to_lowercase().replace('-', " ");
    let out = discord(
        &engine,
        "d5",
        Place::Direct,
        &format!("!lier-compte {typed}"),
    )
    .await;
    assert!(
        body(&out, &format!("dm:discord:{ALICE_D}")).contains("relié à votre compte Matrix"),
        "{out:#?}"
    );
    assert!(body(&out, &format!("dm:matrix:{ALICE_M}")).contains("relié à votre compte Discord"));
    assert_eq!(count(engine.store(), members).await, 3);
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM link_codes").await,
        0
    );

    // Both hand-ins are one history, numbered by when they came.
    let out = discord(&engine, "d6", Place::Direct, "!mes-livrables").await;
    let mine = body(&out, &format!("dm:discord:{ALICE_D}"));
    assert!(
        mine.contains("Atelier 1 « Le sens avant l'action » : version 2 du"),
        "{mine}"
    );
    let versions: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, body FROM submissions ORDER BY version")
            .fetch_all(engine.store().pool())
            .await
            .unwrap();
    assert_eq!(
        versions,
        [
            (1, "Version écrite sur Discord".to_owned()),
            (2, "Version écrite sur Matrix".to_owned())
        ]
    );
    // One check-in (the later), one anonymous ballot (the vote of the account that asked).
    let states: Vec<String> = sqlx::query_scalar("SELECT state FROM preparation")
        .fetch_all(engine.store().pool())
        .await
        .unwrap();
    assert_eq!(states, ["not-yet"]);
    assert_eq!(count(engine.store(), ballots).await, 1);

    // One private message each time, where Alice wrote last (Discord).
    engine
        .handle(say(
            "c2",
            "camille",
            Some(Role::Facilitator),
            Place::Room(room()),
            "!relancer 2",
        ))
        .await
        .unwrap();
    let to_alice: Vec<(String, String)> = outbox(engine.store())
        .await
        .into_iter()
        .filter(|(d, b)| d.contains("alice") || d.contains(ALICE_D) && b.contains("atelier 2"))
        .filter(|(_, b)| b.contains("Rappel"))
        .collect();
    assert_eq!(to_alice.len(), 1, "{to_alice:#?}");
    assert_eq!(to_alice[0].0, format!("dm:discord:{ALICE_D}"));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_code_typed_in_a_room_or_too_late_links_nothing(pool: SqlitePool) {
    let (engine, clock) = setup(pool).await;
    discord(&engine, "d0", discord_room(), "!aide").await;
    matrix(&engine, "m0", matrix_room(), "!aide").await;
    let members = "SELECT COUNT(*) FROM members";
    assert_eq!(count(engine.store(), members).await, 4);

    let out = matrix(&engine, "m1", Place::Direct, "!lier-compte").await;
    let code = code_in(body(&out, &format!("dm:matrix:{ALICE_M}")));
    // Typed in the Discord channel: burnt, and useless afterwards even by DM.
    let out = discord(
        &engine,
        "d1",
        discord_room(),
        &format!("!lier-compte {code}"),
    )
    .await;
    assert!(body(&out, &format!("room:discord:{DISCORD_CHANNEL}")).contains("ne vaut plus rien"));
    let out = discord(
        &engine,
        "d2",
        Place::Direct,
        &format!("!lier-compte {code}"),
    )
    .await;
    assert!(body(&out, &format!("dm:discord:{ALICE_D}")).contains("ne me dit rien"));

    // A new code, typed eleven minutes later: expired.
    let out = matrix(&engine, "m2", Place::Direct, "!lier-compte").await;
    let code = code_in(body(&out, &format!("dm:matrix:{ALICE_M}")));
    clock.set(at("2027-02-12T09:11:00Z"));
    let out = discord(
        &engine,
        "d3",
        Place::Direct,
        &format!("!lier-compte {code}"),
    )
    .await;
    assert!(body(&out, &format!("dm:discord:{ALICE_D}")).contains("expiré"));
    assert_eq!(count(engine.store(), members).await, 4);

    // Someone the bot has never met cannot ask for a code.
    let out = sent(
        &engine,
        from(Platform::Discord, "99", "x1", Place::Direct, "!lier-compte"),
    )
    .await;
    assert!(body(&out, "dm:discord:99").contains("dans aucune cohorte"));
}
