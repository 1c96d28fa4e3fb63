-- Type an uploaded tracker (relation `staged`: entry_number, action_status, filed_date, reference,
-- refund_amount, refund_date, interest_amount, notes, offset_amount, paid_to, ach_status,
-- contested_status as text, plus _row) into `tracker_typed`, with the cells that could not be read (a
-- negative refund or offset counts as unreadable: each is money CBP paid or diverted; interest may carry
-- a correction). An empty choice (paid_to, ach_status, contested_status) is no choice made.
-- Parameters: $statuses, $payees, $ach_statuses, $contested_statuses (the words each choice allows).
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
           nullif(ace_plain_text(notes), '') AS notes,
           ace_money(offset_amount) AS offset_amount, offset_amount AS raw_offset_amount,
           nullif(lower(trim(ace_plain_text(paid_to))), '') AS payee_text, paid_to AS raw_paid_to,
           nullif(lower(trim(ace_plain_text(ach_status))), '') AS ach_text, ach_status AS raw_ach_status,
           nullif(lower(trim(ace_plain_text(contested_status))), '') AS contested_text,
           contested_status AS raw_contested_status
    FROM staged
    WHERE trim(entry_number) <> ''
)
SELECT source_row, entry_number,
       CASE WHEN status_text = '' THEN 'not started'
            WHEN list_contains($statuses, status_text) THEN status_text END AS action_status,
       filed_date, reference, CASE WHEN refund_amount >= 0 THEN refund_amount END AS refund_amount, refund_date,
       interest_amount, notes, CASE WHEN offset_amount >= 0 THEN offset_amount END AS offset_amount,
       CASE WHEN list_contains($payees, payee_text) THEN payee_text END AS paid_to,
       CASE WHEN list_contains($ach_statuses, ach_text) THEN ach_text END AS ach_status,
       CASE WHEN list_contains($contested_statuses, contested_text) THEN contested_text END AS contested_status,
       list_filter([
           CASE WHEN NOT ace_entry_valid(entry_number) THEN {'column': 'entry_number', 'value': entry_number} END,
           CASE WHEN status_text <> '' AND NOT list_contains($statuses, status_text)
                THEN {'column': 'action_status', 'value': raw_status} END,
           ace_problem('filed_date', raw_filed_date, filed_date),
           ace_problem('refund_amount', raw_refund_amount, CASE WHEN refund_amount >= 0 THEN refund_amount END),
           ace_problem('refund_date', raw_refund_date, refund_date),
           ace_problem('interest_amount', raw_interest_amount, interest_amount),
           ace_problem('offset_amount', raw_offset_amount, CASE WHEN offset_amount >= 0 THEN offset_amount END),
           CASE WHEN payee_text IS NOT NULL AND NOT list_contains($payees, payee_text)
                THEN {'column': 'paid_to', 'value': raw_paid_to} END,
           CASE WHEN ach_text IS NOT NULL AND NOT list_contains($ach_statuses, ach_text)
                THEN {'column': 'ach_status', 'value': raw_ach_status} END,
           CASE WHEN contested_text IS NOT NULL AND NOT list_contains($contested_statuses, contested_text)
                THEN {'column': 'contested_status', 'value': raw_contested_status} END
       ], lambda p: p IS NOT NULL) AS problems,
       count(*) OVER (PARTITION BY entry_number) AS copies,
       row_number() OVER (PARTITION BY entry_number ORDER BY source_row DESC) AS latest
FROM typed;
