-- How many rows ieepa_lines.sql gives without its limit. Parameter: $to_check_only.
SELECT count(*) AS lines FROM ieepa_in_view WHERE to_check OR NOT $to_check_only;
