-- Replace the tracker with the typed upload: the last row of an entry wins; an unknown action status
-- keeps the entry's previous status (or "not started"). Parameter: $source_file.
CREATE OR REPLACE TEMP TABLE tracker_previous AS SELECT entry_number, action_status FROM tracker;
DELETE FROM tracker;
INSERT INTO tracker
SELECT t.entry_number, coalesce(t.action_status, p.action_status, 'not started'), t.filed_date, t.reference,
       t.refund_amount, t.refund_date, t.interest_amount, t.notes, $source_file, t.source_row
FROM tracker_typed t
LEFT JOIN tracker_previous p USING (entry_number)
WHERE t.latest = 1;
