-- Discord: the guild scheduled event published for each atelier, so that a restart updates it
-- instead of creating a second one. `fingerprint` is a hash of what was published; a programme
-- change alters it and the event is edited.

CREATE TABLE discord_scheduled_events (
    atelier_id   INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    guild_id     TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    PRIMARY KEY (atelier_id, guild_id)
);
