//! Interaction callbacks and the interaction webhook (original response, follow-ups).

use std::sync::MutexGuard;

use serde_json::{Value, json};

use crate::gateway::dispatch;
use crate::rest::{Reply, Req, descriptions, parse};
use crate::state::{InteractionRecord, NewMessage, Shared, State};

const EPHEMERAL: u64 = 1 << 6;
const LOADING: u64 = 1 << 7;

pub(crate) fn route(shared: &Shared, st: MutexGuard<'_, State>, req: Req<'_>) -> Reply {
    match (req.method, req.segs.as_slice()) {
        ("POST", ["interactions", id, token, "callback"]) => {
            let (id, token) = (parse(id), (*token).to_owned());
            callback(shared, st, id, &token, req)
        }
        ("POST", ["webhooks", app, token]) => {
            let token = (*token).to_owned();
            follow_up(shared, st, app, &token, req)
        }
        (method, ["webhooks", app, token, "messages", m]) => {
            let (token, m) = ((*token).to_owned(), (*m).to_owned());
            webhook_message(shared, st, app, &token, &m, method, req)
        }
        _ => Reply::not_found(),
    }
}

fn callback(
    shared: &Shared,
    mut st: MutexGuard<'_, State>,
    id: Option<u64>,
    token: &str,
    req: Req<'_>,
) -> Reply {
    let deadline = st.scenario.interaction_deadline;
    let Some(id) = id.filter(|id| st.interactions.get(id).is_some_and(|r| r.token == token)) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    let rec = st.interactions[&id].clone();
    if rec.acknowledged {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    if rec.created.elapsed() > deadline {
        return Reply::error(404, 10062, "Unknown interaction");
    }
    let data = req.body.get("data").cloned().unwrap_or_else(|| json!({}));
    let flags = data["flags"].as_u64().unwrap_or(0);
    let mut original = rec.original_message;
    let mut modal = None;
    match req.body["type"].as_u64() {
        Some(1 | 6 | 8) => {}
        Some(4) => {
            let attachments = st.store_files(&shared.base_url, req.files, &descriptions(&data));
            let msg = response_message(&mut st, &rec, &data, attachments);
            original = msg["id"].as_str().and_then(parse);
            echo(&mut st, &msg, flags);
        }
        Some(5) => {
            // A deferred response shows "thinking…" until the bot edits @original.
            let body = json!({ "content": "", "flags": flags | LOADING });
            let msg = response_message(&mut st, &rec, &body, Vec::new());
            original = msg["id"].as_str().and_then(parse);
        }
        Some(7) => {
            let Some(source) = rec.source_message else {
                return Reply::error(
                    400,
                    50035,
                    "Invalid Form Body: UPDATE_MESSAGE needs a message",
                );
            };
            let new = st.store_files(&shared.base_url, req.files, &[]);
            if let Some(msg) = st.edit_message(source, &data, new) {
                echo_update(&mut st, &msg);
            }
        }
        Some(9) => modal = data["custom_id"].as_str().map(str::to_owned),
        _ => {
            return Reply::error(
                400,
                50035,
                "Invalid Form Body: unknown interaction response type",
            );
        }
    }
    if let Some(r) = st.interactions.get_mut(&id) {
        r.acknowledged = true;
        r.original_message = original;
        r.modal_custom_id = modal;
    }
    Reply::no_content()
}

/// The message an interaction response creates in the interaction's channel.
fn response_message(
    st: &mut State,
    rec: &InteractionRecord,
    body: &Value,
    attachments: Vec<Value>,
) -> Value {
    let (bot, app) = (st.scenario.bot.id, st.scenario.application_id);
    let mut msg = st.create_message(NewMessage {
        channel_id: rec.channel_id,
        author_id: bot,
        body,
        attachments,
        // Responses to slash commands are type 20 (CHAT_INPUT_COMMAND), others type 0.
        kind: if rec.kind == 2 { 20 } else { 0 },
        application_id: Some(app),
    });
    msg["interaction_metadata"] = rec.metadata.clone();
    if let Some(id) = msg["id"].as_str().and_then(parse) {
        st.messages.insert(id, msg.clone());
    }
    msg
}

/// Discord does not send ephemeral messages to the bot's gateway, only visible ones.
fn echo(st: &mut State, msg: &Value, flags: u64) {
    if st.scenario.echo_bot_messages && flags & EPHEMERAL == 0 {
        let payload = st.gateway_message(msg);
        dispatch(st, "MESSAGE_CREATE", payload);
    }
}

fn echo_update(st: &mut State, msg: &Value) {
    if msg["flags"].as_u64().unwrap_or(0) & EPHEMERAL == 0 {
        let payload = st.gateway_message(msg);
        dispatch(st, "MESSAGE_UPDATE", payload);
    }
}

fn by_token(st: &State, app: &str, token: &str) -> Option<u64> {
    if parse(app) != Some(st.scenario.application_id) {
        return None;
    }
    st.interactions
        .iter()
        .find(|(_, r)| r.token == token)
        .map(|(id, _)| *id)
}

fn follow_up(
    shared: &Shared,
    mut st: MutexGuard<'_, State>,
    app: &str,
    token: &str,
    req: Req<'_>,
) -> Reply {
    // The webhook only exists once the interaction has been answered or deferred.
    let Some(id) = by_token(&st, app, token).filter(|id| st.interactions[id].acknowledged) else {
        return Reply::error(404, 10015, "Unknown Webhook");
    };
    let rec = st.interactions[&id].clone();
    let attachments = st.store_files(&shared.base_url, req.files, &descriptions(&req.body));
    let msg = response_message(&mut st, &rec, &req.body, attachments);
    echo(&mut st, &msg, req.body["flags"].as_u64().unwrap_or(0));
    Reply::ok(msg)
}

fn webhook_message(
    shared: &Shared,
    mut st: MutexGuard<'_, State>,
    app: &str,
    token: &str,
    m: &str,
    method: &str,
    req: Req<'_>,
) -> Reply {
    let Some(id) = by_token(&st, app, token) else {
        return Reply::error(404, 10015, "Unknown Webhook");
    };
    let message_id = if m == "@original" {
        st.interactions[&id].original_message
    } else {
        parse(m)
    };
    let Some(message_id) = message_id.filter(|m| st.messages.contains_key(m)) else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    match method {
        "GET" => Reply::ok(st.messages[&message_id].clone()),
        "PATCH" => {
            let new = st.store_files(&shared.base_url, req.files, &descriptions(&req.body));
            let was_loading =
                st.messages[&message_id]["flags"].as_u64().unwrap_or(0) & LOADING != 0;
            let Some(mut msg) = st.edit_message(message_id, &req.body, new) else {
                return Reply::error(404, 10008, "Unknown Message");
            };
            if was_loading {
                // Editing a deferred response replaces the "thinking…" placeholder.
                let flags = msg["flags"].as_u64().unwrap_or(0) & !LOADING;
                msg["flags"] = json!(flags);
                msg["edited_timestamp"] = Value::Null;
                st.messages.insert(message_id, msg.clone());
                echo(&mut st, &msg, flags);
            } else {
                echo_update(&mut st, &msg);
            }
            Reply::ok(msg)
        }
        "DELETE" => {
            st.messages.remove(&message_id);
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}
