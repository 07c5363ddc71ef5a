-- The cohort's pool of resources and skills (`!offre`, `!besoin`): what members offer and
-- what they need, numbered per cohort, withdrawn rather than deleted so numbers stay stable.
CREATE TABLE resources (
    id            INTEGER PRIMARY KEY,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    side          TEXT NOT NULL CHECK (side IN ('offer', 'need')),
    kind          TEXT NOT NULL CHECK (kind IN ('lieu', 'materiel', 'competence', 'financement', 'autre')),
    title         TEXT NOT NULL,
    place         TEXT,
    created_at    INTEGER NOT NULL,
    withdrawn_at  INTEGER,
    UNIQUE (cohort_id, number)
);
CREATE INDEX resources_member ON resources(member_id);

-- An offer put in touch with a need: found by their words, or by a facilitator (`!relier`).
CREATE TABLE resource_matches (
    offer_id     INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    need_id      INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    -- The facilitator who connected them; NULL when their words did (or once erased).
    by_member    INTEGER REFERENCES members(id) ON DELETE SET NULL,
    matched_at   INTEGER NOT NULL,
    PRIMARY KEY (offer_id, need_id)
);
