//! Standard 5-field cron rules as users write them, converted for the `cron` crate.
//!
//! Facilitators write the cron they know (`minute hour day-of-month month day-of-week`, Sunday
//! = 0 or 7). The `cron` crate wants seconds first and numbers weekdays 1–7 from Sunday, so a
//! rule passed through unchanged would fire a day late. Each field is therefore parsed and
//! validated here, expanded to the set of values it means, and written back in a form the crate
//! cannot misread: weekdays by name, everything else as plain numbers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::iter::Peekable;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use cron::OwnedScheduleIterator;

use super::tz::{local_to_utc, utc_to_local};
use crate::i18n::Msg;

/// A parsed recurring rule.
///
/// Two rules are equal when their sources are: the schedules are derived from them.
#[derive(Debug, Clone)]
pub struct CronRule {
    /// What the user wrote.
    pub source: String,
    /// The rule in the `cron` crate's syntax; when both day fields are restricted, only the
    /// day-of-month half (see `by_weekday`).
    schedule: cron::Schedule,
    /// Standard cron fires when *either* restricted day field matches, whereas the crate wants
    /// both; this second schedule carries the weekday half of such rules.
    by_weekday: Option<cron::Schedule>,
}

impl PartialEq for CronRule {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// One of the five fields of a standard cron rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CronField {
    /// Minute, 0–59.
    Minute,
    /// Hour, 0–23.
    Hour,
    /// Day of the month, 1–31.
    DayOfMonth,
    /// Month, 1–12 or JAN–DEC.
    Month,
    /// Day of the week, 0–7 (0 and 7 are Sunday) or SUN–SAT.
    DayOfWeek,
}

impl CronField {
    /// The fields in the order they are written.
    pub const ALL: [CronField; 5] = [
        CronField::Minute,
        CronField::Hour,
        CronField::DayOfMonth,
        CronField::Month,
        CronField::DayOfWeek,
    ];

    /// An English name, for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            CronField::Minute => "minute",
            CronField::Hour => "hour",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
        }
    }

    /// The field's name, localisable (`schedule-cron-field-…`).
    pub fn to_msg(self) -> Msg {
        Msg::new(format!("schedule-cron-field-{}", self.as_str()))
    }

    /// The smallest and largest value a user may write.
    pub fn bounds(self) -> (u32, u32) {
        match self {
            CronField::Minute => (0, 59),
            CronField::Hour => (0, 23),
            CronField::DayOfMonth => (1, 31),
            CronField::Month => (1, 12),
            CronField::DayOfWeek => (0, 7),
        }
    }

    /// The value a name stands for, matched without regard to case.
    fn value_of_name(self, name: &str) -> Option<u32> {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let name = name.to_ascii_lowercase();
        let position = |names: &[&str]| names.iter().position(|n| *n == name);
        match self {
            CronField::Month => position(&MONTHS).map(|i| i as u32 + 1),
            CronField::DayOfWeek => position(&WEEKDAYS)
                .or_else(|| position(&WEEKDAYS_LONG))
                .map(|i| i as u32),
            _ => None,
        }
    }
}

impl fmt::Display for CronField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Weekday names from Sunday = 0, as written in rules and as given to the crate.
const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const WEEKDAYS_LONG: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// Not a number, a name, `*`, a range, a step or a list of those.
    Syntax,
    /// A value outside the field's bounds.
    OutOfRange {
        /// The value written.
        value: u32,
        /// The smallest allowed.
        min: u32,
        /// The largest allowed.
        max: u32,
    },
    /// A range that goes backwards (`5-1`); standard cron does not wrap around.
    Backwards,
    /// A step of zero (`*/0`).
    ZeroStep,
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldProblem::Syntax => f.write_str("not a number, name, *, range, step or list"),
            FieldProblem::OutOfRange { value, min, max } => {
                write!(f, "{value} is not between {min} and {max}")
            }
            FieldProblem::Backwards => f.write_str("a range must go upwards"),
            FieldProblem::ZeroStep => f.write_str("a step cannot be 0"),
        }
    }
}

/// Why a cron rule was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CronError {
    /// The rule does not have the five fields of standard cron.
    #[error("a cron rule has 5 fields (minute hour day-of-month month day-of-week), not {count}")]
    FieldCount {
        /// How many fields were written.
        count: usize,
    },
    /// One field cannot be read.
    #[error("invalid {field} field `{text}`: {problem}")]
    InvalidField {
        /// Which field.
        field: CronField,
        /// The field as written.
        text: String,
        /// What is wrong with it.
        problem: FieldProblem,
    },
    /// Every field is valid but no date matches them (`0 9 30 2 *`: 30 February).
    #[error("the rule never fires: none of its months has any of its days")]
    NeverFires,
}

impl CronError {
    /// The explanation for a user, localisable (`schedule-cron-…` in `schedule.ftl`).
    pub fn to_msg(&self) -> Msg {
        match self {
            CronError::FieldCount { count } => {
                Msg::new("schedule-cron-field-count").arg("count", *count)
            }
            CronError::InvalidField {
                field,
                text,
                problem,
            } => {
                let msg = |id| Msg::new(id).arg("field", field.to_msg()).arg("text", text);
                match problem {
                    FieldProblem::Syntax => msg("schedule-cron-syntax"),
                    FieldProblem::OutOfRange { value, min, max } => {
                        msg("schedule-cron-out-of-range")
                            .arg("value", i64::from(*value))
                            .arg("min", i64::from(*min))
                            .arg("max", i64::from(*max))
                    }
                    FieldProblem::Backwards => msg("schedule-cron-backwards"),
                    FieldProblem::ZeroStep => msg("schedule-cron-zero-step"),
                }
            }
            CronError::NeverFires => Msg::new("schedule-cron-never-fires"),
        }
    }
}

/// Days in each month of a leap year: a day fires if it exists in some year.
const MAX_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The usual nicknames, spelled out in five fields.
const MACROS: [(&str, &str); 7] = [
    ("@yearly", "0 0 1 1 *"),
    ("@annually", "0 0 1 1 *"),
    ("@monthly", "0 0 1 * *"),
    ("@weekly", "0 0 * * 0"),
    ("@daily", "0 0 * * *"),
    ("@midnight", "0 0 * * *"),
    ("@hourly", "0 * * * *"),
];

impl CronRule {
    /// Parses a standard 5-field cron rule (`"0 9 * * MON"`, `"30 18 * * 1-5"`).
    ///
    /// Accepted in each field: numbers, `*`, lists (`1,15`), ranges (`1-5`), steps (`*/15`,
    /// `8-18/2`, `5/10` = from 5 to the end), and names in the month (`JAN`) and weekday
    /// (`MON`, `monday`) fields, in any case. Weekdays are 0–7 with Sunday both 0 and 7, so
    /// `5-7` is Friday to Sunday, and a weekday range may end on `0`/`SUN` (`FRI-SUN`). The
    /// nicknames `@hourly`, `@daily`, `@weekly`, `@monthly` and `@yearly` are accepted too.
    ///
    /// As in standard cron, when both the day-of-month and the weekday fields are restricted
    /// (neither starts with `*`), the rule fires on days matching *either*.
    pub fn parse(source: &str) -> Result<CronRule, CronError> {
        let trimmed = source.trim();
        let expanded = MACROS
            .iter()
            .find(|(name, _)| trimmed.eq_ignore_ascii_case(name))
            .map_or(trimmed, |(_, fields)| fields);
        let texts: Vec<&str> = expanded.split_whitespace().collect();
        if texts.len() != 5 {
            return Err(CronError::FieldCount { count: texts.len() });
        }
        let mut sets = [0u64; 5];
        for ((set, field), text) in sets.iter_mut().zip(CronField::ALL).zip(&texts) {
            *set = parse_field(field, text).map_err(|problem| CronError::InvalidField {
                field,
                text: (*text).to_owned(),
                problem,
            })?;
        }
        let [minutes, hours, days, months, weekdays] = sets;

        // Standard cron (Vixie) decides between "and" and "or" on the first character.
        let days_restricted = !texts[2].starts_with('*');
        let weekdays_restricted = !texts[4].starts_with('*');
        let either_day = days_restricted && weekdays_restricted;

        let fires_on_some_date = (1..=12u32)
            .filter(|m| months & (1 << m) != 0)
            .any(|m| (1..=MAX_DAYS[m as usize - 1]).any(|d| days & (1 << d) != 0));
        if !fires_on_some_date && !either_day {
            return Err(CronError::NeverFires);
        }

        let minutes = numbers(CronField::Minute, minutes);
        let hours = numbers(CronField::Hour, hours);
        let months = numbers(CronField::Month, months);
        let days_text = numbers(CronField::DayOfMonth, days);
        let weekdays_text = weekday_names(weekdays);
        let build = |days: &str, weekdays: &str| {
            let crate_form = format!("0 {minutes} {hours} {days} {months} {weekdays}");
            // Built from validated value sets only: a refusal is a bug here, not user input.
            cron::Schedule::from_str(&crate_form)
                .unwrap_or_else(|e| panic!("converted cron `{crate_form}` refused: {e}"))
        };
        let (schedule, by_weekday) = if either_day {
            // A rule like "0 9 31 2 MON" still fires on Mondays; the day half may not exist.
            let by_day = fires_on_some_date.then(|| build(&days_text, "*"));
            let by_weekday = build("*", &weekdays_text);
            match by_day {
                Some(by_day) => (by_day, Some(by_weekday)),
                None => (by_weekday, None),
            }
        } else {
            (build(&days_text, &weekdays_text), None)
        };
        Ok(CronRule {
            source: source.to_owned(),
            schedule,
            by_weekday,
        })
    }

    /// The rule in the `cron` crate's 6-field syntax (seconds first, weekdays by name). For a
    /// rule firing on either of its day fields, the day-of-month half.
    pub fn schedule(&self) -> &cron::Schedule {
        &self.schedule
    }

    /// The first firing strictly after `after`, evaluated in local time in `tz`.
    ///
    /// See [`CronRule::firings_after`] for how daylight-saving changes are handled.
    pub fn next_after(&self, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.firings_after(tz, after).next()
    }

    /// The shortest time between two of the first `samples` firings after `after`; `None`
    /// when fewer than two firings come. A rule's smallest gap shows within its first firing
    /// day (minutes and hours are a cartesian product), so a few hundred samples find it.
    pub fn shortest_gap(&self, tz: Tz, after: DateTime<Utc>, samples: usize) -> Option<TimeDelta> {
        let firings: Vec<DateTime<Utc>> = self.firings_after(tz, after).take(samples).collect();
        firings.windows(2).map(|w| w[1] - w[0]).min()
    }

    /// Every firing strictly after `after`, in order, evaluated on the wall clock in `tz`.
    ///
    /// `"0 9 * * *"` fires at 09:00 local on both sides of a daylight-saving change. Local times
    /// become instants through [`local_to_utc`]: a firing in a skipped hour (`"30 2 * * *"` on
    /// the spring-forward day) goes out once, one gap later (03:30), and one in a repeated
    /// hour goes out once, the first time the clock shows it. Two firings that land on the
    /// same instant (`"30 2,3 * * *"` on that spring day) go out once.
    ///
    /// The `cron` crate is only asked for wall-clock times (reading them as UTC, which has no
    /// changes): given a zone, it drops firings in a gap and repeats those in an overlap.
    /// The iterator ends after 2100, the crate's last year. It reads up to 15 hours of
    /// wall-clock firings ahead of what it returns, to return them in instant order.
    pub fn firings_after(
        &self,
        tz: Tz,
        after: DateTime<Utc>,
    ) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let start = earliest_wall_clock(tz, after).and_utc();
        let mut iters = vec![self.schedule.after_owned(start).peekable()];
        if let Some(by_weekday) = &self.by_weekday {
            iters.push(by_weekday.after_owned(start).peekable());
        }
        Firings {
            tz,
            wall_clock: WallClockFirings { iters },
            pending: BinaryHeap::new(),
            frontier: None,
            exhausted: false,
            last: after,
        }
    }
}

/// No zone has been further than this from UTC since 1970 (Pacific/Kiritimati is +14:00).
const MAX_UTC_OFFSET: TimeDelta = TimeDelta::hours(15);

/// Instants of wall-clock firings, in order and each once.
///
/// Wall-clock order is not instant order around a spring-forward gap: 02:50 in the gap becomes
/// 03:50 CEST, later than 03:10 CEST. Instants are therefore held back until no later wall-clock
/// time can map before them, which [`MAX_UTC_OFFSET`] bounds.
struct Firings {
    tz: Tz,
    wall_clock: WallClockFirings,
    /// Instants mapped but not yet safe to hand out.
    pending: BinaryHeap<Reverse<DateTime<Utc>>>,
    /// Every wall-clock time still to come maps to this instant or later.
    frontier: Option<DateTime<Utc>>,
    exhausted: bool,
    /// The last instant handed out (at first, the caller's `after`).
    last: DateTime<Utc>,
}

impl Iterator for Firings {
    type Item = DateTime<Utc>;

    fn next(&mut self) -> Option<DateTime<Utc>> {
        loop {
            if let Some(&Reverse(first)) = self.pending.peek() {
                if self.exhausted || self.frontier.is_some_and(|f| first <= f) {
                    self.pending.pop();
                    // Overlap times and the margin before `after` map to `after` or earlier;
                    // two gap times may map to the same instant.
                    if first > self.last {
                        self.last = first;
                        return Some(first);
                    }
                    continue;
                }
            } else if self.exhausted {
                return None;
            }
            match self.wall_clock.next() {
                Some(local) => {
                    self.frontier = local.and_utc().checked_sub_signed(MAX_UTC_OFFSET);
                    self.pending.push(Reverse(local_to_utc(self.tz, local)));
                }
                None => self.exhausted = true,
            }
        }
    }
}

/// The earliest wall-clock time at which a firing may map to an instant after `after`.
///
/// A time in a spring-forward gap maps to an instant later than its reading by the offset now
/// in force, so right after a gap the iteration must start as far back as the old offset says.
/// The offsets a day and two days earlier cover every gap on record.
fn earliest_wall_clock(tz: Tz, after: DateTime<Utc>) -> NaiveDateTime {
    [TimeDelta::zero(), TimeDelta::days(1), TimeDelta::days(2)]
        .into_iter()
        .filter_map(|back| after.checked_sub_signed(back))
        .map(|instant| after.naive_utc() + (utc_to_local(tz, instant) - instant.naive_utc()))
        .min()
        .unwrap_or_else(|| utc_to_local(tz, after))
}

/// Wall-clock firings of one or two schedules, merged in order, each time once.
struct WallClockFirings {
    iters: Vec<Peekable<OwnedScheduleIterator<Utc>>>,
}

impl Iterator for WallClockFirings {
    type Item = NaiveDateTime;

    fn next(&mut self) -> Option<NaiveDateTime> {
        let next = self
            .iters
            .iter_mut()
            .filter_map(|i| i.peek().copied())
            .min()?;
        for iter in &mut self.iters {
            iter.next_if_eq(&next);
        }
        Some(next.naive_utc())
    }
}

/// The set of values `text` means in `field`, as bits (bit n = value n). Weekday 7 becomes 0.
fn parse_field(field: CronField, text: &str) -> Result<u64, FieldProblem> {
    let (min, max) = field.bounds();
    let value = |s: &str| -> Result<u32, FieldProblem> {
        let v = if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
            s.parse().map_err(|_| FieldProblem::Syntax)?
        } else {
            field.value_of_name(s).ok_or(FieldProblem::Syntax)?
        };
        if v < min || v > max {
            return Err(FieldProblem::OutOfRange { value: v, min, max });
        }
        Ok(v)
    };
    let mut set = 0u64;
    for item in text.split(',') {
        let (base, step) = match item.split_once('/') {
            Some((base, step)) => {
                let step: u32 = match step.bytes().all(|b| b.is_ascii_digit()) {
                    true => step.parse().map_err(|_| FieldProblem::Syntax)?,
                    false => return Err(FieldProblem::Syntax),
                };
                if step == 0 {
                    return Err(FieldProblem::ZeroStep);
                }
                (base, Some(step))
            }
            None => (item, None),
        };
        let (start, end) = if base == "*" {
            (min, max)
        } else if let Some((a, b)) = base.split_once('-') {
            let (a, mut b) = (value(a)?, value(b)?);
            if field == CronField::DayOfWeek && b == 0 && a > 0 {
                // "FRI-SUN": Sunday closes the week as 7.
                b = 7;
            }
            if a > b {
                return Err(FieldProblem::Backwards);
            }
            (a, b)
        } else {
            let a = value(base)?;
            // "5/10" runs from 5 to the end of the field, as in common cron implementations.
            (a, if step.is_some() { max } else { a })
        };
        for v in (start..=end).step_by(step.unwrap_or(1) as usize) {
            set |= 1 << v;
        }
    }
    if field == CronField::DayOfWeek && set & (1 << 7) != 0 {
        set = (set & !(1 << 7)) | 1;
    }
    Ok(set)
}

/// `set` as the crate reads it: `*` when complete, else a list of numbers.
fn numbers(field: CronField, set: u64) -> String {
    let (min, max) = field.bounds();
    if (min..=max).all(|v| set & (1 << v) != 0) {
        return "*".to_owned();
    }
    let values: Vec<String> = (min..=max)
        .filter(|v| set & (1 << v) != 0)
        .map(|v| v.to_string())
        .collect();
    values.join(",")
}

/// A weekday set (bit 0 = Sunday) as the crate reads it: `*`, or names, never numbers.
fn weekday_names(set: u64) -> String {
    if set & 0x7f == 0x7f {
        return "*".to_owned();
    }
    let names: Vec<&str> = (0..7)
        .filter(|d| set & (1 << d) != 0)
        .map(|d| WEEKDAYS[d])
        .collect();
    names.join(",").to_uppercase()
}

#[cfg(test)]
#[path = "cron_rule_tests.rs"]
mod tests;
