-- Evaluation (issue 12): after each atelier, participants rate it (satisfaction, aims reached,
-- what to keep, what to change); at the end of the cycle they assess themselves against the
-- cohort's objectives, before and after.
--
-- Anonymous evaluations file each answer under a token derived from the respondent and a
-- per-evaluation secret, like anonymous polls: it lets a person change their answer and the
-- bot remind those who have not answered, and nothing else. The secret is erased when the
-- evaluation closes. No time is kept with an answer, and the table has no rowid, so neither
-- an insertion order nor a timestamp ties an answer to a message.

CREATE TABLE objectives (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (cohort_id, position)
);

CREATE TABLE evaluations (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    -- The atelier rated; NULL for the self-assessment against the objectives.
    atelier_id  INTEGER REFERENCES ateliers(id) ON DELETE CASCADE,
    anonymous   INTEGER NOT NULL,
    secret      BLOB,
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    opened_at   INTEGER NOT NULL,
    closes_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX evaluations_atelier ON evaluations(cohort_id, IFNULL(atelier_id, 0));

CREATE TABLE evaluation_answers (
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    -- The token (anonymous) or 'm<member id>' (named).
    respondent     TEXT NOT NULL,
    -- Named evaluations only, so that an erasure takes the answer with its author.
    member_id      INTEGER REFERENCES members(id) ON DELETE CASCADE,
    -- JSON: [satisfaction, aims] for an atelier; [[before, after], …] for the objectives.
    scores         TEXT NOT NULL,
    keep           TEXT,
    change         TEXT,
    PRIMARY KEY (evaluation_id, respondent)
) WITHOUT ROWID;
