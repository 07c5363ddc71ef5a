//! A cohort on a real SQLite file, the web router in-process, and people who speak in the
//! console room and sign in from the link the bot sends them.
#![allow(dead_code, reason = "each test file uses some of the helpers")]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{Actor, Engine, Event, IncomingMessage, Place, Settings};
use bot::ids::{Identity, Platform, RoomRef};
use bot::store::{self, Store};
use chrono::{DateTime, Utc};
use compagnon_web::WebConfig;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const EXAMPLE: &str = include_str!("../../../../examples/bien-vivre-maintenant.toml");
pub const FACILITATOR: Option<Role> = Some(Role::Facilitator);

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn room() -> RoomRef {
    RoomRef::new(Platform::Console, "salon")
}

/// A cohort served on the web.
pub struct Site {
    pub engine: Engine,
    pub clock: SimClock,
    pub router: Router,
    pub dir: tempfile::TempDir,
    events: std::sync::atomic::AtomicU32,
}

impl Site {
    /// The example programme imported at `now`, linked to the console room, served with
    /// `settings` (the web address is filled in).
    pub async fn with(now: &str, mut settings: Settings) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("compagnon.db")).await.unwrap();
        let programme = bot::programme::parse(EXAMPLE).unwrap();
        let mut tx = store.begin().await.unwrap();
        let report = store::import_programme(&mut tx, &programme, at(now))
            .await
            .unwrap();
        store::cohorts::link_room(&mut tx, &room(), report.cohort, at(now))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let clock = SimClock::new(at(now));
        settings.data_dir = dir.path().join("data");
        settings.web_url = Some("http://127.0.0.1:8080".into());
        let engine = Engine::new(store, Arc::new(clock.clone())).with_settings(settings);
        let config = WebConfig {
            listen: "127.0.0.1:8080".parse().unwrap(),
            public_url: "http://127.0.0.1:8080".parse().unwrap(),
        };
        let router = compagnon_web::router(engine.clone(), &config).unwrap();
        Site {
            engine,
            clock,
            router,
            dir,
            events: Default::default(),
        }
    }

    pub async fn new(now: &str) -> Site {
        Site::with(now, Settings::default()).await
    }

    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    /// `who` writes `text` in the cohort's room.
    pub async fn say(&self, who: &str, role: Option<Role>, text: &str) {
        self.say_in(who, role, Place::Room(room()), text).await;
    }

    pub async fn say_in(&self, who: &str, role: Option<Role>, place: Place, text: &str) {
        let n = self
            .events
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.engine
            .handle(Event::Message(IncomingMessage {
                event_id: format!("chat-{n}"),
                actor: Actor {
                    identity: Identity::new(Platform::Console, who),
                    display_name: who.to_owned(),
                    role_hint: role,
                    locale_hint: None,
                },
                place,
                text: text.to_owned(),
                attachments: Vec::new(),
            }))
            .await
            .unwrap();
    }

    /// `who` joins the room (a first word there) and hands in by DM: `!rendu …`.
    pub async fn hand_in(&self, who: &str, command: &str) {
        self.say(who, None, "!aide").await;
        self.say_in(who, None, Place::Direct, command).await;
    }

    /// Every message waiting for `who` by DM on the console, oldest first.
    pub async fn dms(&self, who: &str) -> Vec<String> {
        sqlx::query_scalar("SELECT body FROM outbox WHERE destination = ? ORDER BY id")
            .bind(format!("dm:console:{who}"))
            .fetch_all(self.store().pool())
            .await
            .unwrap()
    }

    /// The last sign-in link sent to `who`.
    pub async fn last_link(&self, who: &str) -> String {
        let dms = self.dms(who).await;
        let body = dms
            .iter()
            .rev()
            .find(|b| b.contains("/entrer/"))
            .unwrap_or_else(|| panic!("no link sent to {who}: {dms:#?}"));
        let start = body.find("/entrer/").unwrap() + "/entrer/".len();
        body[start..start + 64].to_owned()
    }

    /// `who` asks for a link in the room and signs in with it: their session cookie.
    pub async fn sign_in(&self, who: &str, role: Option<Role>) -> String {
        self.say(who, role, "!web").await;
        let token = self.last_link(who).await;
        let response = self.post_form("/entrer", None, &[("token", &token)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "signing in {who}");
        let cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .expect("a cookie")
            .to_str()
            .unwrap()
            .to_owned();
        cookie.split(';').next().unwrap().to_owned()
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        let mut r = Request::get(path);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Response<Body> {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut r =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form: text fields, then files (name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Response<Body> {
        let boundary = "----compagnon-test-boundary";
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let r = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(r).await
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(self.store().pool())
            .await
            .unwrap()
    }
}

pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    // The template engine escapes `/` too; tests read addresses as a browser would.
    String::from_utf8_lossy(&bytes).replace("&#x2f;", "/")
}

/// The value of the first hidden field `name` in `html` (slice the page to pick a form).
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_owned()
}

/// The CSRF token and one-time id of the form of `html` that posts to `action`.
pub fn form_ids(html: &str, action: &str) -> (String, String) {
    let from = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action}"));
    (
        hidden(&html[from..], "csrf"),
        hidden(&html[from..], "event"),
    )
}
