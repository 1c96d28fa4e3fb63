-- The entry tracker: every entry that paid IEEPA duty or is in the tracker, the facts from the data,
-- its route (routes.sql), and the user's working columns. Requires routes.sql.
SELECT
    e.entry_number, e.importer_number, e.importer_name, e.filer_code, e.entry_type, e.entry_summary_date,
    e.port_code, e.ieepa_duty, r.status AS liquidation_status, r.liquidation_date,
    r.liquidation_date_estimated, r.status_basis AS liquidation_basis, r.path, r.deadline, r.days_left,
    r.urgency, r.rule_id,
    coalesce(t.action_status, 'not started') AS action_status, t.filed_date, t.reference, t.refund_amount,
    t.refund_date, t.interest_amount, t.notes
FROM entries e
JOIN routes r USING (entry_number)
LEFT JOIN tracker t USING (entry_number)
WHERE e.ieepa_duty <> 0 OR t.entry_number IS NOT NULL
ORDER BY r.deadline NULLS LAST, e.entry_number;
