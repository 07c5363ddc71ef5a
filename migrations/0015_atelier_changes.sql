-- Ateliers moved or cancelled in chat (`!atelier-deplacer`, `!atelier-annuler`).
--
-- The programme file as last imported: a change decided in chat re-plans the cohort's jobs
-- from the same rules as the file.
ALTER TABLE cohorts ADD COLUMN programme_source TEXT;

-- A change decided in chat stands on top of the file until the file itself changes that
-- atelier's date or cancellation (they no longer equal `file_start`, `file_cancelled`): the last
-- word wins.
CREATE TABLE atelier_changes (
    cohort_id   INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    file_start  TEXT NOT NULL,
    file_cancelled INTEGER NOT NULL DEFAULT 0 CHECK (file_cancelled IN (0, 1)),
    starts_at   TEXT,
    ends_at     TEXT,
    cancelled   INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    reason      TEXT NOT NULL,
    changed_at  INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, number)
);

-- Why an atelier is cancelled (NULL: it takes place), and how many times its date or status
-- changed: the iCalendar SEQUENCE, so calendars replace the old event.
ALTER TABLE ateliers ADD COLUMN cancelled TEXT;
ALTER TABLE ateliers ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
