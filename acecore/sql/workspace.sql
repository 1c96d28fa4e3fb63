-- An analysis's own rows, copied to its workspace (workspaces.py), and a saved workspace put back.
-- The first four also run on a workspace file (stores.FileStore): it holds the same tables (schema.sql).

-- name: file_lines
SELECT * FROM raw_lines WHERE file_id = $file_id;

-- name: file_liquidations
SELECT * FROM liquidations WHERE file_id = $file_id;

-- name: file_rates
SELECT * FROM rates WHERE file_id = $file_id;

-- name: tracker
SELECT * FROM tracker;

-- name: clear_files
DELETE FROM files;
DELETE FROM raw_lines;
DELETE FROM liquidations;
DELETE FROM rates;

-- name: remove_file
DELETE FROM files WHERE file_id = $file_id;
DELETE FROM raw_lines WHERE file_id = $file_id;
DELETE FROM liquidations WHERE file_id = $file_id;
DELETE FROM rates WHERE file_id = $file_id;

-- name: restore_file
INSERT INTO files VALUES ($file_id, $name, $status);
INSERT INTO raw_lines BY NAME SELECT * FROM restored_lines;
INSERT INTO liquidations BY NAME SELECT * FROM restored_liquidations;
INSERT INTO rates BY NAME SELECT * FROM restored_rates;

-- name: restore_tracker
DELETE FROM tracker;
INSERT INTO tracker BY NAME SELECT * FROM restored_tracker;
