//! Durations as people type them: `2d`, `3h30m`, `45m`, `1w`, `2j` (French *jours*).

use chrono::Duration;

/// Parses a duration such as `2d`, `3h30m`, `1w2d`, `90m`, `2j`. Units: `w` weeks, `d`/`j`
/// days, `h` hours, `m`/`min` minutes, `s` seconds. `None` when it does not read as one.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    let mut total = Duration::zero();
    let mut rest = s.as_str();
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let part = match unit {
            "w" | "sem" => Duration::try_weeks(n)?,
            "d" | "j" => Duration::try_days(n)?,
            "h" => Duration::try_hours(n)?,
            "m" | "min" | "mn" => Duration::try_minutes(n)?,
            "s" => Duration::try_seconds(n)?,
            _ => return None,
        };
        total = total.checked_add(&part)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("2d", Some(Duration::days(2))),
            ("2j", Some(Duration::days(2))),
            ("3h30m", Some(Duration::minutes(210))),
            ("45m", Some(Duration::minutes(45))),
            ("45min", Some(Duration::minutes(45))),
            ("1w2d", Some(Duration::days(9))),
            ("90s", Some(Duration::seconds(90))),
            (" 1H ", Some(Duration::hours(1))),
            ("0h", Some(Duration::zero())),
            ("", None),
            ("h", None),
            ("2", None),
            ("2x", None),
            ("-2d", None),
            ("2d 3h", None),
            ("99999999999999999999d", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_duration(input), expected, "{input:?}");
        }
    }
}
