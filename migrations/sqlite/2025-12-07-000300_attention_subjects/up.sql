-- Items not about a case (an evidence item, an upload, an officer, a device) are cured by
-- their subject, in the transaction that cures them.
CREATE INDEX attention_open_subject ON attention_items (subject_id) WHERE cured_us IS NULL;
