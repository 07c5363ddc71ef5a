//! Polls in chat: `!sondage`, `!vote`, `!clore`, `!sondages`, and the jobs that show live
//! results (coalesced) and close polls at their deadline.

use crate::effect::Effect;
use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::context::Ctx;
use super::jobs::OutMsg;
use super::render::countdown;
use super::{HandlerResult, Reply, Settings};
use crate::command::poll_args::{PollArgs, VoteArgs};
use crate::domain::{Cohort, Lang};
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::{MemberId, RoomRef};
use crate::poll::{self, Grade, check_ballot, check_poll, majority_judgment, tally};
use crate::schedule::{Target, local_to_utc, parse_when, utc_to_local};
use crate::store::polls::{NewPoll, Poll, PollKind};
use crate::store::{self, Destination, DueJob, JobKind, JobPayload, JobSource};

/// Live results are shown at most this often: a burst of votes makes one update.
const LIVE_EVERY_SECS: i64 = 5;
/// The longest a poll may stay open.
const LONGEST: Duration = Duration::days(60);

fn kind_str(kind: PollKind) -> &'static str {
    match kind {
        PollKind::Single => "single",
        PollKind::Multiple => "multiple",
        PollKind::Judgment => "judgment",
    }
}

/// The poll as posted: question, numbered options, how to vote.
pub(super) fn announcement(poll: &Poll, cohort: &Cohort) -> Vec<Msg> {
    let mut lines = vec![
        Msg::new("poll-announce")
            .arg("number", poll.number)
            .arg("question", poll.question.as_str()),
    ];
    for (i, o) in poll.options.iter().enumerate() {
        lines.push(
            Msg::new("poll-option")
                .arg("index", i + 1)
                .arg("option", o.as_str()),
        );
    }
    lines.push(
        Msg::new("poll-how")
            .arg("kind", kind_str(poll.kind))
            .arg("number", poll.number)
            .arg("max", poll.max_choices.unwrap_or(poll.options.len())),
    );
    if poll.anonymous {
        lines.push(Msg::new("poll-anonymous"));
    }
    lines.push(match poll.closes_at {
        Some(t) => Msg::new("poll-closes").arg("when", utc_to_local(cohort.timezone, t)),
        None => Msg::new("poll-closes-manually").arg("number", poll.number),
    });
    lines.push(
        Msg::new("poll-results-when").arg("live", if poll.live_results { "yes" } else { "no" }),
    );
    lines
}

/// What adapters need to show the poll with native controls.
pub(super) fn poll_extra(poll: &Poll) -> crate::store::MessageExtra {
    crate::store::MessageExtra::Poll {
        number: poll.number,
        question: poll.question.clone(),
        options: poll.options.clone(),
        kind: poll.kind,
        max: poll.max_choices,
        anonymous: poll.anonymous,
    }
}

pub(super) fn announce_key(poll: &Poll, room: &RoomRef) -> String {
    format!("poll:{}:{}", poll.id, room)
}

/// Decoded ballots of a poll.
pub(super) enum Ballots {
    Choices(Vec<Vec<usize>>),
    Grades(Vec<Vec<Grade>>),
}

pub(super) async fn load_ballots(
    conn: &mut SqliteConnection,
    poll: &Poll,
) -> Result<Ballots, EngineError> {
    let raw = store::polls::ballots(conn, poll).await?;
    let corrupt =
        |e: serde_json::Error| EngineError::Store(store::StoreError::Corrupt(e.to_string()));
    Ok(if poll.kind == PollKind::Judgment {
        let mut all = Vec::new();
        for r in raw {
            let idx: Vec<usize> = serde_json::from_str(&r).map_err(corrupt)?;
            all.push(idx.into_iter().filter_map(Grade::from_index).collect());
        }
        Ballots::Grades(all)
    } else {
        let mut all = Vec::new();
        for r in raw {
            all.push(serde_json::from_str(&r).map_err(corrupt)?);
        }
        Ballots::Choices(all)
    })
}

/// The result lines of a poll, and its chart when asked for (drawing costs more than counting,
/// so live updates go without), in `lang`.
pub(super) fn results(
    poll: &Poll,
    ballots: &Ballots,
    lang: Lang,
    chart: bool,
) -> (Vec<Msg>, Option<Vec<u8>>) {
    let mut lines = Vec::new();
    match ballots {
        Ballots::Choices(b) => {
            let t = tally(poll.options.len(), b);
            lines.push(Msg::new("poll-voters").arg("voters", t.voters));
            let percents = t.rounded_percentages();
            for (i, o) in poll.options.iter().enumerate() {
                lines.push(
                    Msg::new("poll-result-line")
                        .arg("option", o.as_str())
                        .arg("count", t.counts[i])
                        .arg("percent", percents[i])
                        .arg("winner", if t.winners.contains(&i) { "yes" } else { "no" }),
                );
            }
            let png = chart
                .then(|| poll::chart::tally_chart_png(&poll.question, &poll.options, &t, lang));
            (lines, png)
        }
        Ballots::Grades(b) => {
            let r = majority_judgment(poll.options.len(), b);
            lines.push(Msg::new("poll-voters").arg("voters", r.voters));
            for (rank, &i) in r.ranking.iter().enumerate() {
                let median = r.per_option[i]
                    .median
                    .map_or(Msg::new("poll-no-grade"), Grade::to_msg);
                lines.push(
                    Msg::new("poll-mj-line")
                        .arg("rank", rank + 1)
                        .arg("option", poll.options[i].as_str())
                        .arg("grade", median)
                        .arg("winner", if r.winners.contains(&i) { "yes" } else { "no" }),
                );
            }
            let png = chart
                .then(|| poll::chart::merit_profile_png(&poll.question, &poll.options, &r, lang));
            (lines, png)
        }
    }
}

async fn find_poll(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    number: Option<u32>,
) -> Result<Poll, super::Failure> {
    match number {
        Some(n) => store::polls::by_number(conn, cohort.id, n)
            .await?
            .ok_or_else(|| UserError(Msg::new("poll-error-no-such").arg("number", n)).into()),
        None => store::polls::open_polls(conn, cohort.id)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| UserError::new("poll-error-none-open").into()),
    }
}

/// Refuses a poll whose question, options or settings do not fit: the pure checks, the
/// length limits, and live results on an anonymous poll (each update would show the vote that
/// just came in).
fn check_poll_args(ctx: &Ctx<'_>, args: &PollArgs) -> Result<(), UserError> {
    check_poll(
        &args.question,
        &args.options,
        args.multiple,
        args.max,
        args.judgment,
    )
    .map_err(UserError)?;
    let limits = &ctx.settings.limits;
    crate::limits::Limits::check_chars(&args.question, limits.poll_question_chars)?;
    for option in &args.options {
        crate::limits::Limits::check_chars(option, limits.poll_option_chars)?;
    }
    if args.anonymous && args.live {
        return Err(UserError::new("poll-error-anonymous-live"));
    }
    Ok(())
}

/// When the poll closes by itself: after `--durée`, at `--jusqu-a`, or never (closed by hand);
/// within the horizon and at most [`LONGEST`] from now.
fn closing_instant(
    ctx: &Ctx<'_>,
    cohort: &Cohort,
    args: &PollArgs,
) -> Result<Option<DateTime<Utc>>, UserError> {
    let limits = &ctx.settings.limits;
    let closes_at = match (&args.duration, &args.until) {
        (Some(d), _) => Some(limits.ahead(ctx.now, *d)?),
        (None, Some(words)) => {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let (when, used) = parse_when(&words, utc_to_local(cohort.timezone, ctx.now))
                .map_err(|e| UserError(e.to_msg()))?;
            if used != words.len() {
                return Err(UserError(Msg::new("error-usage").arg(
                    "usage",
                    super::help::usage(crate::command::CommandName::Poll),
                )));
            }
            Some(limits.within_horizon(ctx.now, local_to_utc(cohort.timezone, when))?)
        }
        (None, None) => None,
    };
    if closes_at.is_some_and(|t| t - ctx.now > LONGEST) {
        return Err(UserError::new("poll-error-too-long"));
    }
    Ok(closes_at)
}

pub(crate) async fn open(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    args: PollArgs,
) -> HandlerResult {
    let (cohort, author) = ctx.membership()?;
    check_poll_args(ctx, &args)?;
    let closes_at = closing_instant(ctx, cohort, &args)?;
    let kind = if args.judgment {
        PollKind::Judgment
    } else if args.multiple {
        PollKind::Multiple
    } else {
        PollKind::Single
    };
    let poll = store::polls::create(
        conn,
        &NewPoll {
            cohort: cohort.id,
            author: author.id,
            question: crate::text::strip_invisible(&args.question).trim(),
            options: &args
                .options
                .iter()
                .map(|o| crate::text::strip_invisible(o).trim().to_owned())
                .collect::<Vec<_>>(),
            kind,
            max_choices: args.max,
            anonymous: args.anonymous,
            live_results: args.live,
            closes_at,
        },
        ctx.now,
    )
    .await?;
    if let Some(t) = closes_at {
        store::jobs::enqueue(
            conn,
            cohort.id,
            &format!("poll-close:{}", poll.id),
            JobKind::PollClose,
            None,
            Target::Room,
            &JobPayload {
                poll: Some(poll.id),
                ..JobPayload::default()
            },
            t,
            JobSource::Chat,
        )
        .await?;
    }
    let lines = announcement(&poll, cohort);
    let rooms = store::cohorts::cohort_rooms(conn, cohort.id).await?;
    let mut out = Vec::new();
    for room in &rooms {
        out.push(Reply {
            to: Destination::Room(room.clone()),
            member: None,
            lang: cohort.language,
            msg: Msg::new("text").arg("text", lines.clone()),
            in_reply_to: None,
            attachments: Vec::new(),
            key: Some(announce_key(&poll, room)),
            replaces: None,
            extra: Some(poll_extra(&poll)),
        });
    }
    if rooms.is_empty() || matches!(ctx.msg.place, super::Place::Direct) {
        out.push(ctx.reply_private(Msg::new("text").arg("text", lines)));
    }
    Ok(out)
}

pub(crate) async fn vote(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: Option<u32>,
    args: VoteArgs,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let poll = find_poll(conn, cohort, number).await?;
    if !poll.open {
        return Err(UserError(Msg::new("poll-error-closed").arg("number", poll.number)).into());
    }
    let (choices_json, summary) = match &args {
        VoteArgs::Withdraw => return withdraw_vote(conn, ctx, &poll, member.id).await,
        VoteArgs::Grades(grades) => graded_ballot(&poll, grades)?,
        VoteArgs::Choices(numbers) => chosen_ballot(&poll, numbers)?,
    };
    let changed = store::polls::cast(conn, &poll, member.id, &choices_json, ctx.now).await?;
    schedule_live(conn, &poll, ctx.now).await?;
    // The acknowledgement of an anonymous vote is an outbox row addressed to the voter: it
    // must not say what they chose, or the outbox would link them to their choice.
    let ack = match (poll.anonymous, changed) {
        (true, false) => Msg::new("poll-vote-recorded-anonymous"),
        (true, true) => Msg::new("poll-vote-changed-anonymous"),
        (false, false) => Msg::new("poll-vote-recorded").arg("choices", summary),
        (false, true) => Msg::new("poll-vote-changed").arg("choices", summary),
    };
    Ok(vec![
        ctx.reply_private(
            ack.arg("number", poll.number)
                .arg("question", poll.question.as_str()),
        ),
    ])
}

/// Withdraws the member's vote; the live results are refreshed since they no longer count it.
async fn withdraw_vote(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    poll: &Poll,
    member: MemberId,
) -> HandlerResult {
    let had = store::polls::withdraw(conn, poll, member).await?;
    let id = if had {
        "poll-vote-withdrawn"
    } else {
        "poll-vote-nothing-to-withdraw"
    };
    schedule_live(conn, poll, ctx.now).await?;
    Ok(vec![
        ctx.reply_private(Msg::new(id).arg("number", poll.number)),
    ])
}

/// The refusal of a ballot that does not grade every option of a majority judgment.
fn grades_expected(poll: &Poll) -> UserError {
    UserError(
        Msg::new("poll-error-grades")
            .arg("count", poll.options.len())
            .arg("number", poll.number),
    )
}

/// A ballot of grades, as stored (grade indices as JSON) and as told back to the voter.
fn graded_ballot(poll: &Poll, grades: &[Grade]) -> Result<(String, Vec<Msg>), super::Failure> {
    if poll.kind != PollKind::Judgment {
        return Err(UserError(Msg::new("poll-error-numbers").arg("number", poll.number)).into());
    }
    if grades.len() != poll.options.len() {
        return Err(grades_expected(poll).into());
    }
    let json = serde_json::to_string(&grades.iter().map(|g| g.index()).collect::<Vec<_>>())
        .map_err(EngineError::Json)?;
    let summary: Vec<Msg> = poll
        .options
        .iter()
        .zip(grades)
        .map(|(o, g)| {
            Msg::new("poll-vote-grade")
                .arg("option", o.as_str())
                .arg("grade", g.to_msg())
        })
        .collect();
    Ok((json, summary))
}

/// A ballot of option numbers as typed (from 1), checked against the poll's kind and maximum,
/// as stored (zero-based indices as JSON) and as told back to the voter.
fn chosen_ballot(poll: &Poll, numbers: &[usize]) -> Result<(String, Vec<Msg>), super::Failure> {
    if poll.kind == PollKind::Judgment {
        return Err(grades_expected(poll).into());
    }
    // Checked before the shift to zero-based, where 0 would wrap onto the first option.
    if numbers.contains(&0) {
        return Err(UserError(
            Msg::new("poll-ballot-out-of-range")
                .arg("choice", 0)
                .arg("options", poll.options.len()),
        )
        .into());
    }
    let zero_based: Vec<usize> = numbers.iter().map(|n| n.saturating_sub(1)).collect();
    let chosen = check_ballot(
        &zero_based,
        poll.options.len(),
        poll.kind == PollKind::Multiple,
        poll.max_choices,
    )
    .map_err(|e| UserError(e.to_msg()))?;
    let json = serde_json::to_string(&chosen).map_err(EngineError::Json)?;
    let summary = chosen
        .iter()
        .map(|&i| Msg::new("poll-vote-choice").arg("option", poll.options[i].as_str()))
        .collect();
    Ok((json, summary))
}

/// Enqueues the next live-results update, shared by every vote until it fires.
async fn schedule_live(
    conn: &mut SqliteConnection,
    poll: &Poll,
    now: DateTime<Utc>,
) -> Result<(), EngineError> {
    if !poll.live_results {
        return Ok(());
    }
    let slot = (now.timestamp() / LIVE_EVERY_SECS + 1) * LIVE_EVERY_SECS;
    let due = DateTime::from_timestamp(slot, 0).unwrap_or(now);
    store::jobs::enqueue(
        conn,
        poll.cohort,
        &format!("poll-live:{}:{slot}", poll.id),
        JobKind::PollLive,
        None,
        Target::Room,
        &JobPayload {
            poll: Some(poll.id),
            ..JobPayload::default()
        },
        due,
        JobSource::Chat,
    )
    .await?;
    Ok(())
}

/// Closes `poll`; returns its results and the path of its chart, or `None` if it was closed.
async fn close_and_report(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    poll: &Poll,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<Option<(Vec<Msg>, String)>, EngineError> {
    if !store::polls::close(conn, poll.id, now).await? {
        return Ok(None);
    }
    store::jobs::cancel_pending(conn, cohort.id, &format!("poll-close:{}", poll.id)).await?;
    let ballots = load_ballots(conn, poll).await?;
    let (lines, png) = results(poll, &ballots, cohort.language, true);
    let png = png.unwrap_or_default();
    let dir = settings.data_dir.join("charts");
    let path = dir.join(format!("sondage-{}-{}.png", cohort.name, poll.number));
    let write = Effect::WriteFile {
        path: path.clone(),
        bytes: png,
    };
    store::effects::record(conn, &write, now).await?;
    let mut all = vec![
        Msg::new("poll-results")
            .arg("number", poll.number)
            .arg("question", poll.question.as_str()),
    ];
    all.extend(lines);
    Ok(Some((all, path.display().to_string())))
}

pub(crate) async fn close(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let poll = find_poll(conn, cohort, Some(number)).await?;
    let rooms = store::cohorts::cohort_rooms(conn, cohort.id).await?;
    let Some((lines, chart)) = close_and_report(conn, cohort, &poll, ctx.now, ctx.settings).await?
    else {
        return Err(UserError(Msg::new("poll-error-closed").arg("number", number)).into());
    };
    let mut out: Vec<Reply> = rooms
        .iter()
        .map(|room| Reply {
            to: Destination::Room(room.clone()),
            member: None,
            lang: cohort.language,
            msg: Msg::new("text").arg("text", lines.clone()),
            in_reply_to: None,
            attachments: vec![chart.clone()],
            key: None,
            replaces: None,
            extra: Some(crate::store::MessageExtra::PollResults {
                number: poll.number,
            }),
        })
        .collect();
    if rooms.is_empty() || matches!(ctx.msg.place, super::Place::Direct) {
        let mut reply = ctx.reply_private(Msg::new("text").arg("text", lines));
        reply.attachments.push(chart);
        out.push(reply);
    }
    Ok(out)
}

pub(crate) async fn list(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let open = store::polls::open_polls(conn, cohort.id).await?;
    if open.is_empty() {
        return Ok(vec![ctx.reply(Msg::new("poll-error-none-open"))]);
    }
    let mut lines = Vec::new();
    for p in &open {
        let voters = store::polls::ballots(conn, p).await?.len();
        lines.push(
            Msg::new("poll-list-line")
                .arg("number", p.number)
                .arg("question", p.question.as_str())
                .arg("voters", voters)
                .arg(
                    "closes",
                    match p.closes_at {
                        Some(t) => countdown(t - ctx.now),
                        None => Msg::new("poll-list-no-deadline"),
                    },
                ),
        );
    }
    Ok(vec![ctx.reply(Msg::new("poll-list").arg("lines", lines))])
}

/// The messages of a poll job: results at the deadline, or a live update of the announcement.
pub(crate) async fn job_messages(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    rooms: &[RoomRef],
    job: &DueJob,
    now: DateTime<Utc>,
    settings: &Settings,
) -> Result<Vec<OutMsg>, EngineError> {
    let poll = match job.payload.poll {
        Some(id) => store::polls::by_id(conn, id).await?,
        None => None,
    };
    let Some(poll) = poll else {
        return Ok(Vec::new());
    };
    let lang = cohort.language;
    match job.kind {
        JobKind::PollClose => {
            let Some((lines, chart)) = close_and_report(conn, cohort, &poll, now, settings).await?
            else {
                return Ok(Vec::new());
            };
            let body = Msg::new("text").arg("text", lines).render(lang);
            Ok(rooms
                .iter()
                .map(|room| OutMsg {
                    to: Destination::Room(room.clone()),
                    member: None,
                    body: body.clone(),
                    attachments: vec![chart.clone()],
                    replaces: None,
                    extra: Some(crate::store::MessageExtra::PollResults {
                        number: poll.number,
                    }),
                })
                .collect())
        }
        _ if !poll.open => Ok(Vec::new()),
        _ => {
            let ballots = load_ballots(conn, &poll).await?;
            let (lines, _) = results(&poll, &ballots, lang, false);
            let mut all = announcement(&poll, cohort);
            all.push(Msg::new("poll-live-header"));
            all.extend(lines);
            let body = Msg::new("text").arg("text", all).render(lang);
            Ok(rooms
                .iter()
                .map(|room| OutMsg {
                    to: Destination::Room(room.clone()),
                    member: None,
                    body: body.clone(),
                    attachments: Vec::new(),
                    replaces: Some(announce_key(&poll, room)),
                    extra: Some(poll_extra(&poll)),
                })
                .collect())
        }
    }
}
