-- What to tell the user about an uploaded tracker: cells that could not be read, and entries that appear
-- more than once (the last row is kept). Requires tracker_stage.sql.
SELECT source_row, p.column AS column_name, p.value, 'flag' AS kind
FROM (SELECT source_row, unnest(problems) AS p FROM tracker_typed)
UNION ALL
SELECT source_row, 'entry_number', entry_number, 'duplicate' FROM tracker_typed WHERE copies > 1 AND latest > 1
ORDER BY source_row
LIMIT 50;
