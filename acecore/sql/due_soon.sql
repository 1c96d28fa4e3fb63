-- What is due by $as_of + $days: entries whose deadline is due by then (or overdue) and that the tracker
-- does not show as filed, by path, with those due today or overdue counted apart (they are shown in red),
-- and those due on the path's next deadline after today counted too (the first thing to say of "soon").
-- Requires routes.sql. Parameters: $as_of, $days, $done.
WITH due AS (
    SELECT r.path, r.entry_number, r.deadline, r.urgency, r.deadline_estimated, e.ieepa_duty,
           min(r.deadline) FILTER (WHERE r.deadline > $as_of::DATE) OVER (PARTITION BY r.path) AS next_deadline
    FROM routes r
    JOIN scope USING (entry_number)
    JOIN entries e USING (entry_number)
    LEFT JOIN tracker t USING (entry_number)
    WHERE r.deadline <= $as_of::DATE + to_days($days)
      AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
)
SELECT path, CAST(count(*) AS INTEGER) AS entries, sum(ieepa_duty)::DECIMAL(38, 2) AS ieepa_duty,
       min(deadline) AS first_deadline, any_value(next_deadline) AS next_deadline,
       CAST(count(*) FILTER (WHERE deadline = next_deadline) AS INTEGER) AS next_entries,
       coalesce(sum(ieepa_duty) FILTER (WHERE deadline = next_deadline), 0)::DECIMAL(38, 2) AS next_duty,
       CAST(count(*) FILTER (WHERE urgency = 'overdue') AS INTEGER) AS overdue,
       CAST(count(*) FILTER (WHERE deadline <= $as_of::DATE) AS INTEGER) AS due_now,
       coalesce(sum(ieepa_duty) FILTER (WHERE deadline <= $as_of::DATE), 0)::DECIMAL(38, 2) AS due_now_duty,
       bool_or(deadline_estimated) AS estimated, list(entry_number ORDER BY deadline, entry_number) AS entry_numbers
FROM due
GROUP BY path
ORDER BY first_deadline;
