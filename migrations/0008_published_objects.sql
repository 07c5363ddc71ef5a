-- What an adapter published on a platform for an atelier (today a Discord scheduled event),
-- so that a restart edits it rather than creating a second one. One generic table owned by
-- the core, so the core's schema names no platform: `platform` and `kind` say what the object
-- is, `scope` where it lives (a Discord guild), `object_id` its id there, `fingerprint` a hash
-- of what was published. Replaces `discord_scheduled_events` (migration 0006).
CREATE TABLE published_objects (
    atelier_id   INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    platform     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    scope        TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    PRIMARY KEY (atelier_id, platform, kind, scope)
);
INSERT INTO published_objects (atelier_id, platform, kind, scope, object_id, fingerprint)
    SELECT atelier_id, 'discord', 'scheduled-event', guild_id, event_id, fingerprint
    FROM discord_scheduled_events;
DROP TABLE discord_scheduled_events;
