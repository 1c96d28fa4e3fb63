-- The recovery plan as people read it: one row per entry that paid IEEPA duty (entries in view), the
-- columns read first coming first (entry, path, deadline, days left, IEEPA duty), then the tracker's
-- status and the facts behind the path. $only: these entry numbers alone (NULL: all). Requires routes.sql.
-- People read the rule in words: `why` loses the rule's code that routes.sql puts first ("PROTEST-180: by
-- liquidation date + 180 days"), and the code has no column (entries.csv keeps it for tools). Dates inside the
-- text read as the grid's do, MM/DD/YYYY (entries.csv keeps ISO dates).
SELECT r.entry_number AS "Entry", r.path AS "Path", r.deadline AS "Deadline",
       CASE WHEN r.deadline IS NULL THEN '' WHEN r.deadline_estimated THEN 'estimated' ELSE 'exact' END AS "Date basis",
       r.days_left AS "Days left", e.ieepa_duty AS "IEEPA duty", coalesce(t.action_status, 'not started') AS "Tracker",
       ace_us_dates(coalesce(r.rule_ends, '')) AS "Path ends", r.liquidation_date AS "Liquidation date",
       CASE WHEN r.liquidation_date IS NULL THEN '' WHEN r.liquidation_date_estimated THEN 'estimated' ELSE 'exact' END
           AS "Liquidation date basis",
       r.status AS "Liquidation status", r.status_basis AS "Status from", r.urgency AS "Urgency",
       ace_us_dates(array_to_string(r.open_paths, '; ')) AS "Paths open",
       ace_us_dates(CASE WHEN starts_with(r.why, r.rule_id || ': ') THEN substr(r.why, len(r.rule_id) + 3)
                         ELSE r.why END) AS "Why"
FROM routes r
JOIN scope USING (entry_number)
JOIN entries e USING (entry_number)
LEFT JOIN tracker t USING (entry_number)
WHERE e.ieepa_duty <> 0
  AND ($only IS NULL OR list_contains($only, r.entry_number))
ORDER BY r.deadline NULLS LAST, r.entry_number;
