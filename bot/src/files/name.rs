//! File names that are safe to show, store and unpack anywhere.
//!
//! A name comes from a participant's device, so it may hold a path, invisible characters that
//! reorder what a reader sees (`\u{202e}gnp.exe` displays as `exe.png`), or a name Windows
//! refuses to create. Facilitators unpack exports on every kind of desktop, so the result must
//! be valid on Windows, macOS and Linux, while keeping the author's letters (é, ü, 中文, emoji).

/// The name used when nothing usable is left.
pub const FALLBACK_NAME: &str = "fichier";

/// Longest name kept, in bytes: well under the 255-byte limit of common file systems, with room
/// for the folders of an export.
pub const MAX_NAME_BYTES: usize = 120;

/// Longest suffix still treated as an extension worth keeping when a name is shortened.
const MAX_EXTENSION_BYTES: usize = 16;

/// Names Windows reserves for devices, whatever the extension (`CON.txt` too).
const RESERVED: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];

/// A safe version of the file name `raw`: last path component only, no control or invisible
/// formatting characters, no characters Windows forbids, no leading dot (hidden files, and
/// `.htaccess`-style names), no reserved device name, at most [`MAX_NAME_BYTES`] bytes with the
/// extension kept, and [`FALLBACK_NAME`] when nothing is left.
pub fn sanitize_file_name(raw: &str) -> String {
    // A trailing separator ("dossier/") names the folder; take the last real component.
    let last = raw
        .split(['/', '\\'])
        .rev()
        .find(|c| !c.trim().is_empty())
        .unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|&c| !is_dropped(c))
        .map(|c| if is_forbidden(c) { '_' } else { c })
        .collect();
    let trimmed = trim_name(&cleaned);
    let name = if is_reserved(trimmed) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    };
    let name = shorten(&name);
    if name.is_empty() {
        FALLBACK_NAME.to_owned()
    } else {
        name
    }
}

/// Whether `c` is left out of a file name: every control character, line breaks and tabs
/// included (text keeps those, a name has no use for them), and what
/// [`crate::text::is_invisible`] drops from text, but for the characters emoji and some
/// scripts are written with (see [`is_join_or_variant`]).
fn is_dropped(c: char) -> bool {
    c.is_control() || (crate::text::is_invisible(c) && !is_join_or_variant(c))
}

/// The zero-width joiner and non-joiner, and the variation selectors: invisible, but part of how the author's name is
/// spelled (`👩\u{200d}💻`, emoji presentation, Persian words), and unable to reorder text.
fn is_join_or_variant(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}')
}

fn is_forbidden(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')
}

/// Leading dots would hide the file on Unix; trailing dots and spaces are dropped by Windows,
/// which would then not find the file it was asked to create.
fn trim_name(s: &str) -> &str {
    s.trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
}

fn is_reserved(name: &str) -> bool {
    // Windows ignores everything from the first dot, and trailing spaces before it.
    let stem = name.split('.').next().unwrap_or("").trim_end();
    let upper = stem.to_uppercase();
    if RESERVED.contains(&upper.as_str()) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: String = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && matches!(
            rest.as_str(),
            "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        )
}

/// Cuts `name` to [`MAX_NAME_BYTES`] on a character boundary, shortening the part before the
/// extension so that `.pdf` survives and the file still opens with the right program.
fn shorten(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_owned();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && !ext.is_empty() && ext.len() <= MAX_EXTENSION_BYTES =>
        {
            (stem, Some(ext))
        }
        _ => (name, None),
    };
    let budget = MAX_NAME_BYTES - ext.map_or(0, |e| e.len() + 1);
    let mut cut = budget.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = trim_name(&stem[..cut]);
    match ext {
        Some(ext) if !stem.is_empty() => format!("{stem}.{ext}"),
        Some(ext) => ext.to_owned(),
        None => stem.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str)] = &[
            ("rapport.pdf", "rapport.pdf"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\x\\rapport final.docx", "rapport final.docx"),
            ("/tmp/dossier/", "dossier"),
            ("\u{202e}gnp.exe", "gnp.exe"),
            ("photo\u{202e}gpj.exe", "photogpj.exe"),
            ("zéro\u{200b}width.txt", "zérowidth.txt"),
            (".htaccess", "htaccess"),
            ("...", FALLBACK_NAME),
            ("", FALLBACK_NAME),
            ("   ", FALLBACK_NAME),
            ("a\0b\nc\t.txt", "abc.txt"),
            ("rapport. . .", "rapport"),
            ("  espace devant.txt ", "espace devant.txt"),
            ("quoi?<que>:\"x\"|*.md", "quoi__que___x___.md"),
            ("CON.txt", "_CON.txt"),
            ("con", "_con"),
            ("nul.tar.gz", "_nul.tar.gz"),
            ("Com1.log", "_Com1.log"),
            ("LPT9", "_LPT9"),
            ("COM10.txt", "COM10.txt"),
            ("CONSOLE.txt", "CONSOLE.txt"),
            ("Müller über 中文 🎉.odt", "Müller über 中文 🎉.odt"),
            ("👩\u{200d}💻.png", "👩\u{200d}💻.png"),
        ];
        for (raw, expected) in cases {
            assert_eq!(sanitize_file_name(raw), *expected, "{raw:?}");
        }
    }

    #[test]
    fn long_names_keep_their_extension_and_whole_characters() {
        let long = format!("{}.pdf", "é".repeat(200));
        let out = sanitize_file_name(&long);
        assert!(out.len() <= MAX_NAME_BYTES, "{}", out.len());
        assert!(out.ends_with(".pdf"));
        assert_eq!(out, format!("{}.pdf", "é".repeat(58)));

        let emoji = format!("{}.docx", "🎉".repeat(100));
        let out = sanitize_file_name(&emoji);
        assert!(out.len() <= MAX_NAME_BYTES && out.ends_with(".docx"));

        // A "extension" that is really the rest of a sentence is not worth keeping.
        let sentence = format!("v1.{}", "x".repeat(300));
        assert_eq!(sanitize_file_name(&sentence).len(), MAX_NAME_BYTES);

        let no_ext = "a".repeat(500);
        assert_eq!(sanitize_file_name(&no_ext), "a".repeat(MAX_NAME_BYTES));
    }

    #[test]
    fn output_is_stable() {
        for raw in ["../x/.y.", "CON.txt", "\u{202e}gnp.exe", "a:b"] {
            let once = sanitize_file_name(raw);
            assert_eq!(sanitize_file_name(&once), once, "{raw:?}");
        }
    }
}
