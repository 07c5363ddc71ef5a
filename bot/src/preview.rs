//! `compagnon programme preview`: every automated message a programme will produce, as a
//! facilitator reads it before trusting the bot with a cohort.

use chrono::Offset;

use crate::domain::Lang;
use crate::i18n::{Localizer, Msg};
use crate::programme::Programme;
use crate::schedule::{PlannedKind, PlannedMessage, plan};

fn kind_id(kind: PlannedKind) -> &'static str {
    match kind {
        PlannedKind::Rule(kind) => kind.as_str(),
        PlannedKind::Attendance { .. } => "attendance",
        PlannedKind::Evaluation(_) => "evaluation",
        PlannedKind::FollowUp => "followup",
        PlannedKind::Review(_) => "review",
        PlannedKind::Recurring { .. } => "recurring",
    }
}

fn line(programme: &Programme, p: &PlannedMessage, lang: Lang) -> String {
    let l = Localizer::global();
    let tz = programme.cohort.timezone;
    let offset = p.due_utc.with_timezone(&tz).offset().fix();
    let what = match p.kind {
        PlannedKind::Evaluation(step) => Msg::new("preview-what-evaluation")
            .arg("step", step.as_str())
            .arg("number", p.atelier.unwrap_or(0)),
        PlannedKind::Review(step) => Msg::new("preview-what-review")
            .arg("step", step.as_str())
            .arg("number", p.atelier.unwrap_or(0)),
        PlannedKind::Attendance { session } => Msg::new("preview-what-attendance")
            .arg("number", p.atelier.unwrap_or(0))
            .arg("session", session),
        PlannedKind::Recurring { index } => Msg::new("preview-what-recurring").arg(
            "text",
            programme
                .recurring
                .get(index)
                .map(|r| shorten(&r.text, 60))
                .unwrap_or_default(),
        ),
        kind => {
            let number = p.atelier.unwrap_or(0);
            let title = programme
                .ateliers
                .iter()
                .find(|a| a.number == number)
                .map(|a| a.title.clone())
                .unwrap_or_default();
            Msg::new("preview-what")
                .arg("kind", kind_id(kind))
                .arg("number", number)
                .arg("title", title)
        }
    };
    Msg::new("preview-line")
        .arg("when", l.datetime(lang, p.due_local))
        .arg("offset", offset.to_string())
        .arg("what", what)
        .arg(
            "target",
            Msg::new("preview-target").arg("target", p.target.as_str()),
        )
        .render(lang)
}

/// `text` cut to `max` characters at a word boundary, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The preview of `programme` in `lang`: one chronological list, then a count per kind (an
/// empty kind shows as zero, so a programme without rules is visibly so).
pub fn render(programme: &Programme, lang: Lang) -> String {
    let planned = plan(programme);
    let mut out = vec![
        Msg::new("preview-header")
            .arg("title", programme.cohort.title.as_str())
            .arg("timezone", programme.cohort.timezone.name())
            .arg("count", planned.len())
            .render(lang),
        String::new(),
    ];
    if planned.is_empty() {
        out.push(Msg::new("preview-empty").render(lang));
    }
    out.extend(planned.iter().map(|p| line(programme, p, lang)));
    out.push(String::new());
    out.push(Msg::new("preview-summary-header").render(lang));
    for kind in [
        "references",
        "preparation-nudge",
        "questions-digest",
        "atelier-reminder",
        "attendance",
        "evaluation",
        "followup",
        "deadline-chase",
        "deadline-summary",
        "recurring",
    ] {
        let n = planned.iter().filter(|p| kind_id(p.kind) == kind).count();
        out.push(
            Msg::new("preview-summary-line")
                .arg("kind", kind)
                .arg("count", n)
                .render(lang),
        );
    }
    out.join("\n")
}
