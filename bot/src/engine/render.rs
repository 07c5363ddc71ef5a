//! Pieces of messages shared by several commands and jobs: countdowns, atelier lines,
//! reference lists. Pure: values in, [`Msg`]s out.

use chrono::{Duration, NaiveDateTime};

use crate::domain::{Atelier, Lang, Reference};
use crate::i18n::Msg;

/// "3 jours et 4 heures" / "3 days and 4 hours", rounded to what matters (the two largest
/// units); `None` under a minute.
pub(crate) fn duration(delta: Duration) -> Option<Msg> {
    let total_minutes = delta.num_minutes().max(0);
    let days = total_minutes / (24 * 60);
    let hours = (total_minutes / 60) % 24;
    let minutes = total_minutes % 60;
    let d = Msg::new("unit-days").arg("n", days);
    let h = Msg::new("unit-hours").arg("n", hours);
    let m = Msg::new("unit-minutes").arg("n", minutes);
    Some(match (days, hours) {
        (0, 0) if minutes == 0 => return None,
        (0, 0) => Msg::new("duration-one").arg("a", m),
        (0, _) if minutes == 0 => Msg::new("duration-one").arg("a", h),
        (0, _) => Msg::new("duration-two").arg("a", h).arg("b", m),
        (_, 0) => Msg::new("duration-one").arg("a", d),
        _ => Msg::new("duration-two").arg("a", d).arg("b", h),
    })
}

/// "dans 3 jours et 4 heures" / "in 3 days and 4 hours"; "maintenant" under a minute.
pub(crate) fn countdown(delta: Duration) -> Msg {
    match duration(delta) {
        Some(d) => Msg::new("countdown").arg("duration", d),
        None => Msg::new("countdown-now"),
    }
}

/// One line of the programme: number, title, day, hours.
pub(crate) fn atelier_line(a: &Atelier, now_local: NaiveDateTime) -> Msg {
    if let Some(reason) = &a.cancelled {
        return Msg::new("atelier-line-cancelled")
            .arg("number", a.number)
            .arg("title", a.title.as_str())
            .arg("date", a.start.date())
            .arg("reason", reason.as_str());
    }
    let id = if a.end <= now_local {
        "atelier-line-past"
    } else if a.start <= now_local {
        "atelier-line-now"
    } else {
        "atelier-line"
    };
    Msg::new(id)
        .arg("number", a.number)
        .arg("title", a.title.as_str())
        .arg("date", a.start.date())
        .arg("start", a.start.time())
        .arg("end", a.end.time())
}

/// The references of an atelier, one per line, already rendered in `lang`.
pub(crate) fn reference_lines(refs: &[Reference], lang: Lang) -> String {
    refs.iter()
        .map(|r| {
            let mut line = Msg::new(if r.required {
                "reference-line-required"
            } else {
                "reference-line"
            })
            .arg("title", r.title.as_str())
            .arg(
                "kind",
                Msg::new("reference-kind").arg("kind", r.kind.as_str()),
            )
            .render(lang);
            if let Some(url) = &r.url {
                line.push_str(&format!(" — {url}"));
            }
            if let Some(text) = &r.text {
                for l in text.lines() {
                    line.push_str(&format!("\n    {l}"));
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_naturally() {
        let cases = [
            (Duration::minutes(0), "maintenant", "now"),
            (Duration::seconds(30), "maintenant", "now"),
            (Duration::minutes(1), "dans 1 minute", "in 1 minute"),
            (Duration::minutes(45), "dans 45 minutes", "in 45 minutes"),
            (Duration::hours(1), "dans 1 heure", "in 1 hour"),
            (
                Duration::minutes(150),
                "dans 2 heures et 30 minutes",
                "in 2 hours and 30 minutes",
            ),
            (Duration::days(1), "dans 1 jour", "in 1 day"),
            (
                Duration::hours(76) + Duration::minutes(10),
                "dans 3 jours et 4 heures",
                "in 3 days and 4 hours",
            ),
            (Duration::days(-2), "maintenant", "now"),
        ];
        for (delta, fr, en) in cases {
            assert_eq!(countdown(delta).render(Lang::Fr), fr, "{delta}");
            assert_eq!(countdown(delta).render(Lang::En), en, "{delta}");
        }
    }
}
