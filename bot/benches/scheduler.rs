//! Scheduler benchmark: 100 cohorts × 30 participants × 6 ateliers, about 100 000 pending jobs,
//! on a real SQLite file (WAL, synchronous FULL).
//!
//! `cargo bench -p bot --bench scheduler` prints: enqueue time, time to find and claim the next
//! due batch, dispatch throughput through an in-memory sink (each delivery with its outbox
//! write and delivered mark), restart time with every job pending, and peak RSS.
//! Under `cargo test` (no `--bench` argument) it runs a tiny smoke version.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bot::clock::SimClock;
use bot::dispatch::{Deliver, DeliveryError, deliver_pending};
use bot::domain::Role;
use bot::engine::Engine;
use bot::ids::{Identity, Platform, RoomRef};
use bot::programme;
use bot::schedule::Target;
use bot::store::{self, JobKind, JobPayload, JobSource, OutboxMessage, Store};
use chrono::{DateTime, Duration, Utc};

const EXAMPLE: &str = include_str!("../../examples/bien-vivre-maintenant.toml");

struct CountingSink(AtomicUsize);

impl Deliver for CountingSink {
    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        std::hint::black_box(&msg.body);
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (cohorts, participants, personal_per_atelier) = if full { (100, 30, 5) } else { (2, 3, 1) };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let start: DateTime<Utc> = "2027-01-15T12:00:00Z".parse().unwrap();

    // Enqueue: import every cohort's programme, add members and personal reminders.
    let store = Store::open(&db).await.unwrap();
    let t = Instant::now();
    let mut personal = 0usize;
    for c in 0..cohorts {
        let text = EXAMPLE.replace("bvm-printemps-2027", &format!("bvm-{c:03}"));
        let p = programme::parse(&text).unwrap();
        let mut tx = store.begin().await.unwrap();
        let report = store::import_programme(&mut tx, &p, start).await.unwrap();
        let room = RoomRef::new(Platform::Console, format!("salon-{c}"));
        store::cohorts::link_room(&mut tx, &room, report.cohort, start)
            .await
            .unwrap();
        for i in 0..participants {
            let who = Identity::new(Platform::Console, format!("p{c}-{i}"));
            let m = store::members::create(
                &mut tx,
                report.cohort,
                &who.user,
                Role::Participant,
                &who,
                start,
            )
            .await
            .unwrap();
            for a in &p.ateliers {
                for k in 0..personal_per_atelier {
                    let due = bot::schedule::local_to_utc(p.cohort.timezone, a.start)
                        - Duration::hours(2 * k as i64 + 3);
                    store::jobs::enqueue(
                        &mut tx,
                        report.cohort,
                        &format!("personal:{}:{}:{k}", m.id, a.number),
                        JobKind::Custom,
                        Some(a.number),
                        Target::Participants,
                        &JobPayload {
                            text: Some(format!("Rappel personnel {k}")),
                            member: Some(m.id),
                            author: None,
                            poll: None,
                        },
                        due,
                        JobSource::Chat,
                    )
                    .await
                    .unwrap();
                    personal += 1;
                }
            }
        }
        let f = Identity::new(Platform::Console, format!("f{c}"));
        store::members::create(
            &mut tx,
            report.cohort,
            &f.user,
            Role::Facilitator,
            &f,
            start,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let enqueue = t.elapsed();
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'pending'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    store.pool().close().await;

    // Restart: open the file again with every job pending, and find what is due next.
    let t = Instant::now();
    let store = Store::open(&db).await.unwrap();
    let next = {
        let mut conn = store.pool().acquire().await.unwrap();
        store::jobs::next_due_at(&mut conn).await.unwrap().unwrap()
    };
    let restart = t.elapsed();

    // Claim: the first due batch (64 jobs) found and fired in one transaction.
    let clock = SimClock::new(next);
    let engine = Engine::new(store.clone(), Arc::new(clock.clone()));
    let t = Instant::now();
    let first = engine.fire_due_jobs(64).await.unwrap();
    let claim = t.elapsed();

    // Dispatch: walk the whole cycle, firing each job at its time and delivering everything.
    let sink = CountingSink(AtomicUsize::new(0));
    let t = Instant::now();
    let mut written = first.messages;
    deliver_pending(&store, Platform::Console, &sink, i64::MAX, || {
        clock_now(&clock)
    })
    .await
    .unwrap();
    loop {
        let next = {
            let mut conn = store.pool().acquire().await.unwrap();
            store::jobs::next_due_at(&mut conn).await.unwrap()
        };
        let Some(next) = next else { break };
        clock.set(next);
        loop {
            let fired = engine.fire_due_jobs(2048).await.unwrap();
            written += fired.messages;
            deliver_pending(&store, Platform::Console, &sink, i64::MAX, || {
                clock_now(&clock)
            })
            .await
            .unwrap();
            if fired.sent + fired.skipped == 0 {
                break;
            }
        }
    }
    let dispatch = t.elapsed();
    let delivered = sink.0.load(Ordering::Relaxed);
    let undelivered: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(undelivered, 0);
    assert_eq!(written, delivered);

    println!("scheduler bench ({})", if full { "full" } else { "smoke" });
    println!("  cohorts × participants × ateliers: {cohorts} × {participants} × 6");
    println!("  pending jobs: {pending} ({personal} personal reminders)");
    println!(
        "  enqueue (import + members + jobs): {:.2} s",
        enqueue.as_secs_f64()
    );
    println!(
        "  restart with {pending} pending jobs: {:.1} ms",
        restart.as_secs_f64() * 1e3
    );
    println!(
        "  find and claim first due batch (64 jobs): {:.1} ms",
        claim.as_secs_f64() * 1e3
    );
    println!(
        "  dispatch: {delivered} deliveries in {:.2} s = {:.0} deliveries/s",
        dispatch.as_secs_f64(),
        delivered as f64 / dispatch.as_secs_f64()
    );
    println!("  peak RSS: {:.1} MiB", peak_rss_mib());
}

fn clock_now(clock: &SimClock) -> DateTime<Utc> {
    bot::clock::Clock::now(clock)
}
