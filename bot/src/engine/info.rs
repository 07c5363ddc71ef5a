//! The programme as members consult it: `!programme`, `!atelier N`, `!prochain`, `!refs [N]`.

use crate::effect::Effect;
use sqlx::SqliteConnection;

use super::HandlerResult;
use super::context::Ctx;
use super::render::{atelier_line, countdown, reference_lines};
use crate::calendar::{CalendarAtelier, cohort_calendar};
use crate::domain::{Atelier, Cohort};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::schedule::{local_to_utc, utc_to_local};
use crate::store;

pub(crate) async fn programme(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let ateliers = store::cohorts::ateliers(conn, cohort.id).await?;
    let now_local = utc_to_local(cohort.timezone, ctx.now);
    let lines: Vec<Msg> = ateliers
        .iter()
        .map(|a| atelier_line(a, now_local))
        .collect();
    Ok(vec![
        ctx.reply(
            Msg::new("programme-overview")
                .arg("title", cohort.title.as_str())
                .arg("count", ateliers.len())
                .arg("ateliers", lines),
        ),
    ])
}

/// Atelier `number` of `cohort`, or the refusal that says how many the cycle has.
pub(crate) async fn find_atelier(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    number: u32,
) -> Result<Atelier, super::Failure> {
    match store::cohorts::atelier(conn, cohort.id, number).await? {
        Some(a) => Ok(a),
        None => {
            let count = store::cohorts::ateliers(conn, cohort.id).await?.len();
            Err(UserError(
                Msg::new("error-no-such-atelier")
                    .arg("number", number)
                    .arg("count", count),
            )
            .into())
        }
    }
}

pub(crate) async fn atelier(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let a = find_atelier(conn, cohort, number).await?;
    let refs = store::cohorts::references(conn, a.id).await?;
    let spec = store::cohorts::deliverable_spec(conn, a.id).await?;
    // Messages, not text, so that dates can be shown in the reader's own zone too.
    let text = |s: String| Msg::new("text").arg("text", s);
    let mut parts: Vec<Msg> = vec![
        Msg::new("atelier-detail-header")
            .arg("number", a.number)
            .arg("title", a.title.as_str()),
    ];
    if let Some(reason) = &a.cancelled {
        parts.push(Msg::new("atelier-cancelled-mark").arg("reason", reason.as_str()));
    }
    parts.extend([Msg::new("atelier-detail-when")
        .arg("date", a.start.date())
        .arg("start", a.start.time())
        .arg("end", a.end.time())]);
    if let Some(place) = &a.place {
        parts.push(Msg::new("atelier-detail-place").arg("place", place));
    }
    if let Some(link) = &a.link {
        parts.push(Msg::new("atelier-detail-link").arg("link", link));
    }
    parts.push(text(String::new()));
    parts.push(text(a.summary.trim().to_owned()));
    parts.push(text(String::new()));
    parts.push(
        Msg::new("atelier-detail-references")
            .arg("count", refs.len())
            .arg("number", a.number),
    );
    if let Some(spec) = spec {
        parts.push(
            Msg::new("atelier-detail-deliverable")
                .arg("title", spec.title.as_str())
                .arg("due", spec.due),
        );
        parts.push(text(format!("    {}", spec.instructions.trim())));
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", parts))])
}

pub(crate) async fn next(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let tz = cohort.timezone;
    let now_local = utc_to_local(tz, ctx.now);
    let mut ateliers = store::cohorts::ateliers(conn, cohort.id).await?;
    ateliers.retain(|a| a.cancelled.is_none());
    // Kept as messages, not text, so that dates can be shown in the reader's own zone too.
    let mut parts: Vec<Msg> = Vec::new();

    if let Some(current) = ateliers
        .iter()
        .find(|a| a.start <= now_local && now_local < a.end)
    {
        parts.push(
            Msg::new("next-atelier-now")
                .arg("number", current.number)
                .arg("title", current.title.as_str())
                .arg("end", current.end.time()),
        );
    }
    match ateliers.iter().find(|a| a.start > now_local) {
        Some(a) => parts.push(
            Msg::new("next-atelier")
                .arg("number", a.number)
                .arg("title", a.title.as_str())
                .arg("when", a.start)
                .arg("countdown", countdown(local_to_utc(tz, a.start) - ctx.now)),
        ),
        None if parts.is_empty() => parts.push(Msg::new("next-atelier-none")),
        None => {}
    }

    let mut next_deadline = None;
    for a in &ateliers {
        if let Some(spec) = store::cohorts::deliverable_spec(conn, a.id).await?
            && spec.due > now_local
            && next_deadline
                .as_ref()
                .is_none_or(|(_, s): &(_, crate::domain::DeliverableSpec)| spec.due < s.due)
        {
            next_deadline = Some((a.number, spec));
        }
    }
    match next_deadline {
        Some((number, spec)) => parts.push(
            Msg::new("next-deadline")
                .arg("number", number)
                .arg("title", spec.title.as_str())
                .arg("when", spec.due)
                .arg("countdown", countdown(local_to_utc(tz, spec.due) - ctx.now)),
        ),
        None => parts.push(Msg::new("next-deadline-none")),
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", parts))])
}

pub(crate) async fn references(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: Option<u32>,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let a = match number {
        Some(n) => find_atelier(conn, cohort, n).await?,
        None => {
            let now_local = utc_to_local(cohort.timezone, ctx.now);
            let ateliers = store::cohorts::ateliers(conn, cohort.id).await?;
            let live = ateliers.into_iter().filter(|a| a.cancelled.is_none());
            match live.into_iter().find(|a| a.end > now_local) {
                Some(a) => a,
                None => return Err(UserError::new("error-refs-cycle-over").into()),
            }
        }
    };
    let refs = store::cohorts::references(conn, a.id).await?;
    let msg = if refs.is_empty() {
        Msg::new("references-none")
            .arg("number", a.number)
            .arg("title", a.title.as_str())
    } else {
        Msg::new("references-list")
            .arg("number", a.number)
            .arg("title", a.title.as_str())
            .arg("references", reference_lines(&refs, ctx.lang))
    };
    Ok(vec![ctx.reply(msg)])
}

pub(crate) async fn calendar(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let (ics, ateliers) = calendar_text(conn, cohort, None, ctx.lang, ctx.now).await?;
    // Derived data, rewritten on every request: the file always matches the programme.
    let dir = ctx.data_dir().join("calendars");
    let path = dir.join(format!("{}-{}.ics", cohort.name, ctx.lang.code()));
    let write = Effect::WriteFile {
        path: path.clone(),
        bytes: ics.into_bytes(),
    };
    store::effects::record(conn, &write, ctx.now).await?;
    let mut reply = ctx.reply(Msg::new("calendar-sent").arg("count", ateliers));
    reply.attachments.push(path.display().to_string());
    Ok(vec![reply])
}

/// The iCalendar text of `cohort` and how many ateliers it has. With `member`, each deadline
/// is the one granted to that person (their extension), for their own feed.
pub(crate) async fn calendar_text(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    member: Option<crate::ids::MemberId>,
    lang: crate::domain::Lang,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(String, usize), store::StoreError> {
    let ateliers = store::cohorts::ateliers(conn, cohort.id).await?;
    let extensions = match member {
        Some(m) => store::extensions::of_member(conn, m).await?,
        None => Vec::new(),
    };
    let mut specs = Vec::with_capacity(ateliers.len());
    for a in &ateliers {
        let mut spec = store::cohorts::deliverable_spec(conn, a.id).await?;
        let granted = extensions
            .iter()
            .find(|e| e.atelier == a.id)
            .and_then(|e| e.due);
        if let (Some(spec), Some(due)) = (spec.as_mut(), granted) {
            spec.due = utc_to_local(cohort.timezone, due);
        }
        specs.push(spec);
    }
    let entries: Vec<CalendarAtelier<'_>> = ateliers
        .iter()
        .zip(&specs)
        .map(|(atelier, spec)| CalendarAtelier {
            atelier,
            deliverable: spec.as_ref(),
        })
        .collect();
    Ok((cohort_calendar(cohort, &entries, lang, now), ateliers.len()))
}
