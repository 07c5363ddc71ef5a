//! What makes a poll well formed, checked before anything is stored. Pure.

use crate::i18n::Msg;

/// The most options a poll may have: beyond this, chat buttons and people's attention run out.
pub const MAX_OPTIONS: usize = 10;

/// Checks a poll's question and options; `Err` is the message to show.
pub fn check_poll(
    question: &str,
    options: &[String],
    multiple: bool,
    max: Option<usize>,
    judgment: bool,
) -> Result<(), Msg> {
    if crate::text::comparable(question).is_empty() {
        return Err(Msg::new("poll-error-empty-question"));
    }
    if options.len() < 2 {
        return Err(Msg::new("poll-error-too-few"));
    }
    if options.len() > MAX_OPTIONS {
        return Err(Msg::new("poll-error-too-many")
            .arg("count", options.len())
            .arg("max", MAX_OPTIONS));
    }
    if options
        .iter()
        .any(|o| crate::text::comparable(o).is_empty())
    {
        return Err(Msg::new("poll-error-empty-option"));
    }
    for (i, a) in options.iter().enumerate() {
        if options[..i]
            .iter()
            .any(|b| crate::text::comparable(b) == crate::text::comparable(a))
        {
            return Err(Msg::new("poll-error-duplicate").arg("option", a.trim()));
        }
    }
    if judgment && (multiple || max.is_some()) {
        return Err(Msg::new("poll-error-judgment-choices"));
    }
    if let Some(max) = max {
        if !multiple {
            return Err(Msg::new("poll-error-max-needs-multiple"));
        }
        if max > options.len() {
            return Err(Msg::new("poll-error-max-too-big")
                .arg("max", max)
                .arg("count", options.len()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(o: &[&str]) -> Vec<String> {
        o.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn table() {
        let many: Vec<String> = (0..20).map(|i| format!("Option {i}")).collect();
        type Case<'a> = (
            &'a str,
            Vec<String>,
            bool,
            Option<usize>,
            bool,
            Option<&'a str>,
        );
        let cases: Vec<Case> = vec![
            (
                "Quel créneau ?",
                opts(&["Mardi", "Jeudi"]),
                false,
                None,
                false,
                None,
            ),
            ("Q", opts(&["A", "B", "C"]), true, Some(2), false, None),
            ("Q", opts(&["A", "B"]), false, None, true, None),
            (
                "  ",
                opts(&["A", "B"]),
                false,
                None,
                false,
                Some("poll-error-empty-question"),
            ),
            (
                "Q",
                opts(&["A"]),
                false,
                None,
                false,
                Some("poll-error-too-few"),
            ),
            ("Q", many, false, None, false, Some("poll-error-too-many")),
            (
                "Q",
                opts(&["Mardi", "mar\u{200B}di "]),
                false,
                None,
                false,
                Some("poll-error-duplicate"),
            ),
            (
                "Q",
                opts(&["Été", "ete"]),
                false,
                None,
                false,
                Some("poll-error-duplicate"),
            ),
            (
                "Q",
                opts(&["A", "\u{200B}\u{202E}"]),
                false,
                None,
                false,
                Some("poll-error-empty-option"),
            ),
            (
                "Q",
                opts(&["A", " "]),
                false,
                None,
                false,
                Some("poll-error-empty-option"),
            ),
            (
                "Q",
                opts(&["Mardi", "mardi "]),
                false,
                None,
                false,
                Some("poll-error-duplicate"),
            ),
            (
                "Q",
                opts(&["A", "B"]),
                true,
                None,
                true,
                Some("poll-error-judgment-choices"),
            ),
            (
                "Q",
                opts(&["A", "B"]),
                false,
                Some(1),
                false,
                Some("poll-error-max-needs-multiple"),
            ),
            (
                "Q",
                opts(&["A", "B"]),
                true,
                Some(3),
                false,
                Some("poll-error-max-too-big"),
            ),
        ];
        for (q, o, multiple, max, judgment, expected) in cases {
            let got = check_poll(q, &o, multiple, max, judgment)
                .err()
                .map(|m| m.id.into_owned());
            assert_eq!(got.as_deref(), expected, "{q:?} {o:?}");
        }
    }
}
