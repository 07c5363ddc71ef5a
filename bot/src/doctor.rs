//! What `compagnon doctor` reports: one line per thing checked before going live, and, when it
//! fails, how to fix it. Adapters check their platform and return these; the binary prints them
//! in the operator's language.

use crate::i18n::Msg;

/// One thing checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// Whether it is as it should be.
    pub ok: bool,
    /// What was checked, and what was found.
    pub what: Msg,
    /// How to fix it, when it failed.
    pub fix: Option<Msg>,
}

impl Check {
    /// As it should be.
    pub fn pass(what: Msg) -> Self {
        Check {
            ok: true,
            what,
            fix: None,
        }
    }

    /// Not as it should be, with the fix.
    pub fn fail(what: Msg, fix: Msg) -> Self {
        Check {
            ok: false,
            what,
            fix: Some(fix),
        }
    }
}
