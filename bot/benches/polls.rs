//! Polls benchmark: 1 000 members voting on one poll as fast as the engine accepts them, each
//! vote committed to SQLite (synchronous FULL) before it is acknowledged; the majority-judgment
//! tally of 1 000 ballots × 10 options; and how many live-result edits the burst produced.
//!
//! `cargo bench -p bot --bench polls`; under `cargo test` a small smoke version runs.

use std::sync::Arc;
use std::time::Instant;

use bot::clock::SystemClock;
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform, RoomRef};
use bot::poll::{Grade, majority_judgment};
use bot::programme;
use bot::store::{self, Store};

const EXAMPLE: &str = include_str!("../../examples/bien-vivre-maintenant.toml");
/// Votes in flight at once: a room of people voting in the same few seconds.
const LANES: usize = 200;

fn say(id: String, who: &str, role: Role, place: Place, text: String) -> Event {
    Event::Message(IncomingMessage {
        event_id: id,
        actor: Actor {
            identity: Identity::new(Platform::Console, who),
            display_name: who.to_owned(),
            role_hint: Some(role),
            locale_hint: None,
        },
        place,
        text,
        attachments: Vec::new(),
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let members = if full { 1000 } else { 50 };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).await.unwrap();
    let now = chrono::Utc::now();
    let p = programme::parse(EXAMPLE).unwrap();
    let room = RoomRef::new(Platform::Console, "salon");
    let mut tx = store.begin().await.unwrap();
    let report = store::import_programme(&mut tx, &p, now).await.unwrap();
    store::cohorts::link_room(&mut tx, &room, report.cohort, now)
        .await
        .unwrap();
    for i in 0..members {
        let who = Identity::new(Platform::Console, format!("p{i}"));
        store::members::create(
            &mut tx,
            report.cohort,
            &who.user,
            Role::Participant,
            &who,
            now,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let engine = Arc::new(
        Engine::new(store.clone(), Arc::new(SystemClock)).with_data_dir(dir.path().join("data")),
    );
    // The burst, repeated on fresh polls for a steadier figure: every member votes, LANES in
    // flight at a time, each vote acknowledged only after its commit.
    let rounds = if full { 7 } else { 1 };
    let mut rates = Vec::new();
    for round in 0..rounds {
        engine
            .handle(say(
                format!("open{round}"),
                "camille",
                Role::Facilitator,
                Place::Room(room.clone()),
                "!sondage \"Q ?\" \"A\" \"B\" \"C\" --resultats direct".into(),
            ))
            .await
            .unwrap();
        let t = Instant::now();
        let mut handles = Vec::new();
        for lane in 0..LANES {
            let engine = engine.clone();
            handles.push(tokio::spawn(async move {
                let mut i = lane;
                while i < members {
                    let out = engine
                        .handle(say(
                            format!("v{round}-{i}"),
                            &format!("p{i}"),
                            Role::Participant,
                            Place::Direct,
                            format!("!vote #{} {}", round + 1, 1 + i % 3),
                        ))
                        .await
                        .unwrap();
                    assert_eq!(out.messages, 1, "acknowledged");
                    i += LANES;
                }
            }));
        }
        for h in handles {
            h.await.unwrap();
        }
        rates.push(members as f64 / t.elapsed().as_secs_f64());
    }
    let ballots: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ballots")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(ballots as usize, members * rounds);
    let in_order: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    rates.sort_by(f64::total_cmp);
    let live_jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'poll-live'")
        .fetch_one(store.pool())
        .await
        .unwrap();

    // Majority judgment: 1 000 ballots × 10 options.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let ballots_mj: Vec<Vec<Grade>> = (0..1000)
        .map(|_| {
            (0..10)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    Grade::ALL[(x % 7) as usize]
                })
                .collect()
        })
        .collect();
    let mj_rounds = if full { 200 } else { 5 };
    let t = Instant::now();
    for _ in 0..mj_rounds {
        std::hint::black_box(majority_judgment(10, std::hint::black_box(&ballots_mj)));
    }
    let mj = t.elapsed() / mj_rounds;

    println!("polls bench ({})", if full { "full" } else { "smoke" });
    println!(
        "  {members} votes per burst, {LANES} in flight, each committed (synchronous FULL) before its acknowledgement: median {:.0} votes/s (min {:.0}, max {:.0}, {rounds} bursts)",
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1]
    );
    println!("  each burst in order: {} votes/s", in_order.join(", "));
    println!(
        "  live-result edits produced by the bursts: {live_jobs} (one per 5 s window and poll)"
    );
    println!(
        "  majority judgment, 1 000 ballots × 10 options: {:.3} ms",
        mj.as_secs_f64() * 1e3
    );
}
