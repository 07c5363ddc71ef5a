//! The completion certificate (certificat de réalisation): what a training organisation gives
//! each participant at the end of the cycle, from the attendance sheets and deliverables.

use chrono::NaiveDate;

use super::{PrintError, Printer, Weight};
use crate::domain::Lang;
use crate::i18n::Msg;

/// One participant's certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// The training organisation.
    pub organisation: String,
    /// The cohort's title (the training action).
    pub cohort: String,
    /// The participant's name.
    pub participant: String,
    /// First day of the cycle.
    pub first_day: NaiveDate,
    /// Last day of the cycle.
    pub last_day: NaiveDate,
    /// Each atelier with the time attended.
    pub ateliers: Vec<CertificateAtelier>,
    /// Deliverables handed in.
    pub deliverables_handed: usize,
    /// Deliverables the cycle asked for.
    pub deliverables_expected: usize,
    /// The day it is issued.
    pub issued_on: NaiveDate,
}

/// One atelier on a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateAtelier {
    /// Its number.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// Its day.
    pub day: NaiveDate,
    /// Minutes of its sessions the participant attended.
    pub attended_minutes: i64,
    /// Minutes of its sessions in all.
    pub planned_minutes: i64,
}

/// Hours and minutes, the French way (`7 h 30`, `6 h`).
fn hours(lang: Lang, minutes: i64) -> String {
    Msg::new("print-duration")
        .arg("hours", minutes / 60)
        .arg("minutes", minutes % 60)
        .render(lang)
}

/// The certificate as a one-page PDF (longer cycles flow onto a second page).
pub fn certificate_pdf(c: &Certificate, lang: Lang) -> Result<Vec<u8>, PrintError> {
    let mut p = Printer::new(&Msg::new("print-cert-title").render(lang))?;
    p.paragraph(
        Weight::Bold,
        18.0,
        &Msg::new("print-cert-title").render(lang),
    );
    p.paragraph(Weight::Regular, 10.0, &c.organisation);
    p.space(8.0);
    let attended: i64 = c.ateliers.iter().map(|a| a.attended_minutes).sum();
    let planned: i64 = c.ateliers.iter().map(|a| a.planned_minutes).sum();
    let body = Msg::new("print-cert-body")
        .arg("organisation", c.organisation.as_str())
        .arg("participant", c.participant.as_str())
        .arg("cohort", c.cohort.as_str())
        .arg("first", c.first_day)
        .arg("last", c.last_day)
        .arg("attended", hours(lang, attended))
        .arg("planned", hours(lang, planned));
    p.paragraph(Weight::Regular, 11.0, &body.render(lang));
    p.space(5.0);
    p.paragraph(
        Weight::Bold,
        11.0,
        &Msg::new("print-cert-ateliers").render(lang),
    );
    p.space(1.0);
    let columns = [(0.0, 10.0), (10.0, 92.0), (102.0, 40.0), (142.0, 32.0)];
    let header: Vec<String> = [
        "print-col-number",
        "print-col-atelier",
        "print-col-day",
        "print-col-attended",
    ]
    .iter()
    .map(|id| Msg::new(*id).render(lang))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    p.row(&columns, &header, Weight::Bold, 9.5);
    for a in &c.ateliers {
        let number = a.number.to_string();
        let day = Msg::new("print-date").arg("day", a.day).render(lang);
        let attended = Msg::new("print-cert-attended")
            .arg("attended", hours(lang, a.attended_minutes))
            .arg("planned", hours(lang, a.planned_minutes))
            .render(lang);
        p.row(
            &columns,
            &[
                number.as_str(),
                a.title.as_str(),
                day.as_str(),
                attended.as_str(),
            ],
            Weight::Regular,
            9.5,
        );
    }
    p.space(5.0);
    let deliverables = Msg::new("print-cert-deliverables")
        .arg("handed", c.deliverables_handed)
        .arg("expected", c.deliverables_expected);
    p.paragraph(Weight::Regular, 11.0, &deliverables.render(lang));
    p.space(10.0);
    let issued = Msg::new("print-cert-issued").arg("day", c.issued_on);
    p.paragraph(Weight::Regular, 11.0, &issued.render(lang));
    p.space(4.0);
    p.paragraph(
        Weight::Regular,
        11.0,
        &Msg::new("print-cert-signature").render(lang),
    );
    p.finish()
}
