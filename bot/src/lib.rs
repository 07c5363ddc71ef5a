//! compagnon's platform-free core.
//!
//! Adapters (console, Matrix, Discord) turn what people do into [`engine::Event`]s and deliver
//! what the [`store`]'s outbox holds. Everything in between — permissions, state, what to say and
//! when — is decided here, and never names a chat platform's crate.

pub mod calendar;
pub mod clock;
pub mod command;
pub mod dispatch;
pub mod doctor;
pub mod domain;
pub mod duration;
pub mod effect;
pub mod engine;
pub mod error;
pub mod files;
pub mod followup;
pub mod groups;
pub mod i18n;
pub mod ids;
pub mod limits;
pub mod poll;
pub mod preview;
pub mod print;
pub mod programme;
pub mod resources;
pub mod review;
pub mod runner;
pub mod schedule;
pub mod store;
pub mod text;
