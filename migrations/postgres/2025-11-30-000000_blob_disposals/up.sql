-- Bytes of disposed items still to be deleted. The disposal (the item's status, its custody
-- event and a row here) commits first; the disposing request then deletes the bytes, or,
-- after a crash in between, any node's sweep does. The row goes once the bytes are gone
-- or found to back another item.
CREATE TABLE blob_disposals (
    evidence_id TEXT PRIMARY KEY NOT NULL REFERENCES evidence (id),
    blob_key TEXT NOT NULL,
    requested_at_us BIGINT NOT NULL
);
