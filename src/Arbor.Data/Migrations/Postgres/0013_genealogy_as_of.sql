-- Arbor schema 13 (PostgreSQL): the genealogy as it was at each close (docs/business-rules.md, "The
-- genealogy as it was"). Every member row of a close keeps the member's sponsor, placement parent
-- and side, and whether it was terminated, as the close read them; a period closed before this
-- version has none (tree_kept = false).
ALTER TABLE periods ADD COLUMN tree_kept boolean NOT NULL DEFAULT false;
ALTER TABLE period_members ADD COLUMN sponsor_id bigint NULL;
ALTER TABLE period_members ADD COLUMN placement_id bigint NULL;
ALTER TABLE period_members ADD COLUMN side text NULL;              -- L, R, a matrix position from 1, or null (not placed)
ALTER TABLE period_members ADD COLUMN terminated boolean NULL;
CREATE INDEX ix_period_members_sponsor ON period_members (period_id, sponsor_id);
CREATE INDEX ix_period_members_placement ON period_members (period_id, placement_id);
