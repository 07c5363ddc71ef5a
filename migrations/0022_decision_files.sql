-- Files attached to a proposal (`!proposition` with files), stored like deliverables' files
-- (content-addressed, durable before the row) and kept from the sweep while referenced.
CREATE TABLE decision_files (
    proposal_id  INTEGER NOT NULL REFERENCES decision_proposals(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    PRIMARY KEY (proposal_id, position)
);
CREATE INDEX decision_files_sha ON decision_files(sha256);
