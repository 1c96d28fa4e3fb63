-- Tables of one analysis (one DuckDB connection per user session). Fields match acecore.models.
CREATE TABLE files (
    file_id     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    status      VARCHAR NOT NULL           -- ok | error
);

-- Every loaded row of every file, typed; merged into `lines` by merge_lines.sql.
CREATE TABLE raw_lines (
    entry_number        VARCHAR NOT NULL,
    line_number         INTEGER NOT NULL,
    tariff_ordinal      INTEGER NOT NULL,
    hts                 VARCHAR NOT NULL,
    goods_value         DECIMAL(18, 2),
    duty                DECIMAL(18, 2),
    entry_type          VARCHAR,
    importer_number     VARCHAR,
    importer_name       VARCHAR,
    filer_name          VARCHAR,
    port_code           VARCHAR,
    entry_date          DATE,
    entry_summary_date  DATE,
    initial_create_date DATE,
    importation_date    DATE,
    country_of_origin   VARCHAR,
    country_of_export   VARCHAR,
    line_spi            VARCHAR,
    liquidation_date    DATE,
    liquidation_status  VARCHAR,
    problems            VARCHAR[] NOT NULL, -- canonical names of cells that could not be read
    extra               VARCHAR,            -- JSON object: the file's other columns, by header
    file_id             INTEGER NOT NULL,
    source_file         VARCHAR NOT NULL,
    source_row          INTEGER NOT NULL,
    content             UBIGINT NOT NULL    -- hash of the typed values: equal rows are the same row
);
