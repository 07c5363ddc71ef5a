-- Quick polls and majority-judgment decisions.
--
-- Anonymous ballots are stored under a token derived from the voter and a per-poll secret, so a
-- voter can change or withdraw their vote while the poll is open; the secret is erased when the
-- poll closes, after which no one, with or without the database, can tell who voted what.

CREATE TABLE polls (
    id            INTEGER PRIMARY KEY,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    author_id     INTEGER REFERENCES members(id) ON DELETE SET NULL,
    question      TEXT NOT NULL,
    options       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'judgment')),
    max_choices   INTEGER,
    anonymous     INTEGER NOT NULL DEFAULT 0,
    live_results  INTEGER NOT NULL DEFAULT 0,
    secret        BLOB,
    room          TEXT,
    closes_at     INTEGER,
    state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_at    INTEGER NOT NULL,
    closed_at     INTEGER,
    UNIQUE (cohort_id, number)
);

-- Named ballots: who voted what (ordinary polls).
CREATE TABLE ballots (
    poll_id    INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    choices    TEXT NOT NULL,
    cast_at    INTEGER NOT NULL,
    PRIMARY KEY (poll_id, member_id)
);

-- Anonymous ballots: a token that only prevents double voting, and the choices.
CREATE TABLE anonymous_ballots (
    poll_id  INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    token    TEXT NOT NULL,
    choices  TEXT NOT NULL,
    PRIMARY KEY (poll_id, token)
);

-- Outbox messages that replace an earlier one (live poll results): adapters that can edit a
-- message edit the one they sent for `replaces`, recorded in `platform_id`.
ALTER TABLE outbox ADD COLUMN replaces TEXT;
ALTER TABLE outbox ADD COLUMN platform_id TEXT;
