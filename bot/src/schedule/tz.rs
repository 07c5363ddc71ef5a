//! Local time ⇄ UTC in a cohort's IANA zone, including the hours that daylight-saving changes
//! skip or repeat.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// The instant at which the local wall-clock time `local` happens in `tz`.
pub fn local_to_utc(_tz: Tz, _local: NaiveDateTime) -> DateTime<Utc> {
    unimplemented!("schedule helper")
}

/// The local wall-clock time in `tz` of `instant`.
pub fn utc_to_local(tz: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}
