-- Keys that came with different contents: the kept row, each differing dropped row, and which values differ.
-- The dropped rows are the superseded ones (merge_lines.sql); the kept row is the key's row in `lines`.
WITH dropped AS (
    SELECT * FROM raw_lines WHERE rowid IN (SELECT row_id FROM superseded)
),
kept AS (
    SELECT r.* FROM raw_lines r
    SEMI JOIN dropped USING (entry_number, line_number, tariff_ordinal)
    WHERE r.rowid NOT IN (SELECT row_id FROM superseded)
)
SELECT
    k.entry_number, k.line_number, k.tariff_ordinal,
    k.source_file AS kept_file, k.source_row AS kept_row,
    d.source_file AS dropped_file, d.source_row AS dropped_row,
    list_filter([
        CASE WHEN k.hts IS DISTINCT FROM d.hts THEN 'hts' END,
        CASE WHEN k.goods_value IS DISTINCT FROM d.goods_value THEN 'goods_value' END,
        CASE WHEN k.duty IS DISTINCT FROM d.duty THEN 'duty' END,
        CASE WHEN k.entry_type IS DISTINCT FROM d.entry_type THEN 'entry_type' END,
        CASE WHEN k.importer_number IS DISTINCT FROM d.importer_number THEN 'importer_number' END,
        CASE WHEN k.port_code IS DISTINCT FROM d.port_code THEN 'port_code' END,
        CASE WHEN k.entry_date IS DISTINCT FROM d.entry_date THEN 'entry_date' END,
        CASE WHEN k.entry_summary_date IS DISTINCT FROM d.entry_summary_date THEN 'entry_summary_date' END,
        CASE WHEN k.country_of_origin IS DISTINCT FROM d.country_of_origin THEN 'country_of_origin' END,
        CASE WHEN k.liquidation_date IS DISTINCT FROM d.liquidation_date THEN 'liquidation_date' END,
        CASE WHEN k.liquidation_status IS DISTINCT FROM d.liquidation_status THEN 'liquidation_status' END
    ], lambda x: x IS NOT NULL) AS differing
FROM kept k
JOIN dropped d USING (entry_number, line_number, tariff_ordinal)
WHERE d.content <> k.content
ORDER BY k.entry_number, k.line_number, k.tariff_ordinal, d.file_id, d.source_row;
