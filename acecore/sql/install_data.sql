-- Load the rules data files (acecore/data/*.csv) into an analysis. Parameters: their paths.
-- How sure each row of the rules data is, in the words shown to users (empty for a confirmed fact).
CREATE OR REPLACE TABLE confidence AS
SELECT confidence, coalesce(words, '') AS words FROM read_csv($confidence, all_varchar = true);

CREATE OR REPLACE TABLE chapter99 AS
SELECT CAST(row_number() OVER () AS INTEGER) AS catalogue_row, heading_from, heading_to, program, authority, string_split(countries, ';') AS countries,
       CAST(rate_pct AS DECIMAL(7, 3)) AS rate_pct, CAST(first_day AS DATE) AS first_day,
       CAST(last_day AS DATE) AS last_day, CAST(carries_duty AS BOOLEAN) AS carries_duty,
       CAST(top_up AS BOOLEAN) AS top_up, CAST(measure_date AS DATE) AS measure_date, confidence,
       (SELECT words FROM confidence w WHERE w.confidence = c.confidence) AS sureness, source, note
FROM read_csv($chapter99, all_varchar = true) c;

CREATE OR REPLACE TABLE recovery_rules AS
SELECT rule_id, path, CAST(priority AS INTEGER) AS priority, string_split(statuses, ';') AS statuses,
       CASE WHEN coalesce(trim(excluded_entry_types), '') = '' THEN []::VARCHAR[]
            ELSE string_split(excluded_entry_types, ';') END AS excluded_entry_types, condition, basis,
       CAST(span AS INTERVAL) AS span, span AS span_text, CAST(in_force_from AS DATE) AS in_force_from,
       CAST(in_force_to AS DATE) AS in_force_to, CAST(keep_when_overdue AS BOOLEAN) AS keep_when_overdue,
       CAST(refund_path AS BOOLEAN) AS refund_path, confidence, source, note
FROM read_csv($recovery_rules, all_varchar = true);

CREATE OR REPLACE TABLE liquidation_status_map AS
SELECT lower(trim(text)) AS text, status, source FROM read_csv($liquidation_status, all_varchar = true);

CREATE OR REPLACE TABLE interest_rates AS
SELECT CAST(first_day AS DATE) AS first_day, CAST(last_day AS DATE) AS last_day,
       CAST(corporate_pct AS DECIMAL(5, 2)) AS corporate_pct, CAST(noncorporate_pct AS DECIMAL(5, 2)) AS noncorporate_pct,
       source
FROM read_csv($interest_rates, all_varchar = true);

CREATE OR REPLACE TABLE liquidation_estimates AS
SELECT entry_type, basis, CAST(days AS INTEGER) AS days, source
FROM read_csv($liquidation_estimates, all_varchar = true);

-- Column 1 (MFN) rates by HTS and period (mfn.py builds the file from the USITC HTS revisions). A rate
-- in prose has no figures (ad_valorem_pct NULL): none is applied from it.
CREATE OR REPLACE TABLE mfn_rates AS
SELECT hts, CAST(first_day AS DATE) AS first_day, CAST(last_day AS DATE) AS last_day, general,
       CAST(ad_valorem_pct AS DECIMAL(9, 4)) AS ad_valorem_pct, CAST(specific AS DECIMAL(12, 6)) AS specific,
       nullif(specific_unit, '') AS specific_unit, CAST(other AS DECIMAL(12, 6)) AS other,
       nullif(other_unit, '') AS other_unit, coalesce(special, '') AS special, source
FROM read_csv($mfn_rates, all_varchar = true);

-- What CBP rejects on a CAPE declaration and what to fix first, by check and the dates it is in force
-- (cape_checks.sql). `outcome`: what a failed check means for the entry (fix first, not accepted,
-- already declared, or a note that leaves it ready); `needs_psc`: the fix is a post-summary correction.
CREATE OR REPLACE TABLE cape_rejections AS
SELECT "check", outcome, CAST(needs_psc AS BOOLEAN) AS needs_psc, problem, fix, "by",
       CAST(in_force_from AS DATE) AS in_force_from, CAST(in_force_to AS DATE) AS in_force_to, confidence, source
FROM read_csv($cape_rejections, all_varchar = true);

-- ACE entry type codes and their names, for the words shown beside a code.
CREATE OR REPLACE TABLE entry_types AS
SELECT entry_type, name, nullif(cape_check, '') AS cape_check FROM read_csv($entry_types, all_varchar = true);

-- Dated CAPE phases, court steps and rule changes; `path` ties a future one to the entries whose
-- deadline on that path falls on its date (the next 90 days, overview.py).
CREATE OR REPLACE TABLE events AS
SELECT CAST(date AS DATE) AS date, event, status, path, confidence, source
FROM read_csv($events, all_varchar = true);

-- Duties other than IEEPA whose lawfulness a court is deciding (contested.sql): the headings, the case and
-- where it stands, and what keeps a claim open: a protest within `protest_span` of liquidation, a suit
-- within `suit_span` of `suit_from`.
CREATE OR REPLACE TABLE contested_measures AS
SELECT measure, authority, heading_from, heading_to, CAST(in_force_from AS DATE) AS in_force_from,
       CAST(in_force_to AS DATE) AS in_force_to, case_status, CAST(status_on AS DATE) AS status_on,
       CAST(protest_span AS INTERVAL) AS protest_span, CAST(suit_span AS INTERVAL) AS suit_span,
       CAST(suit_from AS DATE) AS suit_from, confidence, source
FROM read_csv($contested, all_varchar = true);
