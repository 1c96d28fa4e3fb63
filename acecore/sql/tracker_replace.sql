-- Take the typed upload into the tracker: an entry in the upload gets the upload's last row for it;
-- entries not in the upload keep what they had (a filtered tracker never wipes the others). An unknown
-- action status keeps the entry's previous status (or "not started"). Parameter: $source_file.
CREATE OR REPLACE TEMP TABLE tracker_previous AS SELECT entry_number, action_status FROM tracker;
DELETE FROM tracker WHERE entry_number IN (SELECT entry_number FROM tracker_typed);
INSERT INTO tracker
SELECT t.entry_number, coalesce(t.action_status, p.action_status, 'not started'), t.filed_date, t.reference,
       t.refund_amount, t.refund_date, t.interest_amount, t.notes, $source_file, t.source_row
FROM tracker_typed t
LEFT JOIN tracker_previous p USING (entry_number)
WHERE t.latest = 1;
