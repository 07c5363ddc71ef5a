//! The facilitators' pages of one cohort: the overview grid (participants × ateliers) with who
//! needs attention first, and the deliverable reader with its feedback form — a feedback
//! posted here is `!retour`, and reaches the participant in chat the same way.

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use bot::command::{Command, CommandName};
use bot::domain::{Lang, SubmissionStatus};
use bot::followup::Facts;
use bot::i18n::Msg;
use bot::store::{self, overview::Cell};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::participant::{answered, send_file, version_views, when};
use crate::session::{FormIds, NewForm, Signed, internal};

/// One cell of the grid, in words (never a colour alone).
#[derive(Debug, Serialize)]
struct CellView {
    preparation: String,
    attendance: String,
    deliverable: String,
    /// `attention`, `done` or empty: how the cell is marked beside its words.
    mark: &'static str,
    reviews: String,
    link: Option<String>,
}

#[derive(Debug, Serialize)]
struct RowView {
    name: String,
    cells: Vec<CellView>,
}

#[derive(Debug, Serialize)]
struct AttentionView {
    name: String,
    why: String,
}

/// `GET /animation`: the cohort at a glance.
pub async fn overview(State(app): State<App>, signed: Signed) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::FollowUp) {
        return refused;
    }
    let lang = signed.lang();
    let data = async {
        let mut conn = app.engine.store().connection().await?;
        let grid = store::overview::grid(&mut conn, &signed.session.cohort).await?;
        let mut facts =
            store::followup::facts(&mut conn, &signed.session.cohort, app.engine.now()).await?;
        Ok::<_, store::StoreError>((grid, {
            bot::followup::by_attention(&mut facts);
            facts
        }))
    }
    .await;
    let (grid, facts) = match data {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "reading the overview failed");
            return internal(&app, lang);
        }
    };
    let ateliers: Vec<(u32, String, bool)> = grid
        .ateliers
        .iter()
        .map(|a| (a.number, a.title.clone(), a.cancelled.is_some()))
        .collect();
    let rows: Vec<RowView> = grid
        .rows
        .iter()
        .map(|(m, cells)| RowView {
            name: m.display_name.clone(),
            cells: cells
                .iter()
                .zip(&grid.ateliers)
                .zip(&grid.with_deliverable)
                .map(|((c, a), has)| cell_view(lang, c, *has, a.number, m.id.0))
                .collect(),
        })
        .collect();
    app.pages.render(
        "overview.html",
        lang,
        minijinja::context! {
            signed_in => true,
            csrf => signed.session.csrf.clone(),
            facilitator => true,
            cohort => signed.session.cohort.title.clone(),
            ateliers => ateliers,
            rows => rows,
            attention => attention(lang, &facts),
            participants => grid.rows.len(),
        },
    )
}

fn attention(lang: Lang, facts: &[Facts]) -> Vec<AttentionView> {
    facts
        .iter()
        .filter(|f| f.attention() > 0)
        .take(10)
        .map(|f| {
            let reasons = [
                ("web-attention-missing", f.missing),
                (
                    "web-attention-absent",
                    f.absent.saturating_add(f.unconfirmed),
                ),
                ("web-attention-silent", f.silent.saturating_add(f.not_yet)),
                ("web-attention-late", f.late),
                ("web-attention-questions", f.open_questions),
            ];
            let why: Vec<String> = reasons
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(id, n)| Msg::new(id).arg("count", n).render(lang))
                .collect();
            AttentionView {
                name: f.name.clone(),
                why: why.join(" · "),
            }
        })
        .collect()
}

fn cell_view(lang: Lang, c: &Cell, has_deliverable: bool, atelier: u32, member: i64) -> CellView {
    let preparation = match c.ready {
        Some(true) => Msg::new("web-cell-ready"),
        Some(false) => Msg::new("web-cell-not-yet"),
        None => Msg::new("web-cell-none"),
    }
    .render(lang);
    let attendance = if c.present.1 == 0 {
        Msg::new("web-cell-none").render(lang)
    } else {
        Msg::new("web-cell-present")
            .arg("present", c.present.0)
            .arg("sessions", c.present.1)
            .render(lang)
    };
    let (deliverable, mark) = match (has_deliverable, c.deliverable) {
        (false, _) => (String::new(), ""),
        (true, None) => (Msg::new("web-cell-not-handed-in").render(lang), ""),
        (true, Some((version, status, late))) => (
            Msg::new("web-cell-deliverable")
                .arg("version", version)
                .arg("status", status.as_str())
                .arg("late", if late { "yes" } else { "no" })
                .render(lang),
            match status {
                SubmissionStatus::Received | SubmissionStatus::Rework => "attention",
                _ => "done",
            },
        ),
    };
    let reviews = if c.reviews.0 == 0 {
        String::new()
    } else {
        Msg::new("web-cell-reviews")
            .arg("given", c.reviews.1)
            .arg("asked", c.reviews.0)
            .render(lang)
    };
    CellView {
        preparation,
        attendance,
        deliverable,
        mark,
        reviews,
        link: (has_deliverable && c.deliverable.is_some())
            .then(|| format!("/animation/rendus/{atelier}/{member}")),
    }
}

/// `GET /animation/rendus/<atelier>/<member>`: every version, its files and feedback, and the
/// form to answer.
pub async fn reader(
    State(app): State<App>,
    signed: Signed,
    Path((atelier, member)): Path<(u32, i64)>,
) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::Deliverable) {
        return refused;
    }
    let lang = signed.lang();
    let cohort = &signed.session.cohort;
    let data = async {
        let mut conn = app.engine.store().connection().await?;
        let Some(a) = store::cohorts::atelier(&mut conn, cohort.id, atelier).await? else {
            return Ok(None);
        };
        let Some(m) = store::members::by_id(&mut conn, bot::ids::MemberId(member)).await? else {
            return Ok(None);
        };
        // One cohort never sees another's: a member of another cohort is simply not found.
        if m.cohort != cohort.id {
            return Ok(None);
        }
        let versions = store::submissions::versions(&mut conn, a.id, m.id).await?;
        let refs: Vec<_> = versions.iter().collect();
        let views = version_views(&mut conn, cohort.timezone, lang, &refs).await?;
        Ok::<_, store::StoreError>(Some((a, m, views)))
    }
    .await;
    let (a, m, versions) = match data {
        Ok(Some(d)) => d,
        Ok(None) => return crate::pages::not_found(State(app), Default::default()).await,
        Err(e) => {
            tracing::error!(error = %e, "reading a deliverable failed");
            return internal(&app, lang);
        }
    };
    let statuses: Vec<(&str, String)> = [
        SubmissionStatus::Reviewed,
        SubmissionStatus::Validated,
        SubmissionStatus::Rework,
    ]
    .iter()
    .map(|s| {
        (
            s.as_str(),
            Msg::new("deliverable-status")
                .arg("status", s.as_str())
                .render(lang),
        )
    })
    .collect();
    app.pages.render(
        "reader.html",
        lang,
        minijinja::context! {
            signed_in => true,
            csrf => signed.session.csrf.clone(),
            facilitator => true,
            atelier => (a.number, a.title.clone()),
            author => m.display_name.clone(),
            versions => versions,
            statuses => statuses,
            form => NewForm::for_session(&signed),
            action => format!("/animation/rendus/{atelier}/{member}"),
            now => when(lang, bot::schedule::utc_to_local(cohort.timezone, app.engine.now())),
        },
    )
}

/// The feedback form.
#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    #[serde(flatten)]
    ids: FormIds,
    #[serde(default)]
    status: String,
    #[serde(default)]
    text: String,
}

/// `POST /animation/rendus/<atelier>/<member>`: `!retour N @membre statut texte`.
pub async fn feedback(
    State(app): State<App>,
    signed: Signed,
    Path((atelier, member)): Path<(u32, i64)>,
    Form(form): Form<FeedbackForm>,
) -> Response {
    let lang = signed.lang();
    let event = match signed.check_form(&app, &form.ids) {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    // The engine checks the role, the member's cohort, the atelier and the text, as in chat.
    let command = Ok(Command::Feedback {
        atelier,
        member: format!("<@{member}>"),
        status: SubmissionStatus::parse(&form.status),
        text: form.text,
    });
    let answer = app
        .engine
        .act_on_web(&signed.session, &event, command, Vec::new())
        .await;
    let back = format!("/animation/rendus/{atelier}/{member}");
    answered(&app, &signed, answer, &back, lang)
}

/// `GET /animation/fichiers/<sha256>`: a file handed in within the facilitator's cohort.
pub async fn file(State(app): State<App>, signed: Signed, Path(sha256): Path<String>) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::Deliverable) {
        return refused;
    }
    let name = async {
        let mut conn = app.engine.store().connection().await?;
        store::overview::file_in_cohort(&mut conn, &sha256, signed.session.cohort.id).await
    }
    .await;
    if !crate::security::is_token(&sha256) {
        let lang = signed.lang();
        return app.pages.message(
            StatusCode::NOT_FOUND,
            lang,
            signed.page(
                lang,
                "web-not-found-title",
                vec![Msg::new("web-not-found").render(lang)],
            ),
        );
    }
    send_file(&app, &signed, name, &sha256)
}
