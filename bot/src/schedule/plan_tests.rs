use chrono::NaiveDate;
use chrono_tz::Europe::Paris;

use super::*;
use crate::domain::{DeliverableSpec, Lang, Parts};
use crate::programme::{CohortSettings, ProgrammeAtelier};
use crate::schedule::{CronRule, RecurringReminder, default_rules};

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    dt(s).and_utc()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn atelier(number: u32, start: &str, end: &str, due: Option<&str>) -> ProgrammeAtelier {
    ProgrammeAtelier {
        number,
        title: format!("Atelier {number}"),
        summary: String::new(),
        start: dt(start),
        end: dt(end),
        place: None,
        link: None,
        references: Vec::new(),
        deliverable: due.map(|due| DeliverableSpec {
            by_group: false,
            review: None,
            title: format!("Livrable {number}"),
            instructions: String::new(),
            due: dt(due),
        }),
        sessions: Vec::new(),
        cancelled: None,
        exercise: None,
        due_after_end: None,
    }
}

/// Six ateliers in Paris around both 2027 daylight-saving changes, with the default rules.
fn programme() -> Programme {
    Programme {
        cohort: CohortSettings {
            name: "bvm-2027".into(),
            title: "Printemps 2027".into(),
            timezone: Paris,
            language: Lang::Fr,
            // Attendance openings and evaluations are tested on their own, below.
            parts: Parts {
                attendance: false,
                evaluation: false,
                ..Parts::default()
            },
            organisation: None,
        },
        ateliers: vec![
            atelier(
                1,
                "2027-03-08 09:30",
                "2027-03-08 17:00",
                Some("2027-03-12 18:00"),
            ),
            atelier(2, "2027-03-15 09:30", "2027-03-15 17:00", None),
            // Due on the spring-forward night: 2 hours before is 02:00, which does not exist.
            atelier(
                3,
                "2027-03-22 09:30",
                "2027-03-22 17:00",
                Some("2027-03-28 04:00"),
            ),
            // The first Monday of summer time.
            atelier(
                4,
                "2027-03-29 09:30",
                "2027-03-29 17:00",
                Some("2027-04-05 12:00"),
            ),
            // Due in the repeated hour of the autumn night.
            atelier(
                5,
                "2027-10-30 14:00",
                "2027-10-30 18:00",
                Some("2027-10-31 02:30"),
            ),
            atelier(6, "2027-11-08 09:30", "2027-11-08 17:00", None),
        ],
        rules: default_rules(),
        recurring: Vec::new(),
        objectives: Vec::new(),
        followup_digest: None,
        source: String::new(),
    }
}

fn recurring(cron: &str, target: Target) -> RecurringReminder {
    RecurringReminder {
        cron: CronRule::parse(cron).unwrap(),
        text: "Pensez au journal de bord".into(),
        target,
        from: None,
        until: None,
    }
}

/// The messages of `atelier` and `kind` as (local, utc, target).
fn of(
    plan: &[PlannedMessage],
    atelier: u32,
    kind: RuleKind,
) -> Vec<(NaiveDateTime, DateTime<Utc>, Target)> {
    plan.iter()
        .filter(|m| m.atelier == Some(atelier) && m.kind == PlannedKind::Rule(kind))
        .map(|m| (m.due_local, m.due_utc, m.target))
        .collect()
}

#[test]
fn every_atelier_gets_its_rules_and_deadlines_only_when_it_has_one() {
    let plan = plan(&programme());
    // 6 atelier messages each (references, nudge, questions, 2 + 1 reminders), 3 per
    // deliverable.
    assert_eq!(plan.len(), 6 * 6 + 4 * 3);
    for number in [2, 6] {
        assert!(of(&plan, number, RuleKind::DeadlineChase).is_empty());
        assert!(of(&plan, number, RuleKind::DeadlineSummary).is_empty());
    }
    assert!(plan.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()));
    let mut keys: Vec<_> = plan.iter().map(PlannedMessage::key).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), plan.len());
}

#[test]
fn the_first_summer_atelier_is_prepared_on_both_clocks() {
    use Target::*;
    let plan = plan(&programme());
    assert_eq!(
        of(&plan, 4, RuleKind::References),
        [(dt("2027-03-22 09:00"), utc("2027-03-22 08:00"), Room)]
    );
    assert_eq!(
        of(&plan, 4, RuleKind::AtelierReminder),
        [
            (dt("2027-03-28 18:00"), utc("2027-03-28 16:00"), Room),
            (
                dt("2027-03-28 18:00"),
                utc("2027-03-28 16:00"),
                Participants
            ),
            (dt("2027-03-29 08:30"), utc("2027-03-29 06:30"), Room),
        ]
    );
    assert_eq!(
        of(&plan, 4, RuleKind::DeadlineSummary),
        [(
            dt("2027-04-05 12:00"),
            utc("2027-04-05 10:00"),
            Facilitators
        )]
    );
}

#[test]
fn deadlines_in_changing_hours_resolve_once() {
    use Target::*;
    let plan = plan(&programme());
    // 02:00 on 28 March does not exist: the chase goes out at 03:00 CEST.
    assert_eq!(
        of(&plan, 3, RuleKind::DeadlineChase),
        [
            (
                dt("2027-03-26 04:00"),
                utc("2027-03-26 03:00"),
                Participants
            ),
            (
                dt("2027-03-28 03:00"),
                utc("2027-03-28 01:00"),
                Participants
            ),
        ]
    );
    assert_eq!(
        of(&plan, 3, RuleKind::DeadlineSummary),
        [(
            dt("2027-03-28 04:00"),
            utc("2027-03-28 02:00"),
            Facilitators
        )]
    );
    // 02:30 on 31 October happens twice: the first one, in summer time.
    assert_eq!(
        of(&plan, 5, RuleKind::DeadlineChase),
        [
            (
                dt("2027-10-29 02:30"),
                utc("2027-10-29 00:30"),
                Participants
            ),
            (
                dt("2027-10-31 00:30"),
                utc("2027-10-30 22:30"),
                Participants
            ),
        ]
    );
    assert_eq!(
        of(&plan, 5, RuleKind::DeadlineSummary),
        [(
            dt("2027-10-31 02:30"),
            utc("2027-10-31 00:30"),
            Facilitators
        )]
    );
}

#[test]
fn keys_name_the_message() {
    let plan = plan(&programme());
    let keys: Vec<_> = plan
        .iter()
        .filter(|m| m.atelier == Some(4))
        .map(PlannedMessage::key)
        .collect();
    assert_eq!(
        keys,
        [
            "references:a4:room:2027-03-22T08:00:00Z",
            "preparation-nudge:a4:participants:2027-03-27T09:00:00Z",
            "questions-digest:a4:facilitators:2027-03-28T10:00:00Z",
            "atelier-reminder:a4:room:2027-03-28T16:00:00Z",
            "atelier-reminder:a4:participants:2027-03-28T16:00:00Z",
            "atelier-reminder:a4:room:2027-03-29T06:30:00Z",
            "deadline-chase:a4:participants:2027-04-03T10:00:00Z",
            "deadline-chase:a4:participants:2027-04-05T08:00:00Z",
            "deadline-summary:a4:facilitators:2027-04-05T10:00:00Z",
        ]
    );
}

#[test]
fn keys_survive_unrelated_edits() {
    let mut before = programme();
    before.recurring = vec![recurring("0 9 * * MON", Target::Room)];
    let mut after = before.clone();
    after.ateliers[5].start = dt("2027-11-09 10:00");
    after.ateliers[5].end = dt("2027-11-09 17:00");
    after.ateliers[0].deliverable = None;
    after
        .recurring
        .insert(0, recurring("0 18 * * FRI", Target::Participants));
    let keys = |p: &Programme, atelier: Option<u32>| -> Vec<String> {
        plan(p)
            .iter()
            .filter(|m| m.atelier == atelier && m.due_utc < utc("2027-10-01 00:00"))
            .map(PlannedMessage::key)
            .collect()
    };
    for atelier in [Some(2), Some(4)] {
        assert_eq!(keys(&before, atelier), keys(&after, atelier), "{atelier:?}");
    }
    let mondays = |p: &Programme| -> Vec<String> {
        plan(p)
            .iter()
            .filter(|m| m.series.as_deref() == Some("0 9 * * MON"))
            .map(PlannedMessage::key)
            .collect()
    };
    assert_eq!(
        mondays(&before)[0],
        "recurring:0 9 * * MON:room:2027-03-08T08:00:00Z"
    );
    assert_eq!(mondays(&before), mondays(&after));
}

#[test]
fn recurring_reminders_fire_over_the_cycle() {
    let mut programme = programme();
    programme.rules.clear();
    programme.recurring = vec![recurring("0 9 * * MON", Target::Room)];
    let plan = plan(&programme);
    // Every Monday from 8 March to 8 November 2027 (last atelier's end), inclusive.
    assert_eq!(plan.len(), 36);
    assert!(
        plan.iter()
            .all(|m| m.kind == PlannedKind::Recurring { index: 0 }
                && m.atelier.is_none()
                && m.target == Target::Room
                && m.due_local.format("%a %H:%M").to_string() == "Mon 09:00")
    );
    assert_eq!(plan[0].due_utc, utc("2027-03-08 08:00"));
    assert_eq!(plan[3].due_utc, utc("2027-03-29 07:00"));
    assert_eq!(plan[35].due_utc, utc("2027-11-08 08:00"));
}

#[test]
fn recurring_windows_are_inclusive_local_days() {
    let mut programme = programme();
    programme.rules.clear();
    let mut nightly = recurring("30 2 * * *", Target::Facilitators);
    nightly.from = Some(day("2027-03-27"));
    nightly.until = Some(day("2027-03-29"));
    let mut midnight = recurring("0 0 * * *", Target::Room);
    midnight.from = Some(day("2027-10-31"));
    midnight.until = Some(day("2027-11-01"));
    programme.recurring = vec![nightly, midnight];
    let plan = plan(&programme);
    let due: Vec<_> = plan.iter().map(|m| (m.due_utc, m.kind)).collect();
    let nightly = PlannedKind::Recurring { index: 0 };
    let midnight = PlannedKind::Recurring { index: 1 };
    assert_eq!(
        due,
        [
            (utc("2027-03-27 01:30"), nightly),
            (utc("2027-03-28 01:30"), nightly),
            (utc("2027-03-29 00:30"), nightly),
            (utc("2027-10-30 22:00"), midnight),
            (utc("2027-10-31 23:00"), midnight),
        ]
    );
    assert_eq!(plan[1].due_local, dt("2027-03-28 03:30"));
}

#[test]
fn messages_due_together_keep_a_fixed_order() {
    let mut programme = programme();
    // The Sunday-evening reminder of atelier 4 and a recurring one at the same instant.
    programme.recurring = vec![
        recurring("0 18 28 3 *", Target::Participants),
        recurring("0 18 28 3 *", Target::Room),
    ];
    let plan = plan(&programme);
    let together: Vec<_> = plan
        .iter()
        .filter(|m| m.due_utc == utc("2027-03-28 16:00"))
        .map(|m| (m.kind, m.atelier, m.target))
        .collect();
    assert_eq!(
        together,
        [
            (
                PlannedKind::Rule(RuleKind::AtelierReminder),
                Some(4),
                Target::Room
            ),
            (
                PlannedKind::Rule(RuleKind::AtelierReminder),
                Some(4),
                Target::Participants
            ),
            (
                PlannedKind::Recurring { index: 0 },
                None,
                Target::Participants
            ),
            (PlannedKind::Recurring { index: 1 }, None, Target::Room),
        ]
    );
}

#[test]
fn duplicates_collapse_and_same_rules_get_distinct_keys() {
    let mut programme = programme();
    programme.rules.extend(default_rules());
    programme.recurring = vec![
        recurring("0 9 * * MON", Target::Room),
        recurring("0  9 * *  MON", Target::Room),
    ];
    let plan = plan(&programme);
    let rules = plan.iter().filter(|m| m.atelier.is_some()).count();
    assert_eq!(rules, 6 * 6 + 4 * 3);
    let first_monday: Vec<_> = plan
        .iter()
        .filter(|m| m.atelier.is_none() && m.due_utc == utc("2027-03-08 08:00"))
        .map(PlannedMessage::key)
        .collect();
    assert_eq!(
        first_monday,
        [
            "recurring:0 9 * * MON:room:2027-03-08T08:00:00Z",
            "recurring:0 9 * * MON#2:room:2027-03-08T08:00:00Z",
        ]
    );
}

#[test]
fn an_empty_programme_plans_nothing() {
    let mut programme = programme();
    programme.ateliers.clear();
    assert!(plan(&programme).is_empty());
    // No cycle to bound it: a recurring reminder needs explicit days.
    programme.recurring = vec![recurring("0 9 * * *", Target::Room)];
    assert!(plan(&programme).is_empty());
    programme.recurring[0].from = Some(day("2027-01-01"));
    programme.recurring[0].until = Some(day("2027-01-03"));
    assert_eq!(plan(&programme).len(), 3);
    programme.recurring[0].until = Some(day("2026-12-31"));
    assert!(plan(&programme).is_empty());
}

#[test]
fn attendance_opens_before_each_half_day_session_when_the_cohort_uses_it() {
    let mut programme = programme();
    programme.rules.clear();
    programme.cohort.parts.attendance = true;
    // Atelier 4 runs 09:30–17:00 on 29 March 2027 (summer time, UTC+2): two sessions.
    let openings: Vec<_> = plan(&programme)
        .into_iter()
        .filter(|m| m.atelier == Some(4))
        .map(|m| (m.kind, m.due_local, m.key()))
        .collect();
    assert_eq!(
        openings,
        [
            (
                PlannedKind::Attendance { session: 1 },
                dt("2027-03-29 09:15"),
                "attendance-s1:a4:room:2027-03-29T07:15:00Z".to_owned()
            ),
            (
                PlannedKind::Attendance { session: 2 },
                dt("2027-03-29 13:15"),
                "attendance-s2:a4:room:2027-03-29T11:15:00Z".to_owned()
            ),
        ]
    );
    programme.cohort.parts.attendance_opens_before = 0;
    let first = plan(&programme)
        .into_iter()
        .find(|m| m.atelier == Some(4))
        .map(|m| m.due_local);
    assert_eq!(first, Some(dt("2027-03-29 09:30")));
}

#[test]
fn without_check_ins_there_is_no_nudge_and_no_digest() {
    let mut programme = programme();
    programme.cohort.parts.preparation = false;
    let plan = plan(&programme);
    assert!(plan.iter().all(|m| !matches!(
        m.kind,
        PlannedKind::Rule(RuleKind::PreparationNudge | RuleKind::QuestionsDigest)
    )));
    assert_eq!(plan.len(), 6 * 4 + 4 * 3);
}

#[test]
fn each_atelier_is_evaluated_and_the_cycle_ends_with_the_objectives() {
    use crate::schedule::EvalStep::{Close, Open, Remind};
    let mut programme = programme();
    programme.rules.clear();
    programme.cohort.parts.evaluation = true;
    let steps = |programme: &Programme| -> Vec<(Option<u32>, PlannedKind, NaiveDateTime, Target)> {
        plan(programme)
            .into_iter()
            .filter(|m| matches!(m.kind, PlannedKind::Evaluation(_)))
            .filter(|m| m.atelier.is_none() || m.atelier == Some(6))
            .map(|m| (m.atelier, m.kind, m.due_local, m.target))
            .collect()
    };
    // Atelier 6 ends on 8 November 2027 at 17:00; without objectives, no self-assessment.
    assert_eq!(
        steps(&programme),
        [
            (
                Some(6),
                PlannedKind::Evaluation(Open),
                dt("2027-11-08 17:00"),
                Target::Participants
            ),
            (
                Some(6),
                PlannedKind::Evaluation(Remind),
                dt("2027-11-10 17:00"),
                Target::Participants
            ),
            (
                Some(6),
                PlannedKind::Evaluation(Close),
                dt("2027-11-22 17:00"),
                Target::Facilitators
            ),
        ]
    );
    programme.objectives = vec!["Agir".into()];
    programme.cohort.parts.evaluation_reminder_hours = 0;
    let with_objectives = steps(&programme);
    assert_eq!(with_objectives.len(), 4, "{with_objectives:?}");
    assert!(with_objectives.contains(&(
        None,
        PlannedKind::Evaluation(Open),
        dt("2027-11-08 17:00"),
        Target::Participants
    )));
    assert!(
        with_objectives
            .iter()
            .all(|s| s.1 != PlannedKind::Evaluation(Remind))
    );
    let keys: Vec<String> = plan(&programme)
        .iter()
        .filter(|m| matches!(m.kind, PlannedKind::Evaluation(_)) && m.atelier.is_none())
        .map(PlannedMessage::key)
        .collect();
    assert_eq!(
        keys,
        [
            "evaluation-open:participants:2027-11-08T16:00:00Z",
            "evaluation-close:facilitators:2027-11-22T16:00:00Z",
        ]
    );
}
