//! Peer review of deliverables: at the deadline each participant who handed in receives
//! others' work to read with the rubric (`review::allocate`); `!avis N CODE critère=note …
//! commentaire` scores it; one reminder a day before the reviews are due; then the reviews
//! reach their authors (without the reviewers' names when anonymous). `!avis-suivi N` shows the
//! facilitators who reviewed.

use std::collections::BTreeMap;

use sqlx::SqliteConnection;

use super::HandlerResult;
use super::audience::direct_to;
use super::context::Ctx;
use super::deliverables::atelier_with_spec;
use super::jobs::OutMsg;
use crate::domain::{Cohort, Member, ReviewSpec};
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::MemberId;
use crate::schedule::{ReviewStep, local_to_utc};
use crate::store::{self, DueJob};

/// How much of a submission's text a reviewer is sent; the rest is one `!livrable` away for
/// facilitators, and authors can share files.
const EXCERPT_CHARS: usize = 1500;

pub(crate) async fn job_messages(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    job: &DueJob,
    step: ReviewStep,
) -> Result<Vec<OutMsg>, EngineError> {
    let Some(number) = job.atelier else {
        return Ok(Vec::new());
    };
    let Some(atelier) = store::cohorts::atelier(conn, cohort.id, number).await? else {
        return Ok(Vec::new());
    };
    let Some((spec, review)) = store::cohorts::deliverable_spec(conn, atelier.id)
        .await?
        .and_then(|s| Some((s.clone(), s.review?)))
    else {
        return Ok(Vec::new());
    };
    let members: BTreeMap<MemberId, (Member, Option<crate::ids::Identity>)> =
        store::members::of_cohort_with_dm(conn, cohort.id)
            .await?
            .into_iter()
            .map(|(m, dm)| (m.id, (m, dm)))
            .collect();
    let name = |id: MemberId| {
        members
            .get(&id)
            .map_or(String::new(), |(m, _)| m.display_name.clone())
    };
    if step == ReviewStep::Allocate {
        allocate(conn, &atelier, job).await?;
    }
    let assignments = store::reviews::of_atelier(conn, atelier.id).await?;
    let mut by_person: BTreeMap<MemberId, Vec<Msg>> = BTreeMap::new();
    for a in &assignments {
        if let Some((who, line)) = line_for(conn, step, &review, atelier.id, a, &name).await? {
            // A group's work: its reviews reach every member of the group.
            for reader in readers(conn, step, atelier.id, a, who).await? {
                by_person.entry(reader).or_default().push(line.clone());
            }
        }
    }
    let header = header(step, number, &spec, &review);
    let mut out = Vec::new();
    for (who, lines) in by_person {
        let Some(person) = members.get(&who) else {
            continue;
        };
        let all: Vec<Msg> = std::iter::once(header.clone()).chain(lines).collect();
        out.extend(direct_to(
            cohort,
            person,
            &Msg::new("text").arg("text", all),
        ));
    }
    Ok(out)
}

/// Who reads a line meant for `who`: the whole group when reviews of a group's deliverable are
/// released, `who` alone otherwise.
async fn readers(
    conn: &mut SqliteConnection,
    step: ReviewStep,
    atelier: crate::ids::AtelierId,
    a: &store::reviews::Assignment,
    who: MemberId,
) -> Result<Vec<MemberId>, EngineError> {
    if step != ReviewStep::Release {
        return Ok(vec![who]);
    }
    let group = store::submissions::versions(conn, atelier, a.author)
        .await?
        .into_iter()
        .find(|s| s.id == a.submission)
        .and_then(|s| s.group);
    Ok(match group {
        Some(g) => store::groups::members_of(conn, atelier, g).await?,
        None => vec![who],
    })
}

/// What one assignment adds to a step's messages, and for whom: the work to read (to the
/// reviewer), a review still to give (reminder), the review given (to the author).
async fn line_for(
    conn: &mut SqliteConnection,
    step: ReviewStep,
    review: &ReviewSpec,
    atelier: crate::ids::AtelierId,
    a: &store::reviews::Assignment,
    name: &impl Fn(MemberId) -> String,
) -> Result<Option<(MemberId, Msg)>, EngineError> {
    Ok(match step {
        ReviewStep::Allocate => {
            let s = store::submissions::versions(conn, atelier, a.author)
                .await?
                .into_iter()
                .find(|s| s.id == a.submission);
            let Some(s) = s else { return Ok(None) };
            let excerpt: String = s.body.chars().take(EXCERPT_CHARS).collect();
            let files: Vec<&str> = s.files.iter().map(|f| f.file_name.as_str()).collect();
            let mut line = vec![
                if review.anonymous {
                    Msg::new("review-to-read")
                } else {
                    Msg::new("review-to-read-by").arg("author", name(a.author))
                }
                .arg("code", a.code.as_str())
                .arg("text", excerpt),
            ];
            if !files.is_empty() {
                line.push(Msg::new("review-files").arg("files", files.join(", ")));
            }
            Some((a.reviewer, Msg::new("text").arg("text", line)))
        }
        ReviewStep::Remind if a.scores.is_none() => Some((
            a.reviewer,
            Msg::new("review-reminder-line").arg("code", a.code.as_str()),
        )),
        ReviewStep::Remind => None,
        ReviewStep::Release => a.scores.as_ref().map(|scores| {
            (
                a.author,
                given(review, scores, a.comment.as_deref(), &name(a.reviewer)),
            )
        }),
    })
}

/// The first line of a step's message.
fn header(
    step: ReviewStep,
    number: u32,
    spec: &crate::domain::DeliverableSpec,
    review: &ReviewSpec,
) -> Msg {
    let due = review.due(spec.due);
    match step {
        ReviewStep::Allocate => Msg::new("review-allocated")
            .arg("number", number)
            .arg("title", spec.title.as_str())
            .arg("due", due)
            .arg("criteria", rubric(review)),
        ReviewStep::Remind => Msg::new("review-reminder")
            .arg("number", number)
            .arg("due", due),
        ReviewStep::Release => Msg::new("review-released")
            .arg("number", number)
            .arg("title", spec.title.as_str()),
    }
}

/// Who reads whom, recorded once: the seed is the job's id, so a retried allocation makes the
/// same choice.
async fn allocate(
    conn: &mut SqliteConnection,
    atelier: &crate::domain::Atelier,
    job: &DueJob,
) -> Result<(), EngineError> {
    let Some(review) = store::cohorts::deliverable_spec(conn, atelier.id)
        .await?
        .and_then(|s| s.review)
    else {
        return Ok(());
    };
    let latest = store::submissions::for_atelier(conn, atelier.id, false).await?;
    let mut authors = Vec::new();
    for s in &latest {
        authors.push(crate::review::Author {
            member: s.member,
            group: store::groups::group_of(conn, atelier.id, s.member).await?,
        });
    }
    let reviewers = usize::try_from(review.reviewers).unwrap_or(1);
    let seed = u64::try_from(job.id.0).unwrap_or(0);
    for (i, a) in crate::review::allocate(&authors, reviewers, seed)
        .iter()
        .enumerate()
    {
        let Some(s) = latest.iter().find(|s| s.member == a.author) else {
            continue;
        };
        let code = format!("R{}", i + 1);
        store::reviews::assign(conn, atelier.id, &code, a.reviewer, a.author, s.id).await?;
    }
    Ok(())
}

/// `Clarté (1–5), Faisabilité (1–5)`.
fn rubric(review: &ReviewSpec) -> String {
    review
        .criteria
        .iter()
        .map(|c| format!("{c} (1–{})", review.scale))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One review as its author reads it.
fn given(review: &ReviewSpec, scores: &[u32], comment: Option<&str>, reviewer: &str) -> Msg {
    let scores = review
        .criteria
        .iter()
        .zip(scores)
        .map(|(c, s)| format!("{c} {s}/{}", review.scale))
        .collect::<Vec<_>>()
        .join(" · ");
    let mut lines = vec![Msg::new("review-given").arg("scores", scores)];
    if let Some(comment) = comment {
        lines.push(Msg::new("review-given-comment").arg("comment", comment));
    }
    if !review.anonymous {
        lines.push(Msg::new("review-given-by").arg("by", reviewer));
    }
    Msg::new("text").arg("text", lines)
}

/// Runs `!avis` or `!avis-suivi`.
pub(crate) async fn run(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cmd: crate::command::Command,
) -> HandlerResult {
    use crate::command::Command;
    match cmd {
        Command::GiveReview {
            atelier,
            code,
            words,
        } => give(conn, ctx, atelier, &code, &words).await,
        Command::ReviewProgress { atelier } => progress(conn, ctx, atelier).await,
        _ => Ok(Vec::new()),
    }
}

/// `!avis N CODE critère=note … commentaire`.
async fn give(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    code: &str,
    words: &[String],
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let (atelier, spec) = atelier_with_spec(conn, cohort, number).await?;
    let review = spec
        .review
        .clone()
        .ok_or_else(|| UserError(Msg::new("review-none").arg("number", number)))?;
    let a = store::reviews::by_code(conn, atelier.id, &code.to_uppercase())
        .await?
        .filter(|a| a.reviewer == member.id)
        .ok_or_else(|| UserError(Msg::new("review-not-yours").arg("code", code)))?;
    if ctx.now >= local_to_utc(cohort.timezone, review.due(spec.due)) {
        return Err(UserError(Msg::new("review-closed").arg("number", number)).into());
    }
    let (scores, comment) = read_scores(&review, words)?;
    crate::limits::Limits::check_chars(&comment, ctx.settings.limits.question_chars)?;
    let comment = Some(comment.trim()).filter(|c| !c.is_empty());
    store::reviews::review(conn, a.id, &scores, comment, ctx.now).await?;
    let mut out = vec![ctx.reply_private(Msg::new("review-recorded").arg("code", a.code.as_str()))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// The scores typed (`clarté=4 faisa=3`, each criterion named by the start of its name, case
/// and accents aside), one per criterion in the rubric's order, and the comment after them.
fn read_scores(review: &ReviewSpec, words: &[String]) -> Result<(Vec<u32>, String), UserError> {
    let mut scores: Vec<Option<u32>> = vec![None; review.criteria.len()];
    let mut rest = 0;
    for (i, w) in words.iter().enumerate() {
        let Some((key, value)) = w.split_once('=') else {
            break;
        };
        rest = i + 1;
        let key = crate::text::fold(key);
        let matching: Vec<usize> = review
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| !key.is_empty() && crate::text::fold(c).starts_with(&key))
            .map(|(i, _)| i)
            .collect();
        let [index] = matching[..] else {
            return Err(UserError(
                Msg::new("review-bad-criterion")
                    .arg("word", w.as_str())
                    .arg("criteria", rubric(review)),
            ));
        };
        let score = value
            .parse::<u32>()
            .ok()
            .filter(|s| (1..=review.scale).contains(s))
            .ok_or_else(|| {
                UserError(
                    Msg::new("review-bad-score")
                        .arg("word", w.as_str())
                        .arg("scale", review.scale),
                )
            })?;
        scores[index] = Some(score);
    }
    let scores: Option<Vec<u32>> = scores.into_iter().collect();
    let scores = scores
        .ok_or_else(|| UserError(Msg::new("review-incomplete").arg("criteria", rubric(review))))?;
    Ok((scores, words[rest..].join(" ")))
}

/// `!avis-suivi N`: who reviewed, who has not yet.
async fn progress(conn: &mut SqliteConnection, ctx: &Ctx<'_>, number: u32) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let (atelier, _) = atelier_with_spec(conn, cohort, number).await?;
    let names: BTreeMap<MemberId, String> = store::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.display_name))
        .collect();
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for a in store::reviews::of_atelier(conn, atelier.id).await? {
        let entry = per
            .entry(names.get(&a.reviewer).cloned().unwrap_or_default())
            .or_default();
        entry.1 += 1;
        if a.scores.is_some() {
            entry.0 += 1;
        }
    }
    let mut lines = vec![
        Msg::new("review-progress-header")
            .arg("number", number)
            .arg("count", per.len()),
    ];
    for (name, (done, total)) in per {
        lines.push(
            Msg::new("review-progress-line")
                .arg("name", name)
                .arg("done", done)
                .arg("total", total),
        );
    }
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}
