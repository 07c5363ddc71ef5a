//! Reading a programme file from disk: the I/O beside the pure `programme` module.

use std::path::Path;

use crate::programme::{Problem, Programme, parse};

/// Reads and parses a programme file: `Err` when it cannot be read, `Ok(Err(problems))` when
/// it does not describe a valid cycle.
pub fn read_programme(path: &Path) -> std::io::Result<Result<Programme, Vec<Problem>>> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text))
}
