//! The facilitators' follow-up: `!suivi` (one line per participant, who needs attention
//! first), `!suivi @membre` (one person's whole path), and the weekly digest by DM.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::HandlerResult;
use super::context::{Ctx, mentioned_member};
use super::jobs::OutMsg;
use crate::domain::{Atelier, Cohort, Lang, Member, Role};
use crate::error::EngineError;
use crate::followup::{Facts, by_attention};
use crate::i18n::Msg;
use crate::store;

/// The follow-up of `cohort` at `now`, most in need of attention first.
async fn report(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    now: DateTime<Utc>,
) -> Result<Msg, EngineError> {
    let mut facts = store::followup::facts(conn, cohort, now).await?;
    by_attention(&mut facts);
    let mut lines = vec![
        Msg::new("followup-header")
            .arg("title", cohort.title.as_str())
            .arg("count", facts.len()),
    ];
    lines.extend(facts.iter().map(line));
    if facts.is_empty() {
        lines.push(Msg::new("followup-nobody"));
    }
    Ok(Msg::new("text").arg("text", lines))
}

/// One participant's line.
fn line(f: &Facts) -> Msg {
    let (answered, opened) = f.evaluations.unwrap_or((0, 0));
    Msg::new("followup-line")
        .arg("name", f.name.as_str())
        .arg("attention", f.attention())
        .arg("ready", f.ready)
        .arg("not_yet", f.not_yet)
        .arg("silent", f.silent)
        .arg("present", f.present)
        .arg("sessions", f.present + f.absent + f.excused + f.unconfirmed)
        .arg("absent", f.absent + f.unconfirmed)
        .arg("excused", f.excused)
        .arg("on_time", f.on_time)
        .arg("late", f.late)
        .arg("missing", f.missing)
        .arg("to_review", f.to_review)
        .arg("named", if f.evaluations.is_some() { "yes" } else { "no" })
        .arg("answered", answered)
        .arg("opened", opened)
        .arg("questions", f.open_questions)
}

/// `!suivi` (everyone) or `!suivi @membre` (one person's path).
pub(crate) async fn run(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    member: Option<String>,
) -> HandlerResult {
    match member {
        None => overview(conn, ctx).await,
        Some(member) => path(conn, ctx, &member).await,
    }
}

/// `!suivi`: privately, where each participant stands.
pub(crate) async fn overview(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let msg = report(conn, cohort, ctx.now).await?;
    let mut out = vec![ctx.reply_private(msg)];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// The weekly digest: the same report to each facilitator, by DM, in their language.
pub(crate) async fn digest(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    now: DateTime<Utc>,
) -> Result<Vec<OutMsg>, EngineError> {
    let msg = Msg::new("followup-digest").arg("report", report(conn, cohort, now).await?);
    let facilitators = store::members::of_cohort_with_dm(conn, cohort.id).await?;
    Ok(facilitators
        .iter()
        .filter(|(m, _)| m.role == Role::Facilitator)
        .filter_map(|f| super::audience::direct_to(cohort, f, &msg))
        .collect())
}

/// `!suivi @membre`: privately, one person's path through the cycle, atelier by atelier.
pub(crate) async fn path(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    mention: &str,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let member = mentioned_member(conn, ctx, mention).await?;
    let mut lines = vec![
        Msg::new("followup-path-header")
            .arg("name", member.display_name.as_str())
            .arg("role", Msg::new(super::context::role_msg_id(member.role))),
    ];
    for a in store::cohorts::ateliers(conn, cohort.id).await? {
        lines.extend(atelier_path(conn, ctx, cohort, &member, &a).await?);
    }
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// What `m` did around atelier `a`: check-in, presence per session, deliverable, questions.
async fn atelier_path(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cohort: &Cohort,
    m: &Member,
    a: &Atelier,
) -> Result<Vec<Msg>, EngineError> {
    let mut lines = vec![
        Msg::new("followup-path-atelier")
            .arg("number", a.number)
            .arg("title", a.title.as_str())
            .arg("when", a.start),
    ];
    let (states, questions) = store::preparation::of_member(conn, m.id).await?;
    if cohort.parts.preparation {
        let state = states
            .iter()
            .find(|(n, _)| *n == a.number)
            .map_or("none", |(_, s)| s.as_str());
        lines.push(Msg::new("followup-path-preparation").arg("state", state.to_owned()));
    }
    let started = crate::schedule::local_to_utc(cohort.timezone, a.start) <= ctx.now;
    if !started {
        lines.push(Msg::new("followup-path-to-come"));
    } else {
        if cohort.parts.attendance {
            lines.push(presence_line(conn, ctx.lang, m, a).await?);
        }
        lines.push(deliverable_line(conn, m, a).await?);
    }
    let asked: Vec<_> = questions.iter().filter(|(n, _)| *n == a.number).collect();
    if !asked.is_empty() {
        let answered = asked.iter().filter(|(_, q)| q.answer.is_some()).count();
        lines.push(
            Msg::new("followup-path-questions")
                .arg("count", asked.len())
                .arg("answered", answered),
        );
    }
    Ok(lines)
}

async fn presence_line(
    conn: &mut SqliteConnection,
    lang: Lang,
    m: &Member,
    a: &Atelier,
) -> Result<Msg, EngineError> {
    let marks = store::attendance::of_member(conn, m.id).await?;
    let parts: Vec<String> = (1..=a.sessions.len())
        .map(|i| {
            let n = u32::try_from(i).unwrap_or(u32::MAX);
            let mark = marks
                .iter()
                .find(|k| k.atelier == a.number && k.session == n);
            Msg::new("followup-path-session")
                .arg("session", n)
                .arg("presence", mark.map_or("none", |k| k.presence.as_str()))
                .arg(
                    "mode",
                    mark.and_then(|k| k.mode).map_or("none", |md| md.as_str()),
                )
                .render(lang)
        })
        .collect();
    Ok(Msg::new("followup-path-presence").arg("sessions", parts.join(" · ")))
}

async fn deliverable_line(
    conn: &mut SqliteConnection,
    m: &Member,
    a: &Atelier,
) -> Result<Msg, EngineError> {
    if store::cohorts::deliverable_spec(conn, a.id)
        .await?
        .is_none()
    {
        return Ok(Msg::new("followup-path-no-deliverable"));
    }
    let versions = store::submissions::versions(conn, a.id, m.id).await?;
    Ok(match versions.last() {
        Some(s) => Msg::new("followup-path-deliverable")
            .arg("version", s.version)
            .arg("timeliness", super::deliverables::timeliness(s.late_by))
            .arg("status", super::deliverables::status_msg(s.status)),
        None => Msg::new("followup-path-not-handed-in"),
    })
}
