//! Deliverables through the console and `compagnon export`, driving the real binary.

use std::io::Read;

mod common;

use common::{EXAMPLE, run};

#[test]
fn hand_in_resubmit_review_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    let pdf = dir.path().join("engagement.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n% mon engagement\n%%EOF\n").unwrap();
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# Notes\n\nCe qui me fait agir.\n").unwrap();
    let script = format!(
        "\
:as Camille facilitator
!aide
:as Alice participant
:attach {pdf}
!rendre 1 Le sens de mon engagement
:attach {pdf}
:attach {notes}
!rendre 1 Version complétée
:as Bruno participant
!rendre 1 https://example.org/bruno
:as Camille facilitator
!livrables 1
!retour 1 @Alice validé Très clair, merci.
",
        pdf = pdf.display(),
        notes = notes.display()
    );
    let out = run(
        &[
            "console",
            "--db",
            db,
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-12T10:00:00+01:00",
        ],
        &script,
    );
    assert!(out.contains("compagnon → Alice (message privé)\n  📥 Livrable reçu : atelier 1 « Le sens avant l'action », version 1"), "{out}");
    assert!(out.contains("version 2, le vendredi 12 février 2027 à 10 h 00 (dans les temps)."));
    assert!(out.contains("  Fichier : notes.md (texte"), "{out}");
    assert!(out.contains("compagnon → Camille (message privé)\n  **Livrables de l'atelier 1 « Le sens avant l'action »** : 2 rendu(s) sur 2 attendu(s)"), "{out}");
    assert!(out.contains("compagnon → Alice (message privé)\n  💬 Retour de Camille sur votre livrable de l'atelier 1 « Le sens avant l'action » (version 2) — statut : validé\n  Très clair, merci."), "{out}");

    let zip_path = dir.path().join("export.zip");
    let out = run(
        &[
            "export",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--all-versions",
            "--out",
            zip_path.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.contains("3 submission(s)"), "{out}");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "atelier-1/Alice/v1/engagement.pdf",
            "atelier-1/Alice/v1/texte.md",
            "atelier-1/Alice/v2/engagement.pdf",
            "atelier-1/Alice/v2/notes.md",
            "atelier-1/Alice/v2/texte.md",
            "atelier-1/Bruno/v1/texte.md",
            "manifest.csv",
        ]
    );
    let mut manifest = String::new();
    archive
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    assert_eq!(
        lines[0],
        "member,atelier,version,submitted_at,late,status,files,sha256"
    );
    assert!(
        lines[1].starts_with("Alice,1,1,2027-02-12 10:00,false,received,engagement.pdf,"),
        "{manifest}"
    );
    assert!(
        lines[2].starts_with("Alice,1,2,2027-02-12 10:00,false,validated,engagement.pdf;notes.md,"),
        "{manifest}"
    );
    assert!(
        lines[3].starts_with("Bruno,1,1,2027-02-12 10:00,false,received,,"),
        "{manifest}"
    );
    let mut notes_back = String::new();
    archive
        .by_name("atelier-1/Alice/v2/notes.md")
        .unwrap()
        .read_to_string(&mut notes_back)
        .unwrap();
    assert_eq!(notes_back, "# Notes\n\nCe qui me fait agir.\n");

    // Only the latest versions by default.
    let latest = dir.path().join("latest.zip");
    run(
        &[
            "export",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--atelier",
            "1",
            "--out",
            latest.to_str().unwrap(),
        ],
        "",
    );
    let archive = zip::ZipArchive::new(std::fs::File::open(&latest).unwrap()).unwrap();
    assert_eq!(archive.len(), 5, "Alice v2 (3 files) + Bruno v1 + manifest");
}

#[test]
fn export_paths_stay_distinct_and_csv_exports_defuse_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    // A participant's own file called like the text the export writes.
    let texte = dir.path().join("texte.md");
    std::fs::write(&texte, "# Mon texte à moi\n").unwrap();
    let script = format!(
        "\
:as Camille facilitator
!sondage \"Couleur ?\" \"Vert\" \"Bleu\"
:as x/Bob participant
:attach {texte}
!rendre 1 Texte de x/Bob
:as Bob participant
!rendre 1 Texte de Bob
:as bob participant
!rendre 1 Texte de bob
:as =HYPERLINK(\"http://x\") participant
!vote 2
",
        texte = texte.display()
    );
    let console_args = [
        "console",
        "--db",
        db,
        "--programme",
        EXAMPLE,
        "--now",
        "2027-02-12T10:00:00+01:00",
    ];
    run(&console_args, &script);

    let zip_path = dir.path().join("export.zip");
    let out = run(
        &[
            "export",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--out",
            zip_path.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.contains("3 submission(s)"), "{out}");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    folded.sort();
    folded.dedup();
    assert_eq!(
        folded.len(),
        names.len(),
        "paths clash once case is ignored: {names:?}"
    );
    // Three members, three folders; x/Bob's own texte.md next to the submission's text.
    let folders: std::collections::HashSet<&str> = names
        .iter()
        .filter_map(|n| n.strip_prefix("atelier-1/"))
        .filter_map(|n| n.split('/').next())
        .collect();
    assert_eq!(folders.len(), 3, "{names:?}");
    let texts = names.iter().filter(|n| n.contains("/v1/texte")).count();
    assert_eq!(texts, 4, "{names:?}");

    let csv_path = dir.path().join("votes.csv");
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
            csv_path.to_str().unwrap(),
        ],
        "",
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(
        !csv.contains("\n=HYPERLINK") && !csv.contains(",=HYPERLINK"),
        "{csv}"
    );
}
