//! Deliverables end to end on a real SQLite store and a real file store.

mod common;

use bot::domain::Role;
use bot::engine::{Actor, Attachment, Engine, Event, IncomingMessage, Place};
use bot::ids::{Identity, Platform};
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn in_room() -> Place {
    Place::Room(room())
}

fn with_files(id: &str, who: &str, place: Place, text: &str, files: &[(&str, &[u8])]) -> Event {
    Event::Message(IncomingMessage {
        event_id: id.to_owned(),
        actor: Actor {
            identity: Identity::new(Platform::Console, who),
            display_name: who.to_owned(),
            role_hint: None,
            locale_hint: None,
        },
        place,
        text: text.to_owned(),
        attachments: files
            .iter()
            .map(|(n, b)| Attachment::new(*n, b.to_vec()))
            .collect(),
    })
}

async fn setup(pool: SqlitePool, now: &str) -> (Engine, bot::clock::SimClock, tempfile::TempDir) {
    let (engine, clock) = engine_with_example(pool, now).await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    engine
        .handle(say("c0", "camille", F, in_room(), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say("a0", "alice", P, in_room(), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say("b0", "bruno", P, in_room(), "!aide"))
        .await
        .unwrap();
    (engine, clock, dir)
}

/// The messages written since `from`, as (destination, body).
async fn since(engine: &Engine, from: usize) -> Vec<(String, String)> {
    outbox(engine.store()).await[from..].to_vec()
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

#[sqlx::test(migrations = "../migrations")]
async fn hand_in_resubmit_and_get_a_receipt_each_time(pool: SqlitePool) {
    // Atelier 1's deliverable is due on 18 February 2027 at 23:59 Paris.
    let (engine, clock, dir) = setup(pool, "2027-02-12T10:00:00Z").await;
    let n = outbox(engine.store()).await.len();
    engine
        .handle(with_files(
            "a1",
            "alice",
            in_room(),
            "!rendre 1 Ce qui me fait agir : https://example.org/texte",
            &[("Mon engagement.pdf", PDF)],
        ))
        .await
        .unwrap();
    let out = since(&engine, n).await;
    assert_eq!(out.len(), 2, "{out:#?}");
    assert_eq!(out[0].0, "dm:console:alice", "the receipt is private");
    let receipt = &out[0].1;
    assert!(receipt.starts_with("📥 Livrable reçu : atelier 1 « Le sens avant l'action », version 1, le vendredi 12 février 2027 à 11 h 00 (dans les temps)."), "{receipt}");
    assert!(receipt.contains("Lien : https://example.org/texte"));
    assert!(
        receipt.contains("Fichier : Mon engagement.pdf (document PDF, 50 octets, empreinte "),
        "{receipt}"
    );
    assert_eq!(
        out[1],
        (
            "room:console:salon".into(),
            "Livrable de alice pour l'atelier 1 bien reçu (accusé de réception envoyé en privé)."
                .into()
        )
    );

    // The same again: recognised, no new version.
    engine
        .handle(with_files(
            "a2",
            "alice",
            Place::Direct,
            "!rendre 1 Ce qui me fait agir : https://example.org/texte",
            &[("copie.pdf", PDF)],
        ))
        .await
        .unwrap();
    let n2 = outbox(engine.store()).await.len();
    assert!(
        outbox(engine.store()).await[n2 - 1]
            .1
            .starts_with("Ce livrable est identique à votre version 1")
    );

    // Late, with the same file and a new text: version 2, version 1 kept, file stored once.
    clock.set(at("2027-02-20T23:00:00Z"));
    engine
        .handle(with_files(
            "a3",
            "alice",
            Place::Direct,
            "!rendre 1 Version revue",
            &[("Mon engagement.pdf", PDF)],
        ))
        .await
        .unwrap();
    let last = outbox(engine.store()).await.last().unwrap().1.clone();
    assert!(last.contains("version 2"), "{last}");
    assert!(last.contains("(en retard de 2 jours)"), "{last}");
    assert!(last.contains("Les versions précédentes (jusqu'à la version 1) sont conservées."));
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        2
    );
    let stored = walk(&dir.path().join("files"));
    assert_eq!(
        stored.len(),
        1,
        "identical files are stored once: {stored:?}"
    );

    engine
        .handle(say("a4", "alice", None, Place::Direct, "!mes-livrables"))
        .await
        .unwrap();
    let mine = outbox(engine.store()).await.last().unwrap().1.clone();
    assert!(mine.contains("Atelier 1 « Le sens avant l'action » : version 2 du dimanche 21 février 2027 à 0 h 00 (en retard de 2 jours) — reçu"), "{mine}");
    assert!(mine.contains("Atelier 2 « Le pouvoir d'agir » : pas encore rendu (!rendre 2)"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.retain(|p| !p.starts_with(dir.join("tmp")));
    out
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_submissions_are_refused_and_change_nothing(pool: SqlitePool) {
    let (engine, clock, dir) = setup(pool, "2027-02-12T10:00:00Z").await;
    let big = vec![b'a'; 26 * 1024 * 1024];
    let elf = b"\x7fELF\x02\x01\x01\x00rest of an executable";
    let cases: Vec<(&str, Event)> = vec![
        (
            "Il n'y a pas d'atelier 9",
            say("x1", "alice", None, in_room(), "!rendre 9 texte"),
        ),
        (
            "Votre envoi est vide",
            say("x2", "alice", None, in_room(), "!rendre 1"),
        ),
        (
            "Mo",
            with_files(
                "x3",
                "alice",
                Place::Direct,
                "!rendre 1",
                &[("gros.txt", &big)],
            ),
        ),
        (
            "",
            with_files(
                "x4",
                "alice",
                Place::Direct,
                "!rendre 1",
                &[("rapport.pdf", elf)],
            ),
        ),
        (
            "réservée aux personnes ayant le rôle participant",
            say(
                "x5",
                "oscar",
                Some(Role::Observer),
                in_room(),
                "!rendre 1 texte",
            ),
        ),
        (
            "Vous n'êtes membre d'aucune cohorte",
            say("x6", "zoe", None, Place::Direct, "!rendre 1 texte"),
        ),
        (
            "Usage : !rendre N",
            with_files(
                "x7",
                "alice",
                Place::Direct,
                "voici mon fichier",
                &[("a.pdf", PDF)],
            ),
        ),
    ];
    for (needle, event) in cases {
        let n = outbox(engine.store()).await.len();
        engine.handle(event).await.unwrap();
        let reply = since(&engine, n).await;
        assert_eq!(reply.len(), 1, "{reply:#?}");
        assert!(
            reply[0].1.contains(needle),
            "expected {needle:?} in {:?}",
            reply[0].1
        );
    }
    // Closed: 30 days after the deadline.
    clock.set(at("2027-03-25T10:00:00Z"));
    engine
        .handle(say("x8", "alice", None, in_room(), "!rendre 1 enfin"))
        .await
        .unwrap();
    assert!(
        outbox(engine.store())
            .await
            .last()
            .unwrap()
            .1
            .starts_with("Le dépôt du livrable de l'atelier 1 est fermé")
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        0
    );
    assert!(
        walk(&dir.path().join("files")).is_empty(),
        "refused files are not kept"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn only_the_author_and_facilitators_see_a_deliverable(pool: SqlitePool) {
    let (engine, _, _dir) = setup(pool, "2027-02-12T10:00:00Z").await;
    engine
        .handle(say(
            "a1",
            "alice",
            None,
            Place::Direct,
            "!rendre 1 Mon texte secret",
        ))
        .await
        .unwrap();
    let n = outbox(engine.store()).await.len();
    engine
        .handle(say("b1", "bruno", None, in_room(), "!livrable 1 @alice"))
        .await
        .unwrap();
    engine
        .handle(say("b2", "bruno", None, in_room(), "!livrables 1"))
        .await
        .unwrap();
    engine
        .handle(say("c1", "camille", None, in_room(), "!livrables 1"))
        .await
        .unwrap();
    engine
        .handle(say("c2", "camille", None, in_room(), "!livrable 1 @alice"))
        .await
        .unwrap();
    let out = since(&engine, n).await;
    assert!(
        out[0].1.starts_with("Cette commande est réservée"),
        "{}",
        out[0].1
    );
    assert!(out[1].1.starts_with("Cette commande est réservée"));
    assert!(
        !out.iter()
            .any(|(d, b)| d.starts_with("room:") && b.contains("secret")),
        "{out:#?}"
    );
    let overview = out
        .iter()
        .find(|(d, b)| d == "dm:console:camille" && b.contains("Livrables de l'atelier 1"))
        .unwrap();
    assert!(
        overview.1.contains("1 rendu(s) sur 2 attendu(s)"),
        "{}",
        overview.1
    );
    assert!(
        overview
            .1
            .contains("• alice — version 1, reçu (dans les temps)")
    );
    assert!(overview.1.contains("Pas encore rendu : bruno"));
    let full = out
        .iter()
        .find(|(d, b)| d == "dm:console:camille" && b.contains("Mon texte secret"))
        .unwrap();
    assert!(full.1.starts_with("**alice — atelier 1"), "{}", full.1);
    assert_eq!(
        out.iter()
            .filter(|(d, b)| d.starts_with("room:") && b == "Je vous ai répondu en message privé.")
            .count(),
        2
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn feedback_and_chases_reach_the_right_people(pool: SqlitePool) {
    let (engine, clock, _dir) = setup(pool, "2027-02-12T10:00:00Z").await;
    engine
        .handle(say(
            "a1",
            "alice",
            None,
            Place::Direct,
            "!rendre 1 Premier jet",
        ))
        .await
        .unwrap();
    let n = outbox(engine.store()).await.len();
    engine
        .handle(say(
            "c1",
            "camille",
            None,
            in_room(),
            "!retour 1 @alice à-reprendre Précisez votre territoire.",
        ))
        .await
        .unwrap();
    engine
        .handle(say("c2", "camille", None, in_room(), "!relancer 1"))
        .await
        .unwrap();
    let out = since(&engine, n).await;
    let to_alice = out.iter().find(|(d, _)| d == "dm:console:alice").unwrap();
    assert!(to_alice.1.starts_with("💬 Retour de camille sur votre livrable de l'atelier 1 « Le sens avant l'action » (version 1) — statut : à reprendre\nPrécisez votre territoire."), "{}", to_alice.1);
    assert!(out.iter().any(|(d, b)| d == "dm:console:camille"
        && b == "Retour envoyé en privé à alice ; statut : à reprendre."));
    let chased: Vec<_> = out
        .iter()
        .filter(|(d, b)| d.starts_with("dm:") && b.starts_with("📝"))
        .collect();
    assert_eq!(chased.len(), 1);
    assert_eq!(chased[0].0, "dm:console:bruno");
    assert!(
        out.iter()
            .any(|(_, b)| b == "Relance envoyée en privé à 1 participant·e : bruno.")
    );

    // The scheduler's own chase, 2 days before the deadline, skips alice too; the summary at the
    // deadline counts her.
    clock.set(at("2027-02-18T21:00:00Z"));
    let n = outbox(engine.store()).await.len();
    engine.fire_due_jobs(100).await.unwrap();
    clock.set(at("2027-02-18T23:00:00Z"));
    engine.fire_due_jobs(100).await.unwrap();
    let out = since(&engine, n).await;
    let chases: Vec<_> = out
        .iter()
        .filter(|(_, b)| b.starts_with("📝 Rappel : le livrable"))
        .map(|(d, _)| d.as_str())
        .collect();
    assert_eq!(
        chases,
        ["dm:console:bruno", "dm:console:bruno"],
        "2 days and 2 hours before"
    );
    let summary = out
        .iter()
        .find(|(_, b)| b.starts_with("Échéance passée"))
        .unwrap();
    assert_eq!(summary.0, "dm:console:camille");
    assert!(
        summary
            .1
            .contains("1 rendu(s) sur 2 attendu(s). Pas encore rendu : bruno."),
        "{}",
        summary.1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn members_export_then_erase_their_personal_data(pool: SqlitePool) {
    let (engine, clock, dir) = setup(pool, "2027-02-12T10:00:00Z").await;
    engine
        .handle(with_files(
            "a1",
            "alice",
            Place::Direct,
            "!rendre 1 Mon texte",
            &[("a.pdf", PDF)],
        ))
        .await
        .unwrap();
    engine
        .handle(say("a2", "alice", None, Place::Direct, "!mes-donnees"))
        .await
        .unwrap();
    let (attachments,): (String,) =
        sqlx::query_as("SELECT attachments FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    let paths: Vec<String> = serde_json::from_str(&attachments).unwrap();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&paths[0]).unwrap()).unwrap();
    assert_eq!(data["member"]["name"], "alice");
    assert_eq!(data["identities"][0]["account"], "console:alice");
    assert_eq!(data["submissions"][0]["text"], "Mon texte");
    assert_eq!(data["submissions"][0]["files"][0]["name"], "a.pdf");

    engine
        .handle(say(
            "a3",
            "alice",
            None,
            Place::Direct,
            "!oublier-moi confirmer",
        ))
        .await
        .unwrap();
    assert!(
        outbox(engine.store())
            .await
            .last()
            .unwrap()
            .1
            .starts_with("Il n'y a pas de demande d'effacement")
    );
    engine
        .handle(say("a4", "alice", None, Place::Direct, "!oublier-moi"))
        .await
        .unwrap();
    clock.set(at("2027-02-12T10:05:00Z"));
    engine
        .handle(say(
            "a5",
            "alice",
            None,
            Place::Direct,
            "!oublier-moi confirmer",
        ))
        .await
        .unwrap();
    let out = outbox(engine.store()).await;
    let done = out.last().unwrap();
    assert_eq!(done.0, "dm:console:alice");
    assert!(
        done.1.starts_with(
            "C'est fait : vos données personnelles ont été effacées (1 livrable(s), 1 fichier(s))"
        ),
        "{}",
        done.1
    );
    assert!(out.iter().any(|(d, b)| d == "dm:console:camille"
        && b.starts_with("alice a exercé son droit à l'effacement")));
    assert_eq!(
        count(
            engine.store(),
            "SELECT COUNT(*) FROM members WHERE display_name = 'alice'"
        )
        .await,
        0
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        0
    );
    assert_eq!(
        count(
            engine.store(),
            "SELECT COUNT(*) FROM identities WHERE identity = 'console:alice'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            engine.store(),
            "SELECT COUNT(*) FROM outbox WHERE body LIKE '%Mon texte%'"
        )
        .await,
        0
    );
    assert_eq!(
        count(engine.store(), "SELECT SUM(count) FROM erased_submissions").await,
        1
    );
    assert!(
        walk(&dir.path().join("files")).is_empty(),
        "the file is gone"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_facilitator_of_another_cohort_sees_nothing_of_this_one(pool: SqlitePool) {
    let (engine, _, _dir) = setup(pool, "2027-02-12T10:00:00Z").await;
    engine
        .handle(say(
            "a1",
            "alice",
            None,
            Place::Direct,
            "!rendre 1 Mon texte secret",
        ))
        .await
        .unwrap();
    // A second cohort, its own room and facilitator.
    let other =
        bot::programme::parse(&EXAMPLE.replace("bvm-printemps-2027", "bvm-automne-2027")).unwrap();
    let room2 = bot::ids::RoomRef::new(Platform::Console, "autre-salon");
    let mut tx = engine.store().begin().await.unwrap();
    let report = bot::store::import_programme(&mut tx, &other, at("2027-02-12T10:00:00Z"))
        .await
        .unwrap();
    bot::store::cohorts::link_room(&mut tx, &room2, report.cohort, at("2027-02-12T10:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let there = Place::Room(room2);
    engine
        .handle(say("z1", "zelda", F, there.clone(), "!livrable 1 @alice"))
        .await
        .unwrap();
    assert_eq!(
        outbox(engine.store()).await.last().unwrap().1,
        "Je ne trouve personne qui s'appelle « @alice » dans la cohorte."
    );
    engine
        .handle(say("z2", "zelda", F, there.clone(), "!livrables 1"))
        .await
        .unwrap();
    let out = outbox(engine.store()).await;
    let overview = out
        .iter()
        .rev()
        .find(|(d, _)| d == "dm:console:zelda")
        .unwrap();
    assert!(
        overview.1.contains("0 rendu(s) sur 0 attendu(s)"),
        "{}",
        overview.1
    );
    assert!(
        !out.iter()
            .any(|(d, b)| d == "dm:console:zelda" && b.contains("secret"))
    );
    // And alice's own commands stay in her cohort.
    engine
        .handle(say("a2", "alice", None, Place::Direct, "!mes-livrables"))
        .await
        .unwrap();
    assert!(
        outbox(engine.store())
            .await
            .last()
            .unwrap()
            .1
            .contains("version 1")
    );
}
