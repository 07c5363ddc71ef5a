//! Crash and restart: SIGKILL the console in the middle of dispatching a cohort's reminders,
//! restart it, and count: every message is delivered exactly once.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/bien-vivre-maintenant.toml"
);
const NOW: &str = "2027-02-01T09:00:00+01:00";
const PARTICIPANTS: usize = 12;

fn start(db: &Path, transcript: &Path, programme: bool, script: &str, delay_ms: u64) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_compagnon"));
    cmd.arg("console")
        .arg("--db")
        .arg(db)
        .arg("--transcript")
        .arg(transcript)
        .arg("--now")
        .arg(NOW)
        .env("COMPAGNON_CONSOLE_DELIVERY_DELAY_MS", delay_ms.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if programme {
        cmd.arg("--programme").arg(EXAMPLE);
    }
    let mut child = cmd.spawn().expect("the binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    child
}

fn lines(transcript: &Path) -> Vec<String> {
    std::fs::read_to_string(transcript)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Waits until the transcript has at least `n` lines, then kills the process with SIGKILL.
fn kill_after(mut child: Child, transcript: &Path, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while lines(transcript).len() < n {
        assert!(
            Instant::now() < deadline,
            "the console never reached {n} deliveries"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the console ended before being killed: {status}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
}

fn finish(child: Child) {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// (destination, body) of each message, counted.
fn messages(transcript: &Path) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for line in lines(transcript) {
        let mut parts = line.splitn(3, '\t');
        let (_key, dest, body) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
        *out.entry((dest.to_owned(), body.to_owned())).or_default() += 1;
    }
    out
}

fn setup_script() -> String {
    let mut s = String::new();
    for i in 0..PARTICIPANTS {
        s.push_str(&format!(":as P{i} participant\n!aide\n"));
    }
    s.push_str(":as Camille facilitator\n!aide\n");
    s
}

#[test]
fn killing_the_bot_mid_dispatch_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let advance = ":advance 120d\n";

    // The reference: one uninterrupted run.
    let (ref_db, ref_t) = (dir.path().join("ref.db"), dir.path().join("ref.tsv"));
    finish(start(&ref_db, &ref_t, true, &(setup_script() + advance), 0));
    let expected = messages(&ref_t);
    let total: usize = expected.values().sum();
    assert!(total > 250, "{total} messages");

    // The same cycle, killed three times in the middle of dispatching, then finished.
    let (db, t) = (dir.path().join("crash.db"), dir.path().join("crash.tsv"));
    let replies = PARTICIPANTS + 1;
    kill_after(
        start(&db, &t, true, &(setup_script() + advance), 2),
        &t,
        replies + 40,
    );
    kill_after(start(&db, &t, false, advance, 2), &t, replies + 120);
    kill_after(start(&db, &t, false, advance, 1), &t, replies + 190);
    finish(start(&db, &t, false, advance, 0));

    let keys: Vec<String> = lines(&t)
        .iter()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect();
    let unique: std::collections::HashSet<_> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "a message was delivered twice");
    assert_eq!(
        messages(&t),
        expected,
        "the crashed run differs from the reference"
    );

    // And the store agrees: every outbox row delivered, no job left pending.
    let count = |sql: &str| -> String {
        let out = Command::new("python3")
            .arg("-c")
            .arg(format!(
                "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute({sql:?}).fetchone()[0])"
            ))
            .arg(&db)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"),
        "0"
    );
    assert_eq!(count("SELECT COUNT(*) FROM outbox"), total.to_string());
}
