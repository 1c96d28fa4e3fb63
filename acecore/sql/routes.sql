-- The recovery path open to each entry on $as_of, from the dated rules (data/recovery_rules.csv).
-- A rule applies to an entry whose status it lists and whose entry type it does not exclude; its
-- conditions are dates (a basis date + a span): "deadline" rows must not have passed (the earliest is
-- the rule's deadline), "opens" rows must have passed. A rule past its deadline drops out unless it is
-- kept when overdue (at risk: needs counsel). The open refund rule with the lowest priority number is
-- the path; the others, and advice that is no refund path (correct the data before CAPE), are listed.
-- Requires entry_status.sql. Parameter: $as_of.
CREATE OR REPLACE TEMP TABLE routes AS
WITH rules AS (
    SELECT * FROM recovery_rules
    WHERE in_force_from <= $as_of::DATE AND (in_force_to IS NULL OR $as_of::DATE <= in_force_to)
),
conditions AS (
    SELECT s.entry_number, r.rule_id, r.path, r.priority, r.keep_when_overdue, r.refund_path, r.condition, r.basis,
           r.span_text,
           CAST(CASE r.basis
                    WHEN 'entry_date' THEN coalesce(s.entry_date, s.entry_summary_date)
                    WHEN 'liquidation_date' THEN s.liquidation_date
                    WHEN 'deposit_date' THEN s.entry_summary_date
                    WHEN 'measure_date' THEN s.measure_date
                END + r.span AS DATE) AS on_date,
           r.basis = 'liquidation_date' AND s.liquidation_date_estimated AS estimated
    FROM entry_status s
    JOIN rules r ON list_contains(r.statuses, s.status)
                AND NOT coalesce(list_contains(r.excluded_entry_types, s.entry_type), false)  -- no type: never excluded
    WHERE s.ieepa_duty > 0
),
per_rule AS (
    SELECT entry_number, rule_id, any_value(path) AS path, any_value(priority) AS priority,
           bool_or(keep_when_overdue) AS keep_when_overdue, bool_and(refund_path) AS refund_path,
           min(on_date) FILTER (WHERE condition = 'deadline') AS deadline,
           bool_or(estimated AND condition = 'deadline') AS deadline_estimated,
           bool_and(condition <> 'opens' OR (on_date IS NOT NULL AND $as_of::DATE > on_date)) AS opened,
           string_agg(CASE condition WHEN 'deadline' THEN 'by ' ELSE 'after ' END
                      || replace(basis, '_', ' ') || ' ' || CASE WHEN span_text LIKE '-%' THEN span_text
                                                                ELSE '+ ' || span_text END, ' and ') AS rule_text
    FROM conditions
    GROUP BY entry_number, rule_id
),
open_rules AS (
    SELECT * FROM per_rule
    WHERE opened AND (deadline IS NULL OR $as_of::DATE <= deadline OR keep_when_overdue)
),
ranked AS (
    SELECT entry_number,
           arg_min(rule_id, priority) FILTER (WHERE refund_path) AS rule_id,
           arg_min(path, priority) FILTER (WHERE refund_path) AS path,
           arg_min(deadline, priority) FILTER (WHERE refund_path) AS deadline,
           arg_min(deadline_estimated, priority) FILTER (WHERE refund_path) AS deadline_estimated,
           arg_min(rule_text, priority) FILTER (WHERE refund_path) AS rule_text,
           list(path || coalesce(' (by ' || strftime(deadline, '%Y-%m-%d') || ')', '') ORDER BY priority)
               AS open_paths
    FROM open_rules
    GROUP BY entry_number
)
SELECT
    s.entry_number, s.status, s.status_basis, s.status_text, s.liquidation_date, s.liquidation_date_estimated,
    CASE
        WHEN s.ieepa_duty <= 0 THEN 'no IEEPA duty'
        WHEN r.path IS NOT NULL THEN r.path
        WHEN s.status = 'unknown' THEN 'check liquidation status'
        WHEN s.status IN ('unliquidated', 'extended', 'suspended') THEN 'no path open now: protest after liquidation'
        ELSE 'nothing left'
    END AS path,
    r.rule_id,
    r.deadline,
    coalesce(r.deadline_estimated, false) AS deadline_estimated,
    CAST(r.deadline - $as_of::DATE AS INTEGER) AS days_left,
    CASE
        WHEN r.deadline IS NULL THEN 'no deadline'
        WHEN r.deadline < $as_of::DATE THEN 'overdue'
        WHEN r.deadline - $as_of::DATE < 15 THEN 'under 15 days'
        WHEN r.deadline - $as_of::DATE < 45 THEN 'under 45 days'
        ELSE 'later'
    END AS urgency,
    CASE
        WHEN s.ieepa_duty <= 0 THEN 'no duty under IEEPA headings on this entry'
        WHEN r.rule_id IS NOT NULL THEN r.rule_id || ': ' || r.rule_text
            || CASE WHEN r.deadline_estimated THEN ' (liquidation date estimated)' ELSE '' END
            || CASE WHEN r.rule_id = 'COURT-2Y' THEN '; counted from the deposit instead (today''s other reading): '
                    || strftime(s.entry_summary_date + INTERVAL 2 YEAR, '%Y-%m-%d') ELSE '' END
        WHEN s.status = 'unknown' THEN 'liquidation status "' || s.status_text || '" is not one acecore knows'
        ELSE 'no rule in force applies on ' || strftime($as_of::DATE, '%Y-%m-%d')
    END AS why,
    coalesce(r.open_paths, []::VARCHAR[]) AS open_paths
FROM entry_status s
LEFT JOIN ranked r USING (entry_number);
