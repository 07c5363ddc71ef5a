//! The Discord adapter against the protocol-level fake Discord: one binary, one module per area.

mod basics;
mod flows;
mod harness;
mod polls;
