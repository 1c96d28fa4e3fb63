-- lines.csv of `python -m acecore analyze`: the contract columns first, then where each row came from.
SELECT entry_number, line_number, tariff_ordinal, hts, goods_value, duty, source_file, source_row,
       country_of_origin, problems
FROM lines
ORDER BY entry_number, line_number, tariff_ordinal;
