-- The four numbers on top of every page, for the entries in view. Requires routes.sql.
-- Parameters: $open_paths (administrative paths), $done (statuses with nothing left to file).
SELECT
    coalesce(sum(e.ieepa_duty), 0)::DECIMAL(38, 2) AS ieepa_paid,
    coalesce(sum(e.ieepa_duty) FILTER (WHERE list_contains($open_paths, r.path)
                                         AND coalesce(t.action_status, '') <> 'refunded'), 0)::DECIMAL(38, 2)
        AS recoverable_now,
    coalesce(sum(e.ieepa_duty) FILTER (WHERE r.urgency IN ('overdue', 'under 15 days')
                                         AND NOT list_contains($done, coalesce(t.action_status, 'not started'))),
             0)::DECIMAL(38, 2) AS due_soon,
    coalesce(sum(t.refund_amount), 0)::DECIMAL(38, 2) AS recovered,
    CAST(count(*) FILTER (WHERE e.ieepa_duty > 0) AS INTEGER) AS ieepa_entries,
    coalesce(sum(e.ieepa_duty) FILTER (WHERE r.path = 'at risk: needs counsel'), 0)::DECIMAL(38, 2) AS needs_counsel
FROM entries e
JOIN routes r USING (entry_number)
JOIN scope USING (entry_number)
LEFT JOIN tracker t USING (entry_number);
