//! Collects problems while a programme is read, located by byte offset, and turns them into
//! [`Problem`]s with line and character column at the end.

use std::ops::Range;

use crate::i18n::Msg;

use super::Problem;

/// Every problem found so far, in the order found.
#[derive(Debug)]
pub(super) struct Report<'s> {
    source: &'s str,
    found: Vec<(usize, Msg)>,
}

impl<'s> Report<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        Report {
            source,
            found: Vec::new(),
        }
    }

    /// Records a problem at the start of `span`.
    pub(super) fn at(&mut self, span: &Range<usize>, message: Msg) {
        self.found.push((span.start, message));
    }

    /// How many problems were recorded; lets a caller tell whether a step added any.
    pub(super) fn count(&self) -> usize {
        self.found.len()
    }

    /// The 1-based line of a byte offset, for messages that point back at another place.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        line_column(self.source, offset).0
    }

    /// The problems sorted by position; problems at the same place keep the order found.
    pub(super) fn into_problems(self) -> Vec<Problem> {
        let mut found = self.found;
        found.sort_by_key(|(offset, _)| *offset);
        found
            .into_iter()
            .map(|(offset, message)| {
                let (line, column) = line_column(self.source, offset);
                Problem {
                    line,
                    column,
                    message,
                }
            })
            .collect()
    }
}

impl Problem {
    /// The message prefixed with its position (« ligne 12, colonne 3 : … »), ready to show.
    pub fn located_message(&self) -> Msg {
        Msg::new("programme-problem-at")
            .arg("line", self.line)
            .arg("column", self.column)
            .arg("message", self.message.clone())
    }
}

/// 1-based line and character column of a byte offset. Offsets past the end or inside a
/// multi-byte character are clamped, since a span from the TOML parser should never be either.
pub(super) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "a = 1\ntitre = \"é\" x\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        let x = src.find('x').unwrap_or(0);
        assert_eq!(line_column(src, x), (2, 13));
        assert_eq!(line_column(src, 999), (3, 1));
    }
}
