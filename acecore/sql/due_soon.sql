-- What is due by $as_of + $days: entries whose deadline is due by then (or overdue) and that the tracker
-- does not show as filed, by path, with those due today or overdue counted apart (they are shown in red).
-- Requires routes.sql. Parameters: $as_of, $days, $done.
SELECT r.path, CAST(count(*) AS INTEGER) AS entries, sum(e.ieepa_duty)::DECIMAL(38, 2) AS ieepa_duty,
       min(r.deadline) AS first_deadline, min(r.deadline) FILTER (WHERE r.deadline > $as_of::DATE) AS next_deadline,
       CAST(count(*) FILTER (WHERE r.urgency = 'overdue') AS INTEGER) AS overdue,
       CAST(count(*) FILTER (WHERE r.deadline <= $as_of::DATE) AS INTEGER) AS due_now,
       coalesce(sum(e.ieepa_duty) FILTER (WHERE r.deadline <= $as_of::DATE), 0)::DECIMAL(38, 2) AS due_now_duty,
       bool_or(r.deadline_estimated) AS estimated, list(r.entry_number ORDER BY r.deadline, r.entry_number) AS entry_numbers
FROM routes r
JOIN scope USING (entry_number)
JOIN entries e USING (entry_number)
LEFT JOIN tracker t USING (entry_number)
WHERE r.deadline <= $as_of::DATE + to_days($days)
  AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
GROUP BY r.path
ORDER BY first_deadline;
