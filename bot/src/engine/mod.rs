//! The engine: turns an [`Event`] into state changes and outbox messages, in one transaction.
//!
//! Adapters never decide: they translate platform events into [`Event`]s, call
//! [`Engine::handle`], and deliver what the outbox then holds (see [`crate::dispatch`]).

mod accounts;
mod atelier_changes;
mod attendance;
mod audience;
mod cohort;
mod context;
mod decisions;
mod deliverables;
mod evaluation;
mod event;
mod extensions;
mod followup;
mod group;
mod groups;
mod help;
mod info;
mod jobs;
mod language;
mod maintenance;
mod personal_data;
mod polls;
mod preparation;
mod rate;
mod reminders;
mod render;
mod resources;
mod review;
mod web;

pub use event::{
    Actor, Attachment, CommandEvent, Event, IncomingMessage, Origin, Place, PollAnswer, Reaction,
    RoleChange,
};
pub use jobs::{FiredJobs, MAX_JOB_ATTEMPTS};
pub use maintenance::Housekeeping;
pub use web::{PollView, ProgrammeImport, WebAnswer, web_identity};

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::clock::Clock;
use crate::command::{self, Command, ParseError};
use crate::domain::Lang;
use crate::error::{EngineError, UserError};
use crate::i18n::Msg;
use crate::ids::{CohortId, MemberId};
use crate::store::{self, Destination, NewOutboxMessage, Store};
use context::Ctx;

/// What handling one event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Messages written to the outbox.
    pub messages: usize,
    /// The event had been handled before; nothing changed.
    pub duplicate: bool,
}

/// A message the engine decided to send, before it is rendered for its reader.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    to: Destination,
    member: Option<MemberId>,
    lang: Lang,
    msg: Msg,
    in_reply_to: Option<String>,
    attachments: Vec<String>,
    /// A fixed outbox key, for messages that later ones replace (poll announcements).
    key: Option<String>,
    /// The key of an earlier message this one replaces.
    replaces: Option<String>,
    /// Structured data for native rendering.
    extra: Option<store::MessageExtra>,
}

impl Reply {
    /// A private message to `member` of `cohort` (at `identity`), in their language.
    pub(crate) fn direct(
        identity: crate::ids::Identity,
        member: &crate::domain::Member,
        cohort: &crate::domain::Cohort,
        msg: Msg,
    ) -> Self {
        Reply {
            to: Destination::Direct(identity),
            member: Some(member.id),
            lang: member.language.unwrap_or(cohort.language),
            msg,
            in_reply_to: None,
            attachments: Vec::new(),
            key: None,
            replaces: None,
            extra: None,
        }
    }
}

/// A handler's failure: the person's mistake, or ours.
#[derive(Debug)]
pub(crate) enum Failure {
    User(UserError),
    Internal(EngineError),
}

impl From<UserError> for Failure {
    fn from(e: UserError) -> Self {
        Failure::User(e)
    }
}
impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Failure::Internal(e)
    }
}
impl From<store::StoreError> for Failure {
    fn from(e: store::StoreError) -> Self {
        Failure::Internal(e.into())
    }
}
impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Internal(e.into())
    }
}

pub(crate) type HandlerResult = Result<Vec<Reply>, Failure>;

/// The platform-free heart of compagnon.
#[derive(Debug, Clone)]
pub struct Engine {
    store: Store,
    clock: Arc<dyn Clock>,
    settings: Settings,
    group: Arc<group::GroupCommit>,
    /// When housekeeping last ran (unix seconds of the engine clock; 0 = never).
    last_housekeeping: Arc<std::sync::atomic::AtomicI64>,
    /// Commands per person per minute.
    rate: Arc<rate::RateLimiter>,
    /// What this engine last saw of the effects recorded, to skip the read when none were.
    effects: crate::effect::EffectsWatch,
    /// Rung after an atelier may have moved or been cancelled in chat (see
    /// [`Engine::ateliers_changed`]).
    ateliers_changed: Arc<tokio::sync::Notify>,
}

/// What a deployment may tune.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Folder for files the bot keeps or produces (deliverables, calendars, data exports).
    pub data_dir: PathBuf,
    /// What files a deliverable may hold.
    pub file_limits: crate::files::FileLimits,
    /// How long after its deadline a deliverable can still be handed in.
    pub submission_cut_off: chrono::Duration,
    /// Every bound a person can push on.
    pub limits: crate::limits::Limits,
    /// The web space's public address (`https://compagnon.example.org`), when it is served:
    /// `!web` links point there.
    pub web_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("data"),
            file_limits: crate::files::FileLimits::default(),
            submission_cut_off: chrono::Duration::days(30),
            limits: crate::limits::Limits::default(),
            web_url: None,
        }
    }
}

impl Settings {
    /// The content-addressed store of deliverable files.
    pub fn file_store(&self) -> crate::files::FileStore {
        crate::files::FileStore::new(self.data_dir.join("files"))
    }
}

impl Engine {
    /// An engine on `store`, reading time from `clock`.
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Engine {
            store,
            clock,
            settings: Settings::default(),
            group: Arc::new(group::GroupCommit::default()),
            last_housekeeping: Arc::new(std::sync::atomic::AtomicI64::new(0)),
            rate: Arc::new(rate::RateLimiter::default()),
            effects: Default::default(),
            ateliers_changed: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// Notified once a command that may have moved or cancelled an atelier has committed, so
    /// that an adapter publishing ateliers elsewhere (Discord's scheduled events) re-publishes
    /// at once rather than at its next periodic pass. One waiter is expected; a notification
    /// nobody waits for is kept for the next wait.
    pub fn ateliers_changed(&self) -> Arc<tokio::sync::Notify> {
        self.ateliers_changed.clone()
    }

    /// Sets the folder for files the bot keeps or produces (deliverables, calendars).
    pub fn with_data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.settings.data_dir = dir.into();
        self
    }

    /// Replaces every setting.
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The current instant, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Handles one event: checks, changes state, and writes every answer to the outbox, all in
    /// one transaction. An event already handled (same platform event id) changes nothing.
    pub async fn handle(&self, event: Event) -> Result<Outcome, EngineError> {
        let (origin, parsed, attachments) = match event {
            Event::Message(msg) => {
                let origin = msg.origin();
                match read_message(&msg) {
                    Some(parsed) => (origin, parsed, msg.attachments),
                    None => return Ok(Outcome::default()),
                }
            }
            Event::Command(c) => (c.origin, c.command, c.attachments),
            Event::PollAnswer(a) => (
                a.origin,
                Ok(Command::Vote {
                    poll: Some(a.poll),
                    vote: a.answer,
                }),
                Vec::new(),
            ),
            // A reaction means something only on a message that asks for one (a check-in);
            // otherwise it changes nothing and is not answered, like ordinary conversation.
            Event::Reaction(r) => match self.reaction_command(&r).await? {
                Some(command) => {
                    // Answered privately: thirty confirmations in the room would drown it.
                    let mut origin = r.origin;
                    origin.place = Place::Direct;
                    (origin, Ok(command), Vec::new())
                }
                None => return Ok(Outcome::default()),
            },
            Event::RoleChange(change) => return self.change_role(change).await,
        };
        let prepared_files = self.prepare_files(&parsed, attachments).await?;
        let moves_ateliers = matches!(
            parsed,
            Ok(Command::MoveAtelier { .. } | Command::CancelAtelier { .. })
        );
        let outcome = self
            .group
            .run(
                self,
                group::Item {
                    origin,
                    parsed,
                    prepared_files,
                },
            )
            .await?;
        if moves_ateliers && !outcome.duplicate {
            self.ateliers_changed.notify_one();
        }
        Ok(outcome)
    }

    /// The command a reaction stands for: ✅ or ⏳ on a check-in message, ✅ 💻 📍 on the opening
    /// of attendance.
    async fn reaction_command(&self, r: &Reaction) -> Result<Option<Command>, EngineError> {
        let mut conn = self.store.connection().await?;
        let extra = store::outbox::by_platform_id(&mut conn, &r.message)
            .await?
            .and_then(|m| m.extra);
        let emoji = r.emoji.trim_end_matches('\u{FE0F}');
        let atelier = match extra {
            Some(store::MessageExtra::CheckIn { atelier }) => atelier,
            Some(store::MessageExtra::Attendance { .. }) => {
                use crate::domain::AttendanceMode::{OnSite, Remote};
                return Ok(match emoji {
                    "✅" | "✔" | "👍" | "🙋" => Some(Command::Present { mode: None }),
                    "💻" | "🖥" => Some(Command::Present { mode: Some(Remote) }),
                    "📍" | "🏫" | "🏢" => Some(Command::Present { mode: Some(OnSite) }),
                    _ => None,
                });
            }
            _ => return Ok(None),
        };
        Ok(match emoji {
            "✅" | "✔" | "👍" => Some(Command::Ready { atelier }),
            "⏳" | "⌛" => Some(Command::NotYet { atelier }),
            // A question needs words: how to ask it comes back privately.
            "❓" | "❔" => Some(Command::Help {
                topic: Some(command::CommandName::Ask),
            }),
            _ => None,
        })
    }

    /// Stores the files of a submission before its transaction begins (files before rows).
    async fn prepare_files(
        &self,
        parsed: &Result<Command, ParseError>,
        attachments: Vec<Attachment>,
    ) -> Result<Option<group::PreparedFiles>, EngineError> {
        let carries_files = matches!(
            parsed,
            Ok(Command::Submit { .. }
                | Command::Decision(crate::command::DecisionAction::Propose { .. }))
        );
        if attachments.is_empty() || !carries_files {
            return Ok(None);
        }
        let settings = self.settings.clone();
        let stored =
            tokio::task::spawn_blocking(move || deliverables::store_files(&settings, &attachments))
                .await
                .map_err(|source| EngineError::Task {
                    what: "storing a submission's files",
                    source,
                })?;
        Ok(Some(stored?))
    }

    /// Records a role the platform now gives someone in a cohort's room. Only members already
    /// known change: a role alone does not make someone a member.
    async fn change_role(&self, change: RoleChange) -> Result<Outcome, EngineError> {
        let Place::Room(room) = &change.origin.place else {
            return Ok(Outcome::default());
        };
        let mut tx = self.store.begin().await?;
        let changed = store::members::set_role_in_room(
            &mut tx,
            room,
            &change.origin.actor.identity,
            change.role,
        )
        .await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        if changed {
            tracing::info!(role = ?change.role, "a member's role changed on the platform");
        }
        Ok(Outcome::default())
    }

    /// Handles one queued event inside the batch's transaction (see [`group`]). Its changes sit
    /// in the savepoint `event`, which the caller opened and releases (or rolls back if this
    /// returns an error).
    async fn handle_in(
        &self,
        tx: &mut SqliteConnection,
        item: &group::Item,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let msg = &item.origin;
        let event_key = format!("{}:{}", msg.actor.identity.platform, msg.event_id);
        if !store::mark_handled(&mut *tx, &event_key, now).await? {
            return Ok(Outcome {
                messages: 0,
                duplicate: true,
            });
        }
        let mut ctx = Ctx::resolve(&mut *tx, msg, now, &self.settings).await?;
        ctx.prepared_files = item.prepared_files.clone();
        let verdict = self.rate.check(
            &msg.actor.identity.to_string(),
            now,
            self.settings.limits.commands_per_minute,
        );
        let replies = match (verdict, item.parsed.clone()) {
            (rate::Verdict::Ignore, _) => Ok(Vec::new()),
            (rate::Verdict::Refuse, _) => Err(Failure::User(UserError(
                Msg::new("error-rate-limited").arg("max", self.settings.limits.commands_per_minute),
            ))),
            (rate::Verdict::Allow, parsed) => match parsed {
                Ok(cmd) => match ctx.authorize(&cmd) {
                    Ok(()) => run_command(&mut *tx, &ctx, cmd).await,
                    Err(refusal) => Err(Failure::User(refusal)),
                },
                Err(e) => Ok(vec![ctx.reply(parse_error_msg(&e, ctx.lang))]),
            },
        };
        let replies = match replies {
            Ok(r) => r,
            Err(Failure::User(UserError(m))) => {
                // A refusal changes nothing: undo the whole event (the caller's savepoint), then
                // record again only that it was seen, and the speaker if they just joined. Done
                // this way round, accepted commands — the common case — need no inner savepoint.
                store::rollback_to(&mut *tx, store::Savepoint::Event).await?;
                store::mark_handled(&mut *tx, &event_key, now).await?;
                ctx = Ctx::resolve(&mut *tx, msg, now, &self.settings).await?;
                // Files stored for a refused submission stay until housekeeping sweeps files
                // that nothing references: deleting them now could pull a file from under an
                // identical submission accepted in the same batch.
                vec![ctx.reply(m)]
            }
            Err(Failure::Internal(e)) => return Err(e),
        };
        let n = write_replies(
            &mut *tx,
            ctx.cohort.as_ref().map(|c| c.id),
            &event_key,
            &replies,
            now,
        )
        .await?;
        Ok(Outcome {
            messages: n,
            duplicate: false,
        })
    }

    /// Carries out the effects (files) that committed transactions recorded. Failures are
    /// logged: the effect stays recorded and the next delivery pass tries again.
    pub(crate) async fn apply_effects(&self) {
        if let Err(e) = crate::effect::apply_if_recorded(&self.store, &self.effects).await {
            tracing::error!(error = %e.report(), "carrying out effects failed; retried later");
        }
    }

    /// The rooms where the role of `identity` must be looked up before a command it sends by
    /// DM: those of the cohort the DM will be handled in (its most recently active membership).
    /// Adapters read the person's role there from the platform and pass it as the event's
    /// `role_hint`; without it, facilitators' commands are refused in DMs.
    pub async fn dm_cohort_rooms(
        &self,
        identity: &crate::ids::Identity,
    ) -> Result<Vec<crate::ids::RoomRef>, EngineError> {
        let mut conn = self.store.connection().await?;
        let Some((_, cohort)) = store::members::latest_membership(&mut conn, identity).await?
        else {
            return Ok(Vec::new());
        };
        Ok(store::cohorts::cohort_rooms(&mut conn, cohort.id).await?)
    }

    /// Writes the short localised notice shown when handling an event failed internally.
    pub async fn report_internal_error(
        &self,
        msg: &Origin,
        reference: &str,
    ) -> Result<(), EngineError> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let to = context::reply_destination(&msg.actor, &msg.place);
        let lang = msg.actor.locale_hint.unwrap_or_default();
        let body = Msg::new("error-internal")
            .arg("reference", reference)
            .render(lang);
        store::outbox::insert(
            &mut tx,
            &NewOutboxMessage {
                key: format!("error:{}:{}", msg.actor.identity.platform, msg.event_id),
                cohort: None,
                destination: to,
                member: None,
                body,
                attachments: Vec::new(),
                in_reply_to: Some(msg.event_id.clone()),
                job: None,
                replaces: None,
                extra: None,
            },
            now,
        )
        .await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(())
    }
}

/// The text a panic carried, for the log.
pub fn describe_panic(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic_message(panic)
}

/// The text a panic carried, for the log.
pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

async fn run_command(conn: &mut SqliteConnection, ctx: &Ctx<'_>, cmd: Command) -> HandlerResult {
    match cmd {
        Command::Help { topic } => help::help(ctx, topic),
        Command::Language { lang } => language::language(conn, ctx, lang).await,
        Command::Programme => info::programme(conn, ctx).await,
        Command::Atelier { number } => info::atelier(conn, ctx, number).await,
        Command::Next => info::next(conn, ctx).await,
        Command::References { atelier } => info::references(conn, ctx, atelier).await,
        Command::Remind { member, spec } => reminders::remind(conn, ctx, member, spec).await,
        Command::Reminders(action) => reminders::reminders(conn, ctx, action).await,
        Command::Later { delay } => reminders::later(conn, ctx, delay).await,
        Command::Calendar => info::calendar(conn, ctx).await,
        Command::CohortShow => cohort::show(ctx),
        Command::CohortLink { name } => cohort::link(conn, ctx, &name).await,
        Command::Submit { atelier, text } => deliverables::submit(conn, ctx, atelier, &text).await,
        Command::MyDeliverables => deliverables::mine(conn, ctx).await,
        Command::Deliverables { atelier } => deliverables::overview(conn, ctx, atelier).await,
        Command::Deliverable { atelier, member } => {
            deliverables::show(conn, ctx, atelier, &member).await
        }
        Command::Feedback {
            atelier,
            member,
            status,
            text,
        } => deliverables::feedback(conn, ctx, atelier, &member, status, &text).await,
        Command::Chase { atelier } => deliverables::chase(conn, ctx, atelier).await,
        Command::MyData => personal_data::export(conn, ctx).await,
        Command::ForgetMe { confirm } => personal_data::forget(conn, ctx, confirm).await,
        Command::Poll(args) => polls::open(conn, ctx, args).await,
        Command::Vote { poll, vote } => polls::vote(conn, ctx, poll, vote).await,
        Command::ClosePoll { poll } => polls::close(conn, ctx, poll).await,
        Command::Polls => polls::list(conn, ctx).await,
        Command::Ready { atelier } => {
            let ready = store::preparation::Readiness::Ready;
            preparation::check_in(conn, ctx, atelier, ready).await
        }
        Command::NotYet { atelier } => {
            let not_yet = store::preparation::Readiness::NotYet;
            preparation::check_in(conn, ctx, atelier, not_yet).await
        }
        Command::Ask { atelier, text } => preparation::ask(conn, ctx, atelier, &text).await,
        Command::Preparation { atelier } => preparation::overview(conn, ctx, atelier).await,
        Command::AnswerQuestion { question, text } => {
            preparation::answer(conn, ctx, question, &text).await
        }
        Command::Present { mode } => attendance::confirm(conn, ctx, mode).await,
        cmd @ Command::Evaluate { .. } => evaluation::rate_command(conn, ctx, cmd).await,
        Command::SelfAssess { pairs } => evaluation::self_assess(conn, ctx, &pairs).await,
        Command::Evaluation { atelier } => evaluation::results(conn, ctx, atelier).await,
        Command::Extension(action) => extensions::handle(conn, ctx, action).await,
        Command::TimeZone { zone } => language::timezone(conn, ctx, zone.as_deref()).await,
        Command::FollowUp { member } => followup::run(conn, ctx, member).await,
        Command::Attendance { atelier, mark } => match mark {
            None => attendance::sheet(conn, ctx, atelier).await,
            Some(mark) => attendance::mark(conn, ctx, atelier, &mark).await,
        },
        cmd @ (Command::MoveAtelier { .. } | Command::CancelAtelier { .. }) => {
            atelier_changes::handle(conn, ctx, cmd).await
        }
        Command::LinkAccount { code } => accounts::link_account(conn, ctx, code).await,
        Command::Web { sign_out } => web::web(conn, ctx, sign_out).await,
        cmd @ (Command::Groups(_)
        | Command::Profile { .. }
        | Command::Resource(_)
        | Command::GiveReview { .. }
        | Command::ReviewProgress { .. }
        | Command::Decision(_)) => working_together(conn, ctx, cmd).await,
    }
}

/// `msg` in each of the cohort's rooms.
pub(crate) async fn to_cohort_rooms(
    conn: &mut SqliteConnection,
    cohort: &crate::domain::Cohort,
    msg: &Msg,
) -> Result<Vec<Reply>, store::StoreError> {
    Ok(store::cohorts::cohort_rooms(conn, cohort.id)
        .await?
        .into_iter()
        .map(|room| Reply {
            to: Destination::Room(room),
            member: None,
            lang: cohort.language,
            msg: msg.clone(),
            in_reply_to: None,
            attachments: Vec::new(),
            key: None,
            replaces: None,
            extra: None,
        })
        .collect())
}

/// The commands of working together: groups and profiles, the pool of resources, peer review.
async fn working_together(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    cmd: Command,
) -> HandlerResult {
    match cmd {
        Command::Groups(action) => groups::handle(conn, ctx, action).await,
        Command::Profile { structure, kind } => groups::profile(conn, ctx, structure, kind).await,
        Command::Resource(action) => resources::handle(conn, ctx, action).await,
        Command::Decision(action) => decisions::handle(conn, ctx, action).await,
        cmd => review::run(conn, ctx, cmd).await,
    }
}

/// The command a chat message gives, if it gives one. A file sent privately without a command
/// is most likely a deliverable: its sender is shown how to hand it in.
fn read_message(msg: &IncomingMessage) -> Option<Result<Command, ParseError>> {
    match command::parse(&msg.text) {
        Some(parsed) => Some(parsed),
        None if msg.place == Place::Direct && !msg.attachments.is_empty() => {
            Some(Err(ParseError::Usage {
                command: command::CommandName::Submit,
            }))
        }
        None => None,
    }
}

fn parse_error_msg(e: &ParseError, lang: Lang) -> Msg {
    match e {
        ParseError::Unknown { word, suggestion } => match suggestion {
            Some(name) => Msg::new("error-unknown-command-suggest")
                .arg("command", word.as_str())
                .arg("suggestion", command::spec(*name).canonical(lang))
                .arg("usage", help::usage(*name)),
            None => Msg::new("error-unknown-command").arg("command", word.as_str()),
        },
        ParseError::Usage { command } => {
            Msg::new("error-usage").arg("usage", help::usage(*command))
        }
        ParseError::UnclosedQuote => Msg::new("error-unclosed-quote"),
    }
}

async fn write_replies(
    conn: &mut SqliteConnection,
    cohort: Option<CohortId>,
    key_prefix: &str,
    replies: &[Reply],
    now: DateTime<Utc>,
) -> Result<usize, EngineError> {
    let mut n = 0;
    for (i, r) in replies.iter().enumerate() {
        // Written privately to someone living in another zone: their time beside the cohort's.
        let zones = match (&r.to, r.member) {
            (Destination::Direct(_), Some(m)) => store::members::zones(conn, m).await?,
            _ => None,
        };
        let msg = match zones {
            Some((cohort_zone, theirs)) => r.msg.clone().in_zones(cohort_zone, theirs),
            None => r.msg.clone(),
        };
        let written = store::outbox::insert(
            conn,
            &NewOutboxMessage {
                key: r
                    .key
                    .clone()
                    .unwrap_or_else(|| format!("reply:{key_prefix}:{i}")),
                cohort,
                destination: r.to.clone(),
                member: r.member,
                body: msg.render(r.lang),
                attachments: r.attachments.clone(),
                in_reply_to: r.in_reply_to.clone(),
                job: None,
                replaces: r.replaces.clone(),
                extra: r.extra.clone(),
            },
            now,
        )
        .await?;
        n += usize::from(written);
    }
    Ok(n)
}
