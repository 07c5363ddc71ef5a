//! Localisation through Fluent: every sentence a chat user reads comes from
//! `locales/<lang>/*.ftl`, embedded at compile time. French is the reference.
//!
//! A [`Msg`] is a message id with its arguments; it is rendered in the reader's language only at
//! the edge, so the same decision can be shown to people who speak different languages.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::Lang;

/// The Fluent files of each language, in load order. Each language must have the same files.
macro_rules! ftl_files {
    ($lang:literal: $($file:literal),*) => {
        [$(($file, include_str!(concat!("../../locales/", $lang, "/", $file)))),*]
    };
}

/// How many Fluent files each language has.
const FILE_COUNT: usize = 26;

/// The embedded sources of `lang`: `(file name, text)` pairs.
pub fn sources(lang: Lang) -> [(&'static str, &'static str); FILE_COUNT] {
    match lang {
        Lang::Fr => {
            ftl_files!("fr": "core.ftl", "commands.ftl", "programme.ftl", "schedule.ftl", "preview.ftl", "console.ftl", "phrase.ftl", "calendar.ftl", "files.ftl", "poll.ftl", "deliverables.ftl", "discord.ftl", "preparation.ftl", "attendance.ftl", "print.ftl", "evaluation.ftl", "followup.ftl", "extension.ftl", "changes.ftl", "accounts.ftl", "groups.ftl", "resources.ftl", "review.ftl", "decisions.ftl", "web.ftl", "operators.ftl")
        }
        Lang::En => {
            ftl_files!("en": "core.ftl", "commands.ftl", "programme.ftl", "schedule.ftl", "preview.ftl", "console.ftl", "phrase.ftl", "calendar.ftl", "files.ftl", "poll.ftl", "deliverables.ftl", "discord.ftl", "preparation.ftl", "attendance.ftl", "print.ftl", "evaluation.ftl", "followup.ftl", "extension.ftl", "changes.ftl", "accounts.ftl", "groups.ftl", "resources.ftl", "review.ftl", "decisions.ftl", "web.ftl", "operators.ftl")
        }
    }
}

/// A value given to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text, shown as is.
    Str(String),
    /// A number; Fluent selectors (plurals) work on it.
    Num(i64),
    /// A local date, shown the way a reader of the language expects.
    Date(NaiveDate),
    /// A local time of day.
    Time(NaiveTime),
    /// A local date and time.
    DateTime(NaiveDateTime),
    /// Another message, rendered in the same language.
    Msg(Box<Msg>),
    /// Several messages, rendered in the same language, one per line.
    Lines(Vec<Msg>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(n as i64)
            }
        }
    )*};
}
num_arg!(i64, i32, u32, u64, usize);
impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Arg::Date(d)
    }
}
impl From<NaiveTime> for Arg {
    fn from(t: NaiveTime) -> Self {
        Arg::Time(t)
    }
}
impl From<NaiveDateTime> for Arg {
    fn from(t: NaiveDateTime) -> Self {
        Arg::DateTime(t)
    }
}
impl From<Vec<Msg>> for Arg {
    fn from(ms: Vec<Msg>) -> Self {
        Arg::Lines(ms)
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}

/// A localisable message: a Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    /// The Fluent message id.
    pub id: Cow<'static, str>,
    /// Named arguments.
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl Msg {
    /// A message without arguments yet.
    pub fn new(id: impl Into<Cow<'static, str>>) -> Self {
        Msg {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Arg>) -> Self {
        self.args.push((name.into(), value.into()));
        self
    }

    /// Renders the message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        Localizer::global().render(lang, self)
    }

    /// This message for a reader in `theirs` while its dates are written in `cohort`'s zone:
    /// every date and time also shows the reader's local time ("9 h 30 à Paris, soit 4 h 30
    /// chez vous"), all through the nested messages. Unchanged when the zones agree.
    pub fn in_zones(self, cohort: chrono_tz::Tz, theirs: chrono_tz::Tz) -> Msg {
        // Once is enough: a message already in two zones is left as it is.
        if cohort == theirs || self.id == "datetime-two-zones" {
            return self;
        }
        let city = cohort
            .name()
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace('_', " ");
        let convert = |arg: Arg| match arg {
            Arg::DateTime(dt) => {
                let there = crate::schedule::utc_to_local(
                    theirs,
                    crate::schedule::local_to_utc(cohort, dt),
                );
                let same_day = there.date() == dt.date();
                Arg::Msg(Box::new(
                    Msg::new("datetime-two-zones")
                        .arg("here", dt)
                        .arg("city", city.as_str())
                        .arg(
                            "there",
                            if same_day {
                                Arg::Time(there.time())
                            } else {
                                Arg::DateTime(there)
                            },
                        ),
                ))
            }
            Arg::Msg(m) => Arg::Msg(Box::new(m.in_zones(cohort, theirs))),
            Arg::Lines(ms) => {
                Arg::Lines(ms.into_iter().map(|m| m.in_zones(cohort, theirs)).collect())
            }
            other => other,
        };
        Msg {
            id: self.id,
            args: self
                .args
                .into_iter()
                .map(|(k, v)| (k, convert(v)))
                .collect(),
        }
    }
}

/// Holds one Fluent bundle per language.
pub struct Localizer {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Localizer")
    }
}

fn build_bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("valid language code");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Bidi isolation marks would show up as stray characters in terminals and chat clients.
    bundle.set_use_isolating(false);
    for (name, text) in sources(lang) {
        let resource = FluentResource::try_new(text.to_owned())
            .unwrap_or_else(|(_, errs)| panic!("{}/{name} does not parse: {errs:?}", lang.code()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errs| panic!("{}/{name} redefines messages: {errs:?}", lang.code()));
    }
    bundle
}

impl Localizer {
    /// The process-wide localizer, built on first use from the embedded files.
    pub fn global() -> &'static Localizer {
        static GLOBAL: OnceLock<Localizer> = OnceLock::new();
        GLOBAL.get_or_init(|| Localizer {
            fr: build_bundle(Lang::Fr),
            en: build_bundle(Lang::En),
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// Whether `lang` has a message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// Renders `msg` in `lang`. A missing message renders as its id, so it is visible, never
    /// a crash; the message-parity test keeps that from happening.
    pub fn render(&self, lang: Lang, msg: &Msg) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &msg.args {
            let v: FluentValue = match value {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Date(d) => FluentValue::from(self.date(lang, *d)),
                Arg::Time(t) => FluentValue::from(self.time(lang, *t)),
                Arg::DateTime(dt) => FluentValue::from(self.datetime(lang, *dt)),
                Arg::Msg(m) => FluentValue::from(self.render(lang, m)),
                Arg::Lines(ms) => FluentValue::from(
                    ms.iter()
                        .map(|m| self.render(lang, m))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            };
            args.set(name.clone(), v);
        }
        self.format(lang, &msg.id, Some(&args))
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(lang = lang.code(), id, "missing Fluent message");
            return format!("[{id}]");
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang = lang.code(), id, ?errors, "Fluent formatting errors");
        }
        text.into_owned()
    }

    /// A local date as its readers expect: « jeudi 14 janvier 2027 », "Thursday 14 January 2027".
    pub fn date(&self, lang: Lang, d: NaiveDate) -> String {
        let mut args = FluentArgs::new();
        args.set("weekday", d.weekday().number_from_monday() as i64);
        args.set("day", d.day() as i64);
        args.set("month", d.month() as i64);
        args.set("year", d.year() as i64);
        self.format(lang, "fmt-date", Some(&args))
    }

    /// A local time of day: « 9 h 30 », "9:30".
    pub fn time(&self, lang: Lang, t: NaiveTime) -> String {
        let mut args = FluentArgs::new();
        args.set("hour", t.hour() as i64);
        args.set("minute", format!("{:02}", t.minute()));
        self.format(lang, "fmt-time", Some(&args))
    }

    /// A local date and time: « jeudi 14 janvier 2027 à 9 h 30 ».
    pub fn datetime(&self, lang: Lang, dt: NaiveDateTime) -> String {
        let mut args = FluentArgs::new();
        args.set("date", self.date(lang, dt.date()));
        args.set("time", self.time(lang, dt.time()));
        self.format(lang, "fmt-datetime", Some(&args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn dates_read_as_a_french_reader_expects() {
        let l = Localizer::global();
        let cases = [
            (
                Lang::Fr,
                "2027-01-14 09:30",
                "jeudi 14 janvier 2027 à 9 h 30",
            ),
            (
                Lang::Fr,
                "2027-03-01 14:00",
                "lundi 1er mars 2027 à 14 h 00",
            ),
            (
                Lang::Fr,
                "2027-08-15 00:05",
                "dimanche 15 août 2027 à 0 h 05",
            ),
            (
                Lang::Fr,
                "2027-12-25 18:00",
                "samedi 25 décembre 2027 à 18 h 00",
            ),
            (
                Lang::En,
                "2027-01-14 09:30",
                "Thursday 14 January 2027 at 9:30",
            ),
            (Lang::En, "2027-03-01 14:00", "Monday 1 March 2027 at 14:00"),
        ];
        for (lang, input, expected) in cases {
            assert_eq!(l.datetime(lang, dt(input)), expected, "{lang} {input}");
        }
    }

    /// Message ids and the variables each uses, per file.
    fn inventory(lang: Lang) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for (file, text) in sources(lang) {
            let res = FluentResource::try_new(text.to_owned()).expect("parses");
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    let mut vars: Vec<String> = Vec::new();
                    collect_vars(m, &mut vars);
                    vars.sort();
                    vars.dedup();
                    out.insert(format!("{file}:{}", m.id.name), vars);
                }
            }
        }
        out
    }

    fn collect_vars(m: &fluent_syntax::ast::Message<&str>, vars: &mut Vec<String>) {
        // The debug form of the AST names every variable reference as `VariableReference { id:
        // Identifier { name: "x" } }`; reading it keeps this test free of a full AST walker.
        let dbg = format!("{m:?}");
        let needle = "VariableReference { id: Identifier { name: \"";
        let mut rest = dbg.as_str();
        while let Some(pos) = rest.find(needle) {
            rest = &rest[pos + needle.len()..];
            if let Some(end) = rest.find('"') {
                vars.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }

    #[test]
    fn french_and_english_have_the_same_messages_and_variables() {
        let fr = inventory(Lang::Fr);
        let en = inventory(Lang::En);
        let fr_ids: Vec<_> = fr.keys().collect();
        let en_ids: Vec<_> = en.keys().collect();
        assert_eq!(fr_ids, en_ids, "message ids differ between fr and en");
        for (id, vars) in &fr {
            assert_eq!(Some(vars), en.get(id), "variables of {id} differ");
        }
        assert!(fr.len() > 10);
    }

    #[test]
    fn a_missing_message_renders_as_its_id() {
        assert_eq!(
            Msg::new("no-such-message").render(Lang::Fr),
            "[no-such-message]"
        );
    }
}
