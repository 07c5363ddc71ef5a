//! TOML → [`Programme`], with every problem located.
//!
//! The file is first parsed into a spanned TOML tree, then each section is read by hand rather
//! than through serde: serde stops at the first error, and a facilitator fixing a file wants to
//! see all of them at once, each pointing at the right line.

use chrono::NaiveDateTime;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::domain::{DeliverableSpec, Lang, Reference, ReferenceKind};
use crate::i18n::Msg;

use super::fields::{self, Fields, Place};
use super::report::Report;
use super::{
    CohortSettings, Problem, Programme, ProgrammeAtelier, parts, reminders, validate, values,
};

const ROOT_KEYS: &[&str] = &[
    "cohort",
    "rule",
    "recurring",
    "atelier",
    "preparation",
    "attendance",
    "evaluation",
    "objective",
    "followup",
];
const COHORT_KEYS: &[&str] = &["name", "title", "timezone", "language", "organisation"];
const ATELIER_KEYS: &[&str] = &[
    "number",
    "title",
    "summary",
    "start",
    "end",
    "place",
    "link",
    "reference",
    "deliverable",
    "session",
    "cancelled",
    "exercise",
];
const REFERENCE_KEYS: &[&str] = &["title", "url", "text", "kind", "required"];
const DELIVERABLE_KEYS: &[&str] = &["title", "instructions", "due", "due_after", "by", "review"];

/// The longest `due_after` a deliverable may have.
const LONGEST_DUE_AFTER_DAYS: i64 = 366;

/// Parses and checks a programme file's text.
///
/// On failure, gives every problem found (a TOML syntax error alone, since nothing after it can
/// be trusted), sorted by position.
pub fn parse(source: &str) -> Result<Programme, Vec<Problem>> {
    let doc = match DeTable::parse(source) {
        Ok(doc) => doc,
        Err(e) => {
            let mut r = Report::new(source);
            let span = e.span().unwrap_or(0..0);
            r.at(
                &span,
                Msg::new("programme-syntax").arg("detail", e.message().trim()),
            );
            return Err(r.into_problems());
        }
    };
    let mut r = Report::new(source);
    let root_value = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    let root = Fields::open(
        &mut r,
        "",
        &root_value,
        Place::Root,
        ROOT_KEYS,
        "programme-type-table",
    );
    let Some(root) = root else {
        return Err(r.into_problems());
    };

    let parts = parts::parts(&mut r, &root);
    let cohort = cohort(&mut r, &root).and_then(|c| Some(CohortSettings { parts: parts?, ..c }));
    let ateliers = ateliers(&mut r, &root);
    let rules = reminders::rules(&mut r, &root);
    let objectives = parts::objectives(&mut r, &root);
    let followup = parts::followup(&mut r, &root);
    let recurring = reminders::recurring(&mut r, &root);

    let assembled = (|| {
        Some(Programme {
            cohort: cohort?,
            ateliers: ateliers?,
            rules: rules?,
            recurring: recurring?,
            objectives: objectives?,
            followup_digest: followup?,
            source: source.to_owned(),
        })
    })();
    match assembled {
        Some(p) if r.count() == 0 => Ok(p),
        _ => {
            // Every reader reports before giving up, so an empty list here would be a bug.
            debug_assert!(
                r.count() > 0,
                "a programme section failed without a problem"
            );
            Err(r.into_problems())
        }
    }
}

fn cohort(r: &mut Report<'_>, root: &Fields<'_, '_>) -> Option<CohortSettings> {
    let value = root.require(r, "cohort")?;
    let f = Fields::open(
        r,
        "cohort",
        value,
        Place::Table("[cohort]"),
        COHORT_KEYS,
        "programme-type-table",
    )?;

    let name = f.required_text(r, "name").and_then(|s| {
        let name = s.get_ref().trim();
        if values::is_cohort_name(name) {
            Some(name.to_owned())
        } else {
            r.at(
                &s.span(),
                Msg::new("programme-bad-cohort-name").arg("value", *s.get_ref()),
            );
            None
        }
    });
    let title = f.required_text(r, "title");
    let organisation = optional(f.has("organisation"), f.non_empty_text(r, "organisation"));

    let timezone = match f.text(r, "timezone") {
        None if f.has("timezone") => None,
        None => Some(chrono_tz::Tz::Europe__Paris),
        Some(s) => match s.get_ref().trim().parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let msg = match values::closest_zone(s.get_ref()) {
                    Some(z) => Msg::new("programme-bad-timezone-suggest").arg("suggestion", z),
                    None => Msg::new("programme-bad-timezone"),
                };
                r.at(&s.span(), msg.arg("value", *s.get_ref()));
                None
            }
        },
    };

    let language = match f.text(r, "language") {
        None if f.has("language") => None,
        None => Some(Lang::default()),
        Some(s) => {
            let lang = Lang::parse(s.get_ref());
            if lang.is_none() {
                r.at(
                    &s.span(),
                    Msg::new("programme-bad-language").arg("value", *s.get_ref()),
                );
            }
            lang
        }
    };

    Some(CohortSettings {
        name: name?,
        title: title?.get_ref().trim().to_owned(),
        timezone: timezone?,
        language: language?,
        parts: crate::domain::Parts::default(),
        organisation: organisation?,
    })
}

/// What the cross-atelier checks need from one atelier, with positions, kept even when the
/// atelier itself is broken so that numbering problems are still reported.
#[derive(Debug)]
pub(super) struct AtelierDraft {
    pub(super) number: Option<Spanned<i64>>,
    pub(super) start: Option<Spanned<NaiveDateTime>>,
    pub(super) end: Option<Spanned<NaiveDateTime>>,
    pub(super) due: Option<Spanned<NaiveDateTime>>,
    built: Option<ProgrammeAtelier>,
}

fn ateliers(r: &mut Report<'_>, root: &Fields<'_, '_>) -> Option<Vec<ProgrammeAtelier>> {
    let Some(value) = root.get("atelier") else {
        r.at(&root.span(), Msg::new("programme-no-atelier"));
        return None;
    };
    let items = fields::array(r, "atelier", value)?;
    if items.is_empty() {
        r.at(&value.span(), Msg::new("programme-no-atelier"));
        return None;
    }
    let drafts: Vec<AtelierDraft> = items.iter().map(|item| atelier(r, item)).collect();
    validate::ateliers(r, &drafts);

    let mut built = drafts
        .into_iter()
        .map(|d| d.built)
        .collect::<Option<Vec<_>>>()?;
    built.sort_by_key(|a| a.number);
    Some(built)
}

fn atelier(r: &mut Report<'_>, value: &fields::Value<'_>) -> AtelierDraft {
    let Some(f) = Fields::open(
        r,
        "atelier",
        value,
        Place::Table("[[atelier]]"),
        ATELIER_KEYS,
        "programme-type-table",
    ) else {
        return AtelierDraft {
            number: None,
            start: None,
            end: None,
            due: None,
            built: None,
        };
    };
    let number = f.required_integer(r, "number");
    let title = f.required_text(r, "title");
    let summary = f.required_text(r, "summary");
    let start = f.datetime(r, "start");
    let end = f.datetime(r, "end");
    let place = f.non_empty_text(r, "place");
    let link = f.url(r, "link");

    let references = match f.get("reference") {
        None => Some(Vec::new()),
        Some(v) => fields::array(r, "reference", v).and_then(|items| {
            let refs: Vec<Option<Reference>> = items.iter().map(|i| reference(r, i)).collect();
            refs.into_iter().collect()
        }),
    };
    let end_at = end.as_ref().map(|e| *e.get_ref());
    let (deliverable, due, due_after_end) = match f.get("deliverable") {
        None => (Some(None), None, None),
        Some(v) => {
            let d = deliverable(r, v, end_at);
            (d.spec.map(Some), d.due, d.due_after_end)
        }
    };
    let cancelled = f.non_empty_text(r, "cancelled");
    let exercise = f.non_empty_text(r, "exercise");

    let bounds = start
        .as_ref()
        .zip(end.as_ref())
        .map(|(s, e)| (*s.get_ref(), *e.get_ref()));
    let sessions = parts::sessions(r, &f, bounds);

    let built = (|| {
        Some(ProgrammeAtelier {
            number: u32::try_from(*number.as_ref()?.get_ref()).ok()?,
            title: title?.get_ref().trim().to_owned(),
            summary: summary?.get_ref().trim().to_owned(),
            start: *start.as_ref()?.get_ref(),
            end: *end.as_ref()?.get_ref(),
            place: optional(f.has("place"), place)?,
            link: optional(f.has("link"), link)?,
            references: references?,
            deliverable: deliverable?,
            sessions: sessions?,
            cancelled: optional(f.has("cancelled"), cancelled)?,
            exercise: optional(f.has("exercise"), exercise)?,
            due_after_end,
        })
    })();
    AtelierDraft {
        number,
        start,
        end,
        due,
        built,
    }
}

/// An optional text key's final value: `Some(None)` when absent, `None` when written but
/// refused (the problem is already reported).
fn optional(present: bool, value: Option<Spanned<&str>>) -> Option<Option<String>> {
    match (present, value) {
        (false, _) => Some(None),
        (true, Some(v)) => Some(Some(v.get_ref().trim().to_owned())),
        (true, None) => None,
    }
}

fn reference(r: &mut Report<'_>, value: &fields::Value<'_>) -> Option<Reference> {
    let f = Fields::open(
        r,
        "reference",
        value,
        Place::Table("[[atelier.reference]]"),
        REFERENCE_KEYS,
        "programme-type-table",
    )?;
    let title = f.required_text(r, "title");
    let url = f.url(r, "url");
    let text = f.non_empty_text(r, "text");
    if !f.has("url") && !f.has("text") {
        r.at(&f.span(), Msg::new("programme-reference-empty"));
    }
    let kind = match f.text(r, "kind") {
        None if f.has("kind") => None,
        None => Some(ReferenceKind::Reading),
        Some(s) => {
            let kind = ReferenceKind::parse(s.get_ref());
            if kind.is_none() {
                r.at(
                    &s.span(),
                    Msg::new("programme-bad-reference-kind").arg("value", *s.get_ref()),
                );
            }
            kind
        }
    };
    let required = match f.boolean(r, "required") {
        None if f.has("required") => None,
        b => Some(b.unwrap_or(false)),
    };
    let url = optional(f.has("url"), url)?;
    let text = optional(f.has("text"), text)?;
    if url.is_none() && text.is_none() {
        return None;
    }
    Some(Reference {
        title: title?.get_ref().trim().to_owned(),
        url,
        text,
        kind: kind?,
        required: required?,
    })
}

/// A deliverable as read: its spec, the written due date (to check against the atelier's
/// end), and the offset from the atelier's end when the file gives `due_after` instead.
struct DeliverableDraft {
    spec: Option<DeliverableSpec>,
    due: Option<Spanned<NaiveDateTime>>,
    due_after_end: Option<chrono::TimeDelta>,
}

fn deliverable(
    r: &mut Report<'_>,
    value: &fields::Value<'_>,
    atelier_end: Option<NaiveDateTime>,
) -> DeliverableDraft {
    let Some(f) = Fields::open(
        r,
        "deliverable",
        value,
        Place::Table("[atelier.deliverable]"),
        DELIVERABLE_KEYS,
        "programme-type-table",
    ) else {
        return DeliverableDraft {
            spec: None,
            due: None,
            due_after_end: None,
        };
    };
    let title = f.required_text(r, "title");
    let instructions = f.required_text(r, "instructions");
    let (due, due_after_end) = if f.has("due_after") {
        if f.has("due") {
            r.at(&f.span(), Msg::new("programme-due-twice"));
        }
        (None, due_after(r, &f))
    } else {
        (f.datetime(r, "due"), None)
    };
    let by_group = match f.text(r, "by") {
        None if f.has("by") => None,
        None => Some(false),
        Some(s) => match crate::text::fold(s.get_ref().trim()).as_str() {
            "group" | "groupe" => Some(true),
            "person" | "personne" => Some(false),
            _ => {
                r.at(
                    &s.span(),
                    Msg::new("programme-bad-deliverable-by").arg("value", *s.get_ref()),
                );
                None
            }
        },
    };
    let review = super::review::review(r, &f);
    let due_at = match (&due, due_after_end) {
        (Some(d), _) => Some(*d.get_ref()),
        (None, Some(offset)) => atelier_end.and_then(|end| end.checked_add_signed(offset)),
        (None, None) => None,
    };
    let spec = (|| {
        Some(DeliverableSpec {
            title: title?.get_ref().trim().to_owned(),
            instructions: instructions?.get_ref().trim().to_owned(),
            due: due_at?,
            by_group: by_group?,
            review: review?,
        })
    })();
    DeliverableDraft {
        spec: if f.has("due") && f.has("due_after") {
            None
        } else {
            spec
        },
        due,
        due_after_end,
    }
}

/// `due_after = "7d"`: a positive duration of at most a year after the atelier's end.
fn due_after(r: &mut Report<'_>, f: &Fields<'_, '_>) -> Option<chrono::TimeDelta> {
    let s = f.text(r, "due_after")?;
    let d = crate::duration::parse_duration(s.get_ref()).filter(|d| {
        *d > chrono::TimeDelta::zero() && *d <= chrono::TimeDelta::days(LONGEST_DUE_AFTER_DAYS)
    });
    if d.is_none() {
        r.at(
            &s.span(),
            Msg::new("programme-bad-duration")
                .arg("key", "due_after")
                .arg("value", *s.get_ref()),
        );
    }
    d
}
