//! Table tests of the parts tables and attendance sessions of a programme file.

use chrono::NaiveDateTime;

use crate::domain::{Lang, Parts, Session};
use crate::i18n::Localizer;

use super::super::parse;

/// A valid programme with one atelier, 09:30–17:00; `extra` goes at the end of the file (after
/// the atelier, so `[[atelier.session]]` tables belong to it). Its last line is line 10.
fn with(extra: &str) -> String {
    format!(
        "[cohort]\nname = \"t\"\ntitle = \"T\"\n\n[[atelier]]\nnumber = 1\ntitle = \"Un\"\n\
         summary = \"S\"\nstart = \"2027-02-11 09:30\"\nend = \"2027-02-11 17:00\"\n{extra}"
    )
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn parts_default_to_everything_on_and_can_be_tuned_or_turned_off() {
    let p = parse(&with("")).unwrap();
    assert_eq!(p.cohort.parts, Parts::default());
    assert_eq!(p.cohort.organisation, None);
    assert!(p.ateliers[0].sessions.is_empty());
    assert_eq!(p.ateliers[0].sessions().len(), 2, "two half-days");

    let src = with(
        "\n[preparation]\nenabled = false\nquestions_named = false\n\n[attendance]\n\
         opens_before_minutes = 0\ncloses_after_minutes = 90\n",
    );
    let p = parse(&src).unwrap();
    assert_eq!(
        p.cohort.parts,
        Parts {
            preparation: false,
            questions_named: false,
            attendance: true,
            attendance_opens_before: 0,
            attendance_closes_after: 90,
            ..Parts::default()
        }
    );
    let src = with("").replace(
        "title = \"T\"\n",
        "title = \"T\"\norganisation = \"La Pépinière\"\n",
    );
    assert_eq!(
        parse(&src).unwrap().cohort.organisation.as_deref(),
        Some("La Pépinière")
    );
}

#[test]
fn listed_sessions_replace_the_half_days() {
    let src = with(
        "\n[[atelier.session]]\nstart = \"2027-02-11 09:30\"\nend = \"2027-02-11 13:00\"\n\
         \n[[atelier.session]]\nstart = \"2027-02-11 14:00\"\nend = \"2027-02-11 17:00\"\n",
    );
    let p = parse(&src).unwrap();
    assert_eq!(
        p.ateliers[0].sessions(),
        vec![
            Session {
                start: dt("2027-02-11 09:30"),
                end: dt("2027-02-11 13:00")
            },
            Session {
                start: dt("2027-02-11 14:00"),
                end: dt("2027-02-11 17:00")
            },
        ]
    );
}

#[test]
fn each_mistake_in_the_parts_is_located_and_named() {
    let session = |start: &str, end: &str| {
        format!("\n[[atelier.session]]\nstart = \"{start}\"\nend = \"{end}\"\n")
    };
    let cases = [
        (
            "[preparation]\nenabled = \"oui\"\n",
            13,
            "programme-wrong-type",
        ),
        (
            "[preparation]\nquestion_named = true\n",
            13,
            "programme-unknown-key-suggest",
        ),
        (
            "[attendance]\nopens_before_minutes = -5\n",
            13,
            "programme-bad-minutes",
        ),
        (
            "[attendance]\ncloses_after_minutes = 100000\n",
            13,
            "programme-bad-minutes",
        ),
        (
            "[attendance]\ncloses_after_minutes = \"30\"\n",
            13,
            "programme-wrong-type",
        ),
        // Written after an atelier, the key belongs to that atelier, which has no such key.
        ("attendance = 3\n", 12, "programme-unknown-key"),
    ];
    let cases: Vec<(&str, usize, &str)> = cases
        .into_iter()
        .chain([
            ("[evaluation]\nopen_days = 0\n", 13, "programme-bad-days"),
            (
                "[evaluation]\nreminder_after_hours = 100000\n",
                13,
                "programme-bad-hours",
            ),
            (
                "[followup]\ndigest = \"every monday\"\n",
                13,
                "programme-bad-cron",
            ),
            (
                "[followup]\ndigest = \"* * * * *\"\n",
                13,
                "programme-cron-too-often",
            ),
            ("[[objective]]\ntext = \"  \"\n", 13, "programme-empty-text"),
            (
                "[[objective]]\nwording = \"x\"\n",
                12,
                "programme-missing-key",
            ),
        ])
        .collect();
    let l = Localizer::global();
    for (extra, line, id) in cases {
        let found = parse(&with(&format!("\n{extra}"))).expect_err(extra);
        assert_eq!(
            (found[0].line, found[0].message.id.as_ref()),
            (line, id),
            "{extra}"
        );
        for lang in Lang::ALL {
            assert!(l.has(lang, &found[0].message.id));
            assert!(!found[0].message.render(lang).contains("{$"), "{extra}");
        }
    }
    let sessions = [
        (
            session("2027-02-11 12:00", "2027-02-11 11:00"),
            14,
            "programme-session-ends-first",
        ),
        (
            format!(
                "{}{}",
                session("2027-02-11 09:30", "2027-02-11 13:00"),
                session("2027-02-11 12:00", "2027-02-11 17:00")
            ),
            17,
            "programme-session-overlaps",
        ),
        (
            session("2027-02-12 09:30", "2027-02-12 12:00"),
            13,
            "programme-session-outside",
        ),
        (
            session("2027-02-11 09:30", "2027-02-11 10:00").repeat(13),
            12,
            "programme-too-many-sessions",
        ),
    ];
    for (extra, line, id) in sessions {
        let found = parse(&with(&extra)).expect_err(&extra);
        assert_eq!(
            (found[0].line, found[0].message.id.as_ref()),
            (line, id),
            "{extra}"
        );
    }
}

#[test]
fn the_follow_up_digest_is_weekly_by_default_and_can_be_turned_off() {
    let p = parse(&with("")).unwrap();
    assert_eq!(
        p.followup_digest.as_ref().map(|c| c.source.as_str()),
        Some("0 8 * * MON")
    );
    let p = parse(&with("\n[followup]\ndigest = \"30 17 * * FRI\"\n")).unwrap();
    assert_eq!(
        p.followup_digest.as_ref().map(|c| c.source.as_str()),
        Some("30 17 * * FRI")
    );
    let p = parse(&with("\n[followup]\nenabled = false\n")).unwrap();
    assert!(p.followup_digest.is_none());
    let p = parse(&with(
        "\n[[objective]]\ntext = \"Agir\"\n\n[[objective]]\ntext = \"Coopérer\"\n",
    ))
    .unwrap();
    assert_eq!(p.objectives, ["Agir", "Coopérer"]);
}
