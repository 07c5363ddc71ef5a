-- Peer review of deliverables (`[atelier.deliverable.review]`): after the deadline each
-- participant who handed in reads others' work, scores it on the rubric and comments; the
-- reviews reach the authors at the review deadline.
ALTER TABLE deliverable_specs ADD COLUMN review TEXT;

-- Who reads whose submission, under a short code the reviewer types (`!avis N CODE …`).
CREATE TABLE review_assignments (
    id           INTEGER PRIMARY KEY,
    atelier_id   INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    reviewer_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    author_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    -- JSON: one score per criterion, in the rubric's order; NULL until reviewed.
    scores       TEXT,
    comment      TEXT,
    reviewed_at  INTEGER,
    UNIQUE (atelier_id, code),
    UNIQUE (atelier_id, reviewer_id, author_id)
);
CREATE INDEX review_assignments_reviewer ON review_assignments(reviewer_id);
