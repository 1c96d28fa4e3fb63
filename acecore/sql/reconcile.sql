-- Expected IEEPA refund against what CBP paid, per entry, with interest received against an estimate:
-- 19 U.S.C. 1505(c) pays interest on overpayments from the deposit (taken as the entry summary date)
-- "to the date of liquidation or reliquidation" (T.D. 99-75, 64 FR 56433; rules-audit.md section 3), not
-- to the payment: the end is the entry's latest liquidation date on or after the day it was filed (CBP
-- liquidates or reliquidates an accepted CAPE entry; a newer ES-003 pull or liquidation list shows it),
-- else the refund date (reliquidation comes before payment, so an upper bound), else $as_of (still
-- accruing); never past $as_of. `interest_until_basis` says which. Rate: the quarterly IRS overpayment
-- rate (26 U.S.C. 6621), compounded daily (6622). Quarters past data/interest_rates.csv use the latest
-- known rate, marked.
-- What CBP sent is told apart from what reached the importer (rules: 19 CFR 24.72, CSMS #68340863):
--   ACH rejected             the tracker says the bank returned it (REV-613) and nothing was received;
--   paid to another party    a Form 4811 party or a broker took the refund (paid_to): ask them for it;
--   offset (funds diverted)  CBP paid the refund less a debt it took first (offset_amount; REV-603), and
--                            the two together are the refund expected;
--   refunded short           less came than expected, and no offset explains it.
-- `shortfall` is what is still missing after any offset (expected - received - offset, never below 0), once
-- something was paid or offset.
-- Parameters: $as_of, $rate_column ('corporate' or 'noncorporate'), $tolerance (variance that counts
-- as a match).
WITH rates AS (
    SELECT first_day, last_day, CASE $rate_column WHEN 'corporate' THEN corporate_pct ELSE noncorporate_pct END AS pct,
           false AS assumed
    FROM interest_rates
    UNION ALL
    SELECT last_day + 1, DATE '9999-12-30',
           CASE $rate_column WHEN 'corporate' THEN corporate_pct ELSE noncorporate_pct END, true
    FROM interest_rates
    QUALIFY last_day = max(last_day) OVER ()
),
listed AS (SELECT entry_number, max(liquidation_date) AS liquidation_date FROM liquidations GROUP BY ALL),
facts AS (
    SELECT e.entry_number, e.importer_number, e.entry_summary_date AS deposit_date, e.ieepa_duty AS expected,
           t.action_status, t.refund_amount AS received, t.refund_date, t.interest_amount AS interest_received,
           t.offset_amount, coalesce(t.paid_to, 'importer') AS paid_to, t.ach_status,
           CASE WHEN greatest(e.liquidation_date, l.liquidation_date) >= t.filed_date
                THEN greatest(e.liquidation_date, l.liquidation_date) END AS liquidated_after_filing
    FROM entries e
    JOIN scope USING (entry_number)
    LEFT JOIN tracker t USING (entry_number)
    LEFT JOIN listed l USING (entry_number)
    WHERE e.ieepa_duty <> 0 OR t.refund_amount IS NOT NULL OR t.offset_amount IS NOT NULL
),
base AS (
    SELECT * EXCLUDE (liquidated_after_filing),
           least(coalesce(liquidated_after_filing, refund_date, $as_of::DATE), $as_of::DATE) AS interest_until,
           CASE WHEN liquidated_after_filing IS NOT NULL THEN 'liquidation or reliquidation after filing'
                WHEN refund_date IS NOT NULL THEN 'refund date (no liquidation after filing in the data: an upper bound)'
                ELSE 'as-of date (still accruing until CBP liquidates or reliquidates the entry)' END
               AS interest_until_basis
    FROM facts
),
accrual AS (
    SELECT b.entry_number,
           sum((least(b.interest_until - 1, r.last_day) - greatest(b.deposit_date, r.first_day) + 1)
               * ln(1 + r.pct / 100 / CASE WHEN (year(r.first_day) % 4 = 0) THEN 366 ELSE 365 END)) AS log_factor,
           bool_or(r.assumed) AS rate_assumed
    FROM base b
    JOIN rates r ON r.first_day < b.interest_until AND r.last_day >= b.deposit_date
    GROUP BY b.entry_number
)
SELECT
    b.entry_number, b.importer_number, b.expected, b.received,
    (coalesce(b.received, 0) - b.expected)::DECIMAL(38, 2) AS variance,
    CASE
        WHEN b.received IS NULL AND b.ach_status = 'rejected' THEN 'ACH rejected'
        WHEN b.received IS NULL AND b.offset_amount IS NULL THEN 'not yet refunded'
        WHEN b.paid_to <> 'importer' THEN 'paid to another party'
        WHEN coalesce(b.offset_amount, 0) > 0
             AND abs(coalesce(b.received, 0) + b.offset_amount - b.expected) <= $tolerance THEN 'offset (funds diverted)'
        WHEN abs(coalesce(b.received, 0) - b.expected) <= $tolerance THEN 'refunded in full'
        WHEN coalesce(b.received, 0) + coalesce(b.offset_amount, 0) < b.expected THEN 'refunded short'
        ELSE 'refunded more than expected'
    END AS refund_status,
    b.offset_amount, b.paid_to, b.ach_status,
    CASE WHEN b.received IS NOT NULL OR b.offset_amount IS NOT NULL  -- nothing paid yet: nothing short yet
         THEN greatest(b.expected - coalesce(b.received, 0) - coalesce(b.offset_amount, 0), 0)::DECIMAL(38, 2)
    END AS shortfall,
    b.refund_date, b.action_status,
    TRY_CAST(round(b.expected * (exp(coalesce(a.log_factor, 0)) - 1), 2) AS DECIMAL(38, 2)) AS interest_estimate,
    b.interest_received,
    coalesce(a.rate_assumed, false) AS interest_rate_assumed,
    b.deposit_date, b.interest_until, b.interest_until_basis
FROM base b
LEFT JOIN accrual a USING (entry_number)
ORDER BY b.entry_number;
