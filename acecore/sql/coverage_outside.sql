-- Entries that the window does not count, by reason. Parameters: $as_of, $months.
SELECT
    CAST(count(*) FILTER (WHERE entry_summary_date < ace_window_start($as_of, $months))
         AS INTEGER) AS before_window,
    CAST(count(*) FILTER (WHERE entry_summary_date > $as_of::DATE) AS INTEGER) AS after_as_of,
    CAST(count(*) FILTER (WHERE entry_summary_date IS NULL) AS INTEGER) AS no_summary_date
FROM entries JOIN scope USING (entry_number);
