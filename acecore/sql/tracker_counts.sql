-- Rows and distinct entries of an uploaded tracker. Requires tracker_stage.sql.
SELECT count(*) AS rows_read, count(DISTINCT entry_number) AS entries FROM tracker_typed;
