//! The pool of resources on a real SQLite store: offers and needs posted, matched by kind and
//! words (both people told privately, once), searched, withdrawn, connected by hand; refusals
//! change nothing.

mod common;

use common::*;
use sqlx::SqlitePool;

const ROOM: &str = "room:console:salon";

#[sqlx::test(migrations = "../migrations")]
async fn offers_and_needs_are_pooled_matched_searched_and_connected(pool: SqlitePool) {
    let (engine, _clock) = engine_with_example(pool, "2027-04-13T09:00:00Z").await;
    for who in ["camille", "ana", "bruno", "dora"] {
        said(&engine, &format!("{who}0"), who, here(), "!aide").await;
    }
    let rows = "SELECT COUNT(*) FROM resources";

    // Refusals change nothing.
    for (id, text, expected) in [
        (
            "x1",
            r#"!offre "Salle" --type voiture"#,
            "Je ne connais pas le type « voiture »",
        ),
        ("x2", r#"!offre "Salle""#, "!offre \"Ce que vous proposez\""),
        (
            "x3",
            "!offre --type lieu",
            "!offre \"Ce que vous proposez\"",
        ),
        ("x4", "!offre retirer 9", "pas d'offre ou de besoin n° 9"),
    ] {
        let sent = said(&engine, id, "ana", here(), text).await;
        assert!(to(&sent, ROOM).contains(expected), "{text}: {sent:#?}");
    }
    let long = format!("!offre \"{}\" --type lieu", "x".repeat(201));
    let sent = said(&engine, "x5", "ana", here(), &long).await;
    assert!(to(&sent, ROOM).contains("200"), "{sent:#?}");
    assert_eq!(count(engine.store(), rows).await, 0);

    // Ana offers a room, Bruno a projector; Dora needs a room: Ana and Dora are told.
    let sent = said(
        &engine,
        "o1",
        "ana",
        here(),
        r#"!offre "Salle de réunion 30 places" --type lieu --ou "Lyon 1er""#,
    )
    .await;
    assert!(
        to(&sent, ROOM).contains(
            "Offre enregistrée : #1 🎁 offre (lieu) : Salle de réunion 30 places, Lyon 1er — ana"
        ),
        "{sent:#?}"
    );
    said(
        &engine,
        "o2",
        "bruno",
        here(),
        r#"!offer "Vidéoprojecteur" --kind equipment"#,
    )
    .await;
    let sent = said(
        &engine,
        "n1",
        "dora",
        here(),
        r#"!besoin "Une salle pour 20 personnes" --type lieu"#,
    )
    .await;
    assert!(
        to(&sent, ROOM).contains("Cela pourrait correspondre à : #1"),
        "{sent:#?}"
    );
    let told = to(&sent, "dm:console:ana");
    assert!(
        told.contains("Votre offre #1 « Salle de réunion 30 places » pourrait correspondre au besoin #3 de dora"),
        "{told}"
    );
    assert!(
        to(&sent, "dm:console:dora").contains(
            "Votre besoin #3 « Une salle pour 20 personnes » pourrait correspondre à l'offre #1 de ana"
        ),
        "{sent:#?}"
    );
    assert!(
        sent.iter().all(|(d, _)| d != "dm:console:bruno"),
        "{sent:#?}"
    );
    // A need of another kind sharing a word matches nothing.
    let sent = said(
        &engine,
        "n2",
        "dora",
        here(),
        r#"!besoin "Salle de sport" --type financement"#,
    )
    .await;
    assert!(
        !to(&sent, ROOM).contains("pourrait correspondre"),
        "{sent:#?}"
    );

    // Search, accents and plurals aside.
    let sent = said(&engine, "s1", "bruno", here(), "!ressources reunion").await;
    let found = to(&sent, ROOM);
    assert!(found.contains("1 résultat(s) pour « reunion »"), "{found}");
    assert!(found.contains("#1"));
    let sent = said(&engine, "s2", "bruno", here(), "!ressources").await;
    assert!(to(&sent, ROOM).contains("4 offre(s) et besoin(s)"));

    // Withdrawn: only by its author (or a facilitator), gone from the pool, kept in !mes-offres.
    let sent = said(&engine, "w1", "bruno", here(), "!offre retirer 1").await;
    assert!(to(&sent, ROOM).contains("pas d'offre ou de besoin n° 1"));
    said(&engine, "w2", "ana", here(), "!offre retirer #1").await;
    let sent = said(&engine, "s3", "bruno", here(), "!ressources salle").await;
    assert!(!to(&sent, ROOM).contains("#1 "), "{sent:#?}");
    let sent = said(&engine, "m1", "ana", here(), "!mes-offres").await;
    let mine = to(&sent, "dm:console:ana");
    assert!(mine.contains("(retiré)"), "{mine}");
    assert!(mine.contains("mis en relation avec #3"), "{mine}");

    // A facilitator connects Bruno's projector with a need by hand; a participant may not.
    said(
        &engine,
        "n3",
        "dora",
        here(),
        r#"!besoin "Projection pour la restitution" --type matériel"#,
    )
    .await;
    let sent = said(&engine, "c1", "ana", here(), "!relier 2 5").await;
    assert!(to(&sent, ROOM).contains("réservée"), "{sent:#?}");
    let sent = said(&engine, "c2", "camille", here(), "!relier 2 5").await;
    assert!(to(&sent, ROOM).contains("mis en relation"));
    assert!(to(&sent, "dm:console:bruno").contains("au besoin #5 de dora"));
    assert!(to(&sent, "dm:console:dora").contains("à l'offre #2 de bruno"));
    let sent = said(&engine, "c3", "camille", here(), "!relier 5 2").await;
    assert!(to(&sent, ROOM).contains("Pas d'offre ouverte n° 5"));
}
