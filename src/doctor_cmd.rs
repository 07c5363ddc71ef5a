//! `compagnon doctor --config FILE`: what can be checked before going live — the database and
//! data folder writable, every programme valid, secrets readable, the Matrix login and room
//! membership, the Discord token, intent and channel permissions, the web address — each with
//! its fix when it fails. Exits 1 when anything failed.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use bot::doctor::Check;
use bot::domain::Lang;
use bot::i18n::Msg;

use crate::config::Config;

/// `compagnon doctor`'s options.
#[derive(Debug, clap::Args)]
pub struct Doctor {
    /// The configuration file to check.
    #[arg(long)]
    config: std::path::PathBuf,
    /// Language of the report.
    #[arg(long, default_value = "fr", value_parser = crate::parse_lang)]
    lang: Lang,
}

/// Runs every check and prints one line each, with the fix under a failed one.
pub async fn run(doctor: Doctor) -> Result<ExitCode> {
    let checks = match Config::load(&doctor.config) {
        Ok(config) => {
            let mut checks = vec![Check::pass(
                Msg::new("doctor-config").arg("file", doctor.config.display().to_string()),
            )];
            checks.extend(all(&config).await);
            checks
        }
        Err(e) => vec![Check::fail(
            Msg::new("doctor-config-bad").arg("error", format!("{e:#}")),
            Msg::new("doctor-fix-config"),
        )],
    };
    let failed = checks.iter().filter(|c| !c.ok).count();
    for check in &checks {
        let mark = if check.ok { "✓" } else { "✗" };
        println!("{mark} {}", check.what.render(doctor.lang));
        if let Some(fix) = &check.fix {
            println!("  → {}", fix.render(doctor.lang));
        }
    }
    println!(
        "{}",
        Msg::new("doctor-summary")
            .arg("failed", failed)
            .arg("checks", checks.len())
            .render(doctor.lang)
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn all(config: &Config) -> Vec<Check> {
    let mut out = vec![database(&config.database).await, data_dir(&config.data_dir)];
    out.extend(config.programmes.iter().map(|p| programme(p)));
    if config.matrix.is_none() && config.discord.is_none() {
        out.push(Check::fail(
            Msg::new("doctor-no-platform"),
            Msg::new("doctor-fix-no-platform"),
        ));
    }
    if let Some(matrix) = &config.matrix {
        out.extend(compagnon_matrix::doctor::checks(matrix).await);
    }
    if let Some(discord) = &config.discord {
        out.extend(compagnon_discord::doctor::checks(discord).await);
    }
    if let Some(web) = &config.web {
        out.extend(web_checks(web).await);
    }
    out
}

/// Opens the database (applying migrations) and takes its write lock.
async fn database(path: &Path) -> Check {
    let written = async {
        let store = bot::store::Store::open(path).await?;
        // `begin` takes the write lock (BEGIN IMMEDIATE); dropping it rolls back.
        let tx = store.begin().await?;
        drop(tx);
        Ok::<_, bot::store::StoreError>(())
    }
    .await;
    let file = path.display().to_string();
    match written {
        Ok(()) => Check::pass(Msg::new("doctor-database").arg("file", file)),
        Err(e) => Check::fail(
            Msg::new("doctor-database-bad")
                .arg("file", file.clone())
                .arg("error", e.to_string()),
            Msg::new("doctor-fix-writable").arg("path", file),
        ),
    }
}

/// The data folder exists (or can be made) and takes a file.
fn data_dir(dir: &Path) -> Check {
    let probe = dir.join(".compagnon-doctor");
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&probe, b"ok"))
        .and_then(|()| std::fs::remove_file(&probe));
    let path = dir.display().to_string();
    match written {
        Ok(()) => Check::pass(Msg::new("doctor-data-dir").arg("path", path)),
        Err(e) => Check::fail(
            Msg::new("doctor-data-dir-bad")
                .arg("path", path.clone())
                .arg("error", e.to_string()),
            Msg::new("doctor-fix-writable").arg("path", path),
        ),
    }
}

fn programme(path: &Path) -> Check {
    let file = path.display().to_string();
    match bot::files::read_programme(path) {
        Ok(Ok(p)) => Check::pass(
            Msg::new("doctor-programme")
                .arg("file", file)
                .arg("cohort", p.cohort.name.as_str())
                .arg("ateliers", p.ateliers.len()),
        ),
        Ok(Err(problems)) => Check::fail(
            Msg::new("doctor-programme-bad")
                .arg("file", file.clone())
                .arg("count", problems.len())
                .arg("line", problems.first().map_or(0, |p| p.line)),
            Msg::new("doctor-fix-programme").arg("file", file),
        ),
        Err(e) => Check::fail(
            Msg::new("doctor-programme-unreadable")
                .arg("file", file.clone())
                .arg("error", e.to_string()),
            Msg::new("doctor-fix-programme").arg("file", file),
        ),
    }
}

/// The listening address is free, and the public address's host resolves.
async fn web_checks(web: &compagnon_web::WebConfig) -> Vec<Check> {
    let mut out = Vec::new();
    out.push(match tokio::net::TcpListener::bind(web.listen).await {
        Ok(_) => Check::pass(Msg::new("doctor-web-listen").arg("listen", web.listen.to_string())),
        Err(e) => Check::fail(
            Msg::new("doctor-web-listen-bad")
                .arg("listen", web.listen.to_string())
                .arg("error", e.to_string()),
            Msg::new("doctor-fix-web-listen"),
        ),
    });
    let host = web.public_url.host_str().unwrap_or("").to_owned();
    let port = web.public_url.port_or_known_default().unwrap_or(443);
    let resolves = tokio::net::lookup_host((host.as_str(), port))
        .await
        .is_ok_and(|mut addrs| addrs.next().is_some());
    out.push(if resolves {
        Check::pass(Msg::new("doctor-web-public").arg("url", web.base_url()))
    } else {
        Check::fail(
            Msg::new("doctor-web-public-bad").arg("url", web.base_url()),
            Msg::new("doctor-fix-web-public").arg("host", host.clone()),
        )
    });
    if web.public_url.scheme() != "https" && !matches!(host.as_str(), "localhost" | "127.0.0.1") {
        out.push(Check::fail(
            Msg::new("doctor-web-not-https").arg("url", web.base_url()),
            Msg::new("doctor-fix-web-https"),
        ));
    }
    out
}
