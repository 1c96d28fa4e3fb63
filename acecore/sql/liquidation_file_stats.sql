-- Report counts for the liquidation file just loaded. Parameter: $file_id.
SELECT CAST(count(*) AS INTEGER) AS rows_kept,
       CAST(count(*) FILTER (WHERE len(problems) > 0) AS INTEGER) AS rows_flagged,
       CAST(count(DISTINCT entry_number) AS INTEGER) AS entries,
       list(source_row ORDER BY source_row) FILTER (WHERE len(problems) > 0)[1:50] AS flagged_rows
FROM liquidations WHERE file_id = $file_id;
