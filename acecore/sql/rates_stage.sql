-- Append a user's copy of the USITC annual tariff database (relation `staged`: its columns by their
-- lower-case names, all text, plus _row) to `rates`, in the fields of the shipped table (mfn_rates).
-- The database gives ad valorem rates as fractions (0.068 = 6.8%), specific rates in dollars per the
-- unit of quantity 1 or 2 (quantity_1_code, quantity_2_code), and says by mfn_rate_type_code how a
-- rate is computed: 0 free; 7 ad valorem; 1 specific x Q1; 2 specific x Q2; 3 specific x Q1 + other x
-- Q2; 4 specific x Q1 + ad valorem; 5 specific x Q2 + ad valorem; 6 specific x Q1 + other x Q2 + ad
-- valorem; anything else (9, K, X, T): "refer to the HTS", so no figures. Special rates kept: KORUS (KR),
-- the U.S.-Japan agreement (JP) where free or ad valorem, civil aircraft (C, free).
-- Source: USITC "Tariff Database Code Key" (dataweb.usitc.gov/tariff/annual). Rows whose hts8 is not
-- eight digits are skipped. Parameters: $file_id, $source_file.
INSERT INTO rates
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
)
SELECT hts, first_day, last_day, general,
       CASE WHEN code = '0' THEN 0
            WHEN code IN ('1', '2', '3') AND specific IS NOT NULL AND (code <> '3' OR other IS NOT NULL) THEN 0
            WHEN code IN ('4', '5', '6', '7') AND ad_valorem BETWEEN 0 AND 10
                 AND (code = '7' OR specific IS NOT NULL) AND (code <> '6' OR other IS NOT NULL)
                THEN ad_valorem * 100
       END AS ad_valorem_pct,
       CASE WHEN code IN ('1', '2', '3', '4', '5', '6') THEN specific END AS specific,
       CASE WHEN code IN ('1', '3', '4', '6') THEN q1 WHEN code IN ('2', '5') THEN q2 END AS specific_unit,
       CASE WHEN code IN ('3', '6') THEN other END AS other,
       CASE WHEN code IN ('3', '6') THEN q2 END AS other_unit,
       special,
       'your upload ' || $source_file || ' (USITC tariff database), row ' || _row AS source,
       $file_id, $source_file, _row
FROM typed
WHERE length(hts) = 8;
