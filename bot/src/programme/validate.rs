//! Semantic checks of a programme.
