//! Architecture invariants, enforced on the real tree. Each check is a pure function of
//! `checks.rs`; `planted.rs` shows each one failing on a violation planted on purpose.

mod checks;
mod planted;

use std::path::Path;

use checks::Source;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, with its path relative to the repository.
fn rust_files(dir: &str) -> Vec<Source> {
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
fn program_sources() -> Vec<Source> {
    let mut all = rust_files("bot/src");
    for dir in [
        "adapters/console/src",
        "adapters/matrix/src",
        "adapters/discord/src",
        "adapters/web/src",
        "src",
    ] {
        all.extend(rust_files(dir));
    }
    all
}

/// The web space's templates, which name Fluent ids as `t("id")`.
fn templates() -> Vec<Source> {
    let dir = root().join("adapters/web/templates");
    let mut out: Vec<Source> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn assert_none(violations: Vec<String>, what: &str) {
    assert!(violations.is_empty(), "{what}:\n{}", violations.join("\n"));
}

#[test]
fn the_core_never_names_a_platform_crate() {
    let manifest = std::fs::read_to_string(root().join("bot/Cargo.toml")).unwrap();
    for name in checks::PLATFORM_CRATES {
        assert!(!manifest.contains(name), "bot/Cargo.toml names {name}");
    }
    let core = rust_files("bot/src");
    assert!(core.len() > 10);
    assert_none(
        checks::platform_crates_named(&core),
        "platform crates in the core",
    );
}

#[test]
fn pure_modules_touch_no_store_runtime_file_or_clock() {
    let (impure, checked) = checks::impure_names(&rust_files("bot/src"));
    assert!(checked > 20, "only {checked} pure files found");
    assert_none(impure, "impure pure modules");
}

#[test]
fn sql_lives_in_the_store() {
    assert_none(
        checks::sql_outside_store(&rust_files("bot/src")),
        "SQL outside bot/src/store",
    );
}

#[test]
fn handlers_touch_no_file_and_record_effects_instead() {
    assert_none(
        checks::file_io_in_handlers(&rust_files("bot/src")),
        "file I/O in handlers (record an Effect instead)",
    );
}

#[test]
fn no_function_of_the_program_is_longer_than_80_lines() {
    let mut files = program_sources();
    files.extend(rust_files("adapters/discord/fake/src"));
    assert_none(checks::long_functions(&files, 80), "functions to split");
}

#[test]
fn every_allow_says_why() {
    let mut files = program_sources();
    for dir in ["bot/tests", "bot/benches", "tests", "benches", "adapters"] {
        files.extend(rust_files(dir));
    }
    assert_none(checks::silent_allows(&files), "#[allow] without a reason");
}

#[test]
fn every_source_file_is_in_the_code_map() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut files = program_sources();
    files.extend(rust_files("adapters/discord/fake/src"));
    assert_none(
        checks::missing_from_code_map(&map, &files),
        "add to the code map of ARCHITECTURE.md",
    );
}

fn locale(lang: &str) -> std::collections::BTreeMap<String, String> {
    let files: Vec<String> = std::fs::read_dir(root().join("locales").join(lang))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    checks::fluent_ids(&files)
}

/// Ids built at run time from a family prefix, with every member the code can build.
fn built_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for spec in bot::command::COMMANDS {
        ids.push(format!("cmd-{}-usage", spec.id));
        ids.push(format!("cmd-{}-summary", spec.id));
    }
    for field in ["minute", "hour", "day-of-month", "month", "day-of-week"] {
        ids.push(format!("schedule-cron-field-{field}"));
    }
    ids
}

#[test]
fn every_fluent_id_the_code_names_exists_in_both_locales() {
    let (fr, en) = (locale("fr"), locale("en"));
    let mut named: Vec<(String, String)> = built_ids()
        .into_iter()
        .map(|id| (id, "built at run time".to_owned()))
        .collect();
    for (path, text) in program_sources() {
        for id in checks::ids_named_in_code(&text) {
            // The i18n tests render a missing id on purpose.
            if id != "no-such-message" {
                named.push((id, path.clone()));
            }
        }
    }
    let pages = templates();
    assert!(pages.len() >= 8, "the web templates are read");
    for (path, text) in pages {
        for id in checks::ids_named_in_templates(&text) {
            named.push((id, path.clone()));
        }
    }
    assert!(named.len() > 250, "only {} ids found", named.len());
    assert_none(
        checks::unknown_ids(&named, &[("French", &fr), ("English", &en)]),
        "Fluent ids missing",
    );
}

#[test]
fn every_fluent_id_in_the_locales_is_used() {
    let fr = locale("fr");
    assert!(fr.len() > 300);
    let code: String = program_sources()
        .into_iter()
        .chain(templates())
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n");
    assert_none(
        checks::unused_ids(&fr, &code, &built_ids()),
        "Fluent messages nothing uses",
    );
}

fn migrations() -> Vec<(String, Vec<u8>)> {
    let mut on_disk: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("migrations"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    on_disk.sort();
    on_disk
}

#[test]
fn migrations_are_numbered_and_never_renamed() {
    let names: Vec<String> = migrations().into_iter().map(|(n, _)| n).collect();
    assert_none(checks::badly_numbered(&names), "badly numbered migrations");
}

#[test]
fn landed_migrations_are_never_edited() {
    assert_none(
        checks::migration_changes(LANDED_MIGRATIONS, &migrations()),
        "migrations",
    );
}

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
    (
        "0009_effects.sql",
        "4fdd9e242b558df343061b5700f4002cddee6ee2672ceec7384bc8c32470c3e9",
    ),
    (
        "0010_preparation.sql",
        "159c18b5f4d261a8ebd554d42ad833c375956ee56b20c67479a5a2ebe772b030",
    ),
    (
        "0011_around_ateliers.sql",
        "a9ba75f240e87c1eb8107c377097196318fb2049faa8be3608630726e3d4fa2d",
    ),
    (
        "0012_evaluation.sql",
        "03fd6cd841e59c2deb846371e40afa08e018e0592c2f917a37694185160f3a4c",
    ),
    (
        "0013_extensions.sql",
        "cb8c47ed22432a40a47d9ee9072733d6eb987482ef212555dfbaf76fcc5dee63",
    ),
    (
        "0014_member_timezone.sql",
        "dee6e164f07dc086e13c8c2bfa2d77e3c051e40e42f1b8f4856491d65c9f72f1",
    ),
    (
        "0015_atelier_changes.sql",
        "edbbca92e005d8a6834925d91b3af273cc2a977fda04673a8748810b883e5949",
    ),
    (
        "0016_linked_accounts.sql",
        "af5ecff751154718af52fea94c4482a5f4859f7e2521bd7abd387561df555ffe",
    ),
    (
        "0017_groups.sql",
        "999735af288b89e536435f89b4098be6d7351b37929b73194f9d2dba0730ade6",
    ),
    (
        "0018_resources.sql",
        "09edc94337272455ada7af303a792e71bc90d61bda8ee62253f960c5d8a529ef",
    ),
    (
        "0019_group_deliverables.sql",
        "b78429958cd726f1460f7e48e59e28cd5b36b35ad6b75a8314ce10f0f350f84b",
    ),
    (
        "0020_peer_review.sql",
        "b26202c71c9da4c70962d6c1e1af9eaa0f13c4e25400e9ce05609f32df7ad876",
    ),
    (
        "0021_decisions.sql",
        "d3e156b7fa99d8e6c4361f17d1b8f85e52f6dfd4ab5436009d262fa64614b4e7",
    ),
    (
        "0022_decision_files.sql",
        "d8b4233bfee2539aa02d935f221c6309819f3ac525d4629e7611f58134b56b72",
    ),
    (
        "0023_web_space.sql",
        "2233bc5e716e73b38b6e058361ff6bb4dceb81164bde0a186258e3507bb75ff7",
    ),
];
