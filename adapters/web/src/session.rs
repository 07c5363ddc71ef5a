//! Signing in through the chat: `!web` sends a single-use link; opening it shows a button (so
//! that a link preview fetching the address signs nobody in), and pressing it opens a session
//! cookie — HttpOnly, SameSite=Lax, Secure over https. Every later request finds its member,
//! role and cohort in the store; every form carries the session's CSRF token.

use axum::extract::{Form, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use bot::domain::{Lang, Role};
use bot::i18n::Msg;
use bot::store::web::{SESSION_LIFETIME, WebSession};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::pages::{MessagePage, visitor_lang};
use crate::security::{is_token, same_secret};

const COOKIE: &str = "compagnon";
/// Over https the cookie is bound to this exact origin (`__Host-`: Secure, Path=/, no Domain).
const SECURE_COOKIE: &str = "__Host-compagnon";

/// A signed-in request: the session as the store has it now, and its cookie's token.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Member, cohort, CSRF token.
    pub session: WebSession,
    /// The cookie's value (to close this one session).
    token: String,
}

impl Signed {
    /// The language of the person's pages: theirs, or their cohort's.
    pub fn lang(&self) -> Lang {
        self.session
            .member
            .language
            .unwrap_or(self.session.cohort.language)
    }

    /// Whether they facilitate their cohort.
    pub fn is_facilitator(&self) -> bool {
        self.session.member.role >= Role::Facilitator
    }

    /// A refusal page unless they hold the role the command table gives `command`, the chat
    /// command the page stands for (the overview is `!suivi`, the reader `!livrable`…): pages
    /// and chat are checked against the one table. Their actions are checked again by the
    /// engine, as commands.
    #[allow(
        clippy::result_large_err,
        reason = "the refusal is the page itself, built once per request"
    )]
    pub fn may(&self, app: &App, command: bot::command::CommandName) -> Result<(), Response> {
        let least = bot::command::spec(command).min_role;
        let lang = self.lang();
        if self.session.member.role >= least {
            if least < Role::Facilitator || self.session.fresh_for_facilitators(app.engine.now()) {
                return Ok(());
            }
            // A facilitator's rights last a while after signing in; then a new link.
            return Err(app.pages.message(
                StatusCode::UNAUTHORIZED,
                lang,
                self.page(
                    lang,
                    "web-sign-in-title",
                    vec![
                        Msg::new("web-facilitator-stale")
                            .arg("hours", bot::store::web::FACILITATOR_FRESHNESS.num_hours())
                            .render(lang),
                    ],
                )
                .back(lang, "/parcours", "web-path-link"),
            ));
        }
        let role = match least {
            Role::Observer => "role-observer",
            Role::Participant => "role-participant",
            Role::Facilitator => "role-facilitator",
        };
        Err(app.pages.message(
            StatusCode::FORBIDDEN,
            lang,
            self.page(
                lang,
                "web-forbidden-title",
                vec![
                    Msg::new("error-forbidden")
                        .arg("role", Msg::new(role))
                        .render(lang),
                ],
            )
            .back(lang, "/parcours", "web-path-link"),
        ))
    }

    /// A message page with the signed-in menu.
    pub fn page(&self, lang: Lang, title: &'static str, texts: Vec<String>) -> MessagePage {
        MessagePage {
            signed_in: true,
            csrf: self.session.csrf.clone(),
            ..MessagePage::new(lang, title, texts)
        }
    }

    /// Checks a posted form's CSRF token and returns the engine event id of its one-time
    /// `event` field (so that the same form posted twice acts once).
    #[allow(
        clippy::result_large_err,
        reason = "the refusal is the page itself, built once per request"
    )]
    pub fn check_form(&self, app: &App, form: &FormIds) -> Result<String, Response> {
        if !same_secret(&form.csrf, &self.session.csrf) || !is_token(&form.event) {
            let lang = self.lang();
            return Err(app.pages.message(
                StatusCode::FORBIDDEN,
                lang,
                self.page(
                    lang,
                    "web-csrf-title",
                    vec![Msg::new("web-csrf").render(lang)],
                )
                .back(lang, "/", "web-home-link"),
            ));
        }
        Ok(format!("form-{}", form.event))
    }
}

/// The two fields every form posts.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct FormIds {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// A one-time id written into the form when it was shown.
    #[serde(default)]
    pub event: String,
}

/// The hidden fields of a new form.
#[derive(Debug, Clone, Serialize)]
pub struct NewForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// A fresh one-time id.
    pub event: String,
}

impl NewForm {
    /// Hidden fields for one form shown to `signed`.
    pub fn for_session(signed: &Signed) -> Self {
        NewForm {
            csrf: signed.session.csrf.clone(),
            event: bot::store::web::new_token().unwrap_or_default(),
        }
    }
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE || *name == SECURE_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| is_token(v))
}

impl FromRequestParts<App> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let lang = visitor_lang(&parts.headers);
        let sign_in = || {
            app.pages.message(
                StatusCode::UNAUTHORIZED,
                lang,
                MessagePage::new(
                    lang,
                    "web-sign-in-title",
                    vec![Msg::new("web-sign-in-needed").render(lang)],
                ),
            )
        };
        match lookup(app, &parts.headers).await {
            Ok(Some(signed)) => Ok(signed),
            Ok(None) => Err(sign_in()),
            Err(e) => {
                tracing::error!(error = %e, "reading a web session failed");
                Err(internal(app, lang))
            }
        }
    }
}

/// The session the request's cookie opens, if any.
async fn lookup(app: &App, headers: &HeaderMap) -> Result<Option<Signed>, bot::store::StoreError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let mut conn = app.engine.store().connection().await?;
    let session = bot::store::web::session(&mut conn, &token, app.engine.now()).await?;
    Ok(session.map(|session| Signed { session, token }))
}

/// The page for a failure of ours.
pub fn internal(app: &App, lang: Lang) -> Response {
    app.pages.message(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        MessagePage::new(
            lang,
            "web-error-title",
            vec![Msg::new("web-error-internal").render(lang)],
        ),
    )
}

/// `/`: where a signed-in person goes first, or how to sign in.
pub async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    match lookup(&app, &headers).await {
        Ok(Some(signed)) if signed.is_facilitator() => Redirect::to("/animation").into_response(),
        Ok(Some(_)) => Redirect::to("/parcours").into_response(),
        Ok(None) => {
            let lang = visitor_lang(&headers);
            app.pages.render(
                "home.html",
                lang,
                minijinja::context! { signed_in => false },
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a web session failed");
            internal(&app, visitor_lang(&headers))
        }
    }
}

/// `GET /entrer/<token>`: a button that signs in (the link alone changes nothing).
pub async fn enter_page(
    State(app): State<App>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let lang = visitor_lang(&headers);
    if !is_token(&token) {
        return bad_link(&app, lang);
    }
    app.pages.render(
        "enter.html",
        lang,
        minijinja::context! { token => token, signed_in => false },
    )
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct EnterForm {
    token: String,
}

/// `POST /entrer`: uses up the link and opens the session.
pub async fn enter(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<EnterForm>,
) -> Response {
    let lang = visitor_lang(&headers);
    if !is_token(&form.token) {
        return bad_link(&app, lang);
    }
    let opened = async {
        let mut tx = app.engine.store().begin().await?;
        let opened = bot::store::web::take_link(&mut tx, &form.token, app.engine.now()).await?;
        tx.commit().await?;
        Ok::<_, bot::store::StoreError>(opened)
    }
    .await;
    match opened {
        Ok(Some((_, session))) => {
            let mut response = Redirect::to("/").into_response();
            let cookie = set_cookie(&app, &session.token, SESSION_LIFETIME.num_seconds());
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            response
        }
        Ok(None) => bad_link(&app, lang),
        Err(e) => {
            tracing::error!(error = %e, "opening a web session failed");
            internal(&app, lang)
        }
    }
}

fn set_cookie(app: &App, value: &str, max_age: i64) -> HeaderValue {
    let (name, secure) = if app.secure_cookies {
        (SECURE_COOKIE, "; Secure")
    } else {
        (COOKIE, "")
    };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn bad_link(app: &App, lang: Lang) -> Response {
    app.pages.message(
        StatusCode::BAD_REQUEST,
        lang,
        MessagePage::new(
            lang,
            "web-bad-link-title",
            vec![Msg::new("web-bad-link").render(lang)],
        )
        .back(lang, "/", "web-home-link"),
    )
}

/// The sign-out form.
#[derive(Debug, Deserialize)]
pub struct LeaveForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /sortir`: closes this session.
pub async fn leave(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<LeaveForm>,
) -> Response {
    let lang = signed.lang();
    if !same_secret(&form.csrf, &signed.session.csrf) {
        return signed
            .check_form(&app, &FormIds::default())
            .err()
            .unwrap_or_else(|| internal(&app, lang));
    }
    let closed = async {
        let mut conn = app.engine.store().connection().await?;
        bot::store::web::close_session(&mut conn, &signed.token).await
    }
    .await;
    if let Err(e) = closed {
        tracing::error!(error = %e, "closing a web session failed");
        return internal(&app, lang);
    }
    let mut response = app.pages.message(
        StatusCode::OK,
        lang,
        MessagePage::new(
            lang,
            "web-signed-out-title",
            vec![Msg::new("web-signed-out-page").render(lang)],
        )
        .back(lang, "/", "web-home-link"),
    );
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&app, "", 0));
    response
}
