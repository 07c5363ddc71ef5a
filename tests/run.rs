//! `compagnon run` as an operator starts it: a programme that cannot be applied leaves the
//! cohort as it was and the bot serves it; an adapter that cannot start stops the whole
//! process at once, with a message naming it, instead of leaving half a bot running; the web
//! space served beside the chat, its address taken stopping the start.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use discord_fake::{ChannelSpec, FakeDiscord, GuildSpec, Scenario, UserSpec};

mod common;

use common::EXAMPLE;
const CHANNEL: u64 = 720_000_000_000_000_110;
const USER: u64 = 720_000_000_000_000_011;
const TOKEN_VAR: &str = "COMPAGNON_TEST_RUN_DISCORD_TOKEN";

async fn fake_discord() -> FakeDiscord {
    FakeDiscord::start(
        Scenario::new(
            720_000_000_000_000_001,
            "Compagnon",
            720_000_000_000_000_002,
            "compagnon",
        )
        .user(UserSpec::new(USER, "alice").locale("fr"))
        .guild(
            GuildSpec::new(720_000_000_000_000_100, "Bien-Vivre Maintenant")
                .owner(720_000_000_000_000_002)
                .channel(ChannelSpec::text(CHANNEL, "cohorte"))
                .member(USER, &[]),
        ),
    )
    .await
}

fn discord_section(fake: &FakeDiscord) -> String {
    format!(
        "[discord]\ntoken_env = \"{TOKEN_VAR}\"\napi_base = {base:?}\ngateway_url = {ws:?}\n\
         channels = [{{ channel = \"{CHANNEL}\", cohort = \"bvm-printemps-2027\" }}]\n",
        base = fake.base_url(),
        ws = fake.ws_url(),
    )
}

/// The process, killed when the test ends however it ends.
struct Bot(Child);

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(config: &Path) -> Bot {
    Bot(Command::new(env!("CARGO_BIN_EXE_compagnon"))
        .args(["run", "--config"])
        .arg(config)
        .env(TOKEN_VAR, "test-token")
        .env("COMPAGNON_TEST_RUN_MATRIX_PASSWORD", "not-used")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("compagnon starts"))
}

/// Waits for the process to stop by itself (two minutes at most, else `why` fails the test);
/// its exit status and what it wrote on stderr.
async fn exit_of(mut bot: Bot, why: &str) -> (std::process::ExitStatus, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = bot.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "{why}");
        // The process is polled for its exit; nothing else signals it.
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut stderr = String::new();
    use std::io::Read;
    bot.0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

fn console(db: &Path, programme: &str, script: &str) {
    let db = db.to_str().unwrap();
    common::run(
        &[
            "console",
            "--db",
            db,
            "--programme",
            programme,
            "--now",
            "2027-02-12T10:00:00+01:00",
        ],
        script,
    );
}

#[tokio::test]
async fn a_refused_programme_leaves_the_cohort_as_it_was_and_the_bot_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("compagnon.db");
    console(
        &db,
        EXAMPLE,
        ":as Alice participant\n!rendre 6 Ma contribution aux communs\n",
    );
    // The programme now without its sixth atelier, which has a deliverable.
    let full = std::fs::read_to_string(EXAMPLE).unwrap();
    let cut = full.rfind("\n[[atelier]]\n").unwrap();
    let shorter = dir.path().join("programme.toml");
    std::fs::write(&shorter, &full[..cut]).unwrap();

    let fake = fake_discord().await;
    let config = dir.path().join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [\"programme.toml\"]\n\n{}",
            discord_section(&fake)
        ),
    )
    .unwrap();
    let _bot = start(&config);
    // Connected: the bot registers its commands, then answers in the channel.
    let commands = fake
        .wait_for_call(|c| c.method == "PUT", Duration::from_secs(60))
        .await;
    assert!(commands.is_some(), "the bot never connected");
    fake.send_message(CHANNEL, USER, "!programme", Vec::new());
    let answer = fake
        .wait_for_call(
            |c| {
                c.method == "POST"
                    && c.path.ends_with(&format!("/channels/{CHANNEL}/messages"))
                    && c.body_str("/content")
                        .is_some_and(|t| t.contains("6 ateliers"))
            },
            Duration::from_secs(60),
        )
        .await;
    assert!(answer.is_some(), "the cohort lost its sixth atelier");
}

#[tokio::test]
async fn an_adapter_that_cannot_start_stops_the_bot_at_once_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let fake = fake_discord().await;
    // Nothing listens on port 9 of the loopback: the homeserver is unreachable.
    let config = dir.path().join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [{EXAMPLE:?}]\n\n\
             [matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser_id = \"@bot:localhost\"\n\
             password_env = \"COMPAGNON_TEST_RUN_MATRIX_PASSWORD\"\ndata_dir = \"data/matrix\"\n\n{}",
            discord_section(&fake)
        ),
    )
    .unwrap();
    let (status, stderr) = exit_of(
        start(&config),
        "the bot kept running without its Matrix side",
    )
    .await;
    assert!(!status.success());
    assert!(stderr.contains("Matrix"), "{stderr}");
}

/// One HTTP/1.1 request over a fresh connection: the head and the body.
async fn http(addr: &str, request: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.to_owned(), body.to_owned())
}

#[tokio::test]
async fn run_serves_the_web_space_beside_discord_and_a_link_sent_by_dm_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let fake = fake_discord().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let config = dir.path().join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [{EXAMPLE:?}]\n\n{}\n\
             [web]\nlisten = \"{addr}\"\npublic_url = \"http://{addr}\"\n",
            discord_section(&fake)
        ),
    )
    .unwrap();
    let _bot = start(&config);
    assert!(
        fake.wait_for_call(|c| c.method == "PUT", Duration::from_secs(60))
            .await
            .is_some(),
        "the bot never connected"
    );
    fake.send_message(CHANNEL, USER, "!web", Vec::new());
    let dm = format!("/channels/{}/messages", fake.dm_channel(USER));
    let sent = fake
        .wait_for_call(
            |c| {
                c.method == "POST"
                    && c.path.ends_with(&dm)
                    && c.body_str("/content")
                        .is_some_and(|t| t.contains("/entrer/"))
            },
            Duration::from_secs(60),
        )
        .await
        .expect("the link by DM");
    let text = sent.body_str("/content").unwrap().to_owned();
    let at = text.find("/entrer/").unwrap() + "/entrer/".len();
    let token = &text[at..at + 64];
    assert!(text.contains(&format!("http://{addr}/entrer/")), "{text}");
    let body = format!("token={token}");
    let (head, _) = http(
        &addr,
        &format!(
            "POST /entrer HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    let cookie = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let (head, page) = http(
        &addr,
        &format!("GET /parcours HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(page.contains("Atelier 1"), "{page}");
}

#[tokio::test]
async fn a_web_address_already_taken_stops_the_start_before_any_platform_connects() {
    let dir = tempfile::tempdir().unwrap();
    let fake = fake_discord().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let config = dir.path().join("compagnon.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"compagnon.db\"\ndata_dir = \"data\"\nprogrammes = [{EXAMPLE:?}]\n\n{}\n\
             [web]\nlisten = \"{addr}\"\npublic_url = \"http://{addr}\"\n",
            discord_section(&fake)
        ),
    )
    .unwrap();
    let (status, stderr) =
        exit_of(start(&config), "the bot kept running without its web space").await;
    assert!(!status.success());
    assert!(stderr.contains("web space"), "{stderr}");
    assert!(
        fake.rest_calls()
            .iter()
            .all(|c| !c.path.contains("/gateway")),
        "no platform was reached"
    );
}
