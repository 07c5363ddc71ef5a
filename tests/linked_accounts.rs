//! One person, two platforms, end to end: `compagnon run` serves one cohort in a room of the
//! local Synapse and in a channel of the fake Discord at once; Alice, who has an account on
//! each, links them with `!lier-compte` — the code asked on Matrix, typed by DM on Discord —
//! and from then on is one member: her Discord hand-in shows on Matrix, and a chase reaches her
//! once, not once per account.
//!
//! Needs `scripts/synapse.sh start && . .synapse/env` (scripts/test.sh does it); fails, never
//! skips, without it.
#![recursion_limit = "256"]

#[path = "../adapters/matrix/tests/common/mod.rs"]
mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use discord_fake::{ChannelSpec, FakeDiscord, GuildSpec, Scenario, UserSpec};

const GUILD: u64 = 730_000_000_000_000_100;
const CHANNEL: u64 = 730_000_000_000_000_110;
const ALICE_D: u64 = 730_000_000_000_000_011;
const TOKEN_VAR: &str = "COMPAGNON_TEST_LINK_DISCORD_TOKEN";
const WAIT: Duration = Duration::from_secs(60);

/// The bot process, killed when the test ends however it ends.
struct BotProcess(Child);

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn fake_discord() -> FakeDiscord {
    FakeDiscord::start(
        Scenario::new(
            730_000_000_000_000_001,
            "Compagnon",
            730_000_000_000_000_002,
            "compagnon",
        )
        .user(UserSpec::new(ALICE_D, "alice").locale("fr"))
        .guild(
            GuildSpec::new(GUILD, "Bien-Vivre Maintenant")
                .owner(730_000_000_000_000_002)
                .channel(ChannelSpec::text(CHANNEL, "cohorte"))
                .member(ALICE_D, &[]),
        ),
    )
    .await
}

fn start_bot(hs: &Homeserver, fake: &FakeDiscord, dir: &std::path::Path, room: &str) -> BotProcess {
    let config = dir.join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [{programme:?}]\n\n\
             [matrix]\nhomeserver = {url:?}\nuser_id = \"@bot:{server}\"\n\
             password_env = \"{var}\"\ndata_dir = \"data/matrix\"\n\
             rooms = [{{ room = {room:?}, cohort = \"{COHORT}\" }}]\n\n\
             [discord]\ntoken_env = \"{TOKEN_VAR}\"\napi_base = {base:?}\ngateway_url = {ws:?}\n\
             channels = [{{ channel = \"{CHANNEL}\", cohort = \"{COHORT}\" }}]\n",
            programme = example_programme().display().to_string(),
            url = hs.url,
            server = hs.server,
            var = password_var("bot"),
            base = fake.base_url(),
            ws = fake.ws_url(),
        ),
    )
    .unwrap();
    BotProcess(
        Command::new(env!("CARGO_BIN_EXE_compagnon"))
            .args(["run", "--config"])
            .arg(&config)
            .env(TOKEN_VAR, "test-token")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("cannot start compagnon"),
    )
}

/// The first `XXXX-XXXX` in `text`.
fn code_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(9)
        .find(|w| {
            w[4] == '-'
                && w.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        .map(|w| w.iter().collect())
        .unwrap_or_else(|| panic!("no code in {text:?}"))
}

/// Waits for a successful post of the bot in `channel` containing `needle`.
async fn discord_post(fake: &FakeDiscord, channel: u64, needle: &str) -> String {
    let path = format!("/channels/{channel}/messages");
    let call = fake
        .wait_for_call(
            |c| {
                c.is("POST", &path)
                    && c.status == 200
                    && c.body_str("/content").is_some_and(|t| t.contains(needle))
            },
            WAIT,
        )
        .await
        .unwrap_or_else(|| panic!("no post containing {needle:?} in {channel}"));
    call.body_str("/content").unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_person_on_matrix_and_discord_links_both_accounts_and_is_written_to_once() {
    let hs = homeserver();
    let bot_id = hs.user_id("bot");
    let camille = Person::login(&hs, "camille").await;
    let alice = Person::login(&hs, "alice").await;
    let room = create_cohort_room(&hs, &camille, false).await;
    alice.join(&room).await;
    wait_member(&alice, &room).await;
    let fake = fake_discord().await;

    let dir = tempfile::tempdir().unwrap();
    let bot = start_bot(&hs, &fake, dir.path(), room.as_str());
    wait_sees_joined(&alice, &room, &bot_id).await;
    assert!(
        fake.wait_for_session(1, WAIT).await,
        "the bot never reached the fake Discord"
    );

    // On Discord, Alice hands in atelier 1's deliverable (a receipt by DM).
    fake.send_message(CHANNEL, ALICE_D, "!rendre 1 Écrit depuis Discord", vec![]);
    discord_post(&fake, fake.dm_channel(ALICE_D), "📥").await;

    // On Matrix, she is a second member until she links the accounts: the code comes by DM.
    let mark = alice.mark();
    alice.say(&room, "!lier-compte").await;
    let code = alice
        .wait_for(mark, "the code by DM", |s| {
            s.sender == bot_id && s.room != room && s.body.contains("!lier-compte")
        })
        .await;
    let dm_room = code.room.clone();
    let code = code_in(&code.body);

    // Typed by DM on Discord: linked, and both accounts are told.
    let mark = alice.mark();
    fake.send_dm(ALICE_D, &format!("!lier-compte {code}"), vec![]);
    discord_post(
        &fake,
        fake.dm_channel(ALICE_D),
        "relié à votre compte Matrix",
    )
    .await;
    alice
        .wait_for(mark, "the confirmation on Matrix", |s| {
            s.sender == bot_id && s.body.contains("relié à votre compte Discord")
        })
        .await;

    // On Matrix, her deliverables now include what she handed in on Discord.
    let mark = alice.mark();
    alice.say(&dm_room, "!mes-livrables").await;
    let mine = alice
        .wait_for(mark, "her deliverables", |s| {
            s.sender == bot_id && s.body.contains("Vos livrables")
        })
        .await;
    assert!(
        mine.body
            .contains("Atelier 1 « Le sens avant l'action » : version 1"),
        "{}",
        mine.body
    );

    // A chase of atelier 2: one private message to Alice, where she wrote last (Matrix, unless
    // both of her last messages fell in the same second).
    let mark = alice.mark();
    let camille_mark = camille.mark();
    camille.say(&room, "!relancer 2").await;
    let chased = camille
        .wait_for(camille_mark, "the chase's count", |s| {
            s.sender == bot_id && s.body.contains("Relance envoyée")
        })
        .await;
    let on_discord = format!("/channels/{}/messages", fake.dm_channel(ALICE_D));
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let on_matrix = alice.seen.lock().unwrap()[mark..]
            .iter()
            .any(|s| s.sender == bot_id && s.room == dm_room && s.body.contains("l'atelier 2"));
        let discord = fake.rest_calls().iter().any(|c| {
            c.is("POST", &on_discord)
                && c.body_str("/content")
                    .is_some_and(|t| t.contains("l'atelier 2"))
        });
        if on_matrix || discord {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the chase never reached Alice"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(bot);

    // Everything the bot decided to say is in its outbox: exactly one chase to Alice, none on
    // Discord, and one member where there were two.
    let store = bot::store::Store::open(&dir.path().join("compagnon.db"))
        .await
        .unwrap();
    let chases: Vec<String> = sqlx::query_scalar(
        "SELECT destination FROM outbox WHERE body LIKE '%l''atelier 2%' AND destination LIKE 'dm:%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let alice_matrix = format!("dm:matrix:{}", hs.user_id("alice"));
    let alice_discord = format!("dm:discord:{ALICE_D}");
    let to_alice: Vec<&String> = chases
        .iter()
        .filter(|d| **d == alice_matrix || **d == alice_discord)
        .collect();
    assert_eq!(to_alice.len(), 1, "{chases:?} ({})", chased.body);
    let alices: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT member_id) FROM identities WHERE identity IN (?, ?)",
    )
    .bind(format!("matrix:{}", hs.user_id("alice")))
    .bind(format!("discord:{ALICE_D}"))
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(alices, 1);
}
