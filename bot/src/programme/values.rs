//! Pure readers for the small languages inside programme values: local dates and times,
//! durations, cohort names, web links, and the "did you mean" suggestion for keys.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use toml::value::Datetime;

/// Accepted spellings of a local date and time in a string; the first match wins.
const DATETIME_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
];

/// A local date and time written as text: `2027-02-11 09:30`, `2027-02-11T09:30`, with
/// optional seconds.
pub(super) fn local_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    DATETIME_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// A local date written as text: `2027-02-01`.
pub(super) fn local_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A local time of day written as text: `09:00` (seconds tolerated).
pub(super) fn local_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

/// Why a native TOML datetime cannot stand for a local value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NativeError {
    /// It carries a UTC offset, while every time in a programme is local to the cohort's zone.
    Offset,
    /// It lacks the part asked for (a date without time, a time without date…), or is out of
    /// range.
    Shape,
}

/// A native TOML local datetime (`2027-02-11T09:30:00`).
pub(super) fn native_datetime(d: &Datetime) -> Result<NaiveDateTime, NativeError> {
    if d.offset.is_some() {
        return Err(NativeError::Offset);
    }
    let (Some(date), Some(time)) = (d.date, d.time) else {
        return Err(NativeError::Shape);
    };
    let day = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into());
    let hms = NaiveTime::from_hms_nano_opt(
        time.hour.into(),
        time.minute.into(),
        time.second.unwrap_or(0).into(),
        time.nanosecond.unwrap_or(0),
    );
    match (day, hms) {
        (Some(day), Some(hms)) => Ok(day.and_time(hms)),
        _ => Err(NativeError::Shape),
    }
}

/// A native TOML local date (`2027-02-01`).
pub(super) fn native_date(d: &Datetime) -> Result<NaiveDate, NativeError> {
    if d.offset.is_some() {
        return Err(NativeError::Offset);
    }
    match (d.date, d.time) {
        (Some(date), None) => {
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                .ok_or(NativeError::Shape)
        }
        _ => Err(NativeError::Shape),
    }
}

/// A native TOML local time (`09:00:00`).
pub(super) fn native_time(d: &Datetime) -> Result<NaiveTime, NativeError> {
    if d.offset.is_some() {
        return Err(NativeError::Offset);
    }
    match (d.date, d.time) {
        (None, Some(t)) => NaiveTime::from_hms_nano_opt(
            t.hour.into(),
            t.minute.into(),
            t.second.unwrap_or(0).into(),
            t.nanosecond.unwrap_or(0),
        )
        .ok_or(NativeError::Shape),
        _ => Err(NativeError::Shape),
    }
}

/// A rule's offset from its anchor, as written (`7d`, `1d12h`, `30m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Duration {
    pub(super) days: u32,
    pub(super) hours: u32,
    pub(super) minutes: u32,
}

/// Reads a duration: one or more `<number><unit>` groups, units `d`, `h`, `m` in that order,
/// each at most once. The fixed order keeps `1d12h` and `12h1d` from both being valid
/// spellings of one thing, so files stay easy to compare.
pub(super) fn duration(s: &str) -> Option<Duration> {
    let mut out = Duration::default();
    let mut rest = s.trim();
    let mut last_unit = 0; // 0 = none yet, then 1 = d, 2 = h, 3 = m
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        if digits == 0 {
            return None;
        }
        let n: u32 = rest[..digits].parse().ok()?;
        let unit = rest[digits..].chars().next()?;
        let (rank, slot) = match unit {
            'd' => (1, &mut out.days),
            'h' => (2, &mut out.hours),
            'm' => (3, &mut out.minutes),
            _ => return None,
        };
        if rank <= last_unit {
            return None;
        }
        last_unit = rank;
        *slot = n;
        rest = &rest[digits + unit.len_utf8()..];
    }
    Some(out)
}

/// Whether `s` is a valid cohort name: lowercase ASCII letters, digits and `-`, since it is
/// typed in commands and used in file names.
pub(super) fn is_cohort_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `s` is an absolute web link people can open.
pub(super) fn is_web_url(s: &str) -> bool {
    match url::Url::parse(s.trim()) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        }
        Err(_) => false,
    }
}

/// Names facilitators are likely to write in French (or by habit) for a known key. Checked
/// before spelling distance, because « debut » is nowhere near « start » letter-wise.
const ALIASES: &[(&str, &str)] = &[
    ("debut", "start"),
    ("début", "start"),
    ("debut", "from"),
    ("début", "from"),
    ("begin", "start"),
    ("fin", "end"),
    ("fin", "until"),
    ("titre", "title"),
    ("intitulé", "title"),
    ("intitule", "title"),
    ("resume", "summary"),
    ("résumé", "summary"),
    ("description", "summary"),
    ("lieu", "place"),
    ("adresse", "place"),
    ("location", "place"),
    ("lien", "link"),
    ("lien", "url"),
    ("url", "link"),
    ("visio", "link"),
    ("numero", "number"),
    ("numéro", "number"),
    ("no", "number"),
    ("echeance", "due"),
    ("échéance", "due"),
    ("deadline", "due"),
    ("rendu", "due"),
    ("livrable", "deliverable"),
    ("référence", "reference"),
    ("ressource", "reference"),
    ("ressources", "reference"),
    ("nom", "name"),
    ("fuseau", "timezone"),
    ("tz", "timezone"),
    ("zone", "timezone"),
    ("langue", "language"),
    ("lang", "language"),
    ("avant", "before"),
    ("apres", "after"),
    ("après", "after"),
    ("a", "at"),
    ("à", "at"),
    ("heure", "at"),
    ("cible", "target"),
    ("destinataire", "target"),
    ("destinataires", "target"),
    ("texte", "text"),
    ("message", "text"),
    ("type", "kind"),
    ("genre", "kind"),
    ("obligatoire", "required"),
    ("requis", "required"),
    ("depuis", "from"),
    ("du", "from"),
    ("jusqua", "until"),
    ("jusqu'à", "until"),
    ("au", "until"),
    ("regle", "rule"),
    ("règle", "rule"),
    ("rappel", "recurring"),
    ("recurrent", "recurring"),
    ("récurrent", "recurring"),
    ("consigne", "instructions"),
    ("consignes", "instructions"),
    ("cohorte", "cohort"),
];

/// The known key `word` most likely stands for, if any is close enough.
pub(super) fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = word.trim().to_lowercase();
    if let Some(k) = ALIASES
        .iter()
        .filter(|(alias, _)| *alias == lower)
        .find_map(|(_, key)| known.iter().find(|k| **k == *key))
    {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&lower, k), *k))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// The time zone `word` most likely stands for (`europe/paris`, `Europe/Pariss`).
pub(super) fn closest_zone(word: &str) -> Option<&'static str> {
    let lower = word.trim().to_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            (
                strsim::normalized_levenshtein(&lower, &tz.name().to_lowercase()),
                tz.name(),
            )
        })
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_in_every_accepted_spelling() {
        let expected = NaiveDate::from_ymd_opt(2027, 2, 11).and_then(|d| d.and_hms_opt(9, 30, 0));
        for s in [
            "2027-02-11 09:30",
            "2027-02-11T09:30",
            "2027-02-11 09:30:00",
            "2027-02-11T09:30:00",
            " 2027-02-11 9:30 ",
        ] {
            assert_eq!(local_datetime(s), expected, "{s}");
        }
        for s in [
            "2027-02-30 09:30",
            "11/02/2027 09:30",
            "2027-02-11",
            "2027-02-11 25:00",
        ] {
            assert_eq!(local_datetime(s), None, "{s}");
        }
    }

    #[test]
    fn durations() {
        let d = |days, hours, minutes| {
            Some(Duration {
                days,
                hours,
                minutes,
            })
        };
        assert_eq!(duration("7d"), d(7, 0, 0));
        assert_eq!(duration("2h"), d(0, 2, 0));
        assert_eq!(duration("1d12h"), d(1, 12, 0));
        assert_eq!(duration("30m"), d(0, 0, 30));
        assert_eq!(duration("0h"), d(0, 0, 0));
        assert_eq!(duration("1d2h3m"), d(1, 2, 3));
        for bad in [
            "",
            "7",
            "d",
            "7j",
            "2h1d",
            "1d1d",
            "-1d",
            "1.5h",
            "7 d",
            "99999999999d",
        ] {
            assert_eq!(duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn cohort_names_and_links() {
        assert!(is_cohort_name("bvm-printemps-2027"));
        assert!(!is_cohort_name("BVM 2027"));
        assert!(!is_cohort_name("été"));
        assert!(!is_cohort_name(""));
        assert!(is_web_url("https://www.avise.org/"));
        assert!(!is_web_url("www.avise.org"));
        assert!(!is_web_url("ftp://example.org/x"));
        assert!(!is_web_url("mailto:a@example.org"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("debut", &["start", "end"]), Some("start"));
        assert_eq!(closest("debut", &["from", "until"]), Some("from"));
        assert_eq!(closest("titel", &["title", "summary"]), Some("title"));
        assert_eq!(closest("xyz", &["title", "summary"]), None);
        assert_eq!(closest_zone("europe/paris"), Some("Europe/Paris"));
        assert_eq!(closest_zone("Mars/Olympus"), None);
    }
}
