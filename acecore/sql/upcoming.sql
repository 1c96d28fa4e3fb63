-- The dated things of the next $days days that change what this importer must do, each with the number
-- of its own entries and the IEEPA duty they carry (entries in view, not yet filed per the tracker):
--   deadline     the last day of a path (overdue ones too: they lead the list), by date and path;
--   liquidation  unliquidated entries that liquidate that day: from it run the 80 days for CAPE and
--                the 180 for a protest;
--   event        a dated rule change or court step of data/events.csv; one tied to a path is told with
--                that path's deadline of the same day, and only where this importer has entries on it;
--   contested    the last day to protest (or sue over) a contested duty (contested.sql), by measure and
--                path, with that duty in `contested_duty` (never in the IEEPA figure).
-- Requires routes.sql and contested.sql. Parameters: $as_of, $days, $done.
WITH open_entries AS (
    SELECT r.*, e.ieepa_duty
    FROM routes r
    JOIN scope USING (entry_number)
    JOIN entries e USING (entry_number)
    LEFT JOIN tracker t USING (entry_number)
    WHERE e.ieepa_duty > 0 AND NOT list_contains($done, coalesce(t.action_status, 'not started'))
),
deadlines AS (
    SELECT deadline AS date, 'deadline' AS kind, path, count(*) AS entries, sum(ieepa_duty) AS ieepa_duty,
           bool_or(deadline_estimated) AS estimated
    FROM open_entries
    WHERE deadline <= $as_of::DATE + to_days($days)
    GROUP BY ALL
),
liquidations AS (
    SELECT liquidation_date AS date, 'liquidation' AS kind, path, count(*) AS entries, sum(ieepa_duty) AS ieepa_duty,
           bool_or(liquidation_date_estimated) AS estimated
    FROM open_entries
    WHERE status = 'unliquidated' AND liquidation_date > $as_of::DATE
      AND liquidation_date <= $as_of::DATE + to_days($days)
    GROUP BY ALL
),
contested_deadlines AS (
    SELECT deadline AS date, 'contested' AS kind, measure || ' (contested): ' || path AS path,
           count(DISTINCT entry_number) AS entries, sum(duty) AS contested_duty, bool_or(deadline_estimated) AS estimated
    FROM contested
    JOIN scope USING (entry_number)
    WHERE deadline >= $as_of::DATE AND deadline <= $as_of::DATE + to_days($days)
    GROUP BY ALL
),
coming_events AS (
    SELECT * FROM events WHERE date >= $as_of::DATE AND date <= $as_of::DATE + to_days($days)
),
dated AS (
    SELECT d.*, v.event, v.status AS event_status, v.confidence FROM deadlines d
    LEFT JOIN coming_events v ON v.date = d.date AND v.path = d.path
    UNION ALL BY NAME
    SELECT * FROM liquidations
    UNION ALL BY NAME
    SELECT * FROM contested_deadlines
    UNION ALL BY NAME
    SELECT date, 'event' AS kind, event, status AS event_status, confidence FROM coming_events WHERE path IS NULL
)
SELECT d.date, CAST(d.date - $as_of::DATE AS INTEGER) AS days_left, d.kind, d.path, CAST(d.entries AS INTEGER) AS entries,
       CAST(d.ieepa_duty AS DECIMAL(38, 2)) AS ieepa_duty, CAST(d.contested_duty AS DECIMAL(38, 2)) AS contested_duty, coalesce(d.estimated, false) AS estimated, d.event,
       d.event_status, coalesce(w.words, '') AS sureness
FROM dated d
LEFT JOIN confidence w USING (confidence)
ORDER BY d.date, d.kind, d.path;
