-- Each entry's liquidation status and date as of $as_of, from the most trusted source that has them:
-- a liquidation file (ES-701 or similar), then the ES-003's own Liquidation columns, else an estimate
-- (data/liquidation_estimates.csv: by entry type, a basis date + days) that is always marked.
-- Status text is mapped case-insensitively (data/liquidation_status.csv); unknown text is kept and
-- flagged as status 'unknown'. An unliquidated text ("Pending") whose given liquidation date has passed
-- by $as_of was true when the report was pulled: the entry liquidated on that date (basis says so).
-- An extended, suspended or under-review one stays so (CAPE takes it whatever the date), its basis flagged as maybe
-- out of date. "Open" and "Closed" mark a temporary importation under bond (status tib), which has no
-- liquidation date to estimate.
-- Every entry, whatever the filters: pages join `scope` themselves. Parameter: $as_of.
CREATE OR REPLACE TEMP TABLE entry_status AS
WITH from_files AS (
    SELECT entry_number,
           arg_max(liquidation_status, ace_load_order(file_id, source_row)) FILTER (WHERE liquidation_status IS NOT NULL) AS text,
           arg_max(liquidation_date, ace_load_order(file_id, source_row)) FILTER (WHERE liquidation_date IS NOT NULL) AS date
    FROM liquidations
    GROUP BY entry_number
),
measures AS (  -- the earliest executive order behind the entry's recoverable IEEPA duty
    SELECT entry_number, min(measure_date) AS measure_date FROM tariff_classes WHERE recoverable_duty > 0 GROUP BY ALL
),
given AS (
    SELECT e.entry_number, e.entry_type, e.entry_date, e.entry_summary_date, e.ieepa_duty, ms.measure_date,
           CASE WHEN f.entry_number IS NOT NULL THEN 'liquidation file'
                WHEN e.liquidation_status IS NOT NULL OR e.liquidation_date IS NOT NULL THEN 'ES-003 columns'
                ELSE 'estimated' END AS status_basis,
           CASE WHEN f.entry_number IS NOT NULL THEN f.text ELSE e.liquidation_status END AS status_text,
           CASE WHEN f.entry_number IS NOT NULL THEN f.date ELSE e.liquidation_date END AS given_date,
           CAST(CASE coalesce(own.basis, usual.basis) WHEN 'entry_date' THEN coalesce(e.entry_date, e.entry_summary_date)
                ELSE e.entry_summary_date END + to_days(coalesce(own.days, usual.days)) AS DATE) AS estimated_date
    FROM entries e
    CROSS JOIN (SELECT basis, days FROM liquidation_estimates WHERE entry_type = '*') usual
    LEFT JOIN liquidation_estimates own ON own.entry_type = e.entry_type
    LEFT JOIN from_files f USING (entry_number)
    LEFT JOIN measures ms USING (entry_number)
),
mapped AS (
    SELECT g.* REPLACE (CASE WHEN m.status = 'unliquidated' AND g.given_date <= $as_of::DATE
                                 THEN g.status_basis || ', liquidation date passed'
                             WHEN m.status IN ('extended', 'suspended', 'under review') AND g.given_date <= $as_of::DATE
                                 THEN g.status_basis || ', liquidation date passed (status may be out of date: '
                                      || 'pull a fresh ES-003 or ES-701)'
                             ELSE g.status_basis END AS status_basis),
           CASE WHEN m.status = 'unliquidated' AND g.given_date <= $as_of::DATE THEN 'liquidated'
                ELSE m.status END AS mapped
    FROM given g
    LEFT JOIN liquidation_status_map m ON m.text = lower(trim(g.status_text))
)
SELECT
    entry_number, entry_type, entry_date, entry_summary_date, ieepa_duty, measure_date, status_basis, status_text,
    CASE
        WHEN status_text IS NOT NULL AND mapped IS NULL THEN 'unknown'
        WHEN mapped IS NOT NULL THEN mapped
        WHEN coalesce(given_date, estimated_date) <= $as_of::DATE THEN 'liquidated'
        ELSE 'unliquidated'
    END AS status,
    CASE
        WHEN given_date IS NOT NULL THEN given_date
        WHEN mapped IN ('extended', 'suspended', 'under review', 'tib') THEN NULL
        -- ACE says unliquidated but the usual date has passed: the real date is unknown
        WHEN mapped = 'unliquidated' AND estimated_date <= $as_of::DATE THEN NULL
        ELSE CAST(estimated_date AS DATE)
    END AS liquidation_date,
    given_date IS NULL AND coalesce(mapped, '') NOT IN ('extended', 'suspended', 'under review', 'tib')
        AND NOT coalesce(mapped = 'unliquidated' AND estimated_date <= $as_of::DATE, false)
        AS liquidation_date_estimated
FROM mapped;
