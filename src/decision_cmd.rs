//! `compagnon export-decision`: a decision's public record as Markdown and JSON — question,
//! phases, proposals with every version and amendment, voters, result. Never a ballot.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::store::{self, Store};

/// What to export.
#[derive(Debug, clap::Args)]
pub struct ExportDecision {
    /// SQLite database file.
    #[arg(long, default_value = "compagnon.db")]
    pub db: PathBuf,
    /// The cohort's short name.
    #[arg(long)]
    pub cohort: String,
    /// The decision's number.
    #[arg(long)]
    pub decision: u32,
    /// The folder to write `decision-N.md` and `decision-N.json` in.
    #[arg(long)]
    pub out: PathBuf,
}

pub async fn export(req: ExportDecision) -> Result<ExitCode> {
    let store = Store::open(&req.db)
        .await
        .with_context(|| format!("opening database {}", req.db.display()))?;
    let mut conn = store.pool().acquire().await?;
    let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, &req.cohort).await? else {
        bail!("no cohort named {:?}", req.cohort);
    };
    let Some(d) = store::decisions::by_number(&mut conn, cohort.id, req.decision).await? else {
        bail!("no decision {} in cohort {:?}", req.decision, req.cohort);
    };
    let Some(record) = &d.record else {
        bail!(
            "decision {} has no record yet: its vote closes on {}",
            d.number,
            d.vote_until
        );
    };
    let json: serde_json::Value = serde_json::from_str(record).context("reading the record")?;
    bot::files::private::create_dir_all(&req.out)
        .with_context(|| format!("creating {}", req.out.display()))?;
    let base = req.out.join(format!("decision-{}", d.number));
    bot::files::private::write(
        &base.with_extension("json"),
        serde_json::to_string_pretty(&json)?.as_bytes(),
    )?;
    bot::files::private::write(
        &base.with_extension("md"),
        markdown(&json, cohort.timezone).as_bytes(),
    )?;
    println!("{}.md and .json written", base.display());
    Ok(ExitCode::SUCCESS)
}

fn markdown(r: &serde_json::Value, tz: chrono_tz::Tz) -> String {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    // The phases in the cohort's local time, as people read them.
    let local = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap_or_default()).map_or_else(
            |_| text(v),
            |t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        )
    };
    let mut out = format!(
        "# Décision n° {} : {}\n\n- Propositions jusqu'au {}\n- Amendements jusqu'au {}\n- Vote jusqu'au {} ({})\n- {} votant·es sur {} membres\n- Pouvaient voter : {}\n\n**Résultat : {}**\n",
        r["number"],
        text(&r["question"]),
        local(&r["phases"]["proposals_until"]),
        local(&r["phases"]["amendments_until"]),
        local(&r["phases"]["vote_until"]),
        if r["secret_ballot"].as_bool() == Some(true) {
            "bulletin secret"
        } else {
            "bulletin ouvert"
        },
        r["voters"],
        r["could_vote"],
        text(&r["electorate"]),
        text(&r["result"]),
    );
    for p in r["proposals"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "\n## Proposition {} : {} ({}) — mention majoritaire : {}\n",
            p["number"],
            text(&p["title"]),
            text(&p["author"]),
            text(&p["majority_grade"])
        ));
        for (i, v) in p["versions"].as_array().into_iter().flatten().enumerate() {
            out.push_str(&format!(
                "\n### Version {}\n\n{}\n",
                i + 1,
                text(&v["text"])
            ));
        }
        let files: Vec<String> = p["files"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect();
        if !files.is_empty() {
            out.push_str(&format!("\nFichiers : {}\n", files.join(", ")));
        }
        for a in p["amendments"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "\n- Amendement {} ({}, {}) : {}\n",
                a["number"],
                text(&a["author"]),
                text(&a["state"]),
                text(&a["text"])
            ));
        }
    }
    out
}
