-- One row per entry summary. Entry-level fields come from the latest file's latest row that has them.
-- IEEPA duty: rows whose HTS is a 9903.01.xx / 9903.02.xx heading (es003-format.md section 2).
CREATE OR REPLACE TABLE entries AS
SELECT
    entry_number,
    left(entry_number, 3) AS filer_code,
    ace_entry_valid(entry_number) AS check_digit_valid,
    arg_max(entry_type, (file_id, source_row)) FILTER (WHERE entry_type IS NOT NULL) AS entry_type,
    arg_max(importer_number, (file_id, source_row)) FILTER (WHERE importer_number IS NOT NULL) AS importer_number,
    arg_max(importer_name, (file_id, source_row)) FILTER (WHERE importer_name IS NOT NULL) AS importer_name,
    arg_max(port_code, (file_id, source_row)) FILTER (WHERE port_code IS NOT NULL) AS port_code,
    arg_max(entry_date, (file_id, source_row)) FILTER (WHERE entry_date IS NOT NULL) AS entry_date,
    arg_max(entry_summary_date, (file_id, source_row)) FILTER (WHERE entry_summary_date IS NOT NULL) AS entry_summary_date,
    arg_max(liquidation_status, (file_id, source_row)) FILTER (WHERE liquidation_status IS NOT NULL) AS liquidation_status,
    arg_max(liquidation_date, (file_id, source_row)) FILTER (WHERE liquidation_date IS NOT NULL) AS liquidation_date,
    CAST(count(DISTINCT line_number) AS INTEGER) AS lines,
    CAST(count(*) AS INTEGER) AS tariff_rows,
    coalesce(sum(goods_value), 0)::DECIMAL(18, 2) AS goods_value,
    coalesce(sum(duty), 0)::DECIMAL(18, 2) AS total_duty,
    coalesce(sum(duty) FILTER (WHERE hts LIKE '990301%' OR hts LIKE '990302%'), 0)::DECIMAL(18, 2) AS ieepa_duty,
    CAST(count(*) FILTER (WHERE len(problems) > 0) AS INTEGER) AS rows_with_problems
FROM lines
GROUP BY entry_number;
