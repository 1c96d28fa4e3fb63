-- Counts for one file's report, from its rows in raw_lines and staged_left (staged_left.sql); ch99_rows and
-- ieepa_period_rows tell whether the file can isolate IEEPA duty at all (a line-level report without
-- 9903 rows cannot); skipped_with_duty and skipped_duty, the duty on rows skipped for want of an entry
-- number (a total row, or an entry number written wrong), which the report names. Parameter: $file_id.
WITH ieepa AS (SELECT min(first_day) AS first_day, max(last_day) AS last_day FROM chapter99 WHERE authority = 'IEEPA'),
kept AS (
    SELECT
        count(*) AS rows_kept,
        count(*) FILTER (WHERE len(problems) > 0) AS rows_flagged,
        count(DISTINCT entry_number) AS entries,
        min(entry_summary_date) AS first_summary_date,
        max(entry_summary_date) AS last_summary_date,
        count(*) FILTER (WHERE hts LIKE '9903%') AS ch99_rows,
        count(*) FILTER (WHERE coalesce(entry_date, entry_summary_date) IS NULL
                         OR coalesce(entry_date, entry_summary_date) BETWEEN ieepa.first_day AND ieepa.last_day)
            AS ieepa_period_rows
    FROM raw_lines, ieepa
    WHERE file_id = $file_id
),
left_out AS (
    SELECT count(*) FILTER (WHERE fate = 'skip') AS rows_skipped,
           count(*) FILTER (WHERE fate LIKE 'reject:%') AS rows_rejected,
           count(*) FILTER (WHERE fate = 'skip' AND coalesce(duty, 0) <> 0) AS skipped_with_duty,
           coalesce(sum(duty) FILTER (WHERE fate = 'skip'), 0)::DECIMAL(38, 2) AS skipped_duty
    FROM staged_left
)
SELECT rows_kept, rows_skipped, rows_rejected, rows_flagged, entries, first_summary_date, last_summary_date,
       ch99_rows, ieepa_period_rows, skipped_with_duty, skipped_duty
FROM kept, left_out;
