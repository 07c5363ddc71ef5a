//! The terminal chat, driven through the real binary with a piped script.

mod common;

use common::EXAMPLE;

/// Runs `compagnon console` with `args`, feeding `script` on stdin; returns stdout.
fn console(args: &[&str], script: &str) -> String {
    let mut all = vec!["console"];
    all.extend_from_slice(args);
    common::run(&all, script)
}

/// The text after `marker`, up to the next occurrence of `until` (or the end).
fn section<'a>(out: &'a str, marker: &str) -> &'a str {
    let start = out
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in:\n{out}"));
    &out[start..]
}

#[test]
fn a_facilitator_then_a_participant_in_french_then_english() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let script = "\
:as Camille facilitator
!programme
!atelier 2
:as Alice participant
!refs 1
!langue en
!session 2
!references 1
:quit
!programme
";
    let out = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-01T09:00:00+01:00",
        ],
        script,
    );
    assert!(
        out.contains("(vous écrivez maintenant en tant que Camille, facilitateur·rice)"),
        "{out}"
    );
    assert!(
        out.contains("1. Le sens avant l'action — jeudi 11 février 2027, 9 h 30 – 17 h 00"),
        "{out}"
    );
    assert!(out.contains("6. La gestion par les communs — jeudi 20 mai 2027, 9 h 30 – 17 h 00"));
    assert!(out.contains("**Atelier 2 : Le pouvoir d'agir**"));
    assert!(out.contains("Quand : jeudi 4 mars 2027, de 9 h 30 à 17 h 00"));
    assert!(out.contains("**Références pour l'atelier 1 « Le sens avant l'action »**"));
    let english = section(&out, "Noted: I will answer you in English from now on.");
    assert!(
        english.contains("**Session 2: Le pouvoir d'agir**"),
        "{english}"
    );
    assert!(
        english.contains("When: Thursday 4 March 2027, from 9:30 to 17:00"),
        "{english}"
    );
    assert!(english.contains("**References for session 1 \"Le sens avant l'action\"**"));
    assert!(english.contains("(video, essential)"));
    // `:quit` stops reading: the last line was never answered.
    assert_eq!(
        out.matches("**Bien-Vivre Maintenant — cohorte du printemps 2027** —")
            .count(),
        1
    );
}

#[test]
fn advancing_the_simulated_clock_delivers_what_falls_due_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let script = "\
:as Alice participant
!aide
:as Camille facilitator
:advance 10d
";
    let out = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-01T09:00:00+01:00",
        ],
        script,
    );
    let refs = out
        .find(
            "── jeudi 4 février 2027 à 9 h 00 ──\ncompagnon → salon\n  **Pour préparer l'atelier 1",
        )
        .unwrap_or_else(|| panic!("references not delivered at 9:00 on 4 February:\n{out}"));
    let eve = out
        .find("── mercredi 10 février 2027 à 18 h 00 ──")
        .expect("the day-before reminder");
    assert!(refs < eve);
    let reminders = &out[eve..];
    assert!(reminders.contains("compagnon → salon\n  ⏰ L'atelier 1 « Le sens avant l'action » commence dans 15 heures et 30 minutes"), "{reminders}");
    assert!(
        reminders.contains("compagnon → Alice (message privé)\n  ⏰ L'atelier 1"),
        "{reminders}"
    );
    assert!(
        !reminders.contains("compagnon → Camille (message privé)\n  ⏰"),
        "facilitators get no participant reminder"
    );
    assert!(
        out.contains("── jeudi 11 février 2027 à 8 h 30 ──"),
        "1 hour before"
    );
    assert!(
        out.trim_end()
            .ends_with("── jeudi 11 février 2027 à 9 h 00 ──"),
        "{out}"
    );

    // Restarting on the same database sends nothing again.
    let again = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--now",
            "2027-02-11T09:00:00+01:00",
        ],
        ":advance 10m\n",
    );
    assert!(!again.contains("compagnon →"), "{again}");
}

#[test]
fn advance_needs_a_simulated_clock_and_a_readable_duration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = console(
        &["--db", db.to_str().unwrap(), "--programme", EXAMPLE],
        ":advance 2d\n:as Alice\n:frob\n",
    );
    assert!(
        out.contains(":advance ne fonctionne qu'avec une horloge simulée"),
        "{out}"
    );
    assert!(
        out.contains("Commande de console inconnue : « :frob »"),
        "{out}"
    );
    let out = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--now",
            "2027-02-01T09:00:00+01:00",
        ],
        ":advance demain\n",
    );
    assert!(out.contains("Durée illisible : « demain »"), "{out}");
}

#[test]
fn hostile_console_input_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let big = dir.path().join("gros.pdf");
    std::fs::write(&big, vec![b'%'; 26 * 1024 * 1024]).unwrap();
    let script = format!(
        "\
:as Alice participant
:attach /dev/zero
:attach {dir}
:attach {big}
!rendre 1 Mon engagement
:advance 99999999w
:advance 2d
!sondage \"Q\" \"A\" \"B\" --durée 99999999w
",
        dir = dir.path().display(),
        big = big.display()
    );
    let out = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-12T10:00:00+01:00",
        ],
        &script,
    );
    // /dev/zero and a folder are refused at once, never read.
    assert_eq!(
        out.matches("n'est pas un fichier ordinaire").count(),
        2,
        "{out}"
    );
    // A file over the limit is refused in words by the engine, nothing stored.
    assert!(out.contains("c'est plus que la limite"), "{out}");
    assert!(!out.contains("Livrable reçu"), "{out}");
    // Dates past every horizon are refused, and the console goes on.
    assert!(out.matches("C'est trop loin").count() >= 1, "{out}");
    assert!(out.contains("── dimanche 14 février 2027"), "{out}");
}

#[test]
fn an_atelier_moved_and_one_cancelled_in_chat_stay_so_across_a_restart_and_are_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let args = |now: &'static str| {
        vec![
            "--db".to_owned(),
            db.to_str().unwrap().to_owned(),
            "--programme".to_owned(),
            EXAMPLE.to_owned(),
            "--now".to_owned(),
            now.to_owned(),
        ]
    };
    let run = |now: &'static str, script: &str| {
        let args = args(now);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        console(&args, script)
    };
    let first = run(
        "2027-02-15T09:00:00+01:00",
        "\
:as Alice participant
!aide
:as Camille facilitator
!atelier-deplacer 2 2027-03-05 9h30 la salle est prise le 4
!atelier-annuler 3 intervenante malade
:advance 1m
",
    );
    assert!(
        first.contains("passe du jeudi 4 mars 2027 à 9 h 30 au vendredi 5 mars 2027 à 9 h 30"),
        "{first}"
    );
    let moved = "📅 Changement de date : l'atelier 2 « Le pouvoir d'agir » aura lieu le vendredi 5 mars 2027 à 9 h 30, et non plus le jeudi 4 mars 2027 à 9 h 30.";
    let cancelled = "❌ Annulation : l'atelier 3";
    // In the room and to Alice, once each.
    assert_eq!(first.matches(moved).count(), 2, "{first}");
    assert_eq!(first.matches(cancelled).count(), 2, "{first}");
    assert_eq!(first.matches("Raison : intervenante malade").count(), 2);

    // The bot restarts on the same database and imports the same file again.
    let second = run(
        "2027-02-15T10:00:00+01:00",
        "\
:as Alice participant
!programme
:advance 18d
",
    );
    assert!(!second.contains(moved), "{second}");
    assert!(!second.contains(cancelled), "{second}");
    assert!(
        second.contains("2. Le pouvoir d'agir — vendredi 5 mars 2027, 9 h 30 – 17 h 00"),
        "{second}"
    );
    assert!(second.contains(
        "3. ~~Le passage au collectif par le territoire — mardi 30 mars 2027~~ ❌ annulé (intervenante malade)"
    ));
    // The day-before reminder follows the new date.
    let eve = section(&second, "── jeudi 4 mars 2027 à 18 h 00 ──");
    assert!(
        eve.contains("commence dans 15 heures et 30 minutes, le vendredi 5 mars 2027 à 9 h 30"),
        "{eve}"
    );
    assert!(
        !second.contains("── mercredi 3 mars 2027 à 18 h 00 ──"),
        "{second}"
    );
}

/// The rehearsal of "Around each atelier" in the README: preparation, attendance, evaluation
/// and a move, through the real binary.
#[test]
fn a_whole_atelier_is_rehearsed_from_preparation_to_evaluation_and_a_move() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("around.db");
    let script = "\
:as Alice participant
!question 1 Faut-il lire tout le livre ?
:as Bruno participant
!pret 1
:as Dora participant
!aide
:as Camille facilitator
!aide
:advance 2d3h
!repondre 1 Le chapitre 2 suffit.
:advance 22h
:as Alice participant
!present
:as Bruno participant
!present sur-place
:as Camille facilitator
!presence 1 @Dora excusée
!presence 1
:advance 7h
:as Alice participant
:dm
!evaluer 1 4 5 | les cas pratiques | plus de pauses
:as Camille facilitator
!evaluation 1
:salon
!atelier-deplacer 2 2027-03-05 9h30 la salle est prise le 4
:advance 1m
";
    let out = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--programme",
            EXAMPLE,
            "--now",
            "2027-02-08T09:00:00+01:00",
        ],
        script,
    );
    // Preparation: the nudge to Dora only, the questions' digest, the answer to Alice.
    let nudge = section(&out, "── mardi 9 février 2027 à 10 h 00 ──");
    assert!(
        nudge.contains("compagnon → Dora (message privé)\n  📚"),
        "{nudge}"
    );
    assert!(
        out.contains("• Q1 — Alice : Faut-il lire tout le livre ?"),
        "{out}"
    );
    assert!(out.contains("💬 Camille répond à votre question sur l'atelier 1"));
    // Attendance: the opening, the confirmations, the sheet.
    assert!(out.contains("🖊️ **Émargement — atelier 1 « Le sens avant l'action », session 1/2**"));
    assert!(
        out.contains("Présent·es : Alice (à distance), Bruno (sur place)"),
        "{out}"
    );
    assert!(out.contains("Excusé·es : Dora"));
    // Evaluation: opened by DM at the end, answered, read by the facilitator.
    let evaluation = section(&out, "── jeudi 11 février 2027 à 17 h 00 ──");
    assert!(
        evaluation.contains("📝 Votre avis sur l'atelier 1 « Le sens avant l'action » ?"),
        "{evaluation}"
    );
    assert!(evaluation.contains("Merci, votre réponse est enregistrée — anonymement"));
    assert!(
        evaluation.contains("1 réponse(s) sur 3 (anonyme)"),
        "{evaluation}"
    );
    assert!(evaluation.contains("• les cas pratiques"));
    // A move: the facilitator's confirmation, and the news in the room and to each participant.
    assert!(evaluation.contains("passe du jeudi 4 mars 2027 à 9 h 30 au vendredi 5 mars 2027"));
    assert_eq!(
        evaluation
            .matches("📅 Changement de date : l'atelier 2 « Le pouvoir d'agir » aura lieu le vendredi 5 mars 2027 à 9 h 30")
            .count(),
        4,
        "the room, Alice, Bruno and Dora: {evaluation}"
    );
}

/// The rehearsal of "Working together" in the README: profiles, groups, the pool.
#[test]
fn small_groups_and_the_pool_of_resources_are_rehearsed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("together.db");
    let script = "\
:as Ana participant
!profil structure \"Mairie de Lyon\" type collectivité
:as Bruno participant
!profil structure \"Mairie de Lyon\" type collectivité
:as Chloé participant
!profil structure \"Les Jardins partagés\" type asso
:as Dora participant
!profil structure \"Coop Bois\" type ESS
:as Eli participant
!profil type asso
:as Fanny participant
!aide
:as Camille facilitator
!groupes 3 --taille 3
!groupes 3 confirmer
:as Ana participant
!offre \"Salle de réunion 30 places\" --type lieu --ou \"Lyon 1er\"
:as Dora participant
!besoin \"Une salle pour notre restitution\" --type lieu
!ressources salle
";
    let out = console(
        &[
            "--db",
            db.to_str().unwrap(),
            "--programme",
            EXAMPLE,
            "--now",
            "2027-03-29T09:00:00+02:00",
        ],
        script,
    );
    let announced = section(&out, "👥 **Les groupes de l'atelier 3");
    let groups: Vec<&str> = announced
        .lines()
        .filter(|l| l.trim_start().starts_with("Groupe "))
        .take(2)
        .collect();
    assert_eq!(groups.len(), 2, "{announced}");
    // The two people of the town hall are apart; six people make two groups of three.
    for g in &groups {
        assert!(!(g.contains("Ana") && g.contains("Bruno")), "{g}");
        assert_eq!(g.matches(", ").count(), 2, "{g}");
    }
    // Six people told privately, and each group's space (the console prints it).
    assert_eq!(
        out.matches("Consignes de l'exercice : En groupe").count(),
        8
    );
    assert_eq!(out.matches("(son espace)").count(), 2, "{out}");
    assert!(out.contains("Cela pourrait correspondre à : #1"));
    assert!(out.contains(
        "🤝 Votre offre #1 « Salle de réunion 30 places » pourrait correspondre au besoin #2 de Dora"
    ));
    assert!(out.contains("**Mutualisation de la cohorte** — 2 résultat(s) pour « salle »"));
}

/// The rehearsal of a decision in the README: atelier 3, from proposals to the record, then
/// `compagnon export-decision`.
#[test]
fn a_decision_is_rehearsed_from_proposals_to_its_exported_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("decide.db");
    let db = db.to_str().unwrap();
    let script = "\
:as Ana participant
!aide
:as Bruno participant
!aide
:as Camille facilitator
!groupes 3 --taille 2
!groupes 3 confirmer
!decision \"Quel projet commun ?\" --propositions 2027-03-31 18h --amendements 2027-04-02 18h --vote 2027-04-05 18h
:as Ana participant
!proposition 1 \"Jardin partagé\" Un jardin au cœur du quartier
:as Bruno participant
!proposition 1 \"Repair café\" Réparer ensemble
:advance 2d10h
!amendement 1 1 Avec un composteur collectif
:as Ana participant
!amendement accepter 1 1 1
:advance 2d
:dm
!vote #1 très-bien passable
:as Bruno participant
:dm
!vote #1 bien très-bien
:advance 3d
";
    let out = console(
        &[
            "--db",
            db,
            "--programme",
            EXAMPLE,
            "--now",
            "2027-03-29T09:00:00+02:00",
        ],
        script,
    );
    assert!(out.contains("👥 **Les groupes de l'atelier 3"), "{out}");
    assert!(
        out.contains("🗳️ **Décision n° 1 : Quel projet commun ?**"),
        "{out}"
    );
    assert!(out.contains("les propositions sont closes (#1 Jardin partagé · #2 Repair café)"));
    assert!(out.contains("Amendement 1 intégré : la proposition 1 a une nouvelle version."));
    assert!(out.contains("🗳️ Décision n° 1 : le vote est ouvert."));
    assert!(
        out.contains("📜 **Décision n° 1 : Quel projet commun ?** — « Jardin partagé » retenue, mention majoritaire « Bien » ; 2 votant·es sur 3 membres."),
        "{out}"
    );
    let folder = dir.path().join("record");
    common::run(
        &[
            "export-decision",
            "--db",
            db,
            "--cohort",
            "bvm-printemps-2027",
            "--decision",
            "1",
            "--out",
            folder.to_str().unwrap(),
        ],
        "",
    );
    let md = std::fs::read_to_string(folder.join("decision-1.md")).unwrap();
    assert!(
        md.contains("- Vote jusqu'au 2027-04-05 18:00 (bulletin secret)"),
        "{md}"
    );
    assert!(
        md.contains("### Version 2\n\nUn jardin au cœur du quartier\nAvec un composteur collectif"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("decision-1.json")).unwrap())
            .unwrap();
    assert_eq!(json["voters"], 2);
}
