-- The window's entries by month and by entry type (with its name), port and filer code (the broker), in
-- long form.
-- Parameters: $first_day, $last_day.
WITH windowed AS (
    SELECT *, strftime(entry_summary_date, '%Y-%m') AS month
    FROM entries JOIN scope USING (entry_number)
    WHERE entry_summary_date BETWEEN $first_day::DATE AND $last_day::DATE
),
long AS (
    SELECT 'entry type' AS dimension,
           coalesce(w.entry_type || coalesce(' ' || t.name, ''), '(blank)') AS value, w.*
    FROM windowed w LEFT JOIN entry_types t USING (entry_type)
    UNION ALL
    SELECT 'port', coalesce(port_code, '(blank)'), * FROM windowed
    UNION ALL
    SELECT 'filer', filer_code, * FROM windowed
)
SELECT dimension, value, month,
       CAST(count(*) AS INTEGER) AS entries, CAST(sum(lines) AS INTEGER) AS lines,
       sum(goods_value)::DECIMAL(38, 2) AS entered_value, sum(total_duty)::DECIMAL(38, 2) AS total_duty,
       sum(ieepa_duty)::DECIMAL(38, 2) AS ieepa_duty
FROM long
GROUP BY ALL
ORDER BY dimension, value, month;
