-- What CBP would reject, per entry CAPE would take, before a declaration is written (cape.py): the
-- checks of data/cape_rejections.csv that ES-003 rows and the tracker can show. An entry with no failed
-- check is ready; a failed one says what CBP would reject, what to fix first and who does it (the texts
-- of cape_rejections). Requires routes.sql. Parameter: $done (tracker statuses already declared).
WITH candidates AS (
    SELECT r.entry_number, e.importer_number, r.deadline, e.ieepa_duty, e.check_digit_valid, t.action_status
    FROM routes r
    JOIN scope USING (entry_number)
    JOIN entries e USING (entry_number)
    LEFT JOIN tracker t USING (entry_number)
    WHERE e.ieepa_duty > 0
      AND (r.path = 'CAPE declaration'
           OR list_contains(list_transform(r.open_paths, lambda p: split_part(p, ' (', 1)), 'CAPE declaration'))
      AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
),
line_checks AS (
    SELECT c.entry_number,
           bool_or(c.authority = 'IEEPA' AND c.carries_duty AND coalesce(c.duty, 0) = 0) AS ieepa_zero_duty,
           bool_or(c.hts LIKE '99%' AND coalesce(l.goods_value, 0) > 0) AS goods_value_ch99,
           bool_or(c.hts LIKE '99%' AND c.tariff_ordinal > first.ordinal) AS hts_sequence
    FROM tariff_classes c
    JOIN lines l USING (entry_number, line_number, tariff_ordinal)
    LEFT JOIN (SELECT entry_number, line_number, min(tariff_ordinal) AS ordinal FROM lines
               WHERE hts NOT LIKE '99%' GROUP BY ALL) first USING (entry_number, line_number)
    WHERE c.entry_number IN (SELECT entry_number FROM candidates)
    GROUP BY c.entry_number
),
checked AS (
    SELECT k.entry_number, k.importer_number, k.deadline, k.ieepa_duty,
           list_filter([
               CASE WHEN NOT k.check_digit_valid THEN 'entry_number' END,
               CASE WHEN k.action_status = 'protest open' THEN 'open_protest' END,
               CASE WHEN x.ieepa_zero_duty THEN 'ieepa_zero_duty' END,
               CASE WHEN x.goods_value_ch99 THEN 'goods_value_ch99' END,
               CASE WHEN x.hts_sequence THEN 'hts_sequence' END
           ], lambda c: c IS NOT NULL) AS failed
    FROM candidates k
    LEFT JOIN line_checks x USING (entry_number)
),
known AS (
    SELECT map(list("check"), list(problem)) AS problem, map(list("check"), list(fix)) AS fix,
           map(list("check"), list("by")) AS by_whom
    FROM cape_rejections
)
SELECT c.entry_number, c.importer_number, c.deadline, c.ieepa_duty,
       CASE WHEN len(c.failed) > 0 THEN 'fix first' ELSE 'ready' END AS status,
       array_to_string(c.failed, ';') AS checks,
       array_to_string(list_transform(c.failed, lambda f: known.problem[f]), '; ') AS problems,
       array_to_string(list_transform(c.failed, lambda f: known.fix[f]), '; ') AS fix,
       array_to_string(list_sort(list_distinct(list_transform(c.failed, lambda f: known.by_whom[f]))), ', ') AS "by"
FROM checked c, known
ORDER BY c.deadline NULLS LAST, c.entry_number;
