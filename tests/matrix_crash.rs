//! Matrix input is handled at least once and answered exactly once: the real `compagnon run`
//! is killed with SIGKILL in the middle of a burst of commands on the local Synapse, started
//! again, and every command ends up with exactly one reply.
//!
//! Needs `scripts/synapse.sh start && . .synapse/env` (scripts/test.sh does it); fails, never
//! skips, without it.
#![recursion_limit = "256"]

#[path = "../adapters/matrix/tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};

use common::*;

/// The bot process, killed when the test ends however it ends (a failed assertion must not
/// leave a bot syncing as the test account).
struct BotProcess(Child);

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_bot(hs: &Homeserver, dir: &std::path::Path, room: &str) -> BotProcess {
    let config = dir.join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [{programme:?}]\n\n\
             [limits]\ncommands_per_minute = 1000\n\n\
             [matrix]\nhomeserver = {url:?}\nuser_id = \"@bot:{server}\"\n\
             password_env = \"{var}\"\ndata_dir = \"data/matrix\"\n\
             rooms = [{{ room = {room:?}, cohort = \"{COHORT}\" }}]\n",
            programme = example_programme().display().to_string(),
            url = hs.url,
            server = hs.server,
            var = password_var("bot"),
        ),
    )
    .unwrap();
    BotProcess(
        Command::new(env!("CARGO_BIN_EXE_compagnon"))
            .args(["run", "--config"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("cannot start compagnon"),
    )
}

/// How many replies from the bot each of `commands` has, as Alice's client saw them.
fn replies(alice: &Person, bot: &str, commands: &[String]) -> HashMap<String, usize> {
    let seen = alice.seen.lock().unwrap();
    commands
        .iter()
        .map(|c| {
            let n = seen
                .iter()
                .filter(|s| s.sender.as_str() == bot && s.reply_to.as_deref() == Some(c.as_str()))
                .count();
            (c.clone(), n)
        })
        .collect()
}

#[tokio::test]
async fn a_sigkill_during_a_burst_of_commands_loses_and_doubles_no_answer() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    let room = create_cohort_room(&hs, &camille, false).await;
    alice.join(&room).await;
    wait_member(&alice, &room).await;

    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(&hs, dir.path(), room.as_str());
    wait_sees_joined(&alice, &room, &bot_id).await;
    // The bot answers: it is past its first sync.
    let mark = alice.mark();
    let first = alice.say(&room, "!prochain").await;
    alice
        .wait_for(mark, "the first answer", |s| {
            s.reply_to.as_deref() == Some(first.as_str())
        })
        .await;

    // A burst, and the bot killed once it has answered a few of them.
    let mut commands = Vec::new();
    let mark = alice.mark();
    for i in 0..40 {
        let text = if i % 2 == 0 {
            "!prochain"
        } else {
            "!atelier 2"
        };
        commands.push(alice.say(&room, text).await.to_string());
        if i == 12 {
            alice
                .wait_for(mark, "some answers before the kill", |s| {
                    s.sender == bot_id && s.reply_to.is_some()
                })
                .await;
            bot.0.kill().expect("SIGKILL");
            bot.0.wait().unwrap();
        }
    }
    let answered_before: usize = replies(&alice, bot_id.as_str(), &commands)
        .values()
        .filter(|n| **n > 0)
        .count();
    assert!(
        answered_before < commands.len(),
        "the kill came too late to prove anything"
    );

    // Started again on the same data: everything is answered, once.
    let mut bot = start_bot(&hs, dir.path(), room.as_str());
    for c in &commands {
        alice
            .wait_for(0, "an answer to every command of the burst", |s| {
                s.sender == bot_id && s.reply_to.as_deref() == Some(c.as_str())
            })
            .await;
    }
    // A last command as a barrier: its answer comes after any duplicate of the earlier ones.
    let mark = alice.mark();
    let last = alice.say(&room, "!prochain").await;
    alice
        .wait_for(mark, "the barrier's answer", |s| {
            s.reply_to.as_deref() == Some(last.as_str())
        })
        .await;
    let counts = replies(&alice, bot_id.as_str(), &commands);
    let doubled: Vec<_> = counts.iter().filter(|(_, n)| **n != 1).collect();
    assert!(doubled.is_empty(), "answered other than once: {doubled:?}");

    let _ = Command::new("kill")
        .args(["-TERM", &bot.0.id().to_string()])
        .status();
    let _ = bot.0.wait();
}
