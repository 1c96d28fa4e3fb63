-- Take the typed upload into the tracker: an entry in the upload gets the upload's last row for it;
-- entries not in the upload keep what they had (a filtered tracker never wipes the others). A cell
-- that could not be read keeps the entry's previous value (an unknown action status keeps the previous
-- status, or "not started"): a typo never erases what was saved. Parameter: $source_file.
CREATE OR REPLACE TEMP TABLE tracker_previous AS SELECT * FROM tracker;
DELETE FROM tracker WHERE entry_number IN (SELECT entry_number FROM tracker_typed);
INSERT INTO tracker
SELECT t.entry_number,
       coalesce(t.action_status, p.action_status, 'not started'),
       CASE WHEN list_contains(t.problem_columns, 'filed_date') THEN p.filed_date ELSE t.filed_date END,
       t.reference,
       CASE WHEN list_contains(t.problem_columns, 'refund_amount') THEN p.refund_amount ELSE t.refund_amount END,
       CASE WHEN list_contains(t.problem_columns, 'refund_date') THEN p.refund_date ELSE t.refund_date END,
       CASE WHEN list_contains(t.problem_columns, 'interest_amount') THEN p.interest_amount ELSE t.interest_amount END,
       t.notes, $source_file, t.source_row
FROM (SELECT *, list_transform(problems, lambda p: p.column) AS problem_columns FROM tracker_typed) t
LEFT JOIN tracker_previous p USING (entry_number)
WHERE t.latest = 1;
