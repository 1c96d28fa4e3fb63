-- Counts for one file's report, from staged_typed.
SELECT
    count(*) FILTER (WHERE fate = 'keep') AS rows_kept,
    count(*) FILTER (WHERE fate = 'skip') AS rows_skipped,
    count(*) FILTER (WHERE fate LIKE 'reject:%') AS rows_rejected,
    count(*) FILTER (WHERE fate = 'keep' AND len(problems) > 0) AS rows_flagged,
    count(DISTINCT entry_number) FILTER (WHERE fate = 'keep') AS entries,
    min(entry_summary_date) FILTER (WHERE fate = 'keep') AS first_summary_date,
    max(entry_summary_date) FILTER (WHERE fate = 'keep') AS last_summary_date
FROM staged_typed;
