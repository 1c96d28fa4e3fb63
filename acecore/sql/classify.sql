-- Classify every merged tariff row against the Chapter 99 catalogue (table chapter99).
-- A 9903 heading is matched to its most specific catalogue range and, among that heading's periods,
-- to the one in force on the line's entry date (entry summary date when the entry date is missing).
-- Recoverable IEEPA duty: duty on IEEPA headings that carry duty. Exception headings are IEEPA lines
-- with nothing recoverable; a 9903 heading the catalogue does not know is "unknown Chapter 99".
-- Top-up headings (EU, Japan, Korea, Switzerland, Liechtenstein: "15% all in") carried the whole 15% on
-- the Chapter 99 row and $0 on the Chapter 1-97 row; CAPE recalculates as if IEEPA never applied, so the
-- column 1 (MFN) duty comes back onto the line: recoverable = the line's duty less MFN x the line's
-- value. The MFN rate is read from the importer's own lines of the same 8-digit HTS that carry no
-- top-up and no special program (there the MFN duty was reported on the Chapter 1-97 row); where none
-- shows it, the gross is counted and marked as an upper bound (ch99-audit.md, CSMS #66336270).
-- Parameters: $tolerance_pct, $tolerance_abs (how far an IEEPA duty may sit from rate x value).
CREATE OR REPLACE TABLE tariff_classes AS
WITH line_facts AS (  -- per line: its commodity value, ordinary duty and HTS8, and whether MFN shows on it
    SELECT entry_number, line_number,
           sum(goods_value) FILTER (WHERE hts NOT LIKE '99%') AS line_value,
           sum(duty) FILTER (WHERE hts NOT LIKE '99%') AS line_ordinary_duty,
           min(left(hts, 8)) FILTER (WHERE hts NOT LIKE '99%') AS line_hts8,
           bool_or(line_spi IS NOT NULL OR left(hts, 8) IN (SELECT heading_from FROM chapter99 WHERE top_up))
               AS line_not_mfn
    FROM lines
    GROUP BY entry_number, line_number
),
rows AS (
    SELECT l.entry_number, l.line_number, l.tariff_ordinal, l.hts, l.duty, l.country_of_origin,
           coalesce(l.entry_date, l.entry_summary_date) AS duty_date,
           -- what a row is when the catalogue has no heading for it
           CASE WHEN l.hts LIKE '9903%' THEN 'unknown Chapter 99'
                WHEN l.hts LIKE '99%' THEN 'other Chapter 99'
                WHEN l.hts LIKE '98%' THEN 'Chapter 98'
                ELSE 'ordinary duty' END AS unlisted,
           f.line_value, f.line_ordinary_duty, f.line_hts8
    FROM lines l
    JOIN line_facts f USING (entry_number, line_number)
),
own_mfn AS (  -- the MFN rate each 8-digit HTS shows on the importer's own ordinary lines
    SELECT line_hts8, CAST(round(sum(line_ordinary_duty) * 100 / sum(line_value), 3) AS DECIMAL(9, 3)) AS mfn_rate_pct,
           count(*) AS mfn_lines
    FROM line_facts
    WHERE NOT line_not_mfn AND line_value > 0 AND line_ordinary_duty IS NOT NULL
    GROUP BY line_hts8
),
keys AS (  -- the match depends on heading, date and country only: match each combination once
    SELECT DISTINCT left(hts, 8) AS heading8, duty_date, country_of_origin FROM rows WHERE hts LIKE '99%'
),
matched AS (
    SELECT k.heading8, k.duty_date, k.country_of_origin, c.*,
           k.duty_date BETWEEN c.first_day AND coalesce(c.last_day, DATE '9999-12-31') AS in_period,
           (list_contains(c.countries, '*') OR list_contains(c.countries, k.country_of_origin)) AS country_ok
    FROM keys k
    JOIN chapter99 c ON k.heading8 BETWEEN c.heading_from AND c.heading_to
    QUALIFY row_number() OVER (
        PARTITION BY k.heading8, k.duty_date, k.country_of_origin
        ORDER BY CAST(c.heading_to AS BIGINT) - CAST(c.heading_from AS BIGINT), in_period DESC, c.first_day DESC) = 1
)
SELECT
    r.entry_number, r.line_number, r.tariff_ordinal, r.hts,
    CASE WHEN r.hts LIKE '99%' THEN concat_ws('.', r.hts[1:4], r.hts[5:6], r.hts[7:8]) END AS heading,
    coalesce(m.authority, r.unlisted) AS authority,
    coalesce(m.program, r.unlisted) AS program,
    coalesce(m.carries_duty, r.hts NOT LIKE '99%') AS carries_duty,
    r.country_of_origin,
    r.duty,
    CASE WHEN m.authority IS DISTINCT FROM 'IEEPA' OR NOT m.carries_duty THEN 0
         WHEN NOT m.top_up OR o.mfn_rate_pct IS NULL OR r.line_value IS NULL THEN coalesce(r.duty, 0)
         ELSE least(coalesce(r.duty, 0), greatest(0, coalesce(r.duty, 0) + coalesce(r.line_ordinary_duty, 0)
                                                     - round(r.line_value * o.mfn_rate_pct / 100, 2)))
    END::DECIMAL(38, 2) AS recoverable_duty,
    CASE WHEN m.top_up AND m.carries_duty THEN o.mfn_rate_pct END AS mfn_rate_pct,
    CASE WHEN NOT m.top_up OR NOT m.carries_duty THEN NULL
         WHEN o.mfn_rate_pct IS NULL OR r.line_value IS NULL
             THEN 'top-up: no MFN rate for HTS ' || coalesce(r.line_hts8, '?') || ' in your lines; the gross is an upper bound'
         ELSE 'top-up net of MFN ' || o.mfn_rate_pct || '% (from ' || o.mfn_lines || ' of your lines of HTS '
              || r.line_hts8 || ')'
    END AS recoverable_basis,
    m.rate_pct,
    r.line_value,
    CASE WHEN m.authority = 'IEEPA' AND m.carries_duty AND m.rate_pct IS NOT NULL AND m.in_period
         THEN round(r.line_value * m.rate_pct / 100, 2)::DECIMAL(38, 2) END AS expected_duty,
    CASE
        WHEN m.authority IS DISTINCT FROM 'IEEPA' THEN NULL
        WHEN NOT m.carries_duty THEN CASE WHEN coalesce(r.duty, 0) = 0 THEN 'exception: no duty'
                                          ELSE 'exception heading with duty' END
        WHEN m.rate_pct IS NULL OR NOT m.in_period THEN 'no rate to check'
        WHEN coalesce(r.line_value, 0) = 0 THEN 'no goods value on the line'
        WHEN abs(coalesce(r.duty, 0) - r.line_value * m.rate_pct / 100)
             > greatest($tolerance_abs, r.line_value * m.rate_pct / 100 * $tolerance_pct / 100)
            THEN 'duty far from rate x value'
        ELSE 'ok'
    END AS rate_check,
    CASE
        WHEN m.authority IS DISTINCT FROM 'IEEPA' THEN NULL
        WHEN r.duty_date IS NULL THEN 'no entry date'
        WHEN NOT m.in_period THEN 'outside the heading''s period'
        WHEN NOT m.country_ok THEN 'heading is for another country'
        ELSE 'ok'
    END AS period_check,
    m.source,
    CASE WHEN m.authority = 'IEEPA' THEN m.measure_date END AS measure_date
FROM rows r
LEFT JOIN matched m ON m.heading8 = left(r.hts, 8) AND r.hts LIKE '99%'
                   AND m.duty_date IS NOT DISTINCT FROM r.duty_date
                   AND m.country_of_origin IS NOT DISTINCT FROM r.country_of_origin
LEFT JOIN own_mfn o ON o.line_hts8 = r.line_hts8;
