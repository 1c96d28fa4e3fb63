-- Every tariff row under an IEEPA heading (exceptions included, with nothing recoverable) and every
-- 9903 heading the catalogue does not know (authority "unknown Chapter 99", never counted as IEEPA), of
-- the entries in view (scope.sql); with $to_check_only, only the rows to check. A page asks for the first
-- rows only (ieepa.ieepa_lines), as a limit on this query: a LIMIT parameter here made the whole query
-- (analyze's ieepa_lines.csv) 0.25 s slower for 1.5M rows. Each heading's source is said once, in
-- headings.sql (headings.csv), joined on `heading` and `period_from`: on every line it was some 140 MB of
-- the 226 MB of 1.5M rows.
SELECT c.entry_number, c.line_number, c.tariff_ordinal, c.hts, c.program, c.authority, c.country_of_origin,
       c.duty, c.heading, c.period_from, c.recoverable_duty, c.rate_pct, c.line_value, c.expected_duty,
       c.rate_check, c.period_check, e.entry_summary_date, c.mfn_rate_pct, c.recoverable_basis, c.mfn_duty
FROM tariff_classes c
JOIN entries e USING (entry_number)
JOIN scope USING (entry_number)
WHERE c.authority IN ('IEEPA', 'unknown Chapter 99')
  AND (ace_to_check(c.rate_check, c.period_check) OR NOT $to_check_only)
ORDER BY c.entry_number, c.line_number, c.tariff_ordinal;
