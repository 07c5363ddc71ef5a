//! Follow-up benchmark: the facilitators' weekly digest for 100 cohorts × 30 participants × 6
//! ateliers, on a real SQLite file, with a cycle half done (check-ins, attendance sheets,
//! deliverables and preparation questions for the first three ateliers).
//!
//! `cargo bench -p bot --bench followup` prints: the time to gather the facts and render the
//! digest of every cohort (median and worst of 5 passes), the time for the scheduler to fire
//! the 100 digest jobs (outbox rows written), the rendered size, and peak RSS.
//! Under `cargo test` (no `--bench` argument) it runs a tiny smoke version.

use std::sync::Arc;
use std::time::Instant;

use bot::clock::SimClock;
use bot::domain::{AttendanceMode, Lang, Presence, Role};
use bot::engine::Engine;
use bot::ids::{Identity, Platform};
use bot::programme;
use bot::store::{self, Store, attendance::NewMark, preparation::Readiness};
use chrono::{DateTime, Utc};

const EXAMPLE: &str = include_str!("../../examples/bien-vivre-maintenant.toml");

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// One cohort, with a half-done cycle: participant `i` is ready for some ateliers, present at
/// some sessions, late or missing for some deliverables, depending on `i`.
async fn cohort(store: &Store, c: usize, participants: usize, start: DateTime<Utc>) {
    let text = EXAMPLE.replace("bvm-printemps-2027", &format!("bvm-{c:03}"));
    let p = programme::parse(&text).unwrap();
    let mut tx = store.begin().await.unwrap();
    let report = store::import_programme(&mut tx, &p, start).await.unwrap();
    let ateliers = store::cohorts::ateliers(&mut tx, report.cohort)
        .await
        .unwrap();
    let f = Identity::new(Platform::Console, format!("f{c}"));
    store::members::create(
        &mut tx,
        report.cohort,
        "Camille",
        Role::Facilitator,
        &f,
        start,
    )
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
        for a in ateliers.iter().take(3) {
            if !(i + a.number as usize).is_multiple_of(4) {
                let r = if i % 3 == 0 {
                    Readiness::NotYet
                } else {
                    Readiness::Ready
                };
                store::preparation::set(&mut tx, a.id, m.id, r, start)
                    .await
                    .unwrap();
            }
            if i.is_multiple_of(7) {
                store::preparation::ask(&mut tx, a.id, m.id, "Quel chapitre lire ?", start)
                    .await
                    .unwrap();
            }
            for session in 1..=2 {
                if (i + session).is_multiple_of(5) {
                    continue;
                }
                let mark = NewMark {
                    atelier: a.id,
                    session: session as u32,
                    member: m.id,
                    presence: if i % 9 == 0 {
                        Presence::Absent
                    } else {
                        Presence::Present
                    },
                    mode: Some(AttendanceMode::Remote),
                    by: m.id,
                };
                store::attendance::set(&mut tx, &mark, start).await.unwrap();
            }
            if !i.is_multiple_of(6) {
                sqlx::query(
                    "INSERT INTO submissions (cohort_id, atelier_id, member_id, version, body,
                       submitted_at, late_by) VALUES (?, ?, ?, 1, 'Mon texte', ?, ?)",
                )
                .bind(report.cohort.0)
                .bind(a.id.0)
                .bind(m.id.0)
                .bind(start.timestamp())
                .bind((i % 4 == 0).then_some(3600))
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
    }
    tx.commit().await.unwrap();
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (cohorts, participants, passes) = if full { (100, 30, 5) } else { (2, 3, 1) };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).await.unwrap();
    let start: DateTime<Utc> = "2027-01-15T12:00:00Z".parse().unwrap();
    let t = Instant::now();
    for c in 0..cohorts {
        cohort(&store, c, participants, start).await;
    }
    println!(
        "setup: {cohorts} cohorts × {participants} participants × 6 ateliers in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // Monday 12 April 2027, 08:00 Paris: three ateliers and their deadlines are behind.
    let monday: DateTime<Utc> = "2027-04-12T06:00:00Z".parse().unwrap();
    let mut times = Vec::new();
    let mut rendered = 0usize;
    for _ in 0..passes {
        let t = Instant::now();
        rendered = 0;
        let mut conn = store.pool().acquire().await.unwrap();
        for c in store::cohorts::all_cohorts(&mut conn).await.unwrap() {
            let mut facts = store::followup::facts(&mut conn, &c, monday).await.unwrap();
            bot::followup::by_attention(&mut facts);
            for f in &facts {
                let line = bot::i18n::Msg::new("followup-line")
                    .arg("name", f.name.as_str())
                    .arg("attention", f.attention())
                    .render(Lang::Fr);
                rendered += line.len();
            }
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "gather + order + render the digest of every cohort: median {:.0} ms, worst {:.0} ms ({} passes; {:.2} ms per cohort), {rendered} bytes of lines",
        times[times.len() / 2],
        times[times.len() - 1],
        passes,
        times[times.len() / 2] / cohorts as f64,
    );

    // The real path: the scheduler fires the 100 digest jobs due that Monday.
    // Everything due before it is fired first, untimed, so that the timed pass is the digests.
    let clock = SimClock::new(monday - chrono::Duration::minutes(1));
    let engine = Engine::new(store.clone(), Arc::new(clock.clone()));
    engine.fire_due_jobs(1_000_000).await.unwrap();
    clock.set(monday);
    let t = Instant::now();
    let fired = engine.fire_due_jobs(100_000).await.unwrap();
    let digests: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE body LIKE '📋%'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let bytes: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM outbox WHERE body LIKE '📋%'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    println!(
        "scheduler pass on that Monday: {} jobs fired ({} messages) in {:.0} ms, of which {digests} digests ({:.1} KiB each)",
        fired.sent,
        fired.messages,
        t.elapsed().as_secs_f64() * 1000.0,
        bytes as f64 / digests.max(1) as f64 / 1024.0,
    );
    assert_eq!(
        digests as usize, cohorts,
        "one digest per cohort's facilitator"
    );
    println!("peak RSS: {:.0} MiB", peak_rss_mib());
}
