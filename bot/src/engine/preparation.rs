//! Preparation check-ins: `!pret N`, `!pas-encore N`, `!question N …` for participants, and
//! `!preparation N` for facilitators (who is ready, who is not, who has not said, questions).

use sqlx::SqliteConnection;

use super::context::Ctx;
use super::info::find_atelier;
use super::{HandlerResult, Reply};
use crate::domain::Role;
use crate::error::UserError;
use crate::i18n::Msg;
use crate::store::{self, preparation::Readiness};

/// `!pret N` / `!pas-encore N`: records what the participant says (the last answer counts).
pub(crate) async fn check_in(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    readiness: Readiness,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    in_use(cohort)?;
    let a = find_atelier(conn, cohort, number).await?;
    store::preparation::set(conn, a.id, member.id, readiness, ctx.now).await?;
    let id = match readiness {
        Readiness::Ready => "preparation-ready",
        Readiness::NotYet => "preparation-not-yet",
    };
    Ok(vec![
        ctx.reply(
            Msg::new(id)
                .arg("number", number)
                .arg("title", a.title.as_str()),
        ),
    ])
}

/// `!question N …`: keeps the question for the facilitators' `!preparation N`.
pub(crate) async fn ask(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    text: &str,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    in_use(cohort)?;
    let limits = &ctx.settings.limits;
    crate::limits::Limits::check_chars(text, limits.question_chars)?;
    let a = find_atelier(conn, cohort, number).await?;
    if store::preparation::questions_of(conn, a.id, member.id).await?
        >= limits.questions_per_atelier
    {
        return Err(UserError(
            Msg::new("preparation-too-many-questions").arg("max", limits.questions_per_atelier),
        )
        .into());
    }
    store::preparation::ask(conn, a.id, member.id, text.trim(), ctx.now).await?;
    Ok(vec![
        ctx.reply(
            Msg::new("preparation-question-noted")
                .arg("number", number)
                .arg("title", a.title.as_str()),
        ),
    ])
}

/// `!preparation N`: the facilitators' view, sent privately (it names people).
pub(crate) async fn overview(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let a = find_atelier(conn, cohort, number).await?;
    let participants: Vec<_> = store::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Participant)
        .collect();
    let answers = store::preparation::of_atelier(conn, a.id).await?;
    let answer_of = |id| answers.iter().find(|(m, _)| *m == id).map(|(_, r)| *r);
    let names = |want: Option<Readiness>| {
        let names: Vec<&str> = participants
            .iter()
            .filter(|m| answer_of(m.id) == want)
            .map(|m| m.display_name.as_str())
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(", ")
        }
    };
    let questions: Vec<Msg> = store::preparation::questions(conn, a.id)
        .await?
        .into_iter()
        .map(|q| {
            let name = participants
                .iter()
                .find(|m| m.id == q.member)
                .map_or("?", |m| m.display_name.as_str());
            Msg::new("preparation-question-line")
                .arg("id", q.id)
                .arg("name", name)
                .arg("text", q.text)
                .arg("answered", if q.answer.is_some() { "yes" } else { "no" })
        })
        .collect();
    let questions = if questions.is_empty() {
        vec![Msg::new("text").arg("text", "—")]
    } else {
        questions
    };
    let msg = Msg::new("preparation-overview")
        .arg("number", number)
        .arg("title", a.title.as_str())
        .arg("ready", names(Some(Readiness::Ready)))
        .arg("not_yet", names(Some(Readiness::NotYet)))
        .arg("silent", names(None))
        .arg("questions", questions);
    let mut out = vec![ctx.reply_private(msg)];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// Refuses check-ins in a cohort whose programme turned them off.
fn in_use(cohort: &crate::domain::Cohort) -> Result<(), UserError> {
    if cohort.parts.preparation {
        Ok(())
    } else {
        Err(UserError::new("preparation-off"))
    }
}

/// `!repondre Q …`: a facilitator's answer to a preparation question, sent privately to the
/// person who asked (the facilitator never needs to know who that was when the digest keeps
/// names out). Answering again replaces the answer, and says so.
pub(crate) async fn answer(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    id: i64,
    text: &str,
) -> HandlerResult {
    let (cohort, facilitator) = ctx.membership()?;
    crate::limits::Limits::check_chars(text, ctx.settings.limits.question_chars)?;
    let Some(question) = store::preparation::question_in(conn, cohort.id, id).await? else {
        return Err(UserError(Msg::new("preparation-no-such-question").arg("id", id)).into());
    };
    let again = question.answer.is_some();
    store::preparation::answer(conn, id, text.trim(), ctx.now).await?;
    let number = store::cohorts::ateliers(conn, cohort.id)
        .await?
        .into_iter()
        .find(|a| a.id == question.atelier)
        .map_or(0, |a| a.number);
    let mut out = Vec::new();
    let asker = store::members::by_id(conn, question.member).await?;
    let dm = store::members::dm_identity(conn, question.member).await?;
    if let (Some(asker), Some(identity)) = (asker, dm) {
        let msg = Msg::new("preparation-answer-to-member")
            .arg("from", facilitator.display_name.as_str())
            .arg("number", number)
            .arg("question", question.text.as_str())
            .arg("answer", text.trim());
        out.push(Reply::direct(identity, &asker, cohort, msg));
    }
    let confirm = Msg::new("preparation-answer-sent")
        .arg("id", id)
        .arg("again", if again { "yes" } else { "no" });
    out.push(ctx.reply_private(confirm));
    out.extend(ctx.pointer_to_private());
    Ok(out)
}
