//! Table tests of programme parsing: the shipped example, and each kind of mistake located.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{Lang, ReferenceKind};
use crate::i18n::Localizer;
use crate::schedule::{Direction, RuleKind, Target, default_rules};

use super::{Problem, Programme, parse};

const EXAMPLE: &str = include_str!("../../../examples/bien-vivre-maintenant.toml");

/// A minimal valid programme; the line numbers below are relied upon by the cases.
const BASE: &str = r#"[cohort]
name = "test"
title = "Test"

[[atelier]]
number = 1
title = "Un"
summary = "Premier"
start = "2027-02-11 09:30"
end = "2027-02-11 17:00"
"#;

/// A second atelier numbered `n`, appended after BASE: its `number` is on line 13.
fn second(n: u32) -> String {
    format!(
        "\n[[atelier]]\nnumber = {n}\ntitle = \"Deux\"\nsummary = \"S\"\n\
         start = \"2027-03-04 09:30\"\nend = \"2027-03-04 17:00\"\n"
    )
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test datetime")
}

fn ok(src: &str) -> Programme {
    match parse(src) {
        Ok(p) => p,
        Err(problems) => panic!("unexpected problems: {}", describe(&problems)),
    }
}

fn problems(src: &str) -> Vec<Problem> {
    match parse(src) {
        Ok(_) => panic!("expected problems in:\n{src}"),
        Err(p) => p,
    }
}

fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.located_message().render(Lang::En))
        .collect::<Vec<_>>()
        .join("\n")
}

/// BASE with `old` replaced by `new` (which must occur).
fn edit(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old} not in BASE");
    BASE.replacen(old, new, 1)
}

#[test]
fn the_example_parses() {
    let p = ok(EXAMPLE);
    assert_eq!(p.cohort.name, "bvm-printemps-2027");
    assert_eq!(p.cohort.timezone, chrono_tz::Tz::Europe__Paris);
    assert_eq!(p.cohort.language, Lang::Fr);
    assert_eq!(p.ateliers.len(), 6);
    let numbers: Vec<u32> = p.ateliers.iter().map(|a| a.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    assert_eq!(p.ateliers[0].title, "Le sens avant l'action");
    assert_eq!(p.ateliers[5].title, "La gestion par les communs");
    // The cycle crosses the change to summer time on 28 March 2027.
    assert_eq!(p.ateliers[2].start, dt("2027-03-30 09:30"));
    assert!(p.ateliers[1].start < dt("2027-03-28 02:00"));
    for a in &p.ateliers {
        assert!(
            (2..=3).contains(&a.references.len()),
            "atelier {}",
            a.number
        );
        assert!(
            a.references.iter().any(|r| r.required),
            "atelier {}",
            a.number
        );
        let d = a.deliverable.as_ref().expect("a deliverable per atelier");
        assert!(d.due > a.end);
        assert!(a.link.as_deref().is_some_and(|l| l.starts_with("https://")));
        assert!(!a.summary.contains('\\'), "line continuations are folded");
    }
    assert_eq!(p.rules, default_rules());
    assert_eq!(p.recurring.len(), 1);
    let r = &p.recurring[0];
    assert_eq!(r.cron.source, "0 9 * * MON");
    assert_eq!(r.target, Target::Room);
    assert_eq!(r.from, NaiveDate::from_ymd_opt(2027, 2, 11));
    assert_eq!(r.until, NaiveDate::from_ymd_opt(2027, 5, 20));
}

#[test]
fn rules_absent_empty_or_written() {
    assert_eq!(ok(BASE).rules, default_rules());
    assert!(ok(&format!("rule = []\n{BASE}")).rules.is_empty());

    let src = format!(
        "{BASE}\n[[rule]]\nkind = \"references\"\nbefore = \"7d\"\nat = \"09:00\"\n\
         target = [\"room\", \"participants\", \"room\"]\n\
         [[rule]]\nkind = \"deadline-chase\"\nafter = \"1d12h\"\ntarget = \"participants\"\n"
    );
    let p = ok(&src);
    assert_eq!(p.rules.len(), 2);
    assert_eq!(p.rules[0].kind, RuleKind::References);
    assert_eq!(p.rules[0].timing.direction, Direction::Before);
    assert_eq!(p.rules[0].timing.days, 7);
    assert_eq!(
        p.rules[0].timing.at,
        chrono::NaiveTime::from_hms_opt(9, 0, 0)
    );
    assert_eq!(p.rules[0].targets, [Target::Room, Target::Participants]);
    assert_eq!(p.rules[1].timing.direction, Direction::After);
    assert_eq!((p.rules[1].timing.days, p.rules[1].timing.hours), (1, 12));
    assert_eq!(p.rules[1].targets, [Target::Participants]);
}

#[test]
fn every_datetime_spelling_is_accepted() {
    for start in [
        "\"2027-02-11 09:30\"",
        "\"2027-02-11T09:30\"",
        "\"2027-02-11 09:30:00\"",
        "\"2027-02-11T09:30:00\"",
        "2027-02-11T09:30:00",
        "2027-02-11 09:30:00",
    ] {
        let p = ok(&edit("\"2027-02-11 09:30\"", start));
        assert_eq!(p.ateliers[0].start, dt("2027-02-11 09:30"), "{start}");
    }
}

#[test]
fn ateliers_come_back_sorted_and_defaults_apply() {
    let src = format!(
        "{}{}",
        BASE.replacen("number = 1", "number = 2", 1),
        second(1)
    );
    let p = ok(&src);
    assert_eq!(p.ateliers[0].number, 1);
    assert_eq!(p.ateliers[0].title, "Deux");

    let src = format!("{BASE}[[atelier.reference]]\ntitle = \"T\"\ntext = \"Lire\"\n");
    let r = &ok(&src).ateliers[0].references[0];
    assert_eq!(
        (r.kind, r.required, r.url.as_deref()),
        (ReferenceKind::Reading, false, None)
    );
}

/// Each broken input, the line of its (first) problem and the message id.
fn cases() -> Vec<(&'static str, String, usize, &'static str)> {
    let deliverable = |due: &str| {
        format!(
            "{BASE}[atelier.deliverable]\ntitle = \"L\"\ninstructions = \"I\"\ndue = \"{due}\"\n"
        )
    };
    let reference = |body: &str| format!("{BASE}[[atelier.reference]]\n{body}\n");
    let rule = |body: &str| format!("{BASE}[[rule]]\n{body}\n");
    let recurring = |body: &str| format!("{BASE}[[recurring]]\n{body}\n");
    let relative = |extra: &str| {
        format!("{BASE}[atelier.deliverable]\ntitle = \"L\"\ninstructions = \"I\"\n{extra}\n")
    };
    vec![
        (
            "due and due_after",
            relative("due = \"2027-02-18 23:59\"\ndue_after = \"7d\""),
            11,
            "programme-due-twice",
        ),
        (
            "due_after not a duration",
            relative("due_after = \"une semaine\""),
            14,
            "programme-bad-duration",
        ),
        (
            "due_after longer than a year",
            relative("due_after = \"400d\""),
            14,
            "programme-bad-duration",
        ),
        (
            "deliverable by whom",
            relative("due = \"2027-02-18 23:59\"\nby = \"équipe\""),
            15,
            "programme-bad-deliverable-by",
        ),
        (
            "cancelled without a reason",
            edit("title = \"Un\"", "title = \"Un\"\ncancelled = \"\""),
            8,
            "programme-empty-text",
        ),
        ("syntax", edit("\"Un\"", "\"Un"), 7, "programme-syntax"),
        (
            "duplicate key",
            edit("title = \"Un\"", "title = \"Un\"\ntitle = \"Deux\""),
            8,
            "programme-syntax",
        ),
        (
            "unknown key",
            edit("title = \"Un\"", "title = \"Un\"\ndebut = \"x\""),
            8,
            "programme-unknown-key-suggest",
        ),
        (
            "unknown key far",
            edit("title = \"Un\"", "title = \"Un\"\nzzz = 1"),
            8,
            "programme-unknown-key",
        ),
        (
            "unknown top key",
            format!("couleur = 1\n{BASE}"),
            1,
            "programme-unknown-key",
        ),
        (
            "missing key",
            edit("summary = \"Premier\"\n", ""),
            5,
            "programme-missing-key",
        ),
        (
            "missing cohort",
            BASE.replacen("[cohort]\nname = \"test\"\ntitle = \"Test\"\n", "", 1),
            1,
            "programme-missing-key",
        ),
        (
            "wrong type",
            edit("number = 1", "number = \"1\""),
            6,
            "programme-wrong-type",
        ),
        (
            "title as number",
            edit("title = \"Un\"", "title = 1"),
            7,
            "programme-wrong-type",
        ),
        (
            "empty title",
            edit("title = \"Un\"", "title = \"  \""),
            7,
            "programme-empty-text",
        ),
        (
            "bad datetime",
            edit("2027-02-11 09:30", "2027-02-30 09:30"),
            9,
            "programme-bad-datetime",
        ),
        (
            "date without time",
            edit("\"2027-02-11 09:30\"", "2027-02-11"),
            9,
            "programme-bad-datetime",
        ),
        (
            "offset",
            edit("\"2027-02-11 09:30\"", "2027-02-11T09:30:00+01:00"),
            9,
            "programme-time-offset",
        ),
        (
            "end before start",
            edit("2027-02-11 17:00", "2027-02-11 08:00"),
            10,
            "programme-end-before-start",
        ),
        (
            "end at start",
            edit("2027-02-11 17:00", "2027-02-11 09:30"),
            10,
            "programme-end-before-start",
        ),
        (
            "deadline before atelier",
            deliverable("2027-02-10 23:59"),
            14,
            "programme-deadline-before-end",
        ),
        (
            "deadline at end",
            deliverable("2027-02-11 17:00"),
            14,
            "programme-deadline-before-end",
        ),
        (
            "first number not 1",
            edit("number = 1", "number = 2"),
            6,
            "programme-atelier-missing",
        ),
        (
            "gap",
            format!("{BASE}{}", second(3)),
            13,
            "programme-atelier-missing",
        ),
        (
            "wide gap",
            format!("{BASE}{}", second(5)),
            13,
            "programme-atelier-missing-range",
        ),
        (
            "duplicate number",
            format!("{BASE}{}", second(1)),
            13,
            "programme-atelier-duplicate",
        ),
        (
            "number zero",
            edit("number = 1", "number = 0"),
            6,
            "programme-atelier-number-invalid",
        ),
        (
            "no atelier",
            "[cohort]\nname = \"test\"\ntitle = \"Test\"\n".to_owned(),
            1,
            "programme-no-atelier",
        ),
        (
            "atelier as plain table",
            edit("[[atelier]]", "[atelier]"),
            5,
            "programme-wrong-type",
        ),
        (
            "unknown zone",
            edit(
                "title = \"Test\"",
                "title = \"Test\"\ntimezone = \"Europe/Pariss\"",
            ),
            4,
            "programme-bad-timezone-suggest",
        ),
        (
            "unknown zone far",
            edit("title = \"Test\"", "title = \"Test\"\ntimezone = \"Lune\""),
            4,
            "programme-bad-timezone",
        ),
        (
            "unknown language",
            edit("title = \"Test\"", "title = \"Test\"\nlanguage = \"de\""),
            4,
            "programme-bad-language",
        ),
        (
            "bad cohort name",
            edit("\"test\"", "\"Test 1\""),
            2,
            "programme-bad-cohort-name",
        ),
        (
            "bad link",
            edit(
                "title = \"Un\"",
                "title = \"Un\"\nlink = \"www.example.org\"",
            ),
            8,
            "programme-bad-url",
        ),
        (
            "bad reference url",
            reference("title = \"T\"\nurl = \"avise.org\""),
            13,
            "programme-bad-url",
        ),
        (
            "reference without url or text",
            reference("title = \"T\""),
            11,
            "programme-reference-empty",
        ),
        (
            "unknown reference kind",
            reference("title = \"T\"\ntext = \"x\"\nkind = \"roman\""),
            14,
            "programme-bad-reference-kind",
        ),
        (
            "empty reference title",
            reference("title = \"\"\ntext = \"x\""),
            12,
            "programme-empty-text",
        ),
        (
            "bad duration",
            rule("kind = \"references\"\nbefore = \"7j\"\ntarget = \"room\""),
            13,
            "programme-bad-duration",
        ),
        (
            "before and after",
            rule("kind = \"references\"\nbefore = \"7d\"\nafter = \"1d\"\ntarget = \"room\""),
            14,
            "programme-before-and-after",
        ),
        (
            "neither before nor after",
            rule("kind = \"references\"\ntarget = \"room\""),
            11,
            "programme-before-or-after-missing",
        ),
        (
            "at with hours",
            rule("kind = \"references\"\nbefore = \"1d2h\"\nat = \"09:00\"\ntarget = \"room\""),
            13,
            "programme-at-needs-days",
        ),
        (
            "bad at",
            rule("kind = \"references\"\nbefore = \"1d\"\nat = \"9h\"\ntarget = \"room\""),
            14,
            "programme-bad-time",
        ),
        (
            "unknown rule kind",
            rule("kind = \"rappel\"\nbefore = \"1d\"\ntarget = \"room\""),
            12,
            "programme-bad-rule-kind",
        ),
        (
            "unknown target",
            rule("kind = \"references\"\nbefore = \"1d\"\ntarget = [\"room\", \"tous\"]"),
            14,
            "programme-bad-target",
        ),
        (
            "empty target",
            rule("kind = \"references\"\nbefore = \"1d\"\ntarget = []"),
            14,
            "programme-empty-target",
        ),
        (
            "target as number",
            rule("kind = \"references\"\nbefore = \"1d\"\ntarget = 3"),
            14,
            "programme-wrong-type",
        ),
        (
            "rule not a list",
            format!("rule = \"none\"\n{BASE}"),
            1,
            "programme-wrong-type",
        ),
        (
            "recurring until before from",
            recurring(
                "cron = \"0 9 * * MON\"\ntext = \"x\"\ntarget = \"room\"\nfrom = \"2027-03-01\"\nuntil = \"2027-02-01\"",
            ),
            16,
            "programme-until-before-from",
        ),
        (
            "recurring bad date",
            recurring(
                "cron = \"0 9 * * MON\"\ntext = \"x\"\ntarget = \"room\"\nfrom = \"1er mars\"",
            ),
            15,
            "programme-bad-date",
        ),
        (
            "recurring empty text",
            recurring("cron = \"0 9 * * MON\"\ntext = \"\"\ntarget = \"room\""),
            13,
            "programme-empty-text",
        ),
        (
            "recurring target list",
            recurring("cron = \"0 9 * * MON\"\ntext = \"x\"\ntarget = [\"room\"]"),
            14,
            "programme-wrong-type",
        ),
        (
            "recurring every minute",
            recurring("cron = \"* * * * *\"\ntext = \"x\"\ntarget = \"room\""),
            12,
            "programme-cron-too-often",
        ),
        (
            "recurring twice an hour",
            recurring("cron = \"0,30 9 * * MON\"\ntext = \"x\"\ntarget = \"room\""),
            12,
            "programme-cron-too-often",
        ),
    ]
}

#[test]
fn a_cancelled_atelier_and_a_deadline_relative_to_its_end_are_read() {
    let p = ok(&format!(
        "{}[atelier.deliverable]\ntitle = \"L\"\ninstructions = \"I\"\ndue_after = \"6d12h\"\n",
        edit(
            "title = \"Un\"",
            "title = \"Un\"\ncancelled = \"Grève des transports\""
        )
    ));
    let a = &p.ateliers[0];
    assert_eq!(a.cancelled.as_deref(), Some("Grève des transports"));
    assert_eq!(a.due_after_end, Some(chrono::TimeDelta::hours(156)));
    assert_eq!(
        a.deliverable.as_ref().map(|d| d.due),
        Some(dt("2027-02-18 05:00"))
    );
    assert_eq!(p.live_ateliers().count(), 0);
    // Moved, the atelier keeps its length and its deadline follows it.
    let moved = a.moved_to(dt("2027-02-15 14:00")).unwrap();
    assert_eq!(moved.end, dt("2027-02-15 21:30"));
    assert_eq!(
        moved.deliverable.map(|d| d.due),
        Some(dt("2027-02-22 09:30"))
    );
    assert!(a.moved_to(NaiveDateTime::MAX).is_none());
}

#[test]
fn each_mistake_is_located_and_named() {
    let l = Localizer::global();
    for (name, src, line, id) in cases() {
        let found = problems(&src);
        let first = &found[0];
        assert_eq!(
            (first.line, first.message.id.as_ref()),
            (line, id),
            "{name}: got\n{}",
            describe(&found)
        );
        for p in &found {
            for lang in Lang::ALL {
                assert!(
                    l.has(lang, &p.message.id),
                    "{name}: {} missing",
                    p.message.id
                );
                // Fluent shows a variable it was not given as `{$name}`.
                let text = p.message.render(lang);
                assert!(
                    !text.contains("{$"),
                    "{name}: unrendered argument in {text}"
                );
            }
        }
    }
}

#[test]
fn french_messages_read_naturally() {
    let found = problems(&edit("title = \"Un\"", "title = \"Un\"\ndebut = \"x\""));
    assert_eq!(
        found[0].message.render(Lang::Fr),
        "clé inconnue « debut » dans [[atelier]] ; vouliez-vous dire « start » ?"
    );
    assert_eq!((found[0].line, found[0].column), (8, 1));
    assert_eq!(
        found[0].located_message().render(Lang::Fr),
        "ligne 8, colonne 1 : clé inconnue « debut » dans [[atelier]] ; vouliez-vous dire « start » ?"
    );

    let found = problems(&edit("2027-02-11 17:00", "2027-02-11 08:00"));
    assert_eq!(found[0].column, 7);
    assert_eq!(
        found[0].message.render(Lang::Fr),
        "la fin de l'atelier (jeudi 11 février 2027 à 8 h 00) doit tomber après son début \
         (jeudi 11 février 2027 à 9 h 30)"
    );
}

#[test]
fn a_rule_with_several_mistakes_reports_them_all() {
    let src = format!(
        "{BASE}[[rule]]\nkind = \"references\"\nbefore = \"1d2h\"\nat = \"09:00\"\ntarget = \"tous\"\n"
    );
    let found = problems(&src);
    let got: Vec<(usize, &str)> = found
        .iter()
        .map(|p| (p.line, p.message.id.as_ref()))
        .collect();
    assert_eq!(
        got,
        [
            (13, "programme-at-needs-days"),
            (15, "programme-bad-target")
        ]
    );
}

#[test]
fn every_problem_is_reported_in_order() {
    let src = format!(
        "{}{}[[rule]]\nkind = \"nope\"\nbefore = \"soon\"\ntarget = \"room\"\n",
        BASE.replacen("\"test\"", "\"Mauvais Nom\"", 1).replacen(
            "2027-02-11 17:00",
            "2027-02-11 08:00",
            1
        ),
        second(1),
    );
    let found = problems(&src);
    let got: Vec<(usize, &str)> = found
        .iter()
        .map(|p| (p.line, p.message.id.as_ref()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "programme-bad-cohort-name"),
            (10, "programme-end-before-start"),
            (13, "programme-atelier-duplicate"),
            (19, "programme-bad-rule-kind"),
            (20, "programme-bad-duration"),
        ],
        "{}",
        describe(&found)
    );
}
