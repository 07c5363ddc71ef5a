//! `compagnon programme check|preview|import`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use bot::domain::Lang;
use bot::i18n::Msg;
use bot::programme::Programme;
use bot::store::{self, Store};
use chrono::Utc;

/// Reads and parses `file`; on problems prints each as `FILE:LINE:COL: message` to stderr.
fn load(file: &Path, lang: Lang) -> Result<Option<Programme>> {
    let parsed = bot::files::read_programme(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    match parsed {
        Ok(p) => Ok(Some(p)),
        Err(problems) => {
            for p in &problems {
                eprintln!(
                    "{}:{}:{}: {}",
                    file.display(),
                    p.line,
                    p.column,
                    p.message.render(lang)
                );
            }
            eprintln!(
                "{}",
                Msg::new("cli-check-failed")
                    .arg("file", file.display().to_string())
                    .arg("count", problems.len())
                    .render(lang)
            );
            Ok(None)
        }
    }
}

pub fn check(file: &Path, lang: Lang) -> Result<ExitCode> {
    let Some(p) = load(file, lang)? else {
        return Ok(ExitCode::FAILURE);
    };
    let references: usize = p.ateliers.iter().map(|a| a.references.len()).sum();
    let deliverables = p
        .ateliers
        .iter()
        .filter(|a| a.deliverable.is_some())
        .count();
    println!(
        "{}",
        Msg::new("cli-check-ok")
            .arg("file", file.display().to_string())
            .arg("ateliers", p.ateliers.len())
            .arg("references", references)
            .arg("deliverables", deliverables)
            .arg("messages", bot::schedule::plan(&p).len())
            .render(lang)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn preview(file: &Path, lang: Lang) -> Result<ExitCode> {
    let Some(p) = load(file, lang)? else {
        return Ok(ExitCode::FAILURE);
    };
    println!("{}", bot::preview::render(&p, lang));
    Ok(ExitCode::SUCCESS)
}

pub async fn import(file: &Path, db: &Path, lang: Lang) -> Result<ExitCode> {
    let Some(p) = load(file, lang)? else {
        return Ok(ExitCode::FAILURE);
    };
    let store = Store::open(db)
        .await
        .with_context(|| format!("opening database {}", db.display()))?;
    let mut tx = store.begin().await?;
    let report = store::import_programme(&mut tx, &p, Utc::now()).await?;
    tx.commit().await?;
    let msg = report.summary(&p.cohort.name);
    println!("{}", msg.render(lang));
    Ok(ExitCode::SUCCESS)
}
