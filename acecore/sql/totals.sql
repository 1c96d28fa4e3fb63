-- summary.json totals.
SELECT count(*) AS entries, (SELECT count(*) FROM lines) AS lines, sum(total_duty) AS total_duty,
       sum(ieepa_duty) AS ieepa_duty
FROM entries;
