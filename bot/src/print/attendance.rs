//! The printable attendance sheet: one page (or more) per session, with a signature column for
//! those in the room.

use chrono::NaiveDateTime;

use super::{PrintError, Printer, Weight};
use crate::domain::Lang;
use crate::i18n::Msg;

/// One session's sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceSheet {
    /// The cohort's title.
    pub cohort: String,
    /// The training organisation, if the programme names it.
    pub organisation: Option<String>,
    /// The atelier's number.
    pub atelier: u32,
    /// Its title.
    pub title: String,
    /// The session, from 1.
    pub session: u32,
    /// How many sessions the atelier has.
    pub sessions: usize,
    /// Start, local time.
    pub start: NaiveDateTime,
    /// End, local time.
    pub end: NaiveDateTime,
    /// Where, if anywhere physical.
    pub place: Option<String>,
    /// One row per participant.
    pub rows: Vec<SheetRow>,
}

/// One participant on a sheet, every cell already in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// Their name.
    pub name: String,
    /// Present, absent, excused or not confirmed.
    pub presence: String,
    /// On site or remote, or empty.
    pub mode: String,
    /// When it was confirmed (local time), or empty.
    pub confirmed: String,
    /// Who confirmed: the person, a facilitator's name, or empty.
    pub by: String,
    /// Whether they were present (counted in the total).
    pub present: bool,
}

/// The sheets of `sheets`, one session after the other, each starting on a new page.
pub fn attendance_pdf(sheets: &[AttendanceSheet], lang: Lang) -> Result<Vec<u8>, PrintError> {
    let mut p = Printer::new(&Msg::new("print-sheet-title").render(lang))?;
    for (i, sheet) in sheets.iter().enumerate() {
        if i > 0 {
            p.new_page();
        }
        one_sheet(&mut p, sheet, lang);
    }
    if sheets.is_empty() {
        p.paragraph(
            Weight::Regular,
            11.0,
            &Msg::new("print-sheet-empty").render(lang),
        );
    }
    p.finish()
}

fn one_sheet(p: &mut Printer, s: &AttendanceSheet, lang: Lang) {
    let text = |id: &'static str| Msg::new(id);
    p.paragraph(Weight::Bold, 16.0, &text("print-sheet-title").render(lang));
    if let Some(org) = &s.organisation {
        p.paragraph(Weight::Regular, 10.0, org);
    }
    p.paragraph(Weight::Regular, 10.0, &s.cohort);
    p.space(2.0);
    let heading = Msg::new("print-sheet-atelier")
        .arg("number", s.atelier)
        .arg("title", s.title.as_str())
        .arg("session", s.session)
        .arg("sessions", s.sessions);
    p.paragraph(Weight::Bold, 12.0, &heading.render(lang));
    let when = Msg::new("print-sheet-when")
        .arg("start", s.start)
        .arg("end", s.end.time());
    p.paragraph(Weight::Regular, 10.0, &when.render(lang));
    if let Some(place) = &s.place {
        let place = Msg::new("print-sheet-place").arg("place", place.as_str());
        p.paragraph(Weight::Regular, 10.0, &place.render(lang));
    }
    p.space(4.0);
    let columns = [
        (0.0, 48.0),
        (48.0, 24.0),
        (72.0, 22.0),
        (94.0, 30.0),
        (124.0, 22.0),
        (146.0, 28.0),
    ];
    let header: Vec<String> = [
        "print-col-name",
        "print-col-presence",
        "print-col-mode",
        "print-col-confirmed",
        "print-col-by",
        "print-col-signature",
    ]
    .iter()
    .map(|id| Msg::new(*id).render(lang))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    p.row(&columns, &header, Weight::Bold, 9.0);
    for r in &s.rows {
        let cells = [
            r.name.as_str(),
            r.presence.as_str(),
            r.mode.as_str(),
            r.confirmed.as_str(),
            r.by.as_str(),
            "",
        ];
        p.row(&columns, &cells, Weight::Regular, 9.0);
    }
    p.space(4.0);
    let total = Msg::new("print-sheet-total")
        .arg("present", s.rows.iter().filter(|r| r.present).count())
        .arg("expected", s.rows.len());
    p.paragraph(Weight::Bold, 10.0, &total.render(lang));
    p.space(6.0);
    p.paragraph(
        Weight::Regular,
        10.0,
        &text("print-sheet-facilitator").render(lang),
    );
}
