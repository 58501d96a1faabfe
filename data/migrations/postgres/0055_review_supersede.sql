-- PostgreSQL twin of 0055_review_supersede.sql: a newer pending revision supersedes the older
-- pending ones with a review action of its own, 'supersede'. PostgreSQL changes a CHECK in place.
ALTER TABLE review_actions DROP CONSTRAINT review_actions_action_check;
ALTER TABLE review_actions ADD CONSTRAINT review_actions_action_check
    CHECK (action IN ('submit', 'approve', 'return', 'supersede'));
