-- Each Chapter 99 heading and period the IEEPA lines of the entries in view fall under (ieepa_lines.sql), once:
-- its program, authority, countries, rate, period, how sure and source. ieepa_lines.csv joins on `heading`
-- and `period_from`.
SELECT m.heading, c.first_day AS period_from, c.last_day AS period_to, c.program, c.authority,
       array_to_string(c.countries, ';') AS countries, c.rate_pct, c.carries_duty, c.top_up, c.measure_date,
       m.lines, c.sureness, c.source
FROM (SELECT heading, catalogue_row, count(*)::INTEGER AS lines
      FROM tariff_classes JOIN scope USING (entry_number)
      WHERE authority = 'IEEPA'
      GROUP BY ALL) m
JOIN chapter99 c USING (catalogue_row)
ORDER BY m.heading, c.first_day;
