-- 案卷评查 review campaigns (评查活动). Each row points at the log entry that is the fact:
-- review.open (the campaign, its template version and cases), review.score (a reviewer's manual
-- item score; the remark, committed to in the entry by its digest, is kept here) and
-- review.close. Scores themselves are never stored: they are recomputed from the records.
-- Rows are only inserted.
CREATE TABLE review_campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    actor_id TEXT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    from_us BIGINT NOT NULL,
    to_us BIGINT NOT NULL,
    template_org_id TEXT REFERENCES organisations (id),
    template_id TEXT NOT NULL,
    template_version BIGINT NOT NULL,
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    created_at_us BIGINT NOT NULL
);
CREATE INDEX review_campaigns_org ON review_campaigns (org_id, id);
CREATE TABLE review_cases (
    campaign_id TEXT NOT NULL REFERENCES review_campaigns (id),
    case_id TEXT NOT NULL REFERENCES cases (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, case_id)
);
CREATE TABLE review_scores (
    log_index BIGINT PRIMARY KEY NOT NULL REFERENCES log_entries (idx),
    campaign_id TEXT NOT NULL REFERENCES review_campaigns (id),
    case_id TEXT NOT NULL,
    item TEXT NOT NULL,
    score BIGINT NOT NULL,
    remark TEXT NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    scored_at_us BIGINT NOT NULL
);
CREATE INDEX review_scores_campaign ON review_scores (campaign_id, log_index);
CREATE TABLE review_closures (
    campaign_id TEXT PRIMARY KEY NOT NULL REFERENCES review_campaigns (id),
    actor_id TEXT NOT NULL REFERENCES users (id),
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    closed_at_us BIGINT NOT NULL
);
CREATE TRIGGER review_campaigns_append_only_update BEFORE UPDATE ON review_campaigns
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_campaigns_append_only_delete BEFORE DELETE ON review_campaigns
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_cases_append_only_update BEFORE UPDATE ON review_cases
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_cases_append_only_delete BEFORE DELETE ON review_cases
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_scores_append_only_update BEFORE UPDATE ON review_scores
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_scores_append_only_delete BEFORE DELETE ON review_scores
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_closures_append_only_update BEFORE UPDATE ON review_closures
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
CREATE TRIGGER review_closures_append_only_delete BEFORE DELETE ON review_closures
BEGIN SELECT RAISE(ABORT, 'review campaigns are append-only'); END;
