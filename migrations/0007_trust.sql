-- Trust at the edges.
--
-- Member ids are never reused. SQLite gives a new row the largest id + 1, so erasing the newest
-- member would hand their id — and with it anything derived from it, such as an anonymous
-- ballot token — to the next newcomer. `id_high_water` remembers the largest id ever given;
-- `store::members::create` allocates from it.
CREATE TABLE id_high_water (
    name  TEXT PRIMARY KEY,
    last  INTEGER NOT NULL
);
INSERT INTO id_high_water (name, last)
    VALUES ('members', COALESCE((SELECT MAX(id) FROM members), 0));
CREATE TRIGGER members_high_water AFTER INSERT ON members
BEGIN
    UPDATE id_high_water SET last = MAX(last, NEW.id) WHERE name = 'members';
END;

-- When a member last exported their data (`!mes-donnees` is limited to one an hour).
ALTER TABLE members ADD COLUMN last_data_export INTEGER;

-- The text of a delivered private message is dropped after the retention period; the row
-- (who, when, which kind) stays so that delivery stays exactly-once.
ALTER TABLE outbox ADD COLUMN pruned_at INTEGER;
CREATE INDEX outbox_prunable ON outbox(delivered_at)
    WHERE delivered_at IS NOT NULL AND pruned_at IS NULL;

-- A job that fails is retried later, not at once and not forever: `attempts` counts failures,
-- `retry_at` holds it back (the due instant itself never moves, so "sent late" stays true),
-- and after a few attempts it is set aside (`skipped`, with `last_error`) and reported to the
-- cohort's facilitators.
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN retry_at INTEGER;
ALTER TABLE jobs ADD COLUMN last_error TEXT;

-- A message whose delivery failed for a passing reason waits until `retry_at`; only its own
-- destination waits with it (order is kept per destination, never across them).
ALTER TABLE outbox ADD COLUMN retry_at INTEGER;
