//! `[atelier.deliverable.review]`: peer review of a deliverable after its deadline.

use crate::domain::ReviewSpec;
use crate::i18n::Msg;

use super::fields::{self, Fields, Place};
use super::report::Report;
use toml::de::DeValue;

const REVIEW_KEYS: &[&str] = &["reviewers", "criteria", "scale", "due_after", "anonymous"];
const MAX_REVIEWERS: u32 = 5;
const MAX_CRITERIA: usize = 8;
const MAX_CRITERION_CHARS: usize = 60;
const MAX_SCALE: u32 = 10;
/// Reviews are due at most this long after the deliverable's deadline.
const MAX_DAYS_AFTER: i64 = 60;

/// Reads the review table of a deliverable: `Some(None)` when there is none, `None` when it is
/// written but wrong (the problems are reported).
pub(super) fn review(
    r: &mut Report<'_>,
    deliverable: &Fields<'_, '_>,
) -> Option<Option<ReviewSpec>> {
    let Some(value) = deliverable.get("review") else {
        return Some(None);
    };
    let f = Fields::open(
        r,
        "review",
        value,
        Place::Table("[atelier.deliverable.review]"),
        REVIEW_KEYS,
        "programme-type-table",
    )?;
    let reviewers = bounded(r, &f, "reviewers", 1, MAX_REVIEWERS, 2);
    let scale = bounded(r, &f, "scale", 2, MAX_SCALE, 5);
    let criteria = criteria(r, &f);
    let minutes_after = match f.text(r, "due_after") {
        None if f.has("due_after") => None,
        None => Some(5 * 24 * 60),
        Some(s) => {
            let d = crate::duration::parse_duration(s.get_ref()).filter(|d| {
                *d >= chrono::TimeDelta::hours(1) && *d <= chrono::TimeDelta::days(MAX_DAYS_AFTER)
            });
            if d.is_none() {
                r.at(
                    &s.span(),
                    Msg::new("programme-bad-duration")
                        .arg("key", "due_after")
                        .arg("value", *s.get_ref()),
                );
            }
            d.map(|d| d.num_minutes())
        }
    };
    let anonymous = match f.boolean(r, "anonymous") {
        None if f.has("anonymous") => None,
        b => Some(b.unwrap_or(true)),
    };
    Some(Some(ReviewSpec {
        reviewers: reviewers?,
        criteria: criteria?,
        scale: scale?,
        minutes_after: minutes_after?,
        anonymous: anonymous?,
    }))
}

fn bounded(
    r: &mut Report<'_>,
    f: &Fields<'_, '_>,
    key: &str,
    min: u32,
    max: u32,
    default: u32,
) -> Option<u32> {
    if !f.has(key) {
        return Some(default);
    }
    let n = f.required_integer(r, key)?;
    match u32::try_from(*n.get_ref())
        .ok()
        .filter(|v| (min..=max).contains(v))
    {
        Some(v) => Some(v),
        None => {
            r.at(
                &n.span(),
                Msg::new("programme-review-out-of-range")
                    .arg("key", key)
                    .arg("min", min)
                    .arg("max", max),
            );
            None
        }
    }
}

fn criteria(r: &mut Report<'_>, f: &Fields<'_, '_>) -> Option<Vec<String>> {
    let value = f.require(r, "criteria")?;
    let items = match value.get_ref() {
        DeValue::Array(items) => items,
        _ => {
            fields::wrong_type(r, "criteria", value, "programme-type-list-of-texts");
            return None;
        }
    };
    let texts: Vec<Option<String>> = items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s)
                if !s.trim().is_empty() && s.trim().chars().count() <= MAX_CRITERION_CHARS =>
            {
                Some(s.trim().to_owned())
            }
            _ => {
                r.at(
                    &item.span(),
                    Msg::new("programme-bad-criterion").arg("max", MAX_CRITERION_CHARS),
                );
                None
            }
        })
        .collect();
    let texts: Vec<String> = texts.into_iter().collect::<Option<_>>()?;
    if texts.is_empty() || texts.len() > MAX_CRITERIA {
        r.at(
            &value.span(),
            Msg::new("programme-criteria-count").arg("max", MAX_CRITERIA),
        );
        return None;
    }
    Some(texts)
}
