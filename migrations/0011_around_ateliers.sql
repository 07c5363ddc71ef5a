-- Around each atelier (issue 12): which parts of the method a cohort uses, the attendance
-- sessions an atelier lists, answers to preparation questions, and attendance sheets.

-- JSON of `bot::domain::Parts`; '{}' means every default.
ALTER TABLE cohorts ADD COLUMN parts TEXT NOT NULL DEFAULT '{}';
-- The training organisation running the cycle, named on completion certificates.
ALTER TABLE cohorts ADD COLUMN organisation TEXT;
-- JSON list of {start, end} local times; NULL: one session per half-day from start to end.
ALTER TABLE ateliers ADD COLUMN sessions TEXT;

-- A facilitator's answer (`!repondre Q …`), sent privately to the person who asked.
ALTER TABLE preparation_questions ADD COLUMN answer TEXT;
ALTER TABLE preparation_questions ADD COLUMN answered_at INTEGER;

-- One row per person and session once someone said something: the person (`!present`), or a
-- facilitator (`!presence N @name présent|absent|excusé`). No row: not confirmed.
CREATE TABLE attendance (
    atelier_id   INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    session      INTEGER NOT NULL CHECK (session >= 1),
    member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    mode         TEXT CHECK (mode IN ('on-site', 'remote')),
    recorded_at  INTEGER NOT NULL,
    -- Who confirmed: the person themselves, or the facilitator who corrected the sheet (NULL
    -- once that facilitator's account is erased).
    recorded_by  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    PRIMARY KEY (atelier_id, session, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);
