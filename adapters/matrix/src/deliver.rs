//! From the outbox to Matrix: text as Markdown-rendered HTML, replies as Matrix replies, files
//! as uploads, DMs in one reused room per person, outbox keys as transaction ids.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use bot::dispatch::{Deliver, DeliveryError};
use bot::store::{Destination, OutboxMessage};
use matrix_sdk::attachment::AttachmentConfig;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use matrix_sdk::ruma::{OwnedRoomId, OwnedTransactionId, OwnedUserId, RoomId};
use matrix_sdk::{Client, Room, RoomState};
use pulldown_cmark::{Event as MdEvent, Options, Parser};
use serde_json::json;

/// How often one message is retried at once when the homeserver says "too fast".
const RATE_LIMIT_RETRIES: usize = 5;
/// How many passes a message waits for a room the bot has not joined yet before giving up.
const UNKNOWN_ROOM_ATTEMPTS: i64 = 30;

/// Delivers outbox messages with a logged-in client.
#[derive(Debug)]
pub struct MatrixSink {
    client: Client,
    /// DM rooms found or created, so each person gets one DM room, not one per message.
    dm_rooms: Mutex<HashMap<OwnedUserId, OwnedRoomId>>,
}

impl MatrixSink {
    /// A sink sending as `client`.
    pub fn new(client: Client) -> Self {
        MatrixSink {
            client,
            dm_rooms: Mutex::new(HashMap::new()),
        }
    }

    async fn room_for(&self, msg: &OutboxMessage) -> Result<Room, DeliveryError> {
        match &msg.destination {
            Destination::Room(r) => {
                let id = <&RoomId>::try_from(r.room.as_str())
                    .map_err(|e| DeliveryError::Permanent(format!("room id {:?}: {e}", r.room)))?;
                match self.client.get_room(id) {
                    Some(room) if room.state() == RoomState::Joined => Ok(room),
                    // Just invited, or the first sync is not done yet: wait a little.
                    _ if msg.attempts < UNKNOWN_ROOM_ATTEMPTS => {
                        Err(DeliveryError::Retry(format!("not in room {} yet", r.room)))
                    }
                    _ => Err(DeliveryError::Permanent(format!(
                        "the bot is not in room {}",
                        r.room
                    ))),
                }
            }
            Destination::Direct(who) => {
                let user = OwnedUserId::try_from(who.user.as_str())
                    .map_err(|e| DeliveryError::Permanent(format!("user {:?}: {e}", who.user)))?;
                self.dm_room(&user).await
            }
        }
    }

    /// The DM room with `user`: remembered, else from the account's `m.direct`, else new.
    async fn dm_room(&self, user: &OwnedUserId) -> Result<Room, DeliveryError> {
        let known = self
            .dm_rooms
            .lock()
            .expect("dm rooms lock")
            .get(user)
            .cloned();
        if let Some(room) = known.and_then(|id| self.client.get_room(&id))
            && room.state() == RoomState::Joined
        {
            return Ok(room);
        }
        let room = match self.client.get_dm_room(user) {
            Some(room) => room,
            None => {
                tracing::info!(user = %user, "creating a DM room");
                self.client.create_dm(user).await.map_err(classify)?
            }
        };
        self.dm_rooms
            .lock()
            .expect("dm rooms lock")
            .insert(user.clone(), room.room_id().to_owned());
        Ok(room)
    }

    async fn send_text(&self, room: &Room, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        let content = text_content(&msg.body, msg.in_reply_to.as_deref());
        let txn = transaction_id(&msg.key, None);
        retry_rate_limited(|| async {
            room.send_raw("m.room.message", content.clone())
                .with_transaction_id(&txn)
                .await
                .map(|_| ())
        })
        .await
    }

    async fn send_file(
        &self,
        room: &Room,
        msg: &OutboxMessage,
        index: usize,
        path: &str,
    ) -> Result<(), DeliveryError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Err(DeliveryError::Permanent(format!("attachment {path}: {e}"))),
        };
        let name = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        let mime = mime_for(&name);
        let txn = transaction_id(&msg.key, Some(index));
        retry_rate_limited(|| async {
            room.send_attachment(
                name.clone(),
                &mime,
                bytes.clone(),
                AttachmentConfig::new().txn_id(txn.clone()),
            )
            .await
            .map(|_| ())
        })
        .await
    }
}

impl Deliver for MatrixSink {
    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), DeliveryError> {
        let room = self.room_for(msg).await?;
        if !msg.body.trim().is_empty() {
            self.send_text(&room, msg).await?;
        }
        for (i, path) in msg.attachments.iter().enumerate() {
            self.send_file(&room, msg, i, path).await?;
        }
        Ok(())
    }
}

/// The outbox key (plus the attachment's index) as a transaction id: a resend after a crash
/// reuses it, and the homeserver answers with the event it already has.
fn transaction_id(key: &str, attachment: Option<usize>) -> OwnedTransactionId {
    match attachment {
        None => OwnedTransactionId::from(key.to_owned()),
        Some(i) => OwnedTransactionId::from(format!("{key}:file{i}")),
    }
}

/// Sends, waiting and retrying as long as the homeserver says `M_LIMIT_EXCEEDED`.
async fn retry_rate_limited<F, Fut>(mut send: F) -> Result<(), DeliveryError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = matrix_sdk::Result<()>>,
{
    let mut tries = 0;
    loop {
        match send().await {
            Ok(()) => return Ok(()),
            Err(e) => {
                if let Some(ErrorKind::LimitExceeded(limit)) = e.client_api_error_kind()
                    && tries < RATE_LIMIT_RETRIES
                {
                    tries += 1;
                    let wait = match limit.retry_after {
                        Some(RetryAfter::Delay(d)) => d,
                        _ => Duration::from_secs(1),
                    };
                    tracing::warn!(
                        wait_ms = wait.as_millis() as u64,
                        "rate limited by the homeserver"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(classify(e));
            }
        }
    }
}

/// Homeserver refusals that will not change are permanent; everything else (network, server
/// errors, rate limits that outlast the retries) is worth another pass later.
fn classify(e: matrix_sdk::Error) -> DeliveryError {
    match e.client_api_error_kind() {
        Some(ErrorKind::Forbidden | ErrorKind::NotFound | ErrorKind::TooLarge) => {
            DeliveryError::Permanent(e.to_string())
        }
        _ => DeliveryError::Retry(e.to_string()),
    }
}

/// An `m.text` with the Markdown rendered to HTML and the plain text as the fallback, a reply
/// when `in_reply_to` is set.
pub(crate) fn text_content(body: &str, in_reply_to: Option<&str>) -> serde_json::Value {
    let mut content = json!({
        "msgtype": "m.text",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": markdown_to_html(body),
    });
    if let Some(event_id) = in_reply_to {
        content["m.relates_to"] = json!({ "m.in_reply_to": { "event_id": event_id } });
    }
    content
}

/// Markdown to HTML. Each line of a message is its own line, as in the console and on Discord,
/// so soft line breaks become hard ones. Raw HTML in the text is escaped, not passed through.
pub(crate) fn markdown_to_html(body: &str) -> String {
    let parser = Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH).map(|ev| match ev {
        MdEvent::SoftBreak => MdEvent::HardBreak,
        MdEvent::Html(h) | MdEvent::InlineHtml(h) => MdEvent::Text(h),
        other => other,
    });
    let mut html = String::with_capacity(body.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, parser);
    let html = html.trim_end();
    // A single paragraph needs no <p> around it.
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html.to_owned(),
    }
}

fn mime_for(name: &str) -> mime::Mime {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let m = match ext.as_deref() {
        Some("ics") => "text/calendar",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("csv") => "text/csv",
        Some("txt") => "text/plain",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    };
    m.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_with_line_breaks_and_escapes_html() {
        assert_eq!(
            markdown_to_html("**Atelier 1**"),
            "<strong>Atelier 1</strong>"
        );
        assert_eq!(markdown_to_html("a\nb"), "a<br />\nb");
        assert_eq!(markdown_to_html("<b>x</b>"), "&lt;b&gt;x&lt;/b&gt;");
        assert!(markdown_to_html("p1\n\np2").starts_with("<p>p1</p>"));
    }

    #[test]
    fn replies_carry_the_relation() {
        let c = text_content("ok", Some("$abc"));
        assert_eq!(c["m.relates_to"]["m.in_reply_to"]["event_id"], "$abc");
        assert_eq!(c["body"], "ok");
        assert!(text_content("ok", None).get("m.relates_to").is_none());
    }

    #[test]
    fn files_get_their_media_type() {
        assert_eq!(mime_for("cohorte.ics").essence_str(), "text/calendar");
        assert_eq!(mime_for("chart.PNG").essence_str(), "image/png");
        assert_eq!(mime_for("x").essence_str(), "application/octet-stream");
    }
}
