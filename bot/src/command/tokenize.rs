//! Splits a command line into words, keeping quoted phrases together.

/// A command line could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenizeError {
    /// A quote was opened and never closed.
    #[error("unclosed quote")]
    UnclosedQuote,
}

/// Splits `line` on white space; `"…"`, `« … »` and `“…”` group words into one token (quotes
/// removed), since facilitators paste poll questions and reminder texts with spaces in them.
pub fn tokenize(line: &str) -> Result<Vec<String>, TokenizeError> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let close = match c {
            '"' => Some('"'),
            '«' => Some('»'),
            '“' => Some('”'),
            _ => None,
        };
        let mut token = String::new();
        if let Some(close) = close {
            chars.next();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == close {
                    closed = true;
                    break;
                }
                token.push(c);
            }
            if !closed {
                return Err(TokenizeError::UnclosedQuote);
            }
            // French typography puts non-breaking spaces inside guillemets.
            tokens.push(token.trim_matches(|c: char| c.is_whitespace()).to_owned());
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                token.push(c);
                chars.next();
            }
            tokens.push(token);
        }
    }
    Ok(tokens)
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
