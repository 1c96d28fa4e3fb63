-- Recoverable IEEPA duty by month of entry summary date and program (for the stacked chart).
SELECT strftime(e.entry_summary_date, '%Y-%m') AS month, c.program,
       sum(c.recoverable_duty)::DECIMAL(38, 2) AS ieepa_duty
FROM tariff_classes c
JOIN entries e USING (entry_number)
JOIN scope USING (entry_number)
WHERE c.recoverable_duty <> 0 AND e.entry_summary_date IS NOT NULL
GROUP BY ALL
ORDER BY month, program;
