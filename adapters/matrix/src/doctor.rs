//! `compagnon doctor`'s Matrix checks: the secret is readable, the account logs in (or its saved
//! session is still valid), and the bot is in — or invited to — each configured room.
//!
//! It logs in the way the bot does (the session is saved, the bot's device is the one created
//! here), so run it before going live or with the bot stopped: it opens the bot's Matrix store.

use bot::doctor::Check;
use bot::i18n::Msg;
use matrix_sdk::RoomState;
use matrix_sdk::config::SyncSettings;

use crate::config::MatrixConfig;

/// Every Matrix check, in order; a check that cannot pass stops the ones that depend on it.
pub async fn checks(config: &MatrixConfig) -> Vec<Check> {
    let mut out = Vec::new();
    if let Err(e) = config.credentials() {
        out.push(Check::fail(
            Msg::new("doctor-matrix-secret-missing").arg("error", format!("{e:#}")),
            Msg::new("doctor-fix-matrix-secret"),
        ));
        return out;
    }
    out.push(Check::pass(Msg::new("doctor-matrix-secret")));
    let client = match crate::session::connect(config).await {
        Ok(client) => client,
        Err(e) => {
            out.push(Check::fail(
                Msg::new("doctor-matrix-login-failed")
                    .arg("user", config.user_id.as_str())
                    .arg("homeserver", config.homeserver.as_str())
                    .arg("error", format!("{e:#}")),
                Msg::new("doctor-fix-matrix-login"),
            ));
            return out;
        }
    };
    let whoami = matrix_sdk::ruma::api::client::account::whoami::v3::Request::new();
    match client.send(whoami).await {
        Ok(me) => out.push(Check::pass(
            Msg::new("doctor-matrix-login")
                .arg("user", me.user_id.to_string())
                .arg(
                    "device",
                    me.device_id.map(|d| d.to_string()).unwrap_or_default(),
                ),
        )),
        Err(e) => {
            out.push(Check::fail(
                Msg::new("doctor-matrix-login-failed")
                    .arg("user", config.user_id.as_str())
                    .arg("homeserver", config.homeserver.as_str())
                    .arg("error", e.to_string()),
                Msg::new("doctor-fix-matrix-session"),
            ));
            return out;
        }
    }
    let synced = client
        .sync_once(SyncSettings::default().timeout(std::time::Duration::ZERO))
        .await;
    if let Err(e) = synced {
        out.push(Check::fail(
            Msg::new("doctor-matrix-sync-failed").arg("error", e.to_string()),
            Msg::new("doctor-fix-matrix-login"),
        ));
        return out;
    }
    out.extend(
        config
            .rooms
            .iter()
            .map(|link| room_check(&client, &link.room, config)),
    );
    out
}

fn room_check(client: &matrix_sdk::Client, room: &str, config: &MatrixConfig) -> Check {
    let state = matrix_sdk::ruma::RoomId::parse(room)
        .ok()
        .and_then(|id| client.get_room(&id))
        .map(|r| r.state());
    match state {
        Some(RoomState::Joined) => {
            Check::pass(Msg::new("doctor-matrix-room-joined").arg("room", room))
        }
        // The bot accepts the invitation of a configured room as it starts.
        Some(RoomState::Invited) => {
            Check::pass(Msg::new("doctor-matrix-room-invited").arg("room", room))
        }
        _ => Check::fail(
            Msg::new("doctor-matrix-room-missing").arg("room", room),
            Msg::new("doctor-fix-matrix-room")
                .arg("room", room)
                .arg("user", config.user_id.as_str()),
        ),
    }
}
