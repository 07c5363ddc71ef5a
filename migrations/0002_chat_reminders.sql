-- Reminders facilitators write in chat (`!rappel`): one-off or recurring (cron), to the room,
-- to a group or to one member. Each firing is a job linked to its reminder, so cancelling a
-- reminder withdraws its pending job, and a recurring reminder enqueues its next firing in the
-- transaction that fires the current one.

CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    author_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    text        TEXT NOT NULL,
    target      TEXT NOT NULL CHECK (target IN ('room', 'participants', 'facilitators')),
    member_id   INTEGER REFERENCES members(id) ON DELETE CASCADE,
    cron        TEXT,
    state       TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done', 'cancelled')),
    created_at  INTEGER NOT NULL,
    UNIQUE (cohort_id, number)
);

ALTER TABLE jobs ADD COLUMN reminder_id INTEGER REFERENCES reminders(id) ON DELETE CASCADE;
CREATE INDEX jobs_reminder ON jobs(reminder_id) WHERE reminder_id IS NOT NULL;
