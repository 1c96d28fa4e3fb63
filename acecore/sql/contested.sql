-- Per entry and contested measure (data/contested_measures: duties other than IEEPA whose lawfulness a court
-- is deciding, such as Section 122): the duty paid under its headings and what keeps a claim to it open on
-- $as_of. A protest (19 U.S.C. 1514) can only be filed once the entry liquidates and within the measure's
-- protest span of that day; a suit of one's own within its suit span of its suit_from date:
--   liquidated, protest window open      "protective protest", by liquidation + protest span;
--   not yet liquidated                    "window opens at liquidation" (estimated where the date is), by
--                                         the same day counted from the (estimated) liquidation date;
--   liquidated, window closed             "protest window closed: only a suit of your own, talk to counsel",
--                                         by the suit date;
--   past the suit date too                "nothing left: the time for a suit has passed".
-- Kept apart from IEEPA: nothing here changes an IEEPA figure. Requires entry_status.sql. Parameter: $as_of.
CREATE OR REPLACE TEMP TABLE contested AS
WITH paid AS (
    SELECT t.entry_number, m.measure, any_value(m.authority) AS authority,
           list(DISTINCT concat_ws('.', t.hts[1:4], t.hts[5:6], t.hts[7:8])) AS headings, sum(t.duty)::DECIMAL(38, 2) AS duty
    FROM tariff_rows t
    JOIN contested_measures m ON left(t.hts, 8) BETWEEN m.heading_from AND m.heading_to
    WHERE t.hts LIKE '99%' AND coalesce(t.duty, 0) <> 0
    GROUP BY ALL
),
dated AS (
    SELECT p.*, s.status, s.status_basis, s.liquidation_date, s.liquidation_date_estimated,
           CAST(s.liquidation_date + m.protest_span AS DATE) AS protest_by,
           CAST(m.suit_from + m.suit_span AS DATE) AS suit_by,
           m.case_status, m.status_on, m.source, coalesce(w.words, '') AS sureness
    FROM paid p
    JOIN contested_measures m USING (measure)
    JOIN entry_status s USING (entry_number)
    LEFT JOIN confidence w USING (confidence)
),
judged AS (
    SELECT *,
           CASE
               WHEN status IN ('tib', 'unknown') OR (status = 'liquidated' AND protest_by IS NULL) THEN 'check'
               WHEN status <> 'liquidated' THEN 'opens'
               WHEN $as_of::DATE <= protest_by THEN 'protest'
               WHEN $as_of::DATE <= suit_by THEN 'suit'
               ELSE 'none'
           END AS step
    FROM dated
)
SELECT entry_number, authority, measure, array_to_string(list_sort(headings), '; ') AS headings, duty,
       status AS liquidation_status, liquidation_date, liquidation_date_estimated, status_basis,
       CASE step
           WHEN 'check' THEN 'check liquidation status'
           WHEN 'opens' THEN 'window opens at liquidation'
                || CASE WHEN liquidation_date IS NULL THEN ' (date not known)'
                        WHEN liquidation_date_estimated THEN ' (estimated)' ELSE '' END
           WHEN 'protest' THEN 'protective protest'
           WHEN 'suit' THEN 'protest window closed: only a suit of your own, talk to counsel'
           ELSE 'nothing left: the time for a suit has passed'
       END AS path,
       deadline, step IN ('opens', 'protest') AND coalesce(liquidation_date_estimated, false) AS deadline_estimated,
       CAST(deadline - $as_of::DATE AS INTEGER) AS days_left,
       suit_by, case_status, status_on AS case_status_on, sureness, source
FROM (SELECT *, CASE WHEN step IN ('opens', 'protest') THEN protest_by WHEN step IN ('suit', 'none') THEN suit_by
                END AS deadline FROM judged);
