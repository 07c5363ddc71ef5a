//! The facilitators' page of a cohort's polls and decisions: each poll with its results as chat
//! gives them and its chart (bars, or the merit profile of a majority judgment), each decision
//! with its phases and, once voted, its record.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bot::command::CommandName;
use bot::i18n::Msg;
use bot::store;
use serde::Serialize;

use crate::App;
use crate::participant::when;
use crate::session::{Signed, internal};

#[derive(Debug, Serialize)]
struct PollRow {
    number: u32,
    question: String,
    state: String,
    lines: Vec<String>,
    chart: bool,
}

#[derive(Debug, Serialize)]
struct DecisionRow {
    number: u32,
    question: String,
    phases: String,
    record: Option<String>,
}

/// `GET /animation/sondages`.
pub async fn page(State(app): State<App>, signed: Signed) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::ClosePoll) {
        return refused;
    }
    let lang = signed.lang();
    let cohort = &signed.session.cohort;
    let polls = match app.engine.polls_for_web(cohort, lang).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e.report(), "reading the polls failed");
            return internal(&app, lang);
        }
    };
    let decisions = async {
        let mut conn = app.engine.store().connection().await?;
        store::decisions::of_cohort(&mut conn, cohort.id).await
    }
    .await;
    let decisions = match decisions {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "reading the decisions failed");
            return internal(&app, lang);
        }
    };
    let local = |t| when(lang, bot::schedule::utc_to_local(cohort.timezone, t));
    let polls: Vec<PollRow> = polls
        .into_iter()
        .map(|v| PollRow {
            number: v.poll.number,
            question: v.poll.question.clone(),
            state: Msg::new("web-poll-state")
                .arg("open", if v.poll.open { "yes" } else { "no" })
                .arg("anonymous", if v.poll.anonymous { "yes" } else { "no" })
                .render(lang),
            lines: v.lines,
            chart: v.chart,
        })
        .collect();
    let decisions: Vec<DecisionRow> = decisions
        .into_iter()
        .map(|d| DecisionRow {
            number: d.number,
            question: d.question.clone(),
            phases: Msg::new("web-decision-phases")
                .arg("proposals", local(d.proposals_until))
                .arg("amendments", local(d.amendments_until))
                .arg("vote", local(d.vote_until))
                .render(lang),
            record: d.record.clone(),
        })
        .collect();
    app.pages.render(
        "votes.html",
        lang,
        minijinja::context! {
            signed_in => true,
            csrf => signed.session.csrf.clone(),
            facilitator => true,
            polls => polls,
            decisions => decisions,
        },
    )
}

/// `GET /animation/sondages/<n>/graphique.png`: the chart, when results may be shown.
pub async fn chart(State(app): State<App>, signed: Signed, Path(number): Path<u32>) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::ClosePoll) {
        return refused;
    }
    let lang = signed.lang();
    match app
        .engine
        .poll_chart_for_web(&signed.session.cohort, number, lang)
        .await
    {
        Ok(Some(png)) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e.report(), "drawing a chart failed");
            internal(&app, lang)
        }
    }
}
