//! From the outbox to Matrix: text as Markdown-rendered HTML, replies as Matrix replies, files
//! as uploads, DMs in one reused room per person, outbox keys as transaction ids.
//!
//! Polls that Matrix can hold (single or multiple choice, not anonymous) go out as native
//! MSC3381 polls, the unstable `org.matrix.msc3381.*` events that Element shows, with the text
//! announcement as the fallback for other clients. Their live updates go in one message
//! threaded under the poll, edited at each update: Element shows the native poll's own counts
//! in place, and an edit of the poll itself would be refused by Element once votes exist. The
//! closing results also end the native poll (`m.poll.end`). Other messages that replace an
//! earlier one are `m.replace` edits of it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use bot::dispatch::{Deliver, DeliveryError};
use bot::store::polls::PollKind;
use bot::store::{self, Destination, MessageExtra, OutboxMessage, Store};
use matrix_sdk::attachment::AttachmentConfig;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedTransactionId, OwnedUserId, RoomId};
use matrix_sdk::{Client, Room, RoomMemberships, RoomState};
use pulldown_cmark::{Event as MdEvent, Options, Parser};
use serde_json::json;
use tracing::Instrument;

/// How often one message is retried at once when the homeserver says "too fast".
const RATE_LIMIT_RETRIES: usize = 5;
/// How many passes a message waits for a room the bot has not joined yet before giving up.
const UNKNOWN_ROOM_ATTEMPTS: i64 = 30;
/// MSC3381 allows at most this many answers; a longer poll stays text.
const MAX_NATIVE_ANSWERS: usize = 20;

/// The unstable (MSC3381) poll event types: what Element sends and understands today.
pub(crate) const POLL_START: &str = "org.matrix.msc3381.poll.start";
pub(crate) const POLL_END: &str = "org.matrix.msc3381.poll.end";
const TEXT_BLOCK: &str = "org.matrix.msc1767.text";

/// Native polls the bot started: their start event id and their number in the cohort, so a
/// vote on one becomes `!vote #<number> …`. Shared by the sink, which fills it, and the sync
/// handlers, which read it (and fall back on the outbox after a restart).
pub(crate) type PollIndex = Mutex<HashMap<OwnedEventId, u32>>;

/// Delivers outbox messages with a logged-in client.
#[derive(Debug)]
pub struct MatrixSink {
    pub(crate) client: Client,
    /// Where delivered poll announcements record their event id.
    pub(crate) store: Store,
    /// DM rooms found or created, so each person gets one DM room, not one per message.
    dm_rooms: Mutex<HashMap<OwnedUserId, OwnedRoomId>>,
    /// The native polls started, shared with the sync handlers.
    polls: std::sync::Arc<PollIndex>,
    /// Where the time of each reply went (shared with the sync handlers).
    probe: std::sync::Arc<crate::latency::Probe>,
}

impl MatrixSink {
    /// A sink sending as `client`, recording platform ids in `store`.
    pub fn new(client: Client, store: Store) -> Self {
        Self::with_polls(client, store, Default::default())
    }

    /// A sink that records the native polls it starts in `polls`, where the sync handlers
    /// look up the poll behind a vote.
    pub(crate) fn with_polls(
        client: Client,
        store: Store,
        polls: std::sync::Arc<PollIndex>,
    ) -> Self {
        MatrixSink {
            client,
            store,
            dm_rooms: Mutex::new(HashMap::new()),
            polls,
            probe: Default::default(),
        }
    }

    /// Shares the latency probe of the sync handlers.
    pub(crate) fn with_probe(mut self, probe: std::sync::Arc<crate::latency::Probe>) -> Self {
        self.probe = probe;
        self
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
            Destination::Space(space) => self.group_room(space).await,
        }
    }

    /// The DM room with `user`: remembered, else from the account's `m.direct`, else new —
    /// and in every case a room whose only members are the bot and `user`. Someone could
    /// invite the bot to a room of three flagged `is_direct`, or the person could have left:
    /// a private message must never land where another person reads it.
    async fn dm_room(&self, user: &OwnedUserId) -> Result<Room, DeliveryError> {
        let known = self
            .dm_rooms
            .lock()
            .expect("dm rooms lock")
            .get(user)
            .cloned();
        if let Some(room) = known.and_then(|id| self.client.get_room(&id))
            && self.only_us(&room, user).await
        {
            return Ok(room);
        }
        let room = match self.client.get_dm_room(user) {
            Some(room) if self.only_us(&room, user).await => room,
            _ => {
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

    /// Whether `room` is joined by the bot and holds nobody but the bot and `user` (joined or
    /// invited).
    async fn only_us(&self, room: &Room, user: &OwnedUserId) -> bool {
        if room.state() != RoomState::Joined {
            return false;
        }
        let Some(me) = self.client.user_id() else {
            return false;
        };
        let Ok(members) = room
            .members(RoomMemberships::JOIN | RoomMemberships::INVITE)
            .await
        else {
            return false;
        };
        let mut has_user = false;
        for m in &members {
            if m.user_id() == user {
                has_user = true;
            } else if m.user_id() != me {
                return false;
            }
        }
        has_user
    }

    async fn send_text(
        &self,
        room: &Room,
        msg: &OutboxMessage,
    ) -> Result<OwnedEventId, DeliveryError> {
        let content = text_content(&msg.body, msg.in_reply_to.as_deref());
        let sent = std::time::Instant::now();
        let event = send(
            room,
            "m.room.message",
            content,
            transaction_id(&msg.key, None),
        )
        .instrument(tracing::debug_span!("reply request"))
        .await?;
        if let Some(asked) = &msg.in_reply_to {
            self.probe.replied(asked, sent);
        }
        Ok(event)
    }

    /// Records the event id of a delivered message that a later one may edit or refer to.
    async fn remember(&self, key: &str, event: &OwnedEventId) -> Result<(), DeliveryError> {
        let mut conn = self.store.pool().acquire().await.map_err(retry)?;
        store::outbox::set_platform_id(&mut conn, key, event.as_str())
            .await
            .map_err(retry)
    }

    /// A poll announcement as a native poll; its start event is remembered for votes and edits.
    async fn send_poll_start(
        &self,
        room: &Room,
        msg: &OutboxMessage,
        number: u32,
        content: serde_json::Value,
    ) -> Result<(), DeliveryError> {
        let event = send(room, POLL_START, content, transaction_id(&msg.key, None)).await?;
        self.polls
            .lock()
            .expect("poll index lock")
            .insert(event.clone(), number);
        self.remember(&msg.key, &event).await
    }

    /// A live update of a native poll: one message threaded under the poll, edited afterwards.
    async fn send_live_update(
        &self,
        room: &Room,
        msg: &OutboxMessage,
        start: &str,
        announcement_key: &str,
    ) -> Result<(), DeliveryError> {
        let earlier = {
            let mut conn = self.store.pool().acquire().await.map_err(retry)?;
            store::outbox::latest_replacement_id(&mut conn, announcement_key)
                .await
                .map_err(retry)?
        };
        let event = match earlier {
            Some(live) => {
                let content = edit_content(&msg.body, &live);
                send(
                    room,
                    "m.room.message",
                    content,
                    transaction_id(&msg.key, None),
                )
                .await?;
                OwnedEventId::try_from(live).map_err(|e| DeliveryError::Permanent(e.to_string()))?
            }
            None => {
                let mut content = text_content(&msg.body, None);
                content["m.relates_to"] = json!({
                    "rel_type": "m.thread",
                    "event_id": start,
                    "is_falling_back": true,
                    "m.in_reply_to": { "event_id": start },
                });
                send(
                    room,
                    "m.room.message",
                    content,
                    transaction_id(&msg.key, None),
                )
                .await?
            }
        };
        self.remember(&msg.key, &event).await
    }

    /// Closing results: the text, then the end of the native poll if there was one.
    async fn send_results(
        &self,
        room: &Room,
        msg: &OutboxMessage,
        number: u32,
    ) -> Result<(), DeliveryError> {
        if !msg.body.trim().is_empty() {
            self.send_text(room, msg).await?;
        }
        let start = {
            let mut conn = self.store.pool().acquire().await.map_err(retry)?;
            match store::outbox::poll_announcement_id(&mut conn, &msg.destination, number)
                .await
                .map_err(retry)?
            {
                // Only a native poll has an end; a text one was announced as a plain message.
                Some(id) => store::outbox::by_platform_id(&mut conn, &id)
                    .await
                    .map_err(retry)?
                    .filter(|announcement| native_poll(announcement).is_some())
                    .map(|_| id),
                None => None,
            }
        };
        if let Some(start) = start {
            let content = json!({
                "org.matrix.msc3381.poll.end": {},
                TEXT_BLOCK: msg.body,
                "body": msg.body,
                "m.relates_to": { "rel_type": "m.reference", "event_id": start },
            });
            let txn = OwnedTransactionId::from(format!("{}:end", msg.key));
            send(room, POLL_END, content, txn).await?;
        }
        Ok(())
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
        let native = native_poll(msg);
        let replaced = match &msg.replaces {
            Some(key) => {
                let mut conn = self.store.pool().acquire().await.map_err(retry)?;
                store::outbox::platform_id(&mut conn, key)
                    .await
                    .map_err(retry)?
                    .map(|id| (key.as_str(), id))
            }
            None => None,
        };
        let replacing = msg.replaces.is_some();
        match (&msg.extra, native, replaced) {
            (_, Some(_), Some((key, start))) => {
                self.send_live_update(&room, msg, &start, key).await?
            }
            // An update whose announcement was never recorded goes out as text below, not as a
            // second poll.
            (Some(MessageExtra::Poll { number, .. }), Some(content), None) if !replacing => {
                self.send_poll_start(&room, msg, *number, content).await?
            }
            (Some(MessageExtra::PollResults { number }), _, _) => {
                self.send_results(&room, msg, *number).await?
            }
            (_, None, Some((_, earlier))) => {
                let content = edit_content(&msg.body, &earlier);
                send(
                    &room,
                    "m.room.message",
                    content,
                    transaction_id(&msg.key, None),
                )
                .await?;
                // Edits always refer to the original event, never to an earlier edit.
                let original = OwnedEventId::try_from(earlier)
                    .map_err(|e| DeliveryError::Permanent(e.to_string()))?;
                self.remember(&msg.key, &original).await?;
            }
            _ if !msg.body.trim().is_empty() => {
                let event = self.send_text(&room, msg).await?;
                // Text poll announcements (anonymous, majority judgment) are edited by their
                // live updates, and reactions on check-in messages answer them; other messages
                // are never referred to, so cost no write.
                let referred_to = matches!(
                    msg.extra,
                    Some(
                        MessageExtra::Poll { .. }
                            | MessageExtra::CheckIn { .. }
                            | MessageExtra::Attendance { .. }
                    )
                );
                if !replacing && referred_to {
                    self.remember(&msg.key, &event).await?;
                }
            }
            _ => {}
        }
        for (i, path) in msg.attachments.iter().enumerate() {
            self.send_file(&room, msg, i, path).await?;
        }
        Ok(())
    }
}

/// The native poll content for a poll announcement Matrix can hold: single or multiple choice,
/// not anonymous (who voted what is visible in a Matrix room), at most 20 options. The answer
/// ids are the 1-based option numbers, so a vote translates to `!vote` as is.
fn native_poll(msg: &OutboxMessage) -> Option<serde_json::Value> {
    let Some(MessageExtra::Poll {
        question,
        options,
        kind,
        max,
        anonymous: false,
        ..
    }) = &msg.extra
    else {
        return None;
    };
    let max_selections = match kind {
        PollKind::Single => 1,
        PollKind::Multiple => max.unwrap_or(options.len()).clamp(1, options.len().max(1)),
        PollKind::Judgment => return None,
    };
    if options.is_empty() || options.len() > MAX_NATIVE_ANSWERS {
        return None;
    }
    let answers: Vec<_> = options
        .iter()
        .enumerate()
        .map(|(i, o)| json!({ "id": (i + 1).to_string(), TEXT_BLOCK: o }))
        .collect();
    Some(json!({
        POLL_START: {
            "question": { TEXT_BLOCK: question, "body": question, "msgtype": "m.text" },
            "kind": "org.matrix.msc3381.poll.disclosed",
            "max_selections": max_selections,
            "answers": answers,
        },
        // Clients without polls show the announcement, which says how to vote with `!vote`.
        TEXT_BLOCK: msg.body,
        "body": msg.body,
    }))
}

/// An `m.replace` edit of `event` with `body` as its new text.
pub(crate) fn edit_content(body: &str, event: &str) -> serde_json::Value {
    let new = text_content(body, None);
    json!({
        "msgtype": "m.text",
        "body": format!("* {body}"),
        "format": "org.matrix.custom.html",
        "formatted_body": format!("* {}", new["formatted_body"].as_str().unwrap_or_default()),
        "m.new_content": new,
        "m.relates_to": { "rel_type": "m.replace", "event_id": event },
    })
}

/// Sends one event with its transaction id, through rate limits; returns its event id.
async fn send(
    room: &Room,
    event_type: &str,
    content: serde_json::Value,
    txn: OwnedTransactionId,
) -> Result<OwnedEventId, DeliveryError> {
    let mut content = content;
    // Intentional mentions, empty: `@room` or a name in a body the bot repeats from someone
    // else's words notifies nobody (clients and servers that know `m.mentions` go by it).
    if let Some(fields) = content.as_object_mut()
        && !fields.contains_key("m.mentions")
    {
        fields.insert("m.mentions".to_owned(), json!({}));
    }
    retry_rate_limited(|| async {
        room.send_raw(event_type, content.clone())
            .with_transaction_id(&txn)
            .await
            .map(|sent| sent.response.event_id)
    })
    .await
}

pub(crate) fn retry(e: impl std::fmt::Display) -> DeliveryError {
    DeliveryError::Retry(e.to_string())
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
async fn retry_rate_limited<F, Fut, T>(mut send: F) -> Result<T, DeliveryError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = matrix_sdk::Result<T>>,
{
    let mut tries = 0;
    loop {
        match send().await {
            Ok(sent) => return Ok(sent),
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
pub(crate) fn classify(e: matrix_sdk::Error) -> DeliveryError {
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
