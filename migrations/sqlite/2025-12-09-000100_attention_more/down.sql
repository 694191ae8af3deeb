ALTER TABLE attention_items DROP COLUMN acknowledged_by;
