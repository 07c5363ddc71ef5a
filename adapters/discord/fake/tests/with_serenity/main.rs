//! serenity 0.12.5 connects to the fake Discord and sees what a person does.

mod harness;

mod connect;
mod faults;
mod interactions;
mod messages;
mod poise_start;
