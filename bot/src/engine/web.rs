//! The web space seen from the engine: `!web` (a sign-in link by private message, or every
//! session closed), and what the web adapter calls to act for a signed-in member — the same
//! events, role table, validation, messages and outbox as chat.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{Actor, Attachment, CommandEvent, Engine, Event, HandlerResult, Origin, Place};
use crate::command::{Command, ParseError};
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::{Identity, Platform};
use crate::store::{self, web::WebSession};

/// `!web`: a single-use sign-in link by private message; `!web deconnecter`: every session of
/// the person closed and their unused links withdrawn.
pub(crate) async fn web(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    sign_out: bool,
) -> HandlerResult {
    let (_, member) = ctx.membership()?;
    if sign_out {
        let closed = store::web::close_all(conn, member.id).await?;
        return Ok(vec![
            ctx.reply(Msg::new("web-signed-out").arg("count", closed)),
        ]);
    }
    let Some(base) = ctx.settings.web_url.as_deref() else {
        return Err(UserError::new("web-not-served").into());
    };
    if store::web::links_in_last_hour(conn, member.id, ctx.now).await? >= store::web::LINKS_PER_HOUR
    {
        return Err(
            UserError(Msg::new("web-link-rate").arg("max", store::web::LINKS_PER_HOUR)).into(),
        );
    }
    let token = store::web::new_link(conn, member.id, ctx.now).await?;
    let url = format!("{}/entrer/{token}", base.trim_end_matches('/'));
    let mut out = vec![
        ctx.reply_private(
            Msg::new("web-link")
                .arg("url", url)
                .arg("minutes", store::web::LINK_LIFETIME.num_minutes()),
        ),
    ];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

/// What the engine answered a web action: the texts, in the person's language, that chat would
/// have sent them, to show on the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebAnswer {
    /// Each answer's text (Markdown as in chat).
    pub texts: Vec<String>,
    /// Files the answers carry (a data export, a calendar), as paths the effects have written.
    pub files: Vec<std::path::PathBuf>,
    /// The action had been done before (the same form posted twice): nothing changed again.
    pub duplicate: bool,
}

/// The identity a signed-in member acts under on the web.
pub fn web_identity(session: &WebSession) -> Identity {
    Identity::new(Platform::Web, session.member.id.0.to_string())
}

impl Engine {
    /// Carries out `command` for the member of `session`, as the engine event `event_id`
    /// (a form's one-time id: the same form posted twice acts once). Roles, validation and
    /// messages are chat's; the answers meant for the person are taken from the outbox and
    /// returned, and everything else (a feedback's private message to its author, a room
    /// announcement) waits in the outbox for its platform as usual.
    pub async fn act_on_web(
        &self,
        session: &WebSession,
        event_id: &str,
        command: Result<Command, ParseError>,
        attachments: Vec<Attachment>,
    ) -> Result<WebAnswer, EngineError> {
        let needs_facilitator = command
            .as_ref()
            .is_ok_and(|c| crate::command::least_role(c) >= crate::domain::Role::Facilitator);
        if needs_facilitator && !session.fresh_for_facilitators(self.now()) {
            let lang = session.member.language.unwrap_or(session.cohort.language);
            return Ok(WebAnswer {
                texts: vec![
                    Msg::new("web-facilitator-stale")
                        .arg("hours", store::web::FACILITATOR_FRESHNESS.num_hours())
                        .render(lang),
                ],
                ..WebAnswer::default()
            });
        }
        let identity = web_identity(session);
        let origin = Origin {
            event_id: event_id.to_owned(),
            actor: Actor {
                identity: identity.clone(),
                display_name: session.member.display_name.clone(),
                role_hint: None,
                locale_hint: None,
            },
            place: Place::Direct,
        };
        let outcome = self
            .handle(Event::Command(CommandEvent {
                origin,
                command,
                attachments,
            }))
            .await?;
        let taken = self.take_web_answers(&identity, self.now()).await?;
        Ok(WebAnswer {
            texts: taken.iter().map(|m| m.body.clone()).collect(),
            files: taken
                .iter()
                .flat_map(|m| &m.attachments)
                .map(std::path::PathBuf::from)
                .collect(),
            duplicate: outcome.duplicate,
        })
    }

    async fn take_web_answers(
        &self,
        identity: &Identity,
        now: DateTime<Utc>,
    ) -> Result<Vec<store::outbox::OutboxMessage>, EngineError> {
        let mut conn = self.store().connection().await?;
        Ok(store::outbox::take_direct(&mut conn, identity, now).await?)
    }

    /// Imports `source` as the programme of the session's cohort, for a facilitator: the same
    /// import as `compagnon programme import`, refused when the file names another cohort.
    /// Returns the problems (with their lines) when the text does not parse.
    pub async fn import_programme_on_web(
        &self,
        session: &WebSession,
        source: &str,
    ) -> Result<ProgrammeImport, EngineError> {
        // The programme editor stands for the commands that change the programme.
        let least = crate::command::spec(crate::command::CommandName::MoveAtelier).min_role;
        if session.member.role < least {
            return Ok(ProgrammeImport::Refused(Msg::new("web-facilitators-only")));
        }
        if !session.fresh_for_facilitators(self.now()) {
            return Ok(ProgrammeImport::Refused(
                Msg::new("web-facilitator-stale")
                    .arg("hours", store::web::FACILITATOR_FRESHNESS.num_hours()),
            ));
        }
        let programme = match crate::programme::parse(source) {
            Ok(p) => p,
            Err(problems) => return Ok(ProgrammeImport::Problems(problems)),
        };
        if programme.cohort.name != session.cohort.name {
            return Ok(ProgrammeImport::Refused(
                Msg::new("web-programme-other-cohort")
                    .arg("found", programme.cohort.name.as_str())
                    .arg("cohort", session.cohort.name.as_str()),
            ));
        }
        let mut tx = self.store().begin().await?;
        let report = store::import_programme(&mut tx, &programme, self.now()).await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        self.ateliers_changed().notify_one();
        Ok(ProgrammeImport::Imported(report))
    }
}

impl Engine {
    /// The calendar feed whose secret is `secret`: its member's cohort, with their own
    /// deadlines, in their language; `None` for an unknown or revoked secret.
    pub async fn calendar_feed(&self, secret: &str) -> Result<Option<String>, EngineError> {
        let mut conn = self.store().connection().await?;
        let Some(member) = store::web::feed_member(&mut conn, secret).await? else {
            return Ok(None);
        };
        let Some(cohort) = store::cohorts::cohort(&mut conn, member.cohort).await? else {
            return Ok(None);
        };
        let lang = member.language.unwrap_or(cohort.language);
        let (ics, _) =
            super::info::calendar_text(&mut conn, &cohort, Some(member.id), lang, self.now())
                .await?;
        Ok(Some(ics))
    }
}

/// A poll as the web space shows it to a cohort's facilitators.
#[derive(Debug, Clone)]
pub struct PollView {
    /// The poll.
    pub poll: store::polls::Poll,
    /// Its result lines in the reader's language (only the number of voters while it is open
    /// without live results: the count must not steer the vote).
    pub lines: Vec<String>,
    /// Whether a chart can be drawn (closed, or open with live results).
    pub chart: bool,
}

impl Engine {
    /// Every poll of `cohort` with its results as chat gives them, newest first.
    pub async fn polls_for_web(
        &self,
        cohort: &crate::domain::Cohort,
        lang: crate::domain::Lang,
    ) -> Result<Vec<PollView>, EngineError> {
        let mut conn = self.store().connection().await?;
        let mut out = Vec::new();
        for poll in store::polls::of_cohort(&mut conn, cohort.id).await? {
            let ballots = super::polls::load_ballots(&mut conn, &poll).await?;
            let shown = !poll.open || poll.live_results;
            let (mut lines, _) = super::polls::results(&poll, &ballots, lang, false);
            if !shown {
                lines.truncate(1);
            }
            out.push(PollView {
                lines: lines.iter().map(|m| m.render(lang)).collect(),
                chart: shown,
                poll,
            });
        }
        Ok(out)
    }

    /// The chart of poll `number` of `cohort` as PNG, when it may be shown.
    pub async fn poll_chart_for_web(
        &self,
        cohort: &crate::domain::Cohort,
        number: u32,
        lang: crate::domain::Lang,
    ) -> Result<Option<Vec<u8>>, EngineError> {
        let mut conn = self.store().connection().await?;
        let Some(poll) = store::polls::by_number(&mut conn, cohort.id, number).await? else {
            return Ok(None);
        };
        if poll.open && !poll.live_results {
            return Ok(None);
        }
        let ballots = super::polls::load_ballots(&mut conn, &poll).await?;
        Ok(super::polls::results(&poll, &ballots, lang, true).1)
    }
}

/// What importing a programme from the web did.
#[derive(Debug)]
pub enum ProgrammeImport {
    /// Imported (or unchanged).
    Imported(store::ImportReport),
    /// The text does not make a programme: each problem at its line.
    Problems(Vec<crate::programme::Problem>),
    /// Not allowed, or not this cohort's.
    Refused(Msg),
}
