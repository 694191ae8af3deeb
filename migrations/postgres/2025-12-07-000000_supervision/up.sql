-- Supervision of the units below (监督): what needs attention (督办) and the facts that
-- enforcement statistics (执法行为统计) add up, both written in the transaction of the
-- records that cause them, so what supervisors see is never behind the log.

-- One row per problem that needs attention. A row is opened once and cured once: only
-- cured_us ever changes, from NULL to the moment its cause went away. Items whose condition
-- depends on the time (a deadline) are stored with when they show (since_us) and when they
-- turn from warning to alarm (due_us); the reader compares those with the time it asks.
CREATE TABLE attention_items (
    id TEXT PRIMARY KEY NOT NULL,
    -- custos-core AttentionKind, e.g. 'deadline'.
    kind TEXT NOT NULL,
    -- Tells apart the items of one kind about one subject (a deadline's what and last day).
    item_key TEXT NOT NULL,
    -- The unit the item belongs to: a case's unit for the items of a case.
    org_id TEXT NOT NULL REFERENCES organisations (id),
    -- What the item is about: 'case', 'record', 'evidence', 'upload', 'officer', 'device'.
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    -- The case it concerns, if any: officers see the items of the cases they handle.
    case_id TEXT REFERENCES cases (id),
    -- The officer it concerns, if any: officers see their own items.
    officer_id TEXT,
    severity TEXT NOT NULL CHECK (severity IN ('warning', 'alarm')),
    rule TEXT,
    detail TEXT NOT NULL,
    since_us BIGINT NOT NULL,
    due_us BIGINT,
    cured_us BIGINT
);
CREATE INDEX attention_open ON attention_items (since_us, id) WHERE cured_us IS NULL;
CREATE INDEX attention_cured ON attention_items (since_us, id) WHERE cured_us IS NOT NULL;
CREATE INDEX attention_open_case ON attention_items (case_id) WHERE cured_us IS NULL;
CREATE INDEX attention_org ON attention_items (org_id);

-- What statistics count of each case (custos-core CaseFacts), rewritten with the case row.
-- Flags and counts are 0/1 or small integers; amounts are integer fen; months are the local
-- 'YYYY-MM' of the event on the case unit's calendar.
CREATE TABLE case_facts (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
    org_id TEXT NOT NULL REFERENCES organisations (id),
    -- The officer who opened the case (its first record's signer).
    officer_id TEXT NOT NULL,
    procedure TEXT,
    domain TEXT,
    filed_at_us BIGINT,
    filed_month TEXT,
    decided_at_us BIGINT,
    decided_month TEXT,
    closed_at_us BIGINT,
    closed_month TEXT,
    -- The end of the earliest open deadline (as cases.next_deadline_us), for overdue counts.
    next_deadline_us BIGINT,
    warning INTEGER NOT NULL,
    fined INTEGER NOT NULL,
    fine_fen BIGINT NOT NULL,
    confiscated INTEGER NOT NULL,
    confiscation_fen BIGINT NOT NULL,
    sanctions INTEGER NOT NULL,
    hearing_requested INTEGER NOT NULL,
    hearing_held INTEGER NOT NULL,
    major INTEGER NOT NULL,
    legal_review INTEGER NOT NULL,
    collective_discussion INTEGER NOT NULL,
    decision_working_days INTEGER
);
CREATE INDEX case_facts_filed ON case_facts (filed_at_us);
CREATE INDEX case_facts_decided ON case_facts (decided_at_us);
CREATE INDEX case_facts_closed ON case_facts (closed_at_us);

CREATE FUNCTION custos_attention_cured_once() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'attention items are kept';
    END IF;
    IF OLD.cured_us IS NOT NULL OR NEW.cured_us IS NULL OR NEW.id <> OLD.id
       OR NEW.kind <> OLD.kind OR NEW.item_key <> OLD.item_key OR NEW.since_us <> OLD.since_us THEN
        RAISE EXCEPTION 'an attention item is only cured, once';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER attention_items_cured_once BEFORE UPDATE OR DELETE ON attention_items
FOR EACH ROW EXECUTE FUNCTION custos_attention_cured_once();
