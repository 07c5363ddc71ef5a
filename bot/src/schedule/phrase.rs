//! Date-time phrases as facilitators type them at the start of a command, mostly in French:
//! `demain 9h`, `lundi 14h30`, `12 mars à 9h30`, `2027-03-12 09:00`, `dans 2h`, and their
//! English counterparts (`tomorrow 9am`, `next monday 9am`, `in 3 days`).
//!
//! The phrase is read from the start of a list of words and stops at the first word that cannot
//! belong to it, so the rest of the command (a reminder's text) is left untouched. Reading is
//! pure: the current local time is passed in.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday};

use crate::i18n::{Arg, Msg};

#[path = "phrase_words.rs"]
mod words;

use words::{
    Clock, Part, Unit, clock_token, day_number, hm, is_digits, iso_date, month_name, normalize,
    slash_date, unambiguous, weekday_name,
};

/// Why a phrase does not give a usable moment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhraseError {
    /// No words at all.
    #[error("no date given")]
    Missing,
    /// The first word starts no phrase compagnon knows.
    #[error("`{text}` does not read as a date")]
    Unknown {
        /// The word as written.
        text: String,
    },
    /// A date that no calendar has, such as 31 February.
    #[error("`{text}` is not a date of the calendar")]
    ImpossibleDate {
        /// The date as written.
        text: String,
    },
    /// Something shaped like a time of day but out of bounds, such as `25h` or `9h75`.
    #[error("`{text}` is not a time of day")]
    InvalidTime {
        /// The time as written.
        text: String,
    },
    /// `dans` / `in` not followed by a readable duration.
    #[error("`{text}` does not read as a duration")]
    BadDuration {
        /// What follows `dans` / `in`, as written.
        text: String,
    },
    /// The phrase names a moment before now.
    #[error("{when} is already past")]
    Past {
        /// The local moment the phrase names.
        when: NaiveDateTime,
    },
    /// A weekday written with a date that falls on another day (`mardi 15 mars 2027`).
    #[error("{date} is not a {written}")]
    WeekdayMismatch {
        /// The date written.
        date: NaiveDate,
        /// The weekday written with it.
        written: Weekday,
    },
}

impl PhraseError {
    /// The explanation shown to the person who wrote the phrase, with an example (`phrase-…`).
    pub fn to_msg(&self) -> Msg {
        match self {
            PhraseError::Missing => Msg::new("phrase-missing"),
            PhraseError::Unknown { text } => Msg::new("phrase-unknown").arg("text", text),
            PhraseError::ImpossibleDate { text } => {
                Msg::new("phrase-impossible-date").arg("text", text)
            }
            PhraseError::InvalidTime { text } => Msg::new("phrase-invalid-time").arg("text", text),
            PhraseError::BadDuration { text } => Msg::new("phrase-bad-duration").arg("text", text),
            PhraseError::Past { when } => Msg::new("phrase-past").arg("when", *when),
            PhraseError::WeekdayMismatch { date, written } => {
                let weekday = Msg::new("fmt-weekday").arg("weekday", written.number_from_monday());
                Msg::new("phrase-weekday-mismatch")
                    .arg("date", *date)
                    .arg("written", Arg::Msg(Box::new(weekday)))
            }
        }
    }
}

/// Reads a date-time phrase at the start of `words`; returns the local date-time and how many
/// words it used.
///
/// A day written without a time means 9:00. A weekday, or a time alone, means its next
/// occurrence strictly after `now_local`; a date without a year, its next occurrence that is not
/// past. `dans 3 jours` / `in 3 days` keeps the current time of day unless a time follows.
/// Anything naming a moment before `now_local` is refused, never moved silently.
pub fn parse_when(
    words: &[&str],
    now_local: NaiveDateTime,
) -> Result<(NaiveDateTime, usize), PhraseError> {
    if words.is_empty() {
        return Err(PhraseError::Missing);
    }
    let toks: Vec<String> = words.iter().map(|w| normalize(w)).collect();
    let r = Reader {
        toks: &toks,
        words,
        now: now_local,
    };
    let (when, used) = r.phrase()?;
    if when < now_local {
        return Err(PhraseError::Past { when });
    }
    Ok((when, used))
}

/// The time a day without an explicit time gets.
const DEFAULT_HOUR: u32 = 9;

/// Which day a phrase names, before its time is known.
#[derive(Debug, Clone, Copy)]
enum Day {
    /// A fixed date.
    Date(NaiveDate),
    /// A day and month whose year is the next one that is not past.
    Yearless { month: u32, day: u32 },
    /// The next occurrence of a weekday strictly in the future.
    Weekday(Weekday),
}

/// A day as read, with what came with it.
#[derive(Debug, Clone, Copy)]
struct DayPhrase {
    day: Day,
    part: Option<Part>,
    /// A weekday written before an explicit date, to check against it.
    weekday: Option<Weekday>,
    /// A time written inside a date token (`2027-03-12T09:00`).
    time: Option<NaiveTime>,
}

/// Reads one phrase over normalised tokens, keeping the original words for error messages.
struct Reader<'a> {
    toks: &'a [String],
    words: &'a [&'a str],
    now: NaiveDateTime,
}

impl Reader<'_> {
    fn tok(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(String::as_str)
    }

    fn word(&self, i: usize) -> String {
        self.words.get(i).map(|w| w.to_string()).unwrap_or_default()
    }

    fn words(&self, from: usize, to: usize) -> String {
        let to = to.min(self.words.len());
        self.words.get(from..to).unwrap_or_default().join(" ")
    }

    fn phrase(&self) -> Result<(NaiveDateTime, usize), PhraseError> {
        if let Some(found) = self.relative(0)? {
            return Ok(found);
        }
        if let Some((clock, n)) = self.clock(0)? {
            // A time may come before its day: `9h demain`.
            if let Some((day, m)) = self.day(n)? {
                let when = self.resolve(day, Some(clock))?;
                return Ok((when, n + m));
            }
            let today = self.now.date().and_time(clock.time);
            let when = if today > self.now {
                today
            } else {
                today + TimeDelta::days(1)
            };
            return Ok((when, n));
        }
        let Some((day, n)) = self.day(0)? else {
            return Err(PhraseError::Unknown { text: self.word(0) });
        };
        // `2027-03-12T09:00` already has its time.
        if day.time.is_some() {
            return Ok((self.resolve(day, None)?, n));
        }
        match self.clock(n)? {
            Some((clock, m)) => Ok((self.resolve(day, Some(clock))?, n + m)),
            None => Ok((self.resolve(day, None)?, n)),
        }
    }

    /// The moment a day and an optional time name.
    fn resolve(&self, day: DayPhrase, clock: Option<Clock>) -> Result<NaiveDateTime, PhraseError> {
        let time = match (clock, day.time, day.part) {
            (Some(c), _, Some(Part::Afternoon | Part::Evening))
                if !c.unambiguous && (1..12).contains(&c.time.hour()) =>
            {
                c.time + TimeDelta::hours(12)
            }
            (Some(c), _, _) => c.time,
            (None, Some(t), _) => t,
            (None, None, Some(p)) => hm(p.hour(), 0),
            (None, None, None) => hm(DEFAULT_HOUR, 0),
        };
        let when = match day.day {
            Day::Date(d) => d.and_time(time),
            Day::Yearless { month, day: dom } => (self.now.year()..=self.now.year() + 8)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, dom))
                .map(|d| d.and_time(time))
                .find(|when| *when >= self.now)
                .ok_or_else(|| PhraseError::ImpossibleDate {
                    text: format!("{dom}/{month}"),
                })?,
            Day::Weekday(w) => {
                let today = self.now.date();
                let ahead = (7 + w.num_days_from_monday() as i64
                    - today.weekday().num_days_from_monday() as i64)
                    % 7;
                let first = (today + TimeDelta::days(ahead)).and_time(time);
                if first > self.now {
                    first
                } else {
                    first + TimeDelta::days(7)
                }
            }
        };
        if let Some(written) = day.weekday
            && when.weekday() != written
        {
            return Err(PhraseError::WeekdayMismatch {
                date: when.date(),
                written,
            });
        }
        Ok(when)
    }

    /// `dans 2h`, `dans 1 h 30`, `dans 3 jours à 9h`, `in 2 weeks`.
    fn relative(&self, i: usize) -> Result<Option<(NaiveDateTime, usize)>, PhraseError> {
        if !matches!(self.tok(i), Some("dans" | "in")) {
            return Ok(None);
        }
        let bad = || PhraseError::BadDuration {
            text: self.words(i, i + 2),
        };
        let Some((amount, unit, n)) = self.duration_part(i + 1) else {
            return Err(bad());
        };
        let mut j = i + 1 + n;
        let mut parts = vec![(amount, unit)];
        // Further parts come after `et` / `and` (`dans 2 jours et 3 heures`), or are minutes
        // after hours (`dans 1h 30min`). Otherwise a `9h` after `dans 2 jours` is the time of
        // that day, not 9 more hours.
        loop {
            let joined = matches!(self.tok(j), Some("et" | "and"));
            let skip = usize::from(joined);
            let Some((amount, unit, n)) = self.duration_part(j + skip) else {
                break;
            };
            let minutes_after_hours =
                parts.last().map(|p| p.1) == Some(Unit::Hour) && unit == Unit::Minute;
            if !joined && !minutes_after_hours {
                break;
            }
            parts.push((amount, unit));
            j += skip + n;
        }
        let mut months = 0u32;
        let mut delta = TimeDelta::zero();
        for &(amount, unit) in &parts {
            if unit == Unit::Month {
                months = months.checked_add(amount).ok_or_else(bad)?;
            } else {
                let part = unit.delta(amount).ok_or_else(bad)?;
                delta = delta.checked_add(&part).ok_or_else(bad)?;
            }
        }
        let smallest = parts.iter().map(|p| p.1).min().unwrap_or(Unit::Minute);
        let mut when = self
            .now
            .checked_add_months(Months::new(months))
            .and_then(|t| t.checked_add_signed(delta))
            .ok_or_else(bad)?;
        // Only whole days take a time of day: `dans 3 jours à 9h`, but `dans 2h` stays exact.
        if smallest >= Unit::Day
            && let Some((clock, n)) = self.clock(j)?
        {
            when = when.date().and_time(clock.time);
            j += n;
        }
        Ok(Some((when, j)))
    }

    /// One amount and unit: `2h`, `1h30`, `45 min`, `une heure`, `1 h 30`, `3 jours`.
    fn duration_part(&self, j: usize) -> Option<(u32, Unit, usize)> {
        let tok = self.tok(j)?;
        let digits = tok.find(|c: char| !c.is_ascii_digit()).unwrap_or(tok.len());
        if digits > 0 && digits < tok.len() {
            // Compact form, the unit glued to the number.
            let amount: u32 = tok[..digits].parse().ok()?;
            let rest = &tok[digits..];
            if let Some(unit) = Unit::parse(rest) {
                return Some((amount, unit, 1));
            }
            let (h, minutes) = rest.split_once('h')?;
            let minutes = minutes.strip_suffix("min").unwrap_or(minutes);
            if !h.is_empty() || !is_digits(minutes, 1, 2) {
                return None;
            }
            let total = amount.checked_mul(60)?.checked_add(minutes.parse().ok()?)?;
            return Some((total, Unit::Minute, 1));
        }
        let amount: u32 = match tok {
            "un" | "une" | "a" | "an" | "one" => 1,
            _ if digits > 0 && digits <= 9 => tok.parse().ok()?,
            _ => return None,
        };
        let unit = Unit::parse(self.tok(j + 1)?)?;
        // `1 h 30`: a bare number after hours is minutes, perhaps followed by their unit.
        if unit == Unit::Hour
            && let Some(m) = self.tok(j + 2).filter(|m| is_digits(m, 1, 2))
        {
            let total = amount.checked_mul(60)?.checked_add(m.parse().ok()?)?;
            let unit_follows = self.tok(j + 3).and_then(Unit::parse) == Some(Unit::Minute);
            return Some((total, Unit::Minute, 3 + usize::from(unit_follows)));
        }
        Some((amount, unit, 2))
    }

    /// A day: `demain`, `lundi prochain`, `ce soir`, `12 mars 2027`, `2027-03-12`, `12/03`…
    /// with a part of the day after it. Returns how many words it used.
    fn day(&self, i: usize) -> Result<Option<(DayPhrase, usize)>, PhraseError> {
        let Some((mut day, mut n)) = self.bare_day(i)? else {
            return Ok(None);
        };
        if day.time.is_none()
            && let Some(part) = self.part(i + n)
        {
            day.part = Some(part.0);
            n += part.1;
        }
        Ok(Some((day, n)))
    }

    fn part(&self, i: usize) -> Option<(Part, usize)> {
        if let (Some("apres"), Some("midi")) = (self.tok(i), self.tok(i + 1)) {
            return Some((Part::Afternoon, 2));
        }
        Some((Part::parse(self.tok(i)?)?, 1))
    }

    fn bare_day(&self, i: usize) -> Result<Option<(DayPhrase, usize)>, PhraseError> {
        let Some(tok) = self.tok(i) else {
            return Ok(None);
        };
        let today = self.now.date();
        let offset = |days: i64, n: usize| {
            let day = DayPhrase {
                day: Day::Date(today + TimeDelta::days(days)),
                part: None,
                weekday: None,
                time: None,
            };
            Ok(Some((day, n)))
        };
        match tok {
            // Articles before a day; never taken alone.
            "le" | "on" | "the" => {
                return Ok(self.bare_day(i + 1)?.map(|(d, n)| (d, n + 1)));
            }
            "aujourd'hui" | "aujourdhui" | "today" => return offset(0, 1),
            "demain" | "tomorrow" => return offset(1, 1),
            "apres-demain" => return offset(2, 1),
            "apres" if self.tok(i + 1) == Some("demain") => return offset(2, 2),
            "hier" | "yesterday" => return offset(-1, 1),
            "tonight" => {
                return offset(0, 1).map(|d| d.map(|(d, n)| (with_part(d, Part::Evening), n)));
            }
            "ce" | "cet" | "cette" | "this" => {
                // `ce soir`, `cet après-midi`, `this morning`; `ce lundi` is a weekday.
                if let Some((part, n)) = self.part(i + 1) {
                    return offset(0, 1 + n).map(|d| d.map(|(d, n)| (with_part(d, part), n)));
                }
                return Ok(self.weekday(i + 1)?.map(|(d, n)| (d, n + 1)));
            }
            "next" => return Ok(self.weekday(i + 1)?.map(|(d, n)| (d, n + 1))),
            _ => {}
        }
        if let Some(found) = self.weekday(i)? {
            return Ok(Some(found));
        }
        self.date(i)
    }

    /// `lundi`, `lundi prochain`, or a weekday followed by a date it must match.
    fn weekday(&self, i: usize) -> Result<Option<(DayPhrase, usize)>, PhraseError> {
        let Some(weekday) = self.tok(i).and_then(weekday_name) else {
            return Ok(None);
        };
        if let Some((mut date, n)) = self.date(i + 1)? {
            date.weekday = Some(weekday);
            return Ok(Some((date, n + 1)));
        }
        let next = matches!(self.tok(i + 1), Some("prochain" | "prochaine" | "next"));
        let day = DayPhrase {
            day: Day::Weekday(weekday),
            part: None,
            weekday: None,
            time: None,
        };
        Ok(Some((day, 1 + usize::from(next))))
    }

    /// An explicit date: `2027-03-12`, `2027-03-12T09:00`, `12/03/2027`, `12/03`, `12 mars`,
    /// `1er avril 2027`, `March 12`.
    fn date(&self, i: usize) -> Result<Option<(DayPhrase, usize)>, PhraseError> {
        let Some(tok) = self.tok(i) else {
            return Ok(None);
        };
        let impossible = |n: usize| PhraseError::ImpossibleDate {
            text: self.words(i, i + n),
        };
        if let Some((date, time)) = iso_date(tok) {
            let (y, m, d) = date;
            let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| impossible(1))?;
            let time = match time {
                Some(t) => Some(
                    clock_token(t)
                        .ok_or_else(|| impossible(1))?
                        .map_err(|()| PhraseError::InvalidTime { text: t.into() })?
                        .time,
                ),
                None => None,
            };
            return Ok(Some((fixed(Day::Date(date), time), 1)));
        }
        if let Some((d, m, y)) = slash_date(tok) {
            let day = calendar_day(y, m, d).ok_or_else(|| impossible(1))?;
            return Ok(Some((fixed(day, None), 1)));
        }
        // `12 mars [2027]` or `march 12 [2027]`.
        let Some(next) = self.tok(i + 1) else {
            return Ok(None);
        };
        let (d, m) = match (day_number(tok), month_name(next)) {
            (Some(d), Some(m)) => (d, m),
            _ => match (month_name(tok), day_number(next)) {
                (Some(m), Some(d)) => (d, m),
                _ => return Ok(None),
            },
        };
        let year = self
            .tok(i + 2)
            .filter(|t| is_digits(t, 4, 4))
            .and_then(|t| t.parse::<i32>().ok());
        let n = 2 + usize::from(year.is_some());
        let day = calendar_day(year, m, d).ok_or_else(|| impossible(n))?;
        Ok(Some((fixed(day, None), n)))
    }

    /// A time of day, with an optional `à` / `at` before it: `9h`, `9h30`, `09:30`, `9 h 30`,
    /// `14 h`, `9 heures`, `9am`, `6 pm`, `midi`.
    fn clock(&self, i: usize) -> Result<Option<(Clock, usize)>, PhraseError> {
        if matches!(self.tok(i), Some("a" | "at" | "vers" | "@")) {
            // After `à` / `at`, a bare number is an hour (`demain soir à 8`); alone it could be
            // the start of the text.
            if let Some(hour) = self.tok(i + 1).filter(|t| is_digits(t, 1, 2))
                && !matches!(
                    self.tok(i + 2),
                    Some("h" | "heure" | "heures" | "am" | "pm")
                )
            {
                let hour: u32 = hour.parse().unwrap_or(u32::MAX);
                if hour > 23 {
                    return Err(PhraseError::InvalidTime {
                        text: self.word(i + 1),
                    });
                }
                let clock = Clock {
                    time: hm(hour, 0),
                    unambiguous: hour >= 12,
                };
                return Ok(Some((clock, 2)));
            }
            return Ok(self.bare_clock(i + 1)?.map(|(c, n)| (c, n + 1)));
        }
        self.bare_clock(i)
    }

    fn bare_clock(&self, i: usize) -> Result<Option<(Clock, usize)>, PhraseError> {
        let Some(tok) = self.tok(i) else {
            return Ok(None);
        };
        let invalid = |n: usize| PhraseError::InvalidTime {
            text: self.words(i, i + n),
        };
        match tok {
            "midi" | "noon" => return Ok(Some((unambiguous(12, 0), 1))),
            "minuit" | "midnight" => return Ok(Some((unambiguous(0, 0), 1))),
            _ => {}
        }
        let next = self.tok(i + 1);
        // `6 pm`, `9:30 am`; before the single-token forms, which would read `9:30` alone.
        if let Some(meridiem @ ("am" | "pm")) = next
            && (is_digits(tok, 1, 2) || tok.contains(':'))
        {
            let text = format!("{tok}{meridiem}");
            return match clock_token(&text) {
                Some(Ok(c)) => Ok(Some((c, 2))),
                Some(Err(())) => Err(invalid(2)),
                None => Ok(None),
            };
        }
        if let Some(found) = clock_token(tok) {
            return found.map(|c| Some((c, 1))).map_err(|()| invalid(1));
        }
        // `9 h 30`, `14 h`, `9 heures`.
        if is_digits(tok, 1, 2) && matches!(next, Some("h" | "heure" | "heures")) {
            let minutes = self.tok(i + 2).filter(|m| is_digits(m, 2, 2));
            let n = 2 + usize::from(minutes.is_some());
            let text = format!("{tok}h{}", minutes.unwrap_or(""));
            return clock_token(&text)
                .and_then(Result::ok)
                .map(|c| Some((c, n)))
                .ok_or_else(|| invalid(n));
        }
        Ok(None)
    }
}

fn with_part(mut day: DayPhrase, part: Part) -> DayPhrase {
    day.part = Some(part);
    day
}

fn fixed(day: Day, time: Option<NaiveTime>) -> DayPhrase {
    DayPhrase {
        day,
        part: None,
        weekday: None,
        time,
    }
}

/// The day a day and month name, in `year` if given; `None` when no such date exists.
fn calendar_day(year: Option<i32>, month: u32, day: u32) -> Option<Day> {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).map(Day::Date),
        // 2024 is a leap year: a yearless 29 February exists, a 30 February never does.
        None => NaiveDate::from_ymd_opt(2024, month, day).map(|_| Day::Yearless { month, day }),
    }
}

#[cfg(test)]
#[path = "phrase_tests.rs"]
mod tests;
