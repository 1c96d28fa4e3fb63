-- Deadlines for the calendar: one group per (deadline, path), entries not yet filed; rule_ends where the
-- deadline is the last day of the rule ("until 2026-04-19, then CAPE declaration"). Requires routes.sql.
-- Parameter: $done.
SELECT r.deadline, r.path, bool_or(r.deadline_estimated) AS estimated, min(r.rule_ends) AS rule_ends, count(*) AS entries,
       sum(e.ieepa_duty)::DECIMAL(38, 2) AS ieepa_duty, list(r.entry_number ORDER BY r.entry_number) AS entry_numbers
FROM routes r
JOIN scope USING (entry_number)
JOIN entries e USING (entry_number)
LEFT JOIN tracker t USING (entry_number)
WHERE r.deadline IS NOT NULL AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
GROUP BY r.deadline, r.path
ORDER BY r.deadline, r.path;
