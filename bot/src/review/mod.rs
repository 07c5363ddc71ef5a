//! Peer review of deliverables, pure: who reviews whose submission. The engine wires it to the
//! deadline of a deliverable that asks for peer review; this module only decides.
//!
//! Each submission gets `per_submission` reviewers (fewer only when there are not enough
//! other authors), nobody reviews their own work, nobody reviews the same submission twice,
//! people from the same small group are avoided when others are available, and the load is
//! balanced: reviewers' numbers of reviews differ by one at most.

#[cfg(test)]
mod tests;

use crate::ids::MemberId;

/// An author who handed in, and their small group for the atelier, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Author {
    /// The author (also a reviewer).
    pub member: MemberId,
    /// Their group, to avoid reviewing one's own group's members.
    pub group: Option<u32>,
}

/// One review to do: `reviewer` reads the submission of `author`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Assignment {
    /// Who reviews.
    pub reviewer: MemberId,
    /// Whose submission.
    pub author: MemberId,
}

/// The reviews to do among `authors`, each submission read by `per_submission` others
/// (capped at the number of other authors). `seed` varies who reads whom; the same seed gives
/// the same assignments.
///
/// Authors are put in a circle, groups interleaved; each round, everyone reads the author a
/// fixed distance away, so everyone reads as many submissions as they are read by, and no two
/// rounds use the same distance (nobody reads the same work twice). Distances that would pair
/// members of a group are used last.
pub fn allocate(authors: &[Author], per_submission: usize, seed: u64) -> Vec<Assignment> {
    let n = authors.len();
    let k = per_submission.min(n.saturating_sub(1));
    if k == 0 {
        return Vec::new();
    }
    let circle = interleaved(authors, seed);
    let same_group = |i: usize, j: usize| {
        let (a, b) = (&authors[circle[i]], &authors[circle[j]]);
        a.group.is_some() && a.group == b.group
    };
    let mut distances: Vec<(usize, usize)> = (1..n)
        .map(|d| ((0..n).filter(|&i| same_group(i, (i + d) % n)).count(), d))
        .collect();
    distances.sort();
    let mut out: Vec<Assignment> = distances
        .iter()
        .take(k)
        .flat_map(|&(_, d)| (0..n).map(move |i| (i, d)))
        .map(|(i, d)| Assignment {
            reviewer: authors[circle[(i + d) % n]].member,
            author: authors[circle[i]].member,
        })
        .collect();
    out.sort();
    out
}

/// The authors' indices in a shuffled order where each group's members are spread out: the
/// first member of every group, then the second of every group, and so on.
fn interleaved(authors: &[Author], seed: u64) -> Vec<usize> {
    let order = shuffled(authors.len(), seed);
    // Per group: how many of it came before, and where the group first appeared, so that
    // every round of the interleaving lists the groups in the same order.
    let mut seen: std::collections::HashMap<u32, (usize, usize)> = std::collections::HashMap::new();
    let mut ranked: Vec<(usize, usize, usize)> = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| match authors[i].group {
            Some(g) => {
                let (count, first) = seen.entry(g).or_insert((0, pos));
                *count += 1;
                (*count - 1, *first, i)
            }
            None => (0, pos, i),
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, _, i)| i).collect()
}

/// `0..n` shuffled by a seed (splitmix64 and Fisher–Yates).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut items: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = usize::try_from(z % (i as u64 + 1)).unwrap_or(0);
        items.swap(i, j);
    }
    items
}
