-- The first row-level problems of one file, in row order: rejected rows, then unreadable cells.
-- Parameter: $limit.
SELECT source_row, column_name, value, kind FROM (
    SELECT source_row, split_part(fate, ':', 2) AS column_name, rejected_value AS value, 'rejected' AS kind
    FROM staged_typed WHERE fate LIKE 'reject:%'
    UNION ALL
    SELECT source_row, p.column, p.value, 'flagged'
    FROM (SELECT source_row, unnest(problem_cells) AS p FROM staged_typed WHERE fate = 'keep')
)
ORDER BY source_row, column_name
LIMIT $limit;
