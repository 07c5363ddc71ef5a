//! Rendering: the templates (compiled into the binary, HTML-escaped by default), the `t`
//! function that reads every sentence from the Fluent files in the reader's language, and the
//! pages every route may answer with (an error, a refusal, the answers to an action).

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use bot::domain::Lang;
use bot::i18n::{Arg, Msg};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};
use serde::Serialize;

/// The templates, each compiled in.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("message.html", include_str!("../templates/message.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("enter.html", include_str!("../templates/enter.html")),
    ("path.html", include_str!("../templates/path.html")),
    ("feed.html", include_str!("../templates/feed.html")),
    ("overview.html", include_str!("../templates/overview.html")),
    ("reader.html", include_str!("../templates/reader.html")),
    (
        "programme.html",
        include_str!("../templates/programme.html"),
    ),
    ("votes.html", include_str!("../templates/votes.html")),
    ("exports.html", include_str!("../templates/exports.html")),
];

const STYLE: &str = include_str!("../static/style.css");

/// The template environment.
#[derive(Debug)]
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    /// Every template, parsed once. A template that does not parse is a bug of ours, reported
    /// at start rather than at the first request for its page.
    pub fn new() -> Result<Self, Error> {
        let mut env = Environment::new();
        // Escaping is decided by the name: every template here is .html, so all is escaped.
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_function("t", t);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        Ok(Pages { env })
    }

    /// Renders `template` for a reader of `lang`; `ctx` is the page's data.
    pub fn render(&self, template: &str, lang: Lang, ctx: impl Serialize) -> Response {
        let result = self.env.get_template(template).and_then(|t| {
            t.render(minijinja::context! { lang => lang.code(), ..Value::from_serialize(&ctx) })
        });
        match result {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, template, "a page could not be rendered");
                let text = Msg::new("web-error-internal").render(lang);
                (StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
            }
        }
    }

    /// A page with a title and some sentences (an error, a refusal, the answers to an action).
    pub fn message(&self, status: StatusCode, lang: Lang, page: MessagePage) -> Response {
        let mut response = self.render("message.html", lang, page);
        *response.status_mut() = status;
        response
    }
}

/// The data of `message.html`.
#[derive(Debug, Serialize, Default)]
pub struct MessagePage {
    /// The page's title, already in the reader's language.
    pub title: String,
    /// Each paragraph.
    pub texts: Vec<String>,
    /// Where to go back to, and the link's words.
    pub back: Option<(String, String)>,
    /// Whether a signed-in menu is shown.
    pub signed_in: bool,
    /// The session's CSRF token (for the sign-out form), when signed in.
    pub csrf: String,
}

impl MessagePage {
    /// A page titled by Fluent id `title` with sentences `texts`.
    pub fn new(lang: Lang, title: &'static str, texts: Vec<String>) -> Self {
        MessagePage {
            title: Msg::new(title).render(lang),
            texts,
            ..MessagePage::default()
        }
    }

    /// With a link back to `href`, its words from Fluent id `words`.
    pub fn back(mut self, lang: Lang, href: impl Into<String>, words: &'static str) -> Self {
        self.back = Some((href.into(), Msg::new(words).render(lang)));
        self
    }
}

/// `t("id", name=value, …)`: a sentence of the Fluent files in the page's language.
fn t(state: &State, id: String, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or_default();
    let mut msg = Msg::new(id);
    for key in kwargs.args() {
        let value: Value = kwargs.get(key)?;
        let arg = match i64::try_from(value.clone()) {
            Ok(n) if value.is_number() => Arg::Num(n),
            _ => Arg::Str(value.to_string()),
        };
        msg = msg.arg(key.to_owned(), arg);
    }
    kwargs.assert_all_used()?;
    let text = msg.render(lang);
    if text.is_empty() {
        return Err(Error::new(ErrorKind::InvalidOperation, "unknown message"));
    }
    Ok(text)
}

/// The stylesheet (a file, so the CSP needs no inline style).
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// The language of someone not signed in: English when their browser asks for it first.
pub fn visitor_lang(headers: &HeaderMap) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.trim_start().to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Fr
    }
}

/// Any address that is not a page.
pub async fn not_found(
    axum::extract::State(app): axum::extract::State<crate::App>,
    headers: HeaderMap,
) -> Response {
    let lang = visitor_lang(&headers);
    app.pages.message(
        StatusCode::NOT_FOUND,
        lang,
        MessagePage::new(
            lang,
            "web-not-found-title",
            vec![Msg::new("web-not-found").render(lang)],
        )
        .back(lang, "/", "web-home-link"),
    )
}

/// Text from chat (Markdown as the platforms show it) made readable as plain text on a page:
/// the bold markers go, everything else stays and is escaped by the template.
pub fn chat_text(text: &str) -> String {
    text.replace("**", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_compiled_in_and_parses() {
        let pages = Pages::new().expect("the templates parse");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                pages.env.get_template(&name).is_ok(),
                "{name} is not in TEMPLATES"
            );
            files += 1;
        }
        assert_eq!(files, TEMPLATES.len());
    }
}
