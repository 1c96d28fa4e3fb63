-- Classify every merged tariff row against the Chapter 99 catalogue (table chapter99).
-- A 9903 heading is matched to its most specific catalogue range and, among that heading's periods,
-- to the one in force on the line's entry date (entry summary date when the entry date is missing).
-- Recoverable IEEPA duty: duty on IEEPA headings that carry duty. Exception headings are IEEPA lines
-- with nothing recoverable; a 9903 heading the catalogue does not know is "unknown Chapter 99".
-- Top-up headings (EU, Japan, Korea, Switzerland, Liechtenstein: "15% all in") carried the whole 15% on
-- the Chapter 99 row and $0 on the Chapter 1-97 row; CAPE recalculates as if IEEPA never applied, so the
-- column 1 (MFN) duty comes back onto the line: recoverable = the line's duty less that MFN duty
-- (ch99-audit.md, CSMS #66336270, #68340863). The MFN duty is, in this order:
--   1. the rate of the line's HTS (10-digit line, else 8-digit) in force on its entry date, from the
--      user's uploaded USITC tariff database (table rates), else the shipped table (mfn_rates): ad
--      valorem on the line's value plus specific parts on the line's quantity in the rate's unit; the
--      special rate of the program the line claims (Line SPI: KR, JP, C);
--   2. where neither table has the HTS, the rate the importer's own lines of the same 8-digit HTS show
--      (lines with no top-up and no special program, where the MFN duty was on the Chapter 1-97 row);
--   3. else none: the line says why, and its gross is counted as an upper bound.
-- Parameters: $tolerance_pct, $tolerance_abs (how far an IEEPA duty may sit from rate x value).
-- Built in steps, each a table of its own: DuckDB then knows how few rows the catalogue matches and the
-- top-up lines are, and joins every tariff row to them, never the other way round (as one statement,
-- its estimates built hash tables of all 1.5M rows to join 0 top-up lines: 0.75 s).
-- Per line: its commodity value, ordinary duty and HTS8, whether it claims a special program, whether
-- it has a top-up (with neither, the MFN duty is on its Chapter 1-97 row).
CREATE OR REPLACE TEMP TABLE line_facts AS
    SELECT entry_number, line_number,
           sum(goods_value) FILTER (WHERE hts NOT LIKE '99%') AS line_value,
           sum(duty) FILTER (WHERE hts NOT LIKE '99%') AS line_ordinary_duty,
           min(left(hts, 8)) FILTER (WHERE hts NOT LIKE '99%') AS line_hts8,
           bool_or(line_spi IS NOT NULL) AS line_spi_claimed,
           bool_or(left(hts, 8) IN (SELECT heading_from FROM chapter99 WHERE top_up)) AS line_top_up
    FROM lines
    GROUP BY entry_number, line_number;

-- The MFN duty of each top-up line, or why there is none.
CREATE OR REPLACE TEMP TABLE top_up_mfn AS
WITH top_up_lines AS (  -- the lines that carry a top-up heading, with what their MFN duty is computed from
    SELECT l.entry_number, l.line_number,
           any_value(coalesce(l.entry_date, l.entry_summary_date)) AS duty_date,
           arg_min(l.hts, l.tariff_ordinal) FILTER (WHERE l.hts NOT LIKE '99%') AS hts10,
           max(l.line_spi) AS spi,
           arg_min(l.quantity_1, l.tariff_ordinal) FILTER (WHERE l.hts NOT LIKE '99%') AS q1,
           arg_min(l.uom_1, l.tariff_ordinal) FILTER (WHERE l.hts NOT LIKE '99%') AS u1,
           arg_min(l.quantity_2, l.tariff_ordinal) FILTER (WHERE l.hts NOT LIKE '99%') AS q2,
           arg_min(l.uom_2, l.tariff_ordinal) FILTER (WHERE l.hts NOT LIKE '99%') AS u2
    FROM lines l
    SEMI JOIN (SELECT entry_number, line_number FROM line_facts WHERE line_top_up) USING (entry_number, line_number)
    GROUP BY l.entry_number, l.line_number
),
line_rate AS (  -- each top-up line's rate: the uploaded table first, then the 10-digit line before the 8-digit
    SELECT t.entry_number, t.line_number, r.*
    FROM top_up_lines t
    JOIN (SELECT 1 AS rank, * EXCLUDE (file_id, source_file, source_row) FROM rates
          UNION ALL BY NAME
          SELECT 2 AS rank, * FROM mfn_rates) r
      ON r.hts IN (t.hts10, left(t.hts10, 8))
     AND t.duty_date BETWEEN coalesce(r.first_day, DATE '1900-01-01') AND coalesce(r.last_day, DATE '9999-12-31')
    QUALIFY row_number() OVER (PARTITION BY t.entry_number, t.line_number ORDER BY r.rank, length(r.hts) DESC) = 1
),
own_mfn AS (  -- the MFN rate each 8-digit HTS shows on the importer's own ordinary lines
    SELECT line_hts8, CAST(round(sum(line_ordinary_duty) * 100 / sum(line_value), 3) AS DECIMAL(9, 3)) AS mfn_rate_pct,
           count(*) AS mfn_lines
    FROM line_facts
    WHERE NOT (line_spi_claimed OR line_top_up) AND line_value > 0 AND line_ordinary_duty IS NOT NULL
    GROUP BY line_hts8
)
    SELECT t.entry_number, t.line_number, f.line_value, x.*,
           CASE WHEN x.reason IS NULL THEN round(f.line_value * x.pct / 100 + x.per_unit, 2)::DECIMAL(38, 2) END
               AS mfn_duty
    FROM top_up_lines t
    JOIN line_facts f USING (entry_number, line_number)
    LEFT JOIN line_rate r USING (entry_number, line_number)
    LEFT JOIN own_mfn o ON o.line_hts8 = f.line_hts8
    CROSS JOIN LATERAL (
        SELECT
            CASE WHEN r.hts IS NULL THEN o.mfn_rate_pct
                 WHEN t.spi IS NOT NULL THEN ace_special_pct(r.special, t.spi)
                 ELSE r.ad_valorem_pct END AS pct,
            CASE WHEN r.hts IS NULL OR t.spi IS NOT NULL THEN 0
                 ELSE coalesce(r.specific * CASE r.specific_unit WHEN t.u1 THEN t.q1 WHEN t.u2 THEN t.q2 END, 0)
                      + coalesce(r.other * CASE r.other_unit WHEN t.u1 THEN t.q1 WHEN t.u2 THEN t.q2 END, 0)
            END AS per_unit,
            CASE
                WHEN f.line_value IS NULL THEN 'the line has no goods value'
                WHEN r.hts IS NULL AND t.spi IS NOT NULL
                    THEN 'no rate for HTS ' || coalesce(t.hts10, '?') || ' under special program ' || t.spi
                WHEN r.hts IS NULL AND o.mfn_rate_pct IS NULL
                    THEN 'no MFN rate for HTS ' || coalesce(t.hts10, '?') || ' in the rate table or your lines'
                WHEN r.hts IS NULL THEN NULL
                WHEN t.spi IS NOT NULL AND ace_special_pct(r.special, t.spi) IS NULL
                    THEN 'special program ' || t.spi || ' claimed, and ' || r.source || ' has no ad valorem rate of it for HTS ' || r.hts
                WHEN t.spi IS NOT NULL THEN NULL
                WHEN r.ad_valorem_pct IS NULL
                    THEN 'the MFN rate "' || r.general || '" of HTS ' || r.hts || ' cannot be computed from the line'
                WHEN r.specific IS NOT NULL AND r.specific_unit IS DISTINCT FROM t.u1 AND r.specific_unit IS DISTINCT FROM t.u2
                    THEN 'the MFN rate "' || r.general || '" needs the quantity in ' || coalesce(r.specific_unit, '?')
                         || ', which the line does not report'
                WHEN r.other IS NOT NULL AND r.other_unit IS DISTINCT FROM t.u1 AND r.other_unit IS DISTINCT FROM t.u2
                    THEN 'the MFN rate "' || r.general || '" needs the quantity in ' || coalesce(r.other_unit, '?')
                         || ', which the line does not report'
            END AS reason,
            CASE
                WHEN r.hts IS NULL THEN 'MFN ' || o.mfn_rate_pct || '% (from ' || o.mfn_lines || ' of your lines of HTS '
                                        || f.line_hts8 || ')'
                WHEN t.spi IS NOT NULL THEN 'special rate ' || t.spi || ' ' || ace_pct_text(ace_special_pct(r.special, t.spi)) || '% ('
                                            || r.source || ', HTS ' || r.hts || ')'
                ELSE 'MFN ' || r.general || ' (' || r.source || ', HTS ' || r.hts || ')'
            END AS rate_text
    ) x;

-- Each Chapter 99 heading, date and country once: the catalogue row it matches.
CREATE OR REPLACE TEMP TABLE chapter99_matches AS
WITH keys AS (
    SELECT DISTINCT left(hts, 8) AS heading8, coalesce(entry_date, entry_summary_date) AS duty_date, country_of_origin
    FROM lines WHERE hts LIKE '99%'
)
    SELECT k.heading8, k.duty_date, k.country_of_origin, c.*,
           k.duty_date BETWEEN c.first_day AND coalesce(c.last_day, DATE '9999-12-31') AS in_period,
           (list_contains(c.countries, '*') OR list_contains(c.countries, k.country_of_origin)) AS country_ok
    FROM keys k
    JOIN chapter99 c ON k.heading8 BETWEEN c.heading_from AND c.heading_to
    QUALIFY row_number() OVER (
        PARTITION BY k.heading8, k.duty_date, k.country_of_origin
        ORDER BY CAST(c.heading_to AS BIGINT) - CAST(c.heading_from AS BIGINT), in_period DESC, c.first_day DESC) = 1;

CREATE OR REPLACE TABLE tariff_rows AS
WITH rows AS (
    SELECT l.entry_number, l.line_number, l.tariff_ordinal, l.hts, l.duty, l.country_of_origin,
           coalesce(l.entry_date, l.entry_summary_date) AS duty_date,
           f.line_value, f.line_ordinary_duty, f.line_hts8
    FROM lines l
    JOIN line_facts f USING (entry_number, line_number)
)
SELECT
    r.entry_number, r.line_number, r.tariff_ordinal, r.hts, m.catalogue_row,
    r.country_of_origin,
    r.duty,
    CASE WHEN m.authority IS DISTINCT FROM 'IEEPA' OR NOT m.carries_duty THEN 0
         WHEN NOT m.top_up OR t.mfn_duty IS NULL THEN coalesce(r.duty, 0)
         ELSE least(coalesce(r.duty, 0), greatest(0, coalesce(r.duty, 0) + coalesce(r.line_ordinary_duty, 0) - t.mfn_duty))
    END::DECIMAL(38, 2) AS recoverable_duty,
    CASE WHEN m.top_up AND m.carries_duty AND t.reason IS NULL THEN t.pct::DECIMAL(9, 3) END AS mfn_rate_pct,
    CASE WHEN m.top_up AND m.carries_duty THEN t.mfn_duty END AS mfn_duty,
    CASE WHEN NOT m.top_up OR NOT m.carries_duty THEN NULL
         WHEN t.reason IS NOT NULL THEN 'top-up: ' || t.reason || '; the gross is an upper bound'
         ELSE 'top-up net of ' || t.rate_text || ': $' || t.mfn_duty || ' of column 1 duty comes back on the line'
    END AS recoverable_basis,
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
    END AS period_check
FROM rows r
LEFT JOIN chapter99_matches m ON m.heading8 = left(r.hts, 8) AND r.hts LIKE '99%'
                   AND m.duty_date IS NOT DISTINCT FROM r.duty_date
                   AND m.country_of_origin IS NOT DISTINCT FROM r.country_of_origin
LEFT JOIN top_up_mfn t ON m.top_up AND t.entry_number = r.entry_number AND t.line_number = r.line_number;

DROP TABLE line_facts;
DROP TABLE top_up_mfn;
DROP TABLE chapter99_matches;

-- What pages and files read: each row with its catalogue facts (rate, source, ...) joined back, so that
-- the long texts are kept once per catalogue row, not once per tariff row.
CREATE OR REPLACE VIEW tariff_classes AS
SELECT
    t.entry_number, t.line_number, t.tariff_ordinal, t.hts,
    CASE WHEN t.hts LIKE '99%' THEN concat_ws('.', t.hts[1:4], t.hts[5:6], t.hts[7:8]) END AS heading,
    coalesce(c.authority, ace_unlisted(t.hts)) AS authority,
    coalesce(c.program, ace_unlisted(t.hts)) AS program,
    coalesce(c.carries_duty, t.hts NOT LIKE '99%') AS carries_duty,
    t.country_of_origin, t.duty, t.recoverable_duty, t.mfn_rate_pct, t.mfn_duty, t.recoverable_basis,
    c.rate_pct, t.line_value, t.expected_duty, t.rate_check, t.period_check, c.source, c.sureness,
    CASE WHEN c.authority = 'IEEPA' THEN c.measure_date END AS measure_date, t.catalogue_row, c.first_day AS period_from
FROM tariff_rows t
LEFT JOIN chapter99 c USING (catalogue_row);
