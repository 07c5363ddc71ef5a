//! Deliverables as handed in: status, lateness, links. Pure.

use chrono::{DateTime, Duration, Utc};

/// Where a handed-in deliverable stands in the facilitators' review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubmissionStatus {
    /// Handed in, not yet read.
    Received,
    /// Read by a facilitator.
    Reviewed,
    /// Accepted.
    Validated,
    /// To be reworked and handed in again.
    Rework,
}

impl SubmissionStatus {
    /// Every status, in review order.
    pub const ALL: [SubmissionStatus; 4] = [
        SubmissionStatus::Received,
        SubmissionStatus::Reviewed,
        SubmissionStatus::Validated,
        SubmissionStatus::Rework,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Received => "received",
            SubmissionStatus::Reviewed => "reviewed",
            SubmissionStatus::Validated => "validated",
            SubmissionStatus::Rework => "rework",
        }
    }

    /// Parses the stored form, or the words facilitators type (`relu`, `validé`, `à-reprendre`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "received" | "reçu" | "recu" => Some(SubmissionStatus::Received),
            "reviewed" | "relu" | "lu" => Some(SubmissionStatus::Reviewed),
            "validated" | "validé" | "valide" | "validée" | "ok" => {
                Some(SubmissionStatus::Validated)
            }
            "rework" | "à-reprendre" | "a-reprendre" | "àreprendre" | "reprendre" => {
                Some(SubmissionStatus::Rework)
            }
            _ => None,
        }
    }
}

/// Whether `member` still owes an atelier's deliverable: a participant who has not handed it
/// in (`handed_in` holds those who have). The one rule behind chases, summaries and `!relancer`.
pub fn owes_deliverable(
    member: &super::Member,
    handed_in: &std::collections::HashSet<crate::ids::MemberId>,
) -> bool {
    member.role == super::Role::Participant && !handed_in.contains(&member.id)
}

/// Whether a chase may reach `member`: they owe the deliverable and take reminders.
pub fn to_chase(
    member: &super::Member,
    handed_in: &std::collections::HashSet<crate::ids::MemberId>,
) -> bool {
    owes_deliverable(member, handed_in) && member.reminders_enabled
}

/// How late a submission at `at` is for a deadline at `due`; `None` when on time.
pub fn lateness(due: DateTime<Utc>, at: DateTime<Utc>) -> Option<Duration> {
    (at > due).then(|| at - due)
}

/// The http(s) links in a text, in order, without trailing punctuation.
pub fn links_in(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|w| {
            let w = w.trim_start_matches(['(', '<', '«', '"']);
            let w = w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', '»', '"']);
            (w.starts_with("https://") || w.starts_with("http://"))
                .then(|| url::Url::parse(w).ok())
                .flatten()
                .map(|_| w.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_owes_a_deliverable_and_who_is_chased() {
        use crate::domain::{Member, Role};
        use crate::ids::{CohortId, MemberId};
        let member = |id: i64, role: Role, reminders: bool| Member {
            id: MemberId(id),
            cohort: CohortId(1),
            display_name: format!("m{id}"),
            role,
            language: None,
            reminders_enabled: reminders,
            timezone: None,
        };
        let handed: std::collections::HashSet<MemberId> = [MemberId(2)].into();
        // (member, owes, chased)
        let cases = [
            (member(1, Role::Participant, true), true, true),
            (member(2, Role::Participant, true), false, false),
            (member(3, Role::Participant, false), true, false),
            (member(4, Role::Facilitator, true), false, false),
            (member(5, Role::Observer, true), false, false),
        ];
        for (m, owes, chased) in cases {
            assert_eq!(owes_deliverable(&m, &handed), owes, "{m:?}");
            assert_eq!(to_chase(&m, &handed), chased, "{m:?}");
        }
    }

    #[test]
    fn links_are_found_in_prose() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("mon texte sans lien", &[]),
            (
                "voir https://example.org/doc.",
                &["https://example.org/doc"],
            ),
            (
                "(http://a.fr/x), « https://b.fr »",
                &["http://a.fr/x", "https://b.fr"],
            ),
            ("ftp://nope.fr https://", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(links_in(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn statuses_read_as_facilitators_type_them() {
        for (word, status) in [
            ("relu", SubmissionStatus::Reviewed),
            ("validé", SubmissionStatus::Validated),
            ("à-reprendre", SubmissionStatus::Rework),
            ("REWORK", SubmissionStatus::Rework),
            ("received", SubmissionStatus::Received),
        ] {
            assert_eq!(SubmissionStatus::parse(word), Some(status), "{word}");
        }
        assert_eq!(SubmissionStatus::parse("bof"), None);
    }

    #[test]
    fn lateness_is_measured_from_the_deadline() {
        let due: DateTime<Utc> = "2027-02-18T22:59:00Z".parse().unwrap();
        assert_eq!(lateness(due, due), None);
        assert_eq!(lateness(due, due - Duration::hours(1)), None);
        assert_eq!(
            lateness(due, due + Duration::days(2)),
            Some(Duration::days(2))
        );
    }
}
