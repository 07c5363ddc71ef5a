//! Local time ⇄ UTC in a cohort's IANA zone, including the hours that daylight-saving changes
//! skip or repeat.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// How far back [`local_to_utc`] looks for the offset in force before a gap. Real gaps last an
/// hour or less, but a zone may skip a whole day (Pacific/Apia at the end of 2011).
const MAX_GAP: TimeDelta = TimeDelta::hours(48);

/// Step of that search; every known transition falls on a quarter hour.
const GAP_STEP: TimeDelta = TimeDelta::minutes(15);

/// The instant at which the local wall-clock time `local` happens in `tz`.
///
/// Daylight-saving changes make some wall-clock times impossible and others ambiguous; both get
/// exactly one instant, so that a reminder is neither lost nor sent twice:
///
/// - A time skipped by a spring-forward gap (2027-03-28 02:30 in Europe/Paris) is read with the
///   offset in force before the gap, as a clock nobody has put forward yet would show it:
///   02:30 CET = 01:30 UTC, which is 03:30 CEST. The message goes out as soon as the clock
///   allows, one gap-length after the time written, and never before earlier valid times.
/// - A time that happens twice in autumn (2027-10-31 02:30 in Europe/Paris) is its first
///   occurrence (02:30 CEST = 00:30 UTC): people expect a reminder the first time the clock
///   shows the time, and the mapping stays monotonic.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(dt) => dt.to_utc(),
        LocalResult::Ambiguous(first, _) => first.to_utc(),
        LocalResult::None => {
            let offset = offset_before_gap(tz, local);
            // Only at the ends of chrono's range can this overflow; keep a defined answer there.
            let instant = local.checked_sub_signed(offset).unwrap_or(local);
            DateTime::from_naive_utc_and_offset(instant, Utc)
        }
    }
}

/// The UTC offset in force just before the gap that swallows `local`.
fn offset_before_gap(tz: Tz, local: NaiveDateTime) -> TimeDelta {
    let mut probe = local;
    while local - probe < MAX_GAP {
        let Some(earlier) = probe.checked_sub_signed(GAP_STEP) else {
            break;
        };
        probe = earlier;
        // The first existing time below the gap carries the offset in force before it.
        if let Some(dt) = tz.from_local_datetime(&probe).latest() {
            return dt.naive_local() - dt.naive_utc();
        }
    }
    // No zone has a gap this long; reading the time as UTC at least keeps a defined answer.
    TimeDelta::zero()
}

/// The local wall-clock time in `tz` of `instant`.
pub fn utc_to_local(tz: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Montreal;
    use chrono_tz::Europe::Paris;
    use chrono_tz::Pacific::{Apia, Auckland};

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        dt(s).and_utc()
    }

    #[test]
    fn local_times_map_to_the_expected_instants() {
        let cases = [
            // (zone, local, utc, why)
            (Paris, "2027-01-15 09:00", "2027-01-15 08:00", "winter, CET"),
            (
                Paris,
                "2027-07-15 09:00",
                "2027-07-15 07:00",
                "summer, CEST",
            ),
            (
                Paris,
                "2027-03-28 01:59",
                "2027-03-28 00:59",
                "just before the gap",
            ),
            (
                Paris,
                "2027-03-28 02:00",
                "2027-03-28 01:00",
                "gap start: read as 03:00 CEST",
            ),
            (
                Paris,
                "2027-03-28 02:30",
                "2027-03-28 01:30",
                "in the gap: 03:30 CEST",
            ),
            (
                Paris,
                "2027-03-28 03:00",
                "2027-03-28 01:00",
                "first valid time after the gap",
            ),
            (
                Paris,
                "2027-03-28 03:30",
                "2027-03-28 01:30",
                "after the gap",
            ),
            (
                Paris,
                "2027-10-31 01:59",
                "2027-10-30 23:59",
                "before the repeated hour",
            ),
            (
                Paris,
                "2027-10-31 02:00",
                "2027-10-31 00:00",
                "repeated hour: first (CEST)",
            ),
            (
                Paris,
                "2027-10-31 02:30",
                "2027-10-31 00:30",
                "repeated hour: first (CEST)",
            ),
            (
                Paris,
                "2027-10-31 03:00",
                "2027-10-31 02:00",
                "after the repeated hour, CET",
            ),
            (Montreal, "2027-01-15 09:00", "2027-01-15 14:00", "EST"),
            (
                Montreal,
                "2027-03-14 02:30",
                "2027-03-14 07:30",
                "gap: 03:30 EDT",
            ),
            (
                Montreal,
                "2027-11-07 01:30",
                "2027-11-07 05:30",
                "repeated: first (EDT)",
            ),
            (
                Auckland,
                "2027-01-15 09:00",
                "2027-01-14 20:00",
                "NZDT, southern summer",
            ),
            (
                Auckland,
                "2027-09-26 02:30",
                "2027-09-25 14:30",
                "gap: 03:30 NZDT",
            ),
            (
                Auckland,
                "2027-04-04 02:30",
                "2027-04-03 13:30",
                "repeated: first (NZDT)",
            ),
            (
                Apia,
                "2011-12-30 12:00",
                "2011-12-30 22:00",
                "a whole skipped day",
            ),
        ];
        for (tz, local, expected, why) in cases {
            assert_eq!(
                local_to_utc(tz, dt(local)),
                utc(expected),
                "{tz} {local}: {why}"
            );
        }
    }

    #[test]
    fn existing_local_times_round_trip() {
        for (tz, local) in [
            (Paris, "2027-03-28 03:00"),
            (Paris, "2027-10-31 02:30"),
            (Paris, "2027-10-31 03:00"),
            (Montreal, "2027-06-01 23:59"),
            (Auckland, "2027-04-04 01:00"),
        ] {
            assert_eq!(utc_to_local(tz, local_to_utc(tz, dt(local))), dt(local));
        }
    }

    #[test]
    fn the_ends_of_time_do_not_panic() {
        for tz in [Paris, Auckland, Montreal] {
            local_to_utc(tz, NaiveDateTime::MIN);
            local_to_utc(tz, NaiveDateTime::MAX);
        }
    }

    #[test]
    fn times_in_the_gap_go_out_with_those_of_the_hour_after() {
        // So a reminder written for the skipped hour is never earlier than the ones before it.
        let gap_start = dt("2027-03-28 02:00");
        for minutes in 0..60 {
            let in_gap = gap_start + TimeDelta::minutes(minutes);
            let after_gap = in_gap + TimeDelta::hours(1);
            assert_eq!(local_to_utc(Paris, in_gap), local_to_utc(Paris, after_gap));
            assert!(local_to_utc(Paris, in_gap) > local_to_utc(Paris, dt("2027-03-28 01:59")));
        }
    }
}
