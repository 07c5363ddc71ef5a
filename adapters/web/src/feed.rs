//! A person's calendar feed (`/calendrier/<secret>.ics`): the cohort's ateliers and the
//! person's own deadlines (an extension granted to them moves theirs), for Google, Apple or
//! Thunderbird calendars to subscribe to. The secret is shown once, stored hashed, and replaced
//! or revoked from the path page.

use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bot::i18n::Msg;
use bot::store;

use crate::App;
use crate::participant::form_refused;
use crate::security::is_token;
use crate::session::{FormIds, Signed, internal};

/// `POST /parcours/calendrier`: a new feed address (the old one stops working).
pub async fn create(State(app): State<App>, signed: Signed, Form(ids): Form<FormIds>) -> Response {
    let lang = signed.lang();
    if let Err(refused) = signed.check_form(&app, &ids) {
        return refused;
    }
    let made = async {
        let mut conn = app.engine.store().connection().await?;
        store::web::new_feed(&mut conn, signed.session.member.id, app.engine.now()).await
    }
    .await;
    match made {
        Ok(secret) => {
            let url = format!("{}/calendrier/{secret}.ics", app.public_url);
            let webcal = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .map(|rest| format!("webcal://{rest}"))
                .unwrap_or_else(|| url.clone());
            app.pages.render(
                "feed.html",
                lang,
                minijinja::context! {
                    signed_in => true,
                    csrf => signed.session.csrf.clone(),
                    url => url,
                    webcal => webcal,
                },
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "making a calendar feed failed");
            internal(&app, lang)
        }
    }
}

/// `POST /parcours/calendrier/revoquer`: the feed address stops working.
pub async fn revoke(State(app): State<App>, signed: Signed, Form(ids): Form<FormIds>) -> Response {
    let lang = signed.lang();
    if let Err(refused) = signed.check_form(&app, &ids) {
        return refused;
    }
    let revoked = async {
        let mut conn = app.engine.store().connection().await?;
        store::web::revoke_feed(&mut conn, signed.session.member.id).await
    }
    .await;
    match revoked {
        Ok(true) => app.pages.message(
            StatusCode::OK,
            lang,
            signed
                .page(
                    lang,
                    "web-feed-title",
                    vec![Msg::new("web-feed-revoked").render(lang)],
                )
                .back(lang, "/parcours", "web-path-link"),
        ),
        Ok(false) => form_refused(&app, &signed, "web-feed-none"),
        Err(e) => {
            tracing::error!(error = %e, "revoking a calendar feed failed");
            internal(&app, lang)
        }
    }
}

/// `GET /calendrier/<secret>.ics`: the feed itself, without a session (calendar apps have
/// none); an unknown or revoked secret is simply not found.
pub async fn serve(State(app): State<App>, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics").filter(|s| is_token(s)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let made = app.engine.calendar_feed(secret).await;
    match made {
        Ok(Some(ics)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e.report(), "making a calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
