//! The `compagnon programme …` commands, driving the real binary.

mod common;

use common::EXAMPLE;

fn compagnon(args: &[&str]) -> (i32, String, String) {
    let out = common::output(args, "");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_accepts_the_example() {
    let (code, out, err) = compagnon(&["programme", "check", EXAMPLE]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("programme valide — 6 ateliers"), "{out}");
}

const BROKEN: &str = r#"[cohort]
name = "test"
title = "Cohorte de test"
timezone = "Europe/Pariss"

[[atelier]]
number = 1
title = "Premier"
summary = "Le premier atelier"
start = "2027-02-11 09:30"
end = "2027-02-11 08:00"
lieu = "Lyon"

[[atelier]]
number = 1
title = "Doublon"
summary = "Même numéro"
start = "2027-02-31 09:30"
end = "2027-03-01 17:00"
link = "pas une url"

[atelier.deliverable]
title = "Livrable"
instructions = "Faire quelque chose"
due = "2027-02-20 23:59"
"#;

#[test]
fn check_names_the_line_of_every_problem_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cassé.toml");
    std::fs::write(&path, BROKEN).unwrap();
    let path = path.to_str().unwrap();
    let (code, out, err) = compagnon(&["programme", "check", path]);
    assert_ne!(code, 0);
    assert!(out.is_empty(), "{out}");
    let lines: Vec<&str> = err.lines().collect();
    let at = |line: usize| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{path}:{line}:")))
            .unwrap_or_else(|| panic!("no problem reported on line {line}:\n{err}"))
    };
    assert!(
        at(4).contains("Europe/Paris"),
        "suggests the zone: {}",
        at(4)
    );
    assert!(at(11).contains("fin"), "end before start: {}", at(11));
    assert!(at(12).contains("lieu"), "unknown key: {}", at(12));
    assert!(at(15).contains('1'), "duplicate number: {}", at(15));
    assert!(at(18).contains("2027-02-31"), "bad date: {}", at(18));
    assert!(at(20).contains("pas une url"), "bad URL: {}", at(20));
    assert!(err.contains("problèmes à corriger"), "{err}");
}

#[test]
fn check_speaks_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, BROKEN).unwrap();
    let (code, _, err) = compagnon(&["programme", "check", path.to_str().unwrap(), "--lang", "en"]);
    assert_ne!(code, 0);
    assert!(err.contains("problems to fix"), "{err}");
}

#[test]
fn preview_lists_messages_at_local_times_across_the_summer_time_change() {
    let (code, out, err) = compagnon(&["programme", "preview", EXAMPLE]);
    assert_eq!(code, 0, "{err}");
    let has = |needle: &str| {
        assert!(
            out.lines().any(|l| l.starts_with(needle)),
            "missing line starting {needle:?}\n{out}"
        );
    };
    // Atelier 3 is on Tuesday 30 March 2027, just after the change on Sunday 28 March: its
    // references go out in winter time, its reminders in summer time, all at the same wall
    // clock hours as every other atelier's.
    has("mardi 23 mars 2027 à 9 h 00 (+01:00) · références de l'atelier 3");
    has("lundi 29 mars 2027 à 18 h 00 (+02:00) · rappel de l'atelier 3");
    has("mardi 30 mars 2027 à 8 h 30 (+02:00) · rappel de l'atelier 3");
    has("jeudi 4 février 2027 à 9 h 00 (+01:00) · références de l'atelier 1");
    assert!(out.contains("Envois de références : 6"), "{out}");
    // Chronological.
    let dated: Vec<&str> = out.lines().filter(|l| l.contains(" · ")).collect();
    assert!(dated.len() > 40);
}

#[test]
fn preview_of_a_programme_without_rules_is_empty_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sans-regles.toml");
    let text = r#"rule = []

[cohort]
name = "sans-regles"
title = "Sans règles"

[attendance]
enabled = false

[evaluation]
enabled = false

[followup]
enabled = false

[[atelier]]
number = 1
title = "Seul atelier"
summary = "Un atelier sans aucun rappel"
start = "2027-03-30 09:30"
end = "2027-03-30 17:00"

[atelier.deliverable]
title = "Livrable"
instructions = "Écrire une page"
due = "2027-04-06 23:59"
"#;
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = compagnon(&[
        "programme",
        "preview",
        path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("This programme produces no automated message"),
        "{out}"
    );
    assert!(out.contains("Reference drops: 0"), "{out}");
}

#[test]
fn import_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    let (code, out, err) = compagnon(&["programme", "import", EXAMPLE, "--db", db]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Cohorte « bvm-printemps-2027 » créée : 6 ateliers"),
        "{out}"
    );
    let (code, out, _) = compagnon(&["programme", "import", EXAMPLE, "--db", db]);
    assert_eq!(code, 0);
    assert!(out.contains("déjà à jour : rien n'a changé"), "{out}");
}

#[test]
fn run_needs_a_platform_and_takes_secrets_only_from_env_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("compagnon.toml");
    let path = config.to_str().unwrap();

    std::fs::write(&config, "database = \"c.db\"\n").unwrap();
    let (code, _, err) = compagnon(&["run", "--config", path]);
    assert_ne!(code, 0);
    assert!(err.contains("no chat platform is configured"), "{err}");

    let matrix = "[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser_id = \"@bot:localhost\"\n";
    std::fs::write(&config, format!("{matrix}password = \"hunter2\"\n")).unwrap();
    let (code, _, err) = compagnon(&["run", "--config", path]);
    assert_ne!(code, 0);
    assert!(err.contains(":4: unknown field `password`"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");

    let var = "COMPAGNON_TEST_UNSET_PASSWORD_VAR";
    std::fs::write(&config, format!("{matrix}password_env = \"{var}\"\n")).unwrap();
    let (code, _, err) = compagnon(&["run", "--config", path]);
    assert_ne!(code, 0);
    assert!(err.contains(&format!("{var} is not set")), "{err}");
}

#[test]
fn init_asks_then_writes_a_configuration_and_a_programme_that_check_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let answers = "bvm-automne-2027\nBien-Vivre Maintenant — automne 2027\nmatrix\n\
                   https://matrix.example.org\n@compagnon:example.org\n!cohorte:example.org\n\
                   2027-09-16\n2027-10-07\n2027-10-28\n2027-11-18\n2027-12-02\n2027-12-16\n\
                   https://compagnon.example.org\n";
    let said = common::run(&["init", "--dir", d], answers);
    assert!(said.contains("compagnon doctor"), "{said}");
    let programme = dir.path().join("programme.toml");
    let checked = common::run(&["programme", "check", programme.to_str().unwrap()], "");
    assert!(checked.contains("6 ateliers"), "{checked}");
    let config = std::fs::read_to_string(dir.path().join("compagnon.toml")).unwrap();
    assert!(config.contains("password_env = \"COMPAGNON_MATRIX_PASSWORD\""));
    assert!(config.contains("public_url = \"https://compagnon.example.org\""));
    assert!(!config.contains("[discord]"));
    // A second run changes nothing without --force.
    let again = common::output(&["init", "--dir", d], answers);
    assert!(!again.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compagnon.toml")).unwrap(),
        config
    );
}
