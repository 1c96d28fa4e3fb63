-- entries.csv of `python -m acecore analyze`: the contract columns first, then the rest. Requires routes.sql.
SELECT e.entry_number, filer_code, entry_type, entry_date, entry_summary_date, port_code, lines, total_duty,
       ieepa_duty, check_digit_valid,
       CASE WHEN r.status_basis LIKE 'liquidation file%'
            THEN coalesce(r.status_text, r.status) || ' (liquidation list)' ELSE e.liquidation_status END
           AS liquidation_status,
       e.liquidation_date,
       path, deadline, days_left, urgency, rule_id, why, deadline_estimated, r.status AS status, r.status_basis,
       r.liquidation_date AS liquidation_date_used, r.liquidation_date_estimated, open_paths,
       importer_number, importer_name, goods_value, section301_duty, section232_duty, section122_duty,
       unknown_ch99_duty, ieepa_exception_duty, other_duty, tariff_rows, ieepa_rows, ieepa_checks_failed, rows_with_problems
FROM entries e
JOIN routes r USING (entry_number)
JOIN scope USING (entry_number)
ORDER BY entry_summary_date, e.entry_number;
