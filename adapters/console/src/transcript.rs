//! The console's transcript: every delivered message with its idempotency key, one per line.
//!
//! It plays the part that Matrix transaction ids and Discord nonces play on real platforms: a
//! message whose key is already in the transcript was delivered before a crash and is not shown
//! again. Rehearsals can be replayed and audited from it.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;

/// An append-only transcript file and the keys it already holds.
#[derive(Debug)]
pub struct Transcript {
    file: File,
    keys: HashSet<String>,
}

/// Escapes a body onto one line: a transcript line is `key \t destination \t body`.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

impl Transcript {
    /// Opens (creating) the transcript at `path`, dropping a torn last line left by a crash.
    pub fn open(path: &Path) -> io::Result<Transcript> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let mut keys = HashSet::new();
        let mut complete_len = 0u64;
        let mut reader = BufReader::new(&file);
        let mut line = String::new();
        loop {
            line.clear();
            let n = reader.read_line(&mut line)?;
            if n == 0 || !line.ends_with('\n') {
                break;
            }
            complete_len += n as u64;
            if let Some((key, _)) = line.split_once('\t') {
                keys.insert(key.to_owned());
            }
        }
        drop(reader);
        if file.metadata()?.len() != complete_len {
            file.set_len(complete_len)?;
        }
        file.seek(SeekFrom::End(0))?;
        Ok(Transcript { file, keys })
    }

    /// Whether a message with `key` was already delivered.
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// Records a delivered message.
    pub fn record(&mut self, key: &str, destination: &str, body: &str) -> io::Result<()> {
        let line = format!("{}\t{}\t{}\n", escape(key), destination, escape(body));
        self.file.write_all(line.as_bytes())?;
        self.file.flush()?;
        self.keys.insert(key.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_last_line_is_dropped_and_keys_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tsv");
        let mut t = Transcript::open(&path).unwrap();
        t.record("k1", "room:console:salon", "bonjour\nà tous")
            .unwrap();
        drop(t);
        // A crash in the middle of a write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"k2\troom:console:salon\tcoup").unwrap();
        drop(f);
        let t = Transcript::open(&path).unwrap();
        assert!(t.contains("k1"));
        assert!(!t.contains("k2"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "k1\troom:console:salon\tbonjour\\nà tous\n");
    }
}
