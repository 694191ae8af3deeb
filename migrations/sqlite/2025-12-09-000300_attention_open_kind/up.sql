-- One kind's open items in showing order: the attention listing filtered by kind walks only those.
CREATE INDEX attention_open_kind ON attention_items (kind, since_us, id) WHERE cured_us IS NULL;
