-- What CBP would reject, per entry CAPE would take, before a declaration is written (cape.py): the
-- checks of data/cape_rejections.csv in force on $as_of that ES-003 rows and the tracker can show (CBP
-- changes its validations: each check has its dates, like a rule). The entries looked at: those with
-- CAPE as their path or beside it, those CAPE would take but for their entry type, TIB entries, and
-- entries the tracker shows as declared (so that a second declaration is never written). An entry's
-- status comes from the outcome of its failed checks, the strongest first: not accepted, already
-- declared, fix first; an entry whose failed checks are only notes is ready, the note beside it.
-- Requires routes.sql. Parameter: $as_of.
WITH candidates AS (
    SELECT r.entry_number, e.importer_number, r.deadline, e.ieepa_duty, e.check_digit_valid, t.action_status,
           r.status = 'tib' AS tib, list_contains(r.type_excluded, 'CAPE declaration') AS type_excluded,
           coalesce(et.cape_check, 'entry_type') AS type_check,  -- which check names this type's refusal
           list_contains(r.open_rule_ids, 'PSC-FIX') AS psc_open
    FROM routes r
    JOIN scope USING (entry_number)
    JOIN entries e USING (entry_number)
    LEFT JOIN tracker t USING (entry_number)
    LEFT JOIN entry_types et ON et.entry_type = e.entry_type
    WHERE e.ieepa_duty > 0
      AND (r.path = 'CAPE declaration' OR list_contains(r.open_rule_ids, 'CAPE-1')
           OR list_contains(r.type_excluded, 'CAPE declaration') OR r.status = 'tib')
),
line_checks AS (
    SELECT c.entry_number,
           bool_or(c.authority = 'IEEPA' AND c.carries_duty AND coalesce(c.duty, 0) = 0) AS ieepa_zero_duty,
           bool_or(c.authority = 'IEEPA' AND coalesce(l.goods_value, 0) > 0) AS goods_value_ch99,
           bool_or(c.authority = 'IEEPA' AND c.tariff_ordinal > first.ordinal) AS hts_sequence,
           bool_or(c.period_check = 'outside the heading''s period') AS invalid_hts,
           bool_or(c.hts LIKE '99%' AND first.ordinal IS NULL) AS hts_relationship
    FROM tariff_classes c
    JOIN lines l USING (entry_number, line_number, tariff_ordinal)
    LEFT JOIN (SELECT entry_number, line_number, min(tariff_ordinal) AS ordinal FROM lines
               WHERE hts NOT LIKE '99%' GROUP BY ALL) first USING (entry_number, line_number)
    WHERE c.entry_number IN (SELECT entry_number FROM candidates)
    GROUP BY c.entry_number
),
in_force AS (
    SELECT * FROM cape_rejections
    WHERE in_force_from <= $as_of::DATE AND (in_force_to IS NULL OR $as_of::DATE <= in_force_to)
),
known AS (
    SELECT list("check") AS checks, list("check") FILTER (WHERE needs_psc) AS psc_checks,
           map(list("check"), list(outcome)) AS outcome, map(list("check"), list(problem)) AS problem,
           map(list("check"), list(fix)) AS fix, map(list("check"), list("by")) AS by_whom,
           map(list("check"), list(words)) AS words
    FROM in_force
    LEFT JOIN confidence USING (confidence)
),
failing AS (  -- the checks in force that fail
    SELECT k.*, known.*,
           list_filter([
               CASE WHEN k.tib THEN 'tib_entry' END,
               CASE WHEN k.type_excluded THEN k.type_check END,
               CASE WHEN k.action_status IN ('filed', 'accepted', 'refunded') THEN 'duplicate' END,
               CASE WHEN NOT k.check_digit_valid THEN 'entry_number' END,
               CASE WHEN k.action_status = 'protest open' THEN 'open_protest' END,
               CASE WHEN x.ieepa_zero_duty THEN 'ieepa_zero_duty' END,
               CASE WHEN x.goods_value_ch99 THEN 'goods_value_ch99' END,
               CASE WHEN x.goods_value_ch99 AND k.action_status = 'rejected' THEN 'goods_value_accepted' END,
               CASE WHEN x.hts_sequence THEN 'hts_sequence' END,
               CASE WHEN x.invalid_hts THEN 'invalid_hts' END,
               CASE WHEN x.hts_relationship THEN 'hts_relationship' END
           ], lambda c: c IS NOT NULL AND list_contains(known.checks, c)) AS found
    FROM candidates k
    LEFT JOIN line_checks x USING (entry_number)
    CROSS JOIN known
),
checked AS (  -- a fix by post-summary correction needs a PSC window: without one, CBP says wait
    SELECT *,
           found || CASE WHEN NOT psc_open AND len(list_intersect(found, psc_checks)) > 0
                              AND list_contains(checks, 'no_psc_window')
                         THEN ['no_psc_window'] ELSE [] END AS failed
    FROM failing
)
SELECT entry_number, importer_number, deadline, ieepa_duty,
       CASE WHEN list_contains(list_transform(failed, lambda f: outcome[f]), 'not accepted') THEN 'not accepted'
            WHEN list_contains(list_transform(failed, lambda f: outcome[f]), 'already declared') THEN 'already declared'
            WHEN list_contains(list_transform(failed, lambda f: outcome[f]), 'fix first') THEN 'fix first'
            ELSE 'ready' END AS status,
       array_to_string(failed, ';') AS checks,
       array_to_string(list_transform(failed, lambda f: problem[f] || coalesce(' (' || nullif(words[f], '') || ')', '')),
                       '; ') AS problems,
       array_to_string(list_transform(failed, lambda f: fix[f]), '; ') AS fix,
       array_to_string(list_sort(list_distinct(list_transform(failed, lambda f: by_whom[f]))), ', ') AS "by"
FROM checked
ORDER BY deadline NULLS LAST, entry_number;
