-- How many rows ieepa_lines.sql gives (a page shows the first few thousand), and of them how many carry
-- duty and how much. Parameter: $to_check_only.
SELECT count(*) AS lines, count(*) FILTER (WHERE c.duty <> 0) AS lines_with_duty,
       coalesce(sum(c.duty), 0)::DECIMAL(38, 2) AS duty
FROM tariff_classes c
JOIN scope USING (entry_number)
WHERE c.authority IN ('IEEPA', 'unknown Chapter 99')
  AND (ace_to_check(c.rate_check, c.period_check) OR NOT $to_check_only);
