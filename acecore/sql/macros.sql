-- Value parsers shared by every load. Rules: ../shared/domain/es003-format.md, section 2 and 4.
-- A cell comes as the reader gives it: without the white space around it (readers._cleaned), so no
-- parser trims it again (for 1.5M rows, the trims took 0.4-0.7 s of stage.sql).

-- Money: "1234.56", "$1,234.56", "(1,234.56)" (negative), "-12.00", "FREE" (zero duty).
-- Thousands separators must be well placed ("12,5" is unreadable, not 125). Parsed from text
-- straight to DECIMAL: never through a binary float. Plain numbers take the fast cast; only
-- formatted ones go through the pattern. One amount is under a trillion dollars (DECIMAL(14, 2)):
-- a larger one is unreadable, so no sum of them can overflow (sums are DECIMAL(38, 2)).
CREATE OR REPLACE MACRO ace_money_text(t) AS
    regexp_replace(upper(t), '[$\s]|USD', '', 'g');
CREATE OR REPLACE MACRO ace_money_parts(t) AS
    regexp_extract(ace_money_text(t),
        '^(\()?([-+]?)((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?)(\))?$', ['open', 'sign', 'digits', 'close']);
CREATE OR REPLACE MACRO ace_money_formatted(p) AS
    CASE WHEN p.digits NOT IN ('', '.') AND (p.open = '') = (p.close = '')
         THEN CASE WHEN p.open = '(' OR p.sign = '-' THEN -1 ELSE 1 END
              * TRY_CAST(replace(p.digits, ',', '') AS DECIMAL(14, 2)) END;
CREATE OR REPLACE MACRO ace_money(t) AS
    CASE
        WHEN regexp_full_match(t, '-?[0-9]+(\.[0-9]+)?') THEN TRY_CAST(t AS DECIMAL(14, 2))
        WHEN t = '' THEN NULL
        WHEN upper(t) = 'FREE' THEN 0.00::DECIMAL(14, 2)
        ELSE ace_money_formatted(ace_money_parts(t))
    END;

-- Quantities: "1,250", "12.5", "3". Non-negative, at most 12 digits before the point and 3 after
-- (DECIMAL(15, 3)); anything else is unreadable.
CREATE OR REPLACE MACRO ace_quantity(t) AS
    CASE
        WHEN t = '' THEN NULL
        WHEN regexp_full_match(t, '([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]{1,3})?')
            THEN TRY_CAST(replace(t, ',', '') AS DECIMAL(15, 3))
    END;

-- Dates: MM/DD/YYYY (ACE's text form), M/D/YY, ISO (a time part is ignored), or an Excel serial day
-- number (1900 date system). The shape picks the format, so "3/4/25" is never the year 25. Only years
-- 1900-2099 (serials: 1927-2118) are dates: 9999-12-31 is a placeholder, unreadable, never computed with.
CREATE OR REPLACE MACRO ace_date_text(t) AS split_part(t, ' ', 1);
CREATE OR REPLACE MACRO ace_date(t) AS
    CASE
        WHEN regexp_full_match(t, '[0-9]{2}/[0-9]{2}/(19|20)[0-9]{2}') THEN CAST(try_strptime(t, '%m/%d/%Y') AS DATE)
        WHEN regexp_full_match(t, '(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(t AS DATE)
        WHEN t = '' THEN NULL
        WHEN regexp_full_match(t, '[1-7][0-9]{4}(\.0+)?')
            THEN DATE '1899-12-30' + CAST(split_part(t, '.', 1) AS INTEGER)
        WHEN regexp_full_match(ace_date_text(t), '[0-9]{1,2}[/-][0-9]{1,2}[/-](19|20)[0-9]{2}')
            THEN CAST(try_strptime(replace(ace_date_text(t), '-', '/'), '%m/%d/%Y') AS DATE)
        WHEN regexp_full_match(ace_date_text(t), '[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}')
            THEN CAST(try_strptime(ace_date_text(t), '%m/%d/%y') AS DATE)
        WHEN regexp_full_match(ace_date_text(t), '(19|20)[0-9]{2}[-/][0-9]{1,2}[-/][0-9]{1,2}(T.*)?')
            THEN CAST(try_strptime(replace(split_part(ace_date_text(t), 'T', 1), '/', '-'), '%Y-%m-%d') AS DATE)
    END;

-- A cell that holds text but gave no value could not be read: the row is flagged, never guessed.
CREATE OR REPLACE MACRO ace_unreadable(raw, typed) AS raw <> '' AND typed IS NULL;
-- The same as an entry for a row's list of problems: {column, value} when unreadable, else NULL.
CREATE OR REPLACE MACRO ace_problem(column_name, raw, typed) AS
    CASE WHEN ace_unreadable(raw, typed) THEN {'column': column_name, 'value': raw} END;

-- Entry Summary Number: 11 characters, no dashes (any Unicode dash: en and em dashes come with text pasted
-- from Word or Excel, and the minus sign) or spaces (any Unicode space), upper case. An all-digit number
-- that lost leading zeros in Excel is padded back to 11.
CREATE OR REPLACE MACRO ace_entry_text(t) AS regexp_replace(upper(t), '[-\s\pZ\p{Pd}\x{2212}]', '', 'g');
CREATE OR REPLACE MACRO ace_entry(t) AS
    CASE
        WHEN regexp_full_match(ace_entry_text(t), '[0-9]{8,10}') THEN lpad(ace_entry_text(t), 11, '0')
        ELSE ace_entry_text(t)
    END;
-- What can be an entry number at all: a filer code and digits ("BII05992854"; test files use short
-- ones like "E001"). "N/A", "Grand Total" or "E00A" are not: such rows are skipped like footers.
CREATE OR REPLACE MACRO ace_entry_like(e) AS regexp_full_match(e, '[0-9A-Z]{3}[0-9]{1,8}');

-- HTS Number - Full: digits only. Excel drops the leading zero of chapters 01-09: a 9-digit value
-- is a 10-digit statistical number and a 7-digit value an 8-digit subheading (section 2, "HTS").
CREATE OR REPLACE MACRO ace_hts_digits(t) AS regexp_replace(t, '[^0-9]', '', 'g');
CREATE OR REPLACE MACRO ace_hts(t) AS
    CASE length(ace_hts_digits(t))
        WHEN 9 THEN '0' || ace_hts_digits(t)
        WHEN 7 THEN '0' || ace_hts_digits(t)
        ELSE nullif(ace_hts_digits(t), '')
    END;

-- What a tariff row is when the Chapter 99 catalogue has no heading for it (classify.sql).
CREATE OR REPLACE MACRO ace_unlisted(hts) AS
    CASE WHEN hts LIKE '9903%' THEN 'unknown Chapter 99'
         WHEN hts LIKE '99%' THEN 'other Chapter 99'
         WHEN hts LIKE '98%' THEN 'Chapter 98'
         ELSE 'ordinary duty' END;

-- Where a row stands in load order (a later file, then a later row, is larger): arg_max's key for "the
-- latest row that has it". One BIGINT, not the struct (file_id, source_row): for 1.5M rows the eight
-- arg_max of entries.sql took 0.47 s over the struct, 0.29 s over this.
CREATE OR REPLACE MACRO ace_load_order(file_id, source_row) AS (CAST(file_id AS BIGINT) << 32) | source_row;

-- An IEEPA row whose rate or period check did not pass (classify.sql); NULL for a row no check applies
-- to (no IEEPA heading). A row a person should look at is one of those, or under a 9903 heading the
-- catalogue does not know.
CREATE OR REPLACE MACRO ace_check_failed(rate_check, period_check) AS
    rate_check NOT IN ('ok', 'exception: no duty', 'no rate to check') OR period_check <> 'ok';
CREATE OR REPLACE MACRO ace_to_check(rate_check, period_check) AS
    coalesce(ace_check_failed(rate_check, period_check), true);

-- Codes: upper case, empty as NULL; numeric entry types and ports get back their zeros.
CREATE OR REPLACE MACRO ace_code(t) AS nullif(upper(t), '');
CREATE OR REPLACE MACRO ace_padded_code(t, width) AS
    CASE WHEN regexp_full_match(t, '[0-9]+') THEN lpad(t, width, '0') ELSE ace_code(t) END;

-- CBP entry number check digit (CATAIR Appendix E; es003-format.md section 4): letters A-I -> 1-9,
-- J-R -> 1-9, S-Z -> 2-9; Luhn mod 10 over the 10 base characters, even positions doubled.
CREATE OR REPLACE MACRO ace_char_value(c) AS
    CASE
        WHEN c BETWEEN '0' AND '9' THEN ascii(c) - 48
        WHEN c BETWEEN 'A' AND 'I' THEN ascii(c) - 64
        WHEN c BETWEEN 'J' AND 'R' THEN ascii(c) - 73
        WHEN c BETWEEN 'S' AND 'Z' THEN ascii(c) - 81
    END;
CREATE OR REPLACE MACRO ace_check_digit(base) AS
    (10 - list_sum(list_transform(split(base, ''), lambda c, i:
        CASE WHEN i % 2 = 1 THEN ace_char_value(c)
             ELSE (2 * ace_char_value(c)) // 10 + (2 * ace_char_value(c)) % 10 END)) % 10) % 10;
-- CASE, not AND: DuckDB evaluates both sides of AND over a whole vector, and the last character of a
-- text that is no entry number is no digit.
CREATE OR REPLACE MACRO ace_entry_valid(e) AS
    CASE WHEN regexp_full_match(e, '[0-9A-Z]{3}[0-9]{8}')
         THEN coalesce(ace_check_digit(left(e, 10)) = TRY_CAST(right(e, 1) AS INTEGER), false)
         ELSE false END;

-- The ad valorem percent of one special program in a rate table's `special` ("KR=0;JP=3.4"), or NULL.
CREATE OR REPLACE MACRO ace_special_pct(special, program) AS
    TRY_CAST(regexp_extract(';' || special || ';', ';' || regexp_escape(program) || '=([0-9.]+);', 1) AS DECIMAL(9, 4));

-- A rate as people write it: 3.4000 -> 3.4, 0.0000 -> 0, 10 stays 10.
CREATE OR REPLACE MACRO ace_pct_text(p) AS
    CASE WHEN contains(CAST(p AS VARCHAR), '.') THEN rtrim(rtrim(CAST(p AS VARCHAR), '0'), '.') ELSE CAST(p AS VARCHAR) END;

-- One program's special rate in the USITC tariff database ("KR=0" or "JP=3.4"), when the program
-- applies (its indicator is set) and the rate is free (type 0) or ad valorem (type 7); else NULL.
CREATE OR REPLACE MACRO ace_special_text(program, indicator, code, ad_valorem) AS
    CASE WHEN indicator IN ('', '.') THEN NULL
         WHEN code = '0' THEN program || '=0'
         WHEN code = '7' AND TRY_CAST(ad_valorem AS DECIMAL(18, 8)) BETWEEN 0 AND 10
             THEN program || '=' || CAST(CAST(ad_valorem AS DECIMAL(18, 8)) * 100 AS DECIMAL(9, 4)) END;

-- CSV injection (OWASP): exports put an apostrophe before text that begins with = + - @ tab or CR, so
-- that Excel shows it as text; an upload of the same file takes the apostrophe off again.
CREATE OR REPLACE MACRO ace_plain_text(t) AS
    CASE WHEN regexp_matches(t, '^''[=+\-@\t\r]') THEN t[2:] ELSE t END;

-- Dates inside text for people (the plan's Why, Paths open): 2027-04-02 -> 04/02/2027, as the grids show dates.
CREATE OR REPLACE MACRO ace_us_dates(t) AS regexp_replace(t, '\b(\d{4})-(\d{2})-(\d{2})\b', '\2/\3/\1', 'g');
