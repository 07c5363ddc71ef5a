//! Records a training organisation keeps, driving the real binary: attendance through the
//! console, then `compagnon export-attendance` (CSV and PDF),
//! `compagnon certificate` and `compagnon export-evaluation`. PDF text is read back with poppler's
//! `pdftotext`, as a person's viewer would show it (installed by `scripts/test.sh`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{EXAMPLE, output, run};

/// The text of a PDF, as poppler reads it; fails (never skips) without `pdftotext`.
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext (Debian package poppler-utils) is needed to read PDFs back: {e}")
        });
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    // Words are what matter: poppler may break a line anywhere a layout puts a gap.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cohort where, on the morning of atelier 1 (11 February 2027, 09:30–12:30 and 13:30–17:00),
/// Alice confirms remotely, Bruno on site, Dora says nothing and is excused by Camille, and
/// Camille marks Alice absent in the afternoon.
fn rehearse(db: &str) {
    let script = "\
:as Camille facilitator
!aide
:as Alice participant
!present
:as Bruno participant
!present sur-place
:as Dora participant
!aide
:as Camille facilitator
!presence 1 @Dora excusée
!presence 1 @Alice absente session 2
";
    let out = run(
        &[
            "console",
            "--db",
            db,
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-11T09:20:00+01:00",
        ],
        script,
    );
    assert!(
        out.contains("compagnon → Alice (message privé)\n  ✅ Présence confirmée : atelier 1"),
        "{out}"
    );
}

#[test]
fn the_sheet_exports_as_csv_and_as_a_printable_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    rehearse(db);

    let csv = dir.path().join("emargement.csv");
    let args = |out: &Path| {
        vec![
            "export-attendance".to_owned(),
            "--db".to_owned(),
            db.to_owned(),
            "--cohort".to_owned(),
            "bvm-printemps-2027".to_owned(),
            "--atelier".to_owned(),
            "1".to_owned(),
            "--out".to_owned(),
            out.to_str().unwrap().to_owned(),
        ]
    };
    let a = args(&csv);
    run(&a.iter().map(String::as_str).collect::<Vec<_>>(), "");
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[0],
        "atelier,titre,session,debut,fin,participant,presence,mode,confirme_le,confirme_par"
    );
    // One row per participant and session: 3 × 2.
    assert_eq!(rows.len(), 1 + 6, "{text}");
    for expected in [
        "1,Le sens avant l'action,1,2027-02-11 09:30,2027-02-11 12:30,Alice,présent·e,à distance,2027-02-11 09:20,la personne",
        "1,Le sens avant l'action,1,2027-02-11 09:30,2027-02-11 12:30,Bruno,présent·e,sur place,2027-02-11 09:20,la personne",
        "1,Le sens avant l'action,1,2027-02-11 09:30,2027-02-11 12:30,Dora,excusé·e,,2027-02-11 09:20,Camille",
        "1,Le sens avant l'action,2,2027-02-11 13:30,2027-02-11 17:00,Alice,absent·e,,2027-02-11 09:20,Camille",
        "1,Le sens avant l'action,2,2027-02-11 13:30,2027-02-11 17:00,Bruno,non confirmé,,,",
    ] {
        assert!(rows.contains(&expected), "{expected}\nin\n{text}");
    }

    let pdf = dir.path().join("emargement.pdf");
    let a = args(&pdf);
    run(&a.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    for expected in [
        "Feuille d'émargement",
        "Tiers-lieu La Pépinière — organisme de formation",
        "Atelier 1 « Le sens avant l'action » — session 1 sur 2",
        "Lieu : La Pépinière, tiers-lieu — 12 rue des Communs, 69001 Lyon",
        "Présent·es : 2 sur 3",
        "session 2 sur 2",
        "Présent·es : 0 sur 3",
        "Alice",
        "Bruno",
        "Dora",
        "excusé·e",
        "Signature",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
}

#[test]
fn each_participant_gets_a_certificate_with_the_hours_attended() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    rehearse(db);
    let certs = dir.path().join("certificats");
    let out = run(
        &[
            "certificate",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--out",
            certs.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.lines().count(), 3, "one per participant: {out}");
    let alice = out
        .lines()
        .find(|l| l.ends_with("-Alice.pdf"))
        .unwrap_or_else(|| panic!("{out}"));
    let text = pdf_text(Path::new(alice));
    for expected in [
        "Certificat de réalisation",
        "représentant·e de l'organisme Tiers-lieu La Pépinière — organisme de formation",
        "atteste que Alice a suivi l'action de formation « Bien-Vivre Maintenant — cohorte du printemps 2027 »",
        "du jeudi 11 février 2027 au jeudi 20 mai 2027",
        // The morning of atelier 1 (3 h) of 39 h: five ateliers of 6 h 30, and the sixth's
        // own two sessions (3 h 30 + 3 h).
        "durée réalisée de 3 h sur 39 h prévues",
        "3 h / 6 h 30",
        "Livrables rendus : 0 sur",
        "Signature et cachet",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let dora = pdf_text(
        &certs.join(
            out.lines()
                .find(|l| l.ends_with("-Dora.pdf"))
                .map(|l| Path::new(l).file_name().unwrap().to_owned())
                .unwrap(),
        ),
    );
    assert!(dora.contains("durée réalisée de 0 h sur 39 h"), "{dora}");
}

#[test]
fn exports_refuse_what_they_cannot_do_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    rehearse(db);
    let out_file = dir.path().join("x.txt");
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "export-attendance",
                "--cohort",
                "bvm-printemps-2027",
                "--out",
                out_file.to_str().unwrap(),
            ],
            ".csv or .pdf",
        ),
        (
            &[
                "export-attendance",
                "--cohort",
                "nulle-part",
                "--out",
                "x.csv",
            ],
            "no cohort named",
        ),
        (
            &[
                "export-attendance",
                "--cohort",
                "bvm-printemps-2027",
                "--atelier",
                "9",
                "--out",
                "x.csv",
            ],
            "no atelier 9",
        ),
        (
            &[
                "certificate",
                "--cohort",
                "bvm-printemps-2027",
                "--member",
                "Zoé",
                "--out",
                "certs",
            ],
            "no participant named",
        ),
    ];
    for (args, expected) in cases {
        let mut full = args.to_vec();
        full.extend(["--db", db]);
        let out = output(&full, "");
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(!out_file.exists());
    assert!(!Path::new("x.csv").exists() && !Path::new("certs").exists());
}

#[test]
fn evaluations_export_as_csv_without_names_when_anonymous() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    // Atelier 1 ends at 17:00: the evaluation opens; Alice and Bruno answer by DM.
    let script = "\
:as Camille facilitator
!aide
:as Alice participant
!aide
:as Bruno participant
!aide
:advance 2m
:dm
:as Alice participant
!evaluer 1 5 4 | les cas pratiques, « concrets » | plus de pauses
:as Bruno participant
!evaluer 1 3 3
";
    let out = run(
        &[
            "console",
            "--db",
            db,
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-11T16:59:00+01:00",
        ],
        script,
    );
    assert!(out.contains("anonymement"), "{out}");
    let csv = dir.path().join("evaluations.csv");
    run(
        &[
            "export-evaluation",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--out",
            csv.to_str().unwrap(),
        ],
        "",
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows.remove(0),
        "atelier,titre,participant,satisfaction,objectifs_atteints,a_garder,a_changer"
    );
    rows.sort();
    assert_eq!(
        rows,
        [
            "1,Le sens avant l'action,,3,3,,",
            "1,Le sens avant l'action,,5,4,\"les cas pratiques, « concrets »\",plus de pauses",
        ]
    );
    assert!(!text.contains("Alice") && !text.contains("Bruno"), "{text}");
    let out = output(
        &[
            "export-evaluation",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--objectives",
            "--out",
            csv.to_str().unwrap(),
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has not opened"));
}

#[test]
fn the_pool_of_resources_exports_as_csv_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pool.db");
    let db = db.to_str().unwrap();
    let script = "\
:as Ana participant
!offre \"Salle de réunion | 30 places\" --type lieu --ou \"Lyon 1er\"
:as Dora participant
!besoin \"Une salle pour la restitution\" --type lieu
!besoin \"=HYPERLINK(\\\"x\\\")\" --type autre
";
    run(
        &[
            "console",
            "--db",
            db,
            "--programme",
            EXAMPLE,
            "--now",
            "2027-04-13T09:00:00+02:00",
        ],
        script,
    );
    let csv = dir.path().join("pool.csv");
    let md = dir.path().join("pool.md");
    for out in [&csv, &md] {
        let printed = run(
            &[
                "export-resources",
                "--db",
                db,
                "--cohort",
                "bvm-printemps-2027",
                "--out",
                out.to_str().unwrap(),
            ],
            "",
        );
        assert!(printed.contains("3 offer(s) and need(s)"), "{printed}");
    }
    let csv = std::fs::read_to_string(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "numero,sens,type,intitule,lieu,membre,mis_en_relation"
    );
    assert!(
        lines[1].starts_with("1,offre,lieu,Salle de réunion | 30 places,Lyon 1er,Ana,#2"),
        "{csv}"
    );
    // A formula typed by someone is defused for spreadsheets.
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("## Offres"), "{md}");
    assert!(
        md.contains("| 1 | lieu | Salle de réunion \\| 30 places | Lyon 1er | Ana | #2 |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | lieu | Une salle pour la restitution |  | Dora | #1 |"),
        "{md}"
    );

    let refused = output(
        &[
            "export-resources",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--out",
            "x.pdf",
        ],
        "",
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains(".csv or .md"));
}
