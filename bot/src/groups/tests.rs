//! Group formation: table cases and properties (everyone once, even sizes, structures and
//! kinds spread).

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

fn candidate(id: i64, structure: Option<&str>, kind: Option<StructureKind>) -> Candidate {
    Candidate {
        member: MemberId(id),
        profile: Profile {
            structure: structure.map(str::to_owned),
            kind,
        },
    }
}

#[test]
fn sizes_and_counts_are_checked() {
    use GroupError::*;
    for (n, sizing, expected) in [
        (0, Sizing::Size(4), Err(Nobody)),
        (10, Sizing::Size(4), Ok(3)),
        (12, Sizing::Size(4), Ok(3)),
        (3, Sizing::Size(4), Ok(1)),
        (10, Sizing::Size(1), Err(BadSizing(1))),
        (10, Sizing::Size(51), Err(BadSizing(51))),
        (10, Sizing::Count(5), Ok(5)),
        (10, Sizing::Count(11), Err(BadSizing(11))),
        (10, Sizing::Count(0), Err(BadSizing(0))),
    ] {
        assert_eq!(group_count(n, sizing), expected, "{n} {sizing:?}");
    }
}

#[test]
fn kinds_are_read_in_french_and_english() {
    for (word, kind) in [
        ("asso", Some(StructureKind::Association)),
        ("Collectivité", Some(StructureKind::LocalAuthority)),
        ("ESS", Some(StructureKind::SocialEconomy)),
        ("other", Some(StructureKind::Other)),
        ("entreprise", None),
    ] {
        assert_eq!(StructureKind::parse(word), kind, "{word}");
    }
}

#[test]
fn three_colleagues_land_in_three_groups_and_the_seed_decides_the_rest() {
    let mut people: Vec<Candidate> = (1..=9).map(|i| candidate(i, None, None)).collect();
    for id in [2, 5, 7] {
        people[id - 1].profile.structure = Some("Mairie de Lyon".into());
    }
    // « mairie de lyon » is the same structure, written differently.
    people[7].profile.structure = Some(" mairie  de LYON".into());
    let a = form(&people, Sizing::Count(3), Mode::Random, 7).unwrap();
    let b = form(&people, Sizing::Count(3), Mode::Random, 7).unwrap();
    assert_eq!(a, b, "same seed, same groups");
    let colleagues = [MemberId(2), MemberId(5), MemberId(7), MemberId(8)];
    let with = |g: &Vec<MemberId>| g.iter().filter(|m| colleagues.contains(m)).count();
    // Four colleagues over three groups: one group must have two, none more.
    assert_eq!(a.iter().map(with).max(), Some(2), "{a:?}");
    assert!(a.iter().all(|g| g.len() == 3));
}

fn arbitrary_people() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec((0..6u8, 0..5u8), 1..60).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (s, k))| {
                let structure = (s > 0).then(|| format!("Structure {s}"));
                // A structure has one kind; people without a structure have any.
                let kind = [
                    None,
                    Some(StructureKind::Association),
                    Some(StructureKind::LocalAuthority),
                    Some(StructureKind::SocialEconomy),
                    Some(StructureKind::Other),
                ][usize::from(if s > 0 { s % 5 } else { k })];
                candidate(i as i64 + 1, structure.as_deref(), kind)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn everyone_is_in_one_group_sizes_are_even_and_structures_spread(
        people in arbitrary_people(),
        count in 1usize..12,
        seed in any::<u64>(),
        balanced in any::<bool>(),
    ) {
        let count = count.min(people.len());
        let mode = if balanced { Mode::Balanced } else { Mode::Random };
        let groups = form(&people, Sizing::Count(count), mode, seed).unwrap();
        prop_assert_eq!(groups.len(), count);
        let mut all: Vec<MemberId> = groups.iter().flatten().copied().collect();
        all.sort_by_key(|m| m.0);
        let mut expected: Vec<MemberId> = people.iter().map(|c| c.member).collect();
        expected.sort_by_key(|m| m.0);
        prop_assert_eq!(all, expected);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);

        let profile: HashMap<MemberId, &Profile> =
            people.iter().map(|c| (c.member, &c.profile)).collect();
        // A structure with no more people than groups never has two in one group.
        let mut per_structure: HashMap<&str, usize> = HashMap::new();
        for c in &people {
            if let Some(s) = &c.profile.structure {
                *per_structure.entry(s).or_default() += 1;
            }
        }
        for g in &groups {
            for (s, total) in &per_structure {
                let here = g.iter().filter(|m| profile[m].structure.as_deref() == Some(s)).count();
                let most = total.div_ceil(count);
                prop_assert!(here <= most, "{} of {} in one group: {:?}", here, s, groups);
            }
        }
        // Balanced: each kind as evenly spread as the numbers allow.
        if balanced {
            let mut per_kind: HashMap<Option<StructureKind>, usize> = HashMap::new();
            for c in &people {
                *per_kind.entry(c.profile.kind).or_default() += 1;
            }
            for g in &groups {
                for (k, total) in &per_kind {
                    let here = g.iter().filter(|m| profile[m].kind == *k).count();
                    prop_assert!(here >= total / count && here <= total.div_ceil(count));
                }
            }
        }
    }
}
