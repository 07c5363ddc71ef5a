//! `compagnon export-evaluation`: a cohort's evaluations as CSV — without names when they are
//! anonymous.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::files::csv::Csv;
use bot::store::{self, Store, evaluations::Answer};

/// What to export.
#[derive(Debug, clap::Args)]
pub struct ExportEvaluation {
    /// SQLite database file.
    #[arg(long, default_value = "compagnon.db")]
    pub db: PathBuf,
    /// The cohort's short name.
    #[arg(long)]
    pub cohort: String,
    /// Only this atelier's evaluation.
    #[arg(long, conflicts_with = "objectives")]
    pub atelier: Option<u32>,
    /// The self-assessment against the objectives instead of the ateliers' evaluations.
    #[arg(long)]
    pub objectives: bool,
    /// The CSV file to write.
    #[arg(long)]
    pub out: PathBuf,
}

pub async fn export(req: ExportEvaluation) -> Result<ExitCode> {
    let store = Store::open(&req.db)
        .await
        .with_context(|| format!("opening database {}", req.db.display()))?;
    let mut conn = store.pool().acquire().await?;
    let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, &req.cohort).await? else {
        bail!("no cohort named {:?}", req.cohort);
    };
    let members = store::members::of_cohort(&mut conn, cohort.id).await?;
    let name = |a: &Answer| {
        a.member
            .and_then(|id| members.iter().find(|m| m.id == id))
            .map_or_else(String::new, |m| m.display_name.clone())
    };
    let (csv, rows) = if req.objectives {
        objectives_csv(&mut conn, &cohort, &name).await?
    } else {
        ateliers_csv(&mut conn, &cohort, req.atelier, &name).await?
    };
    bot::files::private::write(&req.out, csv.finish().as_bytes())
        .with_context(|| format!("writing {}", req.out.display()))?;
    println!("{}: {rows} answer(s)", req.out.display());
    Ok(ExitCode::SUCCESS)
}

/// One row per answer and objective: before and after.
async fn objectives_csv(
    conn: &mut store::Connection,
    cohort: &bot::domain::Cohort,
    name: &impl Fn(&Answer) -> String,
) -> Result<(Csv, usize)> {
    let objectives = store::evaluations::objectives(conn, cohort.id).await?;
    let Some(e) = store::evaluations::find(conn, cohort.id, None).await? else {
        bail!("the self-assessment of {:?} has not opened", cohort.name);
    };
    let mut csv = Csv::with_header(&[
        "reponse",
        "participant",
        "objectif",
        "texte",
        "avant",
        "apres",
    ]);
    let answers = store::evaluations::answers(conn, e.id).await?;
    for (i, a) in answers.iter().enumerate() {
        for (k, text) in objectives.iter().enumerate() {
            let score = |j: usize| a.scores.get(2 * k + j).map_or(String::new(), u8::to_string);
            csv.row(&[
                (i + 1).to_string(),
                name(a),
                (k + 1).to_string(),
                text.clone(),
                score(0),
                score(1),
            ]);
        }
    }
    Ok((csv, answers.len()))
}

/// One row per answer to an atelier's evaluation.
async fn ateliers_csv(
    conn: &mut store::Connection,
    cohort: &bot::domain::Cohort,
    only: Option<u32>,
    name: &impl Fn(&Answer) -> String,
) -> Result<(Csv, usize)> {
    let mut csv = Csv::with_header(&[
        "atelier",
        "titre",
        "participant",
        "satisfaction",
        "objectifs_atteints",
        "a_garder",
        "a_changer",
    ]);
    let mut rows = 0;
    for a in store::cohorts::ateliers(conn, cohort.id).await? {
        if only.is_some_and(|n| n != a.number) {
            continue;
        }
        let Some(e) = store::evaluations::find(conn, cohort.id, Some(a.id)).await? else {
            continue;
        };
        for answer in store::evaluations::answers(conn, e.id).await? {
            let score = |j: usize| answer.scores.get(j).map_or(String::new(), u8::to_string);
            csv.row(&[
                a.number.to_string(),
                a.title.clone(),
                name(&answer),
                score(0),
                score(1),
                answer.keep.clone().unwrap_or_default(),
                answer.change.clone().unwrap_or_default(),
            ]);
            rows += 1;
        }
    }
    Ok((csv, rows))
}
