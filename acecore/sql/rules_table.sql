-- The recovery rules as loaded, for the Help and Recovery plan pages.
SELECT rule_id, path, priority, statuses, excluded_entry_types, condition, basis, span_text AS span,
       in_force_from, in_force_to, source, note
FROM recovery_rules
ORDER BY priority, rule_id, condition;
