//! `compagnon doctor` through the binary: every problem named with its fix on a broken set-up,
//! and all clear on a working one (a real Synapse, the fake Discord, a free web port).

#![recursion_limit = "256"]

#[path = "../adapters/matrix/tests/common/mod.rs"]
mod common;

use std::process::Command;

use common::*;
use discord_fake::{ChannelSpec, FakeDiscord, GuildSpec, Scenario};

const GUILD: u64 = 740_000_000_000_000_100;
const CHANNEL: u64 = 740_000_000_000_000_110;
const BOT: u64 = 740_000_000_000_000_002;

async fn fake_discord(flags: u64) -> FakeDiscord {
    FakeDiscord::start(
        Scenario::new(740_000_000_000_000_001, "Compagnon", BOT, "compagnon")
            .application_flags(flags)
            .guild(
                GuildSpec::new(GUILD, "Bien-Vivre Maintenant")
                    .owner(BOT)
                    .channel(ChannelSpec::text(CHANNEL, "cohorte")),
            ),
    )
    .await
}

fn doctor(config: &std::path::Path, env: &[(&str, &str)]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_compagnon"))
        .args(["doctor", "--config"])
        .arg(config)
        .envs(env.iter().copied())
        .output()
        .expect("compagnon runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The fix printed under the ✗ line that contains `problem`.
fn fix_of<'a>(report: &'a str, problem: &str) -> &'a str {
    let mut lines = report.lines();
    lines
        .find(|l| l.starts_with('✗') && l.contains(problem))
        .unwrap_or_else(|| panic!("no ✗ line with {problem:?}:\n{report}"));
    lines
        .next()
        .filter(|l| l.trim_start().starts_with('→'))
        .unwrap_or_else(|| panic!("no fix under {problem:?}:\n{report}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_names_each_problem_with_its_fix() {
    let fake = fake_discord(0).await;
    let dir = tempfile::tempdir().unwrap();
    let programme = std::fs::read_to_string(example_programme())
        .unwrap()
        .replacen("2027-03-04 09:30", "2027-13-04 09:30", 1);
    std::fs::write(dir.path().join("programme.toml"), programme).unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = dir.path().join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "programmes = [\"programme.toml\"]\n\n\
             [matrix]\nhomeserver = \"http://127.0.0.1:1\"\nuser_id = \"@bot:localhost\"\n\
             password_env = \"COMPAGNON_DOCTOR_NOT_SET\"\n\n\
             [discord]\ntoken_env = \"COMPAGNON_DOCTOR_TOKEN\"\napi_base = {base:?}\n\
             channels = [{{ channel = \"740000000000000999\", cohort = \"bvm-printemps-2027\" }}]\n\n\
             [web]\nlisten = \"{listen}\"\npublic_url = \"http://compagnon.invalid\"\n",
            base = fake.base_url(),
            listen = taken.local_addr().unwrap(),
        ),
    )
    .unwrap();
    let (ok, report) = doctor(&config, &[("COMPAGNON_DOCTOR_TOKEN", "test-token")]);
    assert!(!ok, "{report}");
    assert!(
        report.contains("✓ Base de données ouverte en écriture"),
        "{report}"
    );
    assert!(fix_of(&report, "programme.toml").contains("compagnon programme check"));
    assert!(fix_of(&report, "Matrix : secret introuvable").contains("password_env"));
    assert!(report.contains("✓ Discord : jeton accepté"), "{report}");
    assert!(fix_of(&report, "Message Content").contains("Privileged Gateway Intents"));
    assert!(fix_of(&report, "740000000000000999").contains("invitez le bot"));
    assert!(fix_of(&report, "impossible d'écouter").contains("listen"));
    assert!(fix_of(&report, "ne se résout pas").contains("DNS"));
    assert!(fix_of(&report, "n'est pas en https").contains("public_url"));
    assert!(report.contains("problèmes sur"), "{report}");
    assert!(!report.contains("test-token"), "a secret is never printed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_is_all_clear_on_a_working_setup() {
    let hs = homeserver();
    let camille = Person::login(&hs, "camille").await;
    let room = create_cohort_room(&hs, &camille, false).await;
    let fake = fake_discord(1 << 19).await;
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = dir.path().join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "programmes = [{programme:?}]\n\n\
             [matrix]\nhomeserver = {url:?}\nuser_id = \"@bot:{server}\"\n\
             password_env = \"{var}\"\ndata_dir = \"data/matrix\"\n\
             rooms = [{{ room = {room:?}, cohort = \"bvm-printemps-2027\" }}]\n\n\
             [discord]\ntoken_env = \"COMPAGNON_DOCTOR_TOKEN\"\napi_base = {base:?}\n\
             channels = [{{ channel = \"{CHANNEL}\", cohort = \"bvm-printemps-2027\" }}]\n\n\
             [web]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"http://127.0.0.1:{port}\"\n",
            programme = example_programme().display().to_string(),
            url = hs.url,
            server = hs.server,
            var = password_var("bot"),
            room = room.as_str(),
            base = fake.base_url(),
        ),
    )
    .unwrap();
    let (ok, report) = doctor(&config, &[("COMPAGNON_DOCTOR_TOKEN", "test-token")]);
    assert!(ok, "{report}");
    for line in [
        "✓ Programme valide",
        "✓ Matrix : connecté en tant que",
        "✓ Matrix : le bot est invité dans",
        "✓ Discord : intention « Message Content » activée",
        "✓ Discord : toutes les permissions nécessaires dans #cohorte",
        "✓ Web : l'adresse",
        "Tout est prêt",
    ] {
        assert!(report.contains(line), "{line:?} in:\n{report}");
    }
    assert!(!report.contains('✗'), "{report}");
}
