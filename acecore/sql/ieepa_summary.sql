-- IEEPA duty by program, heading and country of origin; unknown 9903 headings listed apart.
SELECT authority, program, heading, coalesce(country_of_origin, '(blank)') AS country_of_origin,
       CAST(count(DISTINCT entry_number) AS INTEGER) AS entries, CAST(count(*) AS INTEGER) AS rows,
       sum(duty)::DECIMAL(38, 2) AS duty, sum(recoverable_duty)::DECIMAL(38, 2) AS recoverable_duty,
       CAST(count(*) FILTER (WHERE ace_check_failed(rate_check, period_check)) AS INTEGER) AS rows_flagged
FROM tariff_classes JOIN scope USING (entry_number)
WHERE authority IN ('IEEPA', 'unknown Chapter 99')
GROUP BY ALL
ORDER BY authority, recoverable_duty DESC, program, heading, country_of_origin;
