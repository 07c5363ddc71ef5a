//! Interaction-to-response latency for 200 concurrent slash commands against the fake Discord,
//! and the resident memory of the idle process. Prints figures; run with
//! `cargo bench -p compagnon-discord --bench interactions`.

#[allow(dead_code, reason = "the bench uses part of the test harness")]
#[path = "../tests/discord/harness.rs"]
mod harness;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use harness::*;

const COMMANDS: usize = 200;

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let bot = Bot::start().await;
        // Everyone speaks once so the measured commands find members already known.
        for user in [CAMILLE, ALICE, BRUNO] {
            bot.say(user, "!prochain");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let idle = rss_kib();

        let users = [CAMILLE, ALICE, BRUNO];
        let mut sent = Vec::with_capacity(COMMANDS);
        for i in 0..COMMANDS {
            let handle = bot
                .fake
                .slash_command(COHORTE, users[i % 3], "prochain", vec![], None);
            sent.push((handle, Instant::now()));
        }
        let mut deferred: HashMap<usize, Duration> = HashMap::new();
        let mut answered: HashMap<usize, Duration> = HashMap::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        while answered.len() < COMMANDS && Instant::now() < deadline {
            let calls = bot.fake.rest_calls();
            for (i, (h, t0)) in sent.iter().enumerate() {
                if !deferred.contains_key(&i) && calls.iter().any(|c| h.is_callback(c)) {
                    deferred.insert(i, t0.elapsed());
                }
                if !answered.contains_key(&i)
                    && calls.iter().any(|c| h.is_webhook(c) && c.method != "GET")
                {
                    answered.insert(i, t0.elapsed());
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let late = bot
            .fake
            .rest_calls()
            .iter()
            .filter(|c| c.api_path().starts_with("/interactions/") && c.status != 204)
            .count();
        let mut d: Vec<_> = deferred.into_values().collect();
        let mut a: Vec<_> = answered.into_values().collect();
        d.sort();
        a.sort();
        println!("{COMMANDS} concurrent slash commands (/prochain) against the fake Discord:");
        if !d.is_empty() {
            println!(
                "  deferred:  median {:?}, p99 {:?}, max {:?}",
                percentile(&d, 0.5),
                percentile(&d, 0.99),
                d[d.len() - 1]
            );
        }
        if !a.is_empty() {
            println!(
                "  answered:  median {:?}, p99 {:?}, max {:?} ({} of {COMMANDS})",
                percentile(&a, 0.5),
                percentile(&a, 0.99),
                a[a.len() - 1],
                a.len()
            );
        }
        println!("  interaction callbacks refused (late or twice): {late}");
        if let Some(kib) = idle {
            println!(
                "  RSS idle (adapter + fake Discord in one process): {:.1} MiB",
                kib as f64 / 1024.0
            );
        }
        bot.finish().await;
    });
}
