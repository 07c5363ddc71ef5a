//! `compagnon export-resources`: a cohort's pooled directory of offers and needs, as CSV or
//! Markdown (from the extension of `--out`), for the collective project.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::files::csv::Csv;
use bot::store::{self, Store, resources::Side};

/// What to export.
#[derive(Debug, clap::Args)]
pub struct ExportResources {
    /// SQLite database file.
    #[arg(long, default_value = "compagnon.db")]
    pub db: PathBuf,
    /// The cohort's short name.
    #[arg(long)]
    pub cohort: String,
    /// The file to write: `.csv` or `.md`.
    #[arg(long)]
    pub out: PathBuf,
}

/// One line of the directory.
struct Row {
    number: u32,
    side: &'static str,
    kind: &'static str,
    title: String,
    place: String,
    name: String,
    matches: String,
}

pub async fn export(req: ExportResources) -> Result<ExitCode> {
    let markdown = match req.out.extension().and_then(|e| e.to_str()) {
        Some("csv") => false,
        Some("md") => true,
        _ => bail!("--out must end in .csv or .md"),
    };
    let store = Store::open(&req.db)
        .await
        .with_context(|| format!("opening database {}", req.db.display()))?;
    let mut conn = store.pool().acquire().await?;
    let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, &req.cohort).await? else {
        bail!("no cohort named {:?}", req.cohort);
    };
    let members = store::members::of_cohort(&mut conn, cohort.id).await?;
    let mut rows = Vec::new();
    for r in store::resources::active(&mut conn, cohort.id).await? {
        let matched = store::resources::matches_of(&mut conn, r.id).await?;
        rows.push(Row {
            number: r.number,
            side: if r.side == Side::Offer {
                "offre"
            } else {
                "besoin"
            },
            kind: r.kind.as_str(),
            title: r.title,
            place: r.place.unwrap_or_default(),
            name: members
                .iter()
                .find(|m| m.id == r.member)
                .map(|m| m.display_name.clone())
                .unwrap_or_default(),
            matches: matched
                .iter()
                .map(|n| format!("#{n}"))
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    let text = if markdown {
        markdown_text(&cohort.title, &rows)
    } else {
        csv_text(&rows)
    };
    bot::files::private::write(&req.out, text.as_bytes())
        .with_context(|| format!("writing {}", req.out.display()))?;
    println!("{}: {} offer(s) and need(s)", req.out.display(), rows.len());
    Ok(ExitCode::SUCCESS)
}

fn csv_text(rows: &[Row]) -> String {
    let mut csv = Csv::with_header(&[
        "numero",
        "sens",
        "type",
        "intitule",
        "lieu",
        "membre",
        "mis_en_relation",
    ]);
    for r in rows {
        csv.row(&[
            r.number.to_string().as_str(),
            r.side,
            r.kind,
            &r.title,
            &r.place,
            &r.name,
            &r.matches,
        ]);
    }
    csv.finish()
}

/// Text from people, made safe for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn markdown_text(title: &str, rows: &[Row]) -> String {
    let mut out = format!("# Mutualisation — {}\n", cell(title));
    for (side, heading) in [("offre", "Offres"), ("besoin", "Besoins")] {
        out.push_str(&format!(
            "\n## {heading}\n\n| n° | type | intitulé | lieu | membre | mis en relation |\n|---|---|---|---|---|---|\n"
        ));
        for r in rows.iter().filter(|r| r.side == side) {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.number,
                r.kind,
                cell(&r.title),
                cell(&r.place),
                cell(&r.name),
                r.matches
            ));
        }
    }
    out
}
