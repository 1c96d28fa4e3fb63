-- The recovery path open to each entry on $as_of, from the dated rules (data/recovery_rules.csv).
-- A rule applies to an entry whose status it lists and whose entry type it does not exclude; its
-- conditions are dates (a basis date + a span): "deadline" rows must not have passed (the earliest is
-- the rule's deadline), "opens" rows must have passed, "always" rows hold while the status does. A rule
-- past its deadline drops out unless it is kept when overdue (at risk: needs counsel). The open refund
-- rule with the lowest priority number is the path; the others, and advice that is no refund path
-- (correct the data before CAPE), are listed. A rule that would apply but for the entry type is named
-- (type_excluded), so that the plan and the CAPE checks can say why it is not offered.
-- No deadline outlives its rule: where a rule's force ends for this kind of entry (its status and
-- type: rows of one rule that follow each other day after day are one stretch) before the deadline,
-- the deadline is that last day, and rule_ends says so ("until 2026-04-19, then CAPE declaration").
-- Requires entry_status.sql. Parameter: $as_of.
CREATE OR REPLACE TEMP TABLE routes AS
WITH RECURSIVE rules AS (
    SELECT * FROM recovery_rules
    WHERE in_force_from <= $as_of::DATE AND (in_force_to IS NULL OR $as_of::DATE <= in_force_to)
),
kinds AS (SELECT DISTINCT status, entry_type FROM entry_status WHERE ieepa_duty > 0),
reach AS (  -- each rule row in force now or later, with the kinds of entry it applies to
    SELECT k.status, k.entry_type, r.rule_id, r.condition, r.basis, r.path, r.priority, r.refund_path,
           r.in_force_from, r.in_force_to
    FROM kinds k
    JOIN recovery_rules r ON list_contains(r.statuses, k.status)
                         AND NOT coalesce(list_contains(r.excluded_entry_types, k.entry_type), false)
    WHERE coalesce(r.in_force_to, DATE '9999-12-31') >= $as_of::DATE
),
stretch AS (  -- a row in force now, then each row of the same rule that takes over the day after
    SELECT status, entry_type, rule_id, condition, basis, in_force_to AS ends FROM reach
    WHERE in_force_from <= $as_of::DATE
    UNION ALL
    SELECT s.status, s.entry_type, s.rule_id, s.condition, s.basis, n.in_force_to
    FROM stretch s
    JOIN reach n ON n.status = s.status AND n.entry_type IS NOT DISTINCT FROM s.entry_type AND n.rule_id = s.rule_id
                AND n.condition = s.condition AND n.basis IS NOT DISTINCT FROM s.basis AND n.in_force_from = s.ends + 1
),
rule_ends AS (  -- the last day each rule is in force for a kind of entry (NULL: no end in the data)
    SELECT status, entry_type, rule_id, min(ends) AS ends
    FROM (SELECT status, entry_type, rule_id, condition, basis,
                 CASE WHEN bool_or(ends IS NULL) THEN NULL ELSE max(ends) END AS ends
          FROM stretch GROUP BY ALL)
    GROUP BY ALL
),
successors AS (  -- the refund path that starts the day after a rule ends, for the same kind of entry
    SELECT e.status, e.entry_type, e.rule_id, e.ends, arg_min(n.path, n.priority) FILTER (WHERE n.refund_path) AS then_path
    FROM rule_ends e
    LEFT JOIN reach n ON n.status = e.status AND n.entry_type IS NOT DISTINCT FROM e.entry_type
                     AND n.in_force_from = e.ends + 1 AND n.rule_id <> e.rule_id
    WHERE e.ends IS NOT NULL
    GROUP BY ALL
),
conditions AS (
    SELECT s.entry_number, s.status, s.entry_type, r.rule_id, r.path, r.priority, r.keep_when_overdue, r.refund_path,
           r.condition, r.basis, r.span_text, r.confidence,
           coalesce(list_contains(r.excluded_entry_types, s.entry_type), false) AS type_excluded,  -- no type: never
           CAST(CASE r.basis
                    WHEN 'entry_date' THEN coalesce(s.entry_date, s.entry_summary_date)
                    WHEN 'liquidation_date' THEN s.liquidation_date
                    WHEN 'deposit_date' THEN s.entry_summary_date
                    WHEN 'measure_date' THEN s.measure_date
                END + r.span AS DATE) AS on_date,
           r.basis = 'liquidation_date' AND s.liquidation_date_estimated AS estimated
    FROM entry_status s
    JOIN rules r ON list_contains(r.statuses, s.status)
    WHERE s.ieepa_duty > 0
),
per_rule AS (
    SELECT entry_number, rule_id, any_value(status) AS status, any_value(entry_type) AS entry_type,
           any_value(path) AS path, any_value(priority) AS priority,
           -- how sure the date to act on is: the deadline's row, else the rule's
           coalesce(any_value(confidence) FILTER (WHERE condition = 'deadline'), any_value(confidence)) AS confidence,
           bool_or(keep_when_overdue) AS keep_when_overdue, bool_and(refund_path) AS refund_path,
           bool_or(type_excluded) AS type_excluded,
           min(on_date) FILTER (WHERE condition = 'deadline') AS due,
           bool_or(estimated AND condition = 'deadline') AS due_estimated,
           bool_and(condition <> 'opens' OR (on_date IS NOT NULL AND $as_of::DATE > on_date)) AS opened,
           string_agg(CASE condition
                          WHEN 'always' THEN 'while the entry is ' || status
                          ELSE CASE condition WHEN 'deadline' THEN 'by ' ELSE 'after ' END
                               || replace(basis, '_', ' ') || ' '
                               || CASE WHEN span_text LIKE '-%' THEN span_text ELSE '+ ' || span_text END
                      END, ' and ') AS rule_text
    FROM conditions
    GROUP BY entry_number, rule_id
),
bounded AS (  -- the deadline, never past the last day the rule is in force for this kind of entry
    SELECT p.*, x.ends, x.then_path,
           x.ends IS NOT NULL AND (p.due IS NULL OR p.due > x.ends) AS cut,
           CASE WHEN x.ends IS NOT NULL AND (p.due IS NULL OR p.due > x.ends) THEN x.ends ELSE p.due END AS deadline
    FROM per_rule p
    LEFT JOIN successors x ON x.status = p.status AND x.entry_type IS NOT DISTINCT FROM p.entry_type
                          AND x.rule_id = p.rule_id
),
open_rules AS (
    SELECT *, due_estimated AND NOT cut AS deadline_estimated,
           CASE WHEN cut THEN 'until ' || strftime(ends, '%Y-%m-%d') || coalesce(', then ' || then_path, ', when the rule ends')
           END AS rule_ends
    FROM bounded
    WHERE opened AND (deadline IS NULL OR $as_of::DATE <= deadline OR keep_when_overdue)
),
ranked AS (
    SELECT entry_number,
           arg_min(rule_id, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS rule_id,
           arg_min(path, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS path,
           arg_min(deadline, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS deadline,
           arg_min(deadline_estimated, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS deadline_estimated,
           arg_min(rule_text, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS rule_text,
           arg_min(rule_ends, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS rule_ends,
           arg_min(confidence, priority) FILTER (WHERE refund_path AND NOT type_excluded) AS confidence,
           list(path || coalesce(' (by ' || strftime(deadline, '%Y-%m-%d') || ')', '') ORDER BY priority)
               FILTER (WHERE NOT type_excluded) AS open_paths,
           list(rule_id ORDER BY priority) FILTER (WHERE NOT type_excluded) AS open_rule_ids,
           list(path ORDER BY priority) FILTER (WHERE type_excluded) AS type_excluded,
           list(path || ' is not open to type ' || entry_type || ' entries' || coalesce(' (' || t.name || ')', '')
                || coalesce(' from ' || strftime(x.since, '%Y-%m-%d'), '') ORDER BY priority)
               FILTER (WHERE type_excluded) AS excluded_because
    FROM open_rules
    LEFT JOIN entry_types t USING (entry_type)
    LEFT JOIN (SELECT rule_id, entry_type, min(in_force_from) AS since  -- the first day a rule left a type out
               FROM (SELECT rule_id, unnest(excluded_entry_types) AS entry_type, in_force_from FROM recovery_rules)
               GROUP BY ALL) x USING (rule_id, entry_type)
    GROUP BY entry_number
)
SELECT
    s.entry_number, s.status, s.status_basis, s.status_text, s.liquidation_date, s.liquidation_date_estimated,
    CASE
        WHEN s.ieepa_duty <= 0 THEN 'no IEEPA duty'
        WHEN r.path IS NOT NULL THEN r.path
        WHEN s.status = 'unknown' THEN 'check liquidation status'
        WHEN s.status = 'tib' THEN 'not through CAPE: TIB entry'
        WHEN s.status IN ('unliquidated', 'extended', 'suspended', 'under review')
            THEN 'no path open now: protest after liquidation'
        ELSE 'nothing left'
    END AS path,
    r.rule_id,
    r.deadline,
    -- estimated too when the path itself rests on a guess: "liquidated" because the usual date has passed,
    -- with no liquidation date or status in the files (a protest or counsel for what may still be CAPE's)
    coalesce(r.deadline_estimated, false) OR (r.path IS NOT NULL AND s.status = 'liquidated'
                                               AND s.status_basis = 'estimated') AS deadline_estimated,
    CAST(r.deadline - $as_of::DATE AS INTEGER) AS days_left,
    CASE
        WHEN r.deadline IS NULL THEN 'no deadline'
        WHEN r.deadline < $as_of::DATE THEN 'overdue'
        WHEN r.deadline - $as_of::DATE < 15 THEN 'under 15 days'
        WHEN r.deadline - $as_of::DATE < 45 THEN 'under 45 days'
        ELSE 'later'
    END AS urgency,
    r.rule_ends,
    concat_ws('; ',
        CASE
            WHEN s.ieepa_duty <= 0 THEN 'no duty under IEEPA headings on this entry'
            WHEN r.rule_id IS NOT NULL THEN r.rule_id || ': ' || r.rule_text
                || CASE WHEN r.deadline_estimated OR (s.status = 'liquidated' AND s.status_basis = 'estimated')
                        THEN ' (liquidation date estimated)' ELSE '' END
                || CASE WHEN r.rule_id = 'COURT-2Y' THEN '; counted from the deposit instead (today''s other reading): '
                        || strftime(s.entry_summary_date + INTERVAL 2 YEAR, '%Y-%m-%d')
                        || '; a court case of your own is the route CBP accepts' ELSE '' END
            WHEN s.status = 'unknown' THEN 'liquidation status "' || s.status_text || '" is not one acecore knows'
            WHEN s.status = 'tib' THEN 'liquidation status "' || s.status_text || '" marks a temporary importation '
                || 'under bond (TIB) entry, which CAPE does not accept: ask your broker how the bond was closed'
            WHEN len(r.type_excluded) > 0 THEN NULL  -- said next
            ELSE 'no rule in force applies on ' || strftime($as_of::DATE, '%Y-%m-%d')
        END,
        nullif(w.words, ''),
        r.rule_ends,
        array_to_string(r.excluded_because, '; ')
    ) AS why,
    coalesce(r.open_paths, []::VARCHAR[]) AS open_paths,
    coalesce(r.type_excluded, []::VARCHAR[]) AS type_excluded,
    coalesce(r.open_rule_ids, []::VARCHAR[]) AS open_rule_ids
FROM entry_status s
LEFT JOIN ranked r USING (entry_number)
LEFT JOIN confidence w ON w.confidence = r.confidence;
