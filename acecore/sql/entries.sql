-- One row per entry summary. Entry-level fields come from the latest file's latest row that has them.
-- Duty is split by the classification of each tariff row (classify.sql): recoverable IEEPA duty,
-- Section 301, 232 and 122, unknown Chapter 99, duty reported on IEEPA exception headings (collected
-- under an IEEPA heading, yet nothing the catalogue counts as recoverable), and the rest (ordinary
-- duty, other Chapter 98/99).
-- Two aggregations joined per entry: the lines' facts, then the classes' sums (no row-by-row join).
CREATE OR REPLACE TABLE entries AS
WITH facts AS (
    SELECT
        entry_number,
        arg_max(entry_type, ace_load_order(file_id, source_row)) FILTER (WHERE entry_type IS NOT NULL) AS entry_type,
        arg_max(importer_number, ace_load_order(file_id, source_row)) FILTER (WHERE importer_number IS NOT NULL) AS importer_number,
        arg_max(importer_name, ace_load_order(file_id, source_row)) FILTER (WHERE importer_name IS NOT NULL) AS importer_name,
        arg_max(port_code, ace_load_order(file_id, source_row)) FILTER (WHERE port_code IS NOT NULL) AS port_code,
        arg_max(entry_date, ace_load_order(file_id, source_row)) FILTER (WHERE entry_date IS NOT NULL) AS entry_date,
        arg_max(entry_summary_date, ace_load_order(file_id, source_row)) FILTER (WHERE entry_summary_date IS NOT NULL)
            AS entry_summary_date,
        arg_max(liquidation_status, ace_load_order(file_id, source_row)) FILTER (WHERE liquidation_status IS NOT NULL)
            AS liquidation_status,
        arg_max(liquidation_date, ace_load_order(file_id, source_row)) FILTER (WHERE liquidation_date IS NOT NULL)
            AS liquidation_date,
        CAST(count(DISTINCT line_number) AS INTEGER) AS lines,
        CAST(count(*) AS INTEGER) AS tariff_rows,
        coalesce(sum(goods_value), 0)::DECIMAL(38, 2) AS goods_value,
        coalesce(sum(duty), 0)::DECIMAL(38, 2) AS total_duty,
        CAST(count(*) FILTER (WHERE len(problems) > 0) AS INTEGER) AS rows_with_problems
    FROM lines
    GROUP BY entry_number
),
classes AS (
    SELECT
        entry_number,
        coalesce(sum(recoverable_duty), 0)::DECIMAL(38, 2) AS ieepa_duty,
        coalesce(sum(duty) FILTER (WHERE authority = 'Section 301'), 0)::DECIMAL(38, 2) AS section301_duty,
        coalesce(sum(duty) FILTER (WHERE authority = 'Section 232'), 0)::DECIMAL(38, 2) AS section232_duty,
        coalesce(sum(duty) FILTER (WHERE authority = 'Section 122'), 0)::DECIMAL(38, 2) AS section122_duty,
        coalesce(sum(duty) FILTER (WHERE authority = 'unknown Chapter 99'), 0)::DECIMAL(38, 2) AS unknown_ch99_duty,
        coalesce(sum(duty) FILTER (WHERE authority = 'IEEPA' AND NOT carries_duty), 0)::DECIMAL(38, 2)
            AS ieepa_exception_duty,
        coalesce(sum(duty) FILTER (WHERE authority NOT IN ('Section 301', 'Section 232', 'Section 122',
                                                           'unknown Chapter 99', 'IEEPA')), 0)::DECIMAL(38, 2)
            AS other_duty,
        CAST(count(*) FILTER (WHERE authority = 'IEEPA') AS INTEGER) AS ieepa_rows,
        CAST(count(*) FILTER (WHERE ace_check_failed(rate_check, period_check)) AS INTEGER) AS ieepa_checks_failed
    FROM tariff_classes
    GROUP BY entry_number
)
SELECT
    f.entry_number, left(f.entry_number, 3) AS filer_code, ace_entry_valid(f.entry_number) AS check_digit_valid,
    f.entry_type, f.importer_number, f.importer_name, f.port_code, f.entry_date, f.entry_summary_date,
    f.liquidation_status, f.liquidation_date, f.lines, f.tariff_rows, f.goods_value, f.total_duty,
    c.* EXCLUDE (entry_number), f.rows_with_problems
FROM facts f
JOIN classes c USING (entry_number);
