//! The `[[rule]]` and `[[recurring]]` sections.

use toml::de::DeValue;

use crate::i18n::Msg;
use crate::schedule::{
    CronRule, Direction, RecurringReminder, ReminderRule, RuleKind, Target, Timing, default_rules,
};

use super::fields::{self, Fields, Place, Value};
use super::report::Report;
use super::{validate, values};

const RULE_KEYS: &[&str] = &["kind", "before", "after", "at", "target"];
const RECURRING_KEYS: &[&str] = &["cron", "text", "target", "from", "until"];

/// The reminder rules: the defaults when the file has no `rule` key, since a facilitator who
/// never thought about reminders still wants some; none at all for `rule = []`.
pub(super) fn rules(r: &mut Report<'_>, root: &Fields<'_, '_>) -> Option<Vec<ReminderRule>> {
    let Some(value) = root.get("rule") else {
        return Some(default_rules());
    };
    let items = fields::array(r, "rule", value)?;
    // Read every rule before giving up, so each one's problems are reported.
    let read: Vec<Option<ReminderRule>> = items.iter().map(|item| rule(r, item)).collect();
    read.into_iter().collect()
}

/// The recurring reminders, none when the key is absent.
pub(super) fn recurring(
    r: &mut Report<'_>,
    root: &Fields<'_, '_>,
) -> Option<Vec<RecurringReminder>> {
    let Some(value) = root.get("recurring") else {
        return Some(Vec::new());
    };
    let items = fields::array(r, "recurring", value)?;
    let read: Vec<Option<RecurringReminder>> =
        items.iter().map(|item| recurring_one(r, item)).collect();
    read.into_iter().collect()
}

fn rule(r: &mut Report<'_>, value: &Value<'_>) -> Option<ReminderRule> {
    let f = Fields::open(
        r,
        "rule",
        value,
        Place::Table("[[rule]]"),
        RULE_KEYS,
        "programme-type-table",
    )?;

    let kind = f.required_text(r, "kind").and_then(|s| {
        let kind = RuleKind::parse(s.get_ref().trim());
        if kind.is_none() {
            r.at(
                &s.span(),
                Msg::new("programme-bad-rule-kind").arg("value", *s.get_ref()),
            );
        }
        kind
    });

    let direction = match (f.get("before"), f.get("after")) {
        (Some(_), Some(after)) => {
            r.at(&after.span(), Msg::new("programme-before-and-after"));
            None
        }
        (None, None) => {
            r.at(&f.span(), Msg::new("programme-before-or-after-missing"));
            None
        }
        (Some(_), None) => Some((Direction::Before, "before")),
        (None, Some(_)) => Some((Direction::After, "after")),
    };
    let duration = direction.and_then(|(_, key)| {
        let s = f.text(r, key)?;
        let d = values::duration(s.get_ref());
        if d.is_none() {
            r.at(
                &s.span(),
                Msg::new("programme-bad-duration")
                    .arg("key", key)
                    .arg("value", *s.get_ref()),
            );
        }
        d.map(|d| (d, s))
    });

    let at = f.time(r, "at");
    // `at` pins a time of day, so hours or minutes in the offset would contradict it.
    let mut timing_ok = at.is_some() || !f.has("at");
    if let (Some(_), Some((d, s))) = (&at, &duration)
        && (d.hours > 0 || d.minutes > 0)
    {
        r.at(
            &s.span(),
            Msg::new("programme-at-needs-days").arg("value", *s.get_ref()),
        );
        timing_ok = false;
    }

    let targets = targets(r, &f);
    let (direction, _) = direction?;
    let (d, _) = duration?;
    if !timing_ok {
        return None;
    }
    Some(ReminderRule {
        kind: kind?,
        timing: Timing {
            direction,
            days: d.days,
            hours: d.hours,
            minutes: d.minutes,
            at: at.map(|t| *t.get_ref()),
        },
        targets: targets?,
    })
}

/// A rule's `target`: one name or a non-empty list of names.
fn targets(r: &mut Report<'_>, f: &Fields<'_, '_>) -> Option<Vec<Target>> {
    let value = f.require(r, "target")?;
    match value.get_ref() {
        DeValue::String(_) => target(r, value).map(|t| vec![t]),
        DeValue::Array(items) if items.is_empty() => {
            r.at(&value.span(), Msg::new("programme-empty-target"));
            None
        }
        DeValue::Array(items) => {
            let read: Vec<Option<Target>> = items.iter().map(|i| target(r, i)).collect();
            let mut all: Vec<Target> = read.into_iter().collect::<Option<_>>()?;
            // Naming a target twice must not send the message twice.
            all.sort();
            all.dedup();
            Some(all)
        }
        _ => {
            fields::wrong_type(r, "target", value, "programme-type-text-or-list");
            None
        }
    }
}

/// One target name.
fn target(r: &mut Report<'_>, value: &Value<'_>) -> Option<Target> {
    let DeValue::String(s) = value.get_ref() else {
        fields::wrong_type(r, "target", value, "programme-type-text");
        return None;
    };
    let t = Target::parse(s);
    if t.is_none() {
        r.at(
            &value.span(),
            Msg::new("programme-bad-target").arg("value", s.as_ref()),
        );
    }
    t
}

/// The shortest time a recurring reminder may leave between two sends: a rule firing every
/// minute would bury the cohort under thousands of messages.
pub const MIN_RECURRING_GAP: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Whether `rule` ever fires twice within [`MIN_RECURRING_GAP`]. Its smallest gap shows within
/// its first firing day; a fixed Monday keeps this pure.
fn fires_too_often(rule: &CronRule) -> bool {
    let monday = chrono::DateTime::from_timestamp(946_857_600, 0).unwrap_or_default();
    rule.shortest_gap(chrono_tz::UTC, monday, 400)
        .is_some_and(|gap| gap < MIN_RECURRING_GAP)
}

fn recurring_one(r: &mut Report<'_>, value: &Value<'_>) -> Option<RecurringReminder> {
    let f = Fields::open(
        r,
        "recurring",
        value,
        Place::Table("[[recurring]]"),
        RECURRING_KEYS,
        "programme-type-table",
    )?;
    let cron = f.required_text(r, "cron").and_then(|s| cron_rule(r, &s));
    let text = f.required_text(r, "text");
    let target = match f.require(r, "target") {
        Some(v) => target(r, v),
        None => None,
    };
    let from = f.date(r, "from");
    let until = f.date(r, "until");
    if let (Some(from), Some(until)) = (&from, &until) {
        validate::recurring_window(r, from, until);
    }
    let dates_ok = (from.is_some() || !f.has("from")) && (until.is_some() || !f.has("until"));
    if !dates_ok {
        return None;
    }
    Some(RecurringReminder {
        cron: cron?,
        text: text?.get_ref().trim().to_owned(),
        target: target?,
        from: from.map(|d| *d.get_ref()),
        until: until.map(|d| *d.get_ref()),
    })
}

/// A cron rule written in a programme, refused (and reported) when it does not parse or fires
/// too often.
pub(super) fn cron_rule(r: &mut Report<'_>, s: &toml::Spanned<&str>) -> Option<CronRule> {
    match CronRule::parse(s.get_ref().trim()) {
        Ok(c) if fires_too_often(&c) => {
            r.at(
                &s.span(),
                Msg::new("programme-cron-too-often")
                    .arg("value", *s.get_ref())
                    .arg("minutes", MIN_RECURRING_GAP.num_minutes()),
            );
            None
        }
        Ok(c) => Some(c),
        Err(e) => {
            r.at(
                &s.span(),
                Msg::new("programme-bad-cron")
                    .arg("value", *s.get_ref())
                    .arg("detail", e.to_string()),
            );
            None
        }
    }
}
