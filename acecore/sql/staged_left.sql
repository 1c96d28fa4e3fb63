-- The rows of `staged_typed` that were not kept (skipped or rejected): what the file's report counts and
-- names. Run after insert_staged.sql. When every row of the file is in raw_lines, as in most files, the
-- table is empty and no cell is typed again (for 1.5M rows that took 0.24 s). Parameters: $file_id,
-- $rows (the rows staged).
SET VARIABLE ace_all_kept = (SELECT count(*) FROM raw_lines WHERE file_id = $file_id) = $rows;
CREATE OR REPLACE TEMP TABLE staged_left AS
SELECT source_row, fate, rejected_value, duty FROM staged_typed WHERE NOT getvariable('ace_all_kept') AND fate <> 'keep';
