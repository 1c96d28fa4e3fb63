-- The contested duties of the entries in view (contested.sql), soonest deadline first; $only: these entry
-- numbers alone (NULL: all). Requires contested.sql.
SELECT c.*
FROM contested c
JOIN scope USING (entry_number)
WHERE $only IS NULL OR list_contains($only, c.entry_number)
ORDER BY c.deadline NULLS LAST, c.entry_number, c.measure;
