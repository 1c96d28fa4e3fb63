-- The entries in view: those matching the user's filters (importer, filer code, port, IEEPA program);
-- an empty list means no filter. Page-level queries join `scope`. Parameters: $importers, $filers,
-- $ports, $programs.
CREATE OR REPLACE TEMP TABLE scope AS
SELECT entry_number
FROM entries
WHERE (len($importers::VARCHAR[]) = 0 OR list_contains($importers::VARCHAR[], coalesce(importer_number, '')))
  AND (len($filers::VARCHAR[]) = 0 OR list_contains($filers::VARCHAR[], filer_code))
  AND (len($ports::VARCHAR[]) = 0 OR list_contains($ports::VARCHAR[], coalesce(port_code, '')))
  AND (len($programs::VARCHAR[]) = 0 OR entry_number IN (
        SELECT entry_number FROM tariff_classes WHERE list_contains($programs::VARCHAR[], program)));

-- The IEEPA and unknown 9903 rows of the entries in view (ieepa_lines.sql and its count), each with
-- `to_check`: its rate or period check did not pass, or its heading is unknown (no check applies).
CREATE OR REPLACE TEMP VIEW ieepa_in_view AS
SELECT c.*, e.entry_summary_date,
       coalesce(c.rate_check NOT IN ('ok', 'exception: no duty', 'no rate to check') OR c.period_check <> 'ok', true)
           AS to_check
FROM tariff_classes c
JOIN entries e USING (entry_number)
JOIN scope USING (entry_number)
WHERE c.authority IN ('IEEPA', 'unknown Chapter 99');
