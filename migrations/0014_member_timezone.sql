-- A member's own time zone (`!fuseau`): dates written to them privately show their local time
-- beside the cohort's. NULL: the cohort's zone.
ALTER TABLE members ADD COLUMN timezone TEXT;
