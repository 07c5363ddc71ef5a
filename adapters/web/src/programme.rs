//! The programme editor: the cohort's programme file in a text area, checked on each save by
//! the code of `compagnon programme check` (every problem at its line), then the preview of
//! every automated message it will send, then the import — the same import as the command line,
//! refused when the file names another cohort.

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use bot::command::CommandName;
use bot::domain::Lang;
use bot::engine::ProgrammeImport;
use bot::programme::Problem;
use bot::store;
use serde::{Deserialize, Serialize};

use crate::App;
use crate::participant::form_refused;
use crate::session::{FormIds, NewForm, Signed, internal};

/// Longest programme accepted from the page (the example is under 20 KiB).
const MAX_SOURCE_BYTES: usize = 256 * 1024;

/// A problem as the page lists it, with the line it is on.
#[derive(Debug, Serialize)]
struct ProblemView {
    line: usize,
    column: usize,
    message: String,
    excerpt: String,
}

/// `GET /animation/programme`: the text the cohort was last imported from.
pub async fn editor(State(app): State<App>, signed: Signed) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::MoveAtelier) {
        return refused;
    }
    let source = async {
        let mut conn = app.engine.store().connection().await?;
        store::atelier_changes::programme_source(&mut conn, signed.session.cohort.id).await
    }
    .await;
    match source {
        Ok(source) => page(&app, &signed, &source.unwrap_or_default(), Outcome::Editing),
        Err(e) => {
            tracing::error!(error = %e, "reading the programme failed");
            internal(&app, signed.lang())
        }
    }
}

/// What the page says under the editor.
enum Outcome {
    Editing,
    Problems(Vec<Problem>),
    Checked(String, usize),
}

fn page(app: &App, signed: &Signed, source: &str, outcome: Outcome) -> Response {
    let lang = signed.lang();
    let (problems, preview, ateliers) = match outcome {
        Outcome::Editing => (Vec::new(), None, 0),
        Outcome::Problems(p) => (problem_views(lang, source, &p), None, 0),
        Outcome::Checked(preview, ateliers) => (Vec::new(), Some(preview), ateliers),
    };
    app.pages.render(
        "programme.html",
        lang,
        minijinja::context! {
            signed_in => true,
            csrf => signed.session.csrf.clone(),
            facilitator => true,
            cohort => signed.session.cohort.title.clone(),
            source => source,
            problems => problems,
            preview => preview,
            ateliers => ateliers,
            form => NewForm::for_session(signed),
        },
    )
}

fn problem_views(lang: Lang, source: &str, problems: &[Problem]) -> Vec<ProblemView> {
    let lines: Vec<&str> = source.lines().collect();
    problems
        .iter()
        .map(|p| ProblemView {
            line: p.line,
            column: p.column,
            message: p.message.render(lang),
            excerpt: p
                .line
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .map(|l| l.chars().take(160).collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// The editor's form.
#[derive(Debug, Deserialize)]
pub struct ProgrammeForm {
    #[serde(flatten)]
    ids: FormIds,
    #[serde(default)]
    source: String,
    #[serde(default)]
    action: String,
}

/// `POST /animation/programme`: `action=check` checks and previews, `action=import` imports.
pub async fn submit(
    State(app): State<App>,
    signed: Signed,
    Form(form): Form<ProgrammeForm>,
) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::MoveAtelier) {
        return refused;
    }
    if let Err(refused) = signed.check_form(&app, &form.ids) {
        return refused;
    }
    if form.source.len() > MAX_SOURCE_BYTES {
        return form_refused(&app, &signed, "web-programme-too-long");
    }
    // Browsers send text areas with CRLF line ends; the file format is read the same either way,
    // but lines are counted on what the person sees.
    let source = form.source.replace("\r\n", "\n");
    if form.action == "import" {
        return import(&app, &signed, &source).await;
    }
    match bot::programme::parse(&source) {
        Ok(p) => {
            let preview = bot::preview::render(&p, signed.lang());
            page(
                &app,
                &signed,
                &source,
                Outcome::Checked(preview, p.ateliers.len()),
            )
        }
        Err(problems) => with_problems(&app, &signed, &source, problems),
    }
}

fn with_problems(app: &App, signed: &Signed, source: &str, problems: Vec<Problem>) -> Response {
    let mut response = page(app, signed, source, Outcome::Problems(problems));
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

async fn import(app: &App, signed: &Signed, source: &str) -> Response {
    let lang = signed.lang();
    match app
        .engine
        .import_programme_on_web(&signed.session, source)
        .await
    {
        Ok(ProgrammeImport::Imported(report)) => {
            let msg = report.summary(&signed.session.cohort.name);
            app.pages.message(
                StatusCode::OK,
                lang,
                signed
                    .page(lang, "web-programme-imported-title", vec![msg.render(lang)])
                    .back(lang, "/animation/programme", "web-programme-link"),
            )
        }
        Ok(ProgrammeImport::Problems(problems)) => with_problems(app, signed, source, problems),
        Ok(ProgrammeImport::Refused(msg)) => app.pages.message(
            StatusCode::FORBIDDEN,
            lang,
            signed
                .page(lang, "web-refused-title", vec![msg.render(lang)])
                .back(lang, "/animation/programme", "web-programme-link"),
        ),
        Err(e) => {
            tracing::error!(error = %e.report(), "importing a programme from the web failed");
            internal(app, lang)
        }
    }
}
