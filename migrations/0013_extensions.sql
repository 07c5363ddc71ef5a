-- Deadline extensions (issue 12): a participant asks for more time on a deliverable
-- (`!delai N raison`), a facilitator grants a new date or refuses. The new date is that
-- person's deadline alone: their late flag, chases and follow-up go by it.
CREATE TABLE extensions (
    atelier_id    INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reason        TEXT NOT NULL,
    requested_at  INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('requested', 'granted', 'refused')),
    -- The last date granted (UTC), which stays in force while a new request waits.
    due_at        INTEGER,
    answer        TEXT,
    decided_by    INTEGER REFERENCES members(id) ON DELETE SET NULL,
    decided_at    INTEGER,
    PRIMARY KEY (atelier_id, member_id)
);
