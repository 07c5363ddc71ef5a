//! Pure text helpers: Discord's length limits and nonces.

use sha2::{Digest, Sha256};

/// Discord refuses message contents longer than this.
pub const MAX_CONTENT: usize = 2000;

/// Splits a body into contents Discord accepts, cutting at line ends when possible so that a
/// long programme stays readable. An empty body gives no part.
pub fn split_message(body: &str, max: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in body.split_inclusive('\n') {
        if current.chars().count() + line.chars().count() > max && !current.is_empty() {
            parts.push(std::mem::take(&mut current).trim_end().to_owned());
        }
        if line.chars().count() > max {
            // A single line too long for one message: cut it at character boundaries.
            let chars: Vec<char> = line.chars().collect();
            for chunk in chars.chunks(max) {
                parts.push(chunk.iter().collect());
            }
            continue;
        }
        current.push_str(line);
    }
    let rest = current.trim_end();
    if !rest.is_empty() {
        parts.push(rest.to_owned());
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// Cuts `s` to at most `max` characters, ending with `…` when cut (Discord limits names,
/// descriptions and labels).
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The nonce for part `part` of the outbox message `key`. Discord nonces are at most 25
/// characters, outbox keys are longer: a hash keeps them unique and stable across restarts.
pub fn nonce(key: &str, part: usize) -> String {
    let digest = Sha256::digest(format!("{key}#{part}").as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_bodies_are_one_part() {
        assert_eq!(split_message("Bonjour", 2000), vec!["Bonjour"]);
        assert!(split_message("  \n", 2000).is_empty());
    }

    #[test]
    fn long_bodies_split_at_lines_within_the_limit() {
        let body = (0..30)
            .map(|i| format!("ligne {i:02} ééé"))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = split_message(&body, 50);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= 50));
        assert_eq!(parts.join("\n"), body);
    }

    #[test]
    fn an_overlong_line_is_cut() {
        let parts = split_message(&"é".repeat(120), 50);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            [50, 50, 20]
        );
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }

    #[test]
    fn nonces_fit_discord_and_differ_per_part() {
        let a = nonce("reply:discord:123456789012345678:0", 0);
        assert_eq!(a.len(), 24);
        assert_ne!(a, nonce("reply:discord:123456789012345678:0", 1));
        assert_eq!(a, nonce("reply:discord:123456789012345678:0", 0));
    }
}
