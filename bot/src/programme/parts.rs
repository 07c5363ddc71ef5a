//! The tables that turn parts of the method on, off or tune them (`[preparation]`,
//! `[attendance]`), and an atelier's `[[atelier.session]]` list.

use toml::Spanned;

use crate::domain::{MAX_CLOSES_AFTER, MAX_OPENS_BEFORE, MAX_SESSIONS, Parts, Session};
use crate::i18n::Msg;

use super::fields::{self, Fields, Place};
use super::report::Report;

const PREPARATION_KEYS: &[&str] = &["enabled", "questions_named"];
const ATTENDANCE_KEYS: &[&str] = &["enabled", "opens_before_minutes", "closes_after_minutes"];
const SESSION_KEYS: &[&str] = &["start", "end"];

/// Reads `[preparation]` and `[attendance]`; what they leave out keeps its default.
pub(super) fn parts(r: &mut Report<'_>, root: &Fields<'_, '_>) -> Option<Parts> {
    let mut parts = Parts::default();
    let mut ok = true;
    if let Some(value) = root.get("preparation") {
        let place = Place::Table("[preparation]");
        let f = Fields::open(
            r,
            "preparation",
            value,
            place,
            PREPARATION_KEYS,
            "programme-type-table",
        )?;
        ok &= flag(r, &f, "enabled", &mut parts.preparation);
        ok &= flag(r, &f, "questions_named", &mut parts.questions_named);
    }
    if let Some(value) = root.get("attendance") {
        let place = Place::Table("[attendance]");
        let f = Fields::open(
            r,
            "attendance",
            value,
            place,
            ATTENDANCE_KEYS,
            "programme-type-table",
        )?;
        ok &= flag(r, &f, "enabled", &mut parts.attendance);
        ok &= minutes(
            r,
            &f,
            "opens_before_minutes",
            MAX_OPENS_BEFORE,
            &mut parts.attendance_opens_before,
        );
        ok &= minutes(
            r,
            &f,
            "closes_after_minutes",
            MAX_CLOSES_AFTER,
            &mut parts.attendance_closes_after,
        );
    }
    ok.then_some(parts)
}

/// Sets `slot` from the optional boolean `key`; `false` when it was written wrong.
fn flag(r: &mut Report<'_>, f: &Fields<'_, '_>, key: &str, slot: &mut bool) -> bool {
    match f.boolean(r, key) {
        Some(b) => {
            *slot = b;
            true
        }
        None => !f.has(key),
    }
}

/// Sets `slot` from the optional count of minutes `key`, at most `max`.
fn minutes(r: &mut Report<'_>, f: &Fields<'_, '_>, key: &str, max: u32, slot: &mut u32) -> bool {
    if !f.has(key) {
        return true;
    }
    let Some(n) = f.required_integer(r, key) else {
        return false;
    };
    match u32::try_from(*n.get_ref()).ok().filter(|m| *m <= max) {
        Some(m) => {
            *slot = m;
            true
        }
        None => {
            r.at(
                &n.span(),
                Msg::new("programme-bad-minutes")
                    .arg("key", key)
                    .arg("max", max),
            );
            false
        }
    }
}

/// Reads an atelier's `[[atelier.session]]` list: each within the atelier's day(s), in order,
/// not overlapping, at most [`MAX_SESSIONS`].
pub(super) fn sessions(
    r: &mut Report<'_>,
    atelier: &Fields<'_, '_>,
    bounds: Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)>,
) -> Option<Vec<Session>> {
    let Some(value) = atelier.get("session") else {
        return Some(Vec::new());
    };
    let items = fields::array(r, "session", value)?;
    if items.len() > MAX_SESSIONS {
        r.at(
            &value.span(),
            Msg::new("programme-too-many-sessions").arg("max", MAX_SESSIONS),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let place = Place::Table("[[atelier.session]]");
        let Some(f) = Fields::open(
            r,
            "session",
            item,
            place,
            SESSION_KEYS,
            "programme-type-table",
        ) else {
            ok = false;
            continue;
        };
        let (Some(start), Some(end)) = (f.datetime(r, "start"), f.datetime(r, "end")) else {
            ok = false;
            continue;
        };
        ok &= session_fits(r, &start, &end, bounds, out.last());
        out.push(Session {
            start: *start.get_ref(),
            end: *end.get_ref(),
        });
    }
    ok.then_some(out)
}

/// Whether one session is well formed: ends after it starts, after the previous one, and
/// inside the atelier's day(s).
fn session_fits(
    r: &mut Report<'_>,
    start: &Spanned<chrono::NaiveDateTime>,
    end: &Spanned<chrono::NaiveDateTime>,
    bounds: Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)>,
    previous: Option<&Session>,
) -> bool {
    if end.get_ref() <= start.get_ref() {
        r.at(&end.span(), Msg::new("programme-session-ends-first"));
        return false;
    }
    if previous.is_some_and(|p| *start.get_ref() < p.end) {
        r.at(&start.span(), Msg::new("programme-session-overlaps"));
        return false;
    }
    if let Some((a_start, a_end)) = bounds {
        let outside =
            start.get_ref().date() < a_start.date() || end.get_ref().date() > a_end.date();
        if outside {
            r.at(&start.span(), Msg::new("programme-session-outside"));
            return false;
        }
    }
    true
}

#[cfg(test)]
#[path = "parts_tests.rs"]
mod tests;
