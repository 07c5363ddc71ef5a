use super::*;
use Grade::*;
use proptest::prelude::*;

fn medians(r: &MjResult) -> Vec<Option<Grade>> {
    r.per_option.iter().map(|o| o.median).collect()
}

fn repeat(ballot: &[Grade], times: usize) -> impl Iterator<Item = MjBallot> + '_ {
    std::iter::repeat_n(ballot.to_vec(), times)
}

#[test]
fn grades_compare_by_merit() {
    assert!(Excellent > TresBien && Insuffisant > ARejeter);
    assert_eq!(Grade::ALL.iter().max(), Some(&Excellent));
    assert_eq!(Grade::from_index(6), Some(ARejeter));
    assert_eq!(Grade::from_index(7), None);
}

/// Wikipedia's "Majority judgment" example: where should Tennessee's capital be? Voters live in
/// Memphis (42 %), Nashville (26 %), Chattanooga (15 %) and Knoxville (17 %) and grade each city
/// by its distance from home; its five grades map onto ours as Excellent, Très bien ("very
/// good"), Bien ("good"), Assez bien ("fair") and Insuffisant ("poor").
#[test]
fn tennessee_capital_goes_to_nashville() {
    let ballots: Vec<MjBallot> = repeat(&[Excellent, AssezBien, Insuffisant, Insuffisant], 42)
        .chain(repeat(&[Insuffisant, Excellent, TresBien, Bien], 26))
        .chain(repeat(&[Insuffisant, TresBien, Excellent, Bien], 15))
        .chain(repeat(&[Insuffisant, TresBien, Bien, Excellent], 17))
        .collect();
    let r = majority_judgment(4, &ballots);
    assert_eq!(r.winners, vec![1], "Nashville");
    assert_eq!(
        medians(&r),
        vec![Some(Insuffisant), Some(TresBien), Some(Bien), Some(Bien)]
    );
    // Chattanooga and Knoxville share median and gauge (Bien−, 42 % below); removing median
    // grades then reaches Chattanooga's "très bien" before Knoxville's "excellent" block.
    assert_eq!(r.per_option[2].gauge(), r.per_option[3].gauge());
    assert_eq!(r.ranking, vec![1, 2, 3, 0]);
    assert_eq!(r.per_option[0].profile, [42, 0, 0, 0, 0, 58, 0]);
    assert_eq!(r.voters, 100);
}

#[test]
fn table() {
    struct Case {
        name: &'static str,
        options: usize,
        ballots: Vec<MjBallot>,
        medians: Vec<Option<Grade>>,
        ranking: Vec<usize>,
        winners: Vec<usize>,
    }
    let cases = [
        Case {
            name: "even number of voters: the lower (worse) middle grade",
            options: 1,
            ballots: vec![vec![Excellent], vec![Passable]],
            medians: vec![Some(Passable)],
            ranking: vec![0],
            winners: vec![0],
        },
        Case {
            name: "median+ beats median−",
            options: 2,
            ballots: vec![vec![Bien, Passable], vec![TresBien, Bien], vec![Bien, Bien]],
            medians: vec![Some(Bien), Some(Bien)],
            ranking: vec![0, 1],
            winners: vec![0],
        },
        Case {
            name: "among median+, more voters above wins",
            options: 2,
            ballots: vec![
                vec![Bien, Excellent],
                vec![Bien, Bien],
                vec![Excellent, Bien],
                vec![Excellent, Bien],
                vec![Passable, Bien],
            ],
            medians: vec![Some(Bien), Some(Bien)],
            ranking: vec![0, 1],
            winners: vec![0],
        },
        Case {
            name: "among median−, fewer voters below wins",
            options: 2,
            ballots: vec![
                vec![Bien, Bien],
                vec![ARejeter, Bien],
                vec![Bien, Passable],
                vec![Passable, Bien],
                vec![Bien, Bien],
            ],
            medians: vec![Some(Bien), Some(Bien)],
            ranking: vec![1, 0],
            winners: vec![1],
        },
        Case {
            name: "exact tie: same profile, different voters",
            options: 3,
            ballots: vec![
                vec![Excellent, Passable, Bien],
                vec![Passable, Excellent, Bien],
            ],
            medians: vec![Some(Passable), Some(Passable), Some(Bien)],
            ranking: vec![2, 0, 1],
            winners: vec![2],
        },
        Case {
            name: "exact tie for first place",
            options: 3,
            ballots: vec![vec![Excellent, Bien, Excellent], vec![Bien, Passable, Bien]],
            medians: vec![Some(Bien), Some(Passable), Some(Bien)],
            ranking: vec![0, 2, 1],
            winners: vec![0, 2],
        },
        Case {
            name: "a single voter decides",
            options: 3,
            ballots: vec![vec![Bien, Excellent, Insuffisant]],
            medians: vec![Some(Bien), Some(Excellent), Some(Insuffisant)],
            ranking: vec![1, 0, 2],
            winners: vec![1],
        },
        Case {
            name: "no voters: no median, option order, no winner",
            options: 3,
            ballots: vec![],
            medians: vec![None, None, None],
            ranking: vec![0, 1, 2],
            winners: vec![],
        },
        Case {
            name: "all options graded alike: all tied",
            options: 3,
            ballots: vec![vec![Bien; 3], vec![AssezBien; 3], vec![Excellent; 3]],
            medians: vec![Some(Bien); 3],
            ranking: vec![0, 1, 2],
            winners: vec![0, 1, 2],
        },
        Case {
            name: "a missing grade counts as À rejeter; extra grades are ignored",
            options: 2,
            ballots: vec![vec![Bien], vec![Bien, Passable, Excellent]],
            medians: vec![Some(Bien), Some(ARejeter)],
            ranking: vec![0, 1],
            winners: vec![0],
        },
        Case {
            name: "no options",
            options: 0,
            ballots: vec![vec![Bien]],
            medians: vec![],
            ranking: vec![],
            winners: vec![],
        },
    ];
    for c in cases {
        let r = majority_judgment(c.options, &c.ballots);
        assert_eq!(medians(&r), c.medians, "{}", c.name);
        assert_eq!(r.ranking, c.ranking, "{}", c.name);
        assert_eq!(r.winners, c.winners, "{}", c.name);
    }
}

#[test]
fn gauges() {
    let r = majority_judgment(
        2,
        &[vec![Bien, Passable], vec![TresBien, Bien], vec![Bien, Bien]],
    );
    assert_eq!(r.per_option[0].gauge(), Some(Gauge::Plus(1.0 / 3.0)));
    assert_eq!(r.per_option[1].gauge(), Some(Gauge::Minus(1.0 / 3.0)));
    assert_eq!((r.per_option[0].better, r.per_option[0].worse), (1, 0));
    assert_eq!(majority_judgment(1, &[]).per_option[0].gauge(), None);
    // Unanimity leans nowhere: "−" with nobody below, still above every real "−".
    let alike = majority_judgment(1, &[vec![Bien], vec![Bien]]);
    assert_eq!(alike.per_option[0].gauge(), Some(Gauge::Minus(0.0)));
}

#[test]
fn majority_value_takes_medians_out_one_by_one() {
    // E, TB, B, P: lower median B, then TB (3 left: middle), then P (2 left: lower), then E.
    assert_eq!(
        majority_value(&[1, 1, 1, 0, 1, 0, 0]),
        vec![Bien, TresBien, Passable, Excellent]
    );
    assert!(majority_value(&[0; GRADES]).is_empty());
}

/// The majority value by its definition: remove the lower median, again and again.
fn reference_value(profile: &[u64; GRADES]) -> Vec<Grade> {
    let mut sorted: Vec<Grade> = Grade::ALL
        .iter()
        .zip(profile)
        .flat_map(|(&g, &c)| std::iter::repeat_n(g, c as usize))
        .collect();
    let mut out = Vec::new();
    while !sorted.is_empty() {
        out.push(sorted.remove(sorted.len() / 2));
    }
    out
}

fn grade() -> impl Strategy<Value = Grade> {
    (0..GRADES).prop_map(|i| Grade::ALL[i])
}

/// A number of options and ballots for them, some of them short.
fn election() -> impl Strategy<Value = (usize, Vec<MjBallot>)> {
    (1usize..6).prop_flat_map(|options| {
        (
            Just(options),
            prop::collection::vec(prop::collection::vec(grade(), 0..=options), 0..25),
        )
    })
}

proptest! {
    #[test]
    fn result_does_not_depend_on_ballot_order(
        (options, ballots, shuffled) in election().prop_flat_map(|(o, b)| {
            (Just(o), Just(b.clone()), Just(b).prop_shuffle())
        })
    ) {
        prop_assert_eq!(majority_judgment(options, &ballots), majority_judgment(options, &shuffled));
    }

    /// Raising the winner's grade on one ballot, nothing else changed, never makes it lose; a
    /// real raise makes it the only winner.
    #[test]
    fn raising_a_winner_keeps_it_winning(
        (options, mut ballots) in election(),
        pick_winner in any::<prop::sample::Index>(),
        pick_ballot in any::<prop::sample::Index>(),
    ) {
        let before = majority_judgment(options, &ballots);
        prop_assume!(!before.winners.is_empty());
        let w = *pick_winner.get(&before.winners);
        let ballot = pick_ballot.get_mut(&mut ballots);
        // A missing grade counts as À rejeter, so writing it out changes nothing.
        ballot.resize(ballot.len().max(options), ARejeter);
        let old = ballot[w];
        let raised = Grade::from_index(old.index().saturating_sub(1)).unwrap();
        ballot[w] = raised;
        let after = majority_judgment(options, &ballots);
        prop_assert!(after.winners.contains(&w));
        if raised != old {
            prop_assert_eq!(&after.winners, &vec![w]);
            prop_assert_eq!(after.ranking[0], w);
        }
    }

    #[test]
    fn majority_value_matches_its_definition(profile in prop::array::uniform7(0u64..6)) {
        prop_assert_eq!(majority_value(&profile), reference_value(&profile));
    }

    /// Whenever median and majority gauge decide between two options, the ranking agrees.
    #[test]
    fn ranking_agrees_with_the_majority_gauge((options, ballots) in election()) {
        let r = majority_judgment(options, &ballots);
        let mut position = vec![0; options];
        for (pos, &i) in r.ranking.iter().enumerate() {
            position[i] = pos;
        }
        for a in 0..options {
            for b in 0..options {
                let (ra, rb) = (&r.per_option[a], &r.per_option[b]);
                prop_assert_eq!(ra.voters(), ballots.len() as u64);
                let decided = match (ra.median, rb.median) {
                    (Some(ma), Some(mb)) if ma != mb => ma > mb,
                    (Some(_), Some(_)) => match (ra.gauge().unwrap(), rb.gauge().unwrap()) {
                        (Gauge::Plus(_), Gauge::Minus(_)) => true,
                        (Gauge::Plus(p), Gauge::Plus(q)) if p > q => true,
                        (Gauge::Minus(p), Gauge::Minus(q)) if p < q => true,
                        _ => false,
                    },
                    _ => false,
                };
                if decided {
                    prop_assert!(position[a] < position[b], "{a} should rank above {b}: {r:?}");
                }
            }
        }
    }
}
