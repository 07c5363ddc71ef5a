//! The web space through its router in-process, on a real SQLite file: every page and form,
//! and their refusals.

mod common;

use axum::http::{StatusCode, header};
use bot::domain::Role;
use bot::engine::{Place, Settings};
use common::{FACILITATOR, Site, form_ids, hidden, text};

const BEFORE_ATELIER_1: &str = "2027-02-01T09:00:00+01:00";

#[tokio::test]
async fn a_link_from_chat_signs_in_once_with_a_strict_cookie_and_is_stored_hashed() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    site.say("alice", None, "!web").await;
    let token = site.last_link("alice").await;
    // In the room, only a pointer: the link itself went privately.
    let in_room: Vec<String> =
        sqlx::query_scalar("SELECT body FROM outbox WHERE destination = 'room:console:salon'")
            .fetch_all(site.store().pool())
            .await
            .unwrap();
    assert!(in_room.iter().all(|b| !b.contains(&token)));
    // Only a hash of the token is kept, anywhere in the link table.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM web_links")
        .fetch_all(site.store().pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);

    // Opening the link changes nothing by itself (a link preview signs nobody in).
    let page = site.get(&format!("/entrer/{token}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(text(page).await.contains(&token));
    assert_eq!(
        site.get("/parcours", None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let signed = site.post_form("/entrer", None, &[("token", &token)]).await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = signed.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "http address: no Secure flag: {cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();
    let path = site.get("/parcours", Some(&session)).await;
    assert_eq!(path.status(), StatusCode::OK);
    let html = text(path).await;
    assert!(html.contains("Atelier 1"), "{html}");
    assert!(html.contains("lang=\"fr\""));

    // Once only.
    let again = site.post_form("/entrer", None, &[("token", &token)]).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn links_expire_after_ten_minutes_and_are_limited_to_five_an_hour() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    site.say("alice", None, "!web").await;
    let token = site.last_link("alice").await;
    site.clock.advance(chrono::Duration::minutes(11));
    let late = site.post_form("/entrer", None, &[("token", &token)]).await;
    assert_eq!(late.status(), StatusCode::BAD_REQUEST);
    for _ in 0..4 {
        site.say("alice", None, "!web").await;
    }
    let before = site.count("SELECT COUNT(*) FROM web_links").await;
    site.say("alice", None, "!web").await;
    assert_eq!(site.count("SELECT COUNT(*) FROM web_links").await, before);
    let said: Vec<String> =
        sqlx::query_scalar("SELECT body FROM outbox WHERE destination = 'room:console:salon'")
            .fetch_all(site.store().pool())
            .await
            .unwrap();
    assert!(said.last().unwrap().contains("5 liens"), "{said:#?}");
    // Garbage in the address is not a link.
    for bad in ["nope", &"z".repeat(64), "../../etc/passwd"] {
        let r = site.get(&format!("/entrer/{bad}"), None).await;
        assert!(r.status().is_client_error(), "{bad}");
    }
}

#[tokio::test]
async fn every_response_carries_a_strict_csp_and_sends_no_referrer() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    let cookie = site.sign_in("alice", None).await;
    for (path, cookie) in [
        ("/", None),
        ("/parcours", Some(cookie.as_str())),
        ("/parcours", None),
        ("/nulle-part", None),
        ("/style.css", None),
    ] {
        let r = site.get(path, cookie).await;
        let csp = r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            r.headers()[header::REFERRER_POLICY],
            "no-referrer",
            "{path}"
        );
        assert_eq!(
            r.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{path}"
        );
    }
    let html = text(site.get("/parcours", Some(&cookie)).await).await;
    assert!(!html.contains("<script"), "no script at all");
    assert!(
        !html.contains("style=\""),
        "no inline style: the CSP forbids it"
    );
}

#[tokio::test]
async fn a_form_without_the_sessions_csrf_token_changes_nothing() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    let cookie = site.sign_in("alice", None).await;
    let event = "a".repeat(64);
    let forged = site
        .post_multipart(
            "/parcours/rendu",
            &cookie,
            &[
                ("csrf", "forged"),
                ("event", &event),
                ("atelier", "1"),
                ("text", "x"),
            ],
            &[],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let forged = site
        .post_form("/parcours/calendrier", Some(&cookie), &[("event", &event)])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(site.count("SELECT COUNT(*) FROM submissions").await, 0);
    assert_eq!(site.count("SELECT COUNT(*) FROM calendar_feeds").await, 0);
}

async fn upload(
    site: &Site,
    cookie: &str,
    atelier: &str,
    words: &str,
    files: &[(&str, &[u8])],
) -> (StatusCode, String) {
    let page = text(site.get("/parcours", Some(cookie)).await).await;
    let marker = format!("name=\"atelier\" value=\"{atelier}\"");
    let before = &page[..page.find(&marker).expect("an upload form")];
    let form_start = before.rfind("<form").unwrap();
    let csrf = hidden(&page[form_start..], "csrf");
    let event = hidden(&page[form_start..], "event");
    let r = site
        .post_multipart(
            "/parcours/rendu",
            cookie,
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("atelier", atelier),
                ("text", words),
            ],
            files,
        )
        .await;
    (r.status(), text(r).await)
}

#[tokio::test]
async fn a_participant_hands_in_a_file_with_chats_checks_and_gets_the_receipt() {
    let settings = Settings {
        file_limits: bot::files::FileLimits {
            max_file_bytes: 4096,
            max_submission_bytes: 8192,
            ..Default::default()
        },
        ..Settings::default()
    };
    let site = Site::with("2027-02-12T09:00:00+01:00", settings).await;
    let cookie = site.sign_in("alice", None).await;
    let (status, page) = upload(
        &site,
        &cookie,
        "1",
        "Mon diagnostic",
        &[("notes.txt", b"Bonjour\n")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Livrable reçu"), "{page}");
    assert_eq!(site.count("SELECT COUNT(*) FROM submissions").await, 1);
    assert_eq!(site.count("SELECT COUNT(*) FROM submission_files").await, 1);
    // The path shows it, with its file to download, and only to its author.
    let path = text(site.get("/parcours", Some(&cookie)).await).await;
    assert!(path.contains("Version 1"), "{path}");
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM submission_files")
        .fetch_one(site.store().pool())
        .await
        .unwrap();
    let file = site
        .get(&format!("/parcours/fichiers/{sha}"), Some(&cookie))
        .await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(text(file).await, "Bonjour\n");
    let bob = site.sign_in("bob", None).await;
    let theirs = site
        .get(&format!("/parcours/fichiers/{sha}"), Some(&bob))
        .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);

    // A program is refused as in chat; so is a file over the limit, cut off while it streams.
    let (_, refused) = upload(
        &site,
        &cookie,
        "1",
        "",
        &[("outil.pdf", b"\x7fELF\x02\x01\x01rest")],
    )
    .await;
    assert!(refused.contains("outil.pdf"), "{refused}");
    let big = vec![b'a'; 10_000];
    let (_, too_big) = upload(&site, &cookie, "1", "", &[("gros.txt", &big)]).await;
    assert!(too_big.contains("gros.txt"), "{too_big}");
    assert_eq!(
        site.count("SELECT COUNT(*) FROM submissions").await,
        1,
        "nothing more kept"
    );
}

#[tokio::test]
async fn the_same_form_posted_twice_hands_in_once() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    let cookie = site.sign_in("alice", None).await;
    let page = text(site.get("/parcours", Some(&cookie)).await).await;
    let form = &page[page.find("action=\"/parcours/rendu\"").unwrap()..];
    let csrf = hidden(form, "csrf");
    let event = hidden(form, "event");
    for _ in 0..2 {
        let r = site
            .post_multipart(
                "/parcours/rendu",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("event", &event),
                    ("atelier", "1"),
                    ("text", "Texte"),
                ],
                &[],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    assert_eq!(site.count("SELECT COUNT(*) FROM submissions").await, 1);
}

#[tokio::test]
async fn a_feedback_written_on_the_page_reaches_the_participant_in_chat() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    site.hand_in("alice", "!rendre 1 Mon diagnostic du territoire")
        .await;
    let alice: i64 = site
        .count("SELECT id FROM members WHERE display_name = 'alice'")
        .await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    let overview = site.get("/animation", Some(&fac)).await;
    assert_eq!(overview.status(), StatusCode::OK);
    let html = text(overview).await;
    assert!(html.contains("alice") && html.contains("à lire"), "{html}");
    let reader_path = format!("/animation/rendus/1/{alice}");
    assert!(html.contains(&reader_path));
    let reader = text(site.get(&reader_path, Some(&fac)).await).await;
    assert!(reader.contains("Mon diagnostic du territoire"));
    let csrf = hidden(&reader, "csrf");
    let event = hidden(&reader, "event");
    let posted = site
        .post_form(
            &reader_path,
            Some(&fac),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("status", "validated"),
                ("text", "Très clair, merci !"),
            ],
        )
        .await;
    assert_eq!(posted.status(), StatusCode::OK);
    let dms = site.dms("alice").await;
    assert!(
        dms.iter().any(|d| d.contains("Très clair, merci !")),
        "the participant is told in chat: {dms:#?}"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM submissions")
        .fetch_one(site.store().pool())
        .await
        .unwrap();
    assert_eq!(status, "validated");
    // The reader shows the feedback now.
    let reader = text(site.get(&reader_path, Some(&fac)).await).await;
    assert!(reader.contains("Très clair, merci !"));
}

#[tokio::test]
async fn participants_never_reach_facilitators_pages_nor_forms() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    site.hand_in("alice", "!rendre 1 Mon texte").await;
    let bob = site.sign_in("bob", None).await;
    let alice: i64 = site
        .count("SELECT id FROM members WHERE display_name = 'alice'")
        .await;
    for path in [
        "/animation".to_owned(),
        format!("/animation/rendus/1/{alice}"),
        "/animation/programme".to_owned(),
    ] {
        let r = site.get(&path, Some(&bob)).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(!text(r).await.contains("Mon texte"), "{path}");
    }
    // Even with a valid form of his own session, the engine's role table refuses the feedback.
    let page = text(site.get("/parcours", Some(&bob)).await).await;
    let csrf = hidden(&page, "csrf");
    let r = site
        .post_form(
            &format!("/animation/rendus/1/{alice}"),
            Some(&bob),
            &[("csrf", &csrf), ("event", &"b".repeat(64)), ("text", "nul")],
        )
        .await;
    assert!(text(r).await.contains("animation"), "refused by role");
    assert_eq!(site.count("SELECT COUNT(*) FROM feedback").await, 0);
}

#[tokio::test]
async fn one_cohort_never_sees_another() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    site.hand_in("alice", "!rendre 1 Secret de la cohorte A")
        .await;
    let alice: i64 = site
        .count("SELECT id FROM members WHERE display_name = 'alice'")
        .await;
    // A second cohort, its own room and facilitator.
    let other = common::EXAMPLE.replace("bvm-printemps-2027", "autre-cohorte");
    let programme = bot::programme::parse(&other).unwrap();
    let mut tx = site.store().begin().await.unwrap();
    let report = bot::store::import_programme(&mut tx, &programme, site.engine.now())
        .await
        .unwrap();
    let room_b = bot::ids::RoomRef::new(bot::ids::Platform::Console, "salon-b");
    bot::store::cohorts::link_room(&mut tx, &room_b, report.cohort, site.engine.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    site.say_in("zoe", FACILITATOR, Place::Room(room_b), "!web")
        .await;
    let token = site.last_link("zoe").await;
    let r = site.post_form("/entrer", None, &[("token", &token)]).await;
    let zoe = r.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let reader = site
        .get(&format!("/animation/rendus/1/{alice}"), Some(&zoe))
        .await;
    assert_eq!(reader.status(), StatusCode::NOT_FOUND);
    let overview = text(site.get("/animation", Some(&zoe)).await).await;
    assert!(!overview.contains("alice"));
    let sha = "0".repeat(64);
    let file = site
        .get(&format!("/animation/fichiers/{sha}"), Some(&zoe))
        .await;
    assert_eq!(file.status(), StatusCode::NOT_FOUND);
    // Her programme editor cannot import the other cohort's file.
    let page = text(site.get("/animation/programme", Some(&zoe)).await).await;
    let csrf = hidden(&page, "csrf");
    let event = hidden(&page, "event");
    let r = site
        .post_form(
            "/animation/programme",
            Some(&zoe),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("action", "import"),
                ("source", common::EXAMPLE),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(text(r).await.contains("bvm-printemps-2027"));
}

#[tokio::test]
async fn the_programme_editor_shows_each_problem_at_its_line_then_previews_and_imports() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    let page = text(site.get("/animation/programme", Some(&fac)).await).await;
    assert!(
        page.contains("bvm-printemps-2027"),
        "the text last imported is in the editor"
    );
    let csrf = hidden(&page, "csrf");
    let event = hidden(&page, "event");
    let broken = common::EXAMPLE.replacen(
        "start = \"2027-03-04 09:30\"",
        "start = \"2027-13-04 09:30\"",
        1,
    );
    let line = broken
        .lines()
        .position(|l| l.contains("2027-13-04"))
        .unwrap()
        + 1;
    let r = site
        .post_form(
            "/animation/programme",
            Some(&fac),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("action", "check"),
                ("source", &broken),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(r).await;
    assert!(
        html.contains(&format!("Ligne {line},")),
        "line {line}: {html}"
    );
    // Importing it anyway is refused the same way, and nothing changes.
    let r = site
        .post_form(
            "/animation/programme",
            Some(&fac),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("action", "import"),
                ("source", &broken),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fixed = common::EXAMPLE.replacen("Le pouvoir d'agir", "Le pouvoir d'agir ensemble", 1);
    let r = site
        .post_form(
            "/animation/programme",
            Some(&fac),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("action", "check"),
                ("source", &fixed),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = text(r).await;
    assert!(
        html.contains("id=\"import\""),
        "the import button comes with the preview"
    );
    assert!(html.contains("Aperçu"));
    let r = site
        .post_form(
            "/animation/programme",
            Some(&fac),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("action", "import"),
                ("source", &fixed),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let title: String = sqlx::query_scalar("SELECT title FROM ateliers WHERE number = 2")
        .fetch_one(site.store().pool())
        .await
        .unwrap();
    assert_eq!(title, "Le pouvoir d'agir ensemble");
}

#[tokio::test]
async fn the_calendar_feed_is_personal_parses_and_can_be_revoked() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    let cookie = site.sign_in("alice", None).await;
    // Alice has until 25 February for atelier 1; the others keep the 18th.
    site.say(
        "claire",
        FACILITATOR,
        "!delai accorder 1 @alice 2027-02-25 18:00",
    )
    .await;
    let page = text(site.get("/parcours", Some(&cookie)).await).await;
    let (csrf, event) = form_ids(&page, "/parcours/calendrier");
    let made = text(
        site.post_form(
            "/parcours/calendrier",
            Some(&cookie),
            &[("csrf", &csrf), ("event", &event)],
        )
        .await,
    )
    .await
    .replace("&#x2f;", "/");
    let start = made.find("/calendrier/").unwrap();
    let path = made[start..start + "/calendrier/".len() + 64 + 4].to_owned();
    assert!(path.ends_with(".ics"), "{path}");
    let feed = site.get(&path, None).await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = text(feed).await;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.trim_end().ends_with("END:VCALENDAR"));
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        ics.matches("END:VEVENT").count()
    );
    assert!(ics.matches("BEGIN:VEVENT").count() >= 6);
    assert!(ics.lines().all(|l| l.len() <= 75), "folded lines");
    assert!(ics.contains("20270225T170000Z"), "her own deadline: {ics}");
    assert!(!ics.contains("20270218T225900Z"), "not the cohort's");
    // The secret is stored hashed only.
    let stored: String = sqlx::query_scalar("SELECT secret_hash FROM calendar_feeds")
        .fetch_one(site.store().pool())
        .await
        .unwrap();
    assert!(!path.contains(&stored));
    let page = text(site.get("/parcours", Some(&cookie)).await).await;
    let (csrf, event) = form_ids(&page, "/parcours/calendrier/revoquer");
    let r = site
        .post_form(
            "/parcours/calendrier/revoquer",
            Some(&cookie),
            &[("csrf", &csrf), ("event", &event)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(site.get(&path, None).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn signing_out_in_chat_closes_every_session() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    let phone = site.sign_in("alice", None).await;
    let laptop = site.sign_in("alice", None).await;
    site.say("alice", None, "!web deconnecter").await;
    for cookie in [&phone, &laptop] {
        assert_eq!(
            site.get("/parcours", Some(cookie)).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn the_page_exports_the_persons_data_and_erases_it_only_when_confirmed() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    site.hand_in("alice", "!rendre 1 Mon texte").await;
    let cookie = site.sign_in("alice", None).await;
    let page = text(site.get("/parcours", Some(&cookie)).await).await;
    let (csrf, event) = form_ids(&page, "/parcours/donnees");
    let r = site
        .post_form(
            "/parcours/donnees",
            Some(&cookie),
            &[("csrf", &csrf), ("event", &event)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let json: serde_json::Value = serde_json::from_str(&text(r).await).unwrap();
    assert_eq!(json["member"]["name"], "alice");
    assert_eq!(
        json["web_space"]["sessions"].as_array().unwrap().len(),
        1,
        "{json}"
    );

    let (csrf, event) = form_ids(&page, "/parcours/effacer");
    let r = site
        .post_form(
            "/parcours/effacer",
            Some(&cookie),
            &[("csrf", &csrf), ("event", &event)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM members WHERE display_name = 'alice'")
            .await,
        1
    );
    let r = site
        .post_form(
            "/parcours/effacer",
            Some(&cookie),
            &[("csrf", &csrf), ("event", &event), ("confirm", "oui")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM members WHERE display_name = 'alice'")
            .await,
        0
    );
    assert_eq!(site.count("SELECT COUNT(*) FROM web_sessions").await, 0);
    assert_eq!(
        site.get("/parcours", Some(&cookie)).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn pages_speak_the_persons_language_and_escape_what_people_type() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    site.say("<b>mallory</b>", None, "!aide").await;
    site.say_in(
        "<b>mallory</b>",
        None,
        Place::Direct,
        "!rendre 1 <script>alert(1)</script>",
    )
    .await;
    site.say("<b>mallory</b>", None, "!langue en").await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    let overview = text(site.get("/animation", Some(&fac)).await).await;
    assert!(!overview.contains("<b>mallory"), "{overview}");
    assert!(overview.contains("&lt;b&gt;mallory"));
    let id: i64 = site
        .count("SELECT id FROM members WHERE role = 'participant'")
        .await;
    let reader = text(
        site.get(&format!("/animation/rendus/1/{id}"), Some(&fac))
            .await,
    )
    .await;
    assert!(!reader.contains("<script>alert"));
    assert!(reader.contains("&lt;script&gt;alert(1)"), "{reader}");
    let cookie = site.sign_in("<b>mallory</b>", None).await;
    let path = text(site.get("/parcours", Some(&cookie)).await).await;
    assert!(
        path.contains("lang=\"en\"") && path.contains("My path"),
        "{path}"
    );
}

#[tokio::test]
async fn without_a_web_address_the_bot_says_the_space_is_not_served() {
    let dir = tempfile::tempdir().unwrap();
    let store = bot::store::Store::open(&dir.path().join("c.db"))
        .await
        .unwrap();
    let programme = bot::programme::parse(common::EXAMPLE).unwrap();
    let now = common::at(BEFORE_ATELIER_1);
    let mut tx = store.begin().await.unwrap();
    let report = bot::store::import_programme(&mut tx, &programme, now)
        .await
        .unwrap();
    bot::store::cohorts::link_room(&mut tx, &common::room(), report.cohort, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let engine =
        bot::engine::Engine::new(store, std::sync::Arc::new(bot::clock::SimClock::new(now)));
    engine
        .handle(bot::engine::Event::Message(bot::engine::IncomingMessage {
            event_id: "1".into(),
            actor: bot::engine::Actor {
                identity: bot::ids::Identity::new(bot::ids::Platform::Console, "alice"),
                display_name: "alice".into(),
                role_hint: None,
                locale_hint: None,
            },
            place: Place::Room(common::room()),
            text: "!web".into(),
            attachments: Vec::new(),
        }))
        .await
        .unwrap();
    let said: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox")
        .fetch_all(engine.store().pool())
        .await
        .unwrap();
    assert!(said.iter().any(|s| s.contains("[web]")), "{said:#?}");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM web_links")
            .fetch_one(engine.store().pool())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn facilitators_read_polls_with_their_charts_and_decisions_but_not_a_count_that_would_steer_a_vote()
 {
    let site = Site::new(BEFORE_ATELIER_1).await;
    site.say(
        "claire",
        FACILITATOR,
        "!sondage \"Quel créneau ?\" \"Mardi\" \"Jeudi\"",
    )
    .await;
    site.say("alice", None, "!vote 2").await;
    site.say("bob", None, "!vote 2").await;
    site.say(
        "claire",
        FACILITATOR,
        "!sondage \"Quel lieu ?\" \"Tiers-lieu\" \"Mairie\"",
    )
    .await;
    site.say("alice", None, "!vote #2 1").await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    let page = text(site.get("/animation/sondages", Some(&fac)).await).await;
    assert!(
        page.contains("Quel créneau ?") && page.contains("Quel lieu ?"),
        "{page}"
    );
    // Open without live results: the number of voters only, no chart.
    assert_eq!(
        site.get("/animation/sondages/1/graphique.png", Some(&fac))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert!(
        !page.contains("Jeudi"),
        "no per-option count while the vote runs: {page}"
    );
    site.say("claire", FACILITATOR, "!clore 1").await;
    let page = text(site.get("/animation/sondages", Some(&fac)).await).await;
    assert!(
        page.contains("Jeudi") && page.contains("/animation/sondages/1/graphique.png"),
        "{page}"
    );
    let chart = site
        .get("/animation/sondages/1/graphique.png", Some(&fac))
        .await;
    assert_eq!(chart.status(), StatusCode::OK);
    assert_eq!(chart.headers()[header::CONTENT_TYPE], "image/png");
    let bytes = http_body_util::BodyExt::collect(chart.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert!(bytes.starts_with(b"\x89PNG"));
    let alice = site.sign_in("alice", None).await;
    assert_eq!(
        site.get("/animation/sondages", Some(&alice)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        site.get("/animation/sondages/1/graphique.png", Some(&alice))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // Without the binary's exports, the downloads page says so and serves nothing.
    let exports = text(site.get("/animation/exports", Some(&fac)).await).await;
    assert!(exports.contains("ne sont pas disponibles"), "{exports}");
    assert_eq!(
        site.get("/animation/exports/presences.csv", Some(&fac))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_facilitator_demoted_on_the_platform_loses_the_web_session_at_once() {
    let site = Site::new(BEFORE_ATELIER_1).await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    assert_eq!(
        site.get("/animation", Some(&fac)).await.status(),
        StatusCode::OK
    );
    // Her next message in the room comes with the role the platform now gives her.
    site.say("claire", Some(Role::Participant), "!programme")
        .await;
    assert_eq!(
        site.get("/animation", Some(&fac)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let again = site.sign_in("claire", Some(Role::Participant)).await;
    assert_eq!(
        site.get("/animation", Some(&again)).await.status(),
        StatusCode::FORBIDDEN
    );
}

/// A tiny deterministic generator: the same seed, the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
    fn junk(&mut self) -> String {
        let n = (self.next() % 40) as usize;
        (0..n)
            .map(|_| match self.next() % 8 {
                0 => '\u{202E}',
                1 => '<',
                2 => '%',
                3 => '/',
                4 => 'é',
                5 => '\0',
                _ => char::from(b'a' + (self.next() % 26) as u8),
            })
            .collect()
    }
}

#[tokio::test]
async fn random_and_mutated_requests_never_fail_the_server_nor_change_what_they_must_not() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    let alice = site.sign_in("alice", None).await;
    let page = text(site.get("/parcours", Some(&alice)).await).await;
    let csrf = hidden(&page, "csrf");
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let mut sent = 0;
    let mut statuses = std::collections::BTreeMap::new();
    let paths = [
        "/",
        "/parcours",
        "/animation",
        "/animation/programme",
        "/animation/sondages",
        "/animation/exports",
        "/animation/rendus/1/",
        "/animation/rendus/",
        "/entrer/",
        "/calendrier/",
        "/parcours/fichiers/",
        "/animation/fichiers/",
        "/animation/sondages/",
        "/animation/exports/",
        "/parcours/rendu",
        "/parcours/donnees",
        "/parcours/effacer",
        "/parcours/calendrier",
        "/sortir",
        "/entrer",
    ];
    for _ in 0..400 {
        // A known path, or one with a plausible or junk (percent-encoded) end.
        let suffix = match rng.next() % 3 {
            0 => String::new(),
            1 => rng
                .pick(&[
                    "1",
                    "1/2",
                    "2/1",
                    "9/99",
                    &"a".repeat(64),
                    "1/graphique.png",
                ])
                .to_owned(),
            _ => common::encode(&rng.junk()),
        };
        let path = format!("{}{suffix}", rng.pick(&paths));
        let cookie = match rng.next() % 3 {
            0 => None,
            1 => Some(fac.as_str()),
            _ => Some(alice.as_str()),
        };
        let junk = rng.junk();
        let fields: Vec<(&str, &str)> = vec![
            (
                "csrf",
                if rng.next().is_multiple_of(2) {
                    csrf.as_str()
                } else {
                    "x"
                },
            ),
            (
                "event",
                if rng.next().is_multiple_of(2) {
                    "f".repeat(64).leak()
                } else {
                    junk.as_str()
                },
            ),
            (
                "atelier",
                rng.pick(&["1", "0", "-1", "99999999999", "abc", ""]),
            ),
            ("text", junk.as_str()),
            ("source", junk.as_str()),
            ("status", rng.pick(&["validated", "rework", "", "??"])),
            ("action", rng.pick(&["check", "import", ""])),
            ("token", junk.as_str()),
            ("confirm", rng.pick(&["oui", "non", ""])),
        ];
        let uri: axum::http::Uri = path.parse().expect("an encoded path");
        sent += 1;
        let response = if rng.next().is_multiple_of(2) {
            site.get(&uri.to_string(), cookie).await
        } else if rng.next().is_multiple_of(2) {
            site.post_form(&uri.to_string(), cookie, &fields).await
        } else {
            site.post_multipart(
                &uri.to_string(),
                cookie.unwrap_or(""),
                &fields,
                &[("x.bin", junk.as_bytes())],
            )
            .await
        };
        assert!(
            !response.status().is_server_error(),
            "{} {path}",
            response.status()
        );
        *statuses.entry(response.status().as_u16()).or_insert(0u32) += 1;
    }
    assert_eq!(sent, 400);
    // Pages, refusals, redirections and not-founds all came up: the run reached past the doors.
    for class in [200, 303, 400, 401, 403, 404] {
        assert!(statuses.contains_key(&class), "no {class} in {statuses:?}");
    }
    // Nothing a participant may not do happened, and the facilitator still reads the overview.
    assert_eq!(site.count("SELECT COUNT(*) FROM feedback").await, 0);
    // Only Alice's own forms carried a valid token: the facilitator's account is untouched
    // (Alice may have erased her own data, which is hers to do).
    assert_eq!(
        site.count(
            "SELECT COUNT(*) FROM members WHERE display_name = 'claire' AND role = 'facilitator'"
        )
        .await,
        1
    );
    assert_eq!(
        site.get("/animation", Some(&fac)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn facilitators_sign_in_again_after_twelve_hours_while_their_path_stays_open() {
    let site = Site::new("2027-02-12T09:00:00+01:00").await;
    site.hand_in("alice", "!rendre 1 Mon texte").await;
    let alice: i64 = site
        .count("SELECT id FROM members WHERE display_name = 'alice'")
        .await;
    let fac = site.sign_in("claire", FACILITATOR).await;
    let reader_path = format!("/animation/rendus/1/{alice}");
    let reader = text(site.get(&reader_path, Some(&fac)).await).await;
    let (csrf, event) = (hidden(&reader, "csrf"), hidden(&reader, "event"));
    site.clock.advance(chrono::Duration::hours(13));
    let stale = site.get("/animation", Some(&fac)).await;
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    assert!(text(stale).await.contains("toutes les 12 heures"));
    assert_eq!(
        site.get("/parcours", Some(&fac)).await.status(),
        StatusCode::OK
    );
    // A form shown before is refused too, by the engine's side of the web.
    let r = site
        .post_form(
            &reader_path,
            Some(&fac),
            &[
                ("csrf", &csrf),
                ("event", &event),
                ("status", "validated"),
                ("text", "Bravo"),
            ],
        )
        .await;
    assert!(text(r).await.contains("toutes les 12 heures"));
    assert_eq!(site.count("SELECT COUNT(*) FROM feedback").await, 0);
    // A new link, and the rights are back.
    let fresh = site.sign_in("claire", FACILITATOR).await;
    assert_eq!(
        site.get("/animation", Some(&fresh)).await.status(),
        StatusCode::OK
    );
}
