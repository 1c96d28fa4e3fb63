-- Type an uploaded tracker (relation `staged`: entry_number, action_status, filed_date, reference,
-- refund_amount, refund_date, interest_amount, notes as text, plus _row) into `tracker_typed`, with
-- the cells that could not be read (a negative refund amount counts as unreadable: a refund is money
-- CBP pays back; interest may carry a correction). Parameter: $statuses (the allowed action statuses).
CREATE OR REPLACE TEMP TABLE tracker_typed AS
WITH typed AS (
    SELECT _row AS source_row,
           ace_entry(ace_plain_text(entry_number)) AS entry_number,
           lower(trim(ace_plain_text(action_status))) AS status_text, action_status AS raw_status,
           ace_date(filed_date) AS filed_date, filed_date AS raw_filed_date,
           nullif(ace_plain_text(reference), '') AS reference,
           ace_money(refund_amount) AS refund_amount, refund_amount AS raw_refund_amount,
           ace_date(refund_date) AS refund_date, refund_date AS raw_refund_date,
           ace_money(interest_amount) AS interest_amount, interest_amount AS raw_interest_amount,
           nullif(ace_plain_text(notes), '') AS notes
    FROM staged
    WHERE trim(entry_number) <> ''
)
SELECT source_row, entry_number,
       CASE WHEN status_text = '' THEN 'not started'
            WHEN list_contains($statuses, status_text) THEN status_text END AS action_status,
       filed_date, reference, CASE WHEN refund_amount >= 0 THEN refund_amount END AS refund_amount, refund_date,
       interest_amount, notes,
       list_filter([
           CASE WHEN NOT ace_entry_valid(entry_number) THEN {'column': 'entry_number', 'value': entry_number} END,
           CASE WHEN status_text <> '' AND NOT list_contains($statuses, status_text)
                THEN {'column': 'action_status', 'value': raw_status} END,
           ace_problem('filed_date', raw_filed_date, filed_date),
           ace_problem('refund_amount', raw_refund_amount, CASE WHEN refund_amount >= 0 THEN refund_amount END),
           ace_problem('refund_date', raw_refund_date, refund_date),
           ace_problem('interest_amount', raw_interest_amount, interest_amount)
       ], lambda p: p IS NOT NULL) AS problems,
       count(*) OVER (PARTITION BY entry_number) AS copies,
       row_number() OVER (PARTITION BY entry_number ORDER BY source_row DESC) AS latest
FROM typed;
