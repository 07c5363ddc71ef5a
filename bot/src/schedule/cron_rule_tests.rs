use chrono::{Datelike, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::America::Montreal;
use chrono_tz::Europe::Paris;

use super::*;
use crate::domain::Lang;

fn utc(s: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
}

fn rule(s: &str) -> CronRule {
    CronRule::parse(s).unwrap_or_else(|e| panic!("`{s}` refused: {e}"))
}

/// The first `n` firings after `after`, as "YYYY-MM-DD HH:MM" in UTC.
fn firings(source: &str, tz: Tz, after: &str, n: usize) -> Vec<String> {
    rule(source)
        .firings_after(tz, utc(after))
        .take(n)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .collect()
}

#[test]
fn every_kind_of_syntax_converts_for_the_crate() {
    let cases = [
        ("0 9 * * *", "0 0 9 * * *"),
        ("  0   9 * * 1 ", "0 0 9 * * MON"),
        ("30 18 * * 1-5", "0 30 18 * * MON,TUE,WED,THU,FRI"),
        ("*/15 8-18/2 * * *", "0 0,15,30,45 8,10,12,14,16,18 * * *"),
        ("5/20 * * * *", "0 5,25,45 * * * *"),
        ("0 9 1,15 * *", "0 0 9 1,15 * *"),
        ("0 9 * JAN-MAR,dec *", "0 0 9 * 1,2,3,12 *"),
        ("0 9 * feb/3 *", "0 0 9 * 2,5,8,11 *"),
        ("0 9 * * mon,Wed,FRI", "0 0 9 * * MON,WED,FRI"),
        ("0 9 * * monday", "0 0 9 * * MON"),
        ("0 9 * * 0", "0 0 9 * * SUN"),
        ("0 9 * * 7", "0 0 9 * * SUN"),
        ("0 9 * * 0,7", "0 0 9 * * SUN"),
        ("0 9 * * 5-7", "0 0 9 * * SUN,FRI,SAT"),
        ("0 9 * * FRI-SUN", "0 0 9 * * SUN,FRI,SAT"),
        ("0 9 * * 0-7", "0 0 9 * * *"),
        ("0 9 * * */2", "0 0 9 * * SUN,TUE,THU,SAT"),
        ("0 9 * * 1-5/2", "0 0 9 * * MON,WED,FRI"),
        ("0 0 29 2 *", "0 0 0 29 2 *"),
        ("0-59/30 0-23 1-31 1-12 0-6", "0 0,30 * * * *"),
        ("@daily", "0 0 0 * * *"),
        ("@WEEKLY", "0 0 0 * * SUN"),
        ("@hourly", "0 0 * * * *"),
    ];
    for (source, crate_form) in cases {
        let parsed = rule(source);
        assert_eq!(parsed.schedule().source(), crate_form, "{source}");
        assert_eq!(parsed.source, source);
    }
}

#[test]
fn invalid_rules_say_what_is_wrong() {
    use CronField::*;
    use FieldProblem::*;
    let field = |field, text: &str, problem| CronError::InvalidField {
        field,
        text: text.to_owned(),
        problem,
    };
    let range = |value, min, max| OutOfRange { value, min, max };
    let cases = [
        ("", CronError::FieldCount { count: 0 }),
        ("garbage", CronError::FieldCount { count: 1 }),
        ("@often", CronError::FieldCount { count: 1 }),
        ("* * * *", CronError::FieldCount { count: 4 }),
        ("0 0 9 * * MON", CronError::FieldCount { count: 6 }),
        ("61 * * * *", field(Minute, "61", range(61, 0, 59))),
        ("0,60 * * * *", field(Minute, "0,60", range(60, 0, 59))),
        ("* 25 * * *", field(Hour, "25", range(25, 0, 23))),
        ("* * 0 * *", field(DayOfMonth, "0", range(0, 1, 31))),
        ("* * 32 * *", field(DayOfMonth, "32", range(32, 1, 31))),
        ("* * * 13 *", field(Month, "13", range(13, 1, 12))),
        ("* * * * 8", field(DayOfWeek, "8", range(8, 0, 7))),
        ("a b c d e", field(Minute, "a", Syntax)),
        ("* * * * MOO", field(DayOfWeek, "MOO", Syntax)),
        ("* * MON * *", field(DayOfMonth, "MON", Syntax)),
        ("* * * * JAN", field(DayOfWeek, "JAN", Syntax)),
        ("? * * * *", field(Minute, "?", Syntax)),
        ("1,,2 * * * *", field(Minute, "1,,2", Syntax)),
        ("-1 * * * *", field(Minute, "-1", Syntax)),
        ("*/ * * * *", field(Minute, "*/", Syntax)),
        ("99999999999 * * * *", field(Minute, "99999999999", Syntax)),
        ("5-1 * * * *", field(Minute, "5-1", Backwards)),
        ("* * * * SAT-MON", field(DayOfWeek, "SAT-MON", Backwards)),
        ("*/0 * * * *", field(Minute, "*/0", ZeroStep)),
        ("0 9 30 2 *", CronError::NeverFires),
        ("0 9 31 4,6,9,11 *", CronError::NeverFires),
    ];
    for (source, expected) in cases {
        assert_eq!(CronRule::parse(source), Err(expected), "{source:?}");
    }
}

#[test]
fn errors_read_well_in_every_language() {
    let errors = [
        CronRule::parse("* * * *").unwrap_err(),
        CronRule::parse("61 * * * *").unwrap_err(),
        CronRule::parse("* * * * MOO").unwrap_err(),
        CronRule::parse("5-1 * * * *").unwrap_err(),
        CronRule::parse("*/0 * * * *").unwrap_err(),
        CronRule::parse("0 9 30 2 *").unwrap_err(),
    ];
    for lang in Lang::ALL {
        for error in &errors {
            let text = error.to_msg().render(lang);
            assert!(!text.contains('['), "{lang}: {error:?} renders as {text}");
        }
    }
    let out_of_range = errors[1].to_msg();
    assert_eq!(
        out_of_range.render(Lang::Fr),
        "Champ minute : dans « 61 », 61 sort des limites, qui vont de 0 à 59."
    );
    assert_eq!(
        out_of_range.render(Lang::En),
        "In the minute field “61”, 61 is out of bounds (from 0 to 59)."
    );
    assert!(
        errors[0]
            .to_msg()
            .render(Lang::Fr)
            .ends_with("Celle-ci en a 4.")
    );
}

#[test]
fn numeric_weekdays_mean_the_same_days_as_names() {
    let names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    let weekdays = [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    let after = utc("2027-03-01 00:00");
    for n in 0..=7usize {
        let by_number = rule(&format!("0 9 * * {n}"));
        let by_name = rule(&format!("0 9 * * {}", names[n % 7]));
        let by_lower_name = rule(&format!("0 9 * * {}", names[n % 7].to_lowercase()));
        let numbered: Vec<_> = by_number.firings_after(Paris, after).take(6).collect();
        let named: Vec<_> = by_name.firings_after(Paris, after).take(6).collect();
        let lower: Vec<_> = by_lower_name.firings_after(Paris, after).take(6).collect();
        assert_eq!(numbered, named, "weekday {n}");
        assert_eq!(numbered, lower, "weekday {n}");
        for firing in numbered {
            let local = firing.with_timezone(&Paris);
            assert_eq!(local.weekday(), weekdays[n % 7], "weekday {n}: {local}");
            assert_eq!(local.format("%H:%M").to_string(), "09:00");
        }
    }
}

#[test]
fn restricted_day_and_weekday_fields_fire_on_either() {
    // Fridays of March 2027 are the 5th, 12th, 19th and 26th; the 13th is a Saturday.
    let days = |source, month| -> Vec<u32> {
        let start = utc(&format!("2027-{month:02}-01 00:00"));
        let end = utc(&format!("2027-{:02}-01 00:00", month + 1));
        rule(source)
            .firings_after(Paris, start)
            .take_while(|t| t < &end)
            .map(|t| t.with_timezone(&Paris).day())
            .collect()
    };
    assert_eq!(days("0 9 13 * FRI", 3), [5, 12, 13, 19, 26]);
    // A day field starting with `*` narrows the weekdays instead, as in standard cron.
    assert_eq!(days("0 9 */2 * FRI", 3), [5, 19]);
    // A day that never exists leaves the weekdays, within the months named.
    assert_eq!(days("0 9 31 2 MON", 2), [1, 8, 15, 22]);
    assert!(days("0 9 31 2 MON", 3).is_empty());
}

#[test]
fn daily_rules_keep_their_local_time_across_dst_changes() {
    assert_eq!(
        firings("0 9 * * *", Paris, "2027-03-26 12:00", 3),
        ["2027-03-27 08:00", "2027-03-28 07:00", "2027-03-29 07:00"]
    );
    assert_eq!(
        firings("0 9 * * *", Paris, "2027-10-29 12:00", 3),
        ["2027-10-30 07:00", "2027-10-31 08:00", "2027-11-01 08:00"]
    );
    assert_eq!(
        firings("0 9 * * *", Montreal, "2027-03-12 18:00", 3),
        ["2027-03-13 14:00", "2027-03-14 13:00", "2027-03-15 13:00"]
    );
}

#[test]
fn a_rule_in_the_skipped_hour_fires_once_at_the_shifted_time() {
    // 02:30 does not exist on 28 March 2027: it fires at 03:30 CEST = 01:30 UTC.
    assert_eq!(
        firings("30 2 * * *", Paris, "2027-03-26 12:00", 3),
        ["2027-03-27 01:30", "2027-03-28 01:30", "2027-03-29 00:30"]
    );
    // Asked just after the gap, the shifted firing is still ahead.
    assert_eq!(
        firings("30 2 * * *", Paris, "2027-03-28 01:29", 1),
        ["2027-03-28 01:30"]
    );
    assert_eq!(
        firings("30 2 * * *", Paris, "2027-03-28 01:30", 1),
        ["2027-03-29 00:30"]
    );
    // 02:30 and 03:30 are the same instant that day: one message, not two.
    assert_eq!(
        firings("30 2,3 * * *", Paris, "2027-03-28 00:00", 3),
        ["2027-03-28 01:30", "2027-03-29 00:30", "2027-03-29 01:30"]
    );
}

#[test]
fn a_rule_in_the_repeated_hour_fires_once() {
    assert_eq!(
        firings("30 2 * * *", Paris, "2027-10-29 12:00", 3),
        ["2027-10-30 00:30", "2027-10-31 00:30", "2027-11-01 01:30"]
    );
    // Asked during the second 02:xx, the first 02:30 is past and the second one skipped.
    assert_eq!(
        firings("30 2 * * *", Paris, "2027-10-31 01:10", 1),
        ["2027-11-01 01:30"]
    );
    assert_eq!(
        firings("0 3 * * *", Paris, "2027-10-31 01:10", 1),
        ["2027-10-31 02:00"]
    );
    // Half-hourly through the night: the repeated hour is not gone through twice.
    assert_eq!(
        firings("*/30 * * * *", Paris, "2027-10-30 22:45", 5),
        [
            "2027-10-30 23:00",
            "2027-10-30 23:30",
            "2027-10-31 00:00",
            "2027-10-31 00:30",
            "2027-10-31 02:00"
        ]
    );
}

#[test]
fn firings_come_in_instant_order_around_a_half_hour_gap() {
    use chrono_tz::Australia::Lord_Howe;
    // On 3 October 2027 Lord Howe goes from 02:00 (+10:30) to 02:30 (+11:00). 02:20 is in the
    // gap and goes out as 02:50 (+11:00), after 02:40: the crate's order must not be kept.
    assert_eq!(
        firings("20,40 2 * * *", Lord_Howe, "2027-10-02 12:00", 3),
        ["2027-10-02 15:40", "2027-10-02 15:50", "2027-10-03 15:20"]
    );
}

#[test]
fn next_after_is_strictly_after() {
    let weekly = rule("0 9 * * MON");
    let monday = Paris
        .with_ymd_and_hms(2027, 3, 22, 9, 0, 0)
        .unwrap()
        .to_utc();
    assert_eq!(
        weekly.next_after(Paris, monday - TimeDelta::seconds(1)),
        Some(monday)
    );
    assert_eq!(
        weekly.next_after(Paris, monday),
        Some(
            Paris
                .with_ymd_and_hms(2027, 3, 29, 9, 0, 0)
                .unwrap()
                .to_utc()
        )
    );
}

#[test]
fn a_rule_with_no_firing_left_ends() {
    // 29 February: 2096 is the last leap year the crate reaches (2100 is not one).
    let leap = rule("0 9 29 2 *");
    assert_eq!(
        leap.next_after(Paris, utc("2095-01-01 00:00")),
        Some(utc("2096-02-29 08:00"))
    );
    assert_eq!(leap.next_after(Paris, utc("2096-03-01 00:00")), None);
}

#[test]
fn rules_are_equal_when_written_alike() {
    assert_eq!(rule("0 9 * * 1"), rule("0 9 * * 1"));
    assert_ne!(rule("0 9 * * 1"), rule("0 9 * * MON"));
}
