//! The tables that turn parts of the method on, off or tune them (`[preparation]`,
//! `[attendance]`), and an atelier's `[[atelier.session]]` list.

use toml::Spanned;

use crate::domain::{
    MAX_CLOSES_AFTER, MAX_EVALUATION_DAYS, MAX_EVALUATION_REMINDER_HOURS, MAX_OBJECTIVE_CHARS,
    MAX_OBJECTIVES, MAX_OPENS_BEFORE, MAX_SESSIONS, Parts, Session,
};
use crate::i18n::Msg;

use super::fields::{self, Fields, Place};
use super::report::Report;

const PREPARATION_KEYS: &[&str] = &["enabled", "questions_named"];
const ATTENDANCE_KEYS: &[&str] = &["enabled", "opens_before_minutes", "closes_after_minutes"];
const SESSION_KEYS: &[&str] = &["start", "end"];
const EVALUATION_KEYS: &[&str] = &["enabled", "anonymous", "reminder_after_hours", "open_days"];
const OBJECTIVE_KEYS: &[&str] = &["text"];
const FOLLOWUP_KEYS: &[&str] = &["enabled", "digest"];
/// When the facilitators' weekly digest goes out unless the programme says otherwise.
const DEFAULT_DIGEST: &str = "0 8 * * MON";

/// Reads `[preparation]`, `[attendance]` and `[evaluation]`; what they leave out keeps its
/// default.
pub(super) fn parts(r: &mut Report<'_>, root: &Fields<'_, '_>) -> Option<Parts> {
    let mut parts = Parts::default();
    let ok = [
        preparation(r, root, &mut parts),
        attendance(r, root, &mut parts),
        evaluation(r, root, &mut parts),
    ];
    ok.iter().all(|ok| *ok).then_some(parts)
}

/// Opens the optional table `key` of the root with its `known` keys; `Err(())` when it is
/// written wrong (reported), `Ok(None)` when absent.
fn table<'a, 'i>(
    r: &mut Report<'_>,
    root: &Fields<'a, 'i>,
    key: &str,
    header: &'static str,
    known: &[&str],
) -> Result<Option<Fields<'a, 'i>>, ()> {
    let Some(value) = root.get(key) else {
        return Ok(None);
    };
    Fields::open(
        r,
        key,
        value,
        Place::Table(header),
        known,
        "programme-type-table",
    )
    .map(Some)
    .ok_or(())
}

fn preparation(r: &mut Report<'_>, root: &Fields<'_, '_>, parts: &mut Parts) -> bool {
    match table(r, root, "preparation", "[preparation]", PREPARATION_KEYS) {
        Err(()) => false,
        Ok(None) => true,
        Ok(Some(f)) => {
            flag(r, &f, "enabled", &mut parts.preparation)
                & flag(r, &f, "questions_named", &mut parts.questions_named)
        }
    }
}

fn attendance(r: &mut Report<'_>, root: &Fields<'_, '_>, parts: &mut Parts) -> bool {
    match table(r, root, "attendance", "[attendance]", ATTENDANCE_KEYS) {
        Err(()) => false,
        Ok(None) => true,
        Ok(Some(f)) => {
            let before = &mut parts.attendance_opens_before;
            let opens = minutes(r, &f, "opens_before_minutes", MAX_OPENS_BEFORE, before);
            let after = &mut parts.attendance_closes_after;
            let closes = minutes(r, &f, "closes_after_minutes", MAX_CLOSES_AFTER, after);
            flag(r, &f, "enabled", &mut parts.attendance) & opens & closes
        }
    }
}

fn evaluation(r: &mut Report<'_>, root: &Fields<'_, '_>, parts: &mut Parts) -> bool {
    let f = match table(r, root, "evaluation", "[evaluation]", EVALUATION_KEYS) {
        Err(()) => return false,
        Ok(None) => return true,
        Ok(Some(f)) => f,
    };
    let hours = &mut parts.evaluation_reminder_hours;
    let mut ok = flag(r, &f, "enabled", &mut parts.evaluation)
        & flag(r, &f, "anonymous", &mut parts.evaluation_anonymous)
        & bounded(
            r,
            &f,
            "reminder_after_hours",
            MAX_EVALUATION_REMINDER_HOURS,
            hours,
            "programme-bad-hours",
        );
    if f.has("open_days") {
        let days = &mut parts.evaluation_days;
        let read = bounded(
            r,
            &f,
            "open_days",
            MAX_EVALUATION_DAYS,
            days,
            "programme-bad-days",
        );
        if !read {
            ok = false;
        } else if *days == 0 {
            // An evaluation closed as soon as it opens could never be answered.
            let msg = Msg::new("programme-bad-days")
                .arg("key", "open_days")
                .arg("max", MAX_EVALUATION_DAYS);
            r.at(&f.get("open_days").map_or(f.span(), |v| v.span()), msg);
            ok = false;
        }
    }
    ok
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
    bounded(r, f, key, max, slot, "programme-bad-minutes")
}

/// Sets `slot` from the optional whole number `key`, at most `max`; `refusal` names the unit
/// in the message when it is out of range.
fn bounded(
    r: &mut Report<'_>,
    f: &Fields<'_, '_>,
    key: &str,
    max: u32,
    slot: &mut u32,
    refusal: &'static str,
) -> bool {
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
            r.at(&n.span(), Msg::new(refusal).arg("key", key).arg("max", max));
            false
        }
    }
}

/// Reads `[followup]`: the facilitators' digest rule (cron), `None` when turned off.
pub(super) fn followup(
    r: &mut Report<'_>,
    root: &Fields<'_, '_>,
) -> Option<Option<crate::schedule::CronRule>> {
    let default = || crate::schedule::CronRule::parse(DEFAULT_DIGEST).ok();
    let f = match table(r, root, "followup", "[followup]", FOLLOWUP_KEYS) {
        Err(()) => return None,
        Ok(None) => return Some(default()),
        Ok(Some(f)) => f,
    };
    let mut enabled = true;
    if !flag(r, &f, "enabled", &mut enabled) {
        return None;
    }
    let rule = match f.text(r, "digest") {
        None if f.has("digest") => return None,
        None => default(),
        Some(s) => Some(super::reminders::cron_rule(r, &s)?),
    };
    Some(rule.filter(|_| enabled))
}

/// Reads the `[[objective]]` list: the cohort's objectives, for the self-assessment at the end
/// of the cycle.
pub(super) fn objectives(r: &mut Report<'_>, root: &Fields<'_, '_>) -> Option<Vec<String>> {
    let Some(value) = root.get("objective") else {
        return Some(Vec::new());
    };
    let items = fields::array(r, "objective", value)?;
    if items.len() > MAX_OBJECTIVES {
        r.at(
            &value.span(),
            Msg::new("programme-too-many-objectives").arg("max", MAX_OBJECTIVES),
        );
        return None;
    }
    let texts: Vec<Option<String>> = items.iter().map(|item| objective(r, item)).collect();
    texts.into_iter().collect()
}

fn objective(r: &mut Report<'_>, item: &fields::Value<'_>) -> Option<String> {
    let place = Place::Table("[[objective]]");
    let f = Fields::open(
        r,
        "objective",
        item,
        place,
        OBJECTIVE_KEYS,
        "programme-type-table",
    )?;
    let text = f.required_text(r, "text")?;
    // `required_text` refuses an empty text already.
    let trimmed = text.get_ref().trim();
    if trimmed.chars().count() > MAX_OBJECTIVE_CHARS {
        r.at(
            &text.span(),
            Msg::new("programme-objective-too-long").arg("max", MAX_OBJECTIVE_CHARS),
        );
        return None;
    }
    Some(trimmed.to_owned())
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
