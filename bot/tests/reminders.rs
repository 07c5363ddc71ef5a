//! Reminders written in chat, snoozing, the calendar, linking rooms: on a real SQLite store.

mod common;

use bot::domain::Role;
use bot::engine::Place;
use bot::ids::{Platform, RoomRef};
use common::*;
use sqlx::SqlitePool;

fn in_room() -> Place {
    Place::Room(room())
}

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

async fn bodies(engine: &bot::engine::Engine) -> Vec<(String, String)> {
    outbox(engine.store()).await
}

#[sqlx::test(migrations = "../migrations")]
async fn a_one_off_reminder_fires_once_at_its_local_time(pool: SqlitePool) {
    // Wednesday 10 March 2027, 10:00 Paris.
    let (engine, clock) = engine_with_example(pool, "2027-03-10T09:00:00Z").await;
    engine
        .handle(say("1", "alice", P, in_room(), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say(
            "2",
            "camille",
            F,
            in_room(),
            "!rappel lundi 14h30 Apportez vos cartes",
        ))
        .await
        .unwrap();
    let out = bodies(&engine).await;
    assert_eq!(
        out.last().unwrap().1,
        "Rappel n° 1 programmé le lundi 15 mars 2027 à 14 h 30 (dans 5 jours et 4 heures), dans le salon : « Apportez vos cartes »"
    );
    // 14:30 Paris in winter = 13:30 UTC.
    let mine = |out: &[(String, String)]| {
        out.iter()
            .filter(|(_, b)| b == "🔔 Apportez vos cartes")
            .cloned()
            .collect::<Vec<_>>()
    };
    // The programme's own jobs due by then go out; the reminder does not, a minute early.
    clock.set(at("2027-03-15T13:29:00Z"));
    engine.fire_due_jobs(100).await.unwrap();
    assert!(mine(&bodies(&engine).await).is_empty());
    clock.set(at("2027-03-15T13:30:00Z"));
    let fired = engine.fire_due_jobs(100).await.unwrap();
    assert_eq!((fired.sent, fired.messages), (1, 1));
    assert_eq!(
        mine(&bodies(&engine).await),
        [("room:console:salon".into(), "🔔 Apportez vos cartes".into())]
    );
    clock.set(at("2027-03-16T13:30:00Z"));
    engine.fire_due_jobs(100).await.unwrap();
    assert_eq!(mine(&bodies(&engine).await).len(), 1, "once only");
    engine
        .handle(say("3", "camille", F, in_room(), "!rappels"))
        .await
        .unwrap();
    assert!(
        bodies(&engine)
            .await
            .last()
            .unwrap()
            .1
            .starts_with("Aucun rappel programmé")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_cron_reminder_keeps_nine_o_clock_across_the_summer_time_change(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-03-20T09:00:00Z").await;
    engine
        .handle(say(
            "1",
            "camille",
            F,
            in_room(),
            "!rappel cron \"0 9 * * 1\" Journal de bord",
        ))
        .await
        .unwrap();
    let reply = bodies(&engine).await.last().unwrap().1.clone();
    assert!(reply.starts_with("Rappel n° 1 programmé selon la règle « 0 9 * * 1 », prochain envoi le lundi 22 mars 2027 à 9 h 00"), "{reply}");
    let mut fired_at = Vec::new();
    // Step an hour at a time through three Mondays, across 28 March 2027.
    let mut t = at("2027-03-20T09:00:00Z");
    while t < at("2027-04-06T00:00:00Z") {
        t += chrono::Duration::hours(1);
        clock.set(t);
        let before = bodies(&engine).await.len();
        engine.fire_due_jobs(100).await.unwrap();
        if bodies(&engine).await[before..]
            .iter()
            .any(|(_, b)| b == "🔔 Journal de bord")
        {
            fired_at.push(t);
        }
    }
    // 9:00 Paris: 8:00 UTC in winter, 7:00 UTC in summer.
    assert_eq!(
        fired_at,
        [
            at("2027-03-22T08:00:00Z"),
            at("2027-03-29T07:00:00Z"),
            at("2027-04-05T07:00:00Z")
        ]
    );
    engine
        .handle(say("2", "camille", F, in_room(), "!rappels"))
        .await
        .unwrap();
    let list = bodies(&engine).await.last().unwrap().1.clone();
    assert!(list.contains("n° 1 · règle « 0 9 * * 1 », prochain le lundi 12 avril 2027 à 9 h 00 · dans le salon · « Journal de bord »"), "{list}");
    engine
        .handle(say("3", "camille", F, in_room(), "!rappels annuler 1"))
        .await
        .unwrap();
    assert_eq!(
        bodies(&engine).await.last().unwrap().1,
        "Rappel n° 1 annulé : « Journal de bord »."
    );
    clock.set(at("2027-04-20T08:00:00Z"));
    engine.fire_due_jobs(1000).await.unwrap();
    let journal = bodies(&engine)
        .await
        .iter()
        .filter(|(_, b)| b == "🔔 Journal de bord")
        .count();
    assert_eq!(journal, 3, "nothing after the cancellation");
}

#[sqlx::test(migrations = "../migrations")]
async fn reminders_to_a_member_and_bad_input(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-03-10T09:00:00Z").await;
    engine
        .handle(say("1", "alice", P, in_room(), "!aide"))
        .await
        .unwrap();
    let cases = [
        (
            "2",
            "camille",
            F,
            "!rappel @alice demain 9h Votre portrait ?",
        ),
        ("3", "alice", P, "!rappel demain 9h Moi aussi"),
        ("4", "camille", F, "!rappel hier 9h Trop tard"),
        ("5", "camille", F, "!rappel 31 février 9h Impossible"),
        ("6", "camille", F, "!rappel cron \"0 25 * * *\" Jamais"),
        ("7", "camille", F, "!rappel @zoe demain 9h Qui ?"),
        ("8", "camille", F, "!rappels annuler 7"),
        ("9", "camille", F, "!rappel demain 9h"),
    ];
    for (id, who, role, text) in cases {
        engine
            .handle(say(id, who, role, in_room(), text))
            .await
            .unwrap();
    }
    let out: Vec<String> = bodies(&engine)
        .await
        .into_iter()
        .map(|(_, b)| b)
        .skip(1)
        .collect();
    assert!(out[0].starts_with("Rappel n° 1 programmé le jeudi 11 mars 2027 à 9 h 00 (dans 23 heures), à alice en message privé"), "{}", out[0]);
    assert_eq!(
        out[1],
        "Cette commande est réservée aux personnes ayant le rôle facilitateur·rice."
    );
    for (i, needle) in [
        (2, "passé"),
        (3, "février"),
        (4, "heure"),
        (5, "« @zoe »"),
        (6, "n° 7"),
        (7, "Usage"),
    ] {
        assert!(
            out[i].contains(needle),
            "reply {i} should mention {needle:?}: {}",
            out[i]
        );
    }
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM reminders").await,
        1,
        "refusals store nothing"
    );
    clock.set(at("2027-03-11T08:00:00Z"));
    let before = bodies(&engine).await.len();
    engine.fire_due_jobs(100).await.unwrap();
    let sent = bodies(&engine).await[before..].to_vec();
    assert_eq!(
        sent,
        [(
            "dm:console:alice".to_owned(),
            "🔔 Votre portrait ?".to_owned()
        )]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn participants_turn_reminder_dms_off_and_snooze_one(pool: SqlitePool) {
    let (engine, clock) = engine_with_example(pool, "2027-02-09T09:00:00Z").await;
    engine
        .handle(say("1", "alice", P, in_room(), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say("2", "bruno", P, in_room(), "!rappels off"))
        .await
        .unwrap();
    // The day before atelier 1, 18:00 Paris.
    clock.set(at("2027-02-10T17:00:00Z"));
    engine.fire_due_jobs(100).await.unwrap();
    let out = bodies(&engine).await;
    assert!(out.iter().any(|(d, _)| d == "dm:console:alice"));
    assert!(
        !out.iter()
            .any(|(d, b)| d == "dm:console:bruno" && b.starts_with('⏰')),
        "bruno turned DMs off"
    );

    clock.set(at("2027-02-10T17:05:00Z"));
    engine
        .handle(say("3", "alice", P, Place::Direct, "!plus-tard 2h"))
        .await
        .unwrap();
    let reply = bodies(&engine).await.last().unwrap().clone();
    assert_eq!(reply.0, "dm:console:alice");
    assert_eq!(
        reply.1,
        "C'est noté : je vous le rappelle dans 2 heures, le mercredi 10 février 2027 à 20 h 05."
    );
    clock.set(at("2027-02-10T19:05:00Z"));
    let before = bodies(&engine).await.len();
    engine.fire_due_jobs(100).await.unwrap();
    let snoozed = bodies(&engine).await[before..].to_vec();
    assert_eq!(snoozed.len(), 1);
    assert_eq!(snoozed[0].0, "dm:console:alice");
    assert!(
        snoozed[0]
            .1
            .starts_with("⏰ L'atelier 1 « Le sens avant l'action »"),
        "{}",
        snoozed[0].1
    );
    assert!(snoozed[0].1.ends_with("(Rappel reporté à votre demande.)"));
    engine
        .handle(say("4", "bruno", P, Place::Direct, "!plus-tard"))
        .await
        .unwrap();
    assert!(
        bodies(&engine)
            .await
            .last()
            .unwrap()
            .1
            .starts_with("Je ne vous ai envoyé aucun rappel")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_calendar_is_an_ics_file_attached_to_the_reply(pool: SqlitePool) {
    let (engine, _) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    engine
        .handle(say("1", "alice", P, in_room(), "!calendrier"))
        .await
        .unwrap();
    let (attachments,): (String,) =
        sqlx::query_as("SELECT attachments FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(engine.store().pool())
            .await
            .unwrap();
    let paths: Vec<String> = serde_json::from_str(&attachments).unwrap();
    assert_eq!(paths.len(), 1);
    let ics = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        12,
        "6 ateliers and 6 deadlines"
    );
    assert!(
        ics.contains("DTSTART:20270330T073000Z"),
        "atelier 3 in summer time"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn only_a_facilitator_of_the_cohort_links_a_room(pool: SqlitePool) {
    let (engine, _) = engine_with_example(pool, "2027-02-01T09:00:00Z").await;
    engine
        .handle(say("1", "camille", F, in_room(), "!aide"))
        .await
        .unwrap();
    engine
        .handle(say("2", "alice", P, in_room(), "!aide"))
        .await
        .unwrap();
    let other = Place::Room(RoomRef::new(Platform::Console, "atelier-3"));
    // Alice is a participant; a stranger claims to be a facilitator of the other room.
    engine
        .handle(say(
            "3",
            "alice",
            F,
            other.clone(),
            "!cohorte lier bvm-printemps-2027",
        ))
        .await
        .unwrap();
    engine
        .handle(say(
            "4",
            "camille",
            F,
            other.clone(),
            "!cohorte lier inconnue",
        ))
        .await
        .unwrap();
    engine
        .handle(say(
            "5",
            "camille",
            F,
            other.clone(),
            "!cohorte lier bvm-printemps-2027",
        ))
        .await
        .unwrap();
    engine
        .handle(say("6", "alice", None, other, "!cohorte"))
        .await
        .unwrap();
    let out: Vec<String> = bodies(&engine)
        .await
        .into_iter()
        .map(|(_, b)| b)
        .skip(2)
        .collect();
    assert!(
        out[0].starts_with("Je ne connais aucune cohorte « bvm-printemps-2027 » dont vous êtes"),
        "{}",
        out[0]
    );
    assert!(out[1].starts_with("Je ne connais aucune cohorte « inconnue » dont vous êtes"));
    assert!(
        out[2]
            .starts_with("C'est fait : ce salon suit désormais la cohorte « Bien-Vivre Maintenant")
    );
    assert!(out[3].starts_with("Ce salon suit la cohorte « Bien-Vivre Maintenant"));
}
