//! `compagnon export-poll`: a poll's ballots as CSV — anonymised when the poll is anonymous.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::files::csv::Csv;
use bot::poll::Grade;
use bot::store::{self, Store, polls::PollKind};

/// What to export.
#[derive(Debug)]
pub struct ExportPollRequest {
    pub db: PathBuf,
    pub poll: i64,
    pub cohort: Option<String>,
    pub out: PathBuf,
}

fn describe(kind: PollKind, options: &[String], choices_json: &str) -> Result<Vec<String>> {
    let indexes: Vec<usize> = serde_json::from_str(choices_json).context("a stored ballot")?;
    Ok(match kind {
        // One column per option: its grade.
        PollKind::Judgment => indexes
            .into_iter()
            .map(|g| {
                Grade::from_index(g)
                    .map(|g| g.to_msg().render(bot::domain::Lang::Fr))
                    .unwrap_or_default()
            })
            .collect(),
        // One column: the chosen options.
        _ => vec![
            indexes
                .into_iter()
                .filter_map(|i| options.get(i).cloned())
                .collect::<Vec<_>>()
                .join(";"),
        ],
    })
}

pub async fn export(req: ExportPollRequest) -> Result<ExitCode> {
    let store = Store::open(&req.db)
        .await
        .with_context(|| format!("opening database {}", req.db.display()))?;
    let mut conn = store.pool().acquire().await?;
    let poll = match &req.cohort {
        Some(name) => {
            let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, name).await? else {
                bail!("no cohort named {name:?}");
            };
            store::polls::by_number(&mut conn, cohort.id, req.poll as u32).await?
        }
        None => store::polls::by_id(&mut conn, req.poll).await?,
    };
    let Some(poll) = poll else {
        bail!("no such poll: {}", req.poll);
    };
    let mut header: Vec<String> = Vec::new();
    if !poll.anonymous {
        header.extend(["voter".to_owned(), "cast_at".to_owned()]);
    }
    match poll.kind {
        PollKind::Judgment => header.extend(poll.options.iter().cloned()),
        _ => header.push("choices".to_owned()),
    }
    let mut csv = Csv::with_header(&header);
    let mut ballots = 0;
    if poll.anonymous {
        // Ballots only, in the order of their tokens: nothing ties a row to a person or a time.
        for choices in store::polls::ballots(&mut conn, &poll).await? {
            csv.row(&describe(poll.kind, &poll.options, &choices)?);
            ballots += 1;
        }
    } else {
        for (voter, choices, at) in store::polls::named_ballots(&mut conn, &poll).await? {
            let mut cells = vec![voter, at.to_rfc3339()];
            cells.extend(describe(poll.kind, &poll.options, &choices)?);
            csv.row(&cells);
            ballots += 1;
        }
    }
    bot::files::private::write(&req.out, csv.finish().as_bytes())
        .with_context(|| format!("writing {}", req.out.display()))?;
    println!("{}: {ballots} ballot(s)", req.out.display());
    Ok(ExitCode::SUCCESS)
}
