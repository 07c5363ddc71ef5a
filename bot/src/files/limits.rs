//! What a submission may contain: how many files, how big, of which kinds.
//!
//! The check runs before anything is stored, and its refusal is a message the participant can
//! act on: which file, what is wrong, what the limit is.

use crate::i18n::Msg;

use super::name::sanitize_file_name;
use super::sniff::{FileKind, extension_matches, sniff};

/// One mebibyte.
const MIB: u64 = 1024 * 1024;

/// The limits of one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLimits {
    /// Largest single file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of one submission's files, in bytes.
    pub max_submission_bytes: u64,
    /// Most files in one submission.
    pub max_files: usize,
    /// Kinds accepted. [`FileKind::Executable`] is refused even when listed.
    pub allowed: Vec<FileKind>,
}

impl Default for FileLimits {
    /// 25 MiB per file and per submission, 10 files, every kind but executables, unknown content
    /// and bare zip archives (which could hide either).
    fn default() -> Self {
        FileLimits {
            max_file_bytes: 25 * MIB,
            max_submission_bytes: 25 * MIB,
            max_files: 10,
            allowed: FileKind::ALL
                .into_iter()
                .filter(|k| !matches!(k, FileKind::Executable | FileKind::Unknown | FileKind::Zip))
                .collect(),
        }
    }
}

/// Why a submission's files were refused. Only the first problem found is reported, in this
/// order: too many files, a file too big, the total too big, then each file's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitViolation {
    /// More files than allowed.
    #[error("{count} files, at most {max} allowed")]
    TooManyFiles {
        /// Files sent.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// One file is larger than allowed.
    #[error("{file:?} is {size} bytes, at most {max} allowed")]
    FileTooBig {
        /// The file's name as sent.
        file: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The files together are larger than allowed.
    #[error("the files total {total} bytes, at most {max} allowed")]
    SubmissionTooBig {
        /// Total size in bytes.
        total: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// A file has no content.
    #[error("{file:?} is empty")]
    EmptyFile {
        /// The file's name as sent.
        file: String,
    },
    /// A file's content is of a kind not accepted.
    #[error("{file:?} is {kind}, which is not accepted")]
    KindNotAllowed {
        /// The file's name as sent.
        file: String,
        /// What its content is.
        kind: FileKind,
        /// The kinds that are accepted, to tell the participant.
        allowed: Vec<FileKind>,
    },
    /// A file's name says one kind and its content another.
    #[error("{file:?} is named like another kind than its content, {kind}")]
    ExtensionMismatch {
        /// The file's name as sent.
        file: String,
        /// What its content is.
        kind: FileKind,
    },
}

impl FileLimits {
    /// Checks `files` (name as sent, content) against the limits, and returns the kind of each
    /// file, in order, when they pass.
    pub fn check(&self, files: &[(&str, &[u8])]) -> Result<Vec<FileKind>, LimitViolation> {
        if files.len() > self.max_files {
            return Err(LimitViolation::TooManyFiles {
                count: files.len(),
                max: self.max_files,
            });
        }
        for (name, bytes) in files {
            let size = bytes.len() as u64;
            if size > self.max_file_bytes {
                return Err(LimitViolation::FileTooBig {
                    file: (*name).to_owned(),
                    size,
                    max: self.max_file_bytes,
                });
            }
        }
        let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        if total > self.max_submission_bytes {
            return Err(LimitViolation::SubmissionTooBig {
                total,
                max: self.max_submission_bytes,
            });
        }
        let mut kinds = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let file = (*name).to_owned();
            if bytes.is_empty() {
                return Err(LimitViolation::EmptyFile { file });
            }
            let kind = sniff(bytes);
            if kind == FileKind::Executable || !self.allowed.contains(&kind) {
                return Err(LimitViolation::KindNotAllowed {
                    file,
                    kind,
                    allowed: self.allowed_kinds(),
                });
            }
            if !extension_matches(kind, name) {
                return Err(LimitViolation::ExtensionMismatch { file, kind });
            }
            kinds.push(kind);
        }
        Ok(kinds)
    }

    /// The accepted kinds, without executables whatever the configuration says.
    fn allowed_kinds(&self) -> Vec<FileKind> {
        let mut kinds: Vec<FileKind> = self
            .allowed
            .iter()
            .copied()
            .filter(|k| *k != FileKind::Executable)
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

impl LimitViolation {
    /// The refusal as the participant reads it.
    pub fn to_msg(&self) -> Msg {
        // Names are shown sanitized: a bidi override in a name would garble the sentence.
        let shown = |file: &str| sanitize_file_name(file);
        match self {
            LimitViolation::TooManyFiles { count, max } => Msg::new("files-too-many")
                .arg("count", *count)
                .arg("max", *max),
            LimitViolation::FileTooBig { file, size, max } => Msg::new("files-file-too-big")
                .arg("file", shown(file))
                .arg("size", size_msg(*size, Rounding::Up))
                .arg("max", size_msg(*max, Rounding::Down)),
            LimitViolation::SubmissionTooBig { total, max } => Msg::new("files-submission-too-big")
                .arg("total", size_msg(*total, Rounding::Up))
                .arg("max", size_msg(*max, Rounding::Down)),
            LimitViolation::EmptyFile { file } => Msg::new("files-empty").arg("file", shown(file)),
            LimitViolation::KindNotAllowed { file, kind, .. } if *kind == FileKind::Executable => {
                Msg::new("files-executable").arg("file", shown(file))
            }
            LimitViolation::KindNotAllowed {
                file,
                kind,
                allowed,
            } => Msg::new("files-kind-not-allowed")
                .arg("file", shown(file))
                .arg("kind", kind_msg(*kind))
                .arg("allowed", extensions_list(allowed)),
            LimitViolation::ExtensionMismatch { file, kind } => {
                Msg::new("files-extension-mismatch")
                    .arg("file", shown(file))
                    .arg("kind", kind_msg(*kind))
                    .arg("extensions", extensions_list(&[*kind]))
            }
        }
    }
}

/// The kind's name in the reader's language.
pub fn kind_msg(kind: FileKind) -> Msg {
    Msg::new("files-kind").arg("kind", kind.as_str())
}

/// `.pdf, .png, .jpg…`: extensions read the same in every language and tell the participant
/// exactly what to send.
fn extensions_list(kinds: &[FileKind]) -> String {
    kinds
        .iter()
        .flat_map(|k| k.extensions())
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which way a size is rounded to one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero: for limits.
    Down,
    /// Away from zero: for sizes over a limit, so that a file just over « 25 Mo » never shows
    /// as « 25 Mo ».
    Up,
}

/// A size in bytes as its readers expect it: « 3,2 Mo », "3.2 MB". Units are binary (1 Mo =
/// 1024 Kio), as file managers show them; the pieces go to Fluent, which knows the decimal
/// separator and the unit names of each language.
pub fn size_msg(bytes: u64, rounding: Rounding) -> Msg {
    const UNITS: [(&str, u64); 3] = [("gb", MIB * 1024), ("mb", MIB), ("kb", 1024)];
    let Some((unit, scale)) = UNITS.into_iter().find(|(_, scale)| bytes >= *scale) else {
        return Msg::new("files-size")
            .arg("unit", "b")
            .arg("int", bytes)
            .arg("dec", 0);
    };
    let scaled = u128::from(bytes) * 10;
    let scale = u128::from(scale);
    let tenths = match rounding {
        Rounding::Down => scaled / scale,
        Rounding::Up => scaled.div_ceil(scale),
    };
    Msg::new("files-size")
        .arg("unit", unit)
        .arg("int", (tenths / 10) as u64)
        .arg("dec", (tenths % 10) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    const PDF: &[u8] = b"%PDF-1.7\n";
    const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0";

    #[test]
    fn accepted_files_report_their_kinds() {
        let limits = FileLimits::default();
        let kinds = limits
            .check(&[("rapport.pdf", PDF), ("notes.md", b"# Notes\n")])
            .unwrap();
        assert_eq!(kinds, [FileKind::Pdf, FileKind::PlainText]);
        assert_eq!(limits.check(&[]).unwrap(), []);
    }

    #[test]
    fn violations() {
        let limits = FileLimits {
            max_file_bytes: 10,
            max_submission_bytes: 15,
            max_files: 2,
            ..FileLimits::default()
        };
        let big = [b'a'; 11];
        type Files<'a> = Vec<(&'a str, &'a [u8])>;
        let cases: Vec<(Files, LimitViolation)> = vec![
            (
                vec![("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c")],
                LimitViolation::TooManyFiles { count: 3, max: 2 },
            ),
            (
                vec![("a.txt", b"a"), ("gros.txt", &big)],
                LimitViolation::FileTooBig {
                    file: "gros.txt".into(),
                    size: 11,
                    max: 10,
                },
            ),
            (
                vec![("a.txt", b"aaaaaaaa"), ("b.txt", b"bbbbbbbb")],
                LimitViolation::SubmissionTooBig { total: 16, max: 15 },
            ),
            (
                vec![("vide.txt", b"")],
                LimitViolation::EmptyFile {
                    file: "vide.txt".into(),
                },
            ),
            (
                vec![("rapport.pdf", ELF)],
                LimitViolation::KindNotAllowed {
                    file: "rapport.pdf".into(),
                    kind: FileKind::Executable,
                    allowed: limits.allowed_kinds(),
                },
            ),
            (
                vec![("photo.jpg", PDF)],
                LimitViolation::ExtensionMismatch {
                    file: "photo.jpg".into(),
                    kind: FileKind::Pdf,
                },
            ),
        ];
        for (files, expected) in cases {
            assert_eq!(limits.check(&files), Err(expected));
        }
    }

    #[test]
    fn executables_are_refused_even_when_configured() {
        let limits = FileLimits {
            allowed: FileKind::ALL.to_vec(),
            ..FileLimits::default()
        };
        let err = limits.check(&[("outil", ELF)]).unwrap_err();
        assert!(
            matches!(err, LimitViolation::KindNotAllowed { kind: FileKind::Executable, ref allowed, .. } if !allowed.contains(&FileKind::Executable))
        );
    }

    #[test]
    fn sizes_read_naturally() {
        let cases = [
            (1, Rounding::Up, "1 octet", "1 byte"),
            (900, Rounding::Up, "900 octets", "900 bytes"),
            (1536, Rounding::Down, "1,5 Ko", "1.5 kB"),
            (3_355_443, Rounding::Up, "3,2 Mo", "3.2 MB"),
            (25 * MIB, Rounding::Down, "25 Mo", "25 MB"),
            (25 * MIB + 1, Rounding::Up, "25,1 Mo", "25.1 MB"),
            (3 * MIB * 1024, Rounding::Down, "3 Go", "3 GB"),
        ];
        for (bytes, rounding, fr, en) in cases {
            let msg = size_msg(bytes, rounding);
            assert_eq!(msg.render(Lang::Fr), fr, "{bytes}");
            assert_eq!(msg.render(Lang::En), en, "{bytes}");
        }
    }

    #[test]
    fn refusals_read_well() {
        let limits = FileLimits::default();
        let big = vec![b'a'; 25 * MIB as usize + 100];
        let msg = limits.check(&[("gros.txt", &big)]).unwrap_err().to_msg();
        assert_eq!(
            msg.render(Lang::Fr),
            "« gros.txt » fait 25,1 Mo : c'est plus que la limite de 25 Mo par fichier."
        );
        assert_eq!(
            msg.render(Lang::En),
            "\"gros.txt\" is 25.1 MB, over the limit of 25 MB per file."
        );

        let msg = limits
            .check(&[("\u{202e}fdp.exe", ELF)])
            .unwrap_err()
            .to_msg();
        let fr = msg.render(Lang::Fr);
        assert!(fr.starts_with("« fdp.exe » est un programme"), "{fr}");

        let msg = limits.check(&[("photo.jpg", PDF)]).unwrap_err().to_msg();
        let fr = msg.render(Lang::Fr);
        assert!(fr.contains("document PDF") && fr.contains(".pdf"), "{fr}");

        let zip = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
        let msg = limits.check(&[("a.zip", zip)]).unwrap_err().to_msg();
        let en = msg.render(Lang::En);
        assert!(en.contains("ZIP archive") && en.contains(".docx"), "{en}");

        // Every variant has its message in both languages.
        for v in [
            LimitViolation::TooManyFiles { count: 12, max: 10 },
            LimitViolation::SubmissionTooBig {
                total: 30 * MIB,
                max: 25 * MIB,
            },
            LimitViolation::EmptyFile { file: "a".into() },
        ] {
            for lang in Lang::ALL {
                let text = v.to_msg().render(lang);
                assert!(!text.starts_with('['), "{text}");
            }
        }
    }

    #[test]
    fn every_kind_has_a_name() {
        for lang in Lang::ALL {
            let unknown = kind_msg(FileKind::Unknown).render(lang);
            for kind in FileKind::ALL
                .into_iter()
                .filter(|k| *k != FileKind::Unknown)
            {
                let text = kind_msg(kind).render(lang);
                assert_ne!(
                    text, unknown,
                    "{kind} {lang} falls back to the default variant"
                );
            }
        }
    }
}
