//! What adapters hand to the engine: one closed enum of things people do.

use crate::domain::{Lang, Role};
use crate::ids::{Identity, RoomRef};

/// Something that happened on a platform.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A chat message (possibly a command), with optional attachments.
    Message(IncomingMessage),
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
