//! SIGKILL while deliverables are being stored: after every kill, each recorded submission has
//! all its files, whole, under their hash — never a row without its file.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/bien-vivre-maintenant.toml"
);

fn sql(db: &Path, query: &str) -> Vec<Vec<String>> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3,sys\nfor r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):\n print('\\t'.join(map(str, r)))",
        )
        .arg(db)
        .arg(query)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn check_invariant(db: &Path, data: &Path) -> usize {
    // Killed before the schema was even created: nothing to check yet.
    if sql(
        db,
        "SELECT name FROM sqlite_master WHERE name = 'submission_files'",
    )
    .is_empty()
    {
        return 0;
    }
    let submissions = sql(db, "SELECT id FROM submissions");
    for row in &submissions {
        let files = sql(
            db,
            &format!(
                "SELECT sha256, size FROM submission_files WHERE submission_id = {}",
                row[0]
            ),
        );
        assert_eq!(
            files.len(),
            1,
            "submission {} has {} file rows",
            row[0],
            files.len()
        );
        for f in files {
            let (sha, size) = (&f[0], f[1].parse::<u64>().unwrap());
            let path = data
                .join("files")
                .join(&sha[..2])
                .join(&sha[2..4])
                .join(sha);
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("{} missing: {e}", path.display()));
            assert_eq!(bytes.len() as u64, size, "{} truncated", path.display());
            assert_eq!(
                &hex(&Sha256::digest(&bytes)),
                sha,
                "{} corrupt",
                path.display()
            );
        }
    }
    submissions.len()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn killing_the_bot_while_files_are_written_never_leaves_half_a_submission() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let data = dir.path().join("data");
    // Files of 3 MiB, each different, so every submission writes to disk.
    let mut script = String::from(":as Alice participant\n");
    for i in 0..40 {
        let path = dir.path().join(format!("rapport-{i}.pdf"));
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(std::iter::repeat_n((i % 251) as u8, 3 * 1024 * 1024));
        bytes.extend(format!("\n{i}\n%%EOF\n").as_bytes());
        std::fs::write(&path, bytes).unwrap();
        script.push_str(&format!(
            ":attach {}\n!rendre 1 version {i}\n",
            path.display()
        ));
    }
    let mut seen = 0;
    for round in 0..5u64 {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_compagnon"));
        cmd.arg("console")
            .arg("--db")
            .arg(&db)
            .arg("--data-dir")
            .arg(&data)
            .arg("--now")
            .arg("2027-02-12T10:00:00+01:00")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if round == 0 {
            cmd.arg("--programme").arg(EXAMPLE);
        }
        let mut child = cmd.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let text = script.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
        // Count receipts as they are printed, and kill once this run has made progress, at a
        // different moment of the next submission's write each round.
        let receipts = Arc::new(AtomicUsize::new(0));
        let stdout = child.stdout.take().unwrap();
        let counter = receipts.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("📥 Livrable reçu") {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        while receipts.load(Ordering::SeqCst) < 2 {
            assert!(Instant::now() < deadline, "no progress in round {round}");
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(3 + round * 11));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let _ = writer.join();
        let _ = reader.join();
        let now = check_invariant(&db, &data);
        assert!(now >= seen, "submissions never disappear");
        seen = now;
    }
    assert!(
        seen > 0,
        "no submission got through: the kills came too early to test anything"
    );
}
