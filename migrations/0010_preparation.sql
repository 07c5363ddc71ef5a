-- Preparation check-ins: before each atelier a participant says whether they are ready
-- (`!pret N`) or not yet (`!pas-encore N`), and may ask a question about the preparatory work
-- (`!question N …`), which facilitators see with `!preparation N`. Rows go with their member.
CREATE TABLE preparation (
    atelier_id  INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('ready', 'not-yet')),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (atelier_id, member_id)
);
CREATE TABLE preparation_questions (
    id          INTEGER PRIMARY KEY,
    atelier_id  INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    asked_at    INTEGER NOT NULL
);
CREATE INDEX preparation_questions_atelier ON preparation_questions(atelier_id);
