//! The web space in a real browser: Debian's headless Chromium driven over WebDriver
//! (chromedriver), against `compagnon console --web`, the same binary and engine a facilitator
//! rehearses with. A facilitator signs in from the link the console prints as a private
//! message, reviews a deliverable (the participant gets the feedback in the chat), edits the
//! programme with a mistake, sees it at its line, fixes it and imports; a participant hands in
//! a file and subscribes to their calendar feed (read back by an iCalendar parser). Every page
//! is checked with axe-core: no serious or critical violation.
//!
//! Needs `/usr/bin/chromium`, `/usr/bin/chromedriver` and axe-core (`npm install axe-core`),
//! which `scripts/test.sh` installs; without them the test fails and says so.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/bien-vivre-maintenant.toml"
);
/// How long any one awaited thing may take before the test fails (a bound, not a pause).
const PATIENCE: Duration = Duration::from_secs(30);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `compagnon console --web`, written to line by line, its output collected as it comes.
struct Console {
    child: Child,
    stdin: ChildStdin,
    out: Arc<(Mutex<String>, Condvar)>,
}

impl Console {
    fn start(dir: &Path, port: u16) -> Console {
        let mut child = Command::new(env!("CARGO_BIN_EXE_compagnon"))
            .args(["console", "--db"])
            .arg(dir.join("compagnon.db"))
            .args([
                "--programme",
                EXAMPLE,
                "--now",
                "2027-02-12T09:00:00+01:00",
                "--web",
            ])
            .arg(format!("127.0.0.1:{port}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the compagnon binary starts");
        let out = Arc::new((Mutex::new(String::new()), Condvar::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = Arc::clone(&out);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let (text, ready) = &*out;
                    let mut text = text.lock().unwrap();
                    text.push_str(&line);
                    text.push('\n');
                    ready.notify_all();
                }
            });
        }
        let stdin = child.stdin.take().unwrap();
        Console { child, stdin, out }
    }

    fn type_line(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Waits until the output after byte `from` holds `needle`; returns the output's length
    /// then.
    fn wait_for(&self, from: usize, needle: &str) -> usize {
        let (text, ready) = &*self.out;
        let deadline = Instant::now() + PATIENCE;
        let mut text = text.lock().unwrap();
        loop {
            if let Some(i) = text.get(from..).and_then(|t| t.find(needle)) {
                return from + i + needle.len();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "console never said {needle:?}:\n{}",
                &text[from.min(text.len())..]
            );
            text = ready.wait_timeout(text, left).unwrap().0;
        }
    }

    fn len(&self) -> usize {
        self.out.0.lock().unwrap().len()
    }

    fn text(&self) -> String {
        self.out.0.lock().unwrap().clone()
    }

    /// `who` asks for a sign-in link; the link the console prints for them.
    fn link_for(&mut self, who: &str, role: &str, base: &str) -> String {
        self.type_line(&format!(":as {who} {role}"));
        let from = self.len();
        self.type_line("!web");
        let at = self.wait_for(from, &format!("{base}/entrer/"));
        let text = self.text();
        format!("{base}/entrer/{}", &text[at..at + 64])
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Chromedriver on a free port, and a headless Chromium session through it.
async fn browser(profile: &Path) -> (Driver, Client) {
    for needed in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            Path::new(needed).exists(),
            "{needed} is missing: run scripts/test.sh, which installs Debian's chromium and chromium-driver"
        );
    }
    let port = free_port();
    let driver = Driver(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let deadline = Instant::now() + PATIENCE;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return (driver, client),
            // Chromedriver is still starting: its port does not answer yet.
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("no WebDriver session: {e}"),
        }
    }
}

fn axe_source() -> String {
    let path = std::env::var("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".tools/axe/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing at {} ({e}): run scripts/test.sh, which installs it with npm",
            path.display()
        )
    })
}

/// Runs axe-core on the page; fails on any serious or critical violation.
async fn accessible(client: &Client, axe: &str, page: &str) {
    client
        .execute(axe, vec![])
        .await
        .expect("axe-core loads in the page");
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(' ')) }))))
               .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e) }]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    let bad: Vec<&Value> = found
        .as_array()
        .expect("a list of violations")
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    assert!(bad.is_empty(), "{page}: axe-core found {bad:#?}");
}

/// axe-core really looks: a page without a language and with an unlabelled field fails.
async fn the_check_catches_a_planted_violation(client: &Client, axe: &str) {
    client
        .goto("data:text/html,<html><body><form><input type=text></form></body></html>")
        .await
        .unwrap();
    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document).then(r => done(r.violations.map(v => v.id)));",
            vec![],
        )
        .await
        .unwrap();
    let ids: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        ids.contains(&"html-has-lang") && ids.contains(&"label"),
        "{ids:?}"
    );
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), &png).unwrap();
    // `UPDATE_SCREENSHOTS=1` refreshes the ones the README shows.
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(format!("{name}.png")), &png).unwrap();
    }
}

async fn wait_text(client: &Client, needle: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let source = client.source().await.unwrap();
        if source.contains(needle) {
            return source;
        }
        assert!(
            Instant::now() < deadline,
            "the page never showed {needle:?}:\n{source}"
        );
        // A poll of the page until the condition holds, bounded by PATIENCE.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn set_value(client: &Client, css: &str, value: &str) {
    let field = client.find(Locator::Css(css)).await.unwrap();
    // What a paste does: the whole text at once, then the page's own form sends it.
    client
        .execute(
            "arguments[0].value = arguments[1];",
            vec![serde_json::to_value(&field).unwrap(), json!(value)],
        )
        .await
        .unwrap();
}

async fn click(client: &Client, css: &str) {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_and_a_participant_use_the_web_space_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut console = Console::start(dir.path(), port);
    console.wait_for(0, &format!("web: {base}"));
    // Alice hands in atelier 1 in the chat.
    console.type_line(":as alice");
    console.type_line("!aide");
    console.type_line(":dm");
    let from = console.len();
    console.type_line("!rendre 1 Mon diagnostic du territoire");
    console.wait_for(from, "Livrable reçu");
    console.type_line(":salon");
    // A closed poll, so that the polls page has a chart to show.
    console.type_line(":as claire animatrice");
    console.type_line("!sondage \"Quel créneau pour l'atelier 4 ?\" \"Mardi\" \"Jeudi\"");
    console.type_line(":as alice");
    console.type_line("!vote 2");
    console.type_line(":as claire animatrice");
    let from = console.len();
    console.type_line("!clore 1");
    console.wait_for(from, "Jeudi");

    let axe = axe_source();
    let (_driver, client) = browser(&dir.path().join("profile")).await;
    the_check_catches_a_planted_violation(&client, &axe).await;
    facilitator_reviews_and_edits(&mut console, &client, &axe, &base).await;
    participant_hands_in_and_subscribes(&mut console, &client, &axe, &base, dir.path()).await;
    keyboard_and_phone(&client, &base).await;
    client.close().await.unwrap();
    console.type_line(":quit");
}

async fn facilitator_reviews_and_edits(
    console: &mut Console,
    client: &Client,
    axe: &str,
    base: &str,
) {
    let link = console.link_for("claire", "animatrice", base);
    client.goto(&link).await.unwrap();
    accessible(client, axe, "sign-in").await;
    click(client, "#enter").await;
    wait_text(client, "Vue d'ensemble").await;
    accessible(client, axe, "overview").await;
    screenshot(client, "overview").await;

    click(client, "td a").await;
    wait_text(client, "Mon diagnostic du territoire").await;
    accessible(client, axe, "deliverable reader").await;
    screenshot(client, "reader").await;
    click(client, "#status option[value=\"validated\"]").await;
    client
        .find(Locator::Css("#feedback-text"))
        .await
        .unwrap()
        .send_keys("Très clair, merci !")
        .await
        .unwrap();
    let from = console.len();
    click(client, "#send-feedback").await;
    wait_text(client, "<h1>Réponse</h1>").await;
    // Alice reads it in the chat.
    let at = console.wait_for(from, "compagnon → alice (message privé)");
    console.wait_for(at, "Très clair, merci !");

    exports_download(client, axe, base).await;
    client
        .goto(&format!("{base}/animation/sondages"))
        .await
        .unwrap();
    accessible(client, axe, "polls and decisions").await;
    screenshot(client, "polls").await;

    client
        .goto(&format!("{base}/animation/programme"))
        .await
        .unwrap();
    accessible(client, axe, "programme editor").await;
    let source = std::fs::read_to_string(EXAMPLE).unwrap();
    let broken = source.replacen(
        "start = \"2027-03-04 09:30\"",
        "start = \"2027-13-04 09:30\"",
        1,
    );
    let line = broken
        .lines()
        .position(|l| l.contains("2027-13-04"))
        .unwrap()
        + 1;
    set_value(client, "#source", &broken).await;
    click(client, "#check").await;
    let page = wait_text(client, "id=\"problems\"").await;
    assert!(
        page.contains(&format!("Ligne {line},")),
        "the mistake at line {line}"
    );
    accessible(client, axe, "programme with a problem").await;
    screenshot(client, "programme-problem").await;
    let fixed = source.replacen("Le pouvoir d'agir", "Le pouvoir d'agir ensemble", 1);
    set_value(client, "#source", &fixed).await;
    click(client, "#check").await;
    wait_text(client, "id=\"import\"").await;
    accessible(client, axe, "programme preview").await;
    click(client, "#import").await;
    wait_text(client, "Programme importé").await;
    client.goto(&format!("{base}/animation")).await.unwrap();
    wait_text(client, "Le pouvoir d'agir ensemble").await;
    client.delete_all_cookies().await.unwrap();
}

/// Each download the exports page links to, fetched with the browser's session cookie as a
/// click on the link does: the export commands' own files.
async fn exports_download(client: &Client, axe: &str, base: &str) {
    client
        .goto(&format!("{base}/animation/exports"))
        .await
        .unwrap();
    accessible(client, axe, "exports").await;
    screenshot(client, "exports").await;
    let cookie = client
        .get_all_cookies()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name() == "compagnon")
        .expect("the session cookie");
    let cookie = format!("compagnon={}", cookie.value());
    for (file, starts) in [
        ("presences.csv", &b"atelier,"[..]),
        ("feuilles-de-presence.pdf", b"%PDF"),
        ("certificats.zip", b"PK"),
        ("livrables.zip", b"PK"),
    ] {
        let link = client
            .find(Locator::Css(&format!(
                "a[href=\"/animation/exports/{file}\"]"
            )))
            .await
            .unwrap_or_else(|_| panic!("the page links to {file}"));
        let href = link.attr("href").await.unwrap().unwrap();
        let (head, body) = http_get_raw(&format!("{base}{href}"), Some(&cookie)).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{file}: {head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-disposition: attachment"),
            "{file}"
        );
        assert!(
            body.starts_with(starts),
            "{file}: {:?}",
            &body[..body.len().min(16)]
        );
    }
}

async fn participant_hands_in_and_subscribes(
    console: &mut Console,
    client: &Client,
    axe: &str,
    base: &str,
    dir: &Path,
) {
    let link = console.link_for("alice", "participante", base);
    client.goto(&link).await.unwrap();
    click(client, "#enter").await;
    wait_text(client, "Mon parcours").await;
    accessible(client, axe, "participant's path").await;
    screenshot(client, "path").await;
    let file = dir.join("notes-atelier-2.txt");
    std::fs::write(&file, "Mes notes de préparation.\n").unwrap();
    client
        .find(Locator::Css("#text-2"))
        .await
        .unwrap()
        .send_keys("Mes notes")
        .await
        .unwrap();
    client
        .find(Locator::Css("#file-2"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    click(client, "form:has(#file-2) button[type=submit]").await;
    wait_text(client, "Livrable reçu").await;
    accessible(client, axe, "answer page").await;

    client.goto(&format!("{base}/parcours")).await.unwrap();
    wait_text(client, "notes-atelier-2.txt").await;
    click(client, "#feed-new").await;
    wait_text(client, "feed-url").await;
    accessible(client, axe, "calendar feed").await;
    screenshot(client, "calendar-feed").await;
    let url = client
        .find(Locator::Css("#feed-url"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .expect("the feed address");
    let ics = http_get(&url).await;
    let mut calendars = ical::IcalParser::new(ics.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("it parses as iCalendar");
    assert!(calendars.next().is_none());
    assert!(
        calendar.events.len() >= 12,
        "six ateliers and their deadlines"
    );
    for event in &calendar.events {
        for name in ["UID", "DTSTART", "SUMMARY"] {
            assert!(
                event.properties.iter().any(|p| p.name == name),
                "{name} in every event"
            );
        }
    }
}

async fn keyboard_and_phone(client: &Client, base: &str) {
    client.goto(&format!("{base}/parcours")).await.unwrap();
    // The first Tab reaches the skip link, and focus shows.
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap();
    let focused = client
        .execute(
            "const e = document.activeElement; const s = getComputedStyle(e);
             return [e.className, s.outlineStyle, s.outlineWidth];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused[0], "skip", "{focused}");
    assert_ne!(focused[1], "none", "visible focus: {focused}");
    // Readable on a phone: nothing wider than the screen but the grid's own scroller.
    client.set_window_size(390, 844).await.unwrap();
    let fits = client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, json!(true), "the path fits a phone's width");
    screenshot(client, "path-phone").await;
}

/// A plain HTTP/1.1 GET, as a calendar app fetches a feed.
async fn http_get(url: &str) -> String {
    let (head, body) = http_get_raw(url, None).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/calendar"),
        "{head}"
    );
    String::from_utf8(body).expect("UTF-8")
}

/// A GET over a fresh connection: the head, and the body's bytes.
async fn http_get_raw(url: &str, cookie: Option<&str>) -> (String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("an http address");
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    stream
        .write_all(
            format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers and a body");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    (head, response[split + 4..].to_vec())
}
