-- The entry tracker: every entry that paid IEEPA duty or a contested duty (contested.sql), or is in the
-- tracker, the facts from the data, its route (routes.sql), its contested duty and the soonest step to keep
-- that claim open, and the user's working columns. $everything: all of them, whatever the filters, and the
-- tracker's entries that are not in the data loaded now (kept, marked, facts blank): the download is the
-- user's copy of their work, so it never leaves any out. Requires routes.sql and contested.sql.
WITH disputed AS (
    SELECT entry_number, sum(duty)::DECIMAL(38, 2) AS contested_duty,
           string_agg(measure || ': ' || path, '; ' ORDER BY deadline NULLS LAST) AS contested_path,
           min(deadline) FILTER (WHERE days_left >= 0) AS contested_deadline
    FROM contested
    GROUP BY entry_number
)
SELECT
    coalesce(e.entry_number, t.entry_number) AS entry_number, e.importer_number, e.importer_name, e.filer_code,
    e.entry_type, e.entry_summary_date, e.port_code, e.ieepa_duty, r.status AS liquidation_status,
    r.liquidation_date, r.liquidation_date_estimated, r.status_basis AS liquidation_basis, r.path, r.deadline,
    r.days_left, r.urgency, r.rule_id, r.rule_ends,
    coalesce(t.action_status, 'not started') AS action_status, t.filed_date, t.reference, t.refund_amount,
    t.refund_date, t.interest_amount, t.notes, t.offset_amount, t.paid_to, t.ach_status,
    d.contested_duty, d.contested_path, d.contested_deadline,
    CASE WHEN d.entry_number IS NOT NULL THEN coalesce(t.contested_status, 'not started') ELSE t.contested_status END
        AS contested_status,
    e.entry_number IS NOT NULL AS in_current_data
FROM entries e
JOIN routes r USING (entry_number)
LEFT JOIN disputed d USING (entry_number)
FULL JOIN tracker t USING (entry_number)
WHERE (e.ieepa_duty <> 0 OR d.entry_number IS NOT NULL OR t.entry_number IS NOT NULL)
  AND ($everything OR e.entry_number IN (SELECT entry_number FROM scope))
ORDER BY r.deadline NULLS LAST, 1;
