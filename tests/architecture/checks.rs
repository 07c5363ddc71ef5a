//! The architecture checks themselves: values in (paths and texts), violations out. Pure, so
//! that `planted.rs` can show each one catching a violation planted on purpose.

use std::collections::BTreeMap;

/// A source file: its path from the repository root, and its text.
pub type Source = (String, String);

/// Crates only adapters may name.
pub const PLATFORM_CRATES: &[&str] = &["serenity", "poise", "matrix-sdk", "matrix_sdk", "ruma"];

/// Core files that name a platform crate.
pub fn platform_crates_named(core: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in core {
        for name in PLATFORM_CRATES {
            if text.contains(&format!("{name}::")) {
                out.push(format!("{path} uses {name}"));
            }
        }
    }
    out
}

/// The pure modules: values in, values out.
pub const PURE: &[&str] = &[
    "bot/src/command/",
    "bot/src/schedule/",
    "bot/src/programme/",
    "bot/src/poll/",
    "bot/src/groups/",
    "bot/src/resources.rs",
    "bot/src/review/",
    "bot/src/calendar.rs",
    "bot/src/calendar_tests.rs",
    "bot/src/duration.rs",
    "bot/src/preview.rs",
    "bot/src/engine/render.rs",
    "bot/src/text.rs",
    "bot/src/limits.rs",
];

/// What a pure module must not name: the store, the database, the runtime, files, the clock.
pub const IMPURE: &[&str] = &[
    "crate::store",
    "super::store",
    "sqlx",
    "tokio",
    "std::fs",
    "crate::clock",
    "Utc::now",
    "SystemTime",
];

/// Pure files that name something impure; and how many pure files there were.
pub fn impure_names(files: &[Source]) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut pure = 0;
    for (path, text) in files {
        if !PURE.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        pure += 1;
        for word in IMPURE {
            if text.contains(word) {
                out.push(format!("{path} is pure but names {word}"));
            }
        }
    }
    (out, pure)
}

/// Core files outside `bot/src/store/` that run SQL.
pub fn sql_outside_store(core: &[Source]) -> Vec<String> {
    core.iter()
        .filter(|(path, text)| !path.starts_with("bot/src/store/") && text.contains("sqlx::query"))
        .map(|(path, _)| path.clone())
        .collect()
}

/// What only `effect.rs` and the file modules may do: touch files.
const FILE_IO: &[&str] = &[
    "std::fs",
    "fs::",
    "files::private",
    "File::create",
    "File::open",
    "OpenOptions",
];

/// Engine files (handlers, jobs) that touch files themselves instead of recording an effect.
/// Housekeeping (`maintenance.rs`) is no handler: it sweeps files by design.
pub fn file_io_in_handlers(core: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in core {
        if !path.starts_with("bot/src/engine/") || path.ends_with("/maintenance.rs") {
            continue;
        }
        for word in FILE_IO {
            if text.contains(word) {
                out.push(format!("{path} names {word}"));
            }
        }
    }
    out
}

/// The text of a file without its `#[cfg(test)]` module (tests read best as long tables).
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Functions longer than `max` lines (from the `fn` line to the closing brace, inclusive),
/// outside test files and test modules.
pub fn long_functions(files: &[Source], max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in files {
        if path.ends_with("tests.rs") {
            continue;
        }
        let lines: Vec<&str> = without_tests(text).lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(name) = fn_name(line) else {
                continue;
            };
            let indent = line.len() - line.trim_start().len();
            let end = lines[i + 1..].iter().position(|l| {
                l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
            });
            let length = end.map_or(lines.len() - i, |e| e + 2);
            if length > max {
                out.push(format!("{path}: {name} ({length} lines)"));
            }
        }
    }
    out
}

/// The name of the function a line starts, if it starts one with a body.
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for qualifier in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("async ").unwrap_or(rest);
    let rest = rest.strip_prefix("fn ")?;
    if line.trim_end().ends_with(';') {
        return None;
    }
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// `#[allow(…)]` attributes with no `reason = "…"` on their line or the two after.
pub fn silent_allows(files: &[Source]) -> Vec<String> {
    let mut silent = Vec::new();
    for (path, text) in files {
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let line = line.trim_start();
            let opens = line.starts_with("#[allow(") || line.starts_with("#![allow(");
            let explained = lines[n..lines.len().min(n + 3)]
                .iter()
                .any(|l| l.contains("reason"));
            if opens && !explained {
                silent.push(format!("{path}:{}", n + 1));
            }
        }
    }
    silent
}

/// Source files the code map of `ARCHITECTURE.md` does not mention: by full path anywhere, or
/// by name in the row of their folder (an adapter's row names `handler.rs`); entry points
/// (`mod.rs`, `lib.rs`, `main.rs`) and `*tests.rs` are covered by their folder's row.
pub fn missing_from_code_map(map: &str, files: &[Source]) -> Vec<String> {
    let rows: Vec<(String, String)> = map
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("| `")?;
            let (key, text) = rest.split_once('`')?;
            Some((key.to_owned(), text.to_owned()))
        })
        .collect();
    let mut missing = Vec::new();
    for (path, _) in files {
        let name = path.rsplit('/').next().unwrap_or(path);
        let dir = &path[..path.len() - name.len()];
        let entry_point = matches!(name, "mod.rs" | "lib.rs" | "main.rs");
        let tests_beside = name == "tests.rs" || name.ends_with("_tests.rs");
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
    missing
}

/// `id = …` messages of Fluent files, with their text (continuation lines appended).
pub fn fluent_ids(files: &[String]) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for text in files {
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
                    if let Some(text) = current.as_ref().and_then(|id| ids.get_mut(id)) {
                        text.push_str(line);
                    }
                }
            }
        }
    }
    ids
}

/// Ids passed as literals to `Msg::new` or `UserError::new`.
pub fn ids_named_in_code(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The web space passes its page ids around before they reach `Msg::new`: every literal of
    // that family is a name.
    let mut rest = text;
    while let Some(i) = rest.find("\"web-") {
        rest = &rest[i + 1..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_owned());
        }
    }
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

/// Fluent ids a web template names: `t("id", …)`.
pub fn ids_named_in_templates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("t(\"") {
        rest = &rest[i + 3..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_owned());
        }
    }
    out
}

/// Ids the code names (with where) that a locale lacks.
pub fn unknown_ids(
    named: &[(String, String)],
    locales: &[(&str, &BTreeMap<String, String>)],
) -> Vec<String> {
    let mut out = Vec::new();
    for (id, path) in named {
        for (lang, ids) in locales {
            if !ids.contains_key(id) {
                out.push(format!("{path} names {id}, missing in {lang}"));
            }
        }
    }
    out
}

/// Ids of a locale that no code names, no code builds and no other message references.
pub fn unused_ids(locale: &BTreeMap<String, String>, code: &str, built: &[String]) -> Vec<String> {
    let all_messages: String = locale.values().cloned().collect::<Vec<_>>().join("\n");
    locale
        .keys()
        .filter(|id| {
            !code.contains(&format!("\"{id}\""))
                && !built.contains(id)
                && !all_messages.contains(&format!("{{ {id} }}"))
        })
        .cloned()
        .collect()
}

/// Migrations on disk that differ from the pinned list: unpinned, missing, or edited.
pub fn migration_changes(pinned: &[(&str, &str)], on_disk: &[(String, Vec<u8>)]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    let names: Vec<&str> = on_disk.iter().map(|(n, _)| n.as_str()).collect();
    let pinned_names: Vec<&str> = pinned.iter().map(|(n, _)| *n).collect();
    if names != pinned_names {
        out.push(format!(
            "pin every migration in LANDED_MIGRATIONS: on disk {names:?}, pinned {pinned_names:?}"
        ));
    }
    for (name, bytes) in on_disk {
        let actual: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if let Some((_, sha)) = pinned.iter().find(|(n, _)| n == name)
            && *sha != actual
        {
            out.push(format!(
                "{name} changed after it landed: add a new migration instead"
            ));
        }
    }
    out
}

/// Migration names that are not `NNNN_name.sql` numbered from 1 without gaps.
pub fn badly_numbered(names: &[String]) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .filter(|(i, name)| {
            !(name.starts_with(&format!("{:04}_", i + 1)) && name.ends_with(".sql"))
        })
        .map(|(i, name)| format!("{name} should be {:04}_….sql", i + 1))
        .collect()
}
