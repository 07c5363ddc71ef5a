//! Semantic checks of a programme that span several values: atelier numbering, the order of
//! start, end and deadline, and the bounds of recurring reminders.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use toml::Spanned;

use crate::i18n::Msg;

use super::parse::AtelierDraft;
use super::report::Report;

/// Checks numbering and chronology across the ateliers of a file, in file order.
pub(super) fn ateliers(r: &mut Report<'_>, drafts: &[AtelierDraft]) {
    numbering(r, drafts);
    for d in drafts {
        if let (Some(start), Some(end)) = (&d.start, &d.end) {
            end_after_start(r, start, end);
        }
        if let (Some(end), Some(due)) = (&d.end, &d.due) {
            let number = d.number.as_ref().map_or(0, |n| *n.get_ref());
            due_after_end(r, number, end, due);
        }
    }
}

/// Atelier numbers must be exactly 1..=n: each positive, none twice, none missing.
fn numbering(r: &mut Report<'_>, drafts: &[AtelierDraft]) {
    // First position of each valid number, to point at the duplicate and name the original.
    let mut first_seen: BTreeMap<i64, usize> = BTreeMap::new();
    for n in drafts.iter().filter_map(|d| d.number.as_ref()) {
        let value = *n.get_ref();
        if value < 1 || u32::try_from(value).is_err() {
            r.at(
                &n.span(),
                Msg::new("programme-atelier-number-invalid").arg("number", value),
            );
            continue;
        }
        match first_seen.get(&value) {
            Some(&first) => {
                let line = r.line_of(first);
                r.at(
                    &n.span(),
                    Msg::new("programme-atelier-duplicate")
                        .arg("number", value)
                        .arg("line", line),
                );
            }
            None => {
                first_seen.insert(value, n.span().start);
            }
        }
    }

    // Each run of missing numbers is reported once, at the atelier that follows the gap, so
    // `number = 10` alone gives one problem, not nine.
    let mut expected = 1;
    for (&number, &offset) in &first_seen {
        if number > expected {
            let msg = if number - 1 == expected {
                Msg::new("programme-atelier-missing").arg("number", expected)
            } else {
                Msg::new("programme-atelier-missing-range")
                    .arg("first", expected)
                    .arg("last", number - 1)
            };
            r.at(&(offset..offset), msg);
        }
        expected = number + 1;
    }
}

fn end_after_start(
    r: &mut Report<'_>,
    start: &Spanned<NaiveDateTime>,
    end: &Spanned<NaiveDateTime>,
) {
    if end.get_ref() <= start.get_ref() {
        r.at(
            &end.span(),
            Msg::new("programme-end-before-start")
                .arg("start", *start.get_ref())
                .arg("end", *end.get_ref()),
        );
    }
}

fn due_after_end(
    r: &mut Report<'_>,
    number: i64,
    end: &Spanned<NaiveDateTime>,
    due: &Spanned<NaiveDateTime>,
) {
    if due.get_ref() <= end.get_ref() {
        r.at(
            &due.span(),
            Msg::new("programme-deadline-before-end")
                .arg("number", number)
                .arg("due", *due.get_ref())
                .arg("end", *end.get_ref()),
        );
    }
}

/// A recurring reminder's window must not end before it starts.
pub(super) fn recurring_window(
    r: &mut Report<'_>,
    from: &Spanned<NaiveDate>,
    until: &Spanned<NaiveDate>,
) {
    if until.get_ref() < from.get_ref() {
        r.at(
            &until.span(),
            Msg::new("programme-until-before-from")
                .arg("from", *from.get_ref())
                .arg("until", *until.get_ref()),
        );
    }
}
