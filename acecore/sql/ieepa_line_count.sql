-- How many rows ieepa_lines.sql gives. Parameter: $to_check_only.
SELECT count(*) AS lines
FROM tariff_classes c
JOIN scope USING (entry_number)
WHERE c.authority IN ('IEEPA', 'unknown Chapter 99')
  AND (ace_to_check(c.rate_check, c.period_check) OR NOT $to_check_only);
