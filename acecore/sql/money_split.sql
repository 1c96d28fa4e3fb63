-- Where each dollar of IEEPA duty paid stands today, for the entries in view: one row per place, the
-- places adding up to the IEEPA duty paid to the cent (the headline's). An entry is refunded (tracker),
-- filed and waiting for CBP (an open path, the tracker says filed, accepted or protest open), to file on
-- its open path (CAPE declaration, protest, post-summary correction), needs counsel (finally liquidated),
-- or has no path open today. Requires routes.sql. Parameters: $open_paths (administrative paths), $done.
WITH placed AS (
    SELECT e.ieepa_duty,
           CASE
               WHEN t.action_status = 'refunded' THEN 'refunded'
               WHEN list_contains($open_paths, r.path)
                    AND list_contains($done, coalesce(t.action_status, 'not started')) THEN 'filed, waiting for CBP'
               WHEN list_contains($open_paths, r.path) THEN r.path
               WHEN r.path = 'at risk: needs counsel' THEN r.path
               ELSE 'no path open today'
           END AS place
    FROM entries e
    JOIN routes r USING (entry_number)
    JOIN scope USING (entry_number)
    LEFT JOIN tracker t USING (entry_number)
    WHERE e.ieepa_duty <> 0
)
SELECT place, CAST(count(*) AS INTEGER) AS entries, sum(ieepa_duty)::DECIMAL(38, 2) AS ieepa_duty
FROM placed
GROUP BY place;
