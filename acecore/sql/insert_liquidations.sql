-- Append a liquidation file's rows from `staged` (same staging as ES-003 files). Rows without an entry
-- number (or with text that is none, "N/A") are skipped; an unreadable date flags its row.
-- Parameters: $file_id, $source_file.
INSERT INTO liquidations
SELECT ace_entry(entry_number), ace_date(liquidation_date), nullif(trim(liquidation_status), ''),
       CASE WHEN ace_unreadable(liquidation_date, ace_date(liquidation_date)) THEN ['liquidation_date']
            ELSE []::VARCHAR[] END,
       $file_id, $source_file, _row
FROM staged
WHERE ace_entry_like(ace_entry(entry_number));
