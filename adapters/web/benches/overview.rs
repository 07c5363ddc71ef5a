//! Overview benchmark: the facilitators' overview page (`/animation`) of a 30-person cohort
//! with 6 ateliers, half the cycle done (check-ins, hand-ins, feedback), requested over real
//! HTTP on loopback by 50 clients at once. Prints the median and p99 time from request to the
//! last byte of the page, and the pages per second.
//!
//! `cargo bench -p compagnon-web --bench overview` (release). Under `cargo test` (no `--bench`
//! argument) it runs a tiny smoke version.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform, RoomRef};
use bot::store::{self, Store};
use chrono::{DateTime, Utc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EXAMPLE: &str = include_str!("../../../examples/bien-vivre-maintenant.toml");

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn say(
    engine: &Engine,
    n: &mut u32,
    who: &str,
    role: Option<Role>,
    place: Place,
    text: &str,
) {
    *n += 1;
    engine
        .handle(Event::Message(IncomingMessage {
            event_id: format!("bench-{n}"),
            actor: Actor {
                identity: Identity::new(Platform::Console, who),
                display_name: who.to_owned(),
                role_hint: role,
                locale_hint: None,
            },
            place,
            text: text.to_owned(),
            attachments: Vec::new(),
        }))
        .await
        .unwrap();
}

/// A cohort half-way through: 30 participants, three ateliers with check-ins and hand-ins.
async fn cohort(dir: &std::path::Path, participants: usize) -> (Engine, String) {
    let store = Store::open(&dir.join("bench.db")).await.unwrap();
    let now = at("2027-04-01T10:00:00+02:00");
    let programme = bot::programme::parse(EXAMPLE).unwrap();
    let room = RoomRef::new(Platform::Console, "salon");
    let mut tx = store.begin().await.unwrap();
    let report = store::import_programme(&mut tx, &programme, at("2027-01-15T10:00:00+01:00"))
        .await
        .unwrap();
    store::cohorts::link_room(&mut tx, &room, report.cohort, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut settings = bot::engine::Settings {
        data_dir: dir.join("data"),
        web_url: Some("http://127.0.0.1".into()),
        ..Default::default()
    };
    settings.limits.commands_per_minute = 10_000;
    let engine = Engine::new(store, Arc::new(SimClock::new(now))).with_settings(settings);
    let mut n = 0;
    for p in 0..participants {
        let who = format!("participant-{p:02}");
        say(
            &engine,
            &mut n,
            &who,
            None,
            Place::Room(room.clone()),
            "!aide",
        )
        .await;
        for atelier in 1..=3 {
            let check = if p % 4 == 0 { "!pas-encore" } else { "!pret" };
            say(
                &engine,
                &mut n,
                &who,
                None,
                Place::Direct,
                &format!("{check} {atelier}"),
            )
            .await;
            if p % 5 != 0 {
                let text = format!(
                    "!rendre {atelier} Mon livrable de l'atelier {atelier}, version de {who}."
                );
                say(&engine, &mut n, &who, None, Place::Direct, &text).await;
            }
        }
    }
    say(
        &engine,
        &mut n,
        "claire",
        Some(Role::Facilitator),
        Place::Room(room.clone()),
        "!web",
    )
    .await;
    let link: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE destination = 'dm:console:claire' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(engine.store().pool())
    .await
    .unwrap();
    let token = &link[link.find("/entrer/").unwrap() + 8..][..64];
    let mut conn = engine.store().pool().acquire().await.unwrap();
    let (_, session) = store::web::take_link(&mut conn, token, engine.now())
        .await
        .unwrap()
        .unwrap();
    (engine, format!("compagnon={}", session.token))
}

/// One GET over a fresh connection; the time to the last byte, and the status line.
async fn get(addr: std::net::SocketAddr, cookie: &str) -> (Duration, bool) {
    let start = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET /animation HTTP/1.1\r\nHost: bench\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut body = Vec::new();
    stream.read_to_end(&mut body).await.unwrap();
    (start.elapsed(), body.starts_with(b"HTTP/1.1 200"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (participants, clients, per_client) = if full { (30, 50, 40) } else { (3, 4, 2) };
    let dir = tempfile::tempdir().unwrap();
    let (engine, cookie) = cohort(dir.path(), participants).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = compagnon_web::WebConfig {
        listen: addr,
        public_url: format!("http://{addr}").parse().unwrap(),
    };
    let server = tokio::spawn(async move {
        compagnon_web::serve_on(listener, engine, &config, None, std::future::pending()).await
    });
    let (_, ok) = get(addr, &cookie).await;
    assert!(ok, "the overview answers");
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let cookie = cookie.clone();
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(per_client);
                for _ in 0..per_client {
                    let (t, ok) = get(addr, &cookie).await;
                    assert!(ok);
                    times.push(t);
                }
                times
            })
        })
        .collect();
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.unwrap());
    }
    let wall = started.elapsed();
    times.sort();
    println!(
        "overview of {participants} participants × 6 ateliers, {clients} concurrent clients, {} pages: \
         median {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} pages/s",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        times.len() as f64 / wall.as_secs_f64(),
    );
    server.abort();
}
