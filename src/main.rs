//! `compagnon`: the thin binary. Parses the command line, wires the core to its adapters.

mod attendance_cmd;
mod config;
mod decision_cmd;
mod doctor_cmd;
mod evaluation_cmd;
mod export_cmd;
mod export_poll_cmd;
mod init_cmd;
mod programme_cmd;
mod records;
mod resources_cmd;
mod run_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use bot::domain::Lang;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

/// A chat companion for distance-learning workshop cycles, on Discord and Matrix.
#[derive(Debug, Parser)]
#[command(name = "compagnon", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check, preview or import a cohort's programme file.
    Programme {
        #[command(subcommand)]
        action: ProgrammeAction,
    },
    /// Chat with the bot in the terminal (one line = one message; `:aide` for console commands).
    Console {
        /// SQLite database file.
        #[arg(long, default_value = "compagnon.db")]
        db: PathBuf,
        /// Programme file to import and link to the console room first.
        #[arg(long)]
        programme: Option<PathBuf>,
        /// Start a simulated clock at this RFC 3339 instant (e.g. 2027-02-01T09:00:00+01:00);
        /// enables `:advance`.
        #[arg(long, value_parser = parse_instant)]
        now: Option<DateTime<Utc>>,
        /// Where deliverable files are kept (default: `data/` beside the database).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Record every delivered message with its key in FILE; a restarted console never shows
        /// a recorded message again.
        #[arg(long)]
        transcript: Option<PathBuf>,
        /// Serve the web space too, on this address (e.g. 127.0.0.1:8080), with the console's
        /// clock; `!web` then prints a sign-in link.
        #[arg(long)]
        web: Option<std::net::SocketAddr>,
    },
    /// Export a cohort's deliverables as a zip archive with a manifest.csv.
    Export {
        /// SQLite database file.
        #[arg(long, default_value = "compagnon.db")]
        db: PathBuf,
        /// Where deliverable files are kept (default: `data/` beside the database).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// The cohort's short name.
        #[arg(long)]
        cohort: String,
        /// Only this atelier.
        #[arg(long)]
        atelier: Option<u32>,
        /// Every version, not only the latest.
        #[arg(long)]
        all_versions: bool,
        /// The archive to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Export a poll's ballots as CSV (anonymised when the poll is anonymous).
    ExportPoll {
        /// SQLite database file.
        #[arg(long, default_value = "compagnon.db")]
        db: PathBuf,
        /// The poll: its id, or its number when --cohort is given.
        #[arg(long)]
        poll: i64,
        /// The cohort whose poll number --poll is.
        #[arg(long)]
        cohort: Option<String>,
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Export attendance sheets: one row per person and session (CSV), or a printable sheet
    /// per session (PDF), from the extension of --out.
    ExportAttendance(attendance_cmd::ExportAttendance),
    /// Export a cohort's evaluations as CSV (without names when they are anonymous).
    ExportEvaluation(evaluation_cmd::ExportEvaluation),
    /// Write a completion certificate (PDF, certificat de réalisation) per participant.
    Certificate(attendance_cmd::Certificates),
    /// Export a cohort's pooled offers and needs as CSV or Markdown (from --out's extension).
    ExportResources(resources_cmd::ExportResources),
    /// Export a decision's record as Markdown and JSON.
    ExportDecision(decision_cmd::ExportDecision),
    /// Check what can be checked before going live, with a fix for each problem.
    Doctor(doctor_cmd::Doctor),
    /// Answer a few questions and get a working compagnon.toml and programme.toml.
    Init(init_cmd::Init),
    /// Run the bot on the platforms configured in FILE.
    Run {
        /// Configuration file (TOML).
        #[arg(long)]
        config: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ProgrammeAction {
    /// Check a programme file; exits non-zero and lists every problem with its line.
    Check {
        /// The programme file.
        file: PathBuf,
        /// Language of the messages.
        #[arg(long, default_value = "fr", value_parser = parse_lang)]
        lang: Lang,
    },
    /// List every automated message the programme will produce, in time order.
    Preview {
        /// The programme file.
        file: PathBuf,
        /// Language of the preview.
        #[arg(long, default_value = "fr", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Create or update the cohort in the database (idempotent).
    Import {
        /// The programme file.
        file: PathBuf,
        /// SQLite database file.
        #[arg(long, default_value = "compagnon.db")]
        db: PathBuf,
        /// Language of the messages.
        #[arg(long, default_value = "fr", value_parser = parse_lang)]
        lang: Lang,
    },
}

/// The web space of a console rehearsal: served and reached at `addr`, over plain http.
fn local_web(addr: std::net::SocketAddr) -> Result<compagnon_web::WebConfig> {
    Ok(compagnon_web::WebConfig {
        listen: addr,
        public_url: format!("http://{addr}")
            .parse()
            .map_err(|e| anyhow::anyhow!("--web {addr}: {e}"))?,
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (fr or en)"))
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("not an RFC 3339 instant ({e}); e.g. 2027-02-01T09:00:00+01:00"))
}

/// What an operator sees without `RUST_LOG`: warnings, plus compagnon's own start-up lines
/// (what is connected). matrix-sdk warns at every DM that the account has no key backup, which
/// the bot does not use: that line is an error-level matter only.
const DEFAULT_LOG: &str = "warn,compagnon=info,compagnon_matrix=info,compagnon_discord=info,matrix_sdk_crypto::backups=error";

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Programme { action } => match action {
            ProgrammeAction::Check { file, lang } => programme_cmd::check(&file, lang),
            ProgrammeAction::Preview { file, lang } => programme_cmd::preview(&file, lang),
            ProgrammeAction::Import { file, db, lang } => {
                programme_cmd::import(&file, &db, lang).await
            }
        },
        Command::Console {
            db,
            programme,
            now,
            data_dir,
            transcript,
            web,
        } => {
            let options = compagnon_console::ConsoleOptions {
                data_dir: data_dir.unwrap_or_else(|| export_cmd::default_data_dir(&db)),
                db,
                programme,
                now,
                transcript,
                web: web.map(local_web).transpose()?,
                records: Some(std::sync::Arc::new(records::CliRecords)),
            };
            let stdin = tokio::io::BufReader::new(tokio::io::stdin());
            compagnon_console::run(options, stdin, std::io::stdout()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            db,
            data_dir,
            cohort,
            atelier,
            all_versions,
            out,
        } => {
            export_cmd::export(export_cmd::ExportRequest {
                data_dir: data_dir.unwrap_or_else(|| export_cmd::default_data_dir(&db)),
                db,
                cohort,
                atelier,
                all_versions,
                out,
            })
            .await
        }
        Command::ExportPoll {
            db,
            poll,
            cohort,
            out,
        } => {
            export_poll_cmd::export(export_poll_cmd::ExportPollRequest {
                db,
                poll,
                cohort,
                out,
            })
            .await
        }
        Command::ExportAttendance(req) => attendance_cmd::export_attendance(req).await,
        Command::ExportEvaluation(req) => evaluation_cmd::export(req).await,
        Command::ExportResources(req) => resources_cmd::export(req).await,
        Command::ExportDecision(req) => decision_cmd::export(req).await,
        Command::Certificate(req) => attendance_cmd::certificates(req, Utc::now()).await,
        Command::Init(init) => init_cmd::run(init),
        Command::Doctor(doctor) => doctor_cmd::run(doctor).await,
        Command::Run { config } => {
            let config = config::Config::load(&config)?;
            run_cmd::run(config).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
