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
