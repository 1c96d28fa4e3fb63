-- The first row-level problems of one file, in row order: rejected rows, rows skipped with duty on them
-- (no entry number), then unreadable cells (typed again from staged_typed for the first flagged rows only:
-- raw_lines keeps which cells, not their text). Parameters: $file_id, $limit.
SELECT source_row, column_name, value, kind, duty FROM (
    SELECT source_row, split_part(fate, ':', 2) AS column_name, rejected_value AS value, 'rejected' AS kind,
           NULL::DECIMAL(14, 2) AS duty
    FROM staged_left WHERE fate LIKE 'reject:%'
    UNION ALL
    SELECT source_row, 'entry_number', rejected_value, 'skipped', duty
    FROM staged_left WHERE fate = 'skip' AND coalesce(duty, 0) <> 0
    UNION ALL
    SELECT source_row, p.column, p.value, 'flagged', NULL
    FROM (
        SELECT source_row, unnest(problem_cells) AS p FROM staged_typed
        WHERE source_row IN (
            SELECT source_row FROM raw_lines WHERE file_id = $file_id AND len(problems) > 0
            ORDER BY source_row LIMIT $limit
        )
    )
)
ORDER BY source_row, column_name
LIMIT $limit;
