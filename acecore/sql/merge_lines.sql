-- One row per (entry, line, tariff ordinal) across all files. Where the same key comes more than once,
-- the later file (then the later row) wins; identical repeats are simply the same row.
CREATE OR REPLACE TABLE lines AS
SELECT * EXCLUDE (content)
FROM raw_lines
QUALIFY row_number() OVER (
    PARTITION BY entry_number, line_number, tariff_ordinal ORDER BY file_id DESC, source_row DESC) = 1;
