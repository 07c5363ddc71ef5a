//! The chat command grammar shared by every adapter: French names first, English aliases.
//!
//! Pure: text in, [`Command`] or [`ParseError`] out. Adapters pass whatever people type; the
//! engine decides what it means for the actor.

mod grammar;
pub mod poll_args;
mod spec;
mod tokenize;

pub use grammar::{
    Args, AttendanceMark, Command, DecisionAction, ExtensionAction, GroupsAction, ParseError,
    ReminderSpec, RemindersAction, ResourceAction, from_slash, is_submission, parse,
};
pub use spec::{COMMANDS, CommandName, CommandSpec, SlashOptions, least_role, spec};
pub use tokenize::{Token, TokenizeError, Tokens, tokenize, tokenize_spanned};

/// The character that starts a command.
pub const PREFIX: char = '!';
