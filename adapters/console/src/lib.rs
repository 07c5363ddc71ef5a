//! The terminal chat: try and rehearse a cohort locally, interactively or from a piped script.
//!
//! Each input line is a chat message from the current speaker; lines starting with `:` are the
//! console's own (`:as`, `:dm`, `:salon`, `:advance`, `:attach`, `:quit`). With a simulated
//! clock (`--now`), `:advance` moves time and delivers everything that falls due, in order.

mod meta;
mod transcript;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use bot::clock::{Clock, SimClock, SystemClock};
use bot::dispatch::{Deliver, DeliveryError, deliver_pending};
use bot::domain::{Lang, Role};
use bot::engine::{Actor, Attachment, Engine, Event, IncomingMessage, Place};
use bot::i18n::{Localizer, Msg};
use bot::ids::{Identity, Platform, RoomRef};
use bot::programme::Programme;
use bot::schedule::utc_to_local;
use bot::store::{self, Destination, ImportReport, OutboxMessage, Store};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

pub use meta::Meta;
pub use transcript::Transcript;

/// The console's one room, linked to the cohort being tried.
pub const CONSOLE_ROOM: &str = "salon";

/// How the console starts.
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// The SQLite file.
    pub db: PathBuf,
    /// A programme to import (and link to the console room) before starting.
    pub programme: Option<PathBuf>,
    /// Start a simulated clock at this instant; `None` uses the real clock.
    pub now: Option<DateTime<Utc>>,
    /// Where deliverable files, calendars and data exports are kept.
    pub data_dir: PathBuf,
    /// Keep a transcript of delivered messages (and never show one twice across restarts).
    pub transcript: Option<PathBuf>,
    /// Serve the web space too, on the same engine and clock (`--web 127.0.0.1:8080`): `!web`
    /// links are printed as private messages, and what a page does is printed as it happens.
    pub web: Option<compagnon_web::WebConfig>,
    /// What makes the web space's downloads (the binary's exports).
    pub records: Option<Arc<dyn compagnon_web::Records>>,
}

/// Prints what the bot says, addressed the way a person reads it.
struct Printer<W: Write + Send> {
    out: Mutex<W>,
    lang: Lang,
    transcript: Option<Mutex<Transcript>>,
    /// A pause after each delivery, so tests can stop the process in the middle of a dispatch.
    delay: Option<std::time::Duration>,
}

impl<W: Write + Send> Printer<W> {
    fn line(&self, text: &str) {
        let mut out = self.out.lock().expect("console output lock");
        // A closed pipe (`| head`) is not worth crashing over.
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    fn msg(&self, msg: Msg) {
        self.line(&msg.render(self.lang));
    }
}

impl<W: Write + Send> Deliver for Printer<W> {
    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        if let Some(t) = &self.transcript
            && t.lock().expect("transcript lock").contains(&msg.key)
        {
            return Ok(());
        }
        let header = match &msg.destination {
            Destination::Room(_) => Msg::new("console-to-room"),
            Destination::Direct(who) => Msg::new("console-to-dm").arg("name", who.user.as_str()),
            Destination::Space(space) => Msg::new("console-to-space")
                .arg("group", space.group)
                .arg("atelier", space.atelier),
        };
        let mut text = header.render(self.lang);
        // A terminal cannot edit what it printed: say that this replaces an earlier message.
        if msg.replaces.is_some() {
            text.push_str(&Msg::new("console-update").render(self.lang));
        }
        for line in msg.body.lines() {
            text.push_str("\n  ");
            text.push_str(line);
        }
        for path in &msg.attachments {
            text.push_str(&format!("\n  📎 {path}"));
        }
        self.line(&text);
        if let Some(t) = &self.transcript {
            t.lock()
                .expect("transcript lock")
                .record(&msg.key, &msg.destination.to_string(), &msg.body)
                .map_err(|e| DeliveryError::Retry(format!("transcript: {e}")))?;
        }
        if let Some(delay) = self.delay {
            tokio::time::sleep(delay).await;
        }
        Ok(())
    }
}

struct Session<W: Write + Send> {
    engine: Engine,
    sim: Option<SimClock>,
    tz: Tz,
    printer: Printer<W>,
    speaker: Actor,
    in_dm: bool,
    pending_attachments: Vec<Attachment>,
    counter: u64,
    run_id: String,
    /// The web space is served beside: print what its pages cause as it happens.
    web: bool,
}

/// The cohort the console room serves at start, and how the console speaks of it.
struct Setting {
    lang: Lang,
    tz: Tz,
    /// The programme imported at start, with what the import changed.
    imported: Option<(Programme, ImportReport)>,
}

impl Default for Setting {
    /// Before any cohort is known the console speaks French, on Paris time.
    fn default() -> Self {
        Setting {
            lang: Lang::Fr,
            tz: chrono_tz::Europe::Paris,
            imported: None,
        }
    }
}

/// Runs the console on `input`, writing to `output`, until `:quit` or the end of input.
pub async fn run<R, W>(options: ConsoleOptions, input: R, output: W) -> Result<()>
where
    R: AsyncBufRead + Unpin,
    W: Write + Send,
{
    let store = Store::open(&options.db)
        .await
        .with_context(|| format!("opening database {}", options.db.display()))?;
    let sim = options.now.map(SimClock::new);
    let clock: Arc<dyn Clock> = match &sim {
        Some(s) => Arc::new(s.clone()),
        None => Arc::new(SystemClock),
    };
    let mut engine = Engine::new(store.clone(), clock.clone()).with_data_dir(&options.data_dir);
    if let Some(web) = &options.web {
        let mut settings = engine.settings().clone();
        settings.web_url = Some(web.base_url());
        engine = engine.with_settings(settings);
    }
    // Temporary files left by a crash in the middle of storing a deliverable.
    let _ = engine.settings().file_store().cleanup_temp();
    let room = RoomRef::new(Platform::Console, CONSOLE_ROOM);

    let setting = match &options.programme {
        Some(path) => import_and_link(&store, clock.as_ref(), &room, path).await?,
        None => find_cohort(&store, clock.as_ref(), &room).await?,
    };
    let printer = Printer::open(output, setting.lang, options.transcript.as_deref())?;
    greet(&printer, &store, &room, setting.imported.as_ref()).await?;

    let web = match options.web {
        Some(web) => Some(start_web(web, engine.clone(), options.records.clone()).await?),
        None => None,
    };
    let mut session = Session::new(engine, sim, setting.tz, printer);
    session.web = web.is_some();
    if session.sim.is_some() {
        session.show_clock();
    }
    // Whatever fell due while the bot was not running goes out first (late, or skipped).
    session.fire_and_deliver().await?;
    let served = session.serve(input).await;
    if let Some((stop, task)) = web {
        let _ = stop.send(());
        task.await.context("the web space's task")??;
    }
    served
}

type WebTask = (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<()>>,
);

/// Binds the web space's address and serves it until the console stops.
async fn start_web(
    web: compagnon_web::WebConfig,
    engine: Engine,
    records: Option<Arc<dyn compagnon_web::Records>>,
) -> Result<WebTask> {
    let listener = tokio::net::TcpListener::bind(web.listen)
        .await
        .with_context(|| format!("cannot listen on {} for the web space", web.listen))?;
    eprintln!("web: {}", web.base_url());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        compagnon_web::serve_on(listener, engine, &web, records, async {
            let _ = stopped.await;
        })
        .await
    });
    Ok((stop, task))
}

/// Imports the programme at `path` and links it to the console room, in one transaction.
///
/// A programme with problems is refused: each is printed to stderr as `path:line:column`.
async fn import_and_link(
    store: &Store,
    clock: &dyn Clock,
    room: &RoomRef,
    path: &Path,
) -> Result<Setting> {
    let parsed = bot::files::read_programme(path)
        .with_context(|| format!("reading programme {}", path.display()))?;
    let programme = match parsed {
        Ok(p) => p,
        Err(problems) => {
            // No cohort yet, so its language is unknown.
            let lang = Setting::default().lang;
            for p in &problems {
                eprintln!(
                    "{}:{}:{}: {}",
                    path.display(),
                    p.line,
                    p.column,
                    p.message.render(lang)
                );
            }
            bail!("the programme file has {} problem(s)", problems.len());
        }
    };
    let mut tx = store.begin().await?;
    let report = store::import_programme(&mut tx, &programme, clock.now()).await?;
    store::cohorts::link_room(&mut tx, room, report.cohort, clock.now()).await?;
    tx.commit().await?;
    Ok(Setting {
        lang: programme.cohort.language,
        tz: programme.cohort.timezone,
        imported: Some((programme, report)),
    })
}

/// The cohort linked to the console room; if none is, and the database holds exactly one
/// cohort, links that one, so a database with a single cohort needs no setup.
async fn find_cohort(store: &Store, clock: &dyn Clock, room: &RoomRef) -> Result<Setting> {
    let mut conn = store.pool().acquire().await?;
    let cohort = match store::cohorts::room_cohort(&mut conn, room).await? {
        Some(c) => Some(c),
        None => {
            let all = store::cohorts::all_cohorts(&mut conn).await?;
            match all.as_slice() {
                [only] => {
                    store::cohorts::link_room(&mut conn, room, only.id, clock.now()).await?;
                    Some(only.clone())
                }
                _ => None,
            }
        }
    };
    Ok(match cohort {
        Some(c) => Setting {
            lang: c.language,
            tz: c.timezone,
            imported: None,
        },
        None => Setting::default(),
    })
}

impl<W: Write + Send> Printer<W> {
    /// A printer on `output`, keeping the transcript at `transcript` if asked.
    fn open(output: W, lang: Lang, transcript: Option<&Path>) -> Result<Self> {
        let transcript = match transcript {
            Some(path) => {
                Some(Mutex::new(Transcript::open(path).with_context(|| {
                    format!("opening transcript {}", path.display())
                })?))
            }
            None => None,
        };
        let delay = std::env::var("COMPAGNON_CONSOLE_DELIVERY_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map(std::time::Duration::from_millis);
        Ok(Printer {
            out: Mutex::new(output),
            lang,
            transcript,
            delay,
        })
    }
}

/// Welcomes the user and says what the console serves: the programme just imported, or
/// that no cohort is linked yet.
async fn greet<W: Write + Send>(
    printer: &Printer<W>,
    store: &Store,
    room: &RoomRef,
    imported: Option<&(Programme, ImportReport)>,
) -> Result<()> {
    printer.msg(Msg::new("console-welcome"));
    let mut conn = store.pool().acquire().await?;
    match imported {
        Some((p, report)) => {
            let jobs = store::jobs::pending_for_cohort(&mut conn, report.cohort)
                .await?
                .len();
            printer.msg(
                Msg::new("console-imported")
                    .arg("title", p.cohort.title.as_str())
                    .arg("ateliers", p.ateliers.len())
                    .arg("jobs", jobs),
            );
        }
        None => {
            if store::cohorts::room_cohort(&mut conn, room)
                .await?
                .is_none()
            {
                printer.msg(Msg::new("console-no-cohort"));
            }
        }
    }
    Ok(())
}

impl<W: Write + Send> Session<W> {
    /// A session in the console room, speaking as a facilitator named "moi".
    fn new(engine: Engine, sim: Option<SimClock>, tz: Tz, printer: Printer<W>) -> Self {
        Session {
            engine,
            sim,
            tz,
            printer,
            speaker: Actor {
                identity: Identity::new(Platform::Console, "moi"),
                display_name: "moi".into(),
                role_hint: Some(Role::Facilitator),
                locale_hint: None,
            },
            in_dm: false,
            pending_attachments: Vec::new(),
            counter: 0,
            web: false,
            // Distinguishes this run's events from an earlier run's on the same database.
            run_id: format!("{}", Utc::now().timestamp_nanos_opt().unwrap_or_default()),
        }
    }

    /// Reads `input` line by line until `:quit` or its end; on the real clock, also fires
    /// due jobs every 15 seconds, since nothing else would move time forward.
    async fn serve<R: AsyncBufRead + Unpin>(&mut self, input: R) -> Result<()> {
        let mut lines = input.lines();
        let mut ticker = tokio::time::interval(std::time::Duration::from_secs(15));
        let mut web_ticker = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            tokio::select! {
                line = lines.next_line() => {
                    let Some(line) = line? else { break };
                    if !self.handle_line(&line).await? {
                        break;
                    }
                }
                _ = ticker.tick(), if self.sim.is_none() => {
                    self.fire_and_deliver().await?;
                }
                // What a web page did (a feedback's private message, a receipt) is printed as it
                // happens, without firing jobs: the simulated clock moves only with `:advance`.
                _ = web_ticker.tick(), if self.web => {
                    self.deliver().await?;
                }
            }
        }
        Ok(())
    }

    fn show_clock(&self) {
        let now = self.engine.now();
        let local = utc_to_local(self.tz, now);
        let when = Localizer::global().datetime(self.printer.lang, local);
        self.printer
            .msg(Msg::new("console-clock").arg("when", when));
    }

    async fn deliver(&self) -> Result<()> {
        let engine = &self.engine;
        deliver_pending(
            engine.store(),
            Platform::Console,
            &self.printer,
            10_000,
            || engine.now(),
        )
        .await?;
        Ok(())
    }

    async fn fire_and_deliver(&self) -> Result<bot::runner::Pass> {
        Ok(bot::runner::pass(&self.engine, Platform::Console, &self.printer, 10_000).await?)
    }

    /// Handles one input line; `false` to stop.
    async fn handle_line(&mut self, line: &str) -> Result<bool> {
        if let Some(meta) = meta::parse(line) {
            return self.handle_meta(meta).await;
        }
        if line.trim().is_empty() {
            return Ok(true);
        }
        self.counter += 1;
        let place = if self.in_dm {
            Place::Direct
        } else {
            Place::Room(RoomRef::new(Platform::Console, CONSOLE_ROOM))
        };
        let event = Event::Message(IncomingMessage {
            event_id: format!("{}-{}", self.run_id, self.counter),
            actor: self.speaker.clone(),
            place,
            text: line.to_owned(),
            attachments: std::mem::take(&mut self.pending_attachments),
        });
        self.engine.handle(event).await?;
        self.deliver().await?;
        Ok(true)
    }

    async fn handle_meta(&mut self, meta: Meta) -> Result<bool> {
        match meta {
            Meta::Quit => return Ok(false),
            Meta::Help => self.printer.msg(Msg::new("console-meta-help")),
            Meta::As { name, role } => self.speak_as(name, role),
            Meta::Dm => {
                self.in_dm = true;
                self.printer.msg(Msg::new("console-place-dm"));
            }
            Meta::Room => {
                self.in_dm = false;
                self.printer.msg(Msg::new("console-place-room"));
            }
            Meta::Attach(path) => self.attach(path),
            Meta::Advance(by) => self.advance(by).await?,
            Meta::BadDuration(input) => self
                .printer
                .msg(Msg::new("console-bad-duration").arg("input", input)),
            Meta::Unknown(input) => self
                .printer
                .msg(Msg::new("console-unknown-meta").arg("input", input)),
        }
        Ok(true)
    }

    /// `:as`: the next lines come from `name`, with the role their platform would signal.
    fn speak_as(&mut self, name: String, role: Option<Role>) {
        self.speaker = Actor {
            identity: Identity::new(Platform::Console, name.as_str()),
            display_name: name.clone(),
            role_hint: role,
            locale_hint: None,
        };
        let role_id = match role.unwrap_or(Role::Participant) {
            Role::Observer => "role-observer",
            Role::Participant => "role-participant",
            Role::Facilitator => "role-facilitator",
        };
        self.printer.msg(
            Msg::new("console-speaker")
                .arg("name", name)
                .arg("role", Msg::new(role_id)),
        );
    }

    /// `:attach`: reads the file now and keeps it for the next message.
    fn attach(&mut self, path: String) {
        match read_attachment(&path, self.engine.settings().file_limits.max_file_bytes) {
            Ok(attachment) => {
                let size = attachment
                    .declared_size
                    .unwrap_or(attachment.bytes.len() as u64);
                self.printer.msg(
                    Msg::new("console-attached")
                        .arg("name", attachment.file_name.as_str())
                        .arg("size", size),
                );
                self.pending_attachments.push(attachment);
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => self
                .printer
                .msg(Msg::new("console-attach-not-a-file").arg("path", path)),
            Err(e) => self.printer.msg(
                Msg::new("console-attach-failed")
                    .arg("path", path)
                    .arg("error", e.to_string()),
            ),
        }
    }

    /// `:advance`: moves the simulated clock `by` ahead, delivering what falls due on the way.
    async fn advance(&mut self, by: Duration) -> Result<()> {
        let Some(sim) = self.sim.clone() else {
            self.printer.msg(Msg::new("console-advance-needs-now"));
            return Ok(());
        };
        let now = self.engine.now();
        let target = match self.engine.settings().limits.ahead(now, by) {
            Ok(t) => t,
            Err(refusal) => {
                self.printer.msg(refusal.0);
                return Ok(());
            }
        };
        // Step from one due job to the next so each message shows at its own time.
        loop {
            let next = {
                let mut conn = self.engine.store().pool().acquire().await?;
                store::jobs::next_due_at(&mut conn).await?
            };
            match next {
                Some(t) if t <= target => {
                    if t > self.engine.now() {
                        sim.set(t);
                        self.show_clock();
                    }
                    // A pass that moves nothing would find the same job again.
                    if self.fire_and_deliver().await?.is_idle() {
                        break;
                    }
                }
                _ => break,
            }
        }
        // The clock line was already shown if the last job fell due exactly at the end.
        if self.engine.now() != target {
            sim.set(target);
            self.show_clock();
        }
        Ok(())
    }
}

/// Reads a file to attach: only a regular file, and never more than `max` + 1 bytes (so
/// `/dev/zero` or a huge file cannot hang the console). A file over `max` is passed on
/// unread with its size, for the engine to refuse with its usual message.
fn read_attachment(path: &str, max: u64) -> std::io::Result<Attachment> {
    use std::io::Read;
    let file_name = PathBuf::from(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned());
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > max {
        return Ok(Attachment::not_downloaded(file_name, meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Attachment::not_downloaded(file_name, bytes.len() as u64));
    }
    Ok(Attachment::new(file_name, bytes))
}
