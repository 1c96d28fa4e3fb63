-- The contested duties of the entries in view (contested.sql), soonest deadline first. Requires contested.sql.
SELECT c.* FROM contested c JOIN scope USING (entry_number) ORDER BY c.deadline NULLS LAST, c.entry_number, c.measure;
