//! The typed boundary: every kind of `Event` an adapter can hand in, on a real SQLite store.
//! A slash command and a poll answer do exactly what the typed text does; a reaction changes
//! nothing; a role change updates members the cohort knows and creates none.

mod common;

use bot::command::poll_args::VoteArgs;
use bot::command::{self, Command};
use bot::domain::Role;
use bot::engine::{
    Actor, CommandEvent, Engine, Event, Origin, Place, PollAnswer, Reaction, RoleChange,
};
use bot::ids::{Identity, Platform};
use bot::poll::judgment::Grade;
use common::*;
use sqlx::SqlitePool;

const F: Option<Role> = Some(Role::Facilitator);
const P: Option<Role> = Some(Role::Participant);

fn origin(id: &str, who: &str, role: Option<Role>) -> Origin {
    Origin {
        event_id: id.to_owned(),
        actor: Actor {
            identity: Identity::new(Platform::Console, who),
            display_name: who.to_owned(),
            role_hint: role,
            locale_hint: None,
        },
        place: Place::Room(room()),
    }
}

async fn setup(pool: SqlitePool) -> (Engine, tempfile::TempDir) {
    let (engine, _clock) = engine_with_example(pool, "2027-03-10T09:00:00Z").await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine.with_data_dir(dir.path());
    for (id, who, role) in [("c0", "camille", F), ("a0", "ana", P), ("b0", "bruno", P)] {
        engine
            .handle(say(id, who, role, Place::Room(room()), "!aide"))
            .await
            .unwrap();
    }
    (engine, dir)
}

async fn bodies(engine: &Engine) -> Vec<String> {
    outbox(engine.store())
        .await
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// The rows a table holds, as text, to compare before and after.
async fn snapshot(engine: &Engine) -> Vec<String> {
    let mut all = Vec::new();
    for table in ["members", "ballots", "outbox", "handled_events", "polls"] {
        let sql = format!("SELECT * FROM {table}");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(engine.store().pool())
            .await
            .unwrap();
        all.push(format!("{table}: {}", rows.len()));
    }
    all
}

#[sqlx::test(migrations = "../migrations")]
async fn a_poll_answer_votes_exactly_as_the_typed_command(pool: SqlitePool) {
    let (engine, _dir) = setup(pool).await;
    engine
        .handle(say(
            "c1",
            "camille",
            None,
            Place::Room(room()),
            "!sondage \"Quel jour ?\" Mardi Jeudi Vendredi --multiple",
        ))
        .await
        .unwrap();
    engine
        .handle(say("a1", "ana", None, Place::Room(room()), "!vote #1 1 3"))
        .await
        .unwrap();
    engine
        .handle(Event::PollAnswer(PollAnswer {
            origin: origin("b1", "bruno", None),
            poll: 1,
            answer: VoteArgs::Choices(vec![1, 3]),
        }))
        .await
        .unwrap();
    let b = bodies(&engine).await;
    let n = b.len();
    // Both acknowledgements say the same, but for the name of the voter.
    assert_eq!(b[n - 2], b[n - 1], "{b:#?}");
    let ballots = count(engine.store(), "SELECT COUNT(*) FROM ballots").await;
    assert_eq!(ballots, 2);

    // An impossible or empty answer is explained, never guessed, and changes nothing.
    for (i, answer) in [
        VoteArgs::Choices(vec![]),
        VoteArgs::Choices(vec![9]),
        VoteArgs::Grades(vec![Grade::Bien]),
    ]
    .into_iter()
    .enumerate()
    {
        let before = count(engine.store(), "SELECT COUNT(*) FROM ballots").await;
        let out = engine
            .handle(Event::PollAnswer(PollAnswer {
                origin: origin(&format!("bad{i}"), "bruno", None),
                poll: 1,
                answer,
            }))
            .await
            .unwrap();
        assert_eq!(out.messages, 1, "a refusal is answered");
        assert_eq!(
            count(engine.store(), "SELECT COUNT(*) FROM ballots").await,
            before
        );
    }
    // Withdrawing through the platform's control.
    engine
        .handle(Event::PollAnswer(PollAnswer {
            origin: origin("b2", "bruno", None),
            poll: 1,
            answer: VoteArgs::Withdraw,
        }))
        .await
        .unwrap();
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM ballots").await,
        1
    );
    // The same platform event twice changes nothing twice.
    let again = engine
        .handle(Event::PollAnswer(PollAnswer {
            origin: origin("b2", "bruno", None),
            poll: 1,
            answer: VoteArgs::Choices(vec![2]),
        }))
        .await
        .unwrap();
    assert!(again.duplicate);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_slash_command_does_what_its_text_does(pool: SqlitePool) {
    let (engine, _dir) = setup(pool).await;
    engine
        .handle(say("a1", "ana", None, Place::Room(room()), "!atelier 2"))
        .await
        .unwrap();
    let command = command::from_slash("atelier", Some(2), None).unwrap();
    assert_eq!(command, Ok(Command::Atelier { number: 2 }));
    engine
        .handle(Event::Command(CommandEvent {
            origin: origin("a2", "ana", None),
            command,
            attachments: Vec::new(),
        }))
        .await
        .unwrap();
    let b = bodies(&engine).await;
    assert_eq!(b[b.len() - 2], b[b.len() - 1]);

    // Options that make no command are answered with the command's usage.
    let command = command::from_slash("atelier", Some(0), None).unwrap();
    assert!(command.is_err());
    let out = engine
        .handle(Event::Command(CommandEvent {
            origin: origin("a3", "ana", None),
            command,
            attachments: Vec::new(),
        }))
        .await
        .unwrap();
    assert_eq!(out.messages, 1);
    let last = bodies(&engine).await.pop().unwrap();
    assert!(last.contains("!atelier"), "{last}");

    // The role check is the same: a participant's slash command for facilitators is refused.
    let before = snapshot(&engine).await;
    let command = command::from_slash("clore", None, Some("1")).unwrap();
    engine
        .handle(Event::Command(CommandEvent {
            origin: origin("a4", "ana", None),
            command,
            attachments: Vec::new(),
        }))
        .await
        .unwrap();
    let after = snapshot(&engine).await;
    assert_ne!(
        before, after,
        "the refusal is answered and the event recorded"
    );
    let last = bodies(&engine).await.pop().unwrap();
    assert!(
        last.contains("réservée") || last.contains("animation"),
        "{last}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reaction_changes_nothing_and_is_not_answered(pool: SqlitePool) {
    let (engine, _dir) = setup(pool).await;
    let before = snapshot(&engine).await;
    let out = engine
        .handle(Event::Reaction(Reaction {
            origin: origin("r1", "ana", None),
            message: "$somewhere".into(),
            emoji: "✅".into(),
        }))
        .await
        .unwrap();
    assert_eq!(out.messages, 0);
    assert_eq!(snapshot(&engine).await, before);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_role_change_updates_known_members_and_creates_none(pool: SqlitePool) {
    let (engine, _dir) = setup(pool).await;
    let role_of = |who: &'static str| {
        let store = engine.store().clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT m.role FROM members m JOIN identities i ON i.member_id = m.id \
                 WHERE i.identity = ?",
            )
            .bind(format!("console:{who}"))
            .fetch_optional(store.pool())
            .await
            .unwrap()
        }
    };
    assert_eq!(role_of("camille").await.as_deref(), Some("facilitator"));
    engine
        .handle(Event::RoleChange(RoleChange {
            origin: origin("pl1:camille", "camille", None),
            role: Role::Participant,
        }))
        .await
        .unwrap();
    assert_eq!(role_of("camille").await.as_deref(), Some("participant"));
    // Demoted on the platform: her facilitator commands are refused at once, even by DM
    // without a role from the platform.
    let mut dm = say("c9", "camille", None, Place::Direct, "!livrables 1");
    if let Event::Message(m) = &mut dm {
        m.actor.role_hint = None;
    }
    engine.handle(dm).await.unwrap();
    let last = bodies(&engine).await.pop().unwrap();
    assert!(
        last.contains("réservée") || last.contains("animation"),
        "{last}"
    );

    let members = count(engine.store(), "SELECT COUNT(*) FROM members").await;
    engine
        .handle(Event::RoleChange(RoleChange {
            origin: origin("pl2:zoe", "zoe", None),
            role: Role::Facilitator,
        }))
        .await
        .unwrap();
    assert_eq!(
        count(engine.store(), "SELECT COUNT(*) FROM members").await,
        members
    );
    assert_eq!(role_of("zoe").await, None);
    // Outside a linked room, nothing changes either.
    let mut elsewhere = origin("pl3:ana", "ana", None);
    elsewhere.place = Place::Direct;
    engine
        .handle(Event::RoleChange(RoleChange {
            origin: elsewhere,
            role: Role::Facilitator,
        }))
        .await
        .unwrap();
    assert_eq!(role_of("ana").await.as_deref(), Some("participant"));
}
