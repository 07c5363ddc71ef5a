//! `compagnon export-attendance` (the sheets as CSV or printable PDF) and `compagnon
//! certificate` (a completion certificate per participant, PDF).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::domain::{Cohort, Member, Presence, Role};
use bot::files::csv::Csv;
use bot::i18n::Msg;
use bot::print::{AttendanceSheet, Certificate, CertificateAtelier, SheetRow};
use bot::store::{self, Store, attendance::SheetLine};
use chrono::{DateTime, Utc};

/// What `export-attendance` writes.
#[derive(Debug, clap::Args)]
pub struct ExportAttendance {
    /// SQLite database file.
    #[arg(long, default_value = "compagnon.db")]
    pub db: PathBuf,
    /// The cohort's short name.
    #[arg(long)]
    pub cohort: String,
    /// Only this atelier.
    #[arg(long)]
    pub atelier: Option<u32>,
    /// The file to write: FILE.csv or FILE.pdf.
    #[arg(long)]
    pub out: PathBuf,
}

/// What `certificate` writes.
#[derive(Debug, clap::Args)]
pub struct Certificates {
    /// SQLite database file.
    #[arg(long, default_value = "compagnon.db")]
    pub db: PathBuf,
    /// The cohort's short name.
    #[arg(long)]
    pub cohort: String,
    /// Only this participant (their name).
    #[arg(long)]
    pub member: Option<String>,
    /// The folder to write the certificates in.
    #[arg(long)]
    pub out: PathBuf,
}

/// CSV or PDF, from the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Pdf,
}

fn format_of(out: &Path) -> Result<Format> {
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(Format::Csv),
        Some("pdf") => Ok(Format::Pdf),
        _ => bail!("{}: the output must end in .csv or .pdf", out.display()),
    }
}

async fn open(db: &Path, name: &str) -> Result<(Store, Cohort)> {
    let store = Store::open(db)
        .await
        .with_context(|| format!("opening database {}", db.display()))?;
    let mut conn = store.pool().acquire().await?;
    let Some(cohort) = store::cohorts::cohort_by_name(&mut conn, name).await? else {
        bail!("no cohort named {name:?}");
    };
    drop(conn);
    Ok((store, cohort))
}

pub async fn export_attendance(req: ExportAttendance) -> Result<ExitCode> {
    let format = format_of(&req.out)?;
    let (store, cohort) = open(&req.db, &req.cohort).await?;
    let (bytes, lines) =
        attendance_file(&store, &cohort, req.atelier, format == Format::Pdf).await?;
    bot::files::private::write(&req.out, &bytes)
        .with_context(|| format!("writing {}", req.out.display()))?;
    println!("{}: {} line(s)", req.out.display(), lines);
    Ok(ExitCode::SUCCESS)
}

/// The attendance sheets of `cohort` (or of one atelier) as CSV, or as a printable PDF, and
/// how many lines they hold.
pub async fn attendance_file(
    store: &Store,
    cohort: &Cohort,
    atelier: Option<u32>,
    pdf: bool,
) -> Result<(Vec<u8>, usize)> {
    let mut conn = store.pool().acquire().await?;
    if let Some(n) = atelier
        && store::cohorts::atelier(&mut conn, cohort.id, n)
            .await?
            .is_none()
    {
        bail!("cohort {:?} has no atelier {n}", cohort.name);
    }
    let lines = store::attendance::sheet(&mut conn, cohort.id, atelier).await?;
    drop(conn);
    let bytes = if pdf {
        let sheets = sheets(store, cohort, &lines).await?;
        bot::print::attendance_pdf(&sheets, cohort.language)?
    } else {
        attendance_csv(cohort, &lines).into_bytes()
    };
    Ok((bytes, lines.len()))
}

/// The words of one sheet line, in the cohort's language: presence, mode, when, by whom.
fn words(cohort: &Cohort, l: &SheetLine) -> (String, String, String, String) {
    let lang = cohort.language;
    let presence = l
        .mark
        .as_ref()
        .map_or("unconfirmed", |m| m.presence.as_str());
    let mode = l
        .mark
        .as_ref()
        .and_then(|m| m.mode)
        .map_or("none", |m| m.as_str());
    let when = l.mark.as_ref().map_or_else(String::new, |m| {
        bot::schedule::utc_to_local(cohort.timezone, m.recorded_at)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    });
    let by = match &l.mark {
        Some(m) if m.recorded_by == Some(m.member) => Msg::new("print-by-self").render(lang),
        Some(_) => l.recorded_by.clone().unwrap_or_default(),
        None => String::new(),
    };
    (
        Msg::new("print-presence")
            .arg("presence", presence)
            .render(lang),
        Msg::new("print-mode").arg("mode", mode).render(lang),
        when,
        by,
    )
}

/// One row per person and session.
fn attendance_csv(cohort: &Cohort, lines: &[SheetLine]) -> String {
    let mut csv = Csv::with_header(&[
        "atelier",
        "titre",
        "session",
        "debut",
        "fin",
        "participant",
        "presence",
        "mode",
        "confirme_le",
        "confirme_par",
    ]);
    for l in lines {
        let (presence, mode, when, by) = words(cohort, l);
        csv.row(&[
            l.atelier.to_string(),
            l.title.clone(),
            l.session.to_string(),
            l.times.start.format("%Y-%m-%d %H:%M").to_string(),
            l.times.end.format("%Y-%m-%d %H:%M").to_string(),
            l.name.clone(),
            presence,
            mode,
            when,
            by,
        ]);
    }
    csv.finish()
}

/// The sheet lines grouped into one printable sheet per session.
async fn sheets(
    store: &Store,
    cohort: &Cohort,
    lines: &[SheetLine],
) -> Result<Vec<AttendanceSheet>> {
    let mut conn = store.pool().acquire().await?;
    let ateliers = store::cohorts::ateliers(&mut conn, cohort.id).await?;
    let mut out: Vec<AttendanceSheet> = Vec::new();
    for l in lines {
        let (presence, mode, confirmed, by) = words(cohort, l);
        let row = SheetRow {
            name: l.name.clone(),
            presence,
            mode,
            confirmed,
            by,
            present: l
                .mark
                .as_ref()
                .is_some_and(|m| m.presence == Presence::Present),
        };
        match out.last_mut() {
            Some(s) if s.atelier == l.atelier && s.session == l.session => s.rows.push(row),
            _ => {
                let atelier = ateliers.iter().find(|a| a.number == l.atelier);
                out.push(AttendanceSheet {
                    cohort: cohort.title.clone(),
                    organisation: cohort.organisation.clone(),
                    atelier: l.atelier,
                    title: l.title.clone(),
                    session: l.session,
                    sessions: atelier.map_or(1, |a| a.sessions.len()),
                    start: l.times.start,
                    end: l.times.end,
                    place: atelier.and_then(|a| a.place.clone()),
                    rows: vec![row],
                });
            }
        }
    }
    Ok(out)
}

pub async fn certificates(req: Certificates, now: DateTime<Utc>) -> Result<ExitCode> {
    let (store, cohort) = open(&req.db, &req.cohort).await?;
    let files = certificate_files(&store, &cohort, req.member.as_deref(), now).await?;
    bot::files::private::create_dir_all(&req.out)
        .with_context(|| format!("creating {}", req.out.display()))?;
    for (name, bytes) in files {
        let path = req.out.join(name);
        bot::files::private::write(&path, &bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A completion certificate (PDF) per participant of `cohort` — or for the one `member`
/// names —, each with its file name.
pub async fn certificate_files(
    store: &Store,
    cohort: &Cohort,
    member: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let Some(organisation) = cohort.organisation.clone() else {
        bail!(
            "the programme of {:?} names no organisation: add `organisation = \"…\"` to its \
             [cohort] table and import it again",
            cohort.name
        );
    };
    let participants = chosen(store, cohort, member).await?;
    let mut conn = store.pool().acquire().await?;
    let lines = store::attendance::sheet(&mut conn, cohort.id, None).await?;
    let ateliers = store::cohorts::ateliers(&mut conn, cohort.id).await?;
    let (Some(first), Some(last)) = (
        ateliers.iter().map(|a| a.start.date()).min(),
        ateliers.iter().map(|a| a.end.date()).max(),
    ) else {
        bail!("cohort {:?} has no atelier", cohort.name);
    };
    let today = bot::schedule::utc_to_local(cohort.timezone, now).date();
    if today < last {
        eprintln!("note: the cycle ends on {last}; these certificates show what was done so far");
    }
    let mut expected = 0;
    let mut handed: Vec<HashSet<bot::ids::MemberId>> = Vec::new();
    for a in &ateliers {
        if store::cohorts::deliverable_spec(&mut conn, a.id)
            .await?
            .is_some()
        {
            expected += 1;
            handed.push(store::submissions::handed_in(&mut conn, a.id).await?);
        }
    }
    let mut out = Vec::with_capacity(participants.len());
    for m in &participants {
        let certificate = Certificate {
            organisation: organisation.clone(),
            cohort: cohort.title.clone(),
            participant: m.display_name.clone(),
            first_day: first,
            last_day: last,
            ateliers: attended(&ateliers, &lines, m),
            deliverables_handed: handed.iter().filter(|h| h.contains(&m.id)).count(),
            deliverables_expected: expected,
            issued_on: today,
        };
        let bytes = bot::print::certificate_pdf(&certificate, cohort.language)?;
        let name = bot::files::name::sanitize_file_name(&m.display_name);
        out.push((format!("certificat-{}-{name}.pdf", m.id), bytes));
    }
    Ok(out)
}

/// The participants a certificate is for: every one, or the one `--member` names (by name or
/// account, compared without case or accents).
async fn chosen(store: &Store, cohort: &Cohort, member: Option<&str>) -> Result<Vec<Member>> {
    let mut conn = store.pool().acquire().await?;
    let participants: Vec<Member> = store::members::of_cohort(&mut conn, cohort.id)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Participant)
        .collect();
    let Some(wanted) = member else {
        return Ok(participants);
    };
    let wanted = bot::text::comparable(wanted.trim_start_matches('@'));
    let found: Vec<Member> = participants
        .into_iter()
        .filter(|m| bot::text::comparable(&m.display_name) == wanted)
        .collect();
    match found.len() {
        0 => bail!("no participant named {wanted:?} in {:?}", cohort.name),
        1 => Ok(found),
        n => bail!("{n} participants are named {wanted:?}: certificates for all with no --member"),
    }
}

/// Each atelier with the minutes of its sessions `m` attended.
fn attended(
    ateliers: &[bot::domain::Atelier],
    lines: &[SheetLine],
    m: &Member,
) -> Vec<CertificateAtelier> {
    ateliers
        .iter()
        .map(|a| {
            let attended = lines
                .iter()
                .filter(|l| l.atelier == a.number)
                .filter(|l| {
                    l.mark
                        .as_ref()
                        .is_some_and(|k| k.member == m.id && k.presence == Presence::Present)
                })
                .map(|l| l.times.minutes())
                .sum();
            CertificateAtelier {
                number: a.number,
                title: a.title.clone(),
                day: a.start.date(),
                attended_minutes: attended,
                planned_minutes: a.sessions.iter().map(bot::domain::Session::minutes).sum(),
            }
        })
        .collect()
}
