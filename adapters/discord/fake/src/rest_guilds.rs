//! Application commands, guild reads and scheduled events.

use std::sync::MutexGuard;

use serde_json::{Value, json};

use crate::gateway::dispatch;
use crate::json;
use crate::rest::{Reply, Req, parse};
use crate::state::{Shared, State};

pub(crate) fn route(_shared: &Shared, st: MutexGuard<'_, State>, req: Req<'_>) -> Reply {
    let segs = req.segs.clone();
    match (req.method, segs.as_slice()) {
        (m, ["applications", app, "commands", rest @ ..]) => {
            if parse(app) != Some(st.scenario.application_id) {
                return Reply::error(403, 50001, "Missing Access");
            }
            commands(st, None, m, rest, &req.body)
        }
        (m, ["applications", app, "guilds", g, "commands", rest @ ..]) => {
            if parse(app) != Some(st.scenario.application_id) {
                return Reply::error(403, 50001, "Missing Access");
            }
            let Some(g) = parse(g).filter(|g| st.scenario.find_guild(*g).is_some()) else {
                return Reply::error(404, 10004, "Unknown Guild");
            };
            commands(st, Some(g), m, rest, &req.body)
        }
        (m, ["guilds", g, rest @ ..]) => {
            let Some(g) = parse(g).filter(|g| st.scenario.find_guild(*g).is_some()) else {
                return Reply::error(404, 10004, "Unknown Guild");
            };
            guild(st, g, m, rest, &req.body)
        }
        _ => Reply::not_found(),
    }
}

/// Completes a command as registered: Discord adds ids, version and defaults.
fn registered(st: &mut State, body: &Value, id: Option<u64>, guild: Option<u64>) -> Value {
    let id = id.unwrap_or_else(|| st.next_id());
    let version = st.next_id();
    let mut cmd = body.clone();
    if !cmd.is_object() {
        cmd = json!({});
    }
    cmd["id"] = json::id(id);
    cmd["application_id"] = json::id(st.scenario.application_id);
    cmd["version"] = json::id(version);
    cmd["guild_id"] = guild.map_or(Value::Null, json::id);
    for (key, default) in [
        ("type", json!(1)),
        ("description", json!("")),
        ("options", json!([])),
        ("default_member_permissions", Value::Null),
        ("nsfw", json!(false)),
    ] {
        if cmd.get(key).is_none_or(Value::is_null) {
            cmd[key] = default;
        }
    }
    cmd
}

fn command_id(cmd: &Value) -> Option<u64> {
    cmd["id"].as_str().and_then(parse)
}

/// Whether a registered command `c` and a submitted one `b` are the same command: same name
/// and type (a submission without a type is a slash command).
fn same_command(c: &Value, b: &Value) -> bool {
    c["name"] == b["name"] && c["type"] == b.get("type").cloned().unwrap_or(json!(1))
}

/// What a command request does: the command list it leaves and its reply, or a reply alone
/// when it changes nothing.
type CommandChange = Result<(Vec<Value>, Reply), Reply>;

fn commands(
    mut st: MutexGuard<'_, State>,
    guild: Option<u64>,
    method: &str,
    rest: &[&str],
    body: &Value,
) -> Reply {
    let current = match guild {
        None => st.global_commands.clone(),
        Some(g) => st.guild_commands.get(&g).cloned().unwrap_or_default(),
    };
    let change = match (method, rest) {
        ("GET", []) => Err(Reply::ok(Value::Array(current))),
        ("PUT", []) => overwrite_commands(&mut st, current, guild, body),
        ("POST", []) => Ok(create_command(&mut st, current, guild, body)),
        (m, [id]) => command_by_id(&mut st, current, guild, m, id, body),
        _ => Err(Reply::not_found()),
    };
    let (list, reply) = match change {
        Ok(changed) => changed,
        Err(reply) => return reply,
    };
    match guild {
        None => st.global_commands = list,
        Some(g) => {
            st.guild_commands.insert(g, list);
        }
    }
    reply
}

/// `PUT …/commands`: replaces every command at once.
fn overwrite_commands(
    st: &mut State,
    current: Vec<Value>,
    guild: Option<u64>,
    body: &Value,
) -> CommandChange {
    let Some(new) = body.as_array() else {
        return Err(Reply::error(400, 50035, "Invalid Form Body"));
    };
    // A bulk overwrite keeps the ids of commands whose name did not change.
    let list: Vec<Value> = new
        .iter()
        .map(|b| {
            let keep = current
                .iter()
                .find(|c| same_command(c, b))
                .and_then(command_id);
            registered(st, b, keep, guild)
        })
        .collect();
    Ok((list.clone(), Reply::ok(Value::Array(list))))
}

/// `POST …/commands`: creates a command, or replaces the one of the same name (200, not 201).
fn create_command(
    st: &mut State,
    current: Vec<Value>,
    guild: Option<u64>,
    body: &Value,
) -> (Vec<Value>, Reply) {
    let existing = current
        .iter()
        .find(|c| same_command(c, body))
        .and_then(command_id);
    let cmd = registered(st, body, existing, guild);
    let mut list: Vec<Value> = current
        .into_iter()
        .filter(|c| existing.is_none() || command_id(c) != existing)
        .collect();
    list.push(cmd.clone());
    (
        list,
        Reply::with_status(if existing.is_some() { 200 } else { 201 }, cmd),
    )
}

/// `GET`, `DELETE` or `PATCH …/commands/{id}`.
fn command_by_id(
    st: &mut State,
    current: Vec<Value>,
    guild: Option<u64>,
    method: &str,
    id: &str,
    body: &Value,
) -> CommandChange {
    let Some(found) = current.iter().find(|c| c["id"] == json!(id)).cloned() else {
        return Err(Reply::error(404, 10063, "Unknown application command"));
    };
    match method {
        "GET" => Err(Reply::ok(found)),
        "DELETE" => {
            let list = current
                .into_iter()
                .filter(|c| c["id"] != json!(id))
                .collect();
            Ok((list, Reply::no_content()))
        }
        "PATCH" => {
            let mut merged = found.clone();
            if let (Some(m), Some(b)) = (merged.as_object_mut(), body.as_object()) {
                m.extend(b.clone());
            }
            let cmd = registered(st, &merged, command_id(&found), guild);
            let list = current
                .into_iter()
                .map(|c| if c["id"] == json!(id) { cmd.clone() } else { c })
                .collect();
            Ok((list, Reply::ok(cmd)))
        }
        _ => Err(Reply::not_found()),
    }
}

fn guild(
    mut st: MutexGuard<'_, State>,
    g: u64,
    method: &str,
    rest: &[&str],
    body: &Value,
) -> Reply {
    if st.scenario.find_guild(g).is_none() {
        return Reply::error(404, 10004, "Unknown Guild");
    }
    match (method, rest) {
        ("GET", ["scheduled-events"]) => Reply::ok(Value::Array(
            st.scheduled_events
                .values()
                .filter(|e| e["guild_id"] == json::id(g))
                .cloned()
                .collect(),
        )),
        ("POST", ["scheduled-events"]) => create_scheduled_event(&mut st, g, body),
        (m, ["scheduled-events", e]) => scheduled_event(&mut st, g, m, e, body),
        ("GET", rest) => guild_read(&st, g, rest),
        _ => Reply::not_found(),
    }
}

/// The guild's own reads: the guild, its channels, roles and members, all from the scenario.
fn guild_read(st: &State, g: u64, rest: &[&str]) -> Reply {
    let s = &st.scenario;
    let Some(spec) = s.find_guild(g) else {
        return Reply::error(404, 10004, "Unknown Guild");
    };
    match rest {
        [] => Reply::ok(json::guild_create(s, spec)),
        ["channels"] => Reply::ok(Value::Array(
            spec.channels
                .iter()
                .enumerate()
                .map(|(i, c)| json::channel(c, g, i))
                .collect(),
        )),
        ["roles"] => Reply::ok(Value::Array(
            spec.all_roles()
                .iter()
                .enumerate()
                .map(|(i, r)| json::role(r, i))
                .collect(),
        )),
        ["members"] => {
            let mut ids: Vec<u64> = spec.members.iter().map(|m| m.user_id).collect();
            ids.push(s.bot.id);
            Reply::ok(Value::Array(
                ids.into_iter()
                    .map(|u| json::member(s, spec, u, true, None))
                    .collect(),
            ))
        }
        ["members", u] => {
            let known = parse(u).filter(|u| s.member_roles(spec, *u).is_some());
            match known {
                Some(u) => Reply::ok(json::member(s, spec, u, true, None)),
                None => Reply::error(404, 10007, "Unknown Member"),
            }
        }
        _ => Reply::not_found(),
    }
}

/// `POST /guilds/{g}/scheduled-events`: stores the event as Discord would and announces it on
/// the gateway.
fn create_scheduled_event(st: &mut State, g: u64, body: &Value) -> Reply {
    let id = st.next_id();
    let bot = st.scenario.bot.clone();
    let mut event = body.clone();
    if !event.is_object() {
        return Reply::error(400, 50035, "Invalid Form Body");
    }
    event["id"] = json::id(id);
    event["guild_id"] = json::id(g);
    event["creator_id"] = json::id(bot.id);
    event["creator"] = json::user(&bot);
    event["status"] = json!(1);
    event["user_count"] = json!(0);
    event["entity_id"] = Value::Null;
    // The request carries the cover as a data URI; Discord answers with a hash.
    event["image"] = Value::Null;
    st.scheduled_events.insert(id, event.clone());
    dispatch(st, "GUILD_SCHEDULED_EVENT_CREATE", event.clone());
    Reply::ok(event)
}

/// `GET`, `PATCH` or `DELETE /guilds/{g}/scheduled-events/{e}`; changes are announced on the
/// gateway.
fn scheduled_event(st: &mut State, g: u64, method: &str, e: &str, body: &Value) -> Reply {
    let Some(id) = parse(e).filter(|e| {
        st.scheduled_events
            .get(e)
            .is_some_and(|x| x["guild_id"] == json::id(g))
    }) else {
        return Reply::error(404, 10070, "Unknown Guild Scheduled Event");
    };
    match method {
        "GET" => Reply::ok(st.scheduled_events[&id].clone()),
        "PATCH" => {
            let mut event = st.scheduled_events[&id].clone();
            if let (Some(ev), Some(b)) = (event.as_object_mut(), body.as_object()) {
                ev.extend(b.clone());
            }
            event["image"] = Value::Null;
            st.scheduled_events.insert(id, event.clone());
            dispatch(st, "GUILD_SCHEDULED_EVENT_UPDATE", event.clone());
            Reply::ok(event)
        }
        "DELETE" => {
            let event = st.scheduled_events.remove(&id).unwrap_or_default();
            dispatch(st, "GUILD_SCHEDULED_EVENT_DELETE", event);
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}
