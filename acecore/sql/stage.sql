-- Type one file's text cells (relation `staged`, canonical column names, all VARCHAR, plus _row and
-- extra) into `staged_typed`. A row is skipped without an entry number (totals, footers), rejected
-- without a readable line number or HTS, and flagged (kept) when another cell cannot be read.
CREATE OR REPLACE TEMP TABLE staged_typed AS
WITH typed AS (
    SELECT
        _row AS source_row,
        ace_entry(entry_number) AS entry_number,
        TRY_CAST(trim(line_number) AS INTEGER) AS line_number,
        TRY_CAST(trim(tariff_ordinal) AS INTEGER) AS tariff_ordinal_given,
        ace_hts(hts) AS hts,
        ace_money(goods_value) AS goods_value,
        ace_money(duty) AS duty,
        ace_padded_code(entry_type, 2) AS entry_type,
        ace_code(importer_number) AS importer_number,
        nullif(trim(importer_name), '') AS importer_name,
        nullif(trim(filer_name), '') AS filer_name,
        ace_padded_code(port_code, 4) AS port_code,
        ace_date(entry_date) AS entry_date,
        ace_date(entry_summary_date) AS entry_summary_date,
        ace_date(initial_create_date) AS initial_create_date,
        ace_date(importation_date) AS importation_date,
        ace_code(country_of_origin) AS country_of_origin,
        ace_code(country_of_export) AS country_of_export,
        ace_code(line_spi) AS line_spi,
        ace_date(liquidation_date) AS liquidation_date,
        nullif(trim(liquidation_status), '') AS liquidation_status,
        CAST(to_json(extra) AS VARCHAR) AS extra,
        list_filter([
            CASE WHEN ace_money_bad(duty) THEN {'column': 'duty', 'value': duty} END,
            CASE WHEN ace_money_bad(goods_value) THEN {'column': 'goods_value', 'value': goods_value} END,
            CASE WHEN ace_date_bad(entry_date) THEN {'column': 'entry_date', 'value': entry_date} END,
            CASE WHEN ace_date_bad(entry_summary_date) THEN {'column': 'entry_summary_date', 'value': entry_summary_date} END,
            CASE WHEN ace_date_bad(initial_create_date) THEN {'column': 'initial_create_date', 'value': initial_create_date} END,
            CASE WHEN ace_date_bad(importation_date) THEN {'column': 'importation_date', 'value': importation_date} END,
            CASE WHEN ace_date_bad(liquidation_date) THEN {'column': 'liquidation_date', 'value': liquidation_date} END,
            CASE WHEN trim(tariff_ordinal) <> '' AND TRY_CAST(trim(tariff_ordinal) AS INTEGER) IS NULL
                 THEN {'column': 'tariff_ordinal', 'value': tariff_ordinal} END
        ], lambda p: p IS NOT NULL) AS problem_cells,
        CASE
            WHEN trim(entry_number) = '' THEN 'skip'
            WHEN TRY_CAST(trim(line_number) AS INTEGER) IS NULL THEN 'reject:line_number'
            WHEN ace_hts(hts) IS NULL THEN 'reject:hts'
            ELSE 'keep'
        END AS fate,
        CASE WHEN TRY_CAST(trim(line_number) AS INTEGER) IS NULL THEN line_number
             ELSE hts END AS rejected_value
    FROM staged
)
SELECT
    * EXCLUDE (tariff_ordinal_given),
    coalesce(tariff_ordinal_given, CAST(row_number() OVER (
        PARTITION BY entry_number, line_number, fate ORDER BY source_row) AS INTEGER)) AS tariff_ordinal,
    list_transform(problem_cells, lambda p: p.column) AS problems
FROM typed;
