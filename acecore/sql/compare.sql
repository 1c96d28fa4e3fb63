-- Two ES-003 pulls of the same importer, entry by entry (compare.py): `before_entries` (the earlier
-- pull's entries, registered from its own analysis) against this analysis's `entries` (the later pull).
-- When CBP accepts a CAPE declaration it reliquidates the entry without its IEEPA lines, so a later pull
-- shows them gone: that is the sign of an accepted refund. One row per entry that changed, the first
-- change that applies: an entry whose IEEPA lines went is 'ieepa removed' even if it liquidated too.
SELECT
    entry_number,
    CASE
        WHEN a.entry_number IS NULL THEN 'entry gone'
        WHEN b.entry_number IS NULL THEN 'new entry'
        WHEN b.ieepa_rows > 0 AND a.ieepa_rows = 0 THEN 'ieepa removed'
        WHEN a.ieepa_duty < b.ieepa_duty THEN 'ieepa reduced'
        WHEN b.liquidation_date IS NULL AND a.liquidation_date IS NOT NULL THEN 'liquidated'
        WHEN a.total_duty <> b.total_duty OR a.ieepa_duty <> b.ieepa_duty THEN 'duty changed'
    END AS change,
    b.ieepa_duty AS ieepa_before,
    a.ieepa_duty AS ieepa_after,
    b.total_duty AS total_duty_before,
    a.total_duty AS total_duty_after,
    b.liquidation_date AS liquidation_date_before,
    a.liquidation_date AS liquidation_date_after
FROM before_entries b
FULL JOIN entries a USING (entry_number)
WHERE change IS NOT NULL
ORDER BY change, entry_number;
