-- One row per (entry, line, tariff ordinal) across all files. Where the same key comes more than once,
-- the later file (then the later row) wins; identical repeats are simply the same row. `lines` is a view
-- over raw_lines less the rows another one supersedes: no second copy of every row is kept in memory
-- (most keys come once; only the repeated ones are ranked).
CREATE OR REPLACE TABLE superseded AS
WITH repeated AS (
    SELECT entry_number, line_number, tariff_ordinal FROM raw_lines GROUP BY ALL HAVING count(*) > 1
)
SELECT r.rowid AS row_id
FROM raw_lines r
SEMI JOIN repeated USING (entry_number, line_number, tariff_ordinal)
QUALIFY row_number() OVER (
    PARTITION BY r.entry_number, r.line_number, r.tariff_ordinal ORDER BY r.file_id DESC, r.source_row DESC) > 1;

CREATE OR REPLACE VIEW lines AS
SELECT * EXCLUDE (content) FROM raw_lines WHERE rowid NOT IN (SELECT row_id FROM superseded);
