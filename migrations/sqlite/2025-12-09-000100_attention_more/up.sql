-- Who acknowledged an item (a filing report): set with cured_us, in the one update that
-- cures it, which the cured-once trigger allows.
ALTER TABLE attention_items ADD COLUMN acknowledged_by TEXT;
