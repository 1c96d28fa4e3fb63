-- Statements of the embedded workspace store (stores.FileStore): one DuckDB database file per
-- workspace, holding the analysis tables of schema.sql (raw_lines, liquidations, rates, tracker) plus these;
-- a file's rows and the tracker are read back with workspace.sql.
-- Every write is one transaction: a killed server leaves the last committed state (DuckDB's WAL).

-- name: schema
CREATE TABLE workspace (
    id          VARCHAR PRIMARY KEY,
    owner       VARCHAR,                  -- e-mail of the creator when sign-in is on, else NULL
    members     VARCHAR[] NOT NULL,       -- e-mail addresses the owner added
    created     TIMESTAMPTZ NOT NULL,
    last_used   TIMESTAMPTZ NOT NULL
);
-- files | tracker | settings: each write of a part bumps its version (other sessions reload it)
CREATE TABLE parts (part VARCHAR PRIMARY KEY, version BIGINT NOT NULL, meta JSON NOT NULL);
CREATE TABLE stored_files (file_id INTEGER PRIMARY KEY, size BIGINT NOT NULL, report JSON NOT NULL);

-- name: migrate
-- A workspace saved before these columns existed takes them on (the rest of schema.sql is IF NOT EXISTS).
ALTER TABLE raw_lines ADD COLUMN IF NOT EXISTS quantity_1 DECIMAL(15, 3);
ALTER TABLE raw_lines ADD COLUMN IF NOT EXISTS uom_1 VARCHAR;
ALTER TABLE raw_lines ADD COLUMN IF NOT EXISTS quantity_2 DECIMAL(15, 3);
ALTER TABLE raw_lines ADD COLUMN IF NOT EXISTS uom_2 VARCHAR;
ALTER TABLE tracker ADD COLUMN IF NOT EXISTS offset_amount DECIMAL(18, 2);
ALTER TABLE tracker ADD COLUMN IF NOT EXISTS paid_to VARCHAR;
ALTER TABLE tracker ADD COLUMN IF NOT EXISTS ach_status VARCHAR;
ALTER TABLE tracker ADD COLUMN IF NOT EXISTS contested_status VARCHAR;

-- name: create
INSERT INTO workspace VALUES ($id, $owner, []::VARCHAR[], now(), now());
INSERT INTO parts VALUES ('files', 0, '{}'), ('tracker', 0, '{}'), ('settings', 0, '{}');

-- name: info
SELECT owner, members, created, last_used FROM workspace;

-- name: touch
UPDATE workspace SET last_used = now();

-- name: set_members
UPDATE workspace SET members = $members;

-- name: versions
SELECT part, version FROM parts;

-- name: bump
UPDATE parts SET version = version + 1, meta = $meta WHERE part = $part;
UPDATE workspace SET last_used = now();

-- name: last_file_id
SELECT coalesce(max(file_id), 0) FROM stored_files;

-- name: add_file
INSERT INTO stored_files VALUES ($file_id, $size, $report);
INSERT INTO raw_lines BY NAME SELECT * FROM incoming_lines;
INSERT INTO liquidations BY NAME SELECT * FROM incoming_liquidations;
INSERT INTO rates BY NAME SELECT * FROM incoming_rates;

-- name: clear_files
DELETE FROM stored_files;
DELETE FROM raw_lines;
DELETE FROM liquidations;
DELETE FROM rates;

-- name: remove_file
DELETE FROM stored_files WHERE file_id = $file_id;
DELETE FROM raw_lines WHERE file_id = $file_id;
DELETE FROM liquidations WHERE file_id = $file_id;
DELETE FROM rates WHERE file_id = $file_id;

-- name: put_tracker
DELETE FROM tracker;
INSERT INTO tracker BY NAME SELECT * FROM incoming_tracker;

-- name: stored_files
SELECT file_id, size, report FROM stored_files ORDER BY file_id;

-- name: parts
SELECT part, version, meta FROM parts;
