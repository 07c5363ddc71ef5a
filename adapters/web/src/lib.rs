//! The web space beside the chat. Served from the same process and engine as the chat
//! adapters: a person signs in with a single-use link the bot sends by private message
//! (`!web`), and every action on a page is an engine event of platform `web` — the same role
//! table, validation, messages and outbox as chat.
//!
//! Pages are rendered on the server (minijinja, escaped by default) and work without scripts;
//! every response carries a strict Content-Security-Policy, every form a CSRF token.

mod exports;
mod facilitator;
mod feed;
mod pages;
mod participant;
mod programme;
mod security;
mod session;
mod votes;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::routing::{get, post};
use bot::engine::Engine;
use serde::Deserialize;

pub use exports::{Download, Making, Record, Records};
pub use pages::Pages;

/// The `[web]` section of the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    /// Where to listen, e.g. `127.0.0.1:8080` (behind a reverse proxy that terminates TLS).
    pub listen: SocketAddr,
    /// The address people reach it at, e.g. `https://compagnon.example.org`: sign-in links point
    /// there, and cookies are `Secure` when it is https.
    pub public_url: url::Url,
}

impl WebConfig {
    /// The public address without a trailing slash, as `!web` links begin.
    pub fn base_url(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_owned()
    }
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub(crate) struct App {
    pub engine: Engine,
    pub pages: Arc<Pages>,
    /// The public address, without a trailing slash.
    pub public_url: String,
    /// What makes the downloadable records, when the binary provides it.
    pub records: Option<Arc<dyn Records>>,
    /// Cookies only over https when the public address is https.
    pub secure_cookies: bool,
}

/// The web space's routes on `engine`, without downloadable records.
pub fn router(engine: Engine, config: &WebConfig) -> Result<Router> {
    router_with(engine, config, None)
}

/// The web space's routes on `engine`; `records` makes the facilitators' downloads.
pub fn router_with(
    engine: Engine,
    config: &WebConfig,
    records: Option<Arc<dyn Records>>,
) -> Result<Router> {
    let limits = engine.settings().file_limits.clone();
    let app = App {
        engine,
        pages: Arc::new(Pages::new().context("the web templates")?),
        public_url: config.base_url(),
        records,
        secure_cookies: config.public_url.scheme() == "https",
    };
    Ok(Router::new()
        .route("/", get(session::home))
        .route("/style.css", get(pages::style))
        .route("/entrer/{token}", get(session::enter_page))
        .route("/entrer", post(session::enter))
        .route("/sortir", post(session::leave))
        .route("/parcours", get(participant::path))
        .merge(participant::upload_routes(&limits))
        .route("/parcours/donnees", post(participant::my_data))
        .route("/parcours/effacer", post(participant::forget_me))
        .route("/parcours/fichiers/{sha256}", get(participant::file))
        .route("/parcours/calendrier", post(feed::create))
        .route("/parcours/calendrier/revoquer", post(feed::revoke))
        .route("/calendrier/{secret}", get(feed::serve))
        .route("/animation", get(facilitator::overview))
        .route(
            "/animation/rendus/{atelier}/{member}",
            get(facilitator::reader).post(facilitator::feedback),
        )
        .route("/animation/fichiers/{sha256}", get(facilitator::file))
        .route(
            "/animation/programme",
            get(programme::editor).post(programme::submit),
        )
        .route("/animation/exports", get(exports::page))
        .route("/animation/exports/{file}", get(exports::download))
        .route("/animation/sondages", get(votes::page))
        .route(
            "/animation/sondages/{number}/graphique.png",
            get(votes::chart),
        )
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(app))
}

/// Serves the web space on a listener already bound (tests bind port 0); `records` makes the
/// facilitators' downloads.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    engine: Engine,
    config: &WebConfig,
    records: Option<Arc<dyn Records>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, router_with(engine, config, records)?)
        .with_graceful_shutdown(shutdown)
        .await
        .context("the web space stopped")
}
