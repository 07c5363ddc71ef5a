//! Reminders in chat: `!rappel`, `!rappels`, `!plus-tard`.

use chrono::Duration;
use sqlx::SqliteConnection;

use super::HandlerResult;
use super::context::Ctx;
use super::render::countdown;
use crate::command::{CommandName, ReminderSpec, RemindersAction};
use crate::domain::{Member, Role};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::schedule::{CronRule, Target, local_to_utc, utc_to_local};
use crate::store::{self, JobKind, JobPayload, JobSource, reminders::NewChatReminder};

/// Who a reminder goes to, in words.
fn recipient_msg(target: Target, member: Option<&Member>) -> Msg {
    match member {
        Some(m) => Msg::new("reminder-to-member").arg("name", m.display_name.as_str()),
        None => Msg::new("reminder-to").arg("target", target.as_str()),
    }
}

/// The text, first firing and cron rule of a reminder as written: a date phrase followed by
/// the text, or a cron rule that fires at most every `cron_min_interval_minutes`; the first
/// firing within the horizon.
fn first_firing<'s>(
    ctx: &Ctx<'_>,
    tz: chrono_tz::Tz,
    spec: &'s ReminderSpec,
) -> Result<(String, chrono::DateTime<chrono::Utc>, Option<&'s str>), UserError> {
    let limits = &ctx.settings.limits;
    match spec {
        ReminderSpec::Once { words } => {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let now_local = utc_to_local(tz, ctx.now);
            let (when, used) = crate::schedule::parse_when(&words, now_local)
                .map_err(|e| UserError(e.to_msg()))?;
            let text = words[used..].join(" ");
            let due = limits.within_horizon(ctx.now, local_to_utc(tz, when))?;
            Ok((text, due, None))
        }
        ReminderSpec::Cron { rule, text } => {
            let parsed = CronRule::parse(rule).map_err(|e| UserError(e.to_msg()))?;
            let next = parsed
                .next_after(tz, ctx.now)
                .ok_or_else(|| UserError::new("error-cron-never"))?;
            let next = limits.within_horizon(ctx.now, next)?;
            let least = Duration::try_minutes(limits.cron_min_interval_minutes)
                .unwrap_or(Duration::hours(1));
            if parsed
                .shortest_gap(tz, ctx.now, 400)
                .is_some_and(|gap| gap < least)
            {
                return Err(UserError(
                    Msg::new("error-cron-too-often")
                        .arg("minutes", limits.cron_min_interval_minutes),
                ));
            }
            Ok((text.clone(), next, Some(rule.as_str())))
        }
    }
}

pub(crate) async fn remind(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    mention: Option<String>,
    spec: ReminderSpec,
) -> HandlerResult {
    let (cohort, author) = ctx.membership()?;
    let member = match &mention {
        Some(m) => Some(super::context::mentioned_member(conn, ctx, m).await?),
        None => None,
    };
    // A reminder for one person reads its time in their own zone: « demain 9h » is 9:00 where
    // they live, and a cron rule keeps their hour.
    let their_zone = member.as_ref().and_then(|m| m.timezone);
    let tz = their_zone.unwrap_or(cohort.timezone);
    let target = if member.is_some() {
        Target::Participants
    } else {
        Target::Room
    };
    let limits = &ctx.settings.limits;
    let (text, first_due, cron) = first_firing(ctx, tz, &spec)?;
    crate::limits::Limits::check_chars(&text, limits.reminder_text_chars)?;
    if store::reminders::active(conn, cohort.id).await?.len()
        >= usize::try_from(limits.reminders_per_cohort).unwrap_or(usize::MAX)
    {
        return Err(UserError(
            Msg::new("error-too-many-reminders").arg("max", limits.reminders_per_cohort),
        )
        .into());
    }
    if text.trim().is_empty() {
        return Err(UserError(
            Msg::new("error-usage").arg("usage", super::help::usage(CommandName::Remind)),
        )
        .into());
    }
    let number = store::reminders::create(
        conn,
        &NewChatReminder {
            cohort: cohort.id,
            author: Some(author.id),
            text: &text,
            target,
            member: member.as_ref().map(|m| m.id),
            cron,
        },
        first_due,
        ctx.now,
    )
    .await?;
    let msg = match cron {
        Some(rule) => Msg::new("reminder-created-cron").arg("cron", rule),
        None => Msg::new("reminder-created-once"),
    };
    let mut lines = vec![
        msg.arg("number", number)
            .arg("when", utc_to_local(cohort.timezone, first_due))
            .arg("countdown", countdown(first_due - ctx.now))
            .arg("to", recipient_msg(target, member.as_ref()))
            .arg("text", text),
    ];
    if let Some(zone) = their_zone.filter(|z| *z != cohort.timezone) {
        lines.push(
            Msg::new("reminder-in-their-zone")
                .arg("when", utc_to_local(zone, first_due).time())
                .arg("zone", zone.name()),
        );
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", lines))])
}

pub(crate) async fn reminders(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    action: RemindersAction,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    match action {
        RemindersAction::Dms(on) => {
            store::members::set_reminders(conn, member.id, on).await?;
            let id = if on {
                "reminders-dm-on"
            } else {
                "reminders-dm-off"
            };
            Ok(vec![ctx.reply(Msg::new(id))])
        }
        RemindersAction::List if member.role < Role::Facilitator => {
            Ok(vec![ctx.reply(Msg::new("reminders-status").arg(
                "on",
                if member.reminders_enabled {
                    "yes"
                } else {
                    "no"
                },
            ))])
        }
        RemindersAction::List => {
            let tz = cohort.timezone;
            let list = store::reminders::active(conn, cohort.id).await?;
            if list.is_empty() {
                return Ok(vec![ctx.reply(Msg::new("reminders-none"))]);
            }
            let mut lines = Vec::new();
            for r in &list {
                let member = match r.member {
                    Some(id) => store::members::by_id(conn, id).await?,
                    None => None,
                };
                let when = r.next_due.map(|t| utc_to_local(tz, t));
                let line = match &r.cron {
                    Some(rule) => Msg::new("reminders-line-cron").arg("cron", rule.as_str()),
                    None => Msg::new("reminders-line-once"),
                };
                let line = match when {
                    Some(w) => line.arg("when", w),
                    None => line.arg("when", "—"),
                };
                lines.push(
                    line.arg("number", r.number)
                        .arg("to", recipient_msg(r.target, member.as_ref()))
                        .arg("text", r.text.as_str()),
                );
            }
            Ok(vec![
                ctx.reply(Msg::new("reminders-list").arg("lines", lines)),
            ])
        }
        RemindersAction::Cancel(number) => {
            match store::reminders::cancel(conn, cohort.id, number).await? {
                Some(r) => Ok(vec![
                    ctx.reply(
                        Msg::new("reminders-cancelled")
                            .arg("number", number)
                            .arg("text", r.text),
                    ),
                ]),
                None => {
                    Err(UserError(Msg::new("error-no-such-reminder").arg("number", number)).into())
                }
            }
        }
    }
}

/// How far back `!plus-tard` looks for the reminder to snooze.
const SNOOZE_LOOKBACK: Duration = Duration::hours(24);

pub(crate) async fn later(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    delay: Option<Duration>,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let delay = delay.unwrap_or(Duration::hours(1));
    let last = store::outbox::last_job_dm(conn, member.id, ctx.now - SNOOZE_LOOKBACK).await?;
    let Some((body, outbox_id)) = last else {
        return Err(UserError::new("error-nothing-to-snooze").into());
    };
    let due = ctx.settings.limits.ahead(ctx.now, delay)?;
    // One pending snooze per person: a new `!plus-tard` replaces the previous one, so a
    // script cannot pile up reminders to itself.
    let replaced = store::jobs::cancel_snoozes(conn, cohort.id, member.id).await?;
    store::jobs::enqueue(
        conn,
        cohort.id,
        // The event's own id makes each `!plus-tard` a new job, even one that repeats a
        // snooze replaced meanwhile (whose job is cancelled under the same instant).
        &format!(
            "snooze:{outbox_id}:{}:{}",
            due.timestamp(),
            ctx.msg.event_id
        ),
        JobKind::Snooze,
        None,
        Target::Participants,
        &JobPayload {
            text: Some(body),
            member: Some(member.id),
            author: Some(member.id),
            ..JobPayload::default()
        },
        due,
        JobSource::Chat,
    )
    .await?;
    Ok(vec![
        ctx.reply(
            Msg::new("later-done")
                .arg("replaced", if replaced > 0 { "yes" } else { "no" })
                .arg("countdown", countdown(delay))
                .arg("when", utc_to_local(cohort.timezone, due)),
        ),
    ])
}
