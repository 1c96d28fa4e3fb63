-- Which uploaded file held entries of which month (every row of every file, before merging), so a
-- missing export shows as a hole. Parameters: $first_day, $last_day.
SELECT source_file AS file, strftime(entry_summary_date, '%Y-%m') AS month,
       CAST(count(DISTINCT entry_number) AS INTEGER) AS entries
FROM raw_lines JOIN scope USING (entry_number)
WHERE entry_summary_date BETWEEN $first_day::DATE AND $last_day::DATE
GROUP BY ALL
ORDER BY min(file_id), month;
