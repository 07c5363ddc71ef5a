//! Architecture invariants, enforced.

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
