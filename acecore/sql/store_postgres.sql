-- Statements of the shared workspace store (stores.PostgresStore): app replicas on several hosts keep
-- their workspaces in one PostgreSQL database. Tables travel as Arrow IPC streams (zstd) in bytea:
-- types round-trip exactly (DECIMAL stays decimal). Every write is one transaction.

-- name: schema
CREATE TABLE IF NOT EXISTS ace_workspaces (
    id          text PRIMARY KEY,
    owner       text,
    members     text[] NOT NULL DEFAULT '{}',
    created     timestamptz NOT NULL DEFAULT now(),
    last_used   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ace_parts (
    workspace_id text NOT NULL REFERENCES ace_workspaces (id) ON DELETE CASCADE,
    part         text NOT NULL,
    version      bigint NOT NULL,
    meta         jsonb NOT NULL,
    body         bytea,
    PRIMARY KEY (workspace_id, part)
);
CREATE TABLE IF NOT EXISTS ace_files (
    workspace_id text NOT NULL REFERENCES ace_workspaces (id) ON DELETE CASCADE,
    file_id      integer NOT NULL,
    size         bigint NOT NULL,
    report       jsonb NOT NULL,
    raw_lines    bytea NOT NULL,
    liquidations bytea NOT NULL,
    PRIMARY KEY (workspace_id, file_id)
);
-- a user's MFN rate table (the USITC tariff database); NULL for the other files and for files saved before
ALTER TABLE ace_files ADD COLUMN IF NOT EXISTS rates bytea;
CREATE INDEX IF NOT EXISTS ace_workspaces_last_used ON ace_workspaces (last_used);

-- name: create
INSERT INTO ace_workspaces (id, owner) VALUES (%(id)s, %(owner)s);
INSERT INTO ace_parts VALUES (%(id)s, 'files', 0, '{}'), (%(id)s, 'tracker', 0, '{}'), (%(id)s, 'settings', 0, '{}');

-- name: info
SELECT owner, members, created, last_used FROM ace_workspaces WHERE id = %(id)s;

-- name: touch
UPDATE ace_workspaces SET last_used = now() WHERE id = %(id)s;

-- name: set_members
UPDATE ace_workspaces SET members = %(members)s WHERE id = %(id)s;

-- name: versions
SELECT part, version FROM ace_parts WHERE workspace_id = %(id)s;

-- name: bump
UPDATE ace_parts SET version = version + 1, meta = %(meta)s, body = %(body)s
WHERE workspace_id = %(id)s AND part = %(part)s;
UPDATE ace_workspaces SET last_used = now() WHERE id = %(id)s;

-- name: tracker_for_update
-- The stored tracker, locked until the merged one is written (two replicas merging one after the other).
SELECT body FROM ace_parts WHERE workspace_id = %(id)s AND part = 'tracker' FOR UPDATE;

-- name: last_file_id
SELECT coalesce(max(file_id), 0) FROM ace_files WHERE workspace_id = %(id)s;

-- name: add_file
INSERT INTO ace_files (workspace_id, file_id, size, report, raw_lines, liquidations, rates)
VALUES (%(id)s, %(file_id)s, %(size)s, %(report)s, %(raw_lines)s, %(liquidations)s, %(rates)s);

-- name: clear_files
DELETE FROM ace_files WHERE workspace_id = %(id)s;

-- name: remove_file
DELETE FROM ace_files WHERE workspace_id = %(id)s AND file_id = %(file_id)s;

-- name: stored_files
SELECT file_id, size, report, raw_lines, liquidations, rates FROM ace_files WHERE workspace_id = %(id)s ORDER BY file_id;

-- name: parts
SELECT part, version, meta, body FROM ace_parts WHERE workspace_id = %(id)s;

-- name: delete
DELETE FROM ace_workspaces WHERE id = %(id)s;

-- name: usage
-- Bytes of one workspace's rows (or of all workspaces, with id NULL): its files and its parts.
SELECT coalesce((SELECT sum(octet_length(raw_lines) + octet_length(liquidations) + coalesce(octet_length(rates), 0))
                 FROM ace_files WHERE %(id)s::text IS NULL OR workspace_id = %(id)s), 0)
     + coalesce((SELECT sum(coalesce(octet_length(body), 0) + octet_length(meta::text))
                 FROM ace_parts WHERE %(id)s::text IS NULL OR workspace_id = %(id)s), 0);

-- name: expire
DELETE FROM ace_workspaces WHERE last_used < now() - make_interval(days => %(days)s) RETURNING id;
