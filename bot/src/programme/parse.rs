//! TOML → [`Programme`], with every problem located.

use std::path::Path;

use super::{Problem, Programme};

/// Parses and checks a programme file's text.
pub fn parse(_source: &str) -> Result<Programme, Vec<Problem>> {
    unimplemented!("programme helper")
}

/// Reads and parses a programme file.
pub fn parse_file(path: &Path) -> std::io::Result<Result<Programme, Vec<Problem>>> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text))
}
