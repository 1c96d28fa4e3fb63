-- What the filters can choose from: every importer, filer code, port and IEEPA program in the data;
-- built once per change of the data or filters (Analysis.query_setup), read by every page run's sidebar.
CREATE OR REPLACE TEMP TABLE filter_choices AS
SELECT 'importer' AS kind, importer_number AS value, any_value(importer_name) AS label
FROM entries WHERE importer_number IS NOT NULL GROUP BY importer_number
UNION ALL SELECT DISTINCT 'filer', filer_code, NULL FROM entries
UNION ALL SELECT DISTINCT 'port', port_code, NULL FROM entries WHERE port_code IS NOT NULL
UNION ALL SELECT DISTINCT 'program', program, NULL FROM tariff_classes WHERE authority = 'IEEPA';
