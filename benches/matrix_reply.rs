//! Reply latency and memory of the real `compagnon run` against the local Synapse:
//! a participant sends 200 commands in an encrypted cohort room, one after the other; for each,
//! the time from the command event to the bot's reply event (homeserver timestamps) and as the
//! participant's client sees it; the bot process's RSS idle and at its peak during the burst.
//!
//! With `COMPAGNON_BENCH_WITH_DISCORD=1`, the same process also runs the Discord adapter against
//! an in-process fake Discord, and the bench reports the RSS with both adapters running (after
//! checking that the Discord side answers a command too).
//!
//! The bot runs with `compagnon::latency=debug`: for each reply it logs where the time went
//! (homeserver stamp → handler, handler → committed, committed → reply request, request →
//! acknowledged) and for each transaction its begin, handling and commit times; the bench
//! reads those lines from the bot's standard error and reports their medians.
//!
//! `scripts/synapse.sh start && . .synapse/env && cargo bench --bench matrix_reply`
//! (`cargo test --all-targets` builds it but does not run it).
#![recursion_limit = "256"]

#[path = "../adapters/matrix/tests/common/mod.rs"]
mod common;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::*;

/// Commands in the burst; `COMPAGNON_BENCH_COMMANDS` overrides.
fn commands() -> usize {
    std::env::var("COMPAGNON_BENCH_COMMANDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{what}: median {:.1} ms, p99 {:.1} ms, max {:.1} ms (n = {})",
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms[ms.len() - 1],
        ms.len()
    );
}

/// The fake Discord's ids: one guild with the cohort channel, one participant.
const DISCORD_CHANNEL: u64 = 710_000_000_000_000_110;
const DISCORD_USER: u64 = 710_000_000_000_000_011;
/// The environment variable the Discord token is read from.
const DISCORD_TOKEN_VAR: &str = "COMPAGNON_BENCH_DISCORD_TOKEN";

async fn start_fake_discord() -> discord_fake::FakeDiscord {
    use discord_fake::{ChannelSpec, GuildSpec, Scenario, UserSpec};
    discord_fake::FakeDiscord::start(
        Scenario::new(
            710_000_000_000_000_001,
            "Compagnon",
            710_000_000_000_000_002,
            "compagnon",
        )
        .user(UserSpec::new(DISCORD_USER, "alice").locale("fr"))
        .guild(
            GuildSpec::new(710_000_000_000_000_100, "Bien-Vivre Maintenant")
                .owner(DISCORD_USER)
                .channel(ChannelSpec::text(DISCORD_CHANNEL, "cohorte"))
                .member(DISCORD_USER, &[]),
        ),
    )
    .await
}

fn discord_section(fake: &discord_fake::FakeDiscord) -> String {
    format!(
        "\n[discord]\ntoken_env = \"{DISCORD_TOKEN_VAR}\"\napi_base = {base:?}\ngateway_url = {ws:?}\n\
         channels = [{{ channel = \"{DISCORD_CHANNEL}\", cohort = \"{COHORT}\" }}]\n",
        base = fake.base_url(),
        ws = fake.ws_url(),
    )
}

fn start_bot(
    hs: &Homeserver,
    dir: &std::path::Path,
    room: &str,
    discord: Option<&discord_fake::FakeDiscord>,
) -> Child {
    let config = dir.join("compagnon.toml");
    let extra = discord.map(discord_section).unwrap_or_default();
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [{programme:?}]\n\n\
             [matrix]\nhomeserver = {url:?}\nuser_id = \"@bot:{server}\"\n\
             password_env = \"{var}\"\ndata_dir = \"data/matrix\"\n\
             rooms = [{{ room = {room:?}, cohort = \"{COHORT}\" }}]\n{extra}\n\
             # One participant sends hundreds of commands in a row: above the per-person\n\
             # rate limit that protects real cohorts.\n\
             [limits]\ncommands_per_minute = 100000\n",
            programme = example_programme().display().to_string(),
            url = hs.url,
            server = hs.server,
            var = password_var("bot"),
        ),
    )
    .unwrap();
    Command::new(env!("CARGO_BIN_EXE_compagnon"))
        .args(["run", "--config"])
        .arg(&config)
        .env(DISCORD_TOKEN_VAR, "bench-token")
        .env(
            "RUST_LOG",
            std::env::var("COMPAGNON_BENCH_BOT_LOG").unwrap_or_else(|_| BOT_LOG.to_owned()),
        )
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start compagnon")
}

/// The bot's default log levels, plus the latency breakdown.
const BOT_LOG: &str = "warn,compagnon=info,compagnon_matrix=info,compagnon_discord=info,\
                       matrix_sdk_crypto::backups=error,compagnon::latency=debug";

/// The breakdown lines of the bot's log, by field: `sync_ms` → every value seen.
type Breakdown = Arc<std::sync::Mutex<std::collections::BTreeMap<String, Vec<f64>>>>;

/// Reads the bot's standard error: breakdown lines are collected, the rest passed through.
fn collect_breakdown(stderr: std::process::ChildStderr) -> Breakdown {
    let found: Breakdown = Arc::default();
    let sink = found.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if std::env::var_os("COMPAGNON_BENCH_ECHO").is_some() {
                eprintln!("{line}");
            }
            if !line.contains("compagnon::latency") {
                eprintln!("{line}");
                continue;
            }
            let mut found = sink.lock().unwrap();
            for word in line.split_whitespace() {
                if let Some((field, value)) = word.split_once('=')
                    && field.ends_with("_ms")
                    && let Ok(v) = value.parse::<f64>()
                {
                    found.entry(field.to_owned()).or_default().push(v);
                }
            }
        }
    });
    found
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("matrix_reply: run with `cargo bench --bench matrix_reply`");
        return;
    }
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    // `COMPAGNON_BENCH_PLAINTEXT=1` measures an unencrypted room instead.
    let encrypted = std::env::var_os("COMPAGNON_BENCH_PLAINTEXT").is_none();
    let room = create_cohort_room(&hs, &camille, encrypted).await;
    alice.join(&room).await;
    wait_member(&alice, &room).await;

    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let discord = if std::env::var_os("COMPAGNON_BENCH_WITH_DISCORD").is_some() {
        Some(start_fake_discord().await)
    } else {
        None
    };
    let mut bot = start_bot(&hs, dir.path(), room.as_str(), discord.as_ref());
    let pid = bot.id();
    let breakdown = collect_breakdown(bot.stderr.take().expect("piped"));
    wait_sees_joined(&alice, &room, &bot_id).await;
    wait_sees_joined(&camille, &room, &bot_id).await;
    println!(
        "bot joined the room {:.1} s after start",
        started.elapsed().as_secs_f64()
    );

    let ask = |text: &'static str| {
        let alice = &alice;
        let room = &room;
        async move {
            let mark = alice.mark();
            let sent = Instant::now();
            let asked = alice.say(room, text).await;
            let reply = alice
                .wait_for(mark, "the bot's reply", |s| {
                    s.reply_to.as_deref() == Some(asked.as_str())
                })
                .await;
            let command = alice
                .wait_for(mark, "the command itself", |s| s.event_id == asked)
                .await;
            let server = reply.server_ts.saturating_sub(command.server_ts) as f64;
            let client = reply.seen_at.duration_since(sent).as_secs_f64() * 1000.0;
            let echo = command.seen_at.duration_since(sent).as_secs_f64() * 1000.0;
            (server, client, echo)
        }
    };
    // Warm-up. Alice's first messages may be encrypted before her client knows the device the
    // bot logged in with a moment ago, and the bot cannot read those: ask until one is answered.
    let mut answered = false;
    for _ in 0..10 {
        let mark = alice.mark();
        let asked = alice.say(&room, "!prochain").await;
        let reply = alice
            .try_wait_for(mark, Duration::from_secs(5), |s| {
                s.reply_to.as_deref() == Some(asked.as_str())
            })
            .await;
        if reply.is_some() {
            answered = true;
            break;
        }
    }
    assert!(answered, "the bot never answered a warm-up command");
    for _ in 0..5 {
        ask("!prochain").await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle = rss_kib(pid);

    let peak = Arc::new(AtomicU64::new(idle));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    breakdown.lock().unwrap().clear();
    let burst = Instant::now();
    let n = commands();
    let (mut server, mut client, mut echo) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let text = if i % 2 == 0 {
            "!prochain"
        } else {
            "!atelier 2"
        };
        let (s, c, e) = ask(text).await;
        server.push(s);
        client.push(c);
        echo.push(e);
    }
    let burst = burst.elapsed();
    sampler.abort();
    let after = rss_kib(pid);

    println!(
        "{n} commands in {:.1} s, {} room, one at a time",
        burst.as_secs_f64(),
        if encrypted {
            "encrypted"
        } else {
            "unencrypted"
        }
    );
    report(
        "command event → reply event (homeserver timestamps)",
        server,
    );
    report("participant sends → participant sees the reply", client);
    report("participant sends → participant sees its own command", echo);
    let mut stages = breakdown.lock().unwrap().clone();
    println!("where the time goes, medians in the bot's own clock:");
    for (field, what) in [
        ("sync_ms", "homeserver stamp → handler runs (sync, SDK)"),
        ("handle_ms", "handler runs → event and answer committed"),
        (
            "origin_ms",
            "  of which: who and where (room state, cohort)",
        ),
        ("engine_ms", "  of which: the engine"),
        ("tx_begin_ms", "    of which: beginning the transaction"),
        (
            "tx_handle_ms",
            "    of which: the handler in the transaction",
        ),
        ("tx_commit_ms", "    of which: the commit (fsync)"),
        ("effects_ms", "    of which: effects after the commit"),
        ("queue_ms", "committed → reply request sent"),
        ("event_to_request_ms", "handler runs → reply request sent"),
        ("send_ms", "reply request → homeserver acknowledged"),
    ] {
        if let Some(values) = stages.get_mut(field) {
            println!("  {what}: {:.2} ms (n = {})", median(values), values.len());
        }
    }
    println!(
        "bot RSS: idle {:.1} MiB, peak during the burst {:.1} MiB, after {:.1} MiB",
        idle as f64 / 1024.0,
        peak.load(Ordering::Relaxed) as f64 / 1024.0,
        after as f64 / 1024.0
    );

    if let Some(fake) = &discord {
        // The Discord side answers too, in the same process.
        fake.send_message(DISCORD_CHANNEL, DISCORD_USER, "!prochain", Vec::new());
        fake.wait_for_call(
            |c| {
                c.method == "POST"
                    && c.path
                        .ends_with(&format!("/channels/{DISCORD_CHANNEL}/messages"))
            },
            Duration::from_secs(60),
        )
        .await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        println!(
            "bot RSS with both adapters running (Matrix and Discord), idle: {:.1} MiB",
            rss_kib(pid) as f64 / 1024.0
        );
    }

    let _ = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status();
    let _ = bot.wait();
}
