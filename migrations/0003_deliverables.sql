-- Deliverables handed in after each atelier: every version kept, files content-addressed on
-- disk (the row only commits once its files are durable), facilitators' feedback.

CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    -- No cascade: an atelier with submissions cannot be removed by a programme re-import.
    atelier_id    INTEGER NOT NULL REFERENCES ateliers(id),
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    links         TEXT NOT NULL DEFAULT '[]',
    submitted_at  INTEGER NOT NULL,
    late_by       INTEGER,
    status        TEXT NOT NULL DEFAULT 'received'
                  CHECK (status IN ('received', 'reviewed', 'validated', 'rework')),
    UNIQUE (atelier_id, member_id, version)
);
CREATE INDEX submissions_member ON submissions(member_id);

CREATE TABLE submission_files (
    submission_id  INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    size           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    PRIMARY KEY (submission_id, position)
);
CREATE INDEX submission_files_sha ON submission_files(sha256);

CREATE TABLE feedback (
    id             INTEGER PRIMARY KEY,
    submission_id  INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    author_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);

-- A pending `!oublier-moi`: erasure waits for the member's confirmation.
CREATE TABLE erasure_requests (
    member_id     INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    requested_at  INTEGER NOT NULL
);

-- What remains of erased members' submissions: a count per atelier, nothing personal.
CREATE TABLE erased_submissions (
    cohort_id   INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    atelier_id  INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    count       INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, atelier_id)
);
