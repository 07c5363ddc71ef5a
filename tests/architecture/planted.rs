//! Tests of the tests: each architecture check, fed a violation planted on purpose, reports it,
//! and stays quiet on the same file done right. A check that cannot fail would prove nothing.

use super::checks::{self, Source};

fn file(path: &str, text: &str) -> Vec<Source> {
    vec![(path.to_owned(), text.to_owned())]
}

#[test]
fn a_platform_crate_in_the_core_is_caught() {
    let bad = file("bot/src/engine/x.rs", "use serenity::all::Http;");
    assert_eq!(checks::platform_crates_named(&bad).len(), 1);
    let good = file(
        "bot/src/engine/x.rs",
        "// talks to serenity through adapters",
    );
    assert!(checks::platform_crates_named(&good).is_empty());
}

#[test]
fn a_clock_in_a_pure_module_is_caught() {
    let (bad, n) = checks::impure_names(&file("bot/src/poll/x.rs", "let t = Utc::now();"));
    assert_eq!((bad.len(), n), (1, 1));
    let (ok, n) = checks::impure_names(&file("bot/src/engine/jobs.rs", "let t = Utc::now();"));
    assert_eq!((ok.len(), n), (0, 0), "the engine may read time");
}

#[test]
fn sql_in_a_handler_is_caught() {
    let bad = file(
        "bot/src/engine/polls.rs",
        "sqlx::query(\"DELETE FROM polls\")",
    );
    assert_eq!(checks::sql_outside_store(&bad).len(), 1);
    let good = file(
        "bot/src/store/polls.rs",
        "sqlx::query(\"DELETE FROM polls\")",
    );
    assert!(checks::sql_outside_store(&good).is_empty());
}

#[test]
fn a_file_written_in_a_handler_is_caught() {
    let bad = file("bot/src/engine/info.rs", "std::fs::write(&path, ics)?;");
    assert!(!checks::file_io_in_handlers(&bad).is_empty());
    let good = file(
        "bot/src/engine/info.rs",
        "store::effects::record(conn, &Effect::WriteFile { path, bytes }, now).await?;",
    );
    assert!(checks::file_io_in_handlers(&good).is_empty());
    let sweep = file("bot/src/engine/maintenance.rs", "std::fs::read_dir(dir)");
    assert!(checks::file_io_in_handlers(&sweep).is_empty());
}

#[test]
fn a_long_function_is_caught_but_not_a_long_test() {
    let body = "    step();\n".repeat(80);
    let long = format!("pub async fn import(\n    x: u8,\n) -> u8 {{\n{body}}}\n");
    let bad = file("bot/src/store/x.rs", &long);
    assert_eq!(
        checks::long_functions(&bad, 80),
        vec!["bot/src/store/x.rs: import (84 lines)".to_owned()]
    );
    let short = format!("fn a() {{\n{}}}\n", "    step();\n".repeat(78));
    assert!(checks::long_functions(&file("bot/src/x.rs", &short), 80).is_empty());
    let test =
        format!("fn a() {{}}\n\n#[cfg(test)]\nmod tests {{\n    fn t() {{\n{body}    }}\n}}\n");
    assert!(checks::long_functions(&file("bot/src/x.rs", &test), 80).is_empty());
    assert!(checks::long_functions(&file("bot/src/x_tests.rs", &long), 80).is_empty());
    let declaration = "    fn deliver(&self) -> u8;\n".to_owned() + &body;
    assert!(checks::long_functions(&file("bot/src/x.rs", &declaration), 80).is_empty());
}

#[test]
fn an_allow_without_a_reason_is_caught() {
    let bad = file("bot/src/x.rs", "#[allow(dead_code)]\nfn a() {}\n\n\n");
    assert_eq!(
        checks::silent_allows(&bad),
        vec!["bot/src/x.rs:1".to_owned()]
    );
    let good = file(
        "bot/src/x.rs",
        "#[allow(\n    dead_code,\n    reason = \"used by one test\"\n)]\nfn a() {}\n",
    );
    assert!(checks::silent_allows(&good).is_empty());
}

#[test]
fn a_file_missing_from_the_code_map_is_caught() {
    let map = "| `bot/src/engine/` | `polls.rs` (polls) |\n| `bot/src/effect.rs` | effects |\n";
    let files: Vec<Source> = [
        "bot/src/engine/polls.rs",
        "bot/src/engine/mod.rs",
        "bot/src/effect.rs",
        "bot/src/engine/groups.rs",
    ]
    .iter()
    .map(|p| (p.to_string(), String::new()))
    .collect();
    assert_eq!(
        checks::missing_from_code_map(map, &files),
        vec!["bot/src/engine/groups.rs".to_owned()]
    );
}

#[test]
fn a_fluent_typo_or_a_missing_translation_is_caught() {
    let fr = checks::fluent_ids(&["poll-closed = Sondage clos\nhelp-list =\n    { cmd }\n".into()]);
    let en = checks::fluent_ids(&["poll-closed = Poll closed\n".into()]);
    let named: Vec<(String, String)> = checks::ids_named_in_code(
        "Msg::new(\"poll-closd\"); UserError::new(\"help-list\"); Msg::new(\"poll-closed\")",
    )
    .into_iter()
    .map(|id| (id, "bot/src/x.rs".to_owned()))
    .collect();
    let unknown = checks::unknown_ids(&named, &[("French", &fr), ("English", &en)]);
    assert_eq!(
        unknown,
        vec![
            "bot/src/x.rs names poll-closd, missing in French".to_owned(),
            "bot/src/x.rs names poll-closd, missing in English".to_owned(),
            "bot/src/x.rs names help-list, missing in English".to_owned(),
        ]
    );
    let unused = checks::unused_ids(&fr, "Msg::new(\"poll-closed\")", &[]);
    assert_eq!(unused, vec!["help-list".to_owned()]);
    let in_pages = checks::ids_named_in_templates("<h1>{{ t(\"poll-closd\", n=2) }}</h1>");
    assert_eq!(in_pages, vec!["poll-closd".to_owned()]);
    let passed_around = checks::ids_named_in_code("page(lang, \"web-nope\", texts)");
    assert_eq!(passed_around, vec!["web-nope".to_owned()]);
}

#[test]
fn an_edited_or_unpinned_migration_is_caught() {
    let pinned = [(
        "0001_a.sql",
        // SHA-256 of "CREATE TABLE a (x);"
        "2ec0a1b4e7b1b8d0bd1c76f0b0d1cf6b1c9a1c4ba2f5d3bb8c8f1a6f0d9a1c33",
    )];
    let edited = vec![("0001_a.sql".to_owned(), b"CREATE TABLE a (y);".to_vec())];
    assert_eq!(checks::migration_changes(&pinned, &edited).len(), 1);
    let unpinned = vec![
        ("0001_a.sql".to_owned(), b"x".to_vec()),
        ("0002_b.sql".to_owned(), b"y".to_vec()),
    ];
    assert!(
        checks::migration_changes(&pinned, &unpinned)
            .iter()
            .any(|v| v.starts_with("pin every migration"))
    );
    use sha2::{Digest, Sha256};
    let bytes = b"CREATE TABLE a (x);".to_vec();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let same = [("0001_a.sql", sha.as_str())];
    assert!(checks::migration_changes(&same, &[("0001_a.sql".to_owned(), bytes)]).is_empty());
    assert_eq!(
        checks::badly_numbered(&["0001_a.sql".into(), "0003_c.sql".into()]).len(),
        1
    );
}
