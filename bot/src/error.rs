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

/// Why the engine could not handle an event. Each variant keeps its cause as its `source`,
/// so the log shows the whole chain.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be read or written.
    #[error("{what} {}", .path.display())]
    File {
        /// What was being done ("writing", "storing a deliverable file").
        what: &'static str,
        /// The file or folder.
        path: std::path::PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// A value could not be encoded as JSON.
    #[error("encoding JSON")]
    Json(#[from] serde_json::Error),
    /// Work sent to a blocking thread did not come back (it panicked or was cancelled).
    #[error("{what}")]
    Task {
        /// What the work was.
        what: &'static str,
        /// Why it did not finish.
        #[source]
        source: tokio::task::JoinError,
    },
    /// A handler or a job panicked; the message is the panic's.
    #[error("panic: {0}")]
    Panic(String),
    /// The shared transaction of a batch of events could not begin or commit: every event of
    /// the batch gets this error, with the one database error behind it.
    #[error("the batch's transaction failed")]
    Batch(#[source] std::sync::Arc<sqlx::Error>),
    /// An event was dropped from its batch before it was answered (the writer was cancelled).
    #[error("an event was dropped from its batch")]
    Dropped,
}

impl EngineError {
    /// The error and every cause behind it, `: `-separated, for the log.
    pub fn report(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }

    /// A file error: `what` was being done to `path`.
    pub fn file(
        what: &'static str,
        path: impl Into<std::path::PathBuf>,
        source: std::io::Error,
    ) -> Self {
        EngineError::File {
            what,
            path: path.into(),
            source,
        }
    }
}

impl From<sqlx::Error> for EngineError {
    fn from(e: sqlx::Error) -> Self {
        EngineError::Store(StoreError::Db(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_keeps_every_cause() {
        let e = EngineError::file(
            "writing",
            "/data/exports/x.json",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied"),
        );
        assert_eq!(
            e.report(),
            "writing /data/exports/x.json: permission denied"
        );
        assert!(std::error::Error::source(&e).is_some());
        let json = serde_json::from_str::<u8>("x").unwrap_err();
        assert!(
            EngineError::Json(json)
                .report()
                .starts_with("encoding JSON: ")
        );
    }
}
