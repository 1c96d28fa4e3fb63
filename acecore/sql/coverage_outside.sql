-- Entries that the window does not count, by reason. Parameters: $first_day, $last_day.
SELECT
    CAST(count(*) FILTER (WHERE entry_summary_date < $first_day::DATE) AS INTEGER) AS before_window,
    CAST(count(*) FILTER (WHERE entry_summary_date > $last_day::DATE) AS INTEGER) AS after_as_of,
    CAST(count(*) FILTER (WHERE entry_summary_date IS NULL) AS INTEGER) AS no_summary_date
FROM entries JOIN scope USING (entry_number);
