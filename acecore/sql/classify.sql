-- Classify every merged tariff row against the Chapter 99 catalogue (table chapter99).
-- A 9903 heading is matched to its most specific catalogue range and, among that heading's periods,
-- to the one in force on the line's entry date (entry summary date when the entry date is missing).
-- Recoverable IEEPA duty: duty on IEEPA headings that carry duty. Exception headings are IEEPA lines
-- with nothing recoverable; a 9903 heading the catalogue does not know is "unknown Chapter 99".
-- Parameters: $tolerance_pct, $tolerance_abs (how far an IEEPA duty may sit from rate x value).
CREATE OR REPLACE TABLE tariff_classes AS
WITH rows AS (
    SELECT entry_number, line_number, tariff_ordinal, hts, duty, country_of_origin,
           coalesce(entry_date, entry_summary_date) AS duty_date,
           -- what a row is when the catalogue has no heading for it
           CASE WHEN hts LIKE '9903%' THEN 'unknown Chapter 99'
                WHEN hts LIKE '99%' THEN 'other Chapter 99'
                WHEN hts LIKE '98%' THEN 'Chapter 98'
                ELSE 'ordinary duty' END AS unlisted,
           sum(goods_value) FILTER (WHERE hts NOT LIKE '99%') OVER (PARTITION BY entry_number, line_number)
               AS line_value
    FROM lines
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
    CASE WHEN m.authority = 'IEEPA' AND m.carries_duty THEN coalesce(r.duty, 0) ELSE 0 END::DECIMAL(38, 2)
        AS recoverable_duty,
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
    m.source
FROM rows r
LEFT JOIN matched m ON m.heading8 = left(r.hts, 8) AND r.hts LIKE '99%'
                   AND m.duty_date IS NOT DISTINCT FROM r.duty_date
                   AND m.country_of_origin IS NOT DISTINCT FROM r.country_of_origin;
