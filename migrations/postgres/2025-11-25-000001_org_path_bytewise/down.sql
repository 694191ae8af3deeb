ALTER TABLE organisations ALTER COLUMN path TYPE TEXT COLLATE "default";
