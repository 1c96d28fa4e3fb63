-- Entries that left (in the tracker, not in the data) and joined (IEEPA entries in the data, not in the
-- tracker) since the tracker was uploaded.
SELECT 'left' AS change, t.entry_number, t.action_status, t.reference, t.notes
FROM tracker t ANTI JOIN entries e USING (entry_number)
UNION ALL
SELECT 'joined', e.entry_number, NULL, NULL, NULL
FROM entries e ANTI JOIN tracker t USING (entry_number)
WHERE e.ieepa_duty <> 0 AND (SELECT count(*) FROM tracker) > 0
ORDER BY change, entry_number;
