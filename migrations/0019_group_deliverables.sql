-- Group deliverables (`by = "group"`): one submission per small group, handed in by any of its
-- members. `member_id` stays who handed it in; `group_number` names the group (NULL: a
-- person's own deliverable), whose versions are numbered together.
ALTER TABLE deliverable_specs ADD COLUMN by_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN group_number INTEGER;
CREATE INDEX submissions_group ON submissions(atelier_id, group_number)
    WHERE group_number IS NOT NULL;
