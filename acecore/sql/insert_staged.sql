-- Append the kept rows of `staged_typed` to raw_lines, a row without a tariff ordinal with the one
-- staged_ordinals gives it. Parameters: $file_id, $source_file.
INSERT INTO raw_lines BY NAME
SELECT
    * EXCLUDE (problem_cells, fate, rejected_value),
    $file_id AS file_id,
    $source_file AS source_file,
    hash(entry_number, line_number, tariff_ordinal, hts, goods_value, duty, entry_type, importer_number,
         importer_name, filer_name, port_code, entry_date, entry_summary_date, initial_create_date,
         importation_date, country_of_origin, country_of_export, line_spi, quantity_1, uom_1, quantity_2, uom_2,
         liquidation_date, liquidation_status, problems) AS content
FROM (
    SELECT s.* REPLACE (coalesce(s.tariff_ordinal, o.ordinal) AS tariff_ordinal)
    FROM staged_typed s
    LEFT JOIN staged_ordinals o USING (source_row)
    WHERE s.fate = 'keep'
);
