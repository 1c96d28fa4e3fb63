-- Which uploaded file held entries of which month (every row of every file, before merging), so a
-- missing export shows as a hole. Parameters: $as_of, $months.
SELECT source_file AS file, strftime(entry_summary_date, '%Y-%m') AS month,
       CAST(count(DISTINCT entry_number) AS INTEGER) AS entries
FROM raw_lines JOIN scope USING (entry_number)
WHERE entry_summary_date BETWEEN ace_window_start($as_of, $months) AND $as_of::DATE
GROUP BY ALL
ORDER BY min(file_id), month;
