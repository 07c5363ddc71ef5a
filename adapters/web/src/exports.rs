//! The facilitators' downloads: attendance sheets (CSV, printable PDF), completion
//! certificates, the deliverables archive. The files are made by the same code as the
//! command line's exports, which the binary hands to the router as a [`Records`].

use std::future::Future;
use std::pin::Pin;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bot::command::CommandName;
use bot::domain::Cohort;
use bot::engine::Engine;
use bot::i18n::Msg;

use crate::App;
use crate::session::Signed;

/// A file to download.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    /// Its name when saved.
    pub file_name: String,
    /// Its media type.
    pub content_type: &'static str,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The records a cohort's facilitators can download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// One row per person and session (CSV).
    AttendanceCsv,
    /// The sheet of each session, to print and sign (PDF).
    AttendancePdf,
    /// A completion certificate per participant (PDFs in a zip).
    Certificates,
    /// Every deliverable's latest version, with a manifest (zip).
    Deliverables,
}

impl Record {
    /// Every record, in the page's order.
    pub const ALL: [Record; 4] = [
        Record::AttendanceCsv,
        Record::AttendancePdf,
        Record::Certificates,
        Record::Deliverables,
    ];

    /// The last part of its address.
    pub fn slug(self) -> &'static str {
        match self {
            Record::AttendanceCsv => "presences.csv",
            Record::AttendancePdf => "feuilles-de-presence.pdf",
            Record::Certificates => "certificats.zip",
            Record::Deliverables => "livrables.zip",
        }
    }

    fn parse(slug: &str) -> Option<Record> {
        Record::ALL.into_iter().find(|r| r.slug() == slug)
    }

    fn label(self) -> &'static str {
        match self {
            Record::AttendanceCsv => "web-export-attendance-csv",
            Record::AttendancePdf => "web-export-attendance-pdf",
            Record::Certificates => "web-export-certificates",
            Record::Deliverables => "web-export-deliverables",
        }
    }
}

/// A boxed future, so that the trait can be used as an object.
pub type Making<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Download>> + Send + 'a>>;

/// Makes a cohort's records: implemented by the binary with its export commands' code.
pub trait Records: Send + Sync + std::fmt::Debug {
    /// Makes `record` of `cohort`.
    fn make<'a>(&'a self, engine: &'a Engine, cohort: &'a Cohort, record: Record) -> Making<'a>;
}

/// `GET /animation/exports`: the list of downloads.
pub async fn page(State(app): State<App>, signed: Signed) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::Attendance) {
        return refused;
    }
    let lang = signed.lang();
    let records: Vec<(String, String)> = if app.records.is_some() {
        Record::ALL
            .iter()
            .map(|r| {
                (
                    format!("/animation/exports/{}", r.slug()),
                    Msg::new(r.label()).render(lang),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    app.pages.render(
        "exports.html",
        lang,
        minijinja::context! {
            signed_in => true,
            csrf => signed.session.csrf.clone(),
            facilitator => true,
            records => records,
        },
    )
}

/// `GET /animation/exports/<file>`: one record of the facilitator's cohort.
pub async fn download(
    State(app): State<App>,
    signed: Signed,
    Path(slug): Path<String>,
) -> Response {
    if let Err(refused) = signed.may(&app, CommandName::Attendance) {
        return refused;
    }
    let lang = signed.lang();
    let (Some(records), Some(record)) = (app.records.as_ref(), Record::parse(&slug)) else {
        return crate::pages::not_found(State(app), Default::default()).await;
    };
    match records
        .make(&app.engine, &signed.session.cohort, record)
        .await
    {
        Ok(d) => (
            [
                (header::CONTENT_TYPE, d.content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", d.file_name),
                ),
            ],
            d.bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), record = slug, "a record could not be made");
            app.pages.message(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang,
                signed
                    .page(
                        lang,
                        "web-refused-title",
                        vec![
                            Msg::new("web-export-failed")
                                .arg("error", format!("{e:#}"))
                                .render(lang),
                        ],
                    )
                    .back(lang, "/animation/exports", "web-back-link"),
            )
        }
    }
}
