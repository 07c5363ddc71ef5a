//! A participant's path: the programme and its references, their deliverables with receipts
//! and feedback, a file upload (the same limits and checks as chat, enforced while the file
//! streams in), their data export and erasure, and their calendar feed.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bot::command::Command;
use bot::domain::{Atelier, Lang};
use bot::engine::{Attachment, WebAnswer};
use bot::files::FileLimits;
use bot::i18n::Msg;
use bot::store::{self, submissions::Submission};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::pages::{MessagePage, chat_text};
use crate::session::{FormIds, NewForm, Signed, internal};

/// One atelier as the path shows it.
#[derive(Debug, Serialize)]
struct AtelierView {
    number: u32,
    title: String,
    summary: String,
    when: String,
    place: Option<String>,
    link: Option<String>,
    cancelled: Option<String>,
    references: Vec<ReferenceView>,
    deliverable: Option<DeliverableView>,
}

#[derive(Debug, Serialize)]
struct ReferenceView {
    title: String,
    url: Option<String>,
    text: Option<String>,
    required: bool,
}

#[derive(Debug, Serialize)]
struct DeliverableView {
    title: String,
    instructions: String,
    due: String,
    extended: bool,
    by_group: bool,
    versions: Vec<VersionView>,
    form: NewForm,
}

/// One version of a deliverable, with its receipt and the feedback on it.
#[derive(Debug, Serialize)]
pub(crate) struct VersionView {
    pub version: u32,
    pub when: String,
    pub late: bool,
    pub status: String,
    pub text: String,
    pub links: Vec<String>,
    pub files: Vec<FileView>,
    pub feedback: Vec<(String, String, String)>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FileView {
    pub name: String,
    /// Its size in KiB, rounded up.
    pub kib: u64,
    pub sha256: String,
}

/// A local date and time as the person's language writes it.
pub(crate) fn when(lang: Lang, t: chrono::NaiveDateTime) -> String {
    Msg::new("web-datetime").arg("when", t).render(lang)
}

/// Versions of a deliverable with their feedback, ready for a page.
pub(crate) async fn version_views(
    conn: &mut sqlx::SqliteConnection,
    tz: chrono_tz::Tz,
    lang: Lang,
    versions: &[&Submission],
) -> Result<Vec<VersionView>, store::StoreError> {
    let mut out = Vec::with_capacity(versions.len());
    for s in versions {
        let feedback = store::submissions::feedback(conn, s.id)
            .await?
            .into_iter()
            .map(|(status, text, at)| {
                (
                    Msg::new("deliverable-status")
                        .arg("status", status.as_str())
                        .render(lang),
                    chat_text(&text),
                    when(lang, bot::schedule::utc_to_local(tz, at)),
                )
            })
            .collect();
        out.push(VersionView {
            version: s.version,
            when: when(lang, bot::schedule::utc_to_local(tz, s.submitted_at)),
            late: s.late_by.is_some_and(|l| l > 0),
            status: Msg::new("deliverable-status")
                .arg("status", s.status.as_str())
                .render(lang),
            text: s.body.clone(),
            links: s.links.clone(),
            files: s
                .files
                .iter()
                .map(|f| FileView {
                    name: f.file_name.clone(),
                    kib: f.size.div_ceil(1024),
                    sha256: f.sha256.clone(),
                })
                .collect(),
            feedback,
        });
    }
    Ok(out)
}

/// `GET /parcours`.
pub async fn path(State(app): State<App>, signed: Signed) -> Response {
    let lang = signed.lang();
    match path_data(&app, &signed).await {
        Ok(ateliers) => {
            let feed_since = feed_since(&app, &signed).await.unwrap_or(None);
            app.pages.render(
                "path.html",
                lang,
                minijinja::context! {
                    signed_in => true,
                    csrf => signed.session.csrf.clone(),
                    facilitator => signed.is_facilitator(),
                    cohort => signed.session.cohort.title.clone(),
                    name => signed.session.member.display_name.clone(),
                    ateliers => ateliers,
                    feed_since => feed_since,
                    feed_form => NewForm::for_session(&signed),
                    data_form => NewForm::for_session(&signed),
                    forget_form => NewForm::for_session(&signed),
                    max_mib => app.engine.settings().file_limits.max_file_bytes / (1024 * 1024),
                },
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a participant's path failed");
            internal(&app, lang)
        }
    }
}

async fn feed_since(app: &App, signed: &Signed) -> Result<Option<String>, store::StoreError> {
    let mut conn = app.engine.store().connection().await?;
    let tz = signed.session.cohort.timezone;
    Ok(store::web::feed_since(&mut conn, signed.session.member.id)
        .await?
        .map(|t| when(signed.lang(), bot::schedule::utc_to_local(tz, t))))
}

async fn path_data(app: &App, signed: &Signed) -> Result<Vec<AtelierView>, store::StoreError> {
    let mut conn = app.engine.store().connection().await?;
    let cohort = &signed.session.cohort;
    let member = &signed.session.member;
    let lang = signed.lang();
    let ateliers = store::cohorts::ateliers(&mut conn, cohort.id).await?;
    let mine = store::submissions::of_member(&mut conn, member.id).await?;
    let extensions = store::extensions::of_member(&mut conn, member.id).await?;
    let mut out = Vec::with_capacity(ateliers.len());
    for a in &ateliers {
        let references = store::cohorts::references(&mut conn, a.id)
            .await?
            .into_iter()
            .map(|r| ReferenceView {
                title: r.title,
                url: r.url,
                text: r.text,
                required: r.required,
            })
            .collect();
        let deliverable = match store::cohorts::deliverable_spec(&mut conn, a.id).await? {
            Some(spec) => {
                let versions: Vec<&Submission> =
                    mine.iter().filter(|s| s.atelier == a.id).collect();
                let granted = extensions
                    .iter()
                    .find(|e| e.atelier == a.id)
                    .and_then(|e| e.due);
                let due = granted
                    .map(|t| bot::schedule::utc_to_local(cohort.timezone, t))
                    .unwrap_or(spec.due);
                Some(DeliverableView {
                    title: spec.title,
                    instructions: spec.instructions,
                    due: when(lang, due),
                    extended: granted.is_some(),
                    by_group: spec.by_group,
                    versions: version_views(&mut conn, cohort.timezone, lang, &versions).await?,
                    form: NewForm::for_session(signed),
                })
            }
            None => None,
        };
        out.push(atelier_view(lang, a, references, deliverable));
    }
    Ok(out)
}

fn atelier_view(
    lang: Lang,
    a: &Atelier,
    references: Vec<ReferenceView>,
    deliverable: Option<DeliverableView>,
) -> AtelierView {
    AtelierView {
        number: a.number,
        title: a.title.clone(),
        summary: a.summary.clone(),
        when: Msg::new("web-atelier-when")
            .arg("start", a.start)
            .arg("end", a.end.time())
            .render(lang),
        place: a.place.clone(),
        link: a.link.clone(),
        cancelled: a.cancelled.clone(),
        references,
        deliverable,
    }
}

/// The upload route, with a body limit that lets the largest accepted submission through and
/// nothing much larger (the files themselves are counted while they stream).
pub fn upload_routes(limits: &FileLimits) -> Router<App> {
    let most = usize::try_from(limits.max_submission_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(MAX_TEXT_BYTES * 2);
    Router::new().route(
        "/parcours/rendu",
        post(upload).layer(DefaultBodyLimit::max(most)),
    )
}

/// Longest text field of a form (the engine bounds a submission's text far lower).
const MAX_TEXT_BYTES: usize = 256 * 1024;

/// What the upload form posted.
#[derive(Debug, Default)]
struct Upload {
    ids: FormIds,
    atelier: Option<u32>,
    text: String,
    files: Vec<Attachment>,
}

/// `POST /parcours/rendu`: a hand-in, as `!rendu N texte` with files.
pub async fn upload(State(app): State<App>, signed: Signed, multipart: Multipart) -> Response {
    let lang = signed.lang();
    let limits = app.engine.settings().file_limits.clone();
    let upload = match read_upload(multipart, &limits).await {
        Ok(u) => u,
        Err(()) => return form_refused(&app, &signed, "web-upload-unreadable"),
    };
    let event = match signed.check_form(&app, &upload.ids) {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    let Some(atelier) = upload.atelier else {
        return form_refused(&app, &signed, "web-upload-no-atelier");
    };
    let command = Ok(Command::Submit {
        atelier,
        text: upload.text,
    });
    let answer = app
        .engine
        .act_on_web(&signed.session, &event, command, upload.files)
        .await;
    answered(&app, &signed, answer, "/parcours", lang)
}

/// Reads the form part by part; a file over the limit is not kept, only its size so far, so
/// the engine refuses it with chat's message.
async fn read_upload(mut multipart: Multipart, limits: &FileLimits) -> Result<Upload, ()> {
    let mut upload = Upload::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or("").to_owned();
        if let Some(file_name) = field.file_name().map(str::to_owned) {
            if file_name.is_empty() {
                continue;
            }
            if upload.files.len() >= limits.max_files.saturating_add(1) {
                return Err(());
            }
            let mut bytes = Vec::new();
            let mut too_big = false;
            while let Some(chunk) = field.chunk().await.map_err(|_| ())? {
                let size = bytes.len().saturating_add(chunk.len());
                if u64::try_from(size).unwrap_or(u64::MAX) > limits.max_file_bytes {
                    too_big = true;
                    upload
                        .files
                        .push(Attachment::not_downloaded(&file_name, size as u64));
                    break;
                }
                bytes.extend_from_slice(&chunk);
            }
            if !too_big {
                upload.files.push(Attachment::new(file_name, bytes));
            } else {
                // The rest of the form is not worth reading: the engine refuses the whole.
                break;
            }
            continue;
        }
        // Bytes first: a character may straddle two chunks.
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| ())? {
            if bytes.len().saturating_add(chunk.len()) > MAX_TEXT_BYTES {
                return Err(());
            }
            bytes.extend_from_slice(&chunk);
        }
        let value = String::from_utf8(bytes).map_err(|_| ())?;
        match name.as_str() {
            "csrf" => upload.ids.csrf = value,
            "event" => upload.ids.event = value,
            "atelier" => upload.atelier = value.trim().parse().ok(),
            "text" => upload.text = value,
            _ => {}
        }
    }
    Ok(upload)
}

/// A form the page could not read: said on a page, nothing changed.
pub(crate) fn form_refused(app: &App, signed: &Signed, id: &'static str) -> Response {
    let lang = signed.lang();
    app.pages.message(
        StatusCode::BAD_REQUEST,
        lang,
        signed
            .page(lang, "web-refused-title", vec![Msg::new(id).render(lang)])
            .back(lang, "/", "web-home-link"),
    )
}

/// The page that shows what the engine answered a web action.
pub(crate) fn answered(
    app: &App,
    signed: &Signed,
    answer: Result<WebAnswer, bot::error::EngineError>,
    back: &str,
    lang: Lang,
) -> Response {
    match answer {
        Ok(answer) => {
            let mut texts: Vec<String> = answer.texts.iter().map(|t| chat_text(t)).collect();
            if answer.duplicate {
                texts.push(Msg::new("web-already-done").render(lang));
            }
            app.pages.message(
                StatusCode::OK,
                lang,
                signed.page(lang, "web-answer-title", texts).back(
                    lang,
                    back.to_owned(),
                    "web-back-link",
                ),
            )
        }
        Err(e) => {
            tracing::error!(error = %e.report(), "a web action failed");
            internal(app, lang)
        }
    }
}

/// `POST /parcours/donnees`: the person's data as a JSON file, as `!mes-donnees` makes it.
pub async fn my_data(State(app): State<App>, signed: Signed, Form(ids): Form<FormIds>) -> Response {
    let lang = signed.lang();
    let event = match signed.check_form(&app, &ids) {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    let answer = app
        .engine
        .act_on_web(&signed.session, &event, Ok(Command::MyData), Vec::new())
        .await;
    let file = answer
        .as_ref()
        .ok()
        .and_then(|a| {
            a.files
                .iter()
                .find(|f| f.extension().is_some_and(|e| e == "json"))
        })
        .cloned();
    match file.map(std::fs::read) {
        Some(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"mes-donnees.json\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        _ => answered(&app, &signed, answer, "/parcours", lang),
    }
}

/// The erasure form: its confirmation box must be ticked.
#[derive(Debug, Deserialize)]
pub struct ForgetForm {
    #[serde(flatten)]
    ids: FormIds,
    #[serde(default)]
    confirm: String,
}

/// `POST /parcours/effacer`: `!oublie-moi` then its confirmation, when the box is ticked.
pub async fn forget_me(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<ForgetForm>,
) -> Response {
    let lang = signed.lang();
    let event = match signed.check_form(&app, &form.ids) {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    if form.confirm != "oui" {
        return form_refused(&app, &signed, "web-forget-unconfirmed");
    }
    let ask = app
        .engine
        .act_on_web(
            &signed.session,
            &event,
            Ok(Command::ForgetMe { confirm: false }),
            Vec::new(),
        )
        .await;
    if let Err(e) = ask {
        return answered(&app, &signed, Err(e), "/parcours", lang);
    }
    let confirm_event = format!("{event}-confirm");
    let done = app
        .engine
        .act_on_web(
            &signed.session,
            &confirm_event,
            Ok(Command::ForgetMe { confirm: true }),
            Vec::new(),
        )
        .await;
    match done {
        Ok(answer) => {
            let texts = answer.texts.iter().map(|t| chat_text(t)).collect();
            // The member is gone, and their sessions with them: a page without the menu.
            app.pages.message(
                StatusCode::OK,
                lang,
                MessagePage::new(lang, "web-forgotten-title", texts).back(
                    lang,
                    "/",
                    "web-home-link",
                ),
            )
        }
        Err(e) => answered(&app, &signed, Err(e), "/parcours", lang),
    }
}

/// `GET /parcours/fichiers/<sha256>`: a file of one of the person's own submissions.
pub async fn file(State(app): State<App>, signed: Signed, Path(sha256): Path<String>) -> Response {
    let found = async {
        let mut conn = app.engine.store().connection().await?;
        let mine = store::submissions::of_member(&mut conn, signed.session.member.id).await?;
        Ok::<_, store::StoreError>(
            mine.into_iter()
                .flat_map(|s| s.files)
                .find(|f| f.sha256 == sha256)
                .map(|f| f.file_name),
        )
    }
    .await;
    send_file(&app, &signed, found, &sha256)
}

/// Sends the stored file `sha256` under `name`, or a not-found page.
pub(crate) fn send_file(
    app: &App,
    signed: &Signed,
    name: Result<Option<String>, store::StoreError>,
    sha256: &str,
) -> Response {
    let lang = signed.lang();
    let name = match name {
        Ok(Some(n)) => n,
        Ok(None) => return not_yours(app, signed),
        Err(e) => {
            tracing::error!(error = %e, "looking up a file failed");
            return internal(app, lang);
        }
    };
    let bytes = app
        .engine
        .settings()
        .file_store()
        .path_of(sha256)
        .ok()
        .and_then(|p| std::fs::read(p).ok());
    let Some(bytes) = bytes else {
        return not_yours(app, signed);
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn not_yours(app: &App, signed: &Signed) -> Response {
    let lang = signed.lang();
    app.pages.message(
        StatusCode::NOT_FOUND,
        lang,
        signed
            .page(
                lang,
                "web-not-found-title",
                vec![Msg::new("web-not-found").render(lang)],
            )
            .back(lang, "/", "web-home-link"),
    )
}
