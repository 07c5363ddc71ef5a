//! Scripted faults: what Discord does to a bot on a bad day.

use serde_json::json;

use crate::FakeDiscord;
use crate::state::{Outbound, RestFault};

impl FakeDiscord {
    /// Sends RECONNECT (op 7) on the live connection; serenity then RESUMEs on a new one.
    /// Dispatches injected meanwhile wait for the RESUMED.
    pub fn send_reconnect(&self) {
        let mut st = self.shared.state();
        if let Some(live) = st.gateway.live.take() {
            let _ = live.tx.send(Outbound::Frame(
                json!({ "op": 7, "d": null, "s": null, "t": null }),
            ));
        }
    }

    /// Sends INVALID SESSION (op 9). Not resumable: the session is forgotten and serenity
    /// identifies again (after its 5 s identify queue delay).
    pub fn send_invalid_session(&self, resumable: bool) {
        let mut st = self.shared.state();
        if let Some(live) = st.gateway.live.take() {
            if !resumable {
                st.gateway.sessions.remove(&live.session_id);
            }
            let _ = live.tx.send(Outbound::Frame(
                json!({ "op": 9, "d": resumable, "s": null, "t": null }),
            ));
        }
    }

    /// The live connection stops acknowledging heartbeats (a "zombied" connection): serenity
    /// notices at its next heartbeat and restarts the shard. Later connections are acked again.
    pub fn stop_acking_heartbeats(&self) {
        let mut st = self.shared.state();
        if let Some(connection) = st.gateway.live.as_ref().map(|l| l.connection) {
            st.gateway.silent.insert(connection);
        }
    }

    /// Closes the live connection with a gateway close code (4000 unknown error, 4004
    /// authentication failed, 4014 disallowed intents…).
    pub fn close_gateway(&self, code: u16, reason: &str) {
        let mut st = self.shared.state();
        if let Some(live) = st.gateway.live.take() {
            let _ = live.tx.send(Outbound::Close(code, reason.to_owned()));
        }
    }

    /// The next `POST /channels/{id}/messages` fails with `status` and nothing is created.
    pub fn fail_next_message_send(&self, status: u16) {
        self.fail_next_request(
            "POST",
            |path| path.starts_with("/channels/") && path.ends_with("/messages"),
            status,
            0,
        );
    }

    /// The next request with `method` whose path after `/api/v10` satisfies `path` fails with
    /// `status` and a Discord JSON error `code` (0 for a generic error).
    pub fn fail_next_request(
        &self,
        method: &str,
        path: impl Fn(&str) -> bool + Send + 'static,
        status: u16,
        code: u32,
    ) {
        let method = method.to_owned();
        let reason = axum::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        self.shared.state().rest_faults.push(RestFault {
            matches: Box::new(move |m, p| m == method && path(p)),
            status,
            code,
            message: format!("{status}: {reason}"),
        });
    }
}
