//! The cohort's pool of resources and skills, pure: kinds as people type them, and when an
//! offer answers a need (same kind, a significant word in common, accents and plurals aside).

use std::collections::BTreeSet;

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    /// A place: a room, a hall, land.
    Place,
    /// Equipment, material.
    Equipment,
    /// A skill, know-how, time.
    Skill,
    /// Money, funding, a grant.
    Funding,
    /// Anything else.
    Other,
}

impl ResourceKind {
    /// Every kind, in display order.
    pub const ALL: [ResourceKind; 5] = [
        ResourceKind::Place,
        ResourceKind::Equipment,
        ResourceKind::Skill,
        ResourceKind::Funding,
        ResourceKind::Other,
    ];

    /// Reads a kind in French or English, accents and case aside.
    pub fn parse(word: &str) -> Option<Self> {
        match crate::text::fold(word.trim()).as_str() {
            "lieu" | "place" | "salle" => Some(ResourceKind::Place),
            "materiel" | "equipment" => Some(ResourceKind::Equipment),
            "competence" | "skill" | "savoir-faire" => Some(ResourceKind::Skill),
            "financement" | "funding" => Some(ResourceKind::Funding),
            "autre" | "other" => Some(ResourceKind::Other),
            _ => None,
        }
    }

    /// The stored form (the French word, without accents).
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Place => "lieu",
            ResourceKind::Equipment => "materiel",
            ResourceKind::Skill => "competence",
            ResourceKind::Funding => "financement",
            ResourceKind::Other => "autre",
        }
    }
}

/// Words too common to say two resources are about the same thing.
const STOP_WORDS: &[&str] = &[
    "les", "des", "une", "pour", "avec", "dans", "sur", "par", "aux", "qui", "que", "est", "sont",
    "nous", "vous", "notre", "votre", "nos", "vos", "ses", "son", "leur", "cherche", "besoin",
    "offre", "propose", "the", "and", "for", "with", "our", "your", "need", "offer",
];

/// The significant words of `text`: folded, singular, at least three letters, no stop word.
pub fn words(text: &str) -> BTreeSet<String> {
    crate::text::comparable(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| {
            let singular = w.strip_suffix(['s', 'x']).unwrap_or(w);
            if singular.chars().count() >= 3 {
                singular.to_owned()
            } else {
                w.to_owned()
            }
        })
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether an offer answers a need: the same kind, and a significant word in common.
pub fn answers(offer: (ResourceKind, &str), need: (ResourceKind, &str)) -> bool {
    offer.0 == need.0 && !words(offer.1).is_disjoint(&words(need.1))
}

/// Whether `text` contains every word of `query` (the search of `!ressources`).
pub fn found(text: &str, query: &str) -> bool {
    let have = words(text);
    let want = words(query);
    want.iter()
        .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResourceKind::*;

    #[test]
    fn an_offer_answers_a_need_of_its_kind_sharing_a_word() {
        for (offer, need, expected) in [
            (
                (Place, "Salle de réunion 30 places"),
                (Place, "Une salle pour 20 personnes"),
                true,
            ),
            ((Place, "Salles de réunion"), (Place, "salle"), true),
            (
                (Equipment, "Vidéoprojecteur"),
                (Equipment, "un VIDEOPROJECTEUR"),
                true,
            ),
            ((Place, "Salle de réunion"), (Equipment, "Salle"), false),
            (
                (Skill, "Comptabilité associative"),
                (Skill, "Aide pour les statuts"),
                false,
            ),
            (
                (Skill, "Je propose des ateliers"),
                (Skill, "Besoin pour des ateliers"),
                true,
            ),
            ((Funding, "pour les"), (Funding, "pour les"), false),
        ] {
            assert_eq!(answers(offer, need), expected, "{offer:?} / {need:?}");
        }
    }

    #[test]
    fn kinds_and_search_read_french_and_english() {
        assert_eq!(ResourceKind::parse("Matériel"), Some(Equipment));
        assert_eq!(ResourceKind::parse("skill"), Some(Skill));
        assert_eq!(ResourceKind::parse("voiture"), None);
        assert!(found("Salle de réunion 30 places, Lyon", "reunion lyon"));
        assert!(found("Vidéoprojecteurs", "vidéo"));
        assert!(!found("Salle de réunion", "jardin"));
        assert!(found("anything", ""));
    }
}
