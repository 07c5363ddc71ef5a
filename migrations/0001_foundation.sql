-- compagnon's first schema: cohorts and their programme, members, rooms, jobs and the outbox.
-- Instants are UTC unix seconds (INTEGER, sortable); programme times are local wall-clock text
-- ('YYYY-MM-DD HH:MM:SS') in the cohort's time zone.

CREATE TABLE cohorts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    timezone    TEXT NOT NULL DEFAULT 'Europe/Paris',
    language    TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE members (
    id                INTEGER PRIMARY KEY,
    cohort_id         INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('observer', 'participant', 'facilitator')),
    language          TEXT CHECK (language IN ('fr', 'en')),
    reminders_enabled INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL
);
CREATE INDEX members_cohort ON members(cohort_id);

-- A member's accounts ('matrix:@alice:example.org', 'discord:1234', 'console:Alice').
CREATE TABLE identities (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    identity   TEXT NOT NULL,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    last_seen  INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, identity)
);
CREATE INDEX identities_identity ON identities(identity);
CREATE INDEX identities_member ON identities(member_id);

-- Rooms linked to a cohort ('matrix:!abc:example.org', 'discord:5678', 'console:salon').
CREATE TABLE rooms (
    room       TEXT PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    linked_at  INTEGER NOT NULL
);
CREATE INDEX rooms_cohort ON rooms(cohort_id);

CREATE TABLE ateliers (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    place      TEXT,
    link       TEXT,
    UNIQUE (cohort_id, number)
);

CREATE TABLE atelier_references (
    atelier_id  INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    url         TEXT,
    body        TEXT,
    kind        TEXT NOT NULL,
    required    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (atelier_id, position)
);

CREATE TABLE deliverable_specs (
    atelier_id    INTEGER PRIMARY KEY REFERENCES ateliers(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    instructions  TEXT NOT NULL,
    due_at        TEXT NOT NULL
);

-- Jobs are data: every automated message to come, with its due instant.
-- `key` makes enqueueing idempotent: (kind, atelier, target, due instant) for programme jobs.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    cohort_id       INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    kind            TEXT NOT NULL,
    atelier_number  INTEGER,
    target          TEXT NOT NULL,
    payload         TEXT NOT NULL DEFAULT '{}',
    due_at          INTEGER NOT NULL,
    source          TEXT NOT NULL DEFAULT 'programme' CHECK (source IN ('programme', 'chat')),
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'done', 'skipped', 'cancelled')),
    done_at         INTEGER,
    late_by         INTEGER,
    UNIQUE (cohort_id, key)
);
CREATE INDEX jobs_pending_due ON jobs(due_at) WHERE state = 'pending';

-- Transactional outbox: every message to send, written in the transaction that decided it.
-- `key` is unique and becomes the Matrix transaction id / Discord nonce.
-- `destination` is 'room:<platform>:<room>' or 'dm:<platform>:<user>'.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    cohort_id     INTEGER REFERENCES cohorts(id) ON DELETE CASCADE,
    platform      TEXT NOT NULL,
    destination   TEXT NOT NULL,
    member_id     INTEGER REFERENCES members(id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    attachments   TEXT NOT NULL DEFAULT '[]',
    in_reply_to   TEXT,
    job_id        INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    delivered_at  INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX outbox_pending ON outbox(platform, id) WHERE delivered_at IS NULL;

-- Incoming events already handled, so a platform redelivering one after a restart changes
-- nothing twice.
CREATE TABLE handled_events (
    event_key   TEXT PRIMARY KEY,
    handled_at  INTEGER NOT NULL
);
