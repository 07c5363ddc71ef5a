//! Resident memory of a process running only the Discord adapter (engine, gateway client,
//! scheduler, drain) connected to the fake Discord, idle after a few commands. The adapter runs
//! in a child process (this binary again, see `CHILD`), so the fake's own memory is not counted
//! as it is in the `interactions` bench. Prints figures; run with
//! `cargo bench -p compagnon-discord --bench idle`.
//!
//! Both adapters in one process: see the README ("Memory"), which measures `compagnon run`
//! with `[discord]` and `[matrix]` sections the same way (`/proc/<pid>/status`).

#[allow(dead_code, reason = "the bench uses part of the test harness")]
#[path = "../tests/discord/harness.rs"]
mod harness;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use bot::clock::SystemClock;
use bot::engine::Engine;
use bot::store::{self, Store};
use compagnon_discord::{ChannelLink, Discord, DiscordConfig};
use discord_fake::FakeDiscord;
use harness::*;

/// Set in the child's environment: `<dir>\n<api base>\n<gateway url>`.
const CHILD: &str = "COMPAGNON_DISCORD_IDLE_CHILD";
/// How long the idle process is sampled, and how often.
const SAMPLE_FOR: Duration = Duration::from_secs(10);
const SAMPLE_EVERY: Duration = Duration::from_millis(250);

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn example_programme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bien-vivre-maintenant.toml")
}

/// The child: the adapter alone, on the system clock, until its stdin closes.
async fn child(spec: &str) {
    let mut lines = spec.lines();
    let (dir, api, ws) = (
        PathBuf::from(lines.next().unwrap()),
        lines.next().unwrap().to_owned(),
        lines.next().unwrap().to_owned(),
    );
    let store = Store::open(&dir.join("bot.db")).await.unwrap();
    let programme = bot::files::read_programme(&example_programme())
        .unwrap()
        .unwrap();
    let clock = Arc::new(SystemClock);
    let mut tx = store.begin().await.unwrap();
    store::import_programme(&mut tx, &programme, chrono::Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let engine = Engine::new(store, clock).with_data_dir(dir.join("data"));
    let mut config = DiscordConfig::with_token_env("COMPAGNON_BENCH_NO_SUCH_VARIABLE");
    config.token_file = Some(dir.join("token"));
    config.channels = vec![ChannelLink {
        channel: COHORTE.to_string(),
        cohort: COHORT.into(),
        facilitator_role: None,
    }];
    config.api_base = Some(api);
    config.gateway_url = Some(ws);
    let stdin_closed = async {
        tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
        })
        .await
        .ok();
    };
    Discord::new(config, engine)
        .run(stdin_closed)
        .await
        .expect("the adapter ran");
}

async fn parent() {
    let fake = FakeDiscord::start(scenario(false)).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), "fake.bot.token\n").unwrap();
    let spec = format!(
        "{}\n{}\n{}",
        dir.path().display(),
        fake.base_url(),
        fake.ws_url()
    );
    let mut bot = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, spec)
        .stdin(Stdio::piped())
        .spawn()
        .expect("cannot start the adapter process");
    let pid = bot.id();
    assert!(fake.wait_for_session(1, WAIT).await, "never connected");
    fake.wait_for_call(
        |c| c.is("PUT", &format!("/applications/{APP}/commands")),
        WAIT,
    )
    .await
    .expect("slash commands registered");
    let connected = status_kib(pid, "VmRSS:").unwrap_or(0);
    // Some work first, so the idle figure includes warmed caches and pools.
    for (user, text) in [
        (CAMILLE, "!programme"),
        (ALICE, "!prochain"),
        (BRUNO, "!atelier 2"),
    ] {
        fake.send_message(COHORTE, user, text, vec![]);
    }
    let path = format!("/channels/{COHORTE}/messages");
    fake.wait_for_nth_call(|c| c.is("POST", &path) && c.status == 200, 3, WAIT)
        .await
        .expect("three answers");
    tokio::time::sleep(Duration::from_secs(2)).await;

    let mut samples = Vec::new();
    let until = tokio::time::Instant::now() + SAMPLE_FOR;
    while tokio::time::Instant::now() < until {
        samples.extend(status_kib(pid, "VmRSS:"));
        tokio::time::sleep(SAMPLE_EVERY).await;
    }
    let peak = status_kib(pid, "VmHWM:").unwrap_or(0);
    let threads = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| d.count())
        .unwrap_or(0);
    samples.sort_unstable();
    drop(bot.stdin.take());
    let status = tokio::task::spawn_blocking(move || bot.wait())
        .await
        .unwrap()
        .unwrap();
    println!(
        "Discord adapter alone in its process (fake Discord elsewhere), debug = {}:",
        cfg!(debug_assertions)
    );
    println!("  RSS once connected: {:.1} MiB", mib(connected));
    if !samples.is_empty() {
        println!(
            "  RSS idle after 3 commands: median {:.1} MiB, max {:.1} MiB ({} samples over {:?})",
            mib(samples[samples.len() / 2]),
            mib(samples[samples.len() - 1]),
            samples.len(),
            SAMPLE_FOR
        );
    }
    println!(
        "  peak RSS (VmHWM): {:.1} MiB; threads: {threads}",
        mib(peak)
    );
    println!("  stopped cleanly: {}", status.success());
    fake.shutdown().await;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match std::env::var(CHILD) {
        Ok(spec) => runtime.block_on(child(&spec)),
        // `cargo test --all-targets` builds benches and runs them without `--bench`.
        Err(_) if !std::env::args().any(|a| a == "--bench") => {
            println!("idle: run with `cargo bench -p compagnon-discord --bench idle`");
        }
        Err(_) => runtime.block_on(parent()),
    }
}
