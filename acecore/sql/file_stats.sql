-- Counts for one file's report, from staged_typed; ch99_rows and ieepa_period_rows tell whether the
-- file can isolate IEEPA duty at all (a line-level report without 9903 rows cannot).
WITH ieepa AS (SELECT min(first_day) AS first_day, max(last_day) AS last_day FROM chapter99 WHERE authority = 'IEEPA')
SELECT
    count(*) FILTER (WHERE fate = 'keep') AS rows_kept,
    count(*) FILTER (WHERE fate = 'skip') AS rows_skipped,
    count(*) FILTER (WHERE fate LIKE 'reject:%') AS rows_rejected,
    count(*) FILTER (WHERE fate = 'keep' AND len(problems) > 0) AS rows_flagged,
    count(DISTINCT entry_number) FILTER (WHERE fate = 'keep') AS entries,
    min(entry_summary_date) FILTER (WHERE fate = 'keep') AS first_summary_date,
    max(entry_summary_date) FILTER (WHERE fate = 'keep') AS last_summary_date,
    count(*) FILTER (WHERE fate = 'keep' AND hts LIKE '9903%') AS ch99_rows,
    count(*) FILTER (WHERE fate = 'keep' AND (coalesce(entry_date, entry_summary_date) IS NULL
                     OR coalesce(entry_date, entry_summary_date) BETWEEN ieepa.first_day AND ieepa.last_day))
        AS ieepa_period_rows
FROM staged_typed, ieepa;
