-- One person, two platforms (`!lier-compte`): the one-time code an account asks for by private
-- message, typed by private message on the other platform within ten minutes. Only its SHA-256
-- is kept; one code per account at a time; used once.
CREATE TABLE link_codes (
    code_hash   TEXT PRIMARY KEY,
    identity    TEXT NOT NULL UNIQUE,
    expires_at  INTEGER NOT NULL
);
