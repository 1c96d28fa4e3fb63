-- What to do in the next $days days: entries whose deadline is due by then (or overdue) and that the
-- tracker does not show as filed, by path. Requires routes.sql. Parameters: $as_of, $days, $done.
SELECT r.path, CAST(count(*) AS INTEGER) AS entries, sum(e.ieepa_duty)::DECIMAL(38, 2) AS ieepa_duty,
       min(r.deadline) AS first_deadline, CAST(count(*) FILTER (WHERE r.urgency = 'overdue') AS INTEGER) AS overdue,
       bool_or(r.deadline_estimated) AS estimated
FROM routes r
JOIN scope USING (entry_number)
JOIN entries e USING (entry_number)
LEFT JOIN tracker t USING (entry_number)
WHERE r.deadline <= $as_of::DATE + to_days($days)
  AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
GROUP BY r.path
ORDER BY first_deadline;
