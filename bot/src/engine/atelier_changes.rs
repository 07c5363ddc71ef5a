//! `!atelier-deplacer N DATE [raison]` and `!atelier-annuler N raison`: a facilitator moves or
//! cancels an atelier from chat.
//!
//! A change is recorded over the programme file (`store::atelier_changes`), then the cohort is
//! re-imported from the text it was last imported from: the same import as a new file, so its
//! jobs are rescheduled or withdrawn without duplicates, a deadline written relative to the
//! atelier (`due_after`) moves with it, and the cohort is told once, room and DM, with the
//! reason.

use chrono::NaiveDateTime;
use sqlx::SqliteConnection;

use super::HandlerResult;
use super::context::Ctx;
use super::info::find_atelier;
use crate::command::Command;
use crate::domain::{Atelier, Cohort};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::programme::{Programme, ProgrammeAtelier};
use crate::schedule::{local_to_utc, utc_to_local};
use crate::store::{
    self,
    atelier_changes::{ChangeKind, ChatChange},
};

/// Runs `!atelier-deplacer` or `!atelier-annuler`.
pub(crate) async fn handle(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cmd: Command,
) -> HandlerResult {
    match cmd {
        Command::MoveAtelier { atelier, words } => move_atelier(conn, ctx, atelier, &words).await,
        Command::CancelAtelier { atelier, reason } => {
            cancel_atelier(conn, ctx, atelier, &reason).await
        }
        _ => Ok(Vec::new()),
    }
}

/// `!atelier-deplacer N DATE [raison]`.
async fn move_atelier(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    words: &[String],
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let atelier = find_atelier(conn, cohort, number).await?;
    let tz = cohort.timezone;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let (start, used) = crate::schedule::parse_when(&words, utc_to_local(tz, ctx.now))
        .map_err(|e| UserError(e.to_msg()))?;
    let reason = words[used..].join(" ");
    crate::limits::Limits::check_chars(&reason, ctx.settings.limits.question_chars)?;
    ctx.settings
        .limits
        .within_horizon(ctx.now, local_to_utc(tz, start))?;
    if atelier.cancelled.is_none() {
        not_begun(ctx, cohort, &atelier)?;
    }
    if start == atelier.start && atelier.cancelled.is_none() {
        return Err(UserError(
            Msg::new("atelier-move-same-date")
                .arg("number", number)
                .arg("when", start),
        )
        .into());
    }
    let (programme, in_file) = stored_programme(conn, cohort, number).await?;
    let moved = in_file
        .moved_to(start)
        .ok_or_else(|| ctx.settings.limits.beyond_horizon())?;
    deadline_still_after(&in_file, &moved)?;
    let change = ChatChange {
        number,
        file_start: in_file.start,
        file_cancelled: in_file.cancelled.is_some(),
        kind: ChangeKind::Move {
            start: moved.start,
            end: moved.end,
        },
        reason: reason.clone(),
    };
    store::atelier_changes::record(conn, cohort.id, &change, ctx.now).await?;
    let report = store::import_programme(conn, &programme, ctx.now).await?;
    let deadline = moved
        .deliverable
        .as_ref()
        .filter(|_| in_file.due_after_end.is_some())
        .map(|d| d.due);
    let mut lines = vec![
        Msg::new("atelier-moved-done")
            .arg("number", number)
            .arg("title", atelier.title.as_str())
            .arg("old", atelier.start)
            .arg("when", moved.start)
            .arg("added", report.jobs_added)
            .arg("withdrawn", report.jobs_cancelled),
    ];
    if let Some(due) = deadline {
        lines.push(Msg::new("atelier-moved-deadline").arg("due", due));
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", lines))])
}

/// `!atelier-annuler N raison`.
async fn cancel_atelier(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    reason: &str,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let atelier = find_atelier(conn, cohort, number).await?;
    crate::limits::Limits::check_chars(reason, ctx.settings.limits.question_chars)?;
    if atelier.cancelled.is_some() {
        return Err(UserError(Msg::new("atelier-already-cancelled").arg("number", number)).into());
    }
    not_begun(ctx, cohort, &atelier)?;
    let (programme, in_file) = stored_programme(conn, cohort, number).await?;
    let change = ChatChange {
        number,
        file_start: in_file.start,
        file_cancelled: in_file.cancelled.is_some(),
        kind: ChangeKind::Cancel,
        reason: reason.to_owned(),
    };
    store::atelier_changes::record(conn, cohort.id, &change, ctx.now).await?;
    let report = store::import_programme(conn, &programme, ctx.now).await?;
    Ok(vec![
        ctx.reply(
            Msg::new("atelier-cancelled-done")
                .arg("number", number)
                .arg("title", atelier.title.as_str())
                .arg("withdrawn", report.jobs_cancelled),
        ),
    ])
}

/// The programme the cohort was last imported from, and atelier `number` as that file has it.
async fn stored_programme(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    number: u32,
) -> Result<(Programme, ProgrammeAtelier), super::Failure> {
    let refused = || UserError(Msg::new("atelier-change-needs-import").arg("cohort", &cohort.name));
    let source = store::atelier_changes::programme_source(conn, cohort.id)
        .await?
        .ok_or_else(refused)?;
    let programme = crate::programme::parse(&source).map_err(|_| refused())?;
    let in_file = programme
        .ateliers
        .iter()
        .find(|a| a.number == number)
        .cloned()
        .ok_or_else(refused)?;
    Ok((programme, in_file))
}

/// Refuses to move or cancel an atelier that has begun: its attendance is being taken.
fn not_begun(ctx: &Ctx<'_>, cohort: &Cohort, atelier: &Atelier) -> Result<(), UserError> {
    if local_to_utc(cohort.timezone, atelier.start) <= ctx.now {
        return Err(UserError(
            Msg::new("atelier-change-past").arg("number", atelier.number),
        ));
    }
    Ok(())
}

/// A deadline written as a date stays where it is: refuses a move that would put the atelier's
/// end after it, naming the date, rather than a deliverable due before its atelier ends.
fn deadline_still_after(
    in_file: &ProgrammeAtelier,
    moved: &ProgrammeAtelier,
) -> Result<(), UserError> {
    let due: Option<NaiveDateTime> = moved.deliverable.as_ref().map(|d| d.due);
    match due {
        Some(due) if in_file.due_after_end.is_none() && due <= moved.end => Err(UserError(
            Msg::new("atelier-move-after-deadline")
                .arg("number", moved.number)
                .arg("due", due)
                .arg("end", moved.end),
        )),
        _ => Ok(()),
    }
}
