-- Take the typed upload into the tracker: an entry in the upload gets the upload's last row for it;
-- entries not in the upload keep what they had (a filtered tracker never wipes the others). A cell
-- that could not be read keeps the entry's previous value (an unknown action status keeps the previous
-- status, or "not started"): a typo never erases what was saved. So does a column the upload does not
-- have ($absent: a tracker saved before offset_amount, paid_to, ach_status and contested_status existed).
-- Parameters: $source_file, $absent.
CREATE OR REPLACE TEMP TABLE tracker_previous AS SELECT * FROM tracker;
DELETE FROM tracker WHERE entry_number IN (SELECT entry_number FROM tracker_typed);
INSERT INTO tracker BY NAME
SELECT t.entry_number,
       coalesce(t.action_status, p.action_status, 'not started') AS action_status,
       CASE WHEN list_contains(t.problem_columns, 'filed_date') THEN p.filed_date ELSE t.filed_date END AS filed_date,
       t.reference,
       CASE WHEN list_contains(t.problem_columns, 'refund_amount') THEN p.refund_amount ELSE t.refund_amount END
           AS refund_amount,
       CASE WHEN list_contains(t.problem_columns, 'refund_date') THEN p.refund_date ELSE t.refund_date END AS refund_date,
       CASE WHEN list_contains(t.problem_columns, 'interest_amount') THEN p.interest_amount ELSE t.interest_amount END
           AS interest_amount,
       t.notes, $source_file AS source_file, t.source_row,
       CASE WHEN list_contains(t.problem_columns, 'offset_amount') OR list_contains($absent, 'offset_amount')
            THEN p.offset_amount ELSE t.offset_amount END AS offset_amount,
       CASE WHEN list_contains(t.problem_columns, 'paid_to') OR list_contains($absent, 'paid_to')
            THEN p.paid_to ELSE t.paid_to END AS paid_to,
       CASE WHEN list_contains(t.problem_columns, 'ach_status') OR list_contains($absent, 'ach_status')
            THEN p.ach_status ELSE t.ach_status END AS ach_status,
       CASE WHEN list_contains(t.problem_columns, 'contested_status') OR list_contains($absent, 'contested_status')
            THEN p.contested_status ELSE t.contested_status END AS contested_status
FROM (SELECT *, list_transform(problems, lambda p: p.column) AS problem_columns FROM tracker_typed) t
LEFT JOIN tracker_previous p USING (entry_number)
WHERE t.latest = 1;
