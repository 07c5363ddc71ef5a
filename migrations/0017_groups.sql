-- Small groups for exercises (`!groupes N`), and the profile they are balanced on (`!profil`).

-- Where a member comes from: their structure and its kind.
CREATE TABLE profiles (
    member_id  INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    structure  TEXT,
    kind       TEXT CHECK (kind IN ('asso', 'collectivite', 'ess', 'autre')),
    updated_at INTEGER NOT NULL
);

-- The groups of an atelier: a draft, replaced at will, until a facilitator confirms them.
CREATE TABLE group_sets (
    atelier_id    INTEGER PRIMARY KEY REFERENCES ateliers(id) ON DELETE CASCADE,
    state         TEXT NOT NULL CHECK (state IN ('draft', 'confirmed')),
    formed_at     INTEGER NOT NULL,
    confirmed_at  INTEGER
);

CREATE TABLE group_members (
    atelier_id    INTEGER NOT NULL REFERENCES ateliers(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    group_number  INTEGER NOT NULL CHECK (group_number >= 1),
    PRIMARY KEY (atelier_id, member_id)
);
CREATE INDEX group_members_member ON group_members(member_id);

-- The instructions of an atelier's group exercise (`exercise = "…"` in the programme), posted
-- in each group's space when the groups are confirmed.
ALTER TABLE ateliers ADD COLUMN exercise TEXT;
