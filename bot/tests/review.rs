//! Peer review on a real SQLite store: at the deadline each author receives others' work to
//! read, scores it with `!avis`, is reminded once, and the reviews reach their authors at the
//! review deadline without the reviewers' names; refusals change nothing.

mod common;

use bot::engine::Place;
use common::*;
use sqlx::SqlitePool;

fn to<'a>(sent: &'a [(String, String)], who: &str) -> &'a str {
    sent.iter()
        .find(|(d, _)| d == &format!("dm:console:{who}"))
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("nothing to {who}: {sent:#?}"))
}

/// The codes in a message: `R1`, `R2`…
fn codes(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            w.len() >= 2 && w.starts_with('R') && w[1..].chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn submissions_are_reviewed_by_peers_and_the_reviews_reach_their_authors(pool: SqlitePool) {
    let text = EXAMPLE.replacen(
        "due = \"2027-02-18 23:59\"",
        "due = \"2027-02-18 23:59\"\n\n[atelier.deliverable.review]\nreviewers = 2\n\
         criteria = [\"Clarté\", \"Ancrage territorial\"]\ndue_after = \"5d\"",
        1,
    );
    let programme = bot::programme::parse(&text).unwrap();
    let (engine, clock) = engine_with_programme(pool, &programme, "2027-02-12T09:00:00Z").await;
    said(&engine, "c0", "camille", Place::Room(room()), "!aide").await;
    for who in ["ana", "bruno", "eli"] {
        said(
            &engine,
            &format!("{who}0"),
            who,
            Place::Room(room()),
            "!aide",
        )
        .await;
        said(
            &engine,
            &format!("{who}1"),
            who,
            Place::Direct,
            &format!("!rendre 1 Le texte de {who}"),
        )
        .await;
    }
    said(&engine, "d0", "dora", Place::Room(room()), "!aide").await;

    // At the deadline (23:59 in Paris), each of the three authors gets two others' work.
    let sent = fire_at(&engine, &clock, "2027-02-18T22:59:30Z").await;
    let mut all_codes = Vec::new();
    for who in ["ana", "bruno", "eli"] {
        let mine = to(&sent, who);
        assert!(mine.contains("Relecture entre pairs — atelier 1"), "{mine}");
        assert!(
            mine.contains("Clarté (1–5), Ancrage territorial (1–5)"),
            "{mine}"
        );
        assert!(
            !mine.contains(&format!("Le texte de {who}")),
            "never one's own: {mine}"
        );
        let found = codes(mine);
        assert_eq!(found.len(), 2, "{mine}");
        all_codes.extend(found.into_iter().map(|c| (who, c)));
    }
    assert!(
        sent.iter().all(|(d, _)| d != "dm:console:dora"),
        "{sent:#?}"
    );
    let (ana_code, other) = (
        all_codes
            .iter()
            .find(|(w, _)| *w == "ana")
            .unwrap()
            .1
            .clone(),
        all_codes
            .iter()
            .find(|(w, _)| *w == "bruno")
            .unwrap()
            .1
            .clone(),
    );

    // Refusals: someone else's code, a score off the scale, a criterion missing or unknown.
    for (id, text, expected) in [
        (
            "x1",
            format!("!avis 1 {other} clarte=4 ancrage=3"),
            "Aucune relecture",
        ),
        (
            "x2",
            format!("!avis 1 {ana_code} clarte=9 ancrage=3"),
            "la note va de 1 à 5",
        ),
        (
            "x3",
            format!("!avis 1 {ana_code} clarte=4"),
            "Notez chaque critère",
        ),
        (
            "x4",
            format!("!avis 1 {ana_code} style=4 ancrage=3"),
            "quel critère est « style=4 »",
        ),
    ] {
        let sent = said(&engine, id, "ana", Place::Direct, &text).await;
        assert!(to(&sent, "ana").contains(expected), "{text}: {sent:#?}");
    }
    let sent = said(
        &engine,
        "a1",
        "ana",
        Place::Direct,
        &format!(
            "!avis 1 {} Clar=4 ANCRAGE=3 Très concret, bravo",
            ana_code.to_lowercase()
        ),
    )
    .await;
    assert!(to(&sent, "ana").contains(&format!("votre avis {ana_code} est enregistré")));
    let sent = said(&engine, "p1", "camille", Place::Direct, "!avis-suivi 1").await;
    let progress = to(&sent, "camille");
    assert!(progress.contains("ana : 1 sur 2"), "{progress}");
    assert!(progress.contains("bruno : 0 sur 2"), "{progress}");

    // A day before the reviews are due: one reminder, to those with reviews left.
    let sent = fire_at(&engine, &clock, "2027-02-22T22:59:30Z").await;
    assert_eq!(codes(to(&sent, "ana")).len(), 1, "{sent:#?}");
    assert_eq!(codes(to(&sent, "bruno")).len(), 2, "{sent:#?}");

    // Due: the author ana reviewed gets the review, without her name.
    let sent = fire_at(&engine, &clock, "2027-02-23T22:59:30Z").await;
    let reviewed: Vec<&(String, String)> = sent
        .iter()
        .filter(|(_, b)| b.contains("Les relectures de votre livrable"))
        .collect();
    assert_eq!(reviewed.len(), 1, "{sent:#?}");
    let body = &reviewed[0].1;
    assert!(
        body.contains("Clarté 4/5 · Ancrage territorial 3/5"),
        "{body}"
    );
    assert!(body.contains("Très concret, bravo"), "{body}");
    assert!(!body.contains("ana"), "anonymous: {body}");
    let sent = said(
        &engine,
        "a2",
        "ana",
        Place::Direct,
        &format!("!avis 1 {ana_code} clarte=5 ancrage=5"),
    )
    .await;
    assert!(to(&sent, "ana").contains("sont closes"), "{sent:#?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_group_deliverable_is_reviewed_by_another_group_and_the_reviews_reach_the_whole_group(
    pool: SqlitePool,
) {
    let text = EXAMPLE.replacen(
        "due = \"2027-02-18 23:59\"",
        "due = \"2027-02-18 23:59\"\nby = \"group\"\n\n[atelier.deliverable.review]\n\
         reviewers = 1\ncriteria = [\"Clarté\"]\ndue_after = \"5d\"",
        1,
    );
    let programme = bot::programme::parse(&text).unwrap();
    let (engine, clock) = engine_with_programme(pool, &programme, "2027-02-12T09:00:00Z").await;
    said(&engine, "c0", "camille", Place::Room(room()), "!aide").await;
    for who in ["ana", "bruno", "dora", "eli"] {
        said(
            &engine,
            &format!("{who}0"),
            who,
            Place::Room(room()),
            "!aide",
        )
        .await;
    }
    said(
        &engine,
        "g1",
        "camille",
        Place::Room(room()),
        "!groupes 1 --nombre 2",
    )
    .await;
    said(
        &engine,
        "g2",
        "camille",
        Place::Room(room()),
        "!groupes 1 confirmer",
    )
    .await;
    let groups: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.display_name, g.group_number FROM group_members g JOIN members m ON m.id = g.member_id
         ORDER BY g.group_number, m.display_name",
    )
    .fetch_all(engine.store().pool())
    .await
    .unwrap();
    let first_of = |g: i64| groups.iter().find(|(_, n)| *n == g).unwrap().0.clone();
    let (one, two) = (first_of(1), first_of(2));
    said(
        &engine,
        "r1",
        &one,
        Place::Direct,
        "!rendre 1 Le travail du groupe 1",
    )
    .await;
    said(
        &engine,
        "r2",
        &two,
        Place::Direct,
        "!rendre 1 Le travail du groupe 2",
    )
    .await;

    let sent = fire_at(&engine, &clock, "2027-02-18T22:59:30Z").await;
    let to_read = to(&sent, &one);
    assert!(
        to_read.contains("Le travail du groupe 2"),
        "each group reads the other: {to_read}"
    );
    let code = codes(to_read).remove(0);
    said(
        &engine,
        "a1",
        &one,
        Place::Direct,
        &format!("!avis 1 {code} clarte=5 Limpide"),
    )
    .await;
    let sent = fire_at(&engine, &clock, "2027-02-23T22:59:30Z").await;
    let reached: Vec<&str> = groups
        .iter()
        .filter(|(_, g)| *g == 2)
        .map(|(n, _)| n.as_str())
        .collect();
    for who in reached {
        let dest = format!("dm:console:{who}");
        assert!(
            sent.iter().any(|(d, b)| *d == dest
                && b.contains("Les relectures")
                && b.contains("Clarté 5/5")),
            "{who}: {sent:#?}"
        );
    }
}
