-- Compared with the tracker just uploaded (tracker_typed): entries that left (in the upload, not in the
-- data) and joined (IEEPA entries in view, not in the upload).
SELECT 'left' AS change, t.entry_number
FROM (SELECT DISTINCT entry_number FROM tracker_typed) t ANTI JOIN entries e USING (entry_number)
UNION ALL
SELECT 'joined', e.entry_number
FROM entries e JOIN scope USING (entry_number) ANTI JOIN tracker_typed t USING (entry_number)
WHERE e.ieepa_duty <> 0
ORDER BY change, entry_number;
