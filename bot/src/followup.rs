//! The facilitators' follow-up: where each participant stands (preparation, attendance,
//! deliverables, evaluations, open questions) and who needs attention first. Pure: the store
//! gathers the [`Facts`], this module weighs and orders them.

use crate::ids::MemberId;

/// What is known of one participant's path so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Who.
    pub member: MemberId,
    /// Their name.
    pub name: String,
    /// Check-ins asked so far (ateliers whose references went out) answered "ready".
    pub ready: u32,
    /// … answered "not yet".
    pub not_yet: u32,
    /// … not answered.
    pub silent: u32,
    /// Sessions whose window closed: present.
    pub present: u32,
    /// … absent.
    pub absent: u32,
    /// … excused.
    pub excused: u32,
    /// … nothing recorded.
    pub unconfirmed: u32,
    /// Deliverables handed in on time.
    pub on_time: u32,
    /// … late.
    pub late: u32,
    /// Deliverables past their deadline and not handed in.
    pub missing: u32,
    /// Latest versions not read by a facilitator yet.
    pub to_review: u32,
    /// Evaluations answered and opened, when they are named (`None`: anonymous, so unknowable).
    pub evaluations: Option<(u32, u32)>,
    /// Preparation questions not answered yet.
    pub open_questions: u32,
}

impl Facts {
    /// How much this person needs a facilitator's attention: a missing deliverable weighs most,
    /// then absences, then silence before an atelier, late work and open questions.
    pub fn attention(&self) -> u32 {
        self.missing
            .saturating_mul(3)
            .saturating_add(
                self.absent
                    .saturating_add(self.unconfirmed)
                    .saturating_mul(2),
            )
            .saturating_add(self.silent)
            .saturating_add(self.not_yet)
            .saturating_add(self.late)
            .saturating_add(self.open_questions)
    }
}

/// Orders participants by attention needed, most first, then by name.
pub fn by_attention(facts: &mut [Facts]) {
    facts.sort_by(|a, b| {
        b.attention()
            .cmp(&a.attention())
            .then_with(|| crate::text::comparable(&a.name).cmp(&crate::text::comparable(&b.name)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Facts {
        Facts {
            name: name.into(),
            ..Facts::default()
        }
    }

    #[test]
    fn who_needs_attention_comes_first() {
        let mut people = vec![
            Facts {
                ready: 3,
                present: 4,
                on_time: 2,
                ..named("Ana")
            },
            Facts {
                missing: 1,
                ..named("Bruno")
            },
            Facts {
                absent: 1,
                unconfirmed: 1,
                ..named("Dora")
            },
            Facts {
                silent: 2,
                open_questions: 1,
                ..named("Camille")
            },
            named("Élodie"),
        ];
        by_attention(&mut people);
        let order: Vec<(&str, u32)> = people
            .iter()
            .map(|f| (f.name.as_str(), f.attention()))
            .collect();
        assert_eq!(
            order,
            [
                ("Dora", 4),
                ("Bruno", 3),
                ("Camille", 3),
                ("Ana", 0),
                ("Élodie", 0)
            ]
        );
    }

    #[test]
    fn attention_saturates_instead_of_overflowing() {
        let f = Facts {
            missing: u32::MAX,
            absent: u32::MAX,
            ..Facts::default()
        };
        assert_eq!(f.attention(), u32::MAX);
    }
}
