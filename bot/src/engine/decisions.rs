//! Decisions from proposals to a public record: `!decision "Q" --propositions … --amendements …
//! --vote …` opens one (facilitators); `!proposition`, `!amendement` while their phase lasts;
//! the proposal's author settles each amendment, every version kept; the vote is a
//! majority-judgment poll over the proposals (the polls code); at its end the record is
//! written and posted. Each phase is announced, with a reminder a day before it closes.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::HandlerResult;
use super::context::Ctx;
use super::jobs::OutMsg;
use crate::command::DecisionAction;
use crate::domain::{Cohort, Role};
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::RoomRef;
use crate::poll::judgment::majority_judgment;
use crate::schedule::{DecisionStep, Target, local_to_utc, utc_to_local};
use crate::store::{
    self, Destination, DueJob, JobKind, JobPayload, JobSource, decisions::Decision,
};

/// Longest question, proposal title (an option of the vote) and text.
const QUESTION_CHARS: usize = 300;
const TITLE_CHARS: usize = 100;
const TEXT_CHARS: usize = 2000;
/// Proposals per decision: the options a poll may have.
const MAX_PROPOSALS: usize = 10;
/// How long after the vote closes the record is written (the poll closes first).
const RECORD_AFTER: Duration = Duration::minutes(1);

pub(crate) async fn handle(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    action: DecisionAction,
) -> HandlerResult {
    match action {
        DecisionAction::Open {
            question,
            until,
            open_ballot,
        } => open(conn, ctx, &question, &until, !open_ballot).await,
        DecisionAction::Show { number } => show(conn, ctx, number).await,
        DecisionAction::List => list(conn, ctx).await,
        DecisionAction::Propose {
            decision,
            title,
            text,
        } => propose(conn, ctx, decision, &title, &text).await,
        DecisionAction::Amend {
            decision,
            proposal,
            text,
        } => amend(conn, ctx, decision, proposal, &text).await,
        DecisionAction::Settle {
            decision,
            proposal,
            amendment,
            accept,
        } => settle(conn, ctx, decision, proposal, amendment, accept).await,
    }
}

async fn open(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    question: &str,
    until: &[Vec<String>; 3],
    secret: bool,
) -> HandlerResult {
    let (cohort, author) = ctx.membership()?;
    crate::limits::Limits::check_chars(question, QUESTION_CHARS)?;
    let tz = cohort.timezone;
    let mut at = [ctx.now; 3];
    let mut previous = ctx.now;
    for (i, words) in until.iter().enumerate() {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let (local, used) = crate::schedule::parse_when(&words, utc_to_local(tz, ctx.now))
            .map_err(|e| UserError(e.to_msg()))?;
        let t = ctx
            .settings
            .limits
            .within_horizon(ctx.now, local_to_utc(tz, local))?;
        if used != words.len() || t <= previous {
            return Err(UserError::new("decision-bad-dates").into());
        }
        at[i] = t;
        previous = t;
    }
    let new = store::decisions::NewDecision {
        cohort: cohort.id,
        question: question.trim(),
        author: author.id,
        until: at,
        secret,
    };
    let d = store::decisions::create(conn, &new, ctx.now).await?;
    schedule(conn, cohort, &d, at, ctx.now).await?;
    let msg = Msg::new("decision-opened")
        .arg("number", d.number)
        .arg("question", d.question.as_str())
        .arg("proposals", utc_to_local(tz, at[0]))
        .arg("amendments", utc_to_local(tz, at[1]))
        .arg("vote", utc_to_local(tz, at[2]))
        .arg("secret", if secret { "yes" } else { "no" });
    let mut out = super::to_cohort_rooms(conn, cohort, &msg).await?;
    if !matches!(ctx.msg.place, super::Place::Room(_)) || out.is_empty() {
        out.push(ctx.reply(msg));
    }
    Ok(out)
}

/// The decision's jobs: each phase's end, and a reminder a day before it (when still ahead).
async fn schedule(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    d: &Decision,
    at: [DateTime<Utc>; 3],
    now: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    for step in DecisionStep::ALL {
        let due = match step {
            DecisionStep::RemindProposals => at[0] - Duration::days(1),
            DecisionStep::Amendments => at[0],
            DecisionStep::RemindAmendments => at[1] - Duration::days(1),
            DecisionStep::Vote => at[1],
            DecisionStep::RemindVote => at[2] - Duration::days(1),
            DecisionStep::Record => at[2] + RECORD_AFTER,
        };
        let reminder = matches!(
            step,
            DecisionStep::RemindProposals
                | DecisionStep::RemindAmendments
                | DecisionStep::RemindVote
        );
        if reminder && due <= now {
            continue;
        }
        let payload = JobPayload {
            decision: Some(d.id),
            ..JobPayload::default()
        };
        let key = format!("decision:{}:{}", d.id, step.as_str());
        store::jobs::enqueue(
            conn,
            cohort.id,
            &key,
            JobKind::Decision(step),
            None,
            Target::Room,
            &payload,
            due,
            JobSource::Chat,
        )
        .await?;
    }
    Ok(())
}

async fn find(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    number: u32,
) -> Result<Decision, super::Failure> {
    store::decisions::by_number(conn, cohort.id, number)
        .await?
        .ok_or_else(|| UserError(Msg::new("decision-none").arg("number", number)).into())
}

async fn propose(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    title: &str,
    text: &str,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let d = find(conn, cohort, number).await?;
    if ctx.now >= d.proposals_until {
        return Err(UserError(
            Msg::new("decision-phase-over")
                .arg("number", number)
                .arg("phase", "proposals"),
        )
        .into());
    }
    crate::limits::Limits::check_chars(title, TITLE_CHARS)?;
    crate::limits::Limits::check_chars(text, TEXT_CHARS)?;
    let existing = store::decisions::proposals(conn, d.id).await?;
    if existing.len() >= MAX_PROPOSALS {
        return Err(UserError(Msg::new("decision-too-many").arg("max", MAX_PROPOSALS)).into());
    }
    let title = crate::text::clean_display_name(title, "");
    if existing
        .iter()
        .any(|p| crate::text::comparable(&p.title) == crate::text::comparable(&title))
    {
        return Err(UserError(Msg::new("decision-duplicate").arg("title", title.as_str())).into());
    }
    let files = match &ctx.prepared_files {
        Some(Ok(files)) => files.clone(),
        Some(Err(refusal)) => return Err(refusal.clone().into()),
        None => Vec::new(),
    };
    let (id, p) =
        store::decisions::propose(conn, d.id, member.id, &title, text.trim(), ctx.now).await?;
    store::decisions::attach(conn, id, &files).await?;
    Ok(vec![
        ctx.reply(
            Msg::new("decision-proposed")
                .arg("decision", number)
                .arg("number", p)
                .arg("title", title.as_str())
                .arg("name", member.display_name.as_str()),
        ),
    ])
}

async fn amend(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    proposal: u32,
    text: &str,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let d = find(conn, cohort, number).await?;
    if ctx.now < d.proposals_until || ctx.now >= d.amendments_until {
        return Err(UserError(
            Msg::new("decision-phase-over")
                .arg("number", number)
                .arg("phase", "amendments"),
        )
        .into());
    }
    crate::limits::Limits::check_chars(text, TEXT_CHARS)?;
    let p = store::decisions::proposals(conn, d.id)
        .await?
        .into_iter()
        .find(|p| p.number == proposal)
        .ok_or_else(|| UserError(Msg::new("decision-no-proposal").arg("number", proposal)))?;
    let a = store::decisions::amend(conn, p.id, member.id, text.trim(), ctx.now).await?;
    let mut out = vec![
        ctx.reply(
            Msg::new("decision-amended")
                .arg("decision", number)
                .arg("proposal", proposal)
                .arg("number", a)
                .arg("name", member.display_name.as_str()),
        ),
    ];
    // The proposal's author decides: told privately, with the command to type.
    if let Some(author) = p.author
        && author != member.id
        && let (Some(m), Some(dm)) = (
            store::members::by_id(conn, author).await?,
            store::members::dm_identity(conn, author).await?,
        )
    {
        let told = Msg::new("decision-amendment-to-author")
            .arg("decision", number)
            .arg("proposal", proposal)
            .arg("number", a)
            .arg("title", p.title.as_str())
            .arg("text", text.trim());
        out.push(super::Reply::direct(dm, &m, cohort, told));
    }
    Ok(out)
}

async fn settle(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    proposal: u32,
    amendment: u32,
    accept: bool,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let d = find(conn, cohort, number).await?;
    if ctx.now >= d.amendments_until {
        return Err(UserError(
            Msg::new("decision-phase-over")
                .arg("number", number)
                .arg("phase", "amendments"),
        )
        .into());
    }
    let p = store::decisions::proposals(conn, d.id)
        .await?
        .into_iter()
        .find(|p| p.number == proposal && p.author == Some(member.id))
        .ok_or_else(|| UserError(Msg::new("decision-not-your-proposal").arg("number", proposal)))?;
    if !store::decisions::decide_amendment(conn, &p, amendment, accept, ctx.now).await? {
        return Err(UserError(Msg::new("decision-no-amendment").arg("number", amendment)).into());
    }
    Ok(vec![
        ctx.reply(
            Msg::new("decision-settled")
                .arg("proposal", proposal)
                .arg("number", amendment)
                .arg("accepted", if accept { "yes" } else { "no" }),
        ),
    ])
}

async fn list(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let all = store::decisions::of_cohort(conn, cohort.id).await?;
    let mut lines = vec![Msg::new("decisions-header").arg("count", all.len())];
    for d in &all {
        lines.push(
            Msg::new("decisions-line")
                .arg("number", d.number)
                .arg("question", d.question.as_str())
                .arg("phase", phase(d, ctx.now)),
        );
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", lines))])
}

/// Where a decision stands.
fn phase(d: &Decision, now: DateTime<Utc>) -> &'static str {
    if d.record.is_some() {
        "closed"
    } else if now < d.proposals_until {
        "proposals"
    } else if now < d.amendments_until {
        "amendments"
    } else if now < d.vote_until {
        "vote"
    } else {
        "counting"
    }
}

async fn show(conn: &mut SqliteConnection, ctx: &Ctx<'_>, number: u32) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let d = find(conn, cohort, number).await?;
    let names = names(conn, cohort).await?;
    let tz = cohort.timezone;
    let mut lines = vec![
        Msg::new("decision-header")
            .arg("number", d.number)
            .arg("question", d.question.as_str())
            .arg("phase", phase(&d, ctx.now))
            .arg("proposals", utc_to_local(tz, d.proposals_until))
            .arg("amendments", utc_to_local(tz, d.amendments_until))
            .arg("vote", utc_to_local(tz, d.vote_until)),
    ];
    for p in store::decisions::proposals(conn, d.id).await? {
        lines.extend(proposal_lines(&p, &names));
        let files = store::decisions::file_names(conn, p.id).await?;
        if !files.is_empty() {
            lines.push(Msg::new("decision-files").arg("files", files.join(", ")));
        }
    }
    if let Some(record) = &d.record {
        lines.push(Msg::new("decision-record-line").arg("result", result_text(record)));
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", lines))])
}

fn proposal_lines(
    p: &store::decisions::Proposal,
    names: &std::collections::HashMap<crate::ids::MemberId, String>,
) -> Vec<Msg> {
    let name = |m: Option<crate::ids::MemberId>| {
        m.and_then(|m| names.get(&m).cloned()).unwrap_or_default()
    };
    let current = p
        .versions
        .last()
        .map(|(t, _)| t.as_str())
        .unwrap_or_default();
    let mut lines = vec![
        Msg::new("decision-proposal-line")
            .arg("number", p.number)
            .arg("title", p.title.as_str())
            .arg("name", name(p.author))
            .arg("versions", p.versions.len())
            .arg("text", current),
    ];
    for (n, author, text, state) in &p.amendments {
        lines.push(
            Msg::new("decision-amendment-line")
                .arg("number", *n)
                .arg("name", name(*author))
                .arg("text", text.as_str())
                .arg("state", state.as_str()),
        );
    }
    lines
}

async fn names(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
) -> Result<std::collections::HashMap<crate::ids::MemberId, String>, store::StoreError> {
    Ok(store::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .map(|m| (m.id, m.display_name))
        .collect())
}

/// The result's sentence from a record.
fn result_text(record: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(record).unwrap_or_default();
    v["result"].as_str().unwrap_or_default().to_owned()
}

fn room_out(rooms: &[RoomRef], cohort: &Cohort, msg: &Msg) -> Vec<OutMsg> {
    rooms
        .iter()
        .map(|room| OutMsg {
            to: Destination::Room(room.clone()),
            member: None,
            body: msg.render(cohort.language),
            attachments: Vec::new(),
            replaces: None,
            extra: None,
        })
        .collect()
}

pub(crate) async fn job_messages(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    rooms: &[RoomRef],
    job: &DueJob,
    step: DecisionStep,
    now: DateTime<Utc>,
) -> Result<Vec<OutMsg>, EngineError> {
    let d = match job.payload.decision {
        Some(id) => store::decisions::by_id(conn, id).await?,
        None => None,
    };
    let Some(d) = d else {
        return Ok(Vec::new());
    };
    let proposals = store::decisions::proposals(conn, d.id).await?;
    let tz = cohort.timezone;
    let msg = match step {
        DecisionStep::RemindProposals
        | DecisionStep::RemindAmendments
        | DecisionStep::RemindVote => {
            let (phase, until) = match step {
                DecisionStep::RemindProposals => ("proposals", d.proposals_until),
                DecisionStep::RemindAmendments => ("amendments", d.amendments_until),
                _ => ("vote", d.vote_until),
            };
            Msg::new("decision-reminder")
                .arg("number", d.number)
                .arg("question", d.question.as_str())
                .arg("phase", phase)
                .arg("until", utc_to_local(tz, until))
        }
        DecisionStep::Amendments => {
            let titles: Vec<String> = proposals
                .iter()
                .map(|p| format!("#{} {}", p.number, p.title))
                .collect();
            Msg::new("decision-amendments-open")
                .arg("number", d.number)
                .arg("question", d.question.as_str())
                .arg("proposals", titles.join(" · "))
                .arg("until", utc_to_local(tz, d.amendments_until))
        }
        DecisionStep::Vote => return open_vote(conn, cohort, rooms, &d, &proposals, now).await,
        DecisionStep::Record => return record(conn, cohort, rooms, &d, &proposals).await,
    };
    Ok(room_out(rooms, cohort, &msg))
}

/// The vote: a majority-judgment poll over the proposals' titles, closing with the phase.
async fn open_vote(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    rooms: &[RoomRef],
    d: &Decision,
    proposals: &[store::decisions::Proposal],
    now: DateTime<Utc>,
) -> Result<Vec<OutMsg>, EngineError> {
    let facilitator = match d.author {
        Some(a) => Some(a),
        None => store::members::of_cohort(conn, cohort.id)
            .await?
            .into_iter()
            .find(|m| m.role == Role::Facilitator)
            .map(|m| m.id),
    };
    let (true, Some(author)) = (proposals.len() >= 2 && d.poll.is_none(), facilitator) else {
        return Ok(Vec::new());
    };
    let options: Vec<String> = proposals.iter().map(|p| p.title.clone()).collect();
    let poll = store::polls::create(
        conn,
        &store::polls::NewPoll {
            cohort: cohort.id,
            author,
            question: &d.question,
            options: &options,
            kind: store::polls::PollKind::Judgment,
            max_choices: None,
            anonymous: d.secret,
            live_results: false,
            closes_at: Some(d.vote_until),
        },
        now,
    )
    .await?;
    store::decisions::set_poll(conn, d.id, poll.id).await?;
    let payload = JobPayload {
        poll: Some(poll.id),
        ..JobPayload::default()
    };
    store::jobs::enqueue(
        conn,
        cohort.id,
        &format!("poll-close:{}", poll.id),
        JobKind::PollClose,
        None,
        Target::Room,
        &payload,
        d.vote_until,
        JobSource::Chat,
    )
    .await?;
    let mut lines = vec![Msg::new("decision-vote-open").arg("number", d.number)];
    lines.extend(super::polls::announcement(&poll, cohort));
    let body = Msg::new("text").arg("text", lines).render(cohort.language);
    Ok(rooms
        .iter()
        .map(|room| OutMsg {
            to: Destination::Room(room.clone()),
            member: None,
            body: body.clone(),
            attachments: Vec::new(),
            replaces: None,
            extra: Some(super::polls::poll_extra(&poll)),
        })
        .collect())
}

/// The outcome of a decision's vote: voters, each proposal's majority grade (in the cohort's
/// language) and merit profile, the winners.
#[derive(Default)]
struct Tally {
    voters: u64,
    medians: Vec<Option<String>>,
    profiles: Vec<Vec<u64>>,
    winners: Vec<usize>,
}

async fn tally(
    conn: &mut SqliteConnection,
    poll: Option<&store::polls::Poll>,
    cohort: &Cohort,
) -> Result<Tally, EngineError> {
    let Some(p) = poll else {
        return Ok(Tally::default());
    };
    let super::polls::Ballots::Grades(b) = super::polls::load_ballots(conn, p).await? else {
        return Ok(Tally::default());
    };
    let r = majority_judgment(p.options.len(), &b);
    Ok(Tally {
        voters: r.voters,
        medians: r
            .per_option
            .iter()
            .map(|o| o.median.map(|g| g.to_msg().render(cohort.language)))
            .collect(),
        profiles: r.per_option.iter().map(|o| o.profile.to_vec()).collect(),
        winners: r.winners,
    })
}

/// The names of each proposal's files, in proposal order.
async fn files_of(
    conn: &mut SqliteConnection,
    proposals: &[store::decisions::Proposal],
) -> Result<Vec<Vec<String>>, store::StoreError> {
    let mut files = Vec::new();
    for p in proposals {
        files.push(store::decisions::file_names(conn, p.id).await?);
    }
    Ok(files)
}

/// The record: question, phases, proposals with their versions and amendments, voters, the
/// result with its merit profile, who could vote. Never a ballot.
async fn record(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    rooms: &[RoomRef],
    d: &Decision,
    proposals: &[store::decisions::Proposal],
) -> Result<Vec<OutMsg>, EngineError> {
    let names = names(conn, cohort).await?;
    let eligible = store::members::of_cohort(conn, cohort.id)
        .await?
        .iter()
        .filter(|m| m.role != Role::Observer)
        .count();
    let poll = match d.poll {
        Some(id) => store::polls::by_id(conn, id).await?,
        None => None,
    };
    let Tally {
        voters,
        medians,
        profiles,
        winners,
    } = tally(conn, poll.as_ref(), cohort).await?;
    let result = match winners.as_slice() {
        [w] => Msg::new("decision-result-winner")
            .arg(
                "title",
                proposals
                    .get(*w)
                    .map(|p| p.title.as_str())
                    .unwrap_or_default(),
            )
            .arg(
                "grade",
                medians.get(*w).cloned().flatten().unwrap_or_default(),
            ),
        [] => Msg::new("decision-result-none"),
        _ => Msg::new("decision-result-tie"),
    }
    .render(cohort.language);
    let name = |m: Option<crate::ids::MemberId>| m.and_then(|m| names.get(&m).cloned());
    let files = files_of(conn, proposals).await?;
    let json = serde_json::json!({
        "number": d.number,
        "question": d.question,
        "phases": { "proposals_until": d.proposals_until.to_rfc3339(), "amendments_until": d.amendments_until.to_rfc3339(), "vote_until": d.vote_until.to_rfc3339() },
        "secret_ballot": d.secret,
        "proposals": proposals.iter().enumerate().map(|(i, p)| serde_json::json!({
            "number": p.number, "title": p.title, "author": name(p.author),
            "versions": p.versions.iter().map(|(t, a)| serde_json::json!({ "text": t, "from_amendment": a })).collect::<Vec<_>>(),
            "amendments": p.amendments.iter().map(|(n, a, t, s)| serde_json::json!({ "number": n, "author": name(*a), "text": t, "state": s })).collect::<Vec<_>>(),
            "majority_grade": medians.get(i).cloned().flatten(),
            // How many gave each grade, best first: what the results chart showed.
            "merit_profile": profiles.get(i),
            "files": files.get(i),
        })).collect::<Vec<_>>(),
        "voters": voters,
        "could_vote": eligible,
        "electorate": Msg::new("decision-electorate").arg("count", eligible).render(cohort.language),
        "result": result,
    });
    if !store::decisions::set_record(conn, d.id, &json.to_string()).await? {
        return Ok(Vec::new());
    }
    let msg = Msg::new("decision-recorded")
        .arg("number", d.number)
        .arg("question", d.question.as_str())
        .arg("result", result.as_str())
        .arg("voters", voters)
        .arg("eligible", eligible);
    Ok(room_out(rooms, cohort, &msg))
}
