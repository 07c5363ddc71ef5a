//! Personal data rights (RGPD): `!mes-donnees` exports everything stored about the member,
//! `!oublier-moi` erases it after confirmation.
//!
//! Kept after an erasure: nothing that identifies the person. The cohort keeps a count of
//! erased submissions per atelier (so facilitators' figures stay coherent) and the messages
//! already said in rooms, which belong to the room's history on the platform, not to us.

use crate::effect::Effect;
use chrono::Duration;
use serde_json::json;
use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{HandlerResult, Reply};
use crate::domain::Role;
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::MemberId;
use crate::store::{self, Destination};

/// How long a `!oublier-moi` waits for its confirmation.
const CONFIRM_WITHIN: Duration = Duration::minutes(10);

/// The member's profile, small groups, pooled resources, peer reviews and what they proposed
/// or amended in decisions.
async fn working_together(
    conn: &mut SqliteConnection,
    member: crate::ids::MemberId,
) -> Result<serde_json::Value, store::StoreError> {
    let profile = store::groups::profile(conn, member).await?;
    let groups = store::groups::of_member(conn, member).await?;
    let resources = store::resources::of_member(conn, member).await?;
    let reviews = store::reviews::of_member(conn, member).await?;
    let decisions = store::decisions::of_member(conn, member).await?;
    Ok(json!({
        "structure": profile.structure,
        "structure_kind": profile.kind.map(crate::groups::StructureKind::as_str),
        "groups": groups.iter().map(|(a, g)| json!({ "atelier": a, "group": g }))
            .collect::<Vec<_>>(),
        "resources": resources.iter().map(|r| json!({
            "number": r.number,
            "side": format!("{:?}", r.side).to_lowercase(),
            "kind": r.kind.as_str(),
            "title": r.title,
            "place": r.place,
            "posted_at": r.created_at.to_rfc3339(),
            "withdrawn_at": r.withdrawn_at.map(|t| t.to_rfc3339()),
        })).collect::<Vec<_>>(),
        // Reviews given in full; reviews received without who gave them (they may be anonymous).
        "peer_reviews": reviews.iter().map(|(n, a)| json!({
            "atelier": n,
            "role": if a.reviewer == member { "reviewer" } else { "author" },
            "code": (a.reviewer == member).then_some(a.code.as_str()),
            "scores": a.scores,
            "comment": a.comment,
        })).collect::<Vec<_>>(),
        "decisions": decisions.iter().map(|(d, p, what, text)| json!({
            "decision": d, "proposal": p, "what": what, "text": text,
        })).collect::<Vec<_>>(),
    }))
}

pub(crate) async fn export(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    refuse_if_too_soon(conn, ctx, member.id).await?;
    store::personal_data::set_last_export(conn, member.id, ctx.now).await?;
    let votes = named_votes(conn, member.id).await?;
    let identities = store::personal_data::accounts(conn, member.id).await?;
    let submissions = submissions(conn, member.id).await?;
    let reminders = store::personal_data::reminders(conn, member.id).await?;
    let (ready, questions) = store::preparation::of_member(conn, member.id).await?;
    let attendance = store::attendance::of_member(conn, member.id).await?;
    // Named evaluations only: anonymous answers are linked to nobody, so to no export either.
    let evaluations = store::evaluations::of_member(conn, member.id).await?;
    let extensions = store::extensions::of_member(conn, member.id).await?;
    let working_together = working_together(conn, member.id).await?;
    let web_space = store::web::of_member(conn, member.id).await?;
    let data = json!({
        "exported_at": ctx.now.to_rfc3339(),
        "cohort": { "name": cohort.name, "title": cohort.title },
        "member": {
            "name": member.display_name,
            "role": member.role.as_str(),
            "language": member.language.map(|l| l.code()),
            "reminder_dms": member.reminders_enabled,
        },
        "identities": identities.iter().map(|(i, seen)| json!({
            "account": i,
            "last_seen": seen.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "submissions": submissions,
        "reminders": reminders.iter().map(|(n, text, cron)| json!({
            "number": n, "text": text, "cron": cron,
        })).collect::<Vec<_>>(),
        "votes": votes,
        "preparation": ready.iter().map(|(n, state)| json!({
            "atelier": n, "state": state,
        })).collect::<Vec<_>>(),
        "questions": questions.iter().map(|(n, q)| json!({
            "atelier": n, "text": q.text, "asked_at": q.asked_at.to_rfc3339(),
            "answer": q.answer,
        })).collect::<Vec<_>>(),
        "attendance": attendance.iter().map(|m| json!({
            "atelier": m.atelier,
            "session": m.session,
            "presence": m.presence.as_str(),
            "mode": m.mode.map(|mode| mode.as_str()),
            "recorded_at": m.recorded_at.to_rfc3339(),
            "by_self": m.recorded_by == Some(member.id),
        })).collect::<Vec<_>>(),
        "extensions": extensions.iter().map(|e| json!({
            "atelier_id": e.atelier.0,
            "reason": e.reason,
            "requested_at": e.requested_at.to_rfc3339(),
            "state": format!("{:?}", e.state).to_lowercase(),
            "new_deadline": e.due.map(|d| d.to_rfc3339()),
            "answer": e.answer,
        })).collect::<Vec<_>>(),
        "evaluations": evaluations.iter().map(|(n, a)| json!({
            "atelier": n, "scores": a.scores, "keep": a.keep, "change": a.change,
        })).collect::<Vec<_>>(),
        "working_together": working_together,
        "web_space": web_space,
    });
    let dir = ctx.data_dir().join("exports");
    let path = dir.join(format!(
        "donnees-{}-{}.json",
        member.id,
        ctx.now.timestamp()
    ));
    let text = serde_json::to_string_pretty(&data).map_err(EngineError::Json)?;
    let write = Effect::WriteFile {
        path: path.clone(),
        bytes: text.into_bytes(),
    };
    store::effects::record(conn, &write, ctx.now).await?;
    let mut reply = ctx.reply_private(Msg::new("my-data-sent"));
    reply.attachments.push(path.display().to_string());
    let mut out = vec![reply];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// Refuses an export asked for within the configured interval of the last one: each export
/// writes a file of everything, so a member repeating the command must not fill the disk.
async fn refuse_if_too_soon(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    member: MemberId,
) -> Result<(), super::Failure> {
    let every = Duration::try_minutes(ctx.settings.limits.my_data_every_minutes)
        .unwrap_or(Duration::hours(1));
    if let Some(last) = store::personal_data::last_export(conn, member).await?
        && ctx.now - last < every
    {
        return Err(UserError(
            Msg::new("error-my-data-too-soon")
                .arg("minutes", ctx.settings.limits.my_data_every_minutes),
        )
        .into());
    }
    Ok(())
}

/// The member's ballots in polls that are not anonymous, as exported.
async fn named_votes(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<serde_json::Value>, EngineError> {
    // Ballots of polls that are not anonymous are stored under the member: they are theirs.
    // Anonymous ones are not linked to anyone, so there is nothing to export.
    Ok(store::personal_data::named_votes(conn, member)
        .await?
        .into_iter()
        .map(|(number, question, options, choices, cast_at)| {
            json!({
                "poll": number,
                "question": question,
                "options": serde_json::from_str::<serde_json::Value>(&options).unwrap_or_default(),
                "choices": serde_json::from_str::<serde_json::Value>(&choices).unwrap_or_default(),
                "cast_at": cast_at.to_rfc3339(),
            })
        })
        .collect())
}

/// Every version the member handed in, with its files' metadata and the feedback it got, as
/// exported.
async fn submissions(
    conn: &mut SqliteConnection,
    member: MemberId,
) -> Result<Vec<serde_json::Value>, EngineError> {
    let mut submissions = Vec::new();
    for s in store::submissions::of_member(conn, member).await? {
        let feedback = store::submissions::feedback(conn, s.id).await?;
        submissions.push(json!({
            "atelier": s.atelier_number,
            "version": s.version,
            "submitted_at": s.submitted_at.to_rfc3339(),
            "late_by_seconds": s.late_by,
            "status": s.status.as_str(),
            "text": s.body,
            "links": s.links,
            "files": s.files.iter().map(|f| json!({
                "name": f.file_name, "size": f.size, "kind": f.kind, "sha256": f.sha256,
            })).collect::<Vec<_>>(),
            "feedback": feedback.iter().map(|(st, body, at)| json!({
                "status": st.as_str(), "text": body, "at": at.to_rfc3339(),
            })).collect::<Vec<_>>(),
        }));
    }
    Ok(submissions)
}

pub(crate) async fn forget(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    confirm: bool,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    if !confirm {
        store::personal_data::request_erasure(conn, member.id, ctx.now).await?;
        let mut out = vec![ctx.reply_private(Msg::new("forget-confirm"))];
        out.extend(ctx.pointer_to_private());
        return Ok(out);
    }
    let fresh = store::personal_data::erasure_requested_at(conn, member.id)
        .await?
        .is_some_and(|t| ctx.now - t <= CONFIRM_WITHIN);
    if !fresh {
        return Err(UserError::new("error-forget-not-requested").into());
    }

    let submissions = store::submissions::of_member(conn, member.id).await?;
    for s in &submissions {
        store::personal_data::count_erased_submission(conn, cohort.id, s.atelier).await?;
    }
    // What the bot said to them privately is theirs too.
    store::personal_data::erase(conn, member.id).await?;
    // Their data exports too: a file on disk is as much their data as a row.
    let exports = Effect::RemovePrefixed {
        dir: ctx.data_dir().join("exports"),
        prefix: format!("donnees-{}-", member.id),
    };
    store::effects::record(conn, &exports, ctx.now).await?;
    let file_store = ctx.settings.file_store();
    let mut files = 0;
    // Collected first: an iterator borrowed across the awaits below would make the future not
    // `Send`.
    let hashes: Vec<String> = submissions
        .iter()
        .flat_map(|s| &s.files)
        .map(|f| f.sha256.clone())
        .collect();
    for sha in hashes {
        if !store::submissions::file_referenced(conn, &sha).await?
            && let Ok(path) = file_store.path_of(&sha)
        {
            store::effects::record(conn, &Effect::RemoveFile { path }, ctx.now).await?;
            files += 1;
        }
    }
    let mut out = Vec::new();
    for (m, dm) in store::members::of_cohort_with_dm(conn, cohort.id).await? {
        if m.role != Role::Facilitator {
            continue;
        }
        if let Some(identity) = dm {
            out.push(Reply {
                to: Destination::Direct(identity),
                member: Some(m.id),
                lang: m.language.unwrap_or(cohort.language),
                msg: Msg::new("forget-facilitators")
                    .arg("name", member.display_name.as_str())
                    .arg("submissions", submissions.len()),
                in_reply_to: None,
                attachments: Vec::new(),
                key: None,
                replaces: None,
                extra: None,
            });
        }
    }
    let mut done = ctx.reply_private(
        Msg::new("forget-done")
            .arg("submissions", submissions.len())
            .arg("files", files),
    );
    done.member = None;
    out.push(done);
    Ok(out)
}
