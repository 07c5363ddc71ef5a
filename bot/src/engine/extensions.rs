//! Deadline extensions: `!delai N raison` (a participant asks), `!delai accorder N @membre DATE`
//! and `!delai refuser N @membre raison` (facilitators decide). A date granted is that person's
//! deadline alone: their lateness, their chases and their follow-up go by it.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::context::{Ctx, mentioned_member};
use super::deliverables::atelier_with_spec;
use super::{HandlerResult, Reply};
use crate::command::ExtensionAction;
use crate::domain::{Atelier, Cohort, Member, Role};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::schedule::{Target, local_to_utc, utc_to_local};
use crate::store::{self, JobKind, JobPayload, JobSource};

/// Longest an extension may run past the cohort's deadline.
const MAX_EXTENSION: Duration = Duration::days(90);
/// When a person granted a new deadline is reminded of it: two days, then two hours before.
const CHASES: [Duration; 2] = [Duration::days(2), Duration::hours(2)];

pub(crate) async fn handle(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    action: ExtensionAction,
) -> HandlerResult {
    match action {
        ExtensionAction::Request { atelier, reason } => request(conn, ctx, atelier, &reason).await,
        ExtensionAction::Grant {
            atelier,
            member,
            when,
        } => grant(conn, ctx, atelier, &member, &when).await,
        ExtensionAction::Refuse {
            atelier,
            member,
            reason,
        } => refuse(conn, ctx, atelier, &member, &reason).await,
    }
}

/// Private messages to each facilitator of `cohort`.
async fn to_facilitators(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    msg: &Msg,
) -> Result<Vec<Reply>, store::StoreError> {
    Ok(store::members::of_cohort_with_dm(conn, cohort.id)
        .await?
        .into_iter()
        .filter(|(m, _)| m.role == Role::Facilitator)
        .filter_map(|(m, dm)| Some(Reply::direct(dm?, &m, cohort, msg.clone())))
        .collect())
}

/// A private message to `member`, when they can be reached.
async fn to_member(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    member: &Member,
    msg: Msg,
) -> Result<Option<Reply>, store::StoreError> {
    Ok(store::members::dm_identity(conn, member.id)
        .await?
        .map(|dm| Reply::direct(dm, member, cohort, msg)))
}

async fn request(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    reason: &str,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    crate::limits::Limits::check_chars(reason, ctx.settings.limits.question_chars)?;
    let (atelier, spec) = atelier_with_spec(conn, cohort, number).await?;
    store::extensions::request(conn, atelier.id, member.id, reason, ctx.now).await?;
    let due = current_due(conn, cohort, &atelier, member, spec.due).await?;
    let told = Msg::new("extension-requested-facilitators")
        .arg("name", member.display_name.as_str())
        .arg("number", number)
        .arg("title", spec.title.as_str())
        .arg("due", due)
        .arg("reason", reason)
        .arg("mention", member.display_name.as_str());
    let mut out = to_facilitators(conn, cohort, &told).await?;
    out.push(
        ctx.reply_private(
            Msg::new("extension-requested")
                .arg("number", number)
                .arg("due", due),
        ),
    );
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// The deadline `member` has now for `atelier`: one granted to them, or the cohort's.
async fn current_due(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    atelier: &Atelier,
    member: &Member,
    cohort_due: chrono::NaiveDateTime,
) -> Result<chrono::NaiveDateTime, store::StoreError> {
    Ok(store::extensions::get(conn, atelier.id, member.id)
        .await?
        .and_then(|e| e.due)
        .map_or(cohort_due, |d| utc_to_local(cohort.timezone, d)))
}

async fn grant(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    mention: &str,
    when: &[String],
) -> HandlerResult {
    let (cohort, facilitator) = ctx.membership()?;
    let (atelier, spec) = atelier_with_spec(conn, cohort, number).await?;
    let member = mentioned_member(conn, ctx, mention).await?;
    let due = new_due(ctx, cohort, local_to_utc(cohort.timezone, spec.due), when)?;
    let by = facilitator.id;
    store::extensions::decide(conn, atelier.id, member.id, Some(due), None, by, ctx.now).await?;
    schedule_chases(conn, ctx, cohort, &atelier, &member, due).await?;
    let local = utc_to_local(cohort.timezone, due);
    let mut out = Vec::new();
    let told = Msg::new("extension-granted")
        .arg("number", number)
        .arg("title", spec.title.as_str())
        .arg("due", local);
    out.extend(to_member(conn, cohort, &member, told).await?);
    out.push(
        ctx.reply_private(
            Msg::new("extension-granted-facilitator")
                .arg("name", member.display_name.as_str())
                .arg("number", number)
                .arg("due", local),
        ),
    );
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// The date a facilitator typed, checked: understood whole, in the future, after the cohort's
/// deadline, and at most [`MAX_EXTENSION`] past it.
fn new_due(
    ctx: &Ctx<'_>,
    cohort: &Cohort,
    cohort_due: DateTime<Utc>,
    when: &[String],
) -> Result<DateTime<Utc>, UserError> {
    let words: Vec<&str> = when.iter().map(String::as_str).collect();
    let tz = cohort.timezone;
    let (local, used) = crate::schedule::parse_when(&words, utc_to_local(tz, ctx.now))
        .map_err(|e| UserError(e.to_msg()))?;
    if used < words.len() {
        return Err(UserError(
            Msg::new("extension-bad-date").arg("words", words[used..].join(" ")),
        ));
    }
    let due = local_to_utc(tz, local);
    if due <= ctx.now || due <= cohort_due || due > cohort_due + MAX_EXTENSION {
        return Err(UserError(
            Msg::new("extension-date-out-of-range")
                .arg("due", utc_to_local(tz, cohort_due))
                .arg("days", MAX_EXTENSION.num_days()),
        ));
    }
    Ok(due)
}

/// Replaces `member`'s own chases for `atelier` with two before `due`.
async fn schedule_chases(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cohort: &Cohort,
    atelier: &Atelier,
    member: &Member,
    due: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    let prefix = format!("extension:{}:{}:", atelier.id.0, member.id.0);
    store::jobs::cancel_pending_prefixed(conn, cohort.id, &prefix).await?;
    for (k, before) in CHASES.iter().enumerate() {
        let at = due - *before;
        if at <= ctx.now {
            continue;
        }
        let payload = JobPayload {
            member: Some(member.id),
            until: Some(due.timestamp()),
            ..JobPayload::default()
        };
        let key = format!("{prefix}{}:{k}", due.timestamp());
        store::jobs::enqueue(
            conn,
            cohort.id,
            &key,
            JobKind::ExtensionChase,
            Some(atelier.number),
            Target::Participants,
            &payload,
            at,
            JobSource::Chat,
        )
        .await?;
    }
    Ok(())
}

async fn refuse(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    mention: &str,
    reason: &str,
) -> HandlerResult {
    let (cohort, facilitator) = ctx.membership()?;
    crate::limits::Limits::check_chars(reason, ctx.settings.limits.question_chars)?;
    let (atelier, spec) = atelier_with_spec(conn, cohort, number).await?;
    let member = mentioned_member(conn, ctx, mention).await?;
    let by = facilitator.id;
    store::extensions::decide(conn, atelier.id, member.id, None, Some(reason), by, ctx.now).await?;
    let due = current_due(conn, cohort, &atelier, &member, spec.due).await?;
    let told = Msg::new("extension-refused")
        .arg("number", number)
        .arg("due", due)
        .arg("reason", reason);
    let mut out = Vec::new();
    out.extend(to_member(conn, cohort, &member, told).await?);
    out.push(
        ctx.reply_private(
            Msg::new("extension-refused-facilitator")
                .arg("name", member.display_name.as_str())
                .arg("number", number),
        ),
    );
    out.extend(ctx.pointer_to_private());
    Ok(out)
}
