//! The arguments of `!sondage` and `!vote`, as typed. Pure; the engine checks them against the
//! poll and the clock.

use chrono::Duration;

use crate::duration::parse_duration;
use crate::poll::Grade;

/// `!sondage "Question" "A" "B" [--multiple] [--max 2] [--anonyme] [--jugement]
/// [--durée 2h | --jusqu-a 2027-03-12 18:00] [--resultats fin|direct]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PollArgs {
    /// The question.
    pub question: String,
    /// The options, in order.
    pub options: Vec<String>,
    /// Several choices allowed.
    pub multiple: bool,
    /// At most this many choices (with `multiple`).
    pub max: Option<usize>,
    /// Nobody, facilitators included, can see who voted what.
    pub anonymous: bool,
    /// Majority judgment: every option gets a grade.
    pub judgment: bool,
    /// Closes after this long.
    pub duration: Option<Duration>,
    /// Closes at this date phrase (read by the engine, which knows "now").
    pub until: Option<Vec<String>>,
    /// Results shown live (`direct`) rather than at the end.
    pub live: bool,
}

fn flag(word: &str) -> Option<&'static str> {
    let w = word.trim_start_matches('-').to_lowercase();
    if !word.starts_with("--") {
        return None;
    }
    Some(match w.as_str() {
        "multiple" | "multi" => "multiple",
        "max" => "max",
        "anonyme" | "anonymous" | "anon" => "anonymous",
        "jugement" | "judgment" | "judgement" | "jm" => "judgment",
        "durée" | "duree" | "duration" => "duration",
        "jusqu-a" | "jusqu-à" | "jusqua" | "jusquà" | "until" => "until",
        "resultats" | "résultats" | "results" => "results",
        _ => return Some("unknown"),
    })
}

/// Parses the words after `!sondage`; `None` when they do not read as a poll.
pub fn parse_poll(args: &[&str]) -> Option<PollArgs> {
    let mut p = PollArgs::default();
    let mut positional = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let word = args[i];
        match flag(word) {
            None => positional.push(word.to_owned()),
            Some("multiple") => p.multiple = true,
            Some("anonymous") => p.anonymous = true,
            Some("judgment") => p.judgment = true,
            Some("max") => {
                i += 1;
                p.max = Some(args.get(i)?.parse().ok().filter(|n| *n > 0)?);
            }
            Some("duration") => {
                i += 1;
                p.duration = Some(parse_duration(args.get(i)?).filter(|d| *d > Duration::zero())?);
            }
            Some("until") => {
                let mut words = Vec::new();
                while let Some(w) = args.get(i + 1).filter(|w| flag(w).is_none()) {
                    words.push((*w).to_owned());
                    i += 1;
                }
                if words.is_empty() {
                    return None;
                }
                p.until = Some(words);
            }
            Some("results") => {
                i += 1;
                p.live = match args.get(i)?.to_lowercase().as_str() {
                    "direct" | "live" | "en-direct" => true,
                    "fin" | "end" | "clôture" | "cloture" => false,
                    _ => return None,
                };
            }
            Some(_) => return None,
        }
        i += 1;
    }
    if p.duration.is_some() && p.until.is_some() {
        return None;
    }
    let (question, options) = positional.split_first()?;
    p.question = question.clone();
    p.options = options.to_vec();
    Some(p)
}

/// What a `!vote` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteArgs {
    /// Option numbers as typed (from 1).
    Choices(Vec<usize>),
    /// One grade per option, in order (majority judgment).
    Grades(Vec<Grade>),
    /// Withdraw one's vote.
    Withdraw,
}

/// Reads a grade as people type it: `très-bien`, `TB`, `assez bien`, `à rejeter`, `reject`…
pub fn parse_grade(word: &str) -> Option<Grade> {
    let w: String = word
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'à' | 'â' => 'a',
            '_' | ' ' => '-',
            c => c,
        })
        .collect();
    Some(match w.as_str() {
        "excellent" | "e" | "ex" => Grade::Excellent,
        "tres-bien" | "tresbien" | "tb" | "very-good" | "vg" => Grade::TresBien,
        "bien" | "b" | "good" | "g" => Grade::Bien,
        "assez-bien" | "assezbien" | "ab" | "fair" | "f" => Grade::AssezBien,
        "passable" | "p" => Grade::Passable,
        "insuffisant" | "i" | "insufficient" | "poor" => Grade::Insuffisant,
        "a-rejeter" | "rejeter" | "ar" | "reject" | "r" => Grade::ARejeter,
        _ => return None,
    })
}

/// Parses the words after `!vote`: an optional poll number (`#3`, `n°3`), then option numbers,
/// grades, or `retirer`. `None` when they do not read as a vote.
pub fn parse_vote(args: &[&str]) -> Option<(Option<u32>, VoteArgs)> {
    let (poll, rest) = match args.split_first() {
        Some((first, rest)) if first.starts_with('#') || first.starts_with("n°") => {
            let n = first.trim_start_matches('#').trim_start_matches("n°");
            (Some(n.parse::<u32>().ok().filter(|n| *n > 0)?), rest)
        }
        _ => (None, args),
    };
    if rest.is_empty() {
        return None;
    }
    if let [w] = rest
        && matches!(
            w.to_lowercase().as_str(),
            "retirer" | "withdraw" | "annuler" | "cancel"
        )
    {
        return Some((poll, VoteArgs::Withdraw));
    }
    // "1,3" and "1 3" both list options.
    let numbers: Option<Vec<usize>> = rest
        .iter()
        .flat_map(|w| w.split(','))
        .filter(|w| !w.is_empty())
        .map(|w| w.parse::<usize>().ok())
        .collect();
    if let Some(numbers) = numbers {
        return Some((poll, VoteArgs::Choices(numbers)));
    }
    let grades: Option<Vec<Grade>> = rest.iter().map(|w| parse_grade(w)).collect();
    grades.map(|g| (poll, VoteArgs::Grades(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_read_in_french_and_english() {
        let p = parse_poll(&[
            "Quel créneau ?",
            "Mardi",
            "Jeudi",
            "Vendredi",
            "--multiple",
            "--max",
            "2",
            "--anonyme",
            "--durée",
            "2h",
            "--resultats",
            "direct",
        ])
        .unwrap();
        assert_eq!(p.question, "Quel créneau ?");
        assert_eq!(p.options, ["Mardi", "Jeudi", "Vendredi"]);
        assert!(p.multiple && p.anonymous && p.live && !p.judgment);
        assert_eq!(p.max, Some(2));
        assert_eq!(p.duration, Some(Duration::hours(2)));
        let p = parse_poll(&[
            "Which?",
            "A",
            "B",
            "--until",
            "2027-03-12",
            "18:00",
            "--judgment",
        ])
        .unwrap();
        assert_eq!(
            p.until,
            Some(vec!["2027-03-12".to_owned(), "18:00".to_owned()])
        );
        assert!(p.judgment);
        assert_eq!(parse_poll(&["Q", "A", "B"]).unwrap().duration, None);
        for bad in [
            &["Q", "A", "--max"][..],
            &["Q", "A", "--max", "0"],
            &["Q", "A", "--durée", "bientôt"],
            &["Q", "A", "--jusqu-a"],
            &["Q", "A", "--resultats", "parfois"],
            &["Q", "A", "--couleur"],
            &["Q", "A", "--durée", "2h", "--jusqu-a", "demain"],
            &[],
        ] {
            assert_eq!(parse_poll(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn votes_read_as_typed() {
        type Case<'a> = (&'a [&'a str], Option<(Option<u32>, VoteArgs)>);
        let cases: &[Case] = &[
            (&["2"], Some((None, VoteArgs::Choices(vec![2])))),
            (&["1", "3"], Some((None, VoteArgs::Choices(vec![1, 3])))),
            (&["1,3"], Some((None, VoteArgs::Choices(vec![1, 3])))),
            (&["#4", "2"], Some((Some(4), VoteArgs::Choices(vec![2])))),
            (&["n°4", "retirer"], Some((Some(4), VoteArgs::Withdraw))),
            (&["withdraw"], Some((None, VoteArgs::Withdraw))),
            (
                &["très-bien", "AB", "à-rejeter"],
                Some((
                    None,
                    VoteArgs::Grades(vec![Grade::TresBien, Grade::AssezBien, Grade::ARejeter]),
                )),
            ),
            (
                &["#2", "excellent", "passable"],
                Some((
                    Some(2),
                    VoteArgs::Grades(vec![Grade::Excellent, Grade::Passable]),
                )),
            ),
            (&[], None),
            (&["#x", "2"], None),
            (&["#3"], None),
            (&["deux"], None),
            (&["1", "bien"], None),
        ];
        for (args, expected) in cases {
            assert_eq!(&parse_vote(args), expected, "{args:?}");
        }
    }
}
