//! Errors of the core.
//!
//! A [`UserError`] is something the person did that cannot be done; it carries a localisable
//! message and changes nothing. Everything else is an internal error: logged with its cause,
//! shown as a short localised notice with a reference.

use crate::i18n::Msg;
use crate::store::StoreError;

/// A refusal to show to the person who asked, in their language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("user error: {}", .0.id)]
pub struct UserError(pub Msg);

impl UserError {
    /// A refusal with message `id` and no arguments.
    pub fn new(id: &'static str) -> Self {
        UserError(Msg::new(id))
    }
}

impl From<Msg> for UserError {
    fn from(m: Msg) -> Self {
        UserError(m)
    }
}

/// Why the engine could not handle an event.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be read or written.
    #[error("file error: {0}")]
    Io(String),
}

impl From<sqlx::Error> for EngineError {
    fn from(e: sqlx::Error) -> Self {
        EngineError::Store(StoreError::Db(e))
    }
}
