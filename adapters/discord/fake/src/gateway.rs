//! The gateway WebSocket: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME, and the
//! sequenced dispatch of injected events.

use std::sync::Arc;

use axum::extract::State as AxumState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::json;
use crate::record::GatewayFrame;
use crate::state::{Live, Outbound, Session, Shared, State};

const GUILDS: u64 = 1 << 0;
const GUILD_MESSAGES: u64 = 1 << 9;
const DIRECT_MESSAGES: u64 = 1 << 12;
const MESSAGE_CONTENT: u64 = 1 << 15;
const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;
const GUILD_MESSAGE_POLLS: u64 = 1 << 24;
const DIRECT_MESSAGE_POLLS: u64 = 1 << 25;

pub(crate) async fn upgrade(
    AxumState(shared): AxumState<Arc<Shared>>,
    ws: WebSocketUpgrade,
) -> Response {
    ws.on_upgrade(move |socket| run_connection(shared, socket))
}

async fn run_connection(shared: Arc<Shared>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = unbounded_channel();
    let (connection, interval) = {
        let mut st = shared.state();
        st.gateway.next_connection += 1;
        (st.gateway.next_connection, st.scenario.heartbeat_interval)
    };
    let hello = json!({ "op": 10, "s": null, "t": null,
        "d": { "heartbeat_interval": u64::try_from(interval.as_millis()).unwrap_or(1000) } });
    let _ = tx.send(Outbound::Frame(hello));
    let mut stop = shared.stop.subscribe();
    loop {
        tokio::select! {
            _ = async { stop.wait_for(|s| *s).await.is_ok() } => {
                let frame = CloseFrame { code: 1001, reason: "fake Discord stopped".into() };
                let _ = sink.send(Message::Close(Some(frame))).await;
                break;
            }
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => on_frame(&shared, connection, &tx, text.as_str()),
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            out = rx.recv() => match out {
                Some(Outbound::Frame(frame)) => {
                    let text = frame.to_string();
                    shared.gateway_log.push(frame_record(connection, false, frame));
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Outbound::Close(code, reason)) => {
                    let frame = CloseFrame { code, reason: reason.into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
                None => break,
            },
        }
    }
    let mut st = shared.state();
    if st
        .gateway
        .live
        .as_ref()
        .is_some_and(|l| l.connection == connection)
    {
        st.gateway.live = None;
    }
    st.gateway.silent.remove(&connection);
}

fn frame_record(connection: u64, from_bot: bool, frame: Value) -> GatewayFrame {
    GatewayFrame {
        connection,
        from_bot,
        op: frame["op"].as_u64().unwrap_or(u64::MAX),
        t: frame["t"].as_str().map(str::to_owned),
        s: frame["s"].as_u64(),
        d: frame.get("d").cloned().unwrap_or(Value::Null),
    }
}

fn on_frame(shared: &Shared, connection: u64, tx: &UnboundedSender<Outbound>, text: &str) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        // Discord closes with 4002 "decode error" on a frame it cannot parse.
        let _ = tx.send(Outbound::Close(
            4002,
            "Error while decoding payload.".into(),
        ));
        return;
    };
    shared
        .gateway_log
        .push(frame_record(connection, true, frame.clone()));
    let d = frame.get("d").cloned().unwrap_or(Value::Null);
    match frame["op"].as_u64() {
        Some(1) if !shared.state().gateway.silent.contains(&connection) => {
            let _ = tx.send(Outbound::Frame(
                json!({ "op": 11, "d": null, "s": null, "t": null }),
            ));
        }
        Some(2) => identify(shared, connection, tx, &d),
        Some(6) => resume(shared, connection, tx, &d),
        _ => {}
    }
}

fn identify(shared: &Shared, connection: u64, tx: &UnboundedSender<Outbound>, d: &Value) {
    let mut st = shared.state();
    st.gateway.next_session += 1;
    let session_id = format!("fake-session-{}", st.gateway.next_session);
    let intents = d["intents"].as_u64().unwrap_or(0);
    st.gateway.sessions.insert(
        session_id.clone(),
        Session {
            seq: 0,
            intents,
            log: Vec::new(),
        },
    );
    st.gateway.live = Some(Live {
        connection,
        session_id: session_id.clone(),
        tx: tx.clone(),
    });
    let ready = json::ready(&st.scenario, &session_id, &shared.ws_url);
    dispatch(&mut st, "READY", ready);
    let guilds: Vec<Value> = st
        .scenario
        .guilds
        .iter()
        .map(|g| json::guild_create(&st.scenario, g))
        .collect();
    for g in guilds {
        dispatch(&mut st, "GUILD_CREATE", g);
    }
    flush_pending(&mut st);
}

fn resume(shared: &Shared, connection: u64, tx: &UnboundedSender<Outbound>, d: &Value) {
    let mut st = shared.state();
    let session_id = d["session_id"].as_str().unwrap_or_default().to_owned();
    let last_seen = d["seq"].as_u64().unwrap_or(0);
    let Some(session) = st.gateway.sessions.get(&session_id) else {
        let _ = tx.send(Outbound::Frame(
            json!({ "op": 9, "d": false, "s": null, "t": null }),
        ));
        return;
    };
    // Discord replays what the bot missed before RESUMED.
    for (_, frame) in session.log.iter().filter(|(seq, _)| *seq > last_seen) {
        let _ = tx.send(Outbound::Frame(frame.clone()));
    }
    st.gateway.live = Some(Live {
        connection,
        session_id,
        tx: tx.clone(),
    });
    dispatch(&mut st, "RESUMED", json!({ "_trace": ["fake-discord"] }));
    flush_pending(&mut st);
}

fn flush_pending(st: &mut State) {
    for (t, d) in std::mem::take(&mut st.gateway.pending) {
        dispatch(st, &t, d);
    }
}

/// Sends a dispatch (op 0) with the next sequence number to the live connection, or keeps it
/// for the next READY/RESUMED when none is live.
pub(crate) fn dispatch(st: &mut State, t: &str, d: Value) {
    check_serenity_parses(st, t, &d);
    let bot_id = st.scenario.bot.id;
    let gw = &mut st.gateway;
    let Some(live) = gw.live.as_ref() else {
        gw.pending.push((t.to_owned(), d));
        return;
    };
    let Some(session) = gw.sessions.get_mut(&live.session_id) else {
        gw.pending.push((t.to_owned(), d));
        return;
    };
    let Some(filtered) = apply_intents(t, d.clone(), session.intents, bot_id) else {
        gw.dropped.push((t.to_owned(), d));
        return;
    };
    session.seq += 1;
    let frame = json!({ "op": 0, "t": t, "s": session.seq, "d": filtered });
    session.log.push((session.seq, frame.clone()));
    if live.tx.send(Outbound::Frame(frame)).is_err() {
        gw.live = None;
        gw.pending.push((t.to_owned(), d));
    }
}

/// Records dispatches serenity would turn into `Event::Unknown`: a fake bug, not a bot bug.
fn check_serenity_parses(st: &mut State, t: &str, d: &Value) {
    let parsed = serde_json::from_value::<serenity::all::Event>(json!({ "t": t, "d": d }));
    match parsed {
        Ok(serenity::all::Event::Unknown(_)) => {
            tracing::error!(t, "fake Discord sent a dispatch serenity cannot parse");
            st.invalid_dispatches.push(format!("{t}: {d}"));
        }
        Err(e) => st.invalid_dispatches.push(format!("{t}: {e}: {d}")),
        Ok(_) => {}
    }
}

/// Discord's intent rules: events the bot did not ask for are not sent, and without the
/// privileged MESSAGE_CONTENT intent guild messages arrive without their content unless they
/// mention the bot or are the bot's own.
fn apply_intents(t: &str, mut d: Value, intents: u64, bot_id: u64) -> Option<Value> {
    let in_guild = d.get("guild_id").is_some_and(|g| !g.is_null());
    let required = match t {
        "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE" if in_guild => GUILD_MESSAGES,
        "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE" => DIRECT_MESSAGES,
        "MESSAGE_POLL_VOTE_ADD" | "MESSAGE_POLL_VOTE_REMOVE" if in_guild => GUILD_MESSAGE_POLLS,
        "MESSAGE_POLL_VOTE_ADD" | "MESSAGE_POLL_VOTE_REMOVE" => DIRECT_MESSAGE_POLLS,
        "GUILD_CREATE" | "GUILD_UPDATE" | "CHANNEL_CREATE" | "CHANNEL_UPDATE" => GUILDS,
        t if t.starts_with("GUILD_SCHEDULED_EVENT") => GUILD_SCHEDULED_EVENTS,
        _ => 0,
    };
    if intents & required != required {
        return None;
    }
    let is_message = t == "MESSAGE_CREATE" || t == "MESSAGE_UPDATE";
    if is_message && in_guild && intents & MESSAGE_CONTENT == 0 {
        let own = d["author"]["id"] == json::id(bot_id);
        let mentioned = d["mentions"]
            .as_array()
            .is_some_and(|m| m.iter().any(|u| u["id"] == json::id(bot_id)));
        if !own && !mentioned {
            d["content"] = json!("");
            d["embeds"] = json!([]);
            d["attachments"] = json!([]);
            d["components"] = json!([]);
            if let Some(obj) = d.as_object_mut() {
                obj.remove("poll");
            }
        }
    }
    Some(d)
}
