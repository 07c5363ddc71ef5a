//! Deliverables benchmark: 30 participants each handing in 3 files of 1 MiB at once, then 1 000
//! text submissions, on a real SQLite file and a real file store (fsync'd).
//!
//! `cargo bench -p bot --bench deliverables` prints submissions/s, latency from event to receipt
//! (median, p99), and bytes/s to disk compared with `cp` of the same files on the same disk.
//! Under `cargo test` (no `--bench`) it runs a small smoke version.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Actor, Attachment, Engine, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform, RoomRef};
use bot::programme;
use bot::store::{self, Store};

const EXAMPLE: &str = include_str!("../../examples/bien-vivre-maintenant.toml");

fn event(id: String, who: &str, text: String, files: Vec<Attachment>) -> Event {
    Event::Message(IncomingMessage {
        event_id: id,
        actor: Actor {
            identity: Identity::new(Platform::Console, who),
            display_name: who.to_owned(),
            role_hint: Some(Role::Participant),
            locale_hint: None,
        },
        place: Place::Direct,
        text,
        attachments: files,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Cheap, varied bytes: every file differs, so nothing is deduplicated.
fn pdf_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = b"%PDF-1.7\n".to_vec();
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (participants, files_each, file_size, texts) = if full {
        (30, 3, 1024 * 1024, 1000)
    } else {
        (3, 2, 64 * 1024, 20)
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).await.unwrap();
    let now = "2027-02-12T10:00:00Z".parse().unwrap();
    let clock = SimClock::new(now);
    let p = programme::parse(EXAMPLE).unwrap();
    let mut tx = store.begin().await.unwrap();
    let report = store::import_programme(&mut tx, &p, now).await.unwrap();
    let room = RoomRef::new(Platform::Console, "salon");
    store::cohorts::link_room(&mut tx, &room, report.cohort, now)
        .await
        .unwrap();
    for i in 0..participants {
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
        Engine::new(store.clone(), Arc::new(clock)).with_data_dir(dir.path().join("data")),
    );

    // Files: everyone at once.
    let payloads: Vec<Vec<Attachment>> = (0..participants)
        .map(|i| {
            (0..files_each)
                .map(|j| {
                    Attachment::new(
                        format!("rapport-{j}.pdf"),
                        pdf_bytes((i * 10 + j) as u64, file_size),
                    )
                })
                .collect()
        })
        .collect();
    let total_bytes = (participants * files_each * file_size) as f64;
    let t = Instant::now();
    let mut tasks = Vec::new();
    for (i, files) in payloads.clone().into_iter().enumerate() {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            let out = engine
                .handle(event(
                    format!("f{i}"),
                    &format!("p{i}"),
                    "!rendre 1 Mon rapport".into(),
                    files,
                ))
                .await
                .unwrap();
            assert_eq!(out.messages, 1, "one receipt");
            start.elapsed()
        }));
    }
    let mut file_latencies = Vec::new();
    for task in tasks {
        file_latencies.push(task.await.unwrap());
    }
    let files_elapsed = t.elapsed();
    file_latencies.sort();

    // The same bytes with cp, on the same disk.
    let src = dir.path().join("cp-src");
    std::fs::create_dir_all(&src).unwrap();
    for (i, files) in payloads.iter().enumerate() {
        for (j, f) in files.iter().enumerate() {
            std::fs::write(src.join(format!("{i}-{j}.pdf")), &f.bytes).unwrap();
        }
    }
    let cp = |dst: &str, sync: bool| {
        let t = Instant::now();
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(&src)
            .arg(dir.path().join(dst))
            .status()
            .unwrap();
        assert!(status.success());
        if sync {
            std::process::Command::new("sync").status().unwrap();
        }
        t.elapsed()
    };
    let cp_plain = cp("cp-plain", false);
    let cp_synced = cp("cp-synced", true);

    // Text submissions: 1 000, from every participant in turn, concurrently.
    let t = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..texts {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            engine
                .handle(event(
                    format!("t{k}"),
                    &format!("p{}", k % participants),
                    format!("!rendre 2 Réflexion numéro {k} : https://example.org/{k}"),
                    Vec::new(),
                ))
                .await
                .unwrap();
            start.elapsed()
        }));
    }
    let mut text_latencies = Vec::new();
    for task in tasks {
        text_latencies.push(task.await.unwrap());
    }
    let texts_elapsed = t.elapsed();
    text_latencies.sort();

    let mib = |b: f64, d: Duration| b / d.as_secs_f64() / (1024.0 * 1024.0);
    println!(
        "deliverables bench ({})",
        if full { "full" } else { "smoke" }
    );
    println!(
        "  files: {participants} submissions × {files_each} files × {} KiB in {:.2} s = {:.1} submissions/s, {:.1} MiB/s to disk (fsync'd)",
        file_size / 1024,
        files_elapsed.as_secs_f64(),
        participants as f64 / files_elapsed.as_secs_f64(),
        mib(total_bytes, files_elapsed)
    );
    println!(
        "  files: latency event → receipt median {:.1} ms, p99 {:.1} ms",
        percentile(&file_latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&file_latencies, 0.99).as_secs_f64() * 1e3
    );
    println!(
        "  cp of the same files: {:.1} MiB/s plain, {:.1} MiB/s with sync; compagnon/cp = {:.2} (plain), {:.2} (sync)",
        mib(total_bytes, cp_plain),
        mib(total_bytes, cp_synced),
        cp_plain.as_secs_f64() / files_elapsed.as_secs_f64(),
        cp_synced.as_secs_f64() / files_elapsed.as_secs_f64()
    );
    println!(
        "  texts: {texts} submissions in {:.2} s = {:.0} submissions/s; latency median {:.1} ms, p99 {:.1} ms",
        texts_elapsed.as_secs_f64(),
        texts as f64 / texts_elapsed.as_secs_f64(),
        percentile(&text_latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&text_latencies, 0.99).as_secs_f64() * 1e3
    );
}
