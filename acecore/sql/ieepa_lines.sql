-- Every tariff row under an IEEPA heading (exceptions included, with nothing recoverable) and every
-- 9903 heading the catalogue does not know (authority "unknown Chapter 99", never counted as IEEPA), of
-- the entries in view (scope.sql). Parameters: $to_check_only (only the rows to check), $limit (NULL: all).
SELECT entry_number, line_number, tariff_ordinal, hts, program, authority, country_of_origin, duty, heading,
       recoverable_duty, rate_pct, line_value, expected_duty, rate_check, period_check, entry_summary_date, source,
       mfn_rate_pct, recoverable_basis, mfn_duty
FROM ieepa_in_view
WHERE to_check OR NOT $to_check_only
ORDER BY entry_number, line_number, tariff_ordinal
LIMIT $limit;
