-- Append a user's copy of the USITC annual tariff database (relation `staged`: its columns by their
-- lower-case names, all text, plus _row) to `rates`, in the fields of the shipped table (mfn_rates).
-- The database gives ad valorem rates as fractions (0.068 = 6.8%), specific rates in dollars per the
-- unit of quantity 1 or 2 (quantity_1_code, quantity_2_code), and says by mfn_rate_type_code how a
-- rate is computed: 0 free; 7 ad valorem; 1 specific x Q1; 2 specific x Q2; 3 specific x Q1 + other x
-- Q2; 4 specific x Q1 + ad valorem; 5 specific x Q2 + ad valorem; 6 specific x Q1 + other x Q2 + ad
-- valorem; anything else (9, K, X, T): "refer to the HTS", so no figures. Special rates kept: KORUS (KR),
-- the U.S.-Japan agreement (JP) where free or ad valorem, civil aircraft (C, free).
-- Source: USITC "Tariff Database Code Key" (dataweb.usitc.gov/tariff/annual). Rows whose hts8 is not
-- eight digits are skipped. A row is checked before it is used (an uploaded table could otherwise move
-- every top-up figure, for everyone on the link): its rates within the bounds of the shipped schedule (ad
-- valorem at most its highest column 1 rate, 350%; a specific rate at most 20 times its highest, both 0
-- or more), its units among the schedule's, and one rate per HTS on any day (a second row for an HTS and a
-- period already given is not used). The rows not used are the `rates_refused` table, with why.
-- Parameters: $file_id, $source_file.
CREATE OR REPLACE TEMP TABLE rates_checked AS
WITH typed AS (
    SELECT _row, ace_hts(hts8) AS hts, trim(mfn_rate_type_code) AS code, nullif(trim(mfn_text_rate), '') AS general,
           TRY_CAST(trim(mfn_ad_val_rate) AS DECIMAL(18, 8)) AS ad_valorem,
           TRY_CAST(trim(mfn_specific_rate) AS DECIMAL(12, 6)) AS specific,
           TRY_CAST(trim(mfn_other_rate) AS DECIMAL(12, 6)) AS other,
           ace_code(quantity_1_code) AS q1, ace_code(quantity_2_code) AS q2,
           ace_date(begin_effect_date) AS first_day, ace_date(end_effective_date) AS last_day,
           concat_ws(';',
               ace_special_text('KR', korea_indicator, korea_rate_type_code, korea_ad_val_rate),
               ace_special_text('JP', japan_indicator, japan_rate_type_code, japan_ad_val_rate),
               CASE WHEN trim(civil_air_indicator) NOT IN ('', '.') THEN 'C=0' END) AS special
    FROM staged
),
rated AS (
    SELECT _row, hts, first_day, last_day, general,
           CASE WHEN code = '0' THEN 0
                WHEN code IN ('1', '2', '3') AND specific IS NOT NULL AND (code <> '3' OR other IS NOT NULL) THEN 0
                WHEN code IN ('4', '5', '6', '7') AND ad_valorem IS NOT NULL
                     AND (code = '7' OR specific IS NOT NULL) AND (code <> '6' OR other IS NOT NULL)
                    THEN ad_valorem * 100
           END AS ad_valorem_pct,
           CASE WHEN code IN ('1', '2', '3', '4', '5', '6') THEN specific END AS specific,
           CASE WHEN code IN ('1', '3', '4', '6') THEN q1 WHEN code IN ('2', '5') THEN q2 END AS specific_unit,
           CASE WHEN code IN ('3', '6') THEN other END AS other,
           CASE WHEN code IN ('3', '6') THEN q2 END AS other_unit,
           special
    FROM typed
    WHERE length(hts) = 8
),
bounds AS (  -- the shipped schedule's own range
    SELECT max(ad_valorem_pct) AS top_pct, 20 * greatest(max(specific), max(other)) AS top_specific,
           list_distinct(flatten([list(specific_unit), list(other_unit)])) AS units
    FROM mfn_rates
),
bounded AS (
    SELECT r.*,
           CASE
               WHEN r.ad_valorem_pct < 0 OR r.ad_valorem_pct > b.top_pct
                   THEN 'ad valorem rate ' || ace_pct_text(r.ad_valorem_pct) || '% is outside 0 to '
                        || ace_pct_text(b.top_pct) || '% (the highest column 1 rate)'
               WHEN r.specific < 0 OR r.specific > b.top_specific OR r.other < 0 OR r.other > b.top_specific
                   THEN 'specific rate outside 0 to ' || ace_pct_text(b.top_specific) || ' dollars a unit'
               WHEN (r.specific_unit IS NOT NULL AND NOT list_contains(b.units, r.specific_unit))
                    OR (r.other_unit IS NOT NULL AND NOT list_contains(b.units, r.other_unit))
                   THEN 'unit ' || coalesce(r.specific_unit, r.other_unit) || ' is no unit of the tariff schedule'
           END AS refused
    FROM rated r, bounds b
),
judged AS (  -- of the rows in bounds, one per HTS on any day: the first
    SELECT r.* REPLACE (
           coalesce(r.refused, CASE WHEN EXISTS (
               SELECT 1 FROM bounded e
               WHERE e.refused IS NULL AND e.hts = r.hts AND e._row < r._row
                 AND coalesce(e.first_day, DATE '1900-01-01') <= coalesce(r.last_day, DATE '9999-12-31')
                 AND coalesce(r.first_day, DATE '1900-01-01') <= coalesce(e.last_day, DATE '9999-12-31'))
               THEN 'a second rate for HTS ' || r.hts || ' in a period already given: the first row''s is used' END)
           AS refused)
    FROM bounded r
)
SELECT * FROM judged;

INSERT INTO rates
SELECT hts, first_day, last_day, general, ad_valorem_pct, specific, specific_unit, other, other_unit, special,
       'your upload ' || $source_file || ' (USITC tariff database), row ' || _row AS source,
       $file_id, $source_file, _row
FROM rates_checked
WHERE refused IS NULL;

CREATE OR REPLACE TEMP TABLE rates_refused AS
SELECT _row AS source_row, refused FROM rates_checked WHERE refused IS NOT NULL ORDER BY _row;
DROP TABLE rates_checked;
