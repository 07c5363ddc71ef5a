use chrono_tz::Europe::Paris;

use super::*;
use crate::ids::{AtelierId, CohortId};

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn cohort() -> Cohort {
    Cohort {
        id: CohortId(1),
        name: "bvm-2027".into(),
        title: "Bien vivre ensemble, printemps 2027".into(),
        timezone: Paris,
        language: Lang::Fr,
        parts: Default::default(),
        organisation: None,
    }
}

fn atelier(number: u32, title: &str, start: &str, end: &str) -> Atelier {
    Atelier {
        id: AtelierId(i64::from(number)),
        number,
        title: title.into(),
        summary: String::new(),
        start: dt(start),
        end: dt(end),
        place: None,
        link: None,
        sessions: Vec::new(),
        cancelled: None,
        sequence: 0,
        exercise: None,
    }
}

/// Two ateliers either side of the 2027 spring change in Paris; the first has a deliverable.
fn fixture() -> (Vec<Atelier>, DeliverableSpec) {
    let mut first = atelier(
        1,
        "Le sens avant l'action",
        "2027-02-11 09:30",
        "2027-02-11 17:00",
    );
    first.summary = "Pourquoi agir ensemble ?".into();
    first.place = Some("Maison des associations, 12 rue Neuve; salle 3".into());
    first.link = Some("https://visio.example.org/bvm?room=1,2;x".into());
    let third = atelier(
        3,
        "Le passage au collectif",
        "2027-03-30 09:30",
        "2027-03-30 17:00",
    );
    let deliverable = DeliverableSpec {
        by_group: false,
        review: None,
        title: "Carte des acteurs".into(),
        instructions: "Une page, un schéma.".into(),
        due: dt("2027-02-18 18:00"),
    };
    (vec![first, third], deliverable)
}

fn now() -> DateTime<Utc> {
    dt("2027-01-05 12:34").and_utc()
}

fn render(lang: Lang) -> String {
    let (ateliers, deliverable) = fixture();
    let entries = [
        CalendarAtelier {
            atelier: &ateliers[0],
            deliverable: Some(&deliverable),
        },
        CalendarAtelier {
            atelier: &ateliers[1],
            deliverable: None,
        },
    ];
    cohort_calendar(&cohort(), &entries, lang, now())
}

/// The content lines, folding undone (RFC 5545 §3.1).
fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The values of every `name` property, in order.
fn values(ics: &str, name: &str) -> Vec<String> {
    let prefix = format!("{name}:");
    unfold(ics)
        .iter()
        .filter_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
        .collect()
}

#[test]
fn the_calendar_has_the_expected_structure() {
    let ics = render(Lang::Fr);
    let lines = unfold(&ics);
    assert_eq!(
        &lines[..6],
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//compagnon//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Bien vivre ensemble\\, printemps 2027",
        ]
    );
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let count = |line: &str| lines.iter().filter(|l| *l == line).count();
    assert_eq!(count("BEGIN:VEVENT"), 3, "two ateliers and one deadline");
    assert_eq!(count("END:VEVENT"), 3);
    assert_eq!(count("BEGIN:VALARM"), 2, "one alarm per atelier");
    assert_eq!(count("TRIGGER:-P1D"), 2);
    assert_eq!(values(&ics, "DTSTAMP"), vec!["20270105T123400Z"; 3]);
    // CRLF everywhere, never a bare LF or CR.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
}

#[test]
fn events_carry_localised_texts() {
    let ics = render(Lang::Fr);
    assert_eq!(
        values(&ics, "SUMMARY"),
        [
            "Atelier 1 : Le sens avant l'action",
            "Échéance : Carte des acteurs (atelier 1)",
            "Atelier 3 : Le passage au collectif",
        ]
    );
    let descriptions = values(&ics, "DESCRIPTION");
    assert_eq!(
        descriptions[0],
        "Pourquoi agir ensemble ?\\n\\nPour participer à distance : \
         https://visio.example.org/bvm?room=1\\,2\\;x"
    );
    assert_eq!(
        descriptions[1],
        "Demain : atelier 1\\, « Le sens avant l'action »"
    );
    assert_eq!(descriptions[2], "Une page\\, un schéma.");
    assert_eq!(
        values(&ics, "LOCATION"),
        ["Maison des associations\\, 12 rue Neuve\\; salle 3"]
    );
    // A URL is a URI, not TEXT: its commas and semicolons stay as they are.
    assert_eq!(
        values(&ics, "URL"),
        ["https://visio.example.org/bvm?room=1,2;x"]
    );
    let en = render(Lang::En);
    assert_eq!(
        values(&en, "SUMMARY"),
        [
            "Session 1: Le sens avant l'action",
            "Deadline: Carte des acteurs (session 1)",
            "Session 3: Le passage au collectif",
        ]
    );
}

#[test]
fn local_times_become_utc_across_the_dst_change() {
    let ics = render(Lang::Fr);
    assert_eq!(
        values(&ics, "DTSTART"),
        [
            "20270211T083000Z", // CET, UTC+1
            "20270218T164500Z", // deadline 18:00 CET, 15 minutes long
            "20270330T073000Z", // CEST, UTC+2
        ]
    );
    assert_eq!(
        values(&ics, "DTEND"),
        ["20270211T160000Z", "20270218T170000Z", "20270330T150000Z"]
    );
}

#[test]
fn uids_are_stable() {
    let ics = render(Lang::Fr);
    let uids = values(&ics, "UID");
    assert_eq!(
        uids,
        [
            "atelier-bvm-2027-1@compagnon",
            "livrable-bvm-2027-1@compagnon",
            "atelier-bvm-2027-3@compagnon",
        ]
    );
    // Neither the language nor the moment of export changes them.
    assert_eq!(values(&render(Lang::En), "UID"), uids);
    let (ateliers, _) = fixture();
    let later = cohort_calendar(
        &cohort(),
        &[CalendarAtelier {
            atelier: &ateliers[1],
            deliverable: None,
        }],
        Lang::Fr,
        now() + TimeDelta::days(30),
    );
    assert_eq!(values(&later, "UID"), ["atelier-bvm-2027-3@compagnon"]);
}

#[test]
fn a_moved_or_cancelled_atelier_replaces_its_event_and_a_cancelled_one_says_so() {
    let (mut ateliers, deliverable) = fixture();
    let render = |ateliers: &[Atelier]| {
        cohort_calendar(
            &cohort(),
            &[
                CalendarAtelier {
                    atelier: &ateliers[0],
                    deliverable: Some(&deliverable),
                },
                CalendarAtelier {
                    atelier: &ateliers[1],
                    deliverable: None,
                },
            ],
            Lang::Fr,
            now(),
        )
    };
    let before = render(&ateliers);
    assert_eq!(values(&before, "SEQUENCE"), ["0", "0", "0"]);
    assert_eq!(values(&before, "STATUS"), ["CONFIRMED"; 3]);
    // Moved once, then cancelled: the same UIDs, a higher SEQUENCE, no alarm left to ring.
    ateliers[0].sequence = 2;
    ateliers[0].cancelled = Some("salle indisponible".into());
    let after = render(&ateliers);
    assert_eq!(values(&after, "UID"), values(&before, "UID"));
    assert_eq!(values(&after, "SEQUENCE"), ["2", "2", "0"]);
    assert_eq!(
        values(&after, "STATUS"),
        ["CANCELLED", "CANCELLED", "CONFIRMED"]
    );
    assert_eq!(after.matches("BEGIN:VALARM").count(), 1);
}

#[test]
fn text_is_escaped() {
    assert_eq!(
        escape_text("a\\b; c, d\ne\r\nf\rg\u{7}h\ti"),
        "a\\\\b\\; c\\, d\\ne\\nf\\ng".to_owned() + "h\ti"
    );
    let mut ics = Ics::default();
    ics.uri("URL", "https://example.org/a\r\nX-EVIL:1");
    assert_eq!(ics.out, "URL:https://example.org/aX-EVIL:1\r\n");
}

#[test]
fn long_lines_are_folded_at_75_octets_without_splitting_characters() {
    let mut long = atelier(
        2,
        &"Être ensemble, c’est déjà œuvrer — « écoute » ".repeat(6),
        "2027-03-01 09:30",
        "2027-03-01 17:00",
    );
    long.summary = "é".repeat(200);
    let cal = cohort_calendar(
        &cohort(),
        &[CalendarAtelier {
            atelier: &long,
            deliverable: None,
        }],
        Lang::Fr,
        now(),
    );
    for line in cal.split("\r\n") {
        assert!(line.len() <= MAX_LINE, "{} octets: {line:?}", line.len());
    }
    assert!(cal.contains("\r\n "), "something was folded");
    assert_eq!(
        values(&cal, "SUMMARY"),
        [format!("Atelier 2 : {}", escape_text(&long.title))]
    );
    assert!(values(&cal, "DESCRIPTION")[0].starts_with(&"é".repeat(200)));

    // 'é' is two octets: a first line of 75 octets would cut one in half, so it stops at 74.
    let mut out = String::new();
    fold_into(&mut out, &format!("X:{}", "é".repeat(100)));
    let physical: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(physical[0].len(), 74);
    assert!(physical[1].starts_with(' ') && physical[1].len() <= MAX_LINE);
    assert_eq!(
        out.replace("\r\n ", ""),
        format!("X:{}\r\n", "é".repeat(100))
    );

    // A line of exactly 75 octets stays whole.
    let mut exact = String::new();
    fold_into(&mut exact, &"a".repeat(75));
    assert_eq!(exact, format!("{}\r\n", "a".repeat(75)));
}
