//! Polls through the console, `compagnon export-poll`, and a restart in the middle of a burst
//! of votes, driving the real binary.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::{EXAMPLE, run};

const NOW: &str = "2027-03-10T10:00:00+01:00";

#[test]
fn a_poll_and_a_majority_judgment_in_the_console_with_charts_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    let script = "\
:as Camille facilitator
!sondage \"Quel créneau pour l'atelier 4 ?\" \"Mardi\" \"Jeudi\" \"Vendredi\" --anonyme --durée 2h
:as Alice participant
!vote 2
:as Bruno participant
!vote 3
!vote 2
:as Camille facilitator
!sondage \"Quel projet porter ensemble ?\" \"Jardin partagé\" \"Repair café\" --jugement
:as Alice participant
!vote #2 très-bien passable
:as Bruno participant
!vote #2 bien assez-bien
:as Camille facilitator
!clore 2
:advance 2h
";
    let out = run(
        &["console", "--db", db, "--programme", EXAMPLE, "--now", NOW],
        script,
    );
    assert!(out.contains("compagnon → salon\n  📊 **Sondage n° 1 : Quel créneau pour l'atelier 4 ?**\n  1. Mardi\n  2. Jeudi\n  3. Vendredi"), "{out}");
    assert!(
        out.contains("compagnon → Bruno (message privé)\n  Vote modifié pour le sondage anonyme n° 1 « Quel créneau pour l'atelier 4 ? ». Votre choix n'est conservé nulle part"),
        "{out}"
    );
    assert!(out.contains("  📊 **Résultats du sondage n° 2 : Quel projet porter ensemble ?**\n  2 votant·es.\n  1. Jardin partagé — mention majoritaire : Bien 🏆\n  2. Repair café — mention majoritaire : Passable"), "{out}");
    let closing = out
        .find("── mercredi 10 mars 2027 à 12 h 00 ──")
        .expect("the deadline passes");
    assert!(out[closing..].contains("📊 **Résultats du sondage n° 1 : Quel créneau pour l'atelier 4 ?**\n  2 votant·es.\n  Mardi : 0 (0 %)\n  🏆 Jeudi : 2 (100 %)"), "{out}");
    let charts: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("📎 "))
        .collect();
    assert_eq!(charts.len(), 2, "{out}");
    for chart in charts {
        assert_eq!(&std::fs::read(chart).unwrap()[..4], b"\x89PNG");
    }

    // The anonymous poll's export has ballots, no voters; the other one names them.
    let csv = dir.path().join("sondage1.csv");
    run(
        &[
            "export-poll",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--poll",
            "1",
            "--out",
            csv.to_str().unwrap(),
        ],
        "",
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text, "choices\r\nJeudi\r\nJeudi\r\n");
    let csv = dir.path().join("sondage2.csv");
    run(
        &[
            "export-poll",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--poll",
            "2",
            "--out",
            csv.to_str().unwrap(),
        ],
        "",
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "voter,cast_at,Jardin partagé,Repair café");
    assert!(
        lines[1].starts_with("Alice,2027-03-10T09:00:00+00:00,Très bien,Passable"),
        "{text}"
    );
    assert!(lines[2].starts_with("Bruno,"), "{text}");
}

fn count_lines(transcript: &Path, needle: &str) -> usize {
    std::fs::read_to_string(transcript)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(needle))
        .count()
}

fn ballots(db: &Path) -> usize {
    let out = Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM ballots').fetchone()[0])")
        .arg(db)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_restart_during_a_burst_of_votes_loses_no_acknowledged_vote_and_counts_none_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let t = dir.path().join("t.tsv");
    let (db_s, t_s) = (db.to_str().unwrap(), t.to_str().unwrap());
    const VOTERS: usize = 120;
    let mut setup = String::from(":as Camille facilitator\n!sondage \"Q ?\" \"A\" \"B\"\n");
    let mut votes = String::new();
    for i in 0..VOTERS {
        setup.push_str(&format!(":as P{i} participant\n!aide\n"));
        votes.push_str(&format!(":as P{i} participant\n!vote {}\n", 1 + i % 2));
    }
    run(
        &[
            "console",
            "--db",
            db_s,
            "--programme",
            EXAMPLE,
            "--now",
            NOW,
            "--transcript",
            t_s,
        ],
        &setup,
    );

    // Votes with a slow delivery, killed (SIGKILL) after some acknowledgements.
    let mut child = common::spawn(
        &["console", "--db", db_s, "--now", NOW, "--transcript", t_s],
        &[("COMPAGNON_CONSOLE_DELIVERY_DELAY_MS", "3")],
        &votes,
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while count_lines(&t, "Vote enregistré") < 30 {
        assert!(
            Instant::now() < deadline && child.try_wait().unwrap().is_none(),
            "no burst to interrupt"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let acknowledged = count_lines(&t, "Vote enregistré");
    let stored = ballots(&db);
    assert!(
        stored >= acknowledged,
        "{acknowledged} acknowledged but {stored} stored"
    );
    assert!(stored < VOTERS, "the kill came after the burst");

    // Everyone votes again after the restart (as people do when unsure): nobody counts twice.
    run(
        &["console", "--db", db_s, "--now", NOW, "--transcript", t_s],
        &votes,
    );
    assert_eq!(ballots(&db), VOTERS);
    let out = run(
        &["console", "--db", db_s, "--now", NOW],
        ":as Camille facilitator\n!clore 1\n",
    );
    assert!(
        out.contains(&format!(
            "{VOTERS} votant·es.\n  🏆 A : 60 (50 %)\n  🏆 B : 60 (50 %)"
        )),
        "{out}"
    );
}
