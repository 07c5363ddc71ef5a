-- The web space. Sign-in links sent by `!web` (single use, ten minutes), the sessions they open
-- (a cookie), and personal calendar feeds (`/calendrier/<secret>.ics`). Only the SHA-256 of each
-- token is kept, so a copy of the database signs nobody in. Everything goes with its member.
CREATE TABLE web_links (
    token_hash  TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX web_links_member ON web_links (member_id, created_at);

CREATE TABLE web_sessions (
    token_hash  TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    -- Sent in every form and compared on every POST (not a secret from the person: from others).
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX web_sessions_member ON web_sessions (member_id);

CREATE TABLE calendar_feeds (
    secret_hash TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL UNIQUE REFERENCES members(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
