//! Trust at the edges: what a clumsy or hostile person tries, on a real SQLite store.
//!
//! Each test names a promise of the README and tries to break it.

#[path = "../common/mod.rs"]
mod common;

mod authority;
mod bounds;
mod delivery;
mod privacy;

use std::sync::Arc;

use bot::clock::SimClock;
use bot::command::{COMMANDS, CommandName, least_role};
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place, Settings};
use bot::ids::{Identity, Platform, RoomRef};
use bot::limits::Limits;
use bot::store::{self, Store};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);

const P: Option<Role> = Some(Role::Participant);

fn room_b() -> RoomRef {
    RoomRef::new(Platform::Console, "salon-b")
}

/// Handles a message from `who` (as `say` builds it), failing the test on an internal error.
async fn send(engine: &Engine, id: &str, who: &str, role: Option<Role>, place: Place, text: &str) {
    engine
        .handle(say(id, who, role, place, text))
        .await
        .unwrap();
}

/// A message from account `user` shown as `name`.
fn say_as(id: &str, user: &str, name: &str, role: Option<Role>, place: Place, text: &str) -> Event {
    Event::Message(IncomingMessage {
        event_id: id.to_owned(),
        actor: Actor {
            identity: Identity::new(Platform::Console, user),
            display_name: name.to_owned(),
            role_hint: role,
            locale_hint: None,
        },
        place,
        text: text.to_owned(),
        attachments: Vec::new(),
    })
}

/// A second cohort, "bvm-automne-2027", linked to `salon-b`.
async fn add_second_cohort(engine: &Engine, now: &str) {
    let toml = EXAMPLE
        .replace("bvm-printemps-2027", "bvm-automne-2027")
        .replace("cohorte du printemps 2027", "cohorte d'automne 2027");
    let programme = bot::programme::parse(&toml).unwrap();
    let mut tx = engine.store().begin().await.unwrap();
    let report = store::import_programme(&mut tx, &programme, at(now))
        .await
        .unwrap();
    store::cohorts::link_room(&mut tx, &room_b(), report.cohort, at(now))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// The bodies of the answers to event `id`.
async fn replies_to(engine: &Engine, id: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT destination, body FROM outbox WHERE key LIKE ? ORDER BY id")
        .bind(format!("reply:console:{id}:%"))
        .fetch_all(engine.store().pool())
        .await
        .unwrap()
}

async fn room_of(engine: &Engine, room: &RoomRef) -> Option<String> {
    let mut conn = engine.store().pool().acquire().await.unwrap();
    store::cohorts::room_cohort(&mut conn, room)
        .await
        .unwrap()
        .map(|c| c.name)
}

fn generous_rate(engine: Engine) -> Engine {
    let settings = Settings {
        limits: Limits {
            commands_per_minute: 100_000,
            ..Limits::default()
        },
        ..engine.settings().clone()
    };
    engine.with_settings(settings)
}
