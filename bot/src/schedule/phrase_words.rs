//! The words of date phrases, one token at a time: times (`9h30`, `6pm`), numeric dates, day,
//! month and weekday names, units of delays. The grammar that puts them together is in
//! `phrase.rs`.

use chrono::{NaiveTime, TimeDelta, Weekday};

/// A year, month and day as written, not yet checked against the calendar.
pub(super) type Ymd = (i32, u32, u32);

/// Lower case, without accents or trailing punctuation, typographic apostrophes made plain, so
/// that `Après-demain,` and `apres-demain` read alike.
pub(super) fn normalize(word: &str) -> String {
    crate::text::fold(word)
        .trim_end_matches([',', ';', '.', '!', '?'])
        .to_owned()
}

/// A part of the day, which sets a default time and tells `8h` in the evening is 20:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Morning,
    Noon,
    Afternoon,
    Evening,
}

impl Part {
    pub(super) fn parse(s: &str) -> Option<Part> {
        Some(match s {
            "matin" | "morning" => Part::Morning,
            "midi" | "noon" => Part::Noon,
            "apres-midi" | "aprem" | "afternoon" => Part::Afternoon,
            "soir" | "evening" => Part::Evening,
            _ => return None,
        })
    }

    pub(super) fn hour(self) -> u32 {
        match self {
            Part::Morning => 9,
            Part::Noon => 12,
            Part::Afternoon => 14,
            Part::Evening => 18,
        }
    }
}

/// A time of day as written; the meridiem decides whether a part of the day may shift it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Clock {
    /// The time, on a 24-hour clock.
    pub(super) time: NaiveTime,
    /// Written with `am`/`pm` or past noon already: no evening shift applies.
    pub(super) unambiguous: bool,
}

/// A unit of a relative phrase, from the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

impl Unit {
    pub(super) fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "m" | "mn" | "min" | "mins" | "minute" | "minutes" => Unit::Minute,
            "h" | "hr" | "hrs" | "heure" | "heures" | "hour" | "hours" => Unit::Hour,
            "j" | "jour" | "jours" | "d" | "day" | "days" => Unit::Day,
            "sem" | "semaine" | "semaines" | "w" | "week" | "weeks" => Unit::Week,
            "mois" | "month" | "months" => Unit::Month,
            _ => return None,
        })
    }

    pub(super) fn delta(self, amount: u32) -> Option<TimeDelta> {
        let n = i64::from(amount);
        match self {
            Unit::Minute => TimeDelta::try_minutes(n),
            Unit::Hour => TimeDelta::try_hours(n),
            Unit::Day => TimeDelta::try_days(n),
            Unit::Week => TimeDelta::try_weeks(n),
            // Months differ in length: the caller adds them with calendar arithmetic instead.
            Unit::Month => None,
        }
    }
}

/// A time from values already checked; an impossible one would be a bug, shown as midnight
/// rather than a panic.
pub(super) fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

pub(super) fn unambiguous(hour: u32, minute: u32) -> Clock {
    Clock {
        time: hm(hour, minute),
        unambiguous: true,
    }
}

pub(super) fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A single-token time: `9h`, `9h30`, `09:30`, `09:30:00`, `9am`, `9:30pm`. `None` when the
/// token is not shaped like a time, `Some(Err)` when it is but its values are out of bounds.
pub(super) fn clock_token(tok: &str) -> Option<Result<Clock, ()>> {
    let (body, meridiem) = match tok.strip_suffix("am") {
        Some(b) => (b, Some(false)),
        None => match tok.strip_suffix("pm") {
            Some(b) => (b, Some(true)),
            None => (tok, None),
        },
    };
    let (hour, minute) = if let Some((h, m)) = body.split_once('h') {
        let m = m.strip_suffix("min").unwrap_or(m);
        if !is_digits(h, 1, 2) || !(m.is_empty() || is_digits(m, 1, 2)) || meridiem.is_some() {
            return None;
        }
        (h, if m.is_empty() { "0" } else { m })
    } else if let Some((h, rest)) = body.split_once(':') {
        let m = match rest.split_once(':') {
            Some((m, s)) if is_digits(s, 2, 2) && s == "00" => m,
            Some(_) => return None,
            None => rest,
        };
        if !is_digits(h, 1, 2) || !is_digits(m, 2, 2) {
            return None;
        }
        (h, m)
    } else if meridiem.is_some() && is_digits(body, 1, 2) {
        (body, "0")
    } else {
        return None;
    };
    let (mut hour, minute): (u32, u32) = (hour.parse().ok()?, minute.parse().ok()?);
    if minute > 59 {
        return Some(Err(()));
    }
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return Some(Err(()));
            }
            hour = hour % 12 + if pm { 12 } else { 0 };
        }
        None if hour > 23 => return Some(Err(())),
        None => {}
    }
    Some(Ok(Clock {
        time: hm(hour, minute),
        unambiguous: meridiem.is_some() || hour >= 12,
    }))
}

/// `2027-03-12` or `2027-03-12t09:00`: `((year, month, day), time text)`.
pub(super) fn iso_date(tok: &str) -> Option<(Ymd, Option<&str>)> {
    let (date, time) = match tok.split_once('t') {
        Some((d, t)) => (d, Some(t)),
        None => (tok, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !is_digits(y, 4, 4) || !is_digits(m, 1, 2) || !is_digits(d, 1, 2) {
        return None;
    }
    Some(((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?), time))
}

/// `12/03/2027`, `12/03/27` or `12/03`: `(day, month, year)`, day first as in French.
pub(super) fn slash_date(tok: &str) -> Option<(u32, u32, Option<i32>)> {
    let mut parts = tok.split('/');
    let (d, m) = (parts.next()?, parts.next()?);
    let y = parts.next();
    if parts.next().is_some() || !is_digits(d, 1, 2) || !is_digits(m, 1, 2) {
        return None;
    }
    let year = match y {
        None => None,
        Some(y) if is_digits(y, 4, 4) => Some(y.parse().ok()?),
        Some(y) if is_digits(y, 2, 2) => Some(2000 + y.parse::<i32>().ok()?),
        Some(_) => return None,
    };
    Some((d.parse().ok()?, m.parse().ok()?, year))
}

/// `12`, `1er`, `2e`, `21st`, `3rd`: a day of the month as written (not yet checked).
pub(super) fn day_number(tok: &str) -> Option<u32> {
    let digits = tok.find(|c: char| !c.is_ascii_digit()).unwrap_or(tok.len());
    let suffix = &tok[digits..];
    if !is_digits(&tok[..digits], 1, 2)
        || !matches!(
            suffix,
            "" | "er" | "re" | "e" | "eme" | "st" | "nd" | "rd" | "th"
        )
    {
        return None;
    }
    tok[..digits].parse().ok()
}

pub(super) fn month_name(tok: &str) -> Option<u32> {
    Some(match tok {
        "janvier" | "janv" | "january" | "jan" => 1,
        "fevrier" | "fevr" | "fev" | "february" | "feb" => 2,
        "mars" | "march" | "mar" => 3,
        "avril" | "avr" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "jun" => 6,
        "juillet" | "juil" | "july" | "jul" => 7,
        "aout" | "august" | "aug" => 8,
        "septembre" | "sept" | "september" | "sep" => 9,
        "octobre" | "october" | "oct" => 10,
        "novembre" | "november" | "nov" => 11,
        "decembre" | "december" | "dec" => 12,
        _ => return None,
    })
}

pub(super) fn weekday_name(tok: &str) -> Option<Weekday> {
    Some(match tok {
        "lundi" | "monday" => Weekday::Mon,
        "mardi" | "tuesday" => Weekday::Tue,
        "mercredi" | "wednesday" => Weekday::Wed,
        "jeudi" | "thursday" => Weekday::Thu,
        "vendredi" | "friday" => Weekday::Fri,
        "samedi" | "saturday" => Weekday::Sat,
        "dimanche" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}
