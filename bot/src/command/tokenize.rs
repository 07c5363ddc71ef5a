//! Splits a command line into words, keeping quoted phrases together.

/// A command line could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenizeError {
    /// A quote was opened and never closed.
    #[error("unclosed quote")]
    UnclosedQuote,
}

/// One word of a command line, and where it ends in the line (byte offset just past it,
/// closing quote included), so that free text after it can be taken verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word, quotes removed.
    pub text: String,
    /// Byte offset just past the word in the line it came from.
    pub end: usize,
}

/// The words of a line, and where an unclosed quote started if one did.
///
/// Words before the open quote are all there: a command whose last arguments are free text
/// (`!rendre 2 J'ai mis "entre guillemets`) needs only the first words, and keeps the rest of
/// the line as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// The words read before the end of the line or the open quote.
    pub words: Vec<Token>,
    /// Byte offset of a quote that was never closed.
    pub unclosed_at: Option<usize>,
}

impl Tokens {
    /// The line after the first `n` words, verbatim (leading blanks and the first line break
    /// dropped, trailing blanks trimmed).
    pub fn rest_after<'l>(&self, line: &'l str, n: usize) -> &'l str {
        let start = match n.checked_sub(1) {
            None => 0,
            Some(i) => self.words.get(i).map_or(line.len(), |t| t.end),
        };
        let rest = line.get(start..).unwrap_or("");
        let rest = rest.trim_start_matches([' ', '\t', '\u{a0}']);
        let rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .unwrap_or(rest);
        rest.trim_end()
    }
}

fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

/// Splits `line` on white space, remembering where each word ends; `"…"`, `« … »` and `“…”`
/// group words into one token (quotes removed), since facilitators paste poll questions and
/// reminder texts with spaces in them. Stops at a quote that is never closed.
pub fn tokenize_spanned(line: &str) -> Tokens {
    let mut words = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut token = String::new();
        if let Some(close) = closing_quote(c) {
            chars.next();
            let mut end = None;
            for (i, c) in chars.by_ref() {
                if c == close {
                    end = Some(i + c.len_utf8());
                    break;
                }
                token.push(c);
            }
            let Some(end) = end else {
                return Tokens {
                    words,
                    unclosed_at: Some(start),
                };
            };
            // French typography puts non-breaking spaces inside guillemets.
            words.push(Token {
                text: token.trim_matches(|c: char| c.is_whitespace()).to_owned(),
                end,
            });
        } else {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                token.push(c);
                end = i + c.len_utf8();
                chars.next();
            }
            words.push(Token { text: token, end });
        }
    }
    Tokens {
        words,
        unclosed_at: None,
    }
}

/// Splits `line` into words as [`tokenize_spanned`] does; an unclosed quote is an error.
pub fn tokenize(line: &str) -> Result<Vec<String>, TokenizeError> {
    let tokens = tokenize_spanned(line);
    if tokens.unclosed_at.is_some() {
        return Err(TokenizeError::UnclosedQuote);
    }
    Ok(tokens.words.into_iter().map(|t| t.text).collect())
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let ok: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   ", &[]),
            ("!aide", &["!aide"]),
            ("  !atelier   3 ", &["!atelier", "3"]),
            (
                r#"!sondage "Quel créneau ?" "Mardi" Jeudi"#,
                &["!sondage", "Quel créneau ?", "Mardi", "Jeudi"],
            ),
            (
                "!sondage « Quel créneau ? » « Mardi »",
                &["!sondage", "Quel créneau ?", "Mardi"],
            ),
            ("!x “a b”", &["!x", "a b"]),
            (r#"!x """#, &["!x", ""]),
            ("!x\ttab\nnewline", &["!x", "tab", "newline"]),
        ];
        for (input, expected) in ok {
            assert_eq!(tokenize(input).unwrap(), *expected, "{input:?}");
        }
        for bad in [r#"!x "open"#, "!x « ouvert", "!x “a"] {
            assert_eq!(tokenize(bad), Err(TokenizeError::UnclosedQuote), "{bad:?}");
        }
    }
}

#[cfg(test)]
mod span_tests {
    use super::*;

    #[test]
    fn rest_after_keeps_free_text_verbatim() {
        // (line, words to skip, expected rest)
        let cases: &[(&str, usize, &str)] = &[
            (
                "retour 1 \"@Alice Martin\" validé Très clair",
                3,
                "validé Très clair",
            ),
            (
                "retour 1 « Alice » validé Très clair",
                3,
                "validé Très clair",
            ),
            ("rendre\n1 texte", 2, "texte"),
            ("rendre 1\nligne 1\nligne 2", 2, "ligne 1\nligne 2"),
            ("rendre 1", 2, ""),
            ("rendre 1 J'ai écrit \"ouvert", 2, "J'ai écrit \"ouvert"),
            ("rendre 1   « a »  b ", 2, "« a »  b"),
        ];
        for (line, n, expected) in cases {
            let tokens = tokenize_spanned(line);
            assert_eq!(tokens.rest_after(line, *n), *expected, "{line:?}");
        }
    }

    #[test]
    fn an_open_quote_keeps_the_words_before_it() {
        let t = tokenize_spanned("rendre 1 du \"texte");
        let words: Vec<&str> = t.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["rendre", "1", "du"]);
        assert_eq!(t.unclosed_at, Some(12));
    }
}
