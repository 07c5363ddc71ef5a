//! Small groups on a real SQLite store: profiles, a draft balanced on them and seen by
//! facilitators only, replaced, adjusted, confirmed and announced (room, and each member
//! privately with the exercise), then moved one by one; refusals change nothing.

mod common;

use bot::engine::{Engine, Place};
use common::*;
use sqlx::SqlitePool;

const PARTICIPANTS: [&str; 6] = ["ana", "bruno", "dora", "eli", "fanny", "gael"];

/// The group of each participant of atelier `n`, by name.
async fn groups_of(engine: &Engine, n: u32) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT m.display_name, g.group_number FROM group_members g
         JOIN members m ON m.id = g.member_id JOIN ateliers a ON a.id = g.atelier_id
         WHERE a.number = ? ORDER BY m.display_name",
    )
    .bind(n)
    .fetch_all(engine.store().pool())
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn groups_are_drafted_on_profiles_confirmed_announced_and_adjusted(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-03-20T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    said(&engine, "c0", "camille", here(), "!aide").await;
    for who in PARTICIPANTS {
        said(&engine, &format!("{who}0"), who, here(), "!aide").await;
    }
    // Ana and Bruno work at the same town hall (written two ways); Dora and Eli in associations.
    let sent = said(
        &engine,
        "p1",
        "ana",
        here(),
        r#"!profil structure "Mairie de Lyon" type collectivité"#,
    )
    .await;
    let mine = to(&sent, "dm:console:ana");
    assert!(
        mine.contains("structure « Mairie de Lyon », type collectivité"),
        "{mine}"
    );
    said(
        &engine,
        "p2",
        "bruno",
        Place::Direct,
        r#"!profil structure "mairie de LYON""#,
    )
    .await;
    said(&engine, "p3", "dora", Place::Direct, "!profil type asso").await;
    said(
        &engine,
        "p4",
        "eli",
        Place::Direct,
        "!profil type association",
    )
    .await;
    let sent = said(
        &engine,
        "p5",
        "fanny",
        Place::Direct,
        "!profil type entreprise",
    )
    .await;
    assert!(to(&sent, "dm:console:fanny").contains("Je ne connais pas le type « entreprise »"));

    // Refusals: a participant, an impossible size, a cancelled number.
    for (id, who, text, expected) in [
        ("x1", "ana", "!groupes 3 --taille 3", "réservée"),
        (
            "x2",
            "camille",
            "!groupes 3 --taille 1",
            "Impossible de faire des groupes avec 1",
        ),
        (
            "x3",
            "camille",
            "!groupes 3 --nombre 9",
            "Impossible de faire des groupes avec 9",
        ),
        ("x4", "camille", "!groupes 3 confirmer", "Pas de brouillon"),
        ("x5", "camille", "!groupes 3 --taille", "!groupes [N]"),
    ] {
        let sent = said(&engine, id, who, here(), text).await;
        let all: String = sent.iter().map(|(_, b)| b.as_str()).collect();
        assert!(all.contains(expected), "{text}: {sent:#?}");
    }
    assert!(groups_of(&engine, 3).await.is_empty());

    // A draft, privately to the facilitator: two groups of three, the colleagues apart.
    for round in 0..2 {
        let sent = said(
            &engine,
            &format!("f{round}"),
            "camille",
            here(),
            "!groupes 3 --nombre 2",
        )
        .await;
        let draft = to(&sent, "dm:console:camille");
        assert!(
            draft.contains("Brouillon des groupes de l'atelier 3"),
            "{draft}"
        );
        let groups = groups_of(&engine, 3).await;
        assert_eq!(groups.len(), 6);
        let of = |name: &str| groups.iter().find(|(n, _)| n == name).unwrap().1;
        assert_ne!(of("ana"), of("bruno"), "{groups:?}");
        assert_ne!(of("dora"), of("eli"), "{groups:?}");
        assert_eq!(groups.iter().filter(|(_, g)| *g == 1).count(), 3);
    }
    // A draft is not shown to participants.
    let sent = said(&engine, "a1", "ana", here(), "!groupes 3").await;
    assert!(to(&sent, "room:console:salon").contains("Pas de groupes pour l'atelier 3"));

    // Adjusted, then confirmed: the room sees the groups, each participant their own and the
    // exercise of atelier 3.
    let groups = groups_of(&engine, 3).await;
    let gael = groups.iter().find(|(n, _)| n == "gael").unwrap().1;
    let other = if gael == 1 { 2 } else { 1 };
    let sent = said(
        &engine,
        "m1",
        "camille",
        here(),
        &format!("!groupe deplacer @gael {other}"),
    )
    .await;
    assert!(
        to(&sent, "room:console:salon")
            .contains(&format!("gael est maintenant dans le groupe {other}"))
    );
    let sent = said(&engine, "k1", "camille", here(), "!groupes 3 confirmer").await;
    let room_news = to(&sent, "room:console:salon");
    assert!(
        room_news.contains("👥 **Les groupes de l'atelier 3"),
        "{room_news}"
    );
    for who in PARTICIPANTS {
        let mine = to(&sent, &format!("dm:console:{who}"));
        assert!(mine.contains("vous êtes dans le groupe"), "{who}: {mine}");
        assert!(
            mine.contains("Consignes de l'exercice : En groupe, choisissez"),
            "{mine}"
        );
    }
    // Each group gets its space on each platform the cohort lives on (here the console).
    let spaces: Vec<&(String, String)> = sent
        .iter()
        .filter(|(d, _)| d.starts_with("space:console:"))
        .collect();
    assert_eq!(spaces.len(), 2, "{sent:#?}");
    for (d, body) in &spaces {
        assert!(d.ends_with("/3/1") || d.ends_with("/3/2"), "{d}");
        assert!(body.contains("Bienvenue dans l'espace du groupe"), "{body}");
        assert!(body.contains("Consignes de l'exercice"), "{body}");
    }
    let sent = said(&engine, "a2", "ana", here(), "!groupes").await;
    assert!(to(&sent, "room:console:salon").contains("Les groupes de l'atelier 3"));
    let sent = said(&engine, "f9", "camille", here(), "!groupes 3 --taille 2").await;
    assert!(
        to(&sent, "room:console:salon").contains("déjà confirmés"),
        "{sent:#?}"
    );

    // Once confirmed, a move tells the person of their new group.
    let sent = said(
        &engine,
        "m2",
        "camille",
        here(),
        &format!("!groupe 3 deplacer @gael {gael}"),
    )
    .await;
    assert!(to(&sent, "dm:console:gael").contains(&format!("dans le groupe {gael}")));
    let joined = sent
        .iter()
        .find(|(d, _)| d.ends_with(&format!("/3/{gael}")) && d.starts_with("space:"))
        .unwrap_or_else(|| panic!("nothing in group {gael}'s space: {sent:#?}"));
    assert!(joined.1.contains("gael rejoint le groupe"), "{joined:?}");
    let sent = said(
        &engine,
        "m3",
        "camille",
        here(),
        "!groupe 3 deplacer @gael 9",
    )
    .await;
    assert!(to(&sent, "room:console:salon").contains("Il n'y a pas de groupe 9"));

    // All of it is in each person's data export.
    said(&engine, "d1", "ana", Place::Direct, "!mes-donnees").await;
    let export = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    let mine = &data["working_together"];
    assert_eq!(mine["structure"], "Mairie de Lyon");
    assert_eq!(mine["structure_kind"], "collectivite");
    assert_eq!(mine["groups"][0]["atelier"], 3);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_group_deliverable_is_one_submission_per_group_with_shared_versions_and_review(
    pool: SqlitePool,
) {
    let text = EXAMPLE.replace(
        "due = \"2027-04-06 23:59\"",
        "due = \"2027-04-06 23:59\"\nby = \"group\"",
    );
    let programme = bot::programme::parse(&text).unwrap();
    let (engine, _clock) = engine_with_programme(pool, &programme, "2027-03-30T16:00:00Z").await;
    said(&engine, "c0", "camille", here(), "!aide").await;
    for who in ["ana", "bruno", "dora", "eli"] {
        said(&engine, &format!("{who}0"), who, here(), "!aide").await;
    }
    let sent = said(&engine, "r0", "ana", Place::Direct, "!rendre 3 Trop tôt").await;
    assert!(
        to(&sent, "dm:console:ana").contains("aucun groupe confirmé"),
        "{sent:#?}"
    );
    said(&engine, "g1", "camille", here(), "!groupes 3 --nombre 2").await;
    said(&engine, "g2", "camille", here(), "!groupes 3 confirmer").await;
    let groups = groups_of(&engine, 3).await;
    let group_of = |name: &str| groups.iter().find(|(n, _)| n == name).unwrap().1;
    let mate = groups
        .iter()
        .find(|(n, g)| n != "ana" && *g == group_of("ana"))
        .map(|(n, _)| n.clone())
        .unwrap();
    let others: Vec<String> = groups
        .iter()
        .filter(|(_, g)| *g != group_of("ana"))
        .map(|(n, _)| n.clone())
        .collect();

    // Ana hands in for her group; her teammate is told, and hands in the next version.
    let sent = said(
        &engine,
        "r1",
        "ana",
        Place::Direct,
        "!rendre 3 Notre chemin, v1",
    )
    .await;
    assert!(
        to(&sent, "dm:console:ana").contains("version 1"),
        "{sent:#?}"
    );
    let told = to(&sent, &format!("dm:console:{mate}"));
    assert!(told.contains("ana a rendu le livrable"), "{told}");
    assert!(told.contains("pour votre groupe"), "{told}");
    let sent = said(
        &engine,
        "r2",
        &mate,
        Place::Direct,
        "!rendre 3 Notre chemin, v2",
    )
    .await;
    assert!(
        to(&sent, &format!("dm:console:{mate}")).contains("version 2"),
        "{sent:#?}"
    );
    let sent = said(&engine, "m1", "ana", Place::Direct, "!mes-livrables").await;
    assert!(
        to(&sent, "dm:console:ana")
            .contains("Atelier 3 « Le passage au collectif par le territoire » : version 2"),
        "{sent:#?}"
    );
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM submissions").await,
        2,
        "one history for the group"
    );

    // The facilitator sees the group's hand-in and who still owes one; feedback reaches the
    // whole group; a chase reaches only the other group.
    let sent = said(&engine, "o1", "camille", here(), "!livrables 3").await;
    let overview = to(&sent, "dm:console:camille");
    assert!(
        overview.contains(&format!("rendu par {mate}")),
        "{overview}"
    );
    for other in &others {
        assert!(overview.contains(other.as_str()), "{overview}");
    }
    let sent = said(
        &engine,
        "f1",
        "camille",
        here(),
        "!retour 3 @ana validé Très clair",
    )
    .await;
    for who in ["ana", mate.as_str()] {
        assert!(
            to(&sent, &format!("dm:console:{who}")).contains("Très clair"),
            "{sent:#?}"
        );
    }
    let sent = said(&engine, "h1", "camille", here(), "!relancer 3").await;
    let chased: Vec<&str> = sent
        .iter()
        .filter(|(d, b)| {
            d.starts_with("dm:console:") && b.contains("l'atelier 3") && !d.ends_with("camille")
        })
        .map(|(d, _)| d.trim_start_matches("dm:console:"))
        .collect();
    let mut expected: Vec<&str> = others.iter().map(String::as_str).collect();
    expected.sort_unstable();
    let mut chased = chased;
    chased.sort_unstable();
    assert_eq!(chased, expected);
}
