//! Deliverables: `!rendre`, `!mes-livrables`, and the facilitators' `!livrables`, `!livrable`,
//! `!retour`, `!relancer`.
//!
//! A deliverable is seen by its author and the cohort's facilitators only: everything that
//! shows one goes by private message, with at most a short pointer in the room.

use sqlx::SqliteConnection;

use super::context::{Ctx, mentioned_member};
use super::render::{countdown, duration};
use super::{Failure, HandlerResult, Reply};
use crate::domain::{
    Atelier, Cohort, DeliverableSpec, Member, Role, SubmissionStatus, lateness, links_in,
};
use crate::error::{EngineError, UserError};
use crate::files::{
    FileKind,
    limits::{Rounding, size_msg},
    sanitize_file_name,
};
use crate::i18n::Msg;
use crate::schedule::{local_to_utc, utc_to_local};
use crate::store::{
    self, Destination,
    submissions::{NewSubmission, Submission, SubmittedFile},
};

pub(super) async fn atelier_with_spec(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    number: u32,
) -> Result<(Atelier, DeliverableSpec), Failure> {
    let atelier = super::info::find_atelier(conn, cohort, number).await?;
    let Some(spec) = store::cohorts::deliverable_spec(conn, atelier.id).await? else {
        return Err(UserError(Msg::new("error-no-deliverable").arg("number", number)).into());
    };
    Ok((atelier, spec))
}

/// Checks a submission's files against the limits and stores them durably, by content.
///
/// Blocking I/O, run before the event's transaction begins: the row that refers to the files
/// commits only afterwards, so a crash leaves at worst an unreferenced file, never a submission
/// without its files — and the database's write lock is not held while the disk syncs.
pub(crate) fn store_files(
    settings: &super::Settings,
    attachments: &[crate::engine::Attachment],
) -> Result<Result<Vec<SubmittedFile>, UserError>, EngineError> {
    let max = settings.file_limits.max_file_bytes;
    if let Some(big) = attachments
        .iter()
        .find(|a| a.declared_size.is_some_and(|size| size > max))
    {
        let violation = crate::files::LimitViolation::FileTooBig {
            file: sanitize_file_name(&big.file_name),
            size: big.declared_size.unwrap_or_default(),
            max,
        };
        return Ok(Err(UserError(violation.to_msg())));
    }
    let named: Vec<(String, &[u8])> = attachments
        .iter()
        .map(|a| (sanitize_file_name(&a.file_name), a.bytes.as_slice()))
        .collect();
    let checked: Vec<(&str, &[u8])> = named.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let kinds = match settings.file_limits.check(&checked) {
        Ok(kinds) => kinds,
        Err(v) => return Ok(Err(UserError(v.to_msg()))),
    };
    let file_store = settings.file_store();
    let mut files = Vec::with_capacity(named.len());
    for ((name, bytes), kind) in named.iter().zip(kinds) {
        let stored = file_store.put(bytes).map_err(|e| {
            EngineError::file("storing a deliverable file in", file_store.root(), e)
        })?;
        files.push(SubmittedFile {
            file_name: name.clone(),
            sha256: stored.sha256,
            size: stored.size,
            kind: kind.as_str().to_owned(),
        });
    }
    Ok(Ok(files))
}

/// The version the new submission repeats exactly (same text, same files in the same order).
fn identical_to_last(previous: &[Submission], body: &str, files: &[SubmittedFile]) -> Option<u32> {
    let last = previous.last()?;
    let same_files = last.files.len() == files.len()
        && last
            .files
            .iter()
            .zip(files)
            .all(|(a, b)| a.sha256 == b.sha256);
    (last.body == body && same_files).then_some(last.version)
}

fn short_hash(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// "dans les temps" / "en retard de 2 jours".
pub(super) fn timeliness(late_by: Option<i64>) -> Msg {
    match late_by {
        None => Msg::new("deliverable-on-time"),
        Some(secs) => Msg::new("deliverable-late").arg(
            "by",
            duration(chrono::Duration::seconds(secs))
                .unwrap_or_else(|| Msg::new("unit-minutes").arg("n", 1)),
        ),
    }
}

pub(super) fn status_msg(status: SubmissionStatus) -> Msg {
    Msg::new("deliverable-status").arg("status", status.as_str())
}

fn file_lines(files: &[SubmittedFile]) -> Vec<Msg> {
    files
        .iter()
        .map(|f| {
            Msg::new("deliverable-file-line")
                .arg("name", f.file_name.as_str())
                .arg("size", size_msg(f.size, Rounding::Up))
                .arg(
                    "kind",
                    crate::files::limits::kind_msg(
                        FileKind::parse(&f.kind).unwrap_or(FileKind::Unknown),
                    ),
                )
                .arg("hash", short_hash(&f.sha256))
        })
        .collect()
}

/// Refuses a submission past the text length, versions or bytes allowed.
async fn check_quotas(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cohort: &Cohort,
    member: &Member,
    body: &str,
    files: &[SubmittedFile],
    versions_so_far: usize,
) -> Result<(), super::Failure> {
    let limits = &ctx.settings.limits;
    crate::limits::Limits::check_chars(body, limits.submission_text_chars)?;
    if versions_so_far >= usize::try_from(limits.versions_per_deliverable).unwrap_or(usize::MAX) {
        return Err(UserError(
            Msg::new("error-too-many-versions").arg("max", limits.versions_per_deliverable),
        )
        .into());
    }
    if files.is_empty() {
        return Ok(());
    }
    let new_bytes = |known: &std::collections::HashSet<String>| -> u64 {
        let mut seen = std::collections::HashSet::new();
        files
            .iter()
            .filter(|f| !known.contains(&f.sha256) && seen.insert(f.sha256.as_str()))
            .map(|f| f.size)
            .fold(0u64, u64::saturating_add)
    };
    let (used, known) =
        store::submissions::files_of(conn, store::submissions::FilesOf::Member(member.id)).await?;
    if used.saturating_add(new_bytes(&known)) > limits.bytes_per_member {
        return Err(UserError(
            Msg::new("error-member-quota")
                .arg("used", size_msg(used, Rounding::Up))
                .arg("max", size_msg(limits.bytes_per_member, Rounding::Down)),
        )
        .into());
    }
    let (used, known) =
        store::submissions::files_of(conn, store::submissions::FilesOf::Cohort(cohort.id)).await?;
    if used.saturating_add(new_bytes(&known)) > limits.bytes_per_cohort {
        return Err(UserError(
            Msg::new("error-cohort-quota")
                .arg("max", size_msg(limits.bytes_per_cohort, Rounding::Down)),
        )
        .into());
    }
    Ok(())
}

pub(crate) async fn submit(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    text: &str,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let (atelier, spec) = atelier_with_spec(conn, cohort, number).await?;
    // A deadline granted to this person alone replaces the cohort's, for lateness too.
    let due = store::extensions::get(conn, atelier.id, member.id)
        .await?
        .and_then(|e| e.due)
        .unwrap_or_else(|| local_to_utc(cohort.timezone, spec.due));
    if ctx.now > due + ctx.settings.submission_cut_off {
        return Err(UserError(
            Msg::new("error-deliverable-closed")
                .arg("number", number)
                .arg("due", spec.due),
        )
        .into());
    }
    let (body, files) = submitted_content(ctx, number, text)?;
    let links = links_in(&body);
    let group = group_for(conn, &atelier, &spec, member).await?;

    let previous = store::submissions::versions(conn, atelier.id, member.id).await?;
    if let Some(version) = identical_to_last(&previous, &body, &files) {
        return Ok(vec![
            ctx.reply_private(
                Msg::new("deliverable-identical")
                    .arg("number", number)
                    .arg("version", version),
            ),
        ]);
    }
    check_quotas(conn, ctx, cohort, member, &body, &files, previous.len()).await?;
    let new = NewSubmission {
        cohort: cohort.id,
        atelier: atelier.id,
        member: member.id,
        body: &body,
        links: &links,
        files: &files,
        at: ctx.now,
        late_by: lateness(due, ctx.now).map(|d| d.num_seconds()),
        group,
    };
    let (_, version) = store::submissions::insert(conn, &new).await?;

    let lines = receipt(cohort, number, &atelier, version, &new);
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    if let Some(g) = group {
        let told = Msg::new("deliverable-group-receipt")
            .arg("name", member.display_name.as_str())
            .arg("number", number)
            .arg("title", atelier.title.as_str())
            .arg("group", g)
            .arg("version", version);
        out.extend(to_group(conn, cohort, &atelier, g, &told, Some(member.id)).await?);
    }
    if let crate::engine::Place::Room(_) = ctx.msg.place {
        out.push(
            ctx.reply(
                Msg::new("deliverable-received-room")
                    .arg("name", member.display_name.as_str())
                    .arg("number", number),
            ),
        );
    }
    Ok(out)
}

/// The group a member hands a group deliverable in for; `None` for one's own deliverable.
async fn group_for(
    conn: &mut SqliteConnection,
    atelier: &Atelier,
    spec: &crate::domain::DeliverableSpec,
    member: &Member,
) -> Result<Option<u32>, Failure> {
    if !spec.by_group {
        return Ok(None);
    }
    match store::groups::group_of(conn, atelier.id, member.id).await? {
        Some(g) => Ok(Some(g)),
        None => {
            Err(UserError(Msg::new("deliverable-no-group").arg("number", atelier.number)).into())
        }
    }
}

/// `msg` by private message to each member of group `group` of `atelier` but `except`.
async fn to_group(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    atelier: &Atelier,
    group: u32,
    msg: &Msg,
    except: Option<crate::ids::MemberId>,
) -> Result<Vec<Reply>, store::StoreError> {
    let mut out = Vec::new();
    for id in store::groups::members_of(conn, atelier.id, group).await? {
        if Some(id) == except {
            continue;
        }
        let (Some(m), Some(dm)) = (
            store::members::by_id(conn, id).await?,
            store::members::dm_identity(conn, id).await?,
        ) else {
            continue;
        };
        out.push(Reply::direct(dm, &m, cohort, msg.clone()));
    }
    Ok(out)
}

/// The trimmed text and the files of a submission (stored before the transaction, see
/// [`store_files`]), or why they are refused.
fn submitted_content(
    ctx: &Ctx<'_>,
    number: u32,
    text: &str,
) -> Result<(String, Vec<SubmittedFile>), Failure> {
    let files = match &ctx.prepared_files {
        Some(Ok(files)) => files.clone(),
        Some(Err(refusal)) => return Err(refusal.clone().into()),
        None => Vec::new(),
    };
    if text.trim().is_empty() && files.is_empty() {
        return Err(UserError(Msg::new("error-empty-submission").arg("number", number)).into());
    }
    Ok((text.trim().to_owned(), files))
}

/// The receipt of a submission, sent to its author: version, timeliness, and what was handed
/// in, so they can check it is what they meant.
fn receipt(
    cohort: &Cohort,
    number: u32,
    atelier: &Atelier,
    version: u32,
    new: &NewSubmission<'_>,
) -> Vec<Msg> {
    let mut lines = vec![
        Msg::new("deliverable-receipt")
            .arg("number", number)
            .arg("title", atelier.title.as_str())
            .arg("version", version)
            .arg("when", utc_to_local(cohort.timezone, new.at))
            .arg("timeliness", timeliness(new.late_by)),
    ];
    if !new.body.is_empty() {
        lines.push(Msg::new("deliverable-receipt-text").arg("chars", new.body.chars().count()));
    }
    for link in new.links {
        lines.push(Msg::new("deliverable-receipt-link").arg("link", link.as_str()));
    }
    lines.extend(file_lines(new.files));
    if version > 1 {
        lines.push(Msg::new("deliverable-receipt-kept").arg("previous", version - 1));
    }
    lines
}

pub(crate) async fn mine(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let all = store::submissions::of_member(conn, member.id).await?;
    let mut lines = Vec::new();
    for a in store::cohorts::ateliers(conn, cohort.id).await? {
        if store::cohorts::deliverable_spec(conn, a.id)
            .await?
            .is_none()
        {
            continue;
        }
        let versions: Vec<&Submission> = all.iter().filter(|s| s.atelier == a.id).collect();
        lines.push(match versions.last() {
            Some(last) => Msg::new("my-deliverables-line")
                .arg("number", a.number)
                .arg("title", a.title.as_str())
                .arg("version", last.version)
                .arg("when", utc_to_local(cohort.timezone, last.submitted_at))
                .arg("timeliness", timeliness(last.late_by))
                .arg("status", status_msg(last.status)),
            None => Msg::new("my-deliverables-missing")
                .arg("number", a.number)
                .arg("title", a.title.as_str()),
        });
    }
    let mut out = vec![ctx.reply_private(Msg::new("my-deliverables").arg("lines", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

pub(crate) async fn overview(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let (atelier, _) = atelier_with_spec(conn, cohort, number).await?;
    let latest = store::submissions::for_atelier(conn, atelier.id, false).await?;
    let participants: Vec<Member> = store::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Participant)
        .collect();
    let describe = |s: &Submission| {
        let name = match s.group {
            Some(g) => Msg::new("deliverables-group-name")
                .arg("group", g)
                .arg("name", s.member_name.as_str()),
            None => Msg::new("text").arg("text", s.member_name.as_str()),
        };
        Msg::new("deliverables-entry")
            .arg("name", crate::i18n::Arg::Msg(Box::new(name)))
            .arg("version", s.version)
            .arg("status", status_msg(s.status))
            .arg("timeliness", timeliness(s.late_by))
    };
    let on_time: Vec<Msg> = latest
        .iter()
        .filter(|s| s.late_by.is_none())
        .map(describe)
        .collect();
    let late: Vec<Msg> = latest
        .iter()
        .filter(|s| s.late_by.is_some())
        .map(describe)
        .collect();
    let handed = store::submissions::handed_in(conn, atelier.id).await?;
    let missing: Vec<&str> = participants
        .iter()
        .filter(|m| !handed.contains(&m.id))
        .map(|m| m.display_name.as_str())
        .collect();
    let dash = || vec![Msg::new("text").arg("text", "—")];
    let on_time = if on_time.is_empty() { dash() } else { on_time };
    let late = if late.is_empty() { dash() } else { late };
    let msg = Msg::new("deliverables-overview")
        .arg("number", number)
        .arg("title", atelier.title.as_str())
        .arg("handed", handed.len())
        .arg("expected", participants.len())
        .arg("on_time", on_time)
        .arg("late", late)
        .arg(
            "missing",
            if missing.is_empty() {
                "—".to_owned()
            } else {
                missing.join(", ")
            },
        );
    let mut out = vec![ctx.reply_private(msg)];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

pub(crate) async fn show(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    mention: &str,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let (atelier, _) = atelier_with_spec(conn, cohort, number).await?;
    let member = mentioned_member(conn, ctx, mention).await?;
    let versions = store::submissions::versions(conn, atelier.id, member.id).await?;
    if versions.is_empty() {
        return Err(UserError(
            Msg::new("error-nothing-handed-in")
                .arg("name", member.display_name.as_str())
                .arg("number", number),
        )
        .into());
    }
    let mut lines = vec![
        Msg::new("deliverable-show-header")
            .arg("name", member.display_name.as_str())
            .arg("number", number)
            .arg("title", atelier.title.as_str())
            .arg("versions", versions.len()),
    ];
    for s in versions.iter().rev() {
        lines.push(
            Msg::new("deliverable-show-version")
                .arg("version", s.version)
                .arg("when", utc_to_local(cohort.timezone, s.submitted_at))
                .arg("timeliness", timeliness(s.late_by))
                .arg("status", status_msg(s.status)),
        );
        if !s.body.is_empty() {
            lines.push(Msg::new("text").arg("text", indent(&s.body)));
        }
        lines.extend(file_lines(&s.files));
        for (status, body, at) in store::submissions::feedback(conn, s.id).await? {
            lines.push(
                Msg::new("deliverable-show-feedback")
                    .arg("status", status_msg(status))
                    .arg("when", utc_to_local(cohort.timezone, at))
                    .arg("text", body),
            );
        }
    }
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) async fn feedback(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    mention: &str,
    status: Option<SubmissionStatus>,
    text: &str,
) -> HandlerResult {
    let (cohort, facilitator) = ctx.membership()?;
    let (atelier, _) = atelier_with_spec(conn, cohort, number).await?;
    let member = mentioned_member(conn, ctx, mention).await?;
    let versions = store::submissions::versions(conn, atelier.id, member.id).await?;
    let Some(latest) = versions.last() else {
        return Err(UserError(
            Msg::new("error-nothing-handed-in")
                .arg("name", member.display_name.as_str())
                .arg("number", number),
        )
        .into());
    };
    let status = status.unwrap_or(SubmissionStatus::Reviewed);
    store::submissions::review(
        conn,
        latest.id,
        facilitator.id,
        status,
        text.trim(),
        ctx.now,
    )
    .await?;
    let told = Msg::new("feedback-to-member")
        .arg("from", facilitator.display_name.as_str())
        .arg("number", number)
        .arg("title", atelier.title.as_str())
        .arg("version", latest.version)
        .arg("status", status_msg(status))
        .arg("text", text.trim());
    // A group's deliverable: the feedback reaches the whole group.
    let mut out = match latest.group {
        Some(g) => to_group(conn, cohort, &atelier, g, &told, None).await?,
        None => store::members::dm_identity(conn, member.id)
            .await?
            .map(|dm| Reply::direct(dm, &member, cohort, told))
            .into_iter()
            .collect(),
    };
    out.push(
        ctx.reply_private(
            Msg::new("feedback-sent")
                .arg("name", member.display_name.as_str())
                .arg("status", status_msg(status)),
        ),
    );
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

pub(crate) async fn chase(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let (atelier, spec) = atelier_with_spec(conn, cohort, number).await?;
    let handed = store::submissions::handed_in(conn, atelier.id).await?;
    let due = local_to_utc(cohort.timezone, spec.due);
    let mut out = Vec::new();
    let mut names = Vec::new();
    for (m, dm) in store::members::of_cohort_with_dm(conn, cohort.id).await? {
        if !crate::domain::to_chase(&m, &handed) {
            continue;
        }
        let Some(identity) = dm else { continue };
        let msg = if ctx.now < due {
            Msg::new("job-deadline-chase").arg("countdown", countdown(due - ctx.now))
        } else {
            Msg::new("chase-after-deadline")
        };
        out.push(Reply {
            to: Destination::Direct(identity),
            member: Some(m.id),
            lang: m.language.unwrap_or(cohort.language),
            msg: msg
                .arg("number", number)
                .arg("title", spec.title.as_str())
                .arg("when", spec.due),
            in_reply_to: None,
            attachments: Vec::new(),
            key: None,
            replaces: None,
            extra: None,
        });
        names.push(m.display_name);
    }
    // Who has not handed in is the facilitator's business, not the room's.
    out.push(
        ctx.reply_private(
            Msg::new("chase-done")
                .arg("count", names.len())
                .arg("names", names.join(", ")),
        ),
    );
    out.extend(ctx.pointer_to_private());
    Ok(out)
}
