//! `compagnon run`: the long-running bot. Imports the configured programmes (a programme that
//! cannot be applied is refused by name and the cohort kept as it was), starts the configured
//! adapters on one engine, and stops them all on Ctrl-C, SIGTERM, or the first one to fail.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use bot::clock::{Clock, SystemClock};
use bot::engine::Engine;
use bot::store::{self, Store};

use crate::config::Config;

/// Imports the configured programmes, then runs the scheduler until Ctrl-C.
pub async fn run(config: Config) -> Result<()> {
    let store = Store::open(&config.database)
        .await
        .with_context(|| format!("opening database {}", config.database.display()))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    for path in &config.programmes {
        import_or_keep(&store, path, clock.now()).await?;
    }
    let settings = bot::engine::Settings {
        data_dir: config.data_dir.clone(),
        limits: config.limits.clone(),
        web_url: config.web.as_ref().map(compagnon_web::WebConfig::base_url),
        ..bot::engine::Settings::default()
    };
    let engine = Engine::new(store, clock).with_settings(settings);
    // Temporary files of deliverables a crash interrupted: nobody is writing yet.
    match engine.settings().file_store().cleanup_temp() {
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot clean temporary files"),
    }
    // Each adapter runs the scheduler too (a job is fired once, whoever fires it) and drains
    // the outbox rows of its own platform. One shutdown signal stops them all.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let stop = Arc::new(stop);
    let on_signal = Arc::clone(&stop);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = on_signal.send(true);
    });
    let until_stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let web = start_web(config.web, &engine, &stop, until_stopped(stopped.clone())).await?;
    let chat = run_chat(config.matrix, config.discord, engine, &stop, stopped).await;
    let _ = stop.send(true);
    let web = match web {
        Some(task) => task.await.context("the web space's task")?,
        None => Ok(()),
    };
    chat.and(web)
}

/// Binds the web space's address (a port already taken stops the start, before any chat
/// adapter connects) and serves it until the stop; a web space that fails stops the rest.
async fn start_web(
    web: Option<compagnon_web::WebConfig>,
    engine: &Engine,
    stop: &Arc<tokio::sync::watch::Sender<bool>>,
    until_stopped: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Option<tokio::task::JoinHandle<Result<()>>>> {
    let Some(web) = web else {
        return Ok(None);
    };
    let listener = tokio::net::TcpListener::bind(web.listen)
        .await
        .with_context(|| format!("cannot listen on {} for the web space", web.listen))?;
    tracing::info!(listen = %web.listen, public = %web.public_url, "web space served");
    let (engine, stop) = (engine.clone(), Arc::clone(stop));
    Ok(Some(tokio::spawn(async move {
        let records: Arc<dyn compagnon_web::Records> = Arc::new(crate::records::CliRecords);
        let served =
            compagnon_web::serve_on(listener, engine, &web, Some(records), until_stopped).await;
        if let Err(e) = &served {
            tracing::error!(error = %format!("{e:#}"), "the web space stopped; stopping the bot");
        }
        let _ = stop.send(true);
        served
    })))
}

/// Runs the configured chat adapters until the stop, or until the first one fails.
async fn run_chat(
    matrix: Option<compagnon_matrix::MatrixConfig>,
    discord: Option<compagnon_discord::DiscordConfig>,
    engine: Engine,
    stop: &Arc<tokio::sync::watch::Sender<bool>>,
    stopped: tokio::sync::watch::Receiver<bool>,
) -> Result<()> {
    let until_stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    match (matrix, discord) {
        (None, None) => bail_without_adapters(),
        (Some(matrix), None) => compagnon_matrix::run(matrix, engine, until_stopped(stopped)).await,
        (None, Some(discord)) => {
            compagnon_discord::run(discord, engine, until_stopped(stopped)).await
        }
        (Some(matrix), Some(discord)) => {
            // The first adapter to fail (a bad token, an unreachable homeserver, a dead task)
            // is reported at once and stops the other: a half-running bot looks healthy to
            // whoever watches the process and answers only half the cohort.
            let matrix =
                compagnon_matrix::run(matrix, engine.clone(), until_stopped(stopped.clone()));
            let discord = compagnon_discord::run(discord, engine, until_stopped(stopped));
            tokio::pin!(matrix, discord);
            tokio::select! {
                m = &mut matrix => {
                    if let Err(e) = &m {
                        tracing::error!(error = %format!("{e:#}"), "the Matrix adapter stopped; stopping Discord too");
                    }
                    let _ = stop.send(true);
                    let d = discord.await;
                    m.context("Matrix").and(d.context("Discord"))
                }
                d = &mut discord => {
                    if let Err(e) = &d {
                        tracing::error!(error = %format!("{e:#}"), "the Discord adapter stopped; stopping Matrix too");
                    }
                    let _ = stop.send(true);
                    let m = matrix.await;
                    d.context("Discord").and(m.context("Matrix"))
                }
            }
        }
    }
}

/// Imports a programme file. A programme that cannot be applied as it is — one that removes
/// an atelier with deliverables — is refused, logged with what blocks it, and the cohort keeps
/// its previous programme: the bot still starts and serves it. A file that does not parse
/// stops the start, since nothing is known of the cohort it describes.
async fn import_or_keep(
    store: &Store,
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let parsed = bot::files::read_programme(path)
        .with_context(|| format!("reading programme {}", path.display()))?;
    let programme = match parsed {
        Ok(p) => p,
        Err(problems) => bail!(
            "{} has {} problem(s); run `compagnon programme check {}`",
            path.display(),
            problems.len(),
            path.display()
        ),
    };
    let mut tx = store.begin().await?;
    match store::import_programme(&mut tx, &programme, now).await {
        Ok(_) => {
            tx.commit().await?;
        }
        Err(e @ store::StoreError::AtelierHasSubmissions { .. }) => {
            tracing::error!(
                programme = %path.display(),
                error = %e,
                "programme refused; the cohort keeps its previous programme"
            );
            eprintln!(
                "compagnon: {}: programme refused, the cohort keeps its previous programme: {e}",
                path.display()
            );
        }
        Err(e) => return Err(e).with_context(|| format!("importing {}", path.display())),
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM (what service managers send to stop the bot).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops"),
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        tracing::error!(error = %e, "cannot listen for Ctrl-C; stopping");
    }
}

fn bail_without_adapters() -> Result<()> {
    bail!(
        "no chat platform is configured: add a [matrix] or [discord] section \
         (try the bot locally with `compagnon console`)"
    )
}
