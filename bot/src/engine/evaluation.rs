//! Evaluations: after each atelier, participants rate it by private message (`!evaluer`); at
//! the end of the cycle they assess themselves against the cohort's objectives
//! (`!objectifs`); facilitators read the results (`!evaluation N`). Anonymous by default, with
//! the unlinkability of anonymous polls (see `store::evaluations`).

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::audience::direct_to;
use super::context::Ctx;
use super::info::find_atelier;
use super::jobs::OutMsg;
use super::{HandlerResult, Place};
use crate::domain::{Cohort, Role};
use crate::effect::Effect;
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::AtelierId;
use crate::schedule::EvalStep;
use crate::store::{self, DueJob, evaluations::Answer, evaluations::Evaluation};

/// A participant's rating of one atelier.
#[derive(Debug, Clone)]
pub(crate) struct Rating {
    pub satisfaction: u8,
    pub aims: u8,
    pub keep: Option<String>,
    pub change: Option<String>,
}

/// The evaluation `atelier` names (`None`: the self-assessment), open or not, or why there is
/// none to answer.
async fn current(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    atelier: Option<u32>,
) -> Result<(Evaluation, Option<AtelierId>), super::Failure> {
    let (cohort, _) = ctx.membership()?;
    if !cohort.parts.evaluation {
        return Err(UserError::new("evaluation-off").into());
    }
    let atelier_id = match atelier {
        Some(n) => Some(find_atelier(conn, cohort, n).await?.id),
        None => None,
    };
    match store::evaluations::find(conn, cohort.id, atelier_id).await? {
        Some(e) => Ok((e, atelier_id)),
        None => Err(
            UserError(Msg::new("evaluation-not-open").arg("number", atelier.unwrap_or(0))).into(),
        ),
    }
}

/// Records an answer, privately; refused in a room (it would show who said what) and once
/// the evaluation closed.
async fn record(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    atelier: Option<u32>,
    answer: Answer,
) -> HandlerResult {
    if ctx.msg.place != Place::Direct {
        return Err(UserError::new("evaluation-in-private").into());
    }
    let (e, _) = current(conn, ctx, atelier).await?;
    let (_, member) = ctx.membership()?;
    let Some(replaced) = store::evaluations::answer(conn, &e, member.id, &answer).await? else {
        return Err(
            UserError(Msg::new("evaluation-closed").arg("number", atelier.unwrap_or(0))).into(),
        );
    };
    Ok(vec![
        ctx.reply_private(
            Msg::new("evaluation-thanks")
                .arg("number", atelier.unwrap_or(0))
                .arg("again", if replaced { "yes" } else { "no" })
                .arg("anonymous", if e.anonymous { "yes" } else { "no" }),
        ),
    ])
}

/// `!evaluer N S A | garder | changer`, from its command.
pub(crate) async fn rate_command(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cmd: crate::command::Command,
) -> HandlerResult {
    let crate::command::Command::Evaluate {
        atelier,
        satisfaction,
        aims,
        keep,
        change,
    } = cmd
    else {
        return Ok(Vec::new());
    };
    let rating = Rating {
        satisfaction,
        aims,
        keep,
        change,
    };
    rate(conn, ctx, atelier, rating).await
}

/// `!evaluer N S A [| garder [| changer]]`.
pub(crate) async fn rate(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    atelier: u32,
    r: Rating,
) -> HandlerResult {
    let max = ctx.settings.limits.question_chars;
    for text in [&r.keep, &r.change].into_iter().flatten() {
        crate::limits::Limits::check_chars(text, max)?;
    }
    let answer = Answer {
        member: None,
        scores: vec![r.satisfaction, r.aims],
        keep: r.keep,
        change: r.change,
    };
    record(conn, ctx, Some(atelier), answer).await
}

/// `!objectifs 2>4 1>3 …`: one pair per objective, in order.
pub(crate) async fn self_assess(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    pairs: &[(u8, u8)],
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let objectives = store::evaluations::objectives(conn, cohort.id).await?;
    if objectives.is_empty() {
        return Err(UserError::new("evaluation-no-objectives").into());
    }
    if pairs.len() != objectives.len() {
        return Err(UserError(
            Msg::new("evaluation-wrong-pairs")
                .arg("count", objectives.len())
                .arg("given", pairs.len()),
        )
        .into());
    }
    let answer = Answer {
        member: None,
        scores: pairs.iter().flat_map(|(b, a)| [*b, *a]).collect(),
        keep: None,
        change: None,
    };
    record(conn, ctx, None, answer).await
}

/// Average of `scores` as text with one decimal, French or English style.
fn average(scores: &[u8], lang: crate::domain::Lang) -> String {
    if scores.is_empty() {
        return "—".to_owned();
    }
    let sum: u32 = scores.iter().map(|s| u32::from(*s)).sum();
    let tenths = (sum * 10 + scores.len() as u32 / 2) / scores.len() as u32;
    let sep = if lang == crate::domain::Lang::Fr {
        ','
    } else {
        '.'
    };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

/// How many answers gave each score 1–5.
fn distribution(scores: impl Iterator<Item = u8>) -> [u64; 5] {
    let mut out = [0; 5];
    for s in scores {
        if let Some(slot) = out.get_mut(usize::from(s).wrapping_sub(1)) {
            *slot += 1;
        }
    }
    out
}

/// `!evaluation N` / `!evaluation objectifs`: counts, averages, distribution (with a chart),
/// comments; privately.
pub(crate) async fn results(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    atelier: Option<u32>,
) -> HandlerResult {
    let (e, _) = current(conn, ctx, atelier).await?;
    let (cohort, _) = ctx.membership()?;
    let answers = store::evaluations::answers(conn, e.id).await?;
    let expected = store::members::of_cohort(conn, cohort.id)
        .await?
        .iter()
        .filter(|m| m.role == Role::Participant)
        .count();
    let header = Msg::new("evaluation-results-header")
        .arg("number", atelier.unwrap_or(0))
        .arg("answers", answers.len())
        .arg("expected", expected)
        .arg("anonymous", if e.anonymous { "yes" } else { "no" })
        .arg("open", if e.open { "yes" } else { "no" });
    let (lines, chart) = match atelier {
        Some(_) => atelier_lines(&answers, ctx.lang),
        None => {
            let objectives = store::evaluations::objectives(conn, cohort.id).await?;
            (objective_lines(&objectives, &answers, ctx.lang), None)
        }
    };
    let mut all = vec![header];
    all.extend(lines);
    let mut reply = ctx.reply_private(Msg::new("text").arg("text", all));
    if let Some(png) = chart {
        let path = ctx.data_dir().join("charts").join(format!(
            "evaluation-{}-{}-{}.png",
            cohort.name,
            atelier.unwrap_or(0),
            ctx.now.timestamp()
        ));
        let write = Effect::WriteFile {
            path: path.clone(),
            bytes: png,
        };
        store::effects::record(conn, &write, ctx.now).await?;
        reply.attachments.push(path.display().to_string());
    }
    let mut out = vec![reply];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// The lines of an atelier's results and the chart of both distributions.
fn atelier_lines(answers: &[Answer], lang: crate::domain::Lang) -> (Vec<Msg>, Option<Vec<u8>>) {
    let nth = |i: usize| answers.iter().filter_map(move |a| a.scores.get(i).copied());
    let satisfaction: Vec<u8> = nth(0).collect();
    let aims: Vec<u8> = nth(1).collect();
    let spread = |d: [u64; 5]| {
        d.iter()
            .enumerate()
            .map(|(i, n)| format!("{}★ {n}", i + 1))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let mut lines = vec![
        Msg::new("evaluation-results-satisfaction")
            .arg("average", average(&satisfaction, lang))
            .arg("spread", spread(distribution(satisfaction.iter().copied()))),
        Msg::new("evaluation-results-aims")
            .arg("average", average(&aims, lang))
            .arg("spread", spread(distribution(aims.iter().copied()))),
    ];
    for (id, pick) in [
        ("evaluation-results-keep", 0),
        ("evaluation-results-change", 1),
    ] {
        let comments: Vec<Msg> = answers
            .iter()
            .filter_map(|a| {
                if pick == 0 {
                    a.keep.as_ref()
                } else {
                    a.change.as_ref()
                }
            })
            .map(|c| Msg::new("evaluation-results-comment").arg("text", c.as_str()))
            .collect();
        if !comments.is_empty() {
            lines.push(Msg::new(id));
            lines.extend(comments);
        }
    }
    if answers.is_empty() {
        return (lines, None);
    }
    let mut labels = Vec::new();
    let mut counts = Vec::new();
    for (id, scores) in [
        ("evaluation-chart-satisfaction", &satisfaction),
        ("evaluation-chart-aims", &aims),
    ] {
        for (i, n) in distribution(scores.iter().copied()).iter().enumerate() {
            labels.push(Msg::new(id).arg("score", i + 1).render(lang));
            counts.push(*n);
        }
    }
    let title = Msg::new("evaluation-chart-title").render(lang);
    let png = crate::poll::chart::bar_chart_png(&title, &labels, &counts, lang);
    (lines, Some(png))
}

/// One line per objective: the average before and after.
fn objective_lines(
    objectives: &[String],
    answers: &[Answer],
    lang: crate::domain::Lang,
) -> Vec<Msg> {
    objectives
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let at = |k: usize| -> Vec<u8> {
                answers
                    .iter()
                    .filter_map(|a| a.scores.get(2 * i + k).copied())
                    .collect()
            };
            Msg::new("evaluation-results-objective")
                .arg("number", i + 1)
                .arg("text", text.as_str())
                .arg("before", average(&at(0), lang))
                .arg("after", average(&at(1), lang))
        })
        .collect()
}

/// What an evaluation job needs to know of its cohort.
struct JobContext {
    number: u32,
    title: String,
    objectives: Vec<String>,
    members: Vec<(crate::domain::Member, Option<crate::ids::Identity>)>,
}

impl JobContext {
    fn participants(
        &self,
    ) -> impl Iterator<Item = &(crate::domain::Member, Option<crate::ids::Identity>)> {
        self.members
            .iter()
            .filter(|(m, _)| m.role == Role::Participant)
    }

    /// The questions, or their one reminder.
    fn form(&self, e: &Evaluation, cohort: &Cohort, remind: bool) -> Msg {
        let numbered: Vec<Msg> = self
            .objectives
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Msg::new("evaluation-objective-line")
                    .arg("number", i + 1)
                    .arg("text", t.as_str())
            })
            .collect();
        let id = if self.number > 0 {
            "job-evaluation-atelier"
        } else {
            "job-evaluation-objectives"
        };
        Msg::new(id)
            .arg("number", self.number)
            .arg("title", self.title.as_str())
            .arg("objectives", numbered)
            .arg("count", self.objectives.len())
            .arg("anonymous", if e.anonymous { "yes" } else { "no" })
            .arg("remind", if remind { "yes" } else { "no" })
            .arg(
                "closes",
                crate::schedule::utc_to_local(cohort.timezone, e.closes_at),
            )
    }
}

/// The evaluation a job is about: opened by the opening step, found by the others.
async fn evaluation_of(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    atelier: Option<AtelierId>,
    job: &DueJob,
    step: EvalStep,
    now: DateTime<Utc>,
) -> Result<Option<Evaluation>, EngineError> {
    if step != EvalStep::Open {
        return Ok(store::evaluations::find(conn, cohort.id, atelier).await?);
    }
    let closes = job.due_at + Duration::days(i64::from(cohort.parts.evaluation_days));
    let anonymous = cohort.parts.evaluation_anonymous;
    let e = store::evaluations::open(conn, cohort.id, atelier, anonymous, now, closes).await?;
    Ok(Some(e))
}

/// The messages of an evaluation job: the questions to each participant (opening), one
/// reminder to those who have not answered, the count to the facilitators (closing).
pub(crate) async fn job_messages(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    job: &DueJob,
    step: EvalStep,
    now: DateTime<Utc>,
) -> Result<Vec<OutMsg>, EngineError> {
    if !cohort.parts.evaluation {
        return Ok(Vec::new());
    }
    let atelier = match job.atelier {
        Some(n) => match store::cohorts::atelier(conn, cohort.id, n).await? {
            Some(a) => Some(a),
            // The atelier left the programme: nothing to evaluate.
            None => return Ok(Vec::new()),
        },
        None => None,
    };
    let Some(e) =
        evaluation_of(conn, cohort, atelier.as_ref().map(|a| a.id), job, step, now).await?
    else {
        return Ok(Vec::new());
    };
    let ctx = JobContext {
        number: job.atelier.unwrap_or(0),
        title: atelier.map_or(String::new(), |a| a.title),
        objectives: store::evaluations::objectives(conn, cohort.id).await?,
        members: store::members::of_cohort_with_dm(conn, cohort.id).await?,
    };
    Ok(match step {
        EvalStep::Open if e.open => {
            let msg = ctx.form(&e, cohort, false);
            ctx.participants()
                .filter_map(|p| direct_to(cohort, p, &msg))
                .collect()
        }
        EvalStep::Remind if e.open => {
            let ids: Vec<_> = ctx.participants().map(|(m, _)| m.id).collect();
            let answered = store::evaluations::respondents(conn, &e, &ids).await?;
            let msg = ctx.form(&e, cohort, true);
            ctx.participants()
                .filter(|(m, _)| !answered.contains(&m.id))
                .filter_map(|p| direct_to(cohort, p, &msg))
                .collect()
        }
        EvalStep::Close if store::evaluations::close(conn, e.id).await? => {
            let msg = Msg::new("job-evaluation-closed")
                .arg("number", ctx.number)
                .arg(
                    "answers",
                    store::evaluations::answers(conn, e.id).await?.len(),
                )
                .arg("expected", ctx.participants().count());
            ctx.members
                .iter()
                .filter(|(m, _)| m.role == Role::Facilitator)
                .filter_map(|f| direct_to(cohort, f, &msg))
                .collect()
        }
        _ => Vec::new(),
    })
}
