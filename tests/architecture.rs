//! Architecture invariants, enforced.

use std::collections::BTreeMap;
use std::path::Path;

const PLATFORM_CRATES: &[&str] = &["serenity", "poise", "matrix-sdk", "matrix_sdk", "ruma"];

#[test]
fn the_core_never_names_a_platform_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("bot/Cargo.toml")).unwrap();
    for name in PLATFORM_CRATES {
        assert!(!manifest.contains(name), "bot/Cargo.toml names {name}");
    }
    let mut stack = vec![root.join("bot/src")];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for name in PLATFORM_CRATES {
                    assert!(
                        !text.contains(&format!("{name}::")),
                        "{} uses {name}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(files > 10);
}

#[test]
fn migrations_are_numbered_and_never_renamed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(root.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)) && name.ends_with(".sql"),
            "{name} should be {:04}_….sql",
            i + 1
        );
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, with its path relative to the repository.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The source of the program itself: the core, the adapters, the binary.
fn program_sources() -> Vec<(String, String)> {
    let mut all = rust_files("bot/src");
    for dir in [
        "adapters/console/src",
        "adapters/matrix/src",
        "adapters/discord/src",
        "src",
    ] {
        all.extend(rust_files(dir));
    }
    all
}

/// The pure modules: values in, values out.
const PURE: &[&str] = &[
    "bot/src/command/",
    "bot/src/schedule/",
    "bot/src/programme/",
    "bot/src/poll/",
    "bot/src/calendar.rs",
    "bot/src/calendar_tests.rs",
    "bot/src/duration.rs",
    "bot/src/preview.rs",
    "bot/src/engine/render.rs",
    "bot/src/text.rs",
    "bot/src/limits.rs",
];

/// What a pure module must not name: the store, the database, the runtime, files, the clock.
const IMPURE: &[&str] = &[
    "crate::store",
    "super::store",
    "sqlx",
    "tokio",
    "std::fs",
    "crate::clock",
    "Utc::now",
    "SystemTime",
];

#[test]
fn pure_modules_touch_no_store_runtime_file_or_clock() {
    let mut checked = 0;
    for (path, text) in rust_files("bot/src") {
        if !PURE.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        checked += 1;
        for word in IMPURE {
            assert!(!text.contains(word), "{path} is pure but names {word}");
        }
    }
    assert!(checked > 20, "only {checked} pure files found");
}

/// `id = …` lines of a locale's Fluent files, with the message text.
fn fluent_ids(lang: &str) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("locales").join(lang)).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let starts_id = line.starts_with(|c: char| c.is_ascii_alphabetic());
            let id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            match line.split_once('=') {
                Some((id, rest)) if starts_id && id.trim_end().chars().all(id_char) => {
                    let id = id.trim().to_owned();
                    ids.insert(id.clone(), rest.to_owned());
                    current = Some(id);
                }
                _ => {
                    if let Some(id) = &current {
                        ids.get_mut(id).unwrap().push_str(line);
                    }
                }
            }
        }
    }
    ids
}

/// Ids passed as literals to `Msg::new` or `UserError::new`.
fn ids_named_in_code(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for opener in ["Msg::new(\"", "UserError::new(\""] {
        let mut rest = text;
        while let Some(i) = rest.find(opener) {
            rest = &rest[i + opener.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_owned());
            }
        }
    }
    out
}

/// Ids built at run time from a family prefix, with every member the code can build.
fn built_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for spec in bot::command::COMMANDS {
        ids.push(format!("cmd-{}-usage", spec.name.id()));
        ids.push(format!("cmd-{}-summary", spec.name.id()));
    }
    for field in ["minute", "hour", "day-of-month", "month", "day-of-week"] {
        ids.push(format!("schedule-cron-field-{field}"));
    }
    ids
}

#[test]
fn every_fluent_id_the_code_names_exists_in_both_locales() {
    let fr = fluent_ids("fr");
    let en = fluent_ids("en");
    let mut named = built_ids();
    for (path, text) in program_sources() {
        for id in ids_named_in_code(&text) {
            // The i18n tests render a missing id on purpose.
            if id == "no-such-message" {
                continue;
            }
            named.push(format!("{id}\u{0}{path}"));
        }
    }
    assert!(named.len() > 250, "only {} ids found", named.len());
    for entry in named {
        let (id, path) = entry
            .split_once('\u{0}')
            .unwrap_or((&entry, "built at run time"));
        assert!(fr.contains_key(id), "{path} names {id}, missing in French");
        assert!(en.contains_key(id), "{path} names {id}, missing in English");
    }
}

#[test]
fn every_fluent_id_in_the_locales_is_used() {
    let fr = fluent_ids("fr");
    let code: String = program_sources()
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n");
    let built = built_ids();
    let all_messages: String = fr.values().cloned().collect::<Vec<_>>().join("\n");
    let unused: Vec<&String> = fr
        .keys()
        .filter(|id| {
            !code.contains(&format!("\"{id}\""))
                && !built.contains(id)
                // Referenced from another message: `{ fmt-month }`.
                && !all_messages.contains(&format!("{{ {id} }}"))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "Fluent messages nothing uses: {unused:?}"
    );
    assert!(fr.len() > 300);
}

/// The migrations that have landed, with their SHA-256: a landed migration is never edited
/// (databases in the field already ran it). Add a line for each new migration.
const LANDED_MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_foundation.sql",
        "d0ea28f9688c396a93b457e866556ff31a14a94d930406a5e05c8836a1bf9737",
    ),
    (
        "0002_chat_reminders.sql",
        "be5467d6eb2a777b4b48324c0cef9ed0af46d8dc37237432e08ee57d0c9e6a1b",
    ),
    (
        "0003_deliverables.sql",
        "0c6d2a1a31635ac050ebde542cd088a61e8acbbf568cd4f888eec3cce218d785",
    ),
    (
        "0004_polls.sql",
        "673ee96484fb353dc7a0aca53ef1983d9593db94080daa35bfe7644b76792c51",
    ),
    (
        "0005_outbox_extra.sql",
        "532b3477bc725193f15234cee9edc4a0dda6fa0e4dd413981a55352b1cd76bb7",
    ),
    (
        "0006_discord.sql",
        "1961023fdda810d80a3aa05ba81608d5571b1f0278e631ca35d3ff65f2f216ec",
    ),
    (
        "0007_trust.sql",
        "3bb07222c2cc6d649e506a30b0455421f2836933d076380a4ec5738397007c6b",
    ),
    (
        "0008_published_objects.sql",
        "35b1f958c5031b48a12f45a6786bb2480194a75167b10d094f556d403085124f",
    ),
];

#[test]
fn landed_migrations_are_never_edited() {
    use sha2::{Digest, Sha256};
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let pinned: Vec<&str> = LANDED_MIGRATIONS.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, pinned, "pin every migration in LANDED_MIGRATIONS");
    for (name, sha) in LANDED_MIGRATIONS {
        let bytes = std::fs::read(root().join("migrations").join(name)).unwrap();
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            &actual, sha,
            "{name} changed after it landed: add a new migration instead"
        );
    }
}

#[test]
fn every_source_file_is_in_the_code_map() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    // Rows of the code map: `| `key` | text |`.
    let rows: Vec<(String, String)> = map
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("| `")?;
            let (key, text) = rest.split_once('`')?;
            Some((key.to_owned(), text.to_owned()))
        })
        .collect();
    let mut files = program_sources();
    files.extend(rust_files("adapters/discord/fake/src"));
    let mut missing = Vec::new();
    for (path, _) in &files {
        let name = path.rsplit('/').next().unwrap();
        let dir = &path[..path.len() - name.len()];
        let entry_point = matches!(name, "mod.rs" | "lib.rs" | "main.rs");
        let tests_beside = name == "tests.rs" || name.ends_with("_tests.rs");
        // Named by its full path anywhere in the map, or by its name in the row of its folder
        // (an adapter's row names `handler.rs` for `adapters/discord/src/handler.rs`).
        let listed = map.contains(&format!("`{path}`"))
            || rows.iter().any(|(key, text)| {
                key.ends_with('/') && path.starts_with(key.as_str()) && {
                    let own = &path[key.len()..];
                    let own = own.strip_prefix("src/").unwrap_or(own);
                    text.contains(&format!("`{own}`")) || entry_point || tests_beside
                }
            })
            || ((entry_point || tests_beside) && rows.iter().any(|(key, _)| key.starts_with(dir)));
        if !listed {
            missing.push(path.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "add to the code map of ARCHITECTURE.md: {missing:?}"
    );
}

#[test]
fn sql_lives_in_the_store() {
    let mut outside = Vec::new();
    for (path, text) in rust_files("bot/src") {
        if !path.starts_with("bot/src/store/") && text.contains("sqlx::query") {
            outside.push(path);
        }
    }
    assert!(outside.is_empty(), "SQL outside bot/src/store: {outside:?}");
}

#[test]
fn every_allow_says_why() {
    let mut files = program_sources();
    for dir in ["bot/tests", "bot/benches", "tests", "benches", "adapters"] {
        files.extend(rust_files(dir));
    }
    let mut silent = Vec::new();
    for (path, text) in files {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start();
            if (line.starts_with("#[allow(") || line.starts_with("#![allow("))
                && !line.contains("reason")
                && !text
                    .lines()
                    .nth(n + 1)
                    .is_some_and(|l| l.contains("reason"))
                && !text
                    .lines()
                    .nth(n + 2)
                    .is_some_and(|l| l.contains("reason"))
            {
                silent.push(format!("{path}:{}", n + 1));
            }
        }
    }
    assert!(silent.is_empty(), "#[allow] without a reason: {silent:?}");
}
