-- Contested-duty deadlines for the calendar: one group per (deadline, measure, path), the entries in view
-- whose claim is still open. Requires contested.sql. Parameter: $as_of.
SELECT c.deadline, c.measure || ' (contested): ' || c.path AS path, bool_or(c.deadline_estimated) AS estimated,
       count(DISTINCT c.entry_number) AS entries, sum(c.duty)::DECIMAL(38, 2) AS duty,
       list(DISTINCT c.entry_number ORDER BY c.entry_number) AS entry_numbers
FROM contested c
JOIN scope USING (entry_number)
WHERE c.deadline >= $as_of::DATE
GROUP BY ALL
ORDER BY c.deadline, path;
