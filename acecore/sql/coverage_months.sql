-- Entries per month of entry summary date over the window: the calendar months from $first_day (a
-- month's first day) to $last_day (entries dated after it are left out). A month with no entry is a
-- gap; a month under $low_share of the median of the months that have entries is low. With $partial_last
-- (the window ends on the as-of date, before its month's end) the last month is "in progress": never a
-- gap or low, and not in the median. Parameters: $first_day, $last_day, $low_share, $partial_last.
WITH bounds AS (
    SELECT date_trunc('month', $last_day::DATE)::DATE AS last_month, $first_day::DATE AS first_month
),
months AS (
    SELECT CAST(unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH)) AS DATE) AS month FROM bounds
),
per_month AS (
    SELECT date_trunc('month', entry_summary_date)::DATE AS month,
           count(*) AS entries, sum(lines) AS lines, sum(goods_value) AS entered_value,
           sum(total_duty) AS total_duty, sum(ieepa_duty) AS ieepa_duty
    FROM entries JOIN scope USING (entry_number)
    WHERE entry_summary_date <= $last_day::DATE
    GROUP BY 1
),
filled AS (
    SELECT m.month,
           CAST(coalesce(p.entries, 0) AS INTEGER) AS entries,
           CAST(coalesce(p.lines, 0) AS INTEGER) AS lines,
           coalesce(p.entered_value, 0)::DECIMAL(38, 2) AS entered_value,
           coalesce(p.total_duty, 0)::DECIMAL(38, 2) AS total_duty,
           coalesce(p.ieepa_duty, 0)::DECIMAL(38, 2) AS ieepa_duty
    FROM months m LEFT JOIN per_month p USING (month)
)
SELECT
    strftime(month, '%Y-%m') AS month, entries, lines, total_duty, ieepa_duty, entered_value,
    CASE WHEN in_progress THEN 'in progress'
         WHEN entries = 0 THEN 'gap'
         WHEN entries < $low_share * median(entries) FILTER (WHERE entries > 0 AND NOT in_progress) OVER () THEN 'low'
         ELSE 'ok' END AS status,
    median(entries) FILTER (WHERE entries > 0 AND NOT in_progress) OVER () AS median_entries
FROM (SELECT *, $partial_last::BOOLEAN AND month = date_trunc('month', $last_day::DATE) AS in_progress FROM filled)
ORDER BY month;
