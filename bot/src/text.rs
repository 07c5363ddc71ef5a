//! Text people type, made safe to store, compare and echo. Pure.
//!
//! Display names and free text come from strangers: a name can carry bidirectional overrides
//! that make "Alice" read as someone else, zero-width characters that make two poll options
//! look alike, or control characters that break a terminal. Everything that enters the store
//! as a name or an option goes through here first.

/// Whether `c` is invisible or reorders text: control characters (but line breaks and tabs),
/// bidirectional embeddings, overrides and isolates, zero-width characters, the BOM, and the
/// Unicode line and paragraph separators (some clients break the line there, others show
/// nothing, so the same text would read differently from one person to the next).
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c,
            '\u{00AD}'                  // soft hyphen
            | '\u{034F}'                // combining grapheme joiner
            | '\u{061C}'                // Arabic letter mark
            | '\u{115F}' | '\u{1160}'   // Hangul fillers
            | '\u{17B4}' | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'   // zero-width space, joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}'   // line and paragraph separators
            | '\u{202A}'..='\u{202E}'   // embeddings and overrides
            | '\u{2060}'..='\u{206F}'   // word joiner, invisible operators, isolates
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'   // variation selectors
            | '\u{FEFF}'                // BOM / zero-width no-break space
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}')
}

/// `s` without invisible or reordering characters (see [`is_invisible`]).
pub fn strip_invisible(s: &str) -> String {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

/// The longest display name kept, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A display name fit to store and show: invisible characters removed, white space (line
/// breaks included) folded to single spaces, at most [`MAX_NAME_CHARS`] characters; `fallback`
/// when nothing is left.
pub fn clean_display_name(name: &str, fallback: &str) -> String {
    let visible = strip_invisible(name);
    let folded = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let capped: String = folded.chars().take(MAX_NAME_CHARS).collect();
    if capped.is_empty() {
        fallback.to_owned()
    } else {
        capped
    }
}

/// Lower case without the accents French keyboards add, typographic apostrophes made plain:
/// `Référence` and `reference` fold alike. The one accent-folding rule of the code base.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            'ñ' => 'n',
            '’' | 'ʼ' | '`' => '\'',
            c => c,
        })
        .collect()
}

/// The form two texts are compared in to decide they say the same thing: invisible characters
/// removed, case and accents folded, white space collapsed. `"Mardi"`, `" mardi "` and
/// `"Mar\u{200B}di"` compare equal.
pub fn comparable(s: &str) -> String {
    fold(&strip_invisible(s))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many characters `s` has (not bytes).
pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names() {
        let cases: &[(&str, &str)] = &[
            ("Alice", "Alice"),
            ("  Alice   Martin ", "Alice Martin"),
            ("Al\u{202E}ecila", "Alecila"),
            ("\u{2067}Bob\u{2069}", "Bob"),
            ("Zoé\u{200B}", "Zoé"),
            ("a\nb\tc", "a b c"),
            ("\u{0007}\u{001B}[31mRed", "[31mRed"),
            ("", "?"),
            ("\u{200B}\u{202E}", "?"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean_display_name(input, "?"), *expected, "{input:?}");
        }
        let long = "é".repeat(500);
        assert_eq!(char_count(&clean_display_name(&long, "?")), MAX_NAME_CHARS);
    }

    #[test]
    fn comparison_form() {
        let same: &[(&str, &str)] = &[
            ("Mardi", "mardi"),
            (" Mardi ", "mardi"),
            ("Mar\u{200B}di", "mardi"),
            ("Été", "ete"),
            ("l’été", "l'ete"),
            ("a  b", "a b"),
        ];
        for (a, b) in same {
            assert_eq!(comparable(a), comparable(b), "{a:?} vs {b:?}");
        }
        assert_ne!(comparable("Mardi"), comparable("Jeudi"));
    }

    #[test]
    fn line_breaks_survive_stripping() {
        assert_eq!(strip_invisible("a\nb\u{202E}c"), "a\nbc");
    }

    #[test]
    fn unicode_line_separators_are_stripped() {
        assert_eq!(strip_invisible("a\u{2028}b\u{2029}c"), "abc");
    }
}
