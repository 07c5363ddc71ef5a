//! Personal data rights (RGPD): `!mes-donnees` exports everything stored about the member,
//! `!oublier-moi` erases it after confirmation.
//!
//! Kept after an erasure: nothing that identifies the person. The cohort keeps a count of
//! erased submissions per atelier (so facilitators' figures stay coherent) and the messages
//! already said in rooms, which belong to the room's history on the platform, not to us.

use chrono::Duration;
use serde_json::json;
use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{HandlerResult, Reply};
use crate::domain::Role;
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::store::{self, Destination, to_db_time};

/// How long a `!oublier-moi` waits for its confirmation.
const CONFIRM_WITHIN: Duration = Duration::minutes(10);

pub(crate) async fn export(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let every = Duration::try_minutes(ctx.settings.limits.my_data_every_minutes)
        .unwrap_or(Duration::hours(1));
    let last: Option<i64> = sqlx::query_scalar("SELECT last_data_export FROM members WHERE id = ?")
        .bind(member.id.0)
        .fetch_one(&mut *conn)
        .await?;
    if let Some(last) = last.and_then(|t| store::from_db_time(t).ok())
        && ctx.now - last < every
    {
        return Err(UserError(
            Msg::new("error-my-data-too-soon")
                .arg("minutes", ctx.settings.limits.my_data_every_minutes),
        )
        .into());
    }
    sqlx::query("UPDATE members SET last_data_export = ? WHERE id = ?")
        .bind(to_db_time(ctx.now))
        .bind(member.id.0)
        .execute(&mut *conn)
        .await?;
    // Ballots of polls that are not anonymous are stored under the member: they are theirs.
    // Anonymous ones are not linked to anyone, so there is nothing to export.
    let votes: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.number, p.question, p.options, b.choices, b.cast_at
         FROM ballots b JOIN polls p ON p.id = b.poll_id WHERE b.member_id = ? ORDER BY p.number",
    )
    .bind(member.id.0)
    .fetch_all(&mut *conn)
    .await?;
    let votes: Vec<serde_json::Value> = votes
        .into_iter()
        .map(|(number, question, options, choices, cast_at)| {
            json!({
                "poll": number,
                "question": question,
                "options": serde_json::from_str::<serde_json::Value>(&options).unwrap_or_default(),
                "choices": serde_json::from_str::<serde_json::Value>(&choices).unwrap_or_default(),
                "cast_at": store::from_db_time(cast_at).map(|t| t.to_rfc3339()).ok(),
            })
        })
        .collect();
    let identities: Vec<(String, i64)> =
        sqlx::query_as("SELECT identity, last_seen FROM identities WHERE member_id = ?")
            .bind(member.id.0)
            .fetch_all(&mut *conn)
            .await?;
    let mut submissions = Vec::new();
    for s in store::submissions::of_member(conn, member.id).await? {
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
    let reminders: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT number, text, cron FROM reminders WHERE author_id = ? OR member_id = ?",
    )
    .bind(member.id.0)
    .bind(member.id.0)
    .fetch_all(&mut *conn)
    .await?;
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
            "last_seen": store::from_db_time(*seen).map(|t| t.to_rfc3339()).ok(),
        })).collect::<Vec<_>>(),
        "submissions": submissions,
        "reminders": reminders.iter().map(|(n, text, cron)| json!({
            "number": n, "text": text, "cron": cron,
        })).collect::<Vec<_>>(),
        "votes": votes,
    });
    let dir = ctx.data_dir().join("exports");
    let path = dir.join(format!(
        "donnees-{}-{}.json",
        member.id,
        ctx.now.timestamp()
    ));
    let text = serde_json::to_string_pretty(&data).map_err(EngineError::Json)?;
    crate::files::private::create_dir_all(&dir)
        .and_then(|()| crate::files::private::write(&path, text.as_ref()))
        .map_err(|e| EngineError::file("writing", &path, e))?;
    let mut reply = ctx.reply_private(Msg::new("my-data-sent"));
    reply.attachments.push(path.display().to_string());
    let mut out = vec![reply];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

pub(crate) async fn forget(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    confirm: bool,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    if !confirm {
        sqlx::query(
            "INSERT INTO erasure_requests (member_id, requested_at) VALUES (?, ?)
             ON CONFLICT (member_id) DO UPDATE SET requested_at = excluded.requested_at",
        )
        .bind(member.id.0)
        .bind(to_db_time(ctx.now))
        .execute(&mut *conn)
        .await?;
        let mut out = vec![ctx.reply_private(Msg::new("forget-confirm"))];
        out.extend(ctx.pointer_to_private());
        return Ok(out);
    }
    let requested: Option<i64> =
        sqlx::query_scalar("SELECT requested_at FROM erasure_requests WHERE member_id = ?")
            .bind(member.id.0)
            .fetch_optional(&mut *conn)
            .await?;
    let fresh = requested
        .and_then(|t| store::from_db_time(t).ok())
        .is_some_and(|t| ctx.now - t <= CONFIRM_WITHIN);
    if !fresh {
        return Err(UserError::new("error-forget-not-requested").into());
    }

    let identities: Vec<String> =
        sqlx::query_scalar("SELECT identity FROM identities WHERE member_id = ?")
            .bind(member.id.0)
            .fetch_all(&mut *conn)
            .await?;
    let submissions = store::submissions::of_member(conn, member.id).await?;
    for s in &submissions {
        sqlx::query(
            "INSERT INTO erased_submissions (cohort_id, atelier_id, count) VALUES (?, ?, 1)
             ON CONFLICT (cohort_id, atelier_id) DO UPDATE SET count = count + 1",
        )
        .bind(cohort.id.0)
        .bind(s.atelier.0)
        .execute(&mut *conn)
        .await?;
    }
    // What the bot said to them privately is theirs too.
    for identity in &identities {
        sqlx::query("DELETE FROM outbox WHERE destination = ?")
            .bind(format!("dm:{identity}"))
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM outbox WHERE member_id = ?")
        .bind(member.id.0)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM jobs WHERE state = 'pending' AND json_extract(payload, '$.member') = ?",
    )
    .bind(member.id.0)
    .execute(&mut *conn)
    .await?;
    // Cascades to identities, submissions and their file rows, feedback, reminders addressed to
    // them, and the erasure request.
    sqlx::query("DELETE FROM members WHERE id = ?")
        .bind(member.id.0)
        .execute(&mut *conn)
        .await?;
    // Their data exports too: a file on disk is as much their data as a row.
    let prefix = format!("donnees-{}-", member.id);
    if let Ok(entries) = std::fs::read_dir(ctx.data_dir().join("exports")) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                ctx.remove_after_commit(entry.path());
            }
        }
    }
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
            ctx.remove_after_commit(path);
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
