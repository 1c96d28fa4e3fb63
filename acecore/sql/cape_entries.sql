-- Entries to put on a CAPE declaration as of the routes' date: CAPE is open to them (as the path or
-- one of the open paths), they paid IEEPA duty, and the tracker does not already show them filed,
-- accepted or refunded (CBP rejects duplicate submissions). An entry number that fails the CBP check
-- digit goes in no file (CBP would reject it, and its text could be anything): the caller lists it.
-- Requires routes.sql. Parameter: $done.
SELECT r.entry_number, e.importer_number, r.deadline, e.ieepa_duty, e.check_digit_valid
FROM routes r
JOIN scope USING (entry_number)
JOIN entries e USING (entry_number)
LEFT JOIN tracker t USING (entry_number)
WHERE e.ieepa_duty > 0
  AND (r.path = 'CAPE declaration' OR list_contains(list_transform(r.open_paths, lambda p: split_part(p, ' (', 1)),
                                                    'CAPE declaration'))
  AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
ORDER BY r.deadline NULLS LAST, r.entry_number;
