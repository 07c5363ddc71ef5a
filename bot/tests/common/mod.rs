//! Helpers shared by the core's integration tests.
#![allow(dead_code, reason = "each test file uses some of the helpers")]

use std::sync::Arc;

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform, RoomRef};
use bot::programme::{self, Programme};
use bot::store::{self, Store};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

pub const EXAMPLE: &str = include_str!("../../../examples/bien-vivre-maintenant.toml");

pub fn example() -> Programme {
    programme::parse(EXAMPLE).expect("the example programme is valid")
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn room() -> RoomRef {
    RoomRef::new(Platform::Console, "salon")
}

/// An engine on a fresh store with the example imported at `now` and linked to the console room.
pub async fn engine_with_example(pool: SqlitePool, now: &str) -> (Engine, SimClock) {
    engine_with_programme(pool, &example(), now).await
}

/// An engine on a fresh store with `programme` imported at `now` and linked to the console room.
pub async fn engine_with_programme(
    pool: SqlitePool,
    programme: &Programme,
    now: &str,
) -> (Engine, SimClock) {
    let store = Store::from_pool(pool).await.unwrap();
    let clock = SimClock::new(at(now));
    let mut tx = store.begin().await.unwrap();
    let report = store::import_programme(&mut tx, programme, at(now))
        .await
        .unwrap();
    store::cohorts::link_room(&mut tx, &room(), report.cohort, at(now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (Engine::new(store, Arc::new(clock.clone())), clock)
}

pub fn say(id: &str, who: &str, role: Option<Role>, place: Place, text: &str) -> Event {
    Event::Message(IncomingMessage {
        event_id: id.to_owned(),
        actor: Actor {
            identity: Identity::new(Platform::Console, who),
            display_name: who.to_owned(),
            role_hint: role,
            locale_hint: None,
        },
        place,
        text: text.to_owned(),
        attachments: Vec::new(),
    })
}

/// Every outbox body, in order, with its destination.
pub async fn outbox(store: &Store) -> Vec<(String, String)> {
    sqlx::query_as("SELECT destination, body FROM outbox ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

pub async fn count(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// `who` says `text` at `place` (camille is the facilitator, everyone else a participant);
/// every message the engine wrote for it, with its destination.
pub async fn said(
    engine: &Engine,
    id: &str,
    who: &str,
    place: Place,
    text: &str,
) -> Vec<(String, String)> {
    let role = if who == "camille" {
        Role::Facilitator
    } else {
        Role::Participant
    };
    let before = outbox(engine.store()).await.len();
    engine
        .handle(say(id, who, Some(role), place, text))
        .await
        .unwrap();
    outbox(engine.store()).await.split_off(before)
}

/// The body of the message `sent` holds for `dest`.
pub fn to<'a>(sent: &'a [(String, String)], dest: &str) -> &'a str {
    sent.iter()
        .find(|(d, _)| d == dest)
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("nothing to {dest}: {sent:#?}"))
}

/// The console room, as a place.
pub fn here() -> Place {
    Place::Room(room())
}

/// Moves the clock to `when`, fires what fell due; every message the jobs wrote.
pub async fn fire_at(engine: &Engine, clock: &SimClock, when: &str) -> Vec<(String, String)> {
    let before = outbox(engine.store()).await.len();
    clock.set(at(when));
    engine.fire_due_jobs(1000).await.unwrap();
    outbox(engine.store()).await.split_off(before)
}
