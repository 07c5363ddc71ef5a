//! Typed access to the keys of one TOML table, reporting unknown keys, missing keys and wrong
//! types as it goes, so the readers of each section only deal with meaning.

use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::i18n::Msg;

use super::report::Report;
use super::values::{self, NativeError};

/// A value with where it was written.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// Where a key lives, as the facilitator wrote it: the file's top level or a table header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Outside any table.
    Root,
    /// Inside the table with this header, e.g. `[[atelier]]`.
    Table(&'static str),
}

impl Place {
    /// « dans [[atelier]] » / « au premier niveau du fichier », to slot into messages.
    pub(super) fn msg(self) -> Msg {
        match self {
            Place::Root => Msg::new("programme-place-root"),
            Place::Table(header) => Msg::new("programme-place-table").arg("table", header),
        }
    }
}

/// The Fluent id naming the type of `v`, as it would be described to a facilitator.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "programme-type-text",
        DeValue::Integer(_) => "programme-type-integer",
        DeValue::Float(_) => "programme-type-float",
        DeValue::Boolean(_) => "programme-type-boolean",
        DeValue::Datetime(_) => "programme-type-datetime",
        DeValue::Array(_) => "programme-type-array",
        DeValue::Table(_) => "programme-type-table",
    }
}

/// Reports that `value` (under `key`) should have been of the type named by `expected`.
pub(super) fn wrong_type(r: &mut Report<'_>, key: &str, value: &Value<'_>, expected: &'static str) {
    r.at(
        &value.span(),
        Msg::new("programme-wrong-type")
            .arg("key", key)
            .arg("expected", Msg::new(expected))
            .arg("found", Msg::new(type_name(value.get_ref()))),
    );
}

/// One table being read.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    header: &'a Value<'i>,
    place: Place,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Opens `value` as a table of `known` keys, reporting every other key. Reports a wrong type
    /// (named by `expected`) and gives `None` when it is not a table.
    pub(super) fn open(
        r: &mut Report<'_>,
        key: &str,
        value: &'a Value<'i>,
        place: Place,
        known: &[&str],
        expected: &'static str,
    ) -> Option<Self> {
        let DeValue::Table(table) = value.get_ref() else {
            wrong_type(r, key, value, expected);
            return None;
        };
        for k in table.keys() {
            if known.contains(&k.get_ref().as_ref()) {
                continue;
            }
            let name = k.get_ref().as_ref();
            let msg = match values::closest(name, known) {
                Some(s) => Msg::new("programme-unknown-key-suggest").arg("suggestion", s),
                None => Msg::new("programme-unknown-key"),
            };
            r.at(&k.span(), msg.arg("key", name).arg("place", place.msg()));
        }
        Some(Fields {
            table,
            header: value,
            place,
        })
    }

    /// Where the table starts: its header, or its first key for an inline table.
    pub(super) fn span(&self) -> Range<usize> {
        self.header.span()
    }

    /// Whether `key` is written, whatever its value.
    pub(super) fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    /// The raw value of `key`.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// Reports that the required `key` is absent.
    pub(super) fn missing(&self, r: &mut Report<'_>, key: &str) {
        r.at(
            &self.span(),
            Msg::new("programme-missing-key")
                .arg("key", key)
                .arg("place", self.place.msg()),
        );
    }

    /// The raw value of a required key, reporting its absence.
    pub(super) fn require(&self, r: &mut Report<'_>, key: &str) -> Option<&'a Value<'i>> {
        let v = self.get(key);
        if v.is_none() {
            self.missing(r, key);
        }
        v
    }

    /// An optional text value.
    pub(super) fn text(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<&'a str>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Spanned::new(v.span(), s.as_ref())),
            _ => {
                wrong_type(r, key, v, "programme-type-text");
                None
            }
        }
    }

    /// A required text value that must hold more than blanks.
    pub(super) fn required_text(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<&'a str>> {
        if !self.has(key) {
            self.missing(r, key);
            return None;
        }
        self.non_empty_text(r, key)
    }

    /// An optional text value that, when written, must hold more than blanks.
    pub(super) fn non_empty_text(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<&'a str>> {
        let s = self.text(r, key)?;
        if s.get_ref().trim().is_empty() {
            r.at(
                &s.span(),
                Msg::new("programme-empty-text")
                    .arg("key", key)
                    .arg("place", self.place.msg()),
            );
            return None;
        }
        Some(s)
    }

    /// An optional boolean.
    pub(super) fn boolean(&self, r: &mut Report<'_>, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                wrong_type(r, key, v, "programme-type-boolean");
                None
            }
        }
    }

    /// A required integer.
    pub(super) fn required_integer(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<i64>> {
        let v = self.require(r, key)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Spanned::new(v.span(), n)),
                Err(_) => {
                    r.at(
                        &v.span(),
                        Msg::new("programme-number-too-large").arg("key", key),
                    );
                    None
                }
            },
            _ => {
                wrong_type(r, key, v, "programme-type-integer");
                None
            }
        }
    }

    /// An optional link, which must be an absolute http(s) URL.
    pub(super) fn url(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<&'a str>> {
        let s = self.text(r, key)?;
        if !values::is_web_url(s.get_ref()) {
            r.at(
                &s.span(),
                Msg::new("programme-bad-url")
                    .arg("key", key)
                    .arg("value", *s.get_ref()),
            );
            return None;
        }
        Some(s)
    }

    /// A required local date and time, as text or as a native TOML local datetime.
    pub(super) fn datetime(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<NaiveDateTime>> {
        let v = self.require(r, key)?;
        let parsed = match v.get_ref() {
            DeValue::String(s) => values::local_datetime(s).ok_or(NativeError::Shape),
            DeValue::Datetime(d) => values::native_datetime(d),
            _ => {
                wrong_type(r, key, v, "programme-type-datetime");
                return None;
            }
        };
        self.located(r, key, v, parsed, "programme-bad-datetime")
    }

    /// An optional local date, as text or as a native TOML local date.
    pub(super) fn date(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<NaiveDate>> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::String(s) => values::local_date(s).ok_or(NativeError::Shape),
            DeValue::Datetime(d) => values::native_date(d),
            _ => {
                wrong_type(r, key, v, "programme-type-date");
                return None;
            }
        };
        self.located(r, key, v, parsed, "programme-bad-date")
    }

    /// An optional local time of day, as text or as a native TOML local time.
    pub(super) fn time(&self, r: &mut Report<'_>, key: &str) -> Option<Spanned<NaiveTime>> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::String(s) => values::local_time(s).ok_or(NativeError::Shape),
            DeValue::Datetime(d) => values::native_time(d),
            _ => {
                wrong_type(r, key, v, "programme-type-time");
                return None;
            }
        };
        self.located(r, key, v, parsed, "programme-bad-time")
    }

    /// Turns a parse result into a located value, reporting failures with `bad_id`.
    fn located<T>(
        &self,
        r: &mut Report<'_>,
        key: &str,
        v: &Value<'_>,
        parsed: Result<T, NativeError>,
        bad_id: &'static str,
    ) -> Option<Spanned<T>> {
        match parsed {
            Ok(t) => Some(Spanned::new(v.span(), t)),
            Err(NativeError::Offset) => {
                r.at(&v.span(), Msg::new("programme-time-offset").arg("key", key));
                None
            }
            Err(NativeError::Shape) => {
                r.at(
                    &v.span(),
                    Msg::new(bad_id).arg("key", key).arg("value", raw_text(v)),
                );
                None
            }
        }
    }
}

/// The value as the facilitator wrote it, for quoting back in a message.
pub(super) fn raw_text(v: &Value<'_>) -> String {
    match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Array(_) | DeValue::Table(_) => String::new(),
    }
}

/// The elements of an array of tables under `key` (`[[atelier]]` or `atelier = [...]`),
/// reporting a wrong type for the array itself; element types are the caller's business.
pub(super) fn array<'a, 'i>(
    r: &mut Report<'_>,
    key: &str,
    value: &'a Value<'i>,
) -> Option<&'a [Value<'i>]> {
    match value.get_ref() {
        DeValue::Array(items) => Some(items),
        _ => {
            wrong_type(r, key, value, "programme-type-list-of-tables");
            None
        }
    }
}
