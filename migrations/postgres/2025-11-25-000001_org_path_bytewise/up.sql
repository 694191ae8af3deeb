-- Organisation paths compare bytewise, as on SQLite, so the scope predicate
-- `path >= '/…/id/' AND path < '/…/id0'` is exactly "path starts with '/…/id/'" and is one
-- range scan of the unique index on path (which this rebuilds with the C collation).
ALTER TABLE organisations ALTER COLUMN path TYPE TEXT COLLATE "C";
