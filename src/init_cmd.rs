//! `compagnon init`: a few questions (platforms, rooms, cohort, the dates of the six ateliers,
//! the web address), then a working `compagnon.toml` and programme file written from the
//! example, the programme checked by the same code as `programme check` before anything is
//! written. Answers are read line by line, so the questions can be answered by a script.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use bot::domain::Lang;
use bot::i18n::Msg;
use chrono::{Duration, NaiveDate};

/// The example every new programme starts from (ateliers, references, rules, comments).
const EXAMPLE: &str = include_str!("../examples/bien-vivre-maintenant.toml");
const EXAMPLE_NAME: &str = "bvm-printemps-2027";
const EXAMPLE_TITLE: &str = "Bien-Vivre Maintenant — cohorte du printemps 2027";
/// Ateliers of the example, hence questions about dates.
const ATELIERS: usize = 6;

/// `compagnon init`'s options.
#[derive(Debug, clap::Args)]
pub struct Init {
    /// Folder to write `compagnon.toml` and the programme file in.
    #[arg(long, default_value = ".")]
    dir: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
    /// Language of the questions.
    #[arg(long, default_value = "fr", value_parser = crate::parse_lang)]
    lang: Lang,
}

/// What the person answered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub name: String,
    pub title: String,
    pub matrix: Option<(String, String, String)>,
    pub discord: Option<String>,
    pub dates: Vec<NaiveDate>,
    pub web: Option<String>,
}

/// Asks, checks, writes.
pub fn run(init: Init) -> Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout();
    let files = [
        init.dir.join("compagnon.toml"),
        init.dir.join("programme.toml"),
    ];
    if !init.force
        && let Some(existing) = files.iter().find(|f| f.exists())
    {
        bail!(
            "{}",
            Msg::new("cli-init-exists")
                .arg("file", existing.display().to_string())
                .render(init.lang)
        );
    }
    let answers = ask_all(&mut input, &mut out, init.lang)?;
    let programme = programme_text(&answers)?;
    if let Err(problems) = bot::programme::parse(&programme) {
        for p in &problems {
            eprintln!(
                "programme.toml:{}:{}: {}",
                p.line,
                p.column,
                p.message.render(init.lang)
            );
        }
        bail!("the programme written from the answers does not check; nothing was written");
    }
    std::fs::create_dir_all(&init.dir)
        .with_context(|| format!("cannot create {}", init.dir.display()))?;
    write_new(&files[1], &programme)?;
    write_new(&files[0], &config_text(&answers))?;
    writeln!(
        out,
        "{}",
        Msg::new("cli-init-done")
            .arg("config", files[0].display().to_string())
            .arg("programme", files[1].display().to_string())
            .render(init.lang)
    )?;
    Ok(ExitCode::SUCCESS)
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Asks every question in turn; a wrong answer is explained and the question asked again.
pub fn ask_all(input: &mut impl BufRead, out: &mut impl Write, lang: Lang) -> Result<Answers> {
    let mut q = Questions { input, out, lang };
    let name = q.ask(Msg::new("cli-init-ask-name"), &check_name)?;
    let title = q.ask(Msg::new("cli-init-ask-title"), &|s| non_empty(s, 200))?;
    let platforms = q.ask(Msg::new("cli-init-ask-platforms"), &check_platforms)?;
    let mut answers = Answers {
        name,
        title,
        ..Answers::default()
    };
    if platforms.contains('m') {
        let homeserver = q.ask(Msg::new("cli-init-ask-homeserver"), &check_url)?;
        let user = q.ask(Msg::new("cli-init-ask-matrix-user"), &check_matrix_user)?;
        let room = q.ask(Msg::new("cli-init-ask-matrix-room"), &check_matrix_room)?;
        answers.matrix = Some((homeserver, user, room));
    }
    if platforms.contains('d') {
        let channel = q.ask(Msg::new("cli-init-ask-discord-channel"), &check_snowflake)?;
        answers.discord = Some(channel);
    }
    for n in 1..=ATELIERS {
        let previous = answers.dates.last().copied();
        let date = q.ask(Msg::new("cli-init-ask-date").arg("number", n), &|s| {
            check_date(s, previous).map(|d| d.to_string())
        })?;
        answers
            .dates
            .push(NaiveDate::parse_from_str(&date, "%Y-%m-%d").context("a checked date")?);
    }
    let web = q.ask(Msg::new("cli-init-ask-web"), &|s| match s.trim() {
        "" => Ok(String::new()),
        url => check_url(url),
    })?;
    answers.web = (!web.is_empty()).then_some(web);
    Ok(answers)
}

struct Questions<'a, R, W> {
    input: &'a mut R,
    out: &'a mut W,
    lang: Lang,
}

impl<R: BufRead, W: Write> Questions<'_, R, W> {
    /// Asks `question` until `check` accepts the answer; the end of the input stops.
    fn ask(
        &mut self,
        question: Msg,
        check: &dyn Fn(&str) -> Result<String, Msg>,
    ) -> Result<String> {
        // Bounded: a script answering wrong for ever must not loop for ever.
        for _ in 0..20 {
            write!(self.out, "{} ", question.render(self.lang))?;
            self.out.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                bail!("{}", Msg::new("cli-init-no-answer").render(self.lang));
            }
            match check(line.trim()) {
                Ok(answer) => return Ok(answer),
                Err(why) => writeln!(self.out, "  {}", why.render(self.lang))?,
            }
        }
        bail!("{}", Msg::new("cli-init-no-answer").render(self.lang))
    }
}

fn non_empty(s: &str, max: usize) -> Result<String, Msg> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > max || s.contains('"') || s.contains('\\') {
        return Err(Msg::new("cli-init-bad-text").arg("max", max));
    }
    Ok(s.to_owned())
}

fn check_name(s: &str) -> Result<String, Msg> {
    let ok = (3..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-');
    if ok {
        Ok(s.to_owned())
    } else {
        Err(Msg::new("cli-init-bad-name"))
    }
}

fn check_platforms(s: &str) -> Result<String, Msg> {
    match bot::text::fold(s).as_str() {
        "matrix" | "m" => Ok("m".into()),
        "discord" | "d" => Ok("d".into()),
        "les deux" | "deux" | "both" | "matrix discord" | "md" => Ok("md".into()),
        _ => Err(Msg::new("cli-init-bad-platforms")),
    }
}

fn check_url(s: &str) -> Result<String, Msg> {
    match url::Url::parse(s.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(s.trim().trim_end_matches('/').to_owned())
        }
        _ => Err(Msg::new("cli-init-bad-url")),
    }
}

fn check_matrix_user(s: &str) -> Result<String, Msg> {
    let ok = s.starts_with('@') && s.contains(':') && !s.contains(['"', ' ', '\\']);
    if ok {
        Ok(s.to_owned())
    } else {
        Err(Msg::new("cli-init-bad-matrix-user"))
    }
}

fn check_matrix_room(s: &str) -> Result<String, Msg> {
    let ok = (s.starts_with('!') || s.starts_with('#'))
        && s.contains(':')
        && !s.contains(['"', ' ', '\\']);
    if ok {
        Ok(s.to_owned())
    } else {
        Err(Msg::new("cli-init-bad-matrix-room"))
    }
}

fn check_snowflake(s: &str) -> Result<String, Msg> {
    let ok = (15..=21).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(s.to_owned())
    } else {
        Err(Msg::new("cli-init-bad-channel"))
    }
}

/// A date `AAAA-MM-JJ` after `previous`, within ten years.
fn check_date(s: &str, previous: Option<NaiveDate>) -> Result<NaiveDate, Msg> {
    let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Msg::new("cli-init-bad-date"))?;
    if !(2000..=2100).contains(&chrono::Datelike::year(&date)) {
        return Err(Msg::new("cli-init-bad-date"));
    }
    match previous {
        Some(p) if date <= p => Err(Msg::new("cli-init-date-order").arg("previous", p)),
        _ => Ok(date),
    }
}

/// The example programme, renamed, each atelier moved to its date (every date inside an
/// atelier's block shifted by the same number of days, so hours, sessions and deadlines keep
/// their place), the weekly message running from the first atelier to the last.
pub fn programme_text(a: &Answers) -> Result<String> {
    let starts = example_starts();
    let mut out = String::with_capacity(EXAMPLE.len());
    let mut atelier: Option<usize> = None;
    let mut shift = Duration::zero();
    for line in EXAMPLE.split_inclusive('\n') {
        if line.trim() == "[[atelier]]" {
            let n = atelier.map_or(0, |n| n + 1);
            atelier = Some(n);
            let first = *starts.get(n).context("the example's atelier has a start")?;
            let wanted = *a.dates.get(n).context("a date per atelier")?;
            shift = wanted - first;
        }
        let line = match atelier {
            Some(_) => shift_dates(line, shift),
            None => before_ateliers(line, a),
        };
        out.push_str(&line);
    }
    Ok(out)
}

fn before_ateliers(line: &str, a: &Answers) -> String {
    let first = a.dates.first().copied().unwrap_or_default();
    let last = a.dates.last().copied().unwrap_or_default();
    if line.starts_with("from = ") {
        format!("from = {first}\n")
    } else if line.starts_with("until = ") {
        format!("until = {last}\n")
    } else {
        line.replace(EXAMPLE_NAME, &a.name)
            .replace(EXAMPLE_TITLE, &a.title)
    }
}

/// The date each atelier of the example starts: the first `start` of its block.
fn example_starts() -> Vec<NaiveDate> {
    let mut starts = Vec::new();
    let mut in_block = false;
    for line in EXAMPLE.lines() {
        if line.trim() == "[[atelier]]" {
            in_block = true;
        } else if in_block
            && line.trim_start().starts_with("start")
            && let Some((_, d)) = dates_in(line).into_iter().next()
        {
            starts.push(d);
            in_block = false;
        }
    }
    starts
}

/// Every `AAAA-MM-JJ` in `line`, with its byte offset.
fn dates_in(line: &str) -> Vec<(usize, NaiveDate)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 10 <= bytes.len() {
        // Not a char boundary (inside an accented letter): not a date either.
        let Some(candidate) = line.get(i..i + 10) else {
            i += 1;
            continue;
        };
        let shape = candidate.bytes().enumerate().all(|(k, b)| match k {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        match NaiveDate::parse_from_str(candidate, "%Y-%m-%d") {
            Ok(d) if shape => {
                out.push((i, d));
                i += 10;
            }
            _ => i += 1,
        }
    }
    out
}

fn shift_dates(line: &str, by: Duration) -> String {
    let mut out = line.to_owned();
    for (at, date) in dates_in(line).into_iter().rev() {
        let moved = date.checked_add_signed(by).unwrap_or(date);
        out.replace_range(at..at + 10, &moved.to_string());
    }
    out
}

/// The configuration: secrets named by environment variable, never written.
pub fn config_text(a: &Answers) -> String {
    let mut out = String::from(
        "# Written by `compagnon init`. Check it with `compagnon doctor --config compagnon.toml`.\n\
         database = \"compagnon.db\"\n\
         data_dir = \"data\"\n\
         programmes = [\"programme.toml\"]\n",
    );
    if let Some((homeserver, user, room)) = &a.matrix {
        out.push_str(&format!(
            "\n[matrix]\nhomeserver = \"{homeserver}\"\nuser_id = \"{user}\"\n\
             # The password is read from this environment variable, never from this file.\n\
             password_env = \"COMPAGNON_MATRIX_PASSWORD\"\n\
             data_dir = \"data/matrix\"\n\
             rooms = [\n  {{ room = \"{room}\", cohort = \"{}\" }},\n]\n",
            a.name
        ));
    }
    if let Some(channel) = &a.discord {
        out.push_str(&format!(
            "\n[discord]\n# The bot token is read from this environment variable, never from this file.\n\
             token_env = \"COMPAGNON_DISCORD_TOKEN\"\n\
             facilitator_role = \"Animation\"\n\
             channels = [\n  {{ channel = \"{channel}\", cohort = \"{}\" }},\n]\n",
            a.name
        ));
    }
    if let Some(url) = &a.web {
        out.push_str(&format!(
            "\n[web]\nlisten = \"127.0.0.1:8080\"\npublic_url = \"{url}\"\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> Answers {
        Answers {
            name: "bvm-automne-2027".into(),
            title: "Bien-Vivre Maintenant — automne 2027".into(),
            matrix: Some((
                "https://matrix.example.org".into(),
                "@compagnon:example.org".into(),
                "!abc:example.org".into(),
            )),
            discord: Some("123456789012345678".into()),
            dates: [
                "2027-09-16",
                "2027-10-07",
                "2027-10-28",
                "2027-11-18",
                "2027-12-02",
                "2027-12-16",
            ]
            .iter()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
            .collect(),
            web: Some("https://compagnon.example.org".into()),
        }
    }

    #[test]
    fn the_programme_moves_every_atelier_to_its_date_and_checks() {
        let text = programme_text(&answers()).unwrap();
        let p = bot::programme::parse(&text).expect("the written programme checks");
        assert_eq!(p.cohort.name, "bvm-automne-2027");
        let starts: Vec<String> = p
            .ateliers
            .iter()
            .map(|a| a.start.date().to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "2027-09-16",
                "2027-10-07",
                "2027-10-28",
                "2027-11-18",
                "2027-12-02",
                "2027-12-16"
            ]
        );
        for a in &p.ateliers {
            if let Some(d) = &a.deliverable {
                assert!(
                    d.due > a.end,
                    "atelier {}: deadline after its end",
                    a.number
                );
            }
        }
        assert!(
            !text.contains("2027-02-") && !text.contains("2027-05-"),
            "no date of the example left"
        );
    }

    #[test]
    fn the_configuration_parses_and_names_secrets_only_by_variable() {
        let text = config_text(&answers());
        let value: toml::Value = toml::from_str(&text).unwrap();
        assert_eq!(
            value["matrix"]["password_env"].as_str(),
            Some("COMPAGNON_MATRIX_PASSWORD")
        );
        assert_eq!(
            value["discord"]["channels"][0]["cohort"].as_str(),
            Some("bvm-automne-2027")
        );
        assert_eq!(
            value["web"]["public_url"].as_str(),
            Some("https://compagnon.example.org")
        );
    }

    #[test]
    fn answers_are_checked_before_use() {
        assert!(check_name("Mon Groupe").is_err());
        assert!(check_name("bvm-2027").is_ok());
        assert!(check_date("2027-02-30", None).is_err());
        let first = NaiveDate::from_ymd_opt(2027, 3, 1);
        assert!(check_date("2027-02-01", first).is_err(), "dates go forward");
        assert!(check_date("9999-01-01", None).is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_matrix_room("!abc:example.org\" x").is_err());
        assert!(check_snowflake("12ab").is_err());
        assert!(
            non_empty("a \"quoted\" title", 200).is_err(),
            "nothing that breaks the TOML"
        );
    }

    #[test]
    fn a_wrong_answer_is_explained_and_asked_again() {
        let script = "Mauvais Nom\nbvm-test\nTitre\nles deux\nhttps://m.org\n@b:m.org\n!r:m.org\n123456789012345678\n2027-09-16\n2027-09-01\n2027-10-07\n2027-10-28\n2027-11-18\n2027-12-02\n2027-12-16\n\n";
        let mut out = Vec::new();
        let a = ask_all(&mut script.as_bytes(), &mut out, Lang::Fr).unwrap();
        assert_eq!(a.name, "bvm-test");
        assert_eq!(a.dates.len(), 6);
        assert_eq!(a.web, None);
        let said = String::from_utf8(out).unwrap();
        assert!(said.contains("minuscules"), "{said}");
        assert!(
            said.contains("après le 2027-09-16") || said.contains("16 septembre"),
            "{said}"
        );
    }
}
