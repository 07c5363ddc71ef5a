//! Polls and co-decisions: pure counting, majority judgment and charts.
//!
//! Nothing here reads a clock or a database: ballots come in as values, results and PNG bytes
//! go out. Storing ballots, closing polls and posting charts belong to the engine.
//!
//! - [`tally`](mod@tally): ordinary polls (one or several choices per voter) and ballot validation;
//! - [`judgment`]: majority judgment (Balinski & Laraki), grades from « Excellent » to
//!   « À rejeter »;
//! - [`chart`]: bar charts and merit profiles as PNG images, text drawn with an embedded font.

mod canvas;
pub mod chart;
pub mod judgment;
pub mod spec;
pub mod tally;

pub use judgment::{GRADES, Gauge, Grade, MjBallot, MjResult, OptionResult, majority_judgment};
pub use spec::{MAX_OPTIONS, check_poll};
pub use tally::{Ballot, BallotError, Tally, check_ballot, tally};
