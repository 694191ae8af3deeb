-- Organisation paths compare bytewise already: SQLite's default collation is BINARY. This
-- migration exists so both backends have the same list (the PostgreSQL one sets COLLATE "C").
SELECT 1;
