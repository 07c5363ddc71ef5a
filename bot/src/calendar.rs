//! The cohort's programme as an iCalendar file (RFC 5545), for people to subscribe to or import
//! in their own calendar: one event per atelier with a reminder the day before, and one short
//! event per deliverable deadline.
//!
//! Pure: values in, text out. Times are written in UTC so no `VTIMEZONE` block is needed and
//! every client agrees on the instant, daylight-saving changes included.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use crate::domain::{Atelier, Cohort, DeliverableSpec, Lang};
use crate::i18n::Msg;
use crate::schedule::local_to_utc;

/// An atelier to put in the calendar, with the deliverable due after it, if any.
#[derive(Debug, Clone, Copy)]
pub struct CalendarAtelier<'a> {
    /// The atelier.
    pub atelier: &'a Atelier,
    /// Its deliverable; its deadline becomes an event of its own.
    pub deliverable: Option<&'a DeliverableSpec>,
}

/// How long a deadline event lasts: long enough to show in day views, ending at the due time.
const DEADLINE_LENGTH: TimeDelta = TimeDelta::minutes(15);

/// Longest physical line, in octets, without its CRLF (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The whole calendar of `cohort`, with texts in `lang`, stamped `now`.
///
/// Event UIDs depend only on the cohort's name and the atelier numbers, so re-importing an
/// updated calendar updates events instead of duplicating them.
pub fn cohort_calendar(
    cohort: &Cohort,
    ateliers: &[CalendarAtelier<'_>],
    lang: Lang,
    now: DateTime<Utc>,
) -> String {
    let mut ics = Ics::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line("PRODID", "-//compagnon//FR");
    ics.line("CALSCALE", "GREGORIAN");
    ics.line("METHOD", "PUBLISH");
    ics.text("X-WR-CALNAME", &cohort.title);
    let stamp = utc_stamp(now);
    for entry in ateliers {
        atelier_event(&mut ics, cohort, entry.atelier, lang, &stamp);
        if let Some(deliverable) = entry.deliverable {
            deadline_event(&mut ics, cohort, entry.atelier, deliverable, lang, &stamp);
        }
    }
    ics.line("END", "VCALENDAR");
    ics.out
}

fn atelier_event(ics: &mut Ics, cohort: &Cohort, atelier: &Atelier, lang: Lang, stamp: &str) {
    let summary = Msg::new("calendar-atelier-summary")
        .arg("number", atelier.number)
        .arg("title", &atelier.title)
        .render(lang);
    ics.line("BEGIN", "VEVENT");
    ics.text(
        "UID",
        &format!("atelier-{}-{}@compagnon", cohort.name, atelier.number),
    );
    ics.line("DTSTAMP", stamp);
    status(ics, atelier);
    ics.line("DTSTART", &local_stamp(cohort, atelier.start));
    ics.line("DTEND", &local_stamp(cohort, atelier.end));
    ics.text("SUMMARY", &summary);
    let link = atelier.link.as_ref().map(|link| {
        Msg::new("calendar-atelier-link")
            .arg("link", link)
            .render(lang)
    });
    let description: Vec<&str> = [Some(atelier.summary.trim()), link.as_deref()]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect();
    if !description.is_empty() {
        ics.text("DESCRIPTION", &description.join("\n\n"));
    }
    if let Some(place) = &atelier.place {
        ics.text("LOCATION", place);
    }
    if let Some(link) = &atelier.link {
        ics.uri("URL", link);
    }
    if atelier.cancelled.is_some() {
        ics.line("END", "VEVENT");
        return;
    }
    ics.line("BEGIN", "VALARM");
    ics.line("ACTION", "DISPLAY");
    ics.line("TRIGGER", "-P1D");
    let alarm = Msg::new("calendar-atelier-alarm")
        .arg("number", atelier.number)
        .arg("title", &atelier.title)
        .render(lang);
    ics.text("DESCRIPTION", &alarm);
    ics.line("END", "VALARM");
    ics.line("END", "VEVENT");
}

/// The event's revision and whether it takes place: calendars that already hold the event
/// replace it when `SEQUENCE` grows, and strike it out when it is `CANCELLED`.
fn status(ics: &mut Ics, atelier: &Atelier) {
    ics.line("SEQUENCE", &atelier.sequence.to_string());
    let status = if atelier.cancelled.is_some() {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    ics.line("STATUS", status);
}

fn deadline_event(
    ics: &mut Ics,
    cohort: &Cohort,
    atelier: &Atelier,
    deliverable: &DeliverableSpec,
    lang: Lang,
    stamp: &str,
) {
    // Computed from the end in UTC so the event lasts 15 minutes even next to a DST gap.
    let end = local_to_utc(cohort.timezone, deliverable.due);
    let start = end - DEADLINE_LENGTH;
    let number = atelier.number;
    let summary = Msg::new("calendar-deadline-summary")
        .arg("number", number)
        .arg("title", &deliverable.title)
        .render(lang);
    ics.line("BEGIN", "VEVENT");
    ics.text(
        "UID",
        &format!("livrable-{}-{number}@compagnon", cohort.name),
    );
    ics.line("DTSTAMP", stamp);
    status(ics, atelier);
    ics.line("DTSTART", &utc_stamp(start));
    ics.line("DTEND", &utc_stamp(end));
    ics.text("SUMMARY", &summary);
    if !deliverable.instructions.trim().is_empty() {
        ics.text("DESCRIPTION", deliverable.instructions.trim());
    }
    // A deadline is not a meeting: it should not mark people as busy.
    ics.line("TRANSP", "TRANSPARENT");
    ics.line("END", "VEVENT");
}

/// `YYYYMMDDTHHMMSSZ`, the UTC form of DATE-TIME.
fn utc_stamp(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(cohort: &Cohort, local: NaiveDateTime) -> String {
    utc_stamp(local_to_utc(cohort.timezone, local))
}

/// An iCalendar text being written: content lines, folded, CRLF-terminated.
#[derive(Debug, Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// A property whose value is already in iCalendar form (names, dates, fixed words).
    fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    /// A TEXT property, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape_text(value));
    }

    /// A URI property: TEXT escaping would corrupt it (`,` and `;` are legal in URLs), but a
    /// line break must not reach the file, where it would start a forged property.
    fn uri(&mut self, name: &str, value: &str) {
        let clean: String = value.chars().filter(|c| !c.is_control()).collect();
        self.line(name, &clean);
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` and line breaks; other control
/// characters are not allowed in a content line and are dropped.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at [`MAX_LINE`] octets (continuation lines start with one space, which
/// counts), never inside a UTF-8 character, and ends it with CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX_LINE {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
