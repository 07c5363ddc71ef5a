//! Majority judgment (Balinski & Laraki): every voter grades every option, the option with the
//! best majority grade wins, and ties are broken by the majority gauge, then by removing median
//! grades one at a time.

use std::cmp::Ordering;

use crate::i18n::Msg;

/// How many grades the scale has.
pub const GRADES: usize = 7;

/// A grade, from best to worst. Comparisons follow merit: `Grade::Excellent > Grade::Bien`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// « Excellent ».
    Excellent,
    /// « Très bien ».
    TresBien,
    /// « Bien ».
    Bien,
    /// « Assez bien ».
    AssezBien,
    /// « Passable ».
    Passable,
    /// « Insuffisant ».
    Insuffisant,
    /// « À rejeter »; also what a missing grade counts as.
    ARejeter,
}

impl Grade {
    /// Every grade, best first: the order of [`OptionResult::profile`] and of chart legends.
    pub const ALL: [Grade; GRADES] = [
        Grade::Excellent,
        Grade::TresBien,
        Grade::Bien,
        Grade::AssezBien,
        Grade::Passable,
        Grade::Insuffisant,
        Grade::ARejeter,
    ];

    /// The grade's rank on the scale: 0 for the best, 6 for the worst.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The grade of rank `index` (0 is the best), if there is one.
    pub fn from_index(index: usize) -> Option<Grade> {
        Grade::ALL.get(index).copied()
    }

    /// The Fluent id of the grade's name.
    pub fn msg_id(self) -> &'static str {
        match self {
            Grade::Excellent => "poll-grade-excellent",
            Grade::TresBien => "poll-grade-tres-bien",
            Grade::Bien => "poll-grade-bien",
            Grade::AssezBien => "poll-grade-assez-bien",
            Grade::Passable => "poll-grade-passable",
            Grade::Insuffisant => "poll-grade-insuffisant",
            Grade::ARejeter => "poll-grade-a-rejeter",
        }
    }

    /// The grade's name, to render in the reader's language.
    pub fn to_msg(self) -> Msg {
        Msg::new(self.msg_id())
    }
}

impl PartialOrd for Grade {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Grade {
    fn cmp(&self, other: &Self) -> Ordering {
        // A lower rank is a better grade, and "better" should read as "greater".
        other.index().cmp(&self.index())
    }
}

/// One voter's grades, one per option in option order.
///
/// A ballot shorter than the number of options leaves the last options ungraded, and an
/// ungraded option counts as [`Grade::ARejeter`]: an option a voter did not support is not
/// supported, and every option must have the same number of grades for medians to be comparable.
/// Grades beyond the number of options are ignored.
pub type MjBallot = Vec<Grade>;

/// Where the grades not equal to the majority grade lean, per Balinski & Laraki's majority
/// gauge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gauge {
    /// More voters graded strictly above the median than strictly below: "median+", with the
    /// share above (0 to 1). Among options with the same median, a "+" beats any "−", and a
    /// larger share beats a smaller one.
    Plus(f64),
    /// As many or more voters graded strictly below the median: "median−", with the share below
    /// (0 to 1). Among "−" options with the same median, a smaller share wins.
    Minus(f64),
}

/// The result of one option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionResult {
    /// The majority grade: the lower median of the option's grades, `None` when nobody voted.
    pub median: Option<Grade>,
    /// The merit profile: how many voters gave each grade, best grade first (see [`Grade::ALL`]).
    pub profile: [u64; GRADES],
    /// How many voters graded the option strictly above its median.
    pub better: u64,
    /// How many voters graded the option strictly below its median.
    pub worse: u64,
}

impl OptionResult {
    fn from_profile(profile: [u64; GRADES]) -> Self {
        let voters: u64 = profile.iter().sum();
        let Some(median) = nth_best(&profile, voters / 2) else {
            return OptionResult {
                median: None,
                profile,
                better: 0,
                worse: 0,
            };
        };
        let m = median.index();
        OptionResult {
            median: Some(median),
            profile,
            better: profile[..m].iter().sum(),
            worse: profile[m + 1..].iter().sum(),
        }
    }

    /// How many voters graded the option.
    pub fn voters(&self) -> u64 {
        self.profile.iter().sum()
    }

    /// The share of voters who gave each grade (0 to 1), best grade first; all 0 with no voters.
    pub fn shares(&self) -> [f64; GRADES] {
        let voters = self.voters();
        self.profile.map(|c| {
            if voters == 0 {
                0.0
            } else {
                c as f64 / voters as f64
            }
        })
    }

    /// The majority gauge, `None` when nobody voted.
    pub fn gauge(&self) -> Option<Gauge> {
        self.median?;
        let voters = self.voters() as f64;
        Some(if self.better > self.worse {
            Gauge::Plus(self.better as f64 / voters)
        } else {
            Gauge::Minus(self.worse as f64 / voters)
        })
    }
}

/// The outcome of a majority judgment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MjResult {
    /// Every option, best first. Exactly tied options keep their option order.
    pub ranking: Vec<usize>,
    /// Each option's result, by option index.
    pub per_option: Vec<OptionResult>,
    /// The best options, in option order: one, or several on an exact tie. Empty when nobody
    /// voted, because declaring every option a winner of an empty vote would mislead.
    pub winners: Vec<usize>,
    /// How many ballots were counted.
    pub voters: u64,
}

/// Runs a majority judgment of `options` options over `ballots`.
///
/// The majority grade of an option is the lower median of its grades (with an even number of
/// voters, the worse of the two middle grades), so that a majority of voters always grades the
/// option at least that well. Options are ranked by their *majority value*: the sequence of
/// medians obtained by repeatedly taking the median grade out, compared lexicographically. It
/// agrees with the majority-gauge rule whenever the gauge decides, and breaks the rarer ties
/// the gauge leaves exactly as the "remove one median grade from each tied option and repeat"
/// rule does. Two options tie exactly only when their merit profiles are identical.
///
/// With no voters every median is `None`, the ranking is the option order and nobody wins;
/// with one voter, that voter's grades decide.
pub fn majority_judgment(options: usize, ballots: &[MjBallot]) -> MjResult {
    let mut profiles = vec![[0u64; GRADES]; options];
    for ballot in ballots {
        for (i, profile) in profiles.iter_mut().enumerate() {
            let grade = ballot.get(i).copied().unwrap_or(Grade::ARejeter);
            profile[grade.index()] += 1;
        }
    }
    let per_option: Vec<OptionResult> = profiles
        .into_iter()
        .map(OptionResult::from_profile)
        .collect();
    let values: Vec<Vec<Grade>> = per_option
        .iter()
        .map(|r| majority_value(&r.profile))
        .collect();
    let mut ranking: Vec<usize> = (0..options).collect();
    // A stable sort keeps exactly tied options in option order.
    ranking.sort_by(|&a, &b| values[b].cmp(&values[a]));
    let voters = ballots.len() as u64;
    let winners = match ranking.first() {
        Some(&best) if voters > 0 => {
            let mut w: Vec<usize> = ranking
                .iter()
                .copied()
                .take_while(|&i| values[i] == values[best])
                .collect();
            w.sort_unstable();
            w
        }
        _ => Vec::new(),
    };
    MjResult {
        ranking,
        per_option,
        winners,
        voters,
    }
}

/// The `n`-th best grade (from 0) of a profile, if there are more than `n` grades.
fn nth_best(profile: &[u64; GRADES], n: u64) -> Option<Grade> {
    let mut seen = 0;
    for (grade, &count) in Grade::ALL.iter().zip(profile) {
        seen += count;
        if n < seen {
            return Some(*grade);
        }
    }
    None
}

/// The majority value of a merit profile: its lower median, then the lower median of what is
/// left once that grade is taken out, and so on until no grade is left.
///
/// Taking the lower median out of a sorted list always leaves the next one at the edge of the
/// part above or below it, alternately, so the sequence is read straight off the sorted grades
/// instead of removing elements one by one.
pub fn majority_value(profile: &[u64; GRADES]) -> Vec<Grade> {
    let sorted: Vec<Grade> = Grade::ALL
        .iter()
        .zip(profile)
        .flat_map(|(&g, &c)| std::iter::repeat_n(g, c as usize))
        .collect();
    let n = sorted.len();
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    // Best grade first: the lower median of n grades is at n / 2.
    let m = n / 2;
    out.push(sorted[m]);
    // The grades left are sorted[..above] and sorted[below..].
    let (mut above, mut below) = (m, m + 1);
    while above > 0 || below < n {
        // With as many grades above as below, the lower median is the first one below;
        // with one more above, it is the last one above.
        if above > n - below {
            above -= 1;
            out.push(sorted[above]);
        } else {
            out.push(sorted[below]);
            below += 1;
        }
    }
    out
}

#[cfg(test)]
#[path = "judgment_tests.rs"]
mod tests;
