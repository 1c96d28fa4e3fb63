-- Type one file's text cells (relation `staged`, canonical column names, all VARCHAR, trimmed, plus _row
-- and extra) as the view `staged_typed`. A row is skipped without an entry number (totals, footers,
-- "N/A"), rejected without a readable line number or HTS, and flagged (kept) when another cell cannot be
-- read. Each cell is parsed once; a flag is "text present, no value" (ace_unreadable). A view, not a
-- table: insert_staged.sql types the kept rows straight into raw_lines (for 1.5M rows, a table of them
-- in between took 0.5-1 s to fill and as long to copy), and what is asked of the rows that are not kept
-- types only the cells it needs.
CREATE OR REPLACE TEMP VIEW staged_typed AS
WITH typed AS (
    SELECT
        _row AS source_row,
        entry_number AS raw_entry_number, line_number AS raw_line_number, hts AS raw_hts,
        goods_value AS raw_goods_value, duty AS raw_duty, entry_date AS raw_entry_date,
        entry_summary_date AS raw_entry_summary_date, initial_create_date AS raw_initial_create_date,
        importation_date AS raw_importation_date, liquidation_date AS raw_liquidation_date,
        tariff_ordinal AS raw_tariff_ordinal, quantity_1 AS raw_quantity_1, quantity_2 AS raw_quantity_2,
        ace_entry(entry_number) AS entry_number,
        TRY_CAST(line_number AS INTEGER) AS line_number,
        TRY_CAST(tariff_ordinal AS INTEGER) AS tariff_ordinal_given,
        ace_hts(hts) AS hts,
        ace_money(goods_value) AS goods_value,
        ace_money(duty) AS duty,
        ace_padded_code(entry_type, 2) AS entry_type,
        ace_code(importer_number) AS importer_number,
        nullif(importer_name, '') AS importer_name,
        nullif(filer_name, '') AS filer_name,
        ace_padded_code(port_code, 4) AS port_code,
        ace_date(entry_date) AS entry_date,
        ace_date(entry_summary_date) AS entry_summary_date,
        ace_date(initial_create_date) AS initial_create_date,
        ace_date(importation_date) AS importation_date,
        ace_code(country_of_origin) AS country_of_origin,
        ace_code(country_of_export) AS country_of_export,
        ace_code(line_spi) AS line_spi,
        ace_quantity(quantity_1) AS quantity_1,
        ace_code(uom_1) AS uom_1,
        ace_quantity(quantity_2) AS quantity_2,
        ace_code(uom_2) AS uom_2,
        ace_date(liquidation_date) AS liquidation_date,
        nullif(liquidation_status, '') AS liquidation_status,
        CAST(to_json(extra) AS VARCHAR) AS extra
    FROM staged
),
judged AS (
    SELECT
        *,
        list_filter([
            ace_problem('duty', raw_duty, duty),
            ace_problem('goods_value', raw_goods_value, goods_value),
            ace_problem('entry_date', raw_entry_date, entry_date),
            ace_problem('entry_summary_date', raw_entry_summary_date, entry_summary_date),
            ace_problem('initial_create_date', raw_initial_create_date, initial_create_date),
            ace_problem('importation_date', raw_importation_date, importation_date),
            ace_problem('liquidation_date', raw_liquidation_date, liquidation_date),
            ace_problem('tariff_ordinal', raw_tariff_ordinal, tariff_ordinal_given),
            ace_problem('quantity_1', raw_quantity_1, quantity_1),
            ace_problem('quantity_2', raw_quantity_2, quantity_2)
        ], lambda p: p IS NOT NULL) AS problem_cells,
        CASE
            WHEN NOT ace_entry_like(entry_number) THEN 'skip'
            WHEN line_number IS NULL THEN 'reject:line_number'
            WHEN hts IS NULL THEN 'reject:hts'
            ELSE 'keep'
        END AS fate,
        CASE WHEN NOT ace_entry_like(entry_number) THEN raw_entry_number
             WHEN line_number IS NULL THEN raw_line_number ELSE raw_hts END AS rejected_value
    FROM typed
)
SELECT
    * EXCLUDE (tariff_ordinal_given, raw_entry_number, raw_line_number, raw_hts, raw_goods_value, raw_duty,
               raw_entry_date, raw_entry_summary_date, raw_initial_create_date, raw_importation_date,
               raw_liquidation_date, raw_tariff_ordinal, raw_quantity_1, raw_quantity_2),
    tariff_ordinal_given AS tariff_ordinal,
    list_transform(problem_cells, lambda p: p.column) AS problems
FROM judged;

-- A kept row without a tariff ordinal takes its place among its line's rows (most files give every row
-- one: then nothing is ranked, and the rows' other cells are never typed here).
CREATE OR REPLACE TEMP TABLE staged_ordinals AS
WITH unranked AS (
    SELECT DISTINCT entry_number, line_number FROM staged_typed WHERE tariff_ordinal IS NULL AND fate = 'keep'
)
SELECT s.source_row,
       CAST(row_number() OVER (PARTITION BY s.entry_number, s.line_number ORDER BY s.source_row) AS INTEGER) AS ordinal
FROM staged_typed s
SEMI JOIN unranked u ON s.entry_number = u.entry_number AND s.line_number = u.line_number
WHERE s.fate = 'keep';
