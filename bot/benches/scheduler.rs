//! Scheduler benchmark: 100 cohorts × 30 participants × 6 ateliers, about 100 000 pending jobs,
//! on a real SQLite file (WAL, synchronous FULL).
//!
//! `cargo bench -p bot --bench scheduler` prints: enqueue time, time to find and claim the next
//! due batch, dispatch throughput through an in-memory sink (each delivery with its outbox
//! write and delivered mark), restart time with every job pending, and peak RSS; and, in the
//! same run on the same disk, a raw-SQLite baseline (a row inserted then marked, 256 per
//! transaction, and one per transaction) so that dispatch is reported as a ratio to what the
//! disk allows rather than as a figure that moves with the machine.
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

/// Rows per second that raw SQLite commits on this disk, with the store's own settings (WAL,
/// synchronous FULL): each row inserted then updated (as an outbox row is written, then
/// marked delivered), 256 per transaction, then one per transaction.
async fn raw_sqlite_baseline(dir: &std::path::Path, full: bool) -> (f64, f64) {
    let store = Store::open(&dir.join("baseline.db")).await.unwrap();
    let pool = store.pool();
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL, done INTEGER)")
        .execute(pool)
        .await
        .unwrap();
    let body = "Rappel : l'atelier 3 commence demain à 9 h 30.";
    let run = |rows: usize, per_tx: usize| {
        let pool = pool.clone();
        async move {
            let t = Instant::now();
            for _ in 0..rows / per_tx {
                let mut tx = pool.begin().await.unwrap();
                for _ in 0..per_tx {
                    sqlx::query("INSERT INTO t (body) VALUES (?)")
                        .bind(body)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    sqlx::query("UPDATE t SET done = 1 WHERE id = last_insert_rowid()")
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                tx.commit().await.unwrap();
            }
            rows as f64 / t.elapsed().as_secs_f64()
        }
    };
    let (many, few) = if full { (51_200, 2_000) } else { (512, 20) };
    let batched = run(many, 256).await;
    let single = run(few, 1).await;
    (batched, single)
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
                            ..JobPayload::default()
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
    let (mut firing, mut delivering, mut instants) =
        (std::time::Duration::ZERO, std::time::Duration::ZERO, 0usize);
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
        instants += 1;
        loop {
            let f = Instant::now();
            let fired = engine.fire_due_jobs(2048).await.unwrap();
            firing += f.elapsed();
            written += fired.messages;
            let d = Instant::now();
            deliver_pending(&store, Platform::Console, &sink, i64::MAX, || {
                clock_now(&clock)
            })
            .await
            .unwrap();
            delivering += d.elapsed();
            if fired.sent + fired.skipped == 0 {
                break;
            }
        }
    }
    let dispatch = t.elapsed();
    let (batched, single) = raw_sqlite_baseline(dir.path(), full).await;
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
    let rate = delivered as f64 / dispatch.as_secs_f64();
    println!(
        "  dispatch: {delivered} deliveries in {:.2} s = {rate:.0} deliveries/s \
         ({instants} due instants; firing {:.2} s, delivering {:.2} s)",
        dispatch.as_secs_f64(),
        firing.as_secs_f64(),
        delivering.as_secs_f64(),
    );
    println!(
        "  raw SQLite on the same disk, a row inserted then marked: {batched:.0} rows/s with 256 \
         per transaction, {single:.0} rows/s with one per transaction"
    );
    println!(
        "  dispatch / batched baseline = {:.2}; dispatch / single-commit baseline = {:.1}",
        rate / batched,
        rate / single
    );
    println!("  peak RSS: {:.1} MiB", peak_rss_mib());
}

fn clock_now(clock: &SimClock) -> DateTime<Utc> {
    bot::clock::Clock::now(clock)
}
