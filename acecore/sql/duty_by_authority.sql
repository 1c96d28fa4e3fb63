-- Duty by authority: IEEPA kept apart from Section 301/232/122 and ordinary duty.
SELECT authority, CAST(count(*) AS INTEGER) AS rows, sum(duty)::DECIMAL(38, 2) AS duty,
       sum(recoverable_duty)::DECIMAL(38, 2) AS recoverable_duty
FROM tariff_classes JOIN scope USING (entry_number)
GROUP BY ALL
ORDER BY duty DESC NULLS LAST;
