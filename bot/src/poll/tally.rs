//! Ordinary polls: each voter picks one option, or several when the poll allows it.

use crate::i18n::Msg;

/// One voter's choices: indexes of the chosen options, starting at 0.
///
/// Ballots are meant to come out of [`check_ballot`], so they are sorted, without repeats and in
/// range; [`tally`] still copes with any other input.
pub type Ballot = Vec<usize>;

/// The counted result of an ordinary poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// How many voters chose each option, by option index.
    pub counts: Vec<u64>,
    /// How many ballots chose at least one existing option.
    pub voters: u64,
    /// The options with the highest count, in option order: several on a tie, none when nobody
    /// voted.
    pub winners: Vec<usize>,
}

impl Tally {
    /// Each option's share of the voters, in percent (0 to 100), by option index.
    ///
    /// Shares are of voters, not of choices: on a multiple-choice poll they may add up to more
    /// than 100, and "60 %" still reads as "six voters in ten chose it". With no voters every
    /// share is 0.
    pub fn percentages(&self) -> Vec<f64> {
        self.counts
            .iter()
            .map(|&c| {
                if self.voters == 0 {
                    0.0
                } else {
                    c as f64 * 100.0 / self.voters as f64
                }
            })
            .collect()
    }

    /// [`Tally::percentages`] rounded to whole numbers, as charts and messages show them.
    pub fn rounded_percentages(&self) -> Vec<u64> {
        self.percentages()
            .into_iter()
            .map(|p| p.round() as u64)
            .collect()
    }
}

/// Counts `ballots` for a poll of `options` options.
///
/// A choice outside `0..options` is ignored and a repeated choice counts once, so a stray
/// ballot can never inflate a count; a ballot left with no valid choice is not counted as a
/// voter.
pub fn tally(options: usize, ballots: &[Ballot]) -> Tally {
    let mut counts = vec![0u64; options];
    let mut voters = 0;
    let mut seen = vec![false; options];
    for ballot in ballots {
        seen.iter_mut().for_each(|s| *s = false);
        let mut counted = false;
        for &choice in ballot {
            if choice < options && !seen[choice] {
                seen[choice] = true;
                counts[choice] += 1;
                counted = true;
            }
        }
        voters += u64::from(counted);
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    let winners = if best == 0 {
        Vec::new()
    } else {
        (0..options).filter(|&i| counts[i] == best).collect()
    };
    Tally {
        counts,
        voters,
        winners,
    }
}

/// Why a ballot was refused. Option numbers in the variants are indexes (from 0); the
/// messages of [`BallotError::to_msg`] show them from 1, as voters number them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    /// No option chosen.
    #[error("no option chosen")]
    Empty,
    /// A chosen option does not exist.
    #[error("option index {index} out of range (the poll has {options} options)")]
    OutOfRange {
        /// The offending index (from 0).
        index: usize,
        /// How many options the poll has.
        options: usize,
    },
    /// Several options on a single-choice poll.
    #[error("{chosen} options chosen on a single-choice poll")]
    SingleChoice {
        /// How many distinct options were chosen.
        chosen: usize,
    },
    /// More options than the poll allows.
    #[error("{chosen} options chosen, at most {max} allowed")]
    TooMany {
        /// How many distinct options were chosen.
        chosen: usize,
        /// The poll's limit.
        max: usize,
    },
}

impl BallotError {
    /// The explanation a voter reads.
    pub fn to_msg(&self) -> Msg {
        match *self {
            BallotError::Empty => Msg::new("poll-ballot-empty"),
            BallotError::OutOfRange { index, options } => Msg::new("poll-ballot-out-of-range")
                .arg("choice", index + 1)
                .arg("options", options),
            BallotError::SingleChoice { chosen } => {
                Msg::new("poll-ballot-single-choice").arg("chosen", chosen)
            }
            BallotError::TooMany { chosen, max } => Msg::new("poll-ballot-too-many")
                .arg("chosen", chosen)
                .arg("max", max),
        }
    }
}

/// Checks a voter's `choices` (option indexes, from 0) against a poll of `options` options
/// that accepts several choices when `multiple`, at most `max` of them if given.
///
/// Returns the choices sorted, each once: someone who types the same number twice meant it
/// once, so duplicates are merged rather than refused, and limits apply to distinct options.
/// `max` is ignored on a single-choice poll; checking that it is at least 1 belongs to whoever
/// creates the poll.
pub fn check_ballot(
    choices: &[usize],
    options: usize,
    multiple: bool,
    max: Option<usize>,
) -> Result<Vec<usize>, BallotError> {
    if choices.is_empty() {
        return Err(BallotError::Empty);
    }
    if let Some(&index) = choices.iter().find(|&&c| c >= options) {
        return Err(BallotError::OutOfRange { index, options });
    }
    let mut chosen = choices.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    let n = chosen.len();
    if !multiple && n > 1 {
        return Err(BallotError::SingleChoice { chosen: n });
    }
    if let Some(max) = max.filter(|_| multiple)
        && n > max
    {
        return Err(BallotError::TooMany { chosen: n, max });
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tallies() {
        struct Case {
            name: &'static str,
            options: usize,
            ballots: Vec<Ballot>,
            counts: Vec<u64>,
            voters: u64,
            winners: Vec<usize>,
        }
        let cases = [
            Case {
                name: "clear winner",
                options: 3,
                ballots: vec![vec![0], vec![1], vec![1], vec![2], vec![1]],
                counts: vec![1, 3, 1],
                voters: 5,
                winners: vec![1],
            },
            Case {
                name: "tie",
                options: 3,
                ballots: vec![vec![0], vec![2], vec![2], vec![0]],
                counts: vec![2, 0, 2],
                voters: 4,
                winners: vec![0, 2],
            },
            Case {
                name: "single voter",
                options: 2,
                ballots: vec![vec![1]],
                counts: vec![0, 1],
                voters: 1,
                winners: vec![1],
            },
            Case {
                name: "no voters",
                options: 3,
                ballots: vec![],
                counts: vec![0, 0, 0],
                voters: 0,
                winners: vec![],
            },
            Case {
                name: "multiple choice",
                options: 4,
                ballots: vec![vec![0, 1], vec![1, 3], vec![0, 1, 2]],
                counts: vec![2, 3, 1, 1],
                voters: 3,
                winners: vec![1],
            },
            Case {
                name: "stray input: repeats count once, unknown options and empty ballots ignored",
                options: 2,
                ballots: vec![vec![0, 0, 0], vec![7], vec![], vec![1, 9]],
                counts: vec![1, 1],
                voters: 2,
                winners: vec![0, 1],
            },
            Case {
                name: "no options",
                options: 0,
                ballots: vec![vec![0]],
                counts: vec![],
                voters: 0,
                winners: vec![],
            },
        ];
        for c in cases {
            let t = tally(c.options, &c.ballots);
            assert_eq!(t.counts, c.counts, "{}", c.name);
            assert_eq!(t.voters, c.voters, "{}", c.name);
            assert_eq!(t.winners, c.winners, "{}", c.name);
        }
    }

    #[test]
    fn percentages_are_shares_of_voters() {
        let t = tally(3, &[vec![0, 1], vec![1], vec![1, 2]]);
        assert_eq!(t.rounded_percentages(), vec![33, 100, 33]);
        assert_eq!(tally(2, &[]).percentages(), vec![0.0, 0.0]);
    }

    #[test]
    fn ballot_checks() {
        use BallotError::*;
        // (choices, options, multiple, max, expected)
        type Case = (
            &'static [usize],
            usize,
            bool,
            Option<usize>,
            Result<Vec<usize>, BallotError>,
        );
        let cases: [Case; 9] = [
            (&[1], 3, false, None, Ok(vec![1])),
            (&[], 3, false, None, Err(Empty)),
            (
                &[3],
                3,
                false,
                None,
                Err(OutOfRange {
                    index: 3,
                    options: 3,
                }),
            ),
            (&[0, 2], 3, false, None, Err(SingleChoice { chosen: 2 })),
            (&[1, 1], 3, false, None, Ok(vec![1])),
            (&[2, 0, 2], 3, true, None, Ok(vec![0, 2])),
            (
                &[2, 0, 1],
                3,
                true,
                Some(2),
                Err(TooMany { chosen: 3, max: 2 }),
            ),
            (&[2, 0, 2], 3, true, Some(2), Ok(vec![0, 2])),
            (&[0, 1], 3, false, Some(5), Err(SingleChoice { chosen: 2 })),
        ];
        for (choices, options, multiple, max, expected) in cases {
            assert_eq!(
                check_ballot(choices, options, multiple, max),
                expected,
                "{choices:?} of {options}, multiple {multiple}, max {max:?}"
            );
        }
    }

    #[test]
    fn errors_show_option_numbers_from_one() {
        let msg = BallotError::OutOfRange {
            index: 4,
            options: 3,
        }
        .to_msg();
        let fr = msg.render(crate::domain::Lang::Fr);
        assert!(fr.contains('5') && fr.contains('3'), "{fr}");
        for e in [
            BallotError::Empty,
            BallotError::SingleChoice { chosen: 2 },
            BallotError::TooMany { chosen: 3, max: 2 },
        ] {
            for lang in crate::domain::Lang::ALL {
                assert!(!e.to_msg().render(lang).starts_with('['), "{e:?} {lang}");
            }
        }
    }

    proptest! {
        /// Every accepted choice is counted exactly once.
        #[test]
        fn counts_add_up_to_the_choices(
            options in 1usize..8,
            raw in prop::collection::vec(prop::collection::vec(0usize..8, 0..6), 0..40),
        ) {
            let ballots: Vec<Ballot> = raw
                .iter()
                .filter_map(|b| check_ballot(b, options, true, None).ok())
                .collect();
            let t = tally(options, &ballots);
            let choices: usize = ballots.iter().map(Vec::len).sum();
            prop_assert_eq!(t.counts.iter().sum::<u64>(), choices as u64);
            prop_assert_eq!(t.voters, ballots.len() as u64);
        }

        /// Shuffling the ballots changes nothing.
        #[test]
        fn tally_ignores_ballot_order(
            ballots in prop::collection::vec(prop::collection::vec(0usize..5, 1..3), 0..30)
                .prop_flat_map(|b| (Just(b.clone()), Just(b).prop_shuffle())),
        ) {
            prop_assert_eq!(tally(5, &ballots.0), tally(5, &ballots.1));
        }
    }
}
