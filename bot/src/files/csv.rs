//! The one CSV writer of every export (deliverables manifest, poll ballots, attendance…).
//!
//! RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break.
//! Every field is also defused: text that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'`, since spreadsheets would run it as a formula when a facilitator
//! opens the file (a voter named `=HYPERLINK(…)`). Doing it here, for every field, means no
//! export can forget it.

/// A CSV document being written.
#[derive(Debug, Clone, Default)]
pub struct Csv {
    text: String,
}

impl Csv {
    /// A document starting with `header`.
    pub fn with_header<S: AsRef<str>>(header: &[S]) -> Self {
        let mut csv = Csv::default();
        csv.row(header);
        csv
    }

    /// Appends one row.
    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        let line: Vec<String> = fields.iter().map(|f| field(f.as_ref())).collect();
        self.text.push_str(&line.join(","));
        self.text.push_str("\r\n");
    }

    /// The document.
    pub fn finish(self) -> String {
        self.text
    }
}

/// One field, defused and quoted as needed.
pub fn field(s: &str) -> String {
    let defused = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let cases = [
            ("Alice Martin", "Alice Martin"),
            ("Martin, Alice", "\"Martin, Alice\""),
            ("Alice \"Ali\" Martin", "\"Alice \"\"Ali\"\" Martin\""),
            ("deux\nlignes", "\"deux\nlignes\""),
            ("cr\rseul", "\"cr\rseul\""),
            ("", ""),
            ("é;中文", "é;中文"),
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+33 6", "'+33 6"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("2027-02-01", "2027-02-01"),
        ];
        for (raw, expected) in cases {
            assert_eq!(field(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn rows() {
        let mut csv = Csv::with_header(&["a", "b"]);
        csv.row(&["1", "=2"]);
        assert_eq!(csv.finish(), "a,b\r\n1,'=2\r\n");
    }
}
