//! Interactions: slash commands, atelier autocompletion and component clicks. Each is deferred
//! at once (Discord's 3-second limit), handled by the engine as a text command, and answered
//! with the outbox rows that reply to it.

use bot::command::poll_args::VoteArgs;
use bot::command::{Command, CommandName};
use bot::domain::{Cohort, Lang};
use bot::engine::{Actor, CommandEvent, Event, Origin, Place, PollAnswer};
use bot::i18n::Msg;
use bot::ids::{Identity, Platform, RoomRef};
use bot::store::{self, Destination, OutboxMessage};
use serenity::all::{
    ChannelId, CommandDataOptionValue, CommandInteraction, ComponentInteraction,
    ComponentInteractionDataKind, Context, CreateAutocompleteResponse, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, EditInteractionResponse,
    GuildId, Http, Member, User, UserId,
};

use crate::commands::{OPT_ARGUMENTS, OPT_ATELIER, OPT_FILE, spec_of};
use crate::deliver::{no_mentions, read_files};
use crate::handler::{dm_role, download, handle_event, role_hint};
use crate::polls::{Click, ballot_pages, choices_answer, judgment_answer, judgment_ballot};
use crate::text::{MAX_CONTENT, split_message, truncate};
use crate::{Shared, answers_event};

/// Discord offers at most 25 autocomplete choices.
const MAX_CHOICES: usize = 25;

/// Who acted, as the engine sees them: in a guild, their member roles there; in a DM, their
/// roles in the guilds of their cohort, looked up now.
async fn actor(
    shared: &Shared,
    ctx: &Context,
    user: &User,
    member: Option<&Member>,
    guild: Option<GuildId>,
    channel: ChannelId,
    locale: &str,
) -> Actor {
    let role = match guild {
        Some(g) => {
            let (roles, perms) =
                member.map_or((Vec::new(), None), |m| (m.roles.clone(), m.permissions));
            role_hint(
                &ctx.cache,
                g,
                user.id,
                &roles,
                perms,
                shared.config.facilitator_role_for(&channel.to_string()),
            )
        }
        None => dm_role(shared, ctx, user.id).await,
    };
    Actor {
        identity: Identity::new(Platform::Discord, user.id.to_string()),
        display_name: member
            .and_then(|m| m.nick.clone())
            .or_else(|| user.global_name.clone())
            .unwrap_or_else(|| user.name.clone()),
        role_hint: role,
        locale_hint: Lang::parse(locale),
    }
}

fn place(guild: Option<GuildId>, channel: ChannelId) -> Place {
    match guild {
        Some(_) => Place::Room(RoomRef::new(Platform::Discord, channel.to_string())),
        None => Place::Direct,
    }
}

/// Removes an interaction from the in-flight set however its handling ends.
struct InFlight<'a> {
    shared: &'a Shared,
    event_id: String,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        crate::lock(&self.shared.in_flight).remove(&self.event_id);
        self.shared.wake.notify_one();
    }
}

/// Where an interaction's answer is shown.
trait Respond {
    async fn edit(&self, http: &Http, edit: EditInteractionResponse) -> serenity::Result<()>;
    async fn followup(
        &self,
        http: &Http,
        f: CreateInteractionResponseFollowup,
    ) -> serenity::Result<()>;
    async fn delete(&self, http: &Http) -> serenity::Result<()>;
}

macro_rules! respond_impl {
    ($t:ty) => {
        impl Respond for $t {
            async fn edit(
                &self,
                http: &Http,
                edit: EditInteractionResponse,
            ) -> serenity::Result<()> {
                self.edit_response(http, edit).await.map(|_| ())
            }
            async fn followup(
                &self,
                http: &Http,
                f: CreateInteractionResponseFollowup,
            ) -> serenity::Result<()> {
                self.create_followup(http, f).await.map(|_| ())
            }
            async fn delete(&self, http: &Http) -> serenity::Result<()> {
                self.delete_response(http).await
            }
        }
    };
}
respond_impl!(CommandInteraction);
respond_impl!(ComponentInteraction);

/// Whether an outbox row is the direct answer to the interaction (shown in its response) rather
/// than a message for others (delivered by the drain).
fn is_answer(row: &OutboxMessage, msg: &Origin) -> bool {
    if row.replaces.is_some() || row.extra.is_some() {
        return false;
    }
    match (&row.destination, &msg.place) {
        (Destination::Direct(who), _) => *who == msg.actor.identity,
        (Destination::Room(r), Place::Room(here)) => r == here,
        (Destination::Room(_), Place::Direct) => false,
        (Destination::Space(_), _) => false,
    }
}

/// Handles the event of a deferred interaction and shows its answer. `private` (clicks, `/vote`)
/// makes every answer ephemeral and keeps it out of the channel whatever happens
/// (`keep_private`); otherwise room answers are public and private ones ephemeral.
async fn answer(
    shared: &Shared,
    http: &Http,
    target: &impl Respond,
    deferred: bool,
    event: Event,
    private: bool,
) {
    let msg = event.origin();
    let _in_flight = InFlight {
        shared,
        event_id: msg.event_id.clone(),
    };
    crate::lock(&shared.in_flight).insert(msg.event_id.clone());
    handle_event(shared, event).await;
    let rows = match answer_rows(shared, &msg).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!(error = %e, "reading an interaction's answer failed");
            return;
        }
    };
    if !deferred {
        // Too late to answer here: the drain delivers the rows as ordinary messages, except
        // a click's, which must not become public (see `keep_private`).
        if private {
            keep_private(shared, http, &msg, &rows).await;
        }
        return;
    }
    show_answers(shared, http, target, &msg, rows, private).await;
}

/// Shows the answer rows in the deferred response and its follow-ups, in order, and marks
/// those shown delivered. At the first failure the rest is left to the drain, or for a private
/// interaction to `keep_private`. The deferred response is removed if no row used it, so no
/// "thinking…" stays behind.
async fn show_answers(
    shared: &Shared,
    http: &Http,
    target: &impl Respond,
    msg: &Origin,
    rows: Vec<OutboxMessage>,
    private: bool,
) {
    let in_dm = msg.place == Place::Direct;
    let mut original_used = false;
    let mut delivered = Vec::new();
    let mut rows = rows.into_iter();
    for row in rows.by_ref() {
        let ephemeral = private || (!in_dm && matches!(row.destination, Destination::Direct(_)));
        if !show_row(http, target, &row, ephemeral, private, &mut original_used).await {
            if private {
                let left: Vec<OutboxMessage> = std::iter::once(row).chain(rows.by_ref()).collect();
                keep_private(shared, http, msg, &left).await;
            }
            break;
        }
        delivered.push(row.id);
    }
    if !original_used && let Err(e) = target.delete(http).await {
        tracing::debug!(error = %e, "could not remove the deferred response");
    }
    if let Err(e) = mark(shared, &delivered).await {
        tracing::error!(error = %e, "marking interaction answers delivered failed");
    }
}

/// Shows one answer row, split to Discord's length limit with its files on the last part: in
/// the deferred response while it is unused (`original_used`) and of the same visibility, else
/// as follow-ups. `false` when Discord refused a part.
async fn show_row(
    http: &Http,
    target: &impl Respond,
    row: &OutboxMessage,
    ephemeral: bool,
    private: bool,
    original_used: &mut bool,
) -> bool {
    let files = match read_files(&row.attachments).await {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "an answer's file is unreadable");
            Vec::new()
        }
    };
    let mut parts = split_message(&row.body, MAX_CONTENT);
    if parts.is_empty() {
        parts.push(String::new());
    }
    let last = parts.len() - 1;
    let mut files = Some(files);
    for (i, part) in parts.into_iter().enumerate() {
        let files = if i == last {
            files.take().unwrap_or_default()
        } else {
            Vec::new()
        };
        // The deferred response is ephemeral exactly when every answer is (`private`).
        let r = if !*original_used && (ephemeral == private) {
            *original_used = true;
            let mut e = EditInteractionResponse::new()
                .allowed_mentions(no_mentions())
                .content(part);
            for f in files {
                e = e.new_attachment(f);
            }
            target.edit(http, e).await
        } else {
            let f = CreateInteractionResponseFollowup::new()
                .allowed_mentions(no_mentions())
                .content(part)
                .ephemeral(ephemeral)
                .add_files(files);
            target.followup(http, f).await
        };
        if let Err(e) = r {
            tracing::warn!(error = %e, "answering an interaction failed; the drain will send it");
            return false;
        }
    }
    true
}

/// A private interaction's answers (a click, `/vote`) that the interaction could not show go
/// to the person by DM, or nowhere.
/// The drain would post room answers in the channel, and for closed DMs mention the person
/// there: either tells everyone who just clicked (an English answer even hints at who) — which
/// anonymous polls promise never to show.
async fn keep_private(shared: &Shared, http: &Http, msg: &Origin, rows: &[OutboxMessage]) {
    if rows.is_empty() {
        return;
    }
    let dm = match msg.actor.identity.user.parse::<u64>() {
        Ok(user) => shared.dm_channel(UserId::new(user)).await.ok(),
        Err(_) => None,
    };
    let mut handled = Vec::new();
    for row in rows {
        if let Some(dm) = dm {
            for part in split_message(&row.body, MAX_CONTENT) {
                if let Err(e) = dm.say(http, part).await {
                    // Dropped rather than made public; no user id in the log either.
                    tracing::warn!(error = %e, "a click's answer could not be sent by DM; dropped");
                    break;
                }
            }
        } else {
            tracing::warn!("a click's answer had no private way out; dropped");
        }
        handled.push(row.id);
    }
    if let Err(e) = mark(shared, &handled).await {
        tracing::error!(error = %e, "marking a click's answers delivered failed");
    }
}

async fn answer_rows(
    shared: &Shared,
    msg: &Origin,
) -> Result<Vec<OutboxMessage>, store::StoreError> {
    let mut conn = shared.engine.store().pool().acquire().await?;
    let pending = store::outbox::pending(&mut conn, Platform::Discord, 10_000).await?;
    Ok(pending
        .into_iter()
        .filter(|r| answers_event(r, &msg.event_id) && is_answer(r, msg))
        .collect())
}

async fn mark(shared: &Shared, ids: &[bot::ids::OutboxId]) -> Result<(), store::StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = shared.engine.store().begin().await?;
    store::outbox::mark_many_delivered(&mut tx, ids, shared.engine.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A slash command: defer, read its options as the command they stand for, answer.
pub(crate) async fn command(shared: &Shared, ctx: &Context, cmd: CommandInteraction) {
    let spec = spec_of(&cmd.data.name);
    // `/vote` is answered to the voter alone, from the start: a public deferred response would
    // show everyone "… used /vote" (anonymous polls promise nobody sees who voted), and its
    // refusals are the voter's business too.
    let private = spec.is_some_and(|s| s.name == CommandName::Vote);
    // First, within Discord's 3 seconds; otherwise whether the answer is private is known only
    // later.
    let deferred = if private {
        cmd.defer_ephemeral(&ctx.http).await
    } else {
        cmd.defer(&ctx.http).await
    };
    let deferred = match deferred {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "could not defer a slash command");
            false
        }
    };
    let Some(spec) = spec else {
        let _ = cmd.delete_response(&ctx.http).await;
        return;
    };
    let (mut atelier, mut arguments, mut files) = (None, None, Vec::new());
    for o in &cmd.data.options {
        match (o.name.as_str(), &o.value) {
            (OPT_ATELIER, CommandDataOptionValue::Integer(n)) => atelier = Some(*n),
            (OPT_ARGUMENTS, CommandDataOptionValue::String(s)) => arguments = Some(s.clone()),
            (OPT_FILE, CommandDataOptionValue::Attachment(id)) => {
                if let Some(a) = cmd.data.resolved.attachments.get(id) {
                    files.push(a.clone());
                }
            }
            _ => {}
        }
    }
    let Some(command) = bot::command::from_slash(spec.fr[0], atelier, arguments.as_deref()) else {
        return;
    };
    let event = Event::Command(CommandEvent {
        origin: Origin {
            event_id: cmd.id.to_string(),
            actor: actor(
                shared,
                ctx,
                &cmd.user,
                cmd.member.as_deref(),
                cmd.guild_id,
                cmd.channel_id,
                &cmd.locale,
            )
            .await,
            place: place(cmd.guild_id, cmd.channel_id),
        },
        command,
        attachments: download(shared, &files).await,
    });
    answer(shared, &ctx.http, &cmd, deferred, event, private).await;
}

/// The cohort a channel follows, or in DMs the person's first cohort.
async fn cohort_of(
    shared: &Shared,
    guild: Option<GuildId>,
    channel: ChannelId,
    user: &User,
) -> Option<Cohort> {
    let mut conn = shared.engine.store().pool().acquire().await.ok()?;
    if guild.is_some() {
        let room = RoomRef::new(Platform::Discord, channel.to_string());
        return store::cohorts::room_cohort(&mut conn, &room).await.ok()?;
    }
    let who = Identity::new(Platform::Discord, user.id.to_string());
    let member = store::members::memberships(&mut conn, &who)
        .await
        .ok()?
        .into_iter()
        .next()?;
    store::cohorts::cohort(&mut conn, member.cohort)
        .await
        .ok()?
}

/// Offers the cohort's ateliers matching what was typed (number or part of the title).
pub(crate) async fn autocomplete(shared: &Shared, ctx: &Context, cmd: CommandInteraction) {
    let typed = cmd
        .data
        .autocomplete()
        .map(|a| a.value.trim().to_lowercase())
        .unwrap_or_default();
    let mut choices = CreateAutocompleteResponse::new();
    if let Some(cohort) = cohort_of(shared, cmd.guild_id, cmd.channel_id, &cmd.user).await {
        let lang = Lang::parse(&cmd.locale).unwrap_or(cohort.language);
        let ateliers = match shared.engine.store().pool().acquire().await {
            Ok(mut conn) => store::cohorts::ateliers(&mut conn, cohort.id)
                .await
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        for a in ateliers
            .iter()
            .filter(|a| {
                typed.is_empty()
                    || a.number.to_string().starts_with(&typed)
                    || a.title.to_lowercase().contains(&typed)
            })
            .take(MAX_CHOICES)
        {
            let name = Msg::new("discord-atelier-choice")
                .arg("number", a.number)
                .arg("title", a.title.as_str())
                .render(lang);
            choices = choices.add_int_choice(truncate(&name, 100), i64::from(a.number));
        }
    }
    if let Err(e) = cmd
        .create_response(&ctx.http, CreateInteractionResponse::Autocomplete(choices))
        .await
    {
        tracing::warn!(error = %e, "autocomplete answer failed");
    }
}

/// A click on a poll button or a judgment ballot.
pub(crate) async fn component(shared: &Shared, ctx: &Context, c: ComponentInteraction) {
    let Some(click) = Click::parse(&c.data.custom_id) else {
        let _ = c
            .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
            .await;
        return;
    };
    let user = c.user.id.get();
    let (poll, answer_given) = match click {
        Click::Ready { atelier } => {
            return check_in(shared, ctx, &c, Command::Ready { atelier }).await;
        }
        Click::NotYet { atelier } => {
            return check_in(shared, ctx, &c, Command::NotYet { atelier }).await;
        }
        Click::Ask { .. } => {
            // A question needs words: how to ask it comes back privately.
            let help = Command::Help {
                topic: Some(bot::command::CommandName::Ask),
            };
            return check_in(shared, ctx, &c, help).await;
        }
        Click::Present { remote, .. } => {
            use bot::domain::AttendanceMode::{OnSite, Remote};
            let mode = Some(if remote { Remote } else { OnSite });
            return check_in(shared, ctx, &c, Command::Present { mode }).await;
        }
        Click::Choice { poll, option } => (poll, VoteArgs::Choices(vec![option])),
        Click::Choices { poll } => match &c.data.kind {
            ComponentInteractionDataKind::StringSelect { values } => (poll, choices_answer(values)),
            _ => (poll, choices_answer(&[])),
        },
        Click::OpenBallot { poll } => return open_ballot(shared, ctx, &c, poll, None).await,
        Click::Page { poll, page } => return open_ballot(shared, ctx, &c, poll, Some(page)).await,
        Click::Grade { poll, option } => {
            if let ComponentInteractionDataKind::StringSelect { values } = &c.data.kind
                && let Some(grade) = values.first().and_then(|v| v.parse::<usize>().ok())
            {
                let mut drafts = crate::lock(&shared.drafts);
                let draft = drafts.entry((user, poll)).or_default();
                if draft.len() < option {
                    draft.resize(option, None);
                }
                draft[option - 1] = Some(grade);
            }
            // Nothing to show: the menu keeps the choice until the ballot is sent.
            let _ = c
                .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
                .await;
            return;
        }
        Click::Submit { poll } => {
            let draft = crate::lock(&shared.drafts)
                .remove(&(user, poll))
                .unwrap_or_default();
            (poll, judgment_answer(&draft))
        }
    };
    let deferred = c.defer_ephemeral(&ctx.http).await.is_ok();
    let event = Event::PollAnswer(PollAnswer {
        origin: component_origin(shared, ctx, &c).await,
        poll,
        answer: answer_given,
    });
    answer(shared, &ctx.http, &c, deferred, event, true).await;
}

/// A check-in button: the command it stands for, answered to the person alone.
async fn check_in(shared: &Shared, ctx: &Context, c: &ComponentInteraction, command: Command) {
    let deferred = c.defer_ephemeral(&ctx.http).await.is_ok();
    let event = Event::Command(CommandEvent {
        origin: component_origin(shared, ctx, c).await,
        command: Ok(command),
        attachments: Vec::new(),
    });
    answer(shared, &ctx.http, c, deferred, event, true).await;
}

/// Who clicked, where, and the interaction's id.
async fn component_origin(shared: &Shared, ctx: &Context, c: &ComponentInteraction) -> Origin {
    let actor = actor(
        shared,
        ctx,
        &c.user,
        c.member.as_ref(),
        c.guild_id,
        c.channel_id,
        &c.locale,
    )
    .await;
    Origin {
        event_id: c.id.to_string(),
        actor,
        place: place(c.guild_id, c.channel_id),
    }
}

/// Opens the ephemeral judgment ballot (`page` `None`: a fresh one), or turns it to `page`:
/// one grade menu per option, four per page, then the buttons.
async fn open_ballot(
    shared: &Shared,
    ctx: &Context,
    c: &ComponentInteraction,
    number: u32,
    page: Option<usize>,
) {
    let cohort = cohort_of(shared, c.guild_id, c.channel_id, &c.user).await;
    let poll = match (&cohort, shared.engine.store().pool().acquire().await) {
        (Some(cohort), Ok(mut conn)) => store::polls::by_number(&mut conn, cohort.id, number)
            .await
            .ok()
            .flatten(),
        _ => None,
    };
    let lang = Lang::parse(&c.locale)
        .or(cohort.as_ref().map(|c| c.language))
        .unwrap_or_default();
    let reply = match poll {
        Some(p) => {
            let key = (c.user.id.get(), number);
            let draft = {
                let mut drafts = crate::lock(&shared.drafts);
                if page.is_none() {
                    drafts.insert(key, vec![None; p.options.len()]);
                }
                drafts.entry(key).or_default().clone()
            };
            let page = page.unwrap_or(1);
            let pages = ballot_pages(p.options.len());
            let content = if pages > 1 {
                Msg::new("discord-ballot-page")
                    .arg("question", p.question.as_str())
                    .arg("page", page.min(pages))
                    .arg("pages", pages)
                    .render(lang)
            } else {
                p.question.clone()
            };
            CreateInteractionResponseMessage::new()
                .allowed_mentions(no_mentions())
                .content(truncate(&content, MAX_CONTENT))
                .components(judgment_ballot(number, &p.options, page, &draft, lang))
        }
        None => CreateInteractionResponseMessage::new().content(
            Msg::new("poll-error-no-such")
                .arg("number", number)
                .render(lang),
        ),
    };
    // A new ballot is a new ephemeral message; turning a page rewrites the ballot in place.
    let response = match page {
        None => CreateInteractionResponse::Message(reply.ephemeral(true)),
        Some(_) => CreateInteractionResponse::UpdateMessage(reply),
    };
    if let Err(e) = c.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not show a judgment ballot");
    }
}
