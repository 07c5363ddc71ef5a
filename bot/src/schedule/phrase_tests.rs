use super::*;
use crate::domain::Lang;
use crate::i18n::Localizer;

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// Wednesday 10 March 2027, 10:00.
const NOW: &str = "2027-03-10 10:00";

fn parse_at(now: &str, input: &str) -> Result<(NaiveDateTime, usize), PhraseError> {
    let words: Vec<&str> = input.split_whitespace().collect();
    parse_when(&words, dt(now))
}

#[test]
fn phrases_name_the_expected_moments() {
    // (now, phrase, expected moment, words used)
    let cases: &[(&str, &str, &str, usize)] = &[
        // ISO and numeric dates.
        (
            NOW,
            "2027-03-12 09:00 Pensez au livrable",
            "2027-03-12 09:00",
            2,
        ),
        (NOW, "2027-03-12 9h", "2027-03-12 09:00", 2),
        (NOW, "2027-03-12T09:00 texte", "2027-03-12 09:00", 1),
        (NOW, "2027-03-12", "2027-03-12 09:00", 1),
        (NOW, "12/03/2027 9h30", "2027-03-12 09:30", 2),
        (NOW, "12/03/27 9h", "2027-03-12 09:00", 2),
        (NOW, "12/03 9h", "2027-03-12 09:00", 2),
        (NOW, "10/03 11h", "2027-03-10 11:00", 2),
        (NOW, "10/03 9h", "2028-03-10 09:00", 2),
        // Day and month names.
        (NOW, "12 mars 9h", "2027-03-12 09:00", 3),
        (NOW, "12 mars 2027 à 9h30", "2027-03-12 09:30", 5),
        (NOW, "le 12 mars à 9h", "2027-03-12 09:00", 5),
        (NOW, "1er avril 14h", "2027-04-01 14:00", 3),
        (NOW, "1er janvier", "2028-01-01 09:00", 2),
        (NOW, "31 décembre 23h59", "2027-12-31 23:59", 3),
        (NOW, "29 février", "2028-02-29 09:00", 2),
        (NOW, "30 avril 2027 23 h", "2027-04-30 23:00", 5),
        (NOW, "mardi 16 mars 10h", "2027-03-16 10:00", 4),
        // Days named relative to today.
        (NOW, "aujourd'hui 18h", "2027-03-10 18:00", 2),
        (NOW, "Aujourd’hui à 18h", "2027-03-10 18:00", 3),
        (NOW, "demain 9h Pensez au livrable", "2027-03-11 09:00", 2),
        (NOW, "DEMAIN 9H", "2027-03-11 09:00", 2),
        (NOW, "Demain, 9h, réunion", "2027-03-11 09:00", 2),
        (NOW, "demain 9h lundi on se voit", "2027-03-11 09:00", 2),
        (NOW, "après-demain 14h", "2027-03-12 14:00", 2),
        (NOW, "apres-demain 14h", "2027-03-12 14:00", 2),
        (NOW, "après demain 14h", "2027-03-12 14:00", 3),
        (NOW, "ce soir", "2027-03-10 18:00", 2),
        (NOW, "demain matin", "2027-03-11 09:00", 2),
        (NOW, "demain soir", "2027-03-11 18:00", 2),
        (NOW, "demain soir à 8h", "2027-03-11 20:00", 4),
        (NOW, "cet après-midi 3h", "2027-03-10 15:00", 3),
        // Weekdays: the next occurrence strictly in the future, today included.
        (NOW, "lundi 14h30", "2027-03-15 14:30", 2),
        (NOW, "lundi prochain 9h", "2027-03-15 09:00", 3),
        (NOW, "ce lundi 9h", "2027-03-15 09:00", 3),
        (NOW, "mercredi 14h", "2027-03-10 14:00", 2),
        (NOW, "mercredi 9h", "2027-03-17 09:00", 2),
        (NOW, "mercredi", "2027-03-17 09:00", 1),
        (NOW, "mercredi 10h", "2027-03-17 10:00", 2),
        (NOW, "vendredi à 14 h 30", "2027-03-12 14:30", 5),
        (NOW, "dimanche soir", "2027-03-14 18:00", 2),
        ("2027-03-10 23:30", "mercredi 23h45", "2027-03-10 23:45", 2),
        // Relative.
        (NOW, "dans 2h", "2027-03-10 12:00", 2),
        (NOW, "dans 3 jours", "2027-03-13 10:00", 3),
        (NOW, "dans 1h30", "2027-03-10 11:30", 2),
        (NOW, "dans 1 h 30", "2027-03-10 11:30", 4),
        (NOW, "dans 45 min", "2027-03-10 10:45", 3),
        (NOW, "dans 2 semaines", "2027-03-24 10:00", 3),
        (NOW, "dans une heure", "2027-03-10 11:00", 3),
        (NOW, "dans 3 jours à 9h", "2027-03-13 09:00", 5),
        (NOW, "dans 2 jours 9h réunion", "2027-03-12 09:00", 4),
        (NOW, "dans 1 jour et 2 heures", "2027-03-11 12:00", 6),
        (NOW, "dans 2 heures 30 minutes", "2027-03-10 12:30", 5),
        (NOW, "dans 1h 15min café", "2027-03-10 11:15", 3),
        (NOW, "dans 2h 3 personnes", "2027-03-10 12:00", 2),
        (NOW, "in 1 week and 2 days", "2027-03-19 10:00", 6),
        ("2027-01-31 10:00", "dans 1 mois", "2027-02-28 10:00", 3),
        // A time alone, or before its day.
        (NOW, "9h", "2027-03-11 09:00", 1),
        (NOW, "14 h", "2027-03-10 14:00", 2),
        (NOW, "à 10h30 pause", "2027-03-10 10:30", 2),
        (NOW, "9 h 30 demain", "2027-03-11 09:30", 4),
        (NOW, "09:30 demain", "2027-03-11 09:30", 2),
        // English.
        (NOW, "today 6pm", "2027-03-10 18:00", 2),
        (NOW, "tomorrow 9am", "2027-03-11 09:00", 2),
        (NOW, "tomorrow 9:30", "2027-03-11 09:30", 2),
        (NOW, "tomorrow 12am", "2027-03-11 00:00", 2),
        (NOW, "tomorrow at noon", "2027-03-11 12:00", 3),
        (NOW, "tomorrow evening at 7", "2027-03-11 19:00", 4),
        (NOW, "demain à 8 heures", "2027-03-11 08:00", 4),
        (NOW, "monday 14:30", "2027-03-15 14:30", 2),
        (NOW, "next monday 9am", "2027-03-15 09:00", 3),
        (NOW, "in 2h", "2027-03-10 12:00", 2),
        (NOW, "in 3 days", "2027-03-13 10:00", 3),
        (NOW, "on 12 March 9am", "2027-03-12 09:00", 4),
        (NOW, "March 12th 2027 at 9:30 am", "2027-03-12 09:30", 6),
        (NOW, "tonight", "2027-03-10 18:00", 1),
        (NOW, "tomorrow 7:45 pm", "2027-03-11 19:45", 3),
        (NOW, "at 6 pm", "2027-03-10 18:00", 3),
        // Month and year ends.
        ("2027-12-31 20:00", "demain 9h", "2028-01-01 09:00", 2),
        ("2027-12-31 20:00", "dans 5h", "2028-01-01 01:00", 2),
        ("2027-12-31 20:00", "2/01 9h", "2028-01-02 09:00", 2),
        ("2027-12-31 20:00", "lundi 9h", "2028-01-03 09:00", 2),
        ("2027-12-31 20:00", "31 décembre 21h", "2027-12-31 21:00", 3),
        ("2027-02-28 10:00", "demain", "2027-03-01 09:00", 1),
        ("2028-02-28 10:00", "demain", "2028-02-29 09:00", 1),
        ("2027-03-31 22:00", "après-demain 8h", "2027-04-02 08:00", 2),
        ("2027-03-31 22:00", "1er avril", "2027-04-01 09:00", 2),
    ];
    assert!(cases.len() >= 40);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(now, input, expected, used)| {
            let got = parse_at(now, input);
            (got != Ok((dt(expected), used)))
                .then(|| format!("now {now}, {input:?}: got {got:?}, expected {expected} / {used}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_phrases_are_refused_with_the_reason() {
    use PhraseError::*;
    let text = |s: &str| s.to_owned();
    let cases: Vec<(&str, PhraseError)> = vec![
        ("", Missing),
        (
            "blabla demain",
            Unknown {
                text: text("blabla"),
            },
        ),
        (
            "Pensez au livrable",
            Unknown {
                text: text("Pensez"),
            },
        ),
        (
            "31 février 9h",
            ImpossibleDate {
                text: text("31 février"),
            },
        ),
        (
            "2027-02-30",
            ImpossibleDate {
                text: text("2027-02-30"),
            },
        ),
        (
            "2027-13-01 9h",
            ImpossibleDate {
                text: text("2027-13-01"),
            },
        ),
        (
            "30/02",
            ImpossibleDate {
                text: text("30/02"),
            },
        ),
        (
            "0 mars",
            ImpossibleDate {
                text: text("0 mars"),
            },
        ),
        (
            "lundi 2027-02-30",
            ImpossibleDate {
                text: text("2027-02-30"),
            },
        ),
        ("demain 25h", InvalidTime { text: text("25h") }),
        ("demain 9h75", InvalidTime { text: text("9h75") }),
        (
            "demain 24:00",
            InvalidTime {
                text: text("24:00"),
            },
        ),
        ("demain 13pm", InvalidTime { text: text("13pm") }),
        ("tomorrow 0 am", InvalidTime { text: text("0 am") }),
        ("9h61", InvalidTime { text: text("9h61") }),
        ("demain 25 h", InvalidTime { text: text("25 h") }),
        (
            "2027-03-12T25:00",
            InvalidTime {
                text: text("25:00"),
            },
        ),
        (
            "aujourd'hui 8h",
            Past {
                when: dt("2027-03-10 08:00"),
            },
        ),
        (
            "ce matin",
            Past {
                when: dt("2027-03-10 09:00"),
            },
        ),
        (
            "hier 18h",
            Past {
                when: dt("2027-03-09 18:00"),
            },
        ),
        (
            "2026-12-01 9h",
            Past {
                when: dt("2026-12-01 09:00"),
            },
        ),
        (
            "12 mars 2026",
            Past {
                when: dt("2026-03-12 09:00"),
            },
        ),
        (
            "dans bientôt",
            BadDuration {
                text: text("dans bientôt"),
            },
        ),
        ("dans", BadDuration { text: text("dans") }),
        (
            "dans bientôt on se voit",
            BadDuration {
                text: text("dans bientôt"),
            },
        ),
        (
            "in the morning",
            BadDuration {
                text: text("in the"),
            },
        ),
        (
            "mardi 15 mars 2027",
            WeekdayMismatch {
                date: NaiveDate::from_ymd_opt(2027, 3, 15).unwrap(),
                written: Weekday::Tue,
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_at(NOW, input), Err(expected), "phrase {input:?}");
    }
}

#[test]
fn now_itself_is_not_past() {
    assert_eq!(
        parse_at(NOW, "aujourd'hui 10h"),
        Ok((dt("2027-03-10 10:00"), 2))
    );
}

#[test]
fn every_error_explains_itself_in_both_languages() {
    let errors = [
        PhraseError::Missing,
        PhraseError::Unknown {
            text: "blabla".into(),
        },
        PhraseError::ImpossibleDate {
            text: "31 février".into(),
        },
        PhraseError::InvalidTime { text: "25h".into() },
        PhraseError::BadDuration {
            text: "dans bientôt".into(),
        },
        PhraseError::Past {
            when: dt("2027-03-09 18:00"),
        },
        PhraseError::WeekdayMismatch {
            date: NaiveDate::from_ymd_opt(2027, 3, 15).unwrap(),
            written: Weekday::Tue,
        },
    ];
    for error in &errors {
        let msg = error.to_msg();
        for lang in Lang::ALL {
            assert!(Localizer::global().has(lang, &msg.id), "{lang} {}", msg.id);
            let text = msg.render(lang);
            assert!(!text.contains('['), "{lang}: {text}");
            assert!(text.len() > 30, "{lang}: {text}");
        }
    }
    let mismatch = errors[6].to_msg().render(Lang::Fr);
    assert!(mismatch.contains("mardi"), "{mismatch}");
    assert!(mismatch.contains("lundi 15 mars 2027"), "{mismatch}");
    let past = errors[5].to_msg().render(Lang::Fr);
    assert!(past.contains("mardi 9 mars 2027 à 18 h 00"), "{past}");
}
