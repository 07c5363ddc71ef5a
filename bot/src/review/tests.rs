//! Peer-review allocation: properties over random cohorts (no self-review, no double review,
//! the number of reviewers asked, balanced load, groups avoided when possible).

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::*;

fn authors(groups: &[Option<u32>]) -> Vec<Author> {
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| Author {
            member: MemberId(i as i64 + 1),
            group: *g,
        })
        .collect()
}

#[test]
fn small_cases() {
    assert!(allocate(&authors(&[]), 2, 1).is_empty());
    assert!(
        allocate(&authors(&[None]), 2, 1).is_empty(),
        "alone: nobody to read"
    );
    let two = allocate(&authors(&[None, None]), 3, 1);
    assert_eq!(
        two,
        [
            Assignment {
                reviewer: MemberId(1),
                author: MemberId(2)
            },
            Assignment {
                reviewer: MemberId(2),
                author: MemberId(1)
            },
        ]
    );
    assert_eq!(
        allocate(&authors(&[None; 6]), 2, 9),
        allocate(&authors(&[None; 6]), 2, 9)
    );
}

#[test]
fn a_group_reads_other_groups_when_there_are_enough() {
    // Two groups of three, one review each: everyone reads someone of the other group.
    let people = authors(&[Some(1), Some(1), Some(1), Some(2), Some(2), Some(2)]);
    for seed in 0..50 {
        for a in allocate(&people, 1, seed) {
            let group = |m: MemberId| people.iter().find(|p| p.member == m).unwrap().group;
            assert_ne!(group(a.reviewer), group(a.author), "seed {seed}: {a:?}");
        }
    }
}

proptest! {
    #[test]
    fn allocations_keep_every_promise(
        groups in prop::collection::vec(prop::option::of(1u32..4), 0..40),
        per in 1usize..5,
        seed in any::<u64>(),
    ) {
        let people = authors(&groups);
        let done = allocate(&people, per, seed);
        let k = per.min(people.len().saturating_sub(1));
        let mut reviewers_of: HashMap<MemberId, HashSet<MemberId>> = HashMap::new();
        let mut load: HashMap<MemberId, usize> = HashMap::new();
        for a in &done {
            prop_assert_ne!(a.reviewer, a.author, "no self-review");
            prop_assert!(reviewers_of.entry(a.author).or_default().insert(a.reviewer), "no double review");
            *load.entry(a.reviewer).or_default() += 1;
        }
        for p in &people {
            prop_assert_eq!(reviewers_of.get(&p.member).map_or(0, HashSet::len), k);
        }
        if k > 0 {
            let loads: Vec<usize> = people.iter().map(|p| load.get(&p.member).copied().unwrap_or(0)).collect();
            prop_assert!(loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1, "{:?}", loads);
        }
    }
}
