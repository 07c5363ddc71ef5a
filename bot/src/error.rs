//! Errors of the core.
