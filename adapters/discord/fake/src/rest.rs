//! REST under `/api/v10`: routing, body parsing (JSON or multipart), recording, and the
//! message and channel routes. Interactions and guild routes live in sibling modules.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State as AxumState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use serenity::all::Permissions;

use crate::gateway::{self, dispatch};
use crate::json;
use crate::record::{RecordedFile, RestCall};
use crate::rest_guilds;
use crate::rest_interactions;
use crate::state::{ChannelRef, FakeFile, NewMessage, Shared, State};

/// The fake's answer to one request.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Option<Value>,
    /// Raw bytes and MIME type, for attachment downloads.
    pub(crate) raw: Option<(String, Vec<u8>)>,
}

impl Reply {
    pub(crate) fn ok(body: Value) -> Self {
        Self::with_status(200, body)
    }

    pub(crate) fn with_status(status: u16, body: Value) -> Self {
        Self {
            status,
            body: Some(body),
            raw: None,
        }
    }

    pub(crate) fn no_content() -> Self {
        Self {
            status: 204,
            body: None,
            raw: None,
        }
    }

    /// A Discord JSON error (`{code, message}`), which serenity exposes as `DiscordJsonError`.
    pub(crate) fn error(status: u16, code: u32, message: &str) -> Self {
        Self::with_status(status, json::error(code, message))
    }

    pub(crate) fn not_found() -> Self {
        Self::error(404, 0, "404: Not Found")
    }
}

/// One parsed request, as route handlers see it.
pub(crate) struct Req<'a> {
    pub(crate) method: &'a str,
    pub(crate) segs: Vec<&'a str>,
    pub(crate) body: Value,
    pub(crate) files: Vec<FakeFile>,
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/gateway", get(gateway::upgrade))
        .fallback(handle)
        .with_state(shared)
}

async fn handle(AxumState(shared): AxumState<Arc<Shared>>, req: Request) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let (body, recorded) = read_body(req).await;
    let files = recorded
        .iter()
        .map(|f| FakeFile {
            filename: f.filename.clone().unwrap_or_default(),
            content_type: f
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into()),
            bytes: f.bytes.clone(),
            announced_size: None,
        })
        .collect();
    let reply = route(
        &shared,
        &method,
        &path,
        query.as_deref(),
        body.clone(),
        files,
    );
    shared.rest_log.push(RestCall {
        method,
        path,
        query,
        body,
        files: recorded,
        status: reply.status,
        response: reply.body.clone(),
    });
    into_response(reply)
}

fn into_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some((mime, bytes)) = reply.raw {
        let mut resp = (status, bytes).into_response();
        if let Ok(v) = HeaderValue::from_str(&mime) {
            resp.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        return resp;
    }
    match reply.body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => (status, Body::empty()).into_response(),
    }
}

/// JSON body, or for multipart requests the `payload_json` part and the files.
async fn read_body(req: Request) -> (Option<Value>, Vec<RecordedFile>) {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let bytes = axum::body::to_bytes(req.into_body(), 64 << 20)
            .await
            .unwrap_or_default();
        if bytes.is_empty() {
            return (None, Vec::new());
        }
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        return (Some(body), Vec::new());
    }
    let Ok(mut form) = Multipart::from_request(req, &()).await else {
        return (None, Vec::new());
    };
    let (mut body, mut files) = (None, Vec::new());
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        if name == "payload_json" {
            body = serde_json::from_slice(&bytes).ok();
        } else {
            files.push(RecordedFile {
                field: name,
                filename,
                content_type,
                bytes,
            });
        }
    }
    (body, files)
}

fn route(
    shared: &Shared,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: Option<Value>,
    files: Vec<FakeFile>,
) -> Reply {
    if let Some(rest) = path.strip_prefix("/attachments/") {
        return download(shared, rest);
    }
    let Some(api) = path.strip_prefix("/api/v10") else {
        return Reply::not_found();
    };
    if let Some(reply) = take_fault(shared, method, api) {
        return reply;
    }
    let req = Req {
        method,
        segs: api.trim_matches('/').split('/').collect(),
        body: body.unwrap_or(Value::Null),
        files,
    };
    let st = shared.state();
    let s = &st.scenario;
    match (method, req.segs.as_slice()) {
        ("GET", ["gateway"]) => Reply::ok(json!({ "url": shared.ws_url })),
        ("GET", ["gateway", "bot"]) => Reply::ok(json!({
            "url": shared.ws_url,
            "shards": 1,
            "session_start_limit":
                { "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1 },
        })),
        ("GET", ["users", "@me"]) => Reply::ok(json::current_user(&s.bot)),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            Reply::ok(json::current_application(s))
        }
        ("GET", ["users", id]) => match parse(id).and_then(|id| s.find_user(id)) {
            Some(u) => Reply::ok(json::user(u)),
            None => Reply::error(404, 10013, "Unknown User"),
        },
        ("POST", ["users", "@me", "channels"]) => open_dm(st, &req),
        ("GET", ["channels", c]) => get_channel(&st, c),
        ("POST", ["channels", c, "typing"]) => known_channel(&st, c, Reply::no_content()),
        ("POST", ["channels", c, "messages"]) => send_message(shared, st, c, req),
        ("GET", ["channels", c, "messages"]) => list_messages(&st, c, query),
        ("GET", ["channels", c, "messages", m]) => get_message(&st, c, m),
        ("PATCH", ["channels", c, "messages", m]) => edit_message(shared, st, c, m, req),
        ("DELETE", ["channels", c, "messages", m]) => delete_message(st, c, m),
        ("PUT" | "DELETE", ["channels", c, "messages", m, "reactions", _, "@me"]) => {
            match parse(m).filter(|m| message_in(&st, c, *m).is_some()) {
                Some(_) => Reply::no_content(),
                None => Reply::error(404, 10008, "Unknown Message"),
            }
        }
        ("POST", ["channels", c, "polls", m, "expire"]) => expire_poll(st, c, m),
        ("POST", ["channels", c, "threads"]) => create_thread(st, c, &req.body),
        ("PUT", ["channels", t, "thread-members", u]) => add_thread_member(st, t, u),
        (_, ["interactions", ..] | ["webhooks", ..]) => rest_interactions::route(shared, st, req),
        (_, ["applications", ..] | ["guilds", ..]) => rest_guilds::route(shared, st, req),
        _ => Reply::not_found(),
    }
}

/// `POST /channels/{c}/threads` without a message: a new thread in a guild channel.
fn create_thread(mut st: std::sync::MutexGuard<'_, State>, c: &str, body: &Value) -> Reply {
    let Some((parent, guild)) =
        parse(c).and_then(|c| st.scenario.find_channel(c).map(|(g, _)| (c, g.id)))
    else {
        return Reply::error(404, 10003, "Unknown Channel");
    };
    let Some(name) = body["name"]
        .as_str()
        .filter(|n| !n.is_empty() && n.chars().count() <= 100)
    else {
        return Reply::error(400, 50035, "Invalid Form Body");
    };
    let private = body["type"].as_u64() == Some(12);
    let id = st.next_id();
    let bot = st.scenario.bot.id;
    st.threads.insert(
        id,
        crate::state::Thread {
            parent,
            name: name.to_owned(),
            private,
            members: [bot].into_iter().collect(),
        },
    );
    Reply::ok(json!({
        "id": json::id(id),
        "type": if private { 12 } else { 11 },
        "guild_id": json::id(guild),
        "parent_id": json::id(parent),
        "owner_id": json::id(bot),
        "name": name,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 4320,
            "archive_timestamp": "2027-01-01T00:00:00.000000+00:00",
            "locked": false,
            "invitable": body["invitable"].as_bool().unwrap_or(true),
        },
    }))
}

/// `PUT /channels/{t}/thread-members/{u}`: someone added to a thread (again: no change).
fn add_thread_member(mut st: std::sync::MutexGuard<'_, State>, t: &str, u: &str) -> Reply {
    let (Some(thread), Some(user)) = (parse(t), parse(u)) else {
        return Reply::not_found();
    };
    if st.scenario.find_user(user).is_none() {
        return Reply::error(404, 10013, "Unknown User");
    }
    match st.threads.get_mut(&thread) {
        Some(th) => {
            th.members.insert(user);
            Reply::no_content()
        }
        None => Reply::error(404, 10003, "Unknown Channel"),
    }
}

/// Parses a snowflake path segment.
pub(crate) fn parse(segment: &str) -> Option<u64> {
    segment.parse().ok()
}

fn take_fault(shared: &Shared, method: &str, api: &str) -> Option<Reply> {
    let mut st = shared.state();
    let i = st
        .rest_faults
        .iter()
        .position(|f| (f.matches)(method, api))?;
    let fault = st.rest_faults.remove(i);
    Some(Reply::error(fault.status, fault.code, &fault.message))
}

fn download(shared: &Shared, rest: &str) -> Reply {
    let st = shared.state();
    let file = rest
        .split('/')
        .next()
        .and_then(parse)
        .and_then(|id| st.files.get(&id));
    match file {
        Some(f) => Reply {
            status: 200,
            body: None,
            raw: Some((f.content_type.clone(), f.bytes.clone())),
        },
        None => Reply::not_found(),
    }
}

fn open_dm(mut st: std::sync::MutexGuard<'_, State>, req: &Req<'_>) -> Reply {
    let recipient = req.body["recipient_id"]
        .as_str()
        .and_then(parse)
        .or_else(|| req.body["recipient_id"].as_u64());
    let Some(user) = recipient.and_then(|id| st.scenario.find_user(id)).cloned() else {
        return Reply::error(400, 50033, "Invalid Recipient(s)");
    };
    let channel = st.dm_channel(user.id);
    Reply::ok(json::dm_channel(channel, &user))
}

fn get_channel(st: &State, c: &str) -> Reply {
    match parse(c).and_then(|c| st.resolve_channel(c).map(|r| (c, r))) {
        Some((_, ChannelRef::Guild(g, ch))) => {
            let pos = g.channels.iter().position(|x| x.id == ch.id).unwrap_or(0);
            Reply::ok(json::channel(ch, g.id, pos))
        }
        Some((id, ChannelRef::Dm(u))) => Reply::ok(json::dm_channel(id, u)),
        None => Reply::error(404, 10003, "Unknown Channel"),
    }
}

fn known_channel(st: &State, c: &str, reply: Reply) -> Reply {
    match parse(c).and_then(|c| st.resolve_channel(c)) {
        Some(_) => reply,
        None => Reply::error(404, 10003, "Unknown Channel"),
    }
}

/// The stored message `m` if it belongs to channel `c`.
fn message_in<'a>(st: &'a State, c: &str, m: u64) -> Option<&'a Value> {
    st.messages
        .get(&m)
        .filter(|msg| msg["channel_id"] == json!(c))
}

/// Why the bot may not post in a channel, as Discord reports it.
fn refuse_send(st: &State, channel_id: u64) -> Option<Reply> {
    match st.resolve_channel(channel_id) {
        None => Some(Reply::error(404, 10003, "Unknown Channel")),
        Some(ChannelRef::Dm(u)) if u.dms_closed => Some(Reply::error(
            403,
            50007,
            "Cannot send messages to this user",
        )),
        Some(ChannelRef::Dm(_)) => None,
        Some(ChannelRef::Guild(g, ch)) => {
            let needed = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
            let has = st.scenario.permissions(g, Some(ch), st.scenario.bot.id);
            (!has.contains(needed)).then(|| Reply::error(403, 50013, "Missing Permissions"))
        }
    }
}

/// Descriptions of uploaded files, in upload order, from the body's `attachments` list.
pub(crate) fn descriptions(body: &Value) -> Vec<Option<String>> {
    body["attachments"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["description"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a create-message body has anything to show.
pub(crate) fn is_empty_message(body: &Value, files: &[FakeFile]) -> bool {
    let empty = |k: &str| body[k].is_null() || body[k].as_array().is_some_and(Vec::is_empty);
    body["content"].as_str().unwrap_or_default().is_empty()
        && files.is_empty()
        && empty("embeds")
        && empty("components")
        && empty("sticker_ids")
        && body["poll"].is_null()
}

fn send_message(
    shared: &Shared,
    mut st: std::sync::MutexGuard<'_, State>,
    c: &str,
    req: Req<'_>,
) -> Reply {
    let Some(channel_id) = parse(c) else {
        return Reply::error(404, 10003, "Unknown Channel");
    };
    if let Some(refusal) = refuse_send(&st, channel_id) {
        return refusal;
    }
    if is_empty_message(&req.body, &req.files) {
        return Reply::error(400, 50006, "Cannot send an empty message");
    }
    let nonce = match &req.body["nonce"] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    // With enforce_nonce, Discord answers a repeated nonce with the message it already created.
    if let Some(n) = &nonce
        && req.body["enforce_nonce"].as_bool() == Some(true)
        && let Some(existing) = st.nonces.get(&(channel_id, n.clone()))
        && let Some(msg) = st.messages.get(existing)
    {
        return Reply::ok(msg.clone());
    }
    let attachments = st.store_files(&shared.base_url, req.files, &descriptions(&req.body));
    let bot = st.scenario.bot.id;
    let msg = st.create_message(NewMessage {
        channel_id,
        author_id: bot,
        body: &req.body,
        attachments,
        kind: 0,
        application_id: None,
    });
    if let (Some(n), Some(id)) = (nonce, msg["id"].as_str().and_then(parse)) {
        st.nonces.insert((channel_id, n), id);
    }
    if st.scenario.echo_bot_messages {
        let payload = st.gateway_message(&msg);
        dispatch(&mut st, "MESSAGE_CREATE", payload);
    }
    Reply::ok(msg)
}

fn list_messages(st: &State, c: &str, query: Option<&str>) -> Reply {
    if parse(c).and_then(|c| st.resolve_channel(c)).is_none() {
        return Reply::error(404, 10003, "Unknown Channel");
    }
    let limit = query
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("limit=")))
        .and_then(|l| l.parse().ok())
        .unwrap_or(50usize);
    let list: Vec<Value> = st
        .messages
        .values()
        .rev()
        .filter(|m| m["channel_id"] == json!(c))
        .take(limit)
        .cloned()
        .collect();
    Reply::ok(Value::Array(list))
}

fn get_message(st: &State, c: &str, m: &str) -> Reply {
    match parse(m).and_then(|m| message_in(st, c, m)) {
        Some(msg) => Reply::ok(msg.clone()),
        None => Reply::error(404, 10008, "Unknown Message"),
    }
}

fn edit_message(
    shared: &Shared,
    mut st: std::sync::MutexGuard<'_, State>,
    c: &str,
    m: &str,
    req: Req<'_>,
) -> Reply {
    let Some(id) = parse(m).filter(|m| message_in(&st, c, *m).is_some()) else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    if st.messages[&id]["author"]["id"] != json::id(st.scenario.bot.id) {
        return Reply::error(403, 50005, "Cannot edit a message authored by another user");
    }
    let new = st.store_files(&shared.base_url, req.files, &[]);
    let Some(msg) = st.edit_message(id, &req.body, new) else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    let payload = st.gateway_message(&msg);
    dispatch(&mut st, "MESSAGE_UPDATE", payload);
    Reply::ok(msg)
}

fn delete_message(mut st: std::sync::MutexGuard<'_, State>, c: &str, m: &str) -> Reply {
    let Some(id) = parse(m).filter(|m| message_in(&st, c, *m).is_some()) else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    let msg = st.messages.remove(&id).unwrap_or_default();
    let mut d = json!({ "id": msg["id"], "channel_id": msg["channel_id"] });
    if let Some(g) = msg.get("guild_id") {
        d["guild_id"] = g.clone();
    }
    dispatch(&mut st, "MESSAGE_DELETE", d);
    Reply::no_content()
}

fn expire_poll(mut st: std::sync::MutexGuard<'_, State>, c: &str, m: &str) -> Reply {
    let Some(id) =
        parse(m).filter(|m| message_in(&st, c, *m).is_some_and(|x| x["poll"].is_object()))
    else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    st.refresh_poll(id, true);
    Reply::ok(st.messages[&id].clone())
}
