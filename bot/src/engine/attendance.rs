//! Attendance (émargement): participants confirm their presence during a session's window
//! (`!present`, a reaction or a button on the session's opening message); facilitators see
//! and correct the sheet (`!presence N [@membre statut]`).

use sqlx::SqliteConnection;

use super::HandlerResult;
use super::context::{Ctx, mentioned_member};
use super::info::find_atelier;
use crate::command::AttendanceMark;
use crate::domain::{Atelier, AttendanceMode, Cohort, Member, Presence, Role, Session};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::schedule::utc_to_local;
use crate::store::{self, attendance::NewMark};

/// Refuses attendance commands in a cohort whose programme turned attendance off.
fn in_use(cohort: &Cohort) -> Result<(), UserError> {
    if cohort.parts.attendance {
        Ok(())
    } else {
        Err(UserError::new("attendance-off"))
    }
}

/// The Fluent form of a presence.
fn presence_word(p: Presence) -> &'static str {
    p.as_str()
}

/// `!present [mode]`: confirms the speaker's presence at the session whose window is open.
/// Answered privately: a room full of confirmations would drown the atelier's conversation.
pub(crate) async fn confirm(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    mode: Option<AttendanceMode>,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    in_use(cohort)?;
    let local_now = utc_to_local(cohort.timezone, ctx.now);
    let mut ateliers = store::cohorts::ateliers(conn, cohort.id).await?;
    ateliers.retain(|a| a.cancelled.is_none());
    let open = ateliers.iter().find_map(|a| {
        a.sessions
            .iter()
            .position(|s| cohort.parts.attendance_open(s, local_now))
            .map(|i| (a, i))
    });
    let Some((atelier, index)) = open else {
        return Err(UserError(none_open(cohort, &ateliers, local_now)).into());
    };
    let session = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let mode = mode.unwrap_or_else(|| {
        AttendanceMode::assumed(atelier.place.is_some(), atelier.link.is_some())
    });
    let mark = NewMark {
        atelier: atelier.id,
        session,
        member: member.id,
        presence: Presence::Present,
        mode: Some(mode),
        by: member.id,
    };
    store::attendance::set(conn, &mark, ctx.now).await?;
    Ok(vec![
        ctx.reply_private(
            Msg::new("attendance-confirmed")
                .arg("number", atelier.number)
                .arg("title", atelier.title.as_str())
                .arg("session", session)
                .arg("sessions", atelier.sessions.len())
                .arg("mode", mode.as_str()),
        ),
    ])
}

/// Why no session is open, and when the next one opens, if any.
fn none_open(cohort: &Cohort, ateliers: &[Atelier], local_now: chrono::NaiveDateTime) -> Msg {
    let before = chrono::TimeDelta::minutes(i64::from(cohort.parts.attendance_opens_before));
    let next = ateliers
        .iter()
        .flat_map(|a| a.sessions.iter().map(move |s| (a, s)))
        .filter(|(_, s)| {
            s.start
                .checked_sub_signed(before)
                .is_some_and(|o| o > local_now)
        })
        .min_by_key(|(_, s)| s.start);
    match next {
        Some((a, s)) => Msg::new("attendance-none-open-next")
            .arg("number", a.number)
            .arg(
                "opens",
                s.start.checked_sub_signed(before).unwrap_or(s.start),
            ),
        None => Msg::new("attendance-none-open"),
    }
}

/// `!presence N`: the sheet of each session of atelier N, sent privately (it names people).
pub(crate) async fn sheet(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    in_use(cohort)?;
    let atelier = find_atelier(conn, cohort, number).await?;
    let members = store::members::of_cohort(conn, cohort.id).await?;
    let marks = store::attendance::of_atelier(conn, atelier.id).await?;
    let mut lines = vec![
        Msg::new("attendance-sheet-header")
            .arg("number", number)
            .arg("title", atelier.title.as_str()),
    ];
    for (i, session) in atelier.sessions.iter().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        lines.push(session_lines(session, n, &members, &marks, ctx.lang));
    }
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// One session of a sheet: who was there (and how), absent, excused, not confirmed.
fn session_lines(
    session: &Session,
    n: u32,
    members: &[Member],
    marks: &[store::attendance::Mark],
    lang: crate::domain::Lang,
) -> Msg {
    let expected: Vec<&Member> = members
        .iter()
        .filter(|m| m.role == Role::Participant)
        .collect();
    let mark_of = |m: &Member| marks.iter().find(|k| k.session == n && k.member == m.id);
    let names = |want: Option<Presence>| {
        let names: Vec<String> = expected
            .iter()
            .filter(|m| mark_of(m).map(|k| k.presence) == want)
            .map(|m| match mark_of(m).and_then(|k| k.mode) {
                Some(mode) => Msg::new("attendance-name-mode")
                    .arg("name", m.display_name.as_str())
                    .arg("mode", mode.as_str())
                    .render(lang),
                None => m.display_name.clone(),
            })
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(", ")
        }
    };
    let present = expected
        .iter()
        .filter(|m| mark_of(m).map(|k| k.presence) == Some(Presence::Present))
        .count();
    Msg::new("attendance-sheet-session")
        .arg("session", n)
        .arg("start", session.start)
        .arg("end", session.end.time())
        .arg("count", present)
        .arg("expected", expected.len())
        .arg("present", names(Some(Presence::Present)))
        .arg("absent", names(Some(Presence::Absent)))
        .arg("excused", names(Some(Presence::Excused)))
        .arg("unconfirmed", names(None))
}

/// `!presence N @membre statut [mode] [session S]`: a facilitator's correction, for one session
/// or every session of the atelier.
pub(crate) async fn mark(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    mark: &AttendanceMark,
) -> HandlerResult {
    let (cohort, facilitator) = ctx.membership()?;
    in_use(cohort)?;
    let atelier = find_atelier(conn, cohort, number).await?;
    let member = mentioned_member(conn, ctx, &mark.member).await?;
    let count = u32::try_from(atelier.sessions.len()).unwrap_or(u32::MAX);
    let sessions: Vec<u32> = match mark.session {
        Some(s) if s <= count => vec![s],
        Some(s) => {
            return Err(UserError(
                Msg::new("attendance-no-such-session")
                    .arg("session", s)
                    .arg("number", number)
                    .arg("count", count),
            )
            .into());
        }
        None => (1..=count).collect(),
    };
    let mode = mark.mode.or_else(|| {
        (mark.presence == Presence::Present)
            .then(|| AttendanceMode::assumed(atelier.place.is_some(), atelier.link.is_some()))
    });
    for &session in &sessions {
        let new = NewMark {
            atelier: atelier.id,
            session,
            member: member.id,
            presence: mark.presence,
            mode,
            by: facilitator.id,
        };
        store::attendance::set(conn, &new, ctx.now).await?;
    }
    let msg = Msg::new("attendance-marked")
        .arg("name", member.display_name.as_str())
        .arg("presence", presence_word(mark.presence))
        .arg("number", number)
        .arg("count", sessions.len())
        .arg(
            "sessions",
            sessions
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        );
    let mut out = vec![ctx.reply_private(msg)];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}
