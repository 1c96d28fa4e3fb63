-- The contested duty of the entries in view by measure and path: entries, duty, the first deadline and
-- whether it is estimated. Requires contested.sql.
SELECT c.measure, c.path, count(DISTINCT c.entry_number)::INTEGER AS entries, sum(c.duty)::DECIMAL(38, 2) AS duty,
       min(c.deadline) AS first_deadline, CAST(min(c.deadline) - $as_of::DATE AS INTEGER) AS days_left,
       bool_or(c.deadline_estimated) AS estimated, any_value(c.case_status) AS case_status
FROM contested c
JOIN scope USING (entry_number)
GROUP BY ALL
ORDER BY first_deadline NULLS LAST, c.measure, c.path;
