//! Small groups for an exercise, pure: who is in which group, from the members' profiles and a
//! seed. No store, no clock: the engine draws the seed and keeps the result.
//!
//! Members of the same structure are spread over different groups whenever there are enough
//! groups for it; in balanced mode the kinds of structure (association, local authority, ESS,
//! other) are spread evenly too. Group sizes differ by one at most.

#[cfg(test)]
mod tests;

use crate::ids::MemberId;

/// What kind of structure a member comes from (`!profil … type …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StructureKind {
    /// An association.
    Association,
    /// A local authority (collectivité).
    LocalAuthority,
    /// A business of the social and solidarity economy.
    SocialEconomy,
    /// Anything else.
    Other,
}

impl StructureKind {
    /// Reads a kind as people type it, in French or English, accents and case aside.
    pub fn parse(word: &str) -> Option<Self> {
        match crate::text::fold(word.trim()).as_str() {
            "asso" | "association" => Some(StructureKind::Association),
            "collectivite" | "collectivite-territoriale" | "local-authority" | "council" => {
                Some(StructureKind::LocalAuthority)
            }
            "ess" | "sse" | "social-economy" => Some(StructureKind::SocialEconomy),
            "autre" | "other" => Some(StructureKind::Other),
            _ => None,
        }
    }

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            StructureKind::Association => "asso",
            StructureKind::LocalAuthority => "collectivite",
            StructureKind::SocialEconomy => "ess",
            StructureKind::Other => "autre",
        }
    }
}

/// Where a member comes from, as they said it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Their structure's name.
    pub structure: Option<String>,
    /// Its kind.
    pub kind: Option<StructureKind>,
}

/// Someone to put in a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The member.
    pub member: MemberId,
    /// Their profile.
    pub profile: Profile,
}

/// How many groups: of about this size, or exactly this many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sizing {
    /// Groups of about this many people.
    Size(usize),
    /// Exactly this many groups.
    Count(usize),
}

/// How members are ordered before they are dealt into groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Kinds of structure spread evenly over the groups.
    Balanced,
    /// At random (structures still spread).
    Random,
}

/// Why no groups can be formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    /// Nobody to put in groups.
    #[error("nobody to put in groups")]
    Nobody,
    /// A size or count outside what the cohort allows.
    #[error("a size or count of {0} does not fit")]
    BadSizing(usize),
}

/// The most groups an atelier may have, and the largest group.
pub const MAX_GROUPS: usize = 50;

/// How many groups `n` people make with `sizing`.
pub fn group_count(n: usize, sizing: Sizing) -> Result<usize, GroupError> {
    if n == 0 {
        return Err(GroupError::Nobody);
    }
    let g = match sizing {
        Sizing::Size(s) if (2..=MAX_GROUPS).contains(&s) => n.div_ceil(s),
        Sizing::Count(c) if (1..=MAX_GROUPS).contains(&c) && c <= n => c,
        Sizing::Size(x) | Sizing::Count(x) => return Err(GroupError::BadSizing(x)),
    };
    Ok(g.clamp(1, MAX_GROUPS))
}

/// Deals `candidates` into groups: group `i` of the result is group number `i + 1`.
pub fn form(
    candidates: &[Candidate],
    sizing: Sizing,
    mode: Mode,
    seed: u64,
) -> Result<Vec<Vec<MemberId>>, GroupError> {
    let g = group_count(candidates.len(), sizing)?;
    let mut shuffled: Vec<&Candidate> = candidates.iter().collect();
    shuffle(&mut shuffled, seed);
    // People of one structure, together, so that dealing spreads them over the groups.
    let mut clusters: Vec<Vec<&Candidate>> = Vec::new();
    for c in shuffled {
        let key = c.profile.structure.as_deref().map(crate::text::comparable);
        match clusters.iter_mut().find(|cl| {
            key.is_some()
                && cl[0]
                    .profile
                    .structure
                    .as_deref()
                    .map(crate::text::comparable)
                    == key
        }) {
            Some(cluster) => cluster.push(c),
            None => clusters.push(vec![c]),
        }
    }
    // Stable: equal keys keep the random order.
    match mode {
        Mode::Balanced => {
            clusters.sort_by_key(|cl| (cl[0].profile.kind, std::cmp::Reverse(cl.len())))
        }
        Mode::Random => clusters.sort_by_key(|cl| std::cmp::Reverse(cl.len())),
    }
    let mut groups = vec![Vec::new(); g];
    for (i, c) in clusters.iter().flatten().enumerate() {
        groups[i % g].push(c.member);
    }
    Ok(groups)
}

/// Fisher–Yates with splitmix64: the same seed gives the same order.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let j = usize::try_from(next() % (i as u64 + 1)).unwrap_or(0);
        items.swap(i, j);
    }
}
