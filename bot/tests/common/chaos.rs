//! The chaos driver: random sequences of valid and mutated commands (random people, roles,
//! places, numbers at the limits, Unicode, files, clock jumps) against the engine on a real
//! SQLite file, checking the engine's promises after every step.
//!
//! Shared by the short run in the test suite (`bot/tests/chaos.rs`) and the long run of the
//! `chaos` bench binary.

use std::collections::HashMap;
use std::sync::Arc;

use bot::clock::SimClock;
use bot::domain::Role;
use bot::engine::{
    Actor, Attachment, CommandEvent, Engine, Event, IncomingMessage, Origin, Place, PollAnswer,
    Reaction, RoleChange, Settings,
};
use bot::ids::{Identity, Platform, RoomRef};
use bot::limits::Limits;
use bot::store::{self, Store};
use chrono::{DateTime, Duration, Utc};

const EXAMPLE: &str = include_str!("../../../examples/bien-vivre-maintenant.toml");

/// A small, seeded, reproducible generator (xorshift64*): a failure is replayed by its seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// What a chaos run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Steps run (events handled and clock jumps).
    pub cases: u64,
    /// Of which commands sent.
    pub commands: u64,
    /// Of which clock jumps with jobs fired.
    pub clock_jumps: u64,
    /// Broken promises, with the seed, the step and what was sent.
    pub failures: Vec<String>,
}

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "6",
    "7",
    "-1",
    "#1",
    "n°2",
    "99",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999999",
    "1e9",
    "٣",
    "１",
];
const WORDS: &[&str] = &[
    "Alice",
    "alice",
    "@alice",
    "<@1>",
    "@room",
    "@everyone",
    "Zoé",
    "\u{202E}evil",
    "a\u{200B}b",
    "🙂",
    "«",
    "»",
    "\"",
    "“",
    "e\u{301}",
    "",
    " ",
    "\n",
    "--durée",
    "--max",
    "--anonyme",
    "--multiple",
    "--jugement",
    "--resultats",
    "direct",
    "fin",
    "99999999w",
    "2h",
    "800d",
    "demain",
    "9h",
    "lundi",
    "14h30",
    "dans",
    "2027-03-01",
    "2031-01-01",
    "cron",
    "\"* * * * *\"",
    "\"0 9 * * 1\"",
    "validé",
    "à-reprendre",
    "retirer",
    "très-bien",
    "passable",
    "confirmer",
    "annuler",
    "on",
    "off",
    "fr",
    "en",
    "lier",
    "bvm-printemps-2027",
    "bvm-automne-2027",
];
const TEMPLATES: &[&str] = &[
    "!aide",
    "!aide {w}",
    "!programme",
    "!atelier {n}",
    "!prochain",
    "!refs",
    "!refs {n}",
    "!langue {w}",
    "!rappel demain 9h {w} {w}",
    "!rappel {w} {w} {w}",
    "!rappel cron {w} {w}",
    "!rappels",
    "!rappels {w}",
    "!rappels annuler {n}",
    "!plus-tard",
    "!plus-tard {w}",
    "!calendrier",
    "!cohorte",
    "!cohorte lier {w}",
    "!rendre {n} {w} {w}",
    "!rendre {n}",
    "!mes-livrables",
    "!livrables {n}",
    "!livrable {n} {w}",
    "!retour {n} {w} {w} {w}",
    "!relancer {n}",
    "!mes-donnees",
    "!oublier-moi",
    "!oublier-moi confirmer",
    "!sondage \"{w}\" \"{w}\" \"{w}\" {w} {w}",
    "!sondage \"Q {n}\" \"A\" \"B\" --anonyme",
    "!sondage \"Q {n}\" \"A\" \"B\" \"C\" --jugement",
    "!vote {n}",
    "!vote #{n} {n}",
    "!vote {w}",
    "!vote #{n} {w} {w}",
    "!clore {n}",
    "!sondages",
    "!pret {n}",
    "!pas-encore {n}",
    "!question {n} {w} {w}",
    "!preparation {n}",
    "!repondre {n} {w}",
    "!present",
    "!present {w}",
    "!presence {n}",
    "!presence {n} {w} {w}",
    "!presence {n} {w} présent session {n}",
    "!evaluer {n} {n} {n} | {w} | {w}",
    "!evaluer {n} {w}",
    "!objectifs {n}>{n} {n}>{n} {n}>{n} {n}>{n}",
    "!objectifs {w}",
    "!evaluation {n}",
    "!evaluation objectifs",
    "!suivi",
    "!suivi {w}",
    "!delai {n} {w} {w}",
    "!delai accorder {n} {w} {w} {w}",
    "!delai accorder {n} {w} 2027-06-01 18:00",
    "!delai refuser {n} {w} {w}",
    "!atelier-deplacer {n} {w} {w}",
    "!atelier-deplacer {n} 2027-06-{n} {n}h30 {w}",
    "!atelier-annuler {n} {w}",
    "!lier-compte",
    "!web",
    "!web deconnecter",
    "!groupes {n} --taille {n}",
    "!groupes {n} --nombre {n} --hasard",
    "!groupes {n} confirmer",
    "!groupes {n}",
    "!groupe deplacer {w} {n}",
    "!profil structure {w} type {w}",
    "!offre {w} --type lieu --ou {w}",
    "!besoin {w} {w} --type {w}",
    "!offre retirer {n}",
    "!ressources {w}",
    "!mes-offres",
    "!avis {n} R{n} {w}={n} {w}",
    "!avis-suivi {n}",
    "!decision {w} --propositions {w} --amendements {w} --vote {w}",
    "!decision \"{w}\" --propositions 2027-06-{n} 18h --amendements 2027-06-{n} 18h --vote 2027-07-{n} 18h",
    "!proposition {n} {w} {w}",
    "!amendement {n} {n} {w}",
    "!amendement accepter {n} {n} {n}",
    "!decision {n}",
    "!decisions",
    "!relier {n} {n}",
    "!lier-compte {w}",
    "!{w}",
    "{w} {w}",
];

/// The people of the run: (account, display name, role in A's room).
const PEOPLE: &[(&str, &str, Role)] = &[
    ("fa", "Camille", Role::Facilitator),
    ("fb", "Bea", Role::Participant),
    ("p1", "Alice", Role::Participant),
    ("p2", "alice", Role::Participant),
    ("p3", "Zoé\u{202E}", Role::Participant),
    ("p4", "<@p1>", Role::Participant),
    ("o1", "Olga", Role::Observer),
];

fn room_a() -> RoomRef {
    RoomRef::new(Platform::Console, "salon-a")
}
fn room_b() -> RoomRef {
    RoomRef::new(Platform::Console, "salon-b")
}

fn command(rng: &mut Rng) -> String {
    let template = *rng.pick(TEMPLATES);
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let hole = &rest[i..i + 3];
        let filling = match hole {
            "{n}" => *rng.pick(NUMBERS),
            _ => *rng.pick(WORDS),
        };
        out.push_str(filling);
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    if rng.chance(35) {
        mutate(rng, &mut out);
    }
    out
}

/// Inserts, deletes, duplicates or cuts at a random character boundary.
fn mutate(rng: &mut Rng, s: &mut String) {
    let boundaries: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    let at = *rng.pick(&boundaries);
    let extras = [
        '"', '«', '\n', '\u{0}', '\u{202E}', '\u{200B}', '!', '#', '@', 'é', '9', ' ',
    ];
    match rng.below(5) {
        0 => s.insert(at, *rng.pick(&extras)),
        1 => s.truncate(at),
        2 => {
            let copy = s.clone();
            s.push_str(&copy);
        }
        3 => s.insert_str(at, &"9".repeat(rng.below(40))),
        _ => {
            let n = rng.below(3000);
            s.insert_str(at, &"ê".repeat(n));
        }
    }
}

fn attachment(rng: &mut Rng) -> Vec<Attachment> {
    if !rng.chance(15) {
        return Vec::new();
    }
    let pick = rng.below(4);
    vec![match pick {
        0 => Attachment::new("engagement.pdf", b"%PDF-1.7\nchaos".to_vec()),
        1 => Attachment::new("\u{202E}fdp.exe", b"\x7fELF\x02\x01\x01\0".to_vec()),
        2 => Attachment::not_downloaded("enorme.pdf", u64::MAX),
        _ => Attachment::new("vide.txt", Vec::new()),
    }]
}

/// Runs `steps` random steps from `seed` on a fresh database in `dir`.
pub async fn run(seed: u64, steps: u64, dir: &std::path::Path) -> Report {
    let mut report = Report::default();
    let mut rng = Rng::new(seed);
    let store = Store::open(&dir.join(format!("chaos-{seed}.db")))
        .await
        .unwrap();
    let start: DateTime<Utc> = DateTime::parse_from_rfc3339("2027-01-20T08:00:00Z")
        .unwrap()
        .to_utc();
    let mut titles = HashMap::new();
    for (name, season, room) in [
        ("bvm-printemps-2027", "printemps", room_a()),
        ("bvm-automne-2027", "automne", room_b()),
    ] {
        let toml = EXAMPLE.replace("bvm-printemps-2027", name).replace(
            "cohorte du printemps 2027",
            &format!("cohorte {season} 2027"),
        );
        let programme = bot::programme::parse(&toml).unwrap();
        let mut tx = store.begin().await.unwrap();
        let r = store::import_programme(&mut tx, &programme, start)
            .await
            .unwrap();
        store::cohorts::link_room(&mut tx, &room, r.cohort, start)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        titles.insert(r.cohort.0, season);
    }
    let clock = SimClock::new(start);
    let settings = Settings {
        data_dir: dir.join(format!("data-{seed}")),
        limits: Limits {
            commands_per_minute: 1_000,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let engine = Engine::new(store.clone(), Arc::new(clock.clone())).with_settings(settings);
    let mut last_outbox = 0i64;
    for step in 0..steps {
        report.cases += 1;
        let what;
        if rng.chance(8) {
            let jump = match rng.below(4) {
                0 => Duration::minutes(rng.below(120) as i64),
                1 => Duration::hours(rng.below(72) as i64),
                2 => Duration::days(rng.below(40) as i64),
                _ => Duration::days(rng.below(800) as i64),
            };
            what = format!("clock +{jump}");
            clock.advance(jump);
            report.clock_jumps += 1;
            if let Err(e) = engine.fire_due_jobs(2_000).await {
                report.failures.push(format!(
                    "seed {seed} step {step} ({what}): firing failed: {e}"
                ));
            }
        } else {
            report.commands += 1;
            let (user, name, role) = *rng.pick(PEOPLE);
            let (place, hint) = match rng.below(10) {
                0..=4 => (Place::Room(room_a()), Some(role)),
                5..=6 => (
                    Place::Room(room_b()),
                    Some(if user == "fb" {
                        Role::Facilitator
                    } else {
                        Role::Participant
                    }),
                ),
                7..=8 => {
                    // As the adapters do: the role read in the rooms of the cohort the DM will
                    // be handled in (sometimes unreadable).
                    let rooms = engine
                        .dm_cohort_rooms(&Identity::new(Platform::Console, user))
                        .await
                        .unwrap_or_default();
                    let hint = if rooms.contains(&room_a()) {
                        Some(role)
                    } else if rooms.contains(&room_b()) {
                        Some(if user == "fb" {
                            Role::Facilitator
                        } else {
                            Role::Participant
                        })
                    } else {
                        None
                    };
                    (Place::Direct, hint.filter(|_| rng.chance(80)))
                }
                _ => (
                    Place::Room(RoomRef::new(Platform::Console, "ailleurs")),
                    Some(role),
                ),
            };
            let text = command(&mut rng);
            let said = format!("{user} in {place:?}: {text:?}");
            let event_id = format!("e{step}");
            let origin = Origin {
                event_id: event_id.clone(),
                actor: Actor {
                    identity: Identity::new(Platform::Console, user),
                    display_name: name.to_owned(),
                    role_hint: hint,
                    locale_hint: None,
                },
                place,
            };
            // Mostly typed text; sometimes what adapters hand in from buttons, slash commands,
            // reactions and role changes, with the same random values.
            let (event, is_command) = if rng.chance(75) {
                let is_command = bot::command::parse(&text).is_some();
                let event = Event::Message(IncomingMessage {
                    event_id: origin.event_id,
                    actor: origin.actor,
                    place: origin.place,
                    text: text.clone(),
                    attachments: attachment(&mut rng),
                });
                (event, is_command)
            } else {
                typed_event(&mut rng, origin, &text)
            };
            what = match &event {
                Event::Message(_) => said,
                typed => format!("{said} as {}", {
                    let d = format!("{typed:?}");
                    d.chars().take(400).collect::<String>()
                }),
            };
            match engine.handle(event).await {
                Err(e) => report.failures.push(format!(
                    "seed {seed} step {step} ({what}): engine error: {e}"
                )),
                Ok(_) => {
                    let seen: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM handled_events WHERE event_key = ?",
                    )
                    .bind(format!("console:{event_id}"))
                    .fetch_one(store.pool())
                    .await
                    .unwrap();
                    if is_command && seen != 1 {
                        report.failures.push(format!(
                            "seed {seed} step {step} ({what}): a command left no trace"
                        ));
                    }
                }
            }
        }
        check(
            &store,
            &titles,
            &mut last_outbox,
            seed,
            step,
            &what,
            &mut report,
        )
        .await;
    }
    report
}

/// A typed event as an adapter builds it, from the same random material as a typed line;
/// whether it is a command (and so must leave a trace).
fn typed_event(rng: &mut Rng, origin: Origin, text: &str) -> (Event, bool) {
    use bot::command::poll_args::VoteArgs;
    use bot::poll::judgment::Grade;
    let numbers = |rng: &mut Rng| (0..rng.below(4)).map(|_| rng.below(8)).collect::<Vec<_>>();
    match rng.below(4) {
        0 => {
            let answer = match rng.below(3) {
                0 => VoteArgs::Choices(numbers(rng)),
                1 => VoteArgs::Grades(
                    numbers(rng)
                        .into_iter()
                        .filter_map(Grade::from_index)
                        .collect(),
                ),
                _ => VoteArgs::Withdraw,
            };
            let poll = rng.below(5) as u32;
            (
                Event::PollAnswer(PollAnswer {
                    origin,
                    poll,
                    answer,
                }),
                true,
            )
        }
        1 => {
            let spec = rng.pick(bot::command::COMMANDS);
            let atelier = spec
                .options
                .atelier
                .map(|_| rng.below(9) as i64 - 1)
                .filter(|_| rng.chance(90));
            let words: Vec<&str> = text.split_whitespace().skip(1).collect();
            let arguments = words.join(" ");
            let command = bot::command::from_slash(spec.fr[0], atelier, Some(&arguments))
                .expect("every French name is a slash command");
            let event = Event::Command(CommandEvent {
                origin,
                command,
                attachments: attachment(rng),
            });
            (event, true)
        }
        2 => (
            Event::Reaction(Reaction {
                origin,
                message: format!("${}", rng.below(100)),
                emoji: rng.pick(&["✅", "⏳", "❓", "👍", ""]).to_string(),
            }),
            false,
        ),
        _ => {
            // The platform's word, which adapters read: never more than the person really has
            // there (their hint), sometimes less (a demotion).
            let real = origin.actor.role_hint.unwrap_or(Role::Participant);
            let role = *rng.pick(&[real, Role::Participant, Role::Observer]);
            (Event::RoleChange(RoleChange { origin, role }), false)
        }
    }
}

/// The promises that must hold after every step.
async fn check(
    store: &Store,
    titles: &HashMap<i64, &str>,
    last_outbox: &mut i64,
    seed: u64,
    step: u64,
    what: &str,
    report: &mut Report,
) {
    let mut fail = |why: String| {
        report
            .failures
            .push(format!("seed {seed} step {step} ({what}): {why}"))
    };
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, destination, body FROM outbox WHERE id > ? ORDER BY id")
            .bind(*last_outbox)
            .fetch_all(store.pool())
            .await
            .unwrap();
    for (id, destination, body) in &rows {
        *last_outbox = (*last_outbox).max(*id);
        // One cohort never sees another: whoever reads a message — the room's cohort as it is
        // linked now, or the person's own cohorts for a DM — is a member of every cohort it
        // names.
        let readers: Vec<i64> = if let Some(room) = destination.strip_prefix("room:") {
            sqlx::query_scalar("SELECT cohort_id FROM rooms WHERE room = ?")
                .bind(room)
                .fetch_all(store.pool())
                .await
                .unwrap()
        } else if let Some(identity) = destination.strip_prefix("dm:") {
            sqlx::query_scalar("SELECT cohort_id FROM identities WHERE identity = ?")
                .bind(identity)
                .fetch_all(store.pool())
                .await
                .unwrap()
        } else {
            Vec::new()
        };
        for (cohort, season) in titles {
            if body.contains(&format!("cohorte {season} 2027")) && !readers.contains(cohort) {
                fail(format!(
                    "{destination} was told about cohort {season}: {body:?}"
                ));
            }
        }
        // Anonymous means unlinkable: an acknowledgement never says the choice.
        if body.contains("sondage anonyme n°") && body.contains("\n•") {
            fail(format!(
                "an anonymous vote's acknowledgement shows a choice: {body:?}"
            ));
        }
    }
    let (rows, keys): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT key) FROM outbox")
            .fetch_one(store.pool())
            .await
            .unwrap();
    if rows != keys {
        fail(format!("{rows} outbox rows but {keys} keys"));
    }
    // A cancelled atelier has nothing planned left but its announcement (a person's own
    // extension chases stay, and say nothing when they fire).
    let stray: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs j JOIN ateliers a
           ON a.cohort_id = j.cohort_id AND a.number = j.atelier_number
         WHERE j.state = 'pending' AND a.cancelled IS NOT NULL
           AND j.kind NOT IN ('atelier-cancelled', 'extension-chase')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    if stray > 0 {
        fail(format!(
            "{stray} job(s) still planned for a cancelled atelier"
        ));
    }
    let leaked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM polls WHERE anonymous = 1 AND closed_at IS NOT NULL AND secret IS NOT NULL",
    )
    .fetch_one(store.pool())
    .await
    .unwrap_or(0);
    if leaked > 0 {
        fail(format!(
            "{leaked} closed anonymous poll(s) kept their secret"
        ));
    }
}
