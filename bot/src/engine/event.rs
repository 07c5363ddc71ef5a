//! What adapters hand to the engine: one closed enum of things people do, typed. Adapters say
//! what happened (a message, a slash command, a poll answer, a reaction, a role change); they
//! never write command text for the core to read back.

use crate::command::poll_args::VoteArgs;
use crate::command::{Command, ParseError};
use crate::domain::{Lang, Role};
use crate::ids::{Identity, RoomRef};

/// Something that happened on a platform.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A chat message (possibly a `!command`), with optional attachments.
    Message(IncomingMessage),
    /// A command given through a form (a Discord slash command), already read by
    /// [`crate::command::from_slash`] from the same table as the text grammar.
    Command(CommandEvent),
    /// An answer to a poll from a native control (a button, a menu, a Matrix poll response).
    PollAnswer(PollAnswer),
    /// A reaction (an emoji) on one of the bot's messages.
    Reaction(Reaction),
    /// A person's role in a room changed (a Matrix power level, a Discord role).
    RoleChange(RoleChange),
}

impl Event {
    /// Who did it, where, and the platform's id of it.
    pub fn origin(&self) -> Origin {
        match self {
            Event::Message(m) => m.origin(),
            Event::Command(c) => c.origin.clone(),
            Event::PollAnswer(a) => a.origin.clone(),
            Event::Reaction(r) => r.origin.clone(),
            Event::RoleChange(r) => r.origin.clone(),
        }
    }
}

/// Who did something, where, and the platform's unique id of it: what every event has.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// The platform's unique id of the event; handling the same id twice changes nothing twice.
    pub event_id: String,
    /// Who.
    pub actor: Actor,
    /// Where, and where the answer goes.
    pub place: Place,
}

/// A chat message as an adapter saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingMessage {
    /// The platform's unique id of the event; handling the same id twice changes nothing twice.
    pub event_id: String,
    /// Who wrote it.
    pub actor: Actor,
    /// Where.
    pub place: Place,
    /// The text.
    pub text: String,
    /// Files sent with it.
    pub attachments: Vec<Attachment>,
}

impl IncomingMessage {
    /// Who wrote it, where, and its id.
    pub fn origin(&self) -> Origin {
        Origin {
            event_id: self.event_id.clone(),
            actor: self.actor.clone(),
            place: self.place.clone(),
        }
    }
}

/// A command given through a form rather than typed.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandEvent {
    /// Who, where, which event.
    pub origin: Origin,
    /// The command, or why its options do not make one (answered with the command's usage).
    pub command: Result<Command, ParseError>,
    /// Files given with it.
    pub attachments: Vec<Attachment>,
}

/// An answer to a poll through a platform's own controls.
#[derive(Debug, Clone, PartialEq)]
pub struct PollAnswer {
    /// Who, where, which event.
    pub origin: Origin,
    /// The poll's number in its cohort.
    pub poll: u32,
    /// The choices (numbers from 1), the grades, or a withdrawal. Checked by the engine like a
    /// typed vote: an empty or impossible answer is explained, never guessed.
    pub answer: VoteArgs,
}

/// A reaction on a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    /// Who, where, which event.
    pub origin: Origin,
    /// The platform's id of the message reacted to.
    pub message: String,
    /// The emoji (or the reaction's text key).
    pub emoji: String,
}

/// A person's role in a room, as the platform now says it. `origin.actor` is the person whose
/// role changed; `origin.place` is the room.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleChange {
    /// Whose role, in which room, which event.
    pub origin: Origin,
    /// Their role now.
    pub role: Role,
}

/// The person behind an event, as the platform describes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Their account.
    pub identity: Identity,
    /// The name the platform shows.
    pub display_name: String,
    /// The role the platform signals (a Discord role, a Matrix power level), if any.
    pub role_hint: Option<Role>,
    /// The language the platform says they use, if it says.
    pub locale_hint: Option<Lang>,
}

/// Where an event happened, and where the answer goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// A room (channel) that may be linked to a cohort.
    Room(RoomRef),
    /// A direct conversation with the bot.
    Direct,
}

/// A file that came with a message, already downloaded by the adapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The name the sender gave it.
    pub file_name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// The size the platform announced, for a file the adapter did not download because it is
    /// over the limit (`bytes` is then empty): the engine refuses it with the usual message
    /// rather than the adapter staying silent.
    pub declared_size: Option<u64>,
}

impl Attachment {
    /// A downloaded file.
    pub fn new(file_name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Attachment {
            file_name: file_name.into(),
            bytes,
            declared_size: None,
        }
    }

    /// A file announced at `size` bytes and not downloaded (too large).
    pub fn not_downloaded(file_name: impl Into<String>, size: u64) -> Self {
        Attachment {
            file_name: file_name.into(),
            bytes: Vec::new(),
            declared_size: Some(size),
        }
    }
}
