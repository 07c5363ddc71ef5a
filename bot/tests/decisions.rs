//! Decisions on a real SQLite store: opened with three phases, proposals, amendments settled
//! by the proposal's author (versions kept), a majority-judgment vote over the proposals, and
//! the public record — which reveals no ballot; refusals change nothing.

mod common;

use bot::domain::Role;
use bot::engine::{Actor, Attachment, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform};
use common::*;
use sqlx::SqlitePool;

const ROOM: &str = "room:console:salon";

fn room_says(sent: &[(String, String)]) -> String {
    sent.iter()
        .filter(|(d, _)| d == ROOM)
        .map(|(_, b)| b.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[sqlx::test(migrations = "../migrations")]
async fn a_decision_goes_from_proposals_and_amendments_to_a_vote_and_a_record(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-03-29T08:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    for who in ["camille", "ana", "bruno", "dora"] {
        said(&engine, &format!("{who}0"), who, here(), "!aide").await;
    }
    let open = "!decision \"Quel projet commun ?\" --propositions 2027-03-31 18h \
                --amendements 2027-04-02 18h --vote 2027-04-05 18h";
    for (id, who, text, expected) in [
        ("x1", "ana", open, "réservée"),
        (
            "x2",
            "camille",
            "!decision \"Q\" --propositions 2027-04-02 18h --amendements 2027-03-31 18h --vote 2027-04-05 18h",
            "doivent se suivre",
        ),
        (
            "x3",
            "camille",
            "!decision \"Q\" --propositions 2027-04-02 18h",
            "!decision \"Question\"",
        ),
    ] {
        let sent = said(&engine, id, who, here(), text).await;
        assert!(room_says(&sent).contains(expected), "{text}: {sent:#?}");
    }
    let sent = said(&engine, "d1", "camille", here(), open).await;
    let opened = room_says(&sent);
    assert!(
        opened.contains("**Décision n° 1 : Quel projet commun ?**"),
        "{opened}"
    );
    assert!(opened.contains("à bulletin secret"), "{opened}");

    // Proposals.
    said(
        &engine,
        "p1",
        "ana",
        here(),
        "!proposition 1 \"Jardin partagé\" Un jardin au cœur du quartier",
    )
    .await;
    // Bruno's proposal comes with its plan, a file kept like a deliverable's.
    let with_plan = Event::Message(IncomingMessage {
        event_id: "p2".into(),
        actor: Actor {
            identity: Identity::new(Platform::Console, "bruno"),
            display_name: "bruno".into(),
            role_hint: Some(Role::Participant),
            locale_hint: None,
        },
        place: here(),
        text: "!proposition 1 \"Repair café\" Réparer ensemble".into(),
        attachments: vec![Attachment::new(
            "plan.pdf",
            b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec(),
        )],
    });
    engine.handle(with_plan).await.unwrap();
    let sent = said(
        &engine,
        "p3",
        "dora",
        here(),
        "!proposition 1 \"jardin  PARTAGÉ\" Pareil",
    )
    .await;
    assert!(room_says(&sent).contains("s'appelle déjà"), "{sent:#?}");
    let sent = said(&engine, "a0", "bruno", here(), "!amendement 1 1 Trop tôt").await;
    assert!(
        room_says(&sent).contains("ne sont pas ouverts"),
        "{sent:#?}"
    );

    // The day before the proposals close, a reminder; then the amendments open.
    let sent = fire_at(&engine, &clock, "2027-03-30T16:00:30Z").await;
    assert!(
        room_says(&sent).contains("les propositions se terminent"),
        "{sent:#?}"
    );
    let sent = fire_at(&engine, &clock, "2027-03-31T16:00:30Z").await;
    let news = room_says(&sent);
    assert!(
        news.contains("#1 Jardin partagé · #2 Repair café"),
        "{news}"
    );
    let sent = said(
        &engine,
        "p4",
        "dora",
        here(),
        "!proposition 1 \"Tiers-lieu\" Trop tard",
    )
    .await;
    assert!(
        room_says(&sent).contains("les propositions sont closes"),
        "{sent:#?}"
    );

    // An amendment: its proposal's author is told, and alone may settle it.
    let sent = said(
        &engine,
        "a1",
        "bruno",
        here(),
        "!amendement 1 1 Avec un composteur collectif",
    )
    .await;
    assert!(
        sent.iter()
            .any(|(d, b)| d == "dm:console:ana" && b.contains("!amendement accepter 1 1 1")),
        "{sent:#?}"
    );
    let sent = said(&engine, "a2", "bruno", here(), "!amendement accepter 1 1 1").await;
    assert!(room_says(&sent).contains("n'est pas la vôtre"), "{sent:#?}");
    let sent = said(&engine, "a3", "ana", here(), "!amendement accepter 1 1 1").await;
    assert!(room_says(&sent).contains("nouvelle version"), "{sent:#?}");
    let sent = said(&engine, "a4", "ana", here(), "!amendement accepter 1 1 1").await;
    assert!(
        room_says(&sent).contains("Pas d'amendement n° 1 en attente"),
        "{sent:#?}"
    );

    // The vote opens as a majority-judgment poll over the proposals; three people vote.
    let sent = fire_at(&engine, &clock, "2027-04-02T16:00:30Z").await;
    let vote = room_says(&sent);
    assert!(vote.contains("le vote est ouvert"), "{vote}");
    assert!(
        vote.contains("Jardin partagé") && vote.contains("Repair café"),
        "{vote}"
    );
    for (id, who, grades) in [
        ("v1", "ana", "très-bien passable"),
        ("v2", "bruno", "bien très-bien"),
        ("v3", "dora", "très-bien bien"),
    ] {
        said(
            &engine,
            id,
            who,
            Place::Direct,
            &format!("!vote #1 {grades}"),
        )
        .await;
    }

    // After the vote: the record, posted and kept; no ballot in it.
    let sent = fire_at(&engine, &clock, "2027-04-05T16:01:30Z").await;
    let recorded = room_says(&sent);
    assert!(
        recorded.contains("« Jardin partagé » retenue, mention majoritaire « Très bien »"),
        "{recorded}"
    );
    assert!(recorded.contains("3 votant·es sur 4 membres"), "{recorded}");
    let record: String = sqlx::query_scalar("SELECT record FROM decisions WHERE number = 1")
        .fetch_one(engine.store().pool())
        .await
        .unwrap();
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(record["voters"], 3);
    assert_eq!(record["could_vote"], 4);
    assert!(
        record["electorate"]
            .as_str()
            .unwrap()
            .contains("les 4 membres de la cohorte")
    );
    // Jardin partagé: two « Très bien », one « Bien ».
    assert_eq!(
        record["proposals"][0]["merit_profile"],
        serde_json::json!([0, 2, 1, 0, 0, 0, 0])
    );
    assert_eq!(
        record["proposals"][0]["versions"].as_array().unwrap().len(),
        2
    );
    assert_eq!(record["proposals"][0]["amendments"][0]["state"], "accepted");
    let text = record.to_string();
    // The medians only: no grade anyone gave, no list of who voted.
    assert!(
        !text.contains("Passable") && !text.contains("passable"),
        "{text}"
    );
    assert!(
        record.get("ballots").is_none() && record.get("voted").is_none(),
        "{text}"
    );
    // Fired again (a restart), nothing more is said.
    assert!(room_says(&fire_at(&engine, &clock, "2027-04-05T16:02:30Z").await).is_empty());
    let sent = said(&engine, "s1", "dora", here(), "!decisions").await;
    assert!(
        room_says(&sent).contains("n° 1 : Quel projet commun ? — close"),
        "{sent:#?}"
    );
    let sent = said(&engine, "s2", "dora", here(), "!decision 1").await;
    let shown = room_says(&sent);
    assert!(
        shown.contains("Un jardin au cœur du quartier\nAvec un composteur collectif"),
        "{shown}"
    );
    assert!(shown.contains("📜 Résultat"), "{shown}");
    assert!(shown.contains("📎 plan.pdf"), "{shown}");
    assert_eq!(record["proposals"][1]["files"][0], "plan.pdf");
    // The file is kept from the sweep while its proposal exists.
    let mut conn = engine.store().pool().acquire().await.unwrap();
    let kept = bot::store::submissions::referenced_files(&mut conn)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
}
