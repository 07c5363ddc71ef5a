-- Effects: what a handler or a job needs done outside the database (write a chart, a calendar
-- or a data export; delete erased files). They are recorded in the transaction that decides
-- them, so a rolled-back event leaves none, and carried out after it commits, in id order,
-- by the engine and again before each delivery pass (a crash between the commit and the file
-- loses nothing: the row is still here). A row is deleted once its effect is done.
CREATE TABLE effects (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('write', 'remove', 'remove-prefixed')),
    path        TEXT NOT NULL,
    prefix      TEXT,
    bytes       BLOB,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
