-- Decisions from proposals to a public record (`!decision`): three phases — proposals,
-- amendments, a majority-judgment vote (an ordinary poll of the polls tables) — then the
-- record. Names are never copied here: authors are members, shown while they exist.
CREATE TABLE decisions (
    id                INTEGER PRIMARY KEY,
    cohort_id         INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    question          TEXT NOT NULL,
    author_id         INTEGER REFERENCES members(id) ON DELETE SET NULL,
    proposals_until   INTEGER NOT NULL,
    amendments_until  INTEGER NOT NULL,
    vote_until        INTEGER NOT NULL,
    secret            INTEGER NOT NULL DEFAULT 1 CHECK (secret IN (0, 1)),
    poll_id           INTEGER REFERENCES polls(id) ON DELETE SET NULL,
    -- JSON: the outcome, written when the vote closes.
    record            TEXT,
    created_at        INTEGER NOT NULL,
    UNIQUE (cohort_id, number)
);

CREATE TABLE decision_proposals (
    id           INTEGER PRIMARY KEY,
    decision_id  INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    author_id    INTEGER REFERENCES members(id) ON DELETE SET NULL,
    title        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (decision_id, number)
);

-- Every version of a proposal's text: the first, then one per amendment accepted.
CREATE TABLE decision_versions (
    proposal_id  INTEGER NOT NULL REFERENCES decision_proposals(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    text         TEXT NOT NULL,
    amendment    INTEGER,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, version)
);

CREATE TABLE decision_amendments (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES decision_proposals(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    author_id    INTEGER REFERENCES members(id) ON DELETE SET NULL,
    text         TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'refused')),
    created_at   INTEGER NOT NULL,
    decided_at   INTEGER,
    UNIQUE (proposal_id, number)
);
