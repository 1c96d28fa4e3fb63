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

-- Liquidation facts from files that carry entry numbers with liquidation date or status but no tariff
-- rows (an ES-701 courtesy notice of liquidation export, a broker's liquidation list). They outrank
-- the ES-003's own liquidation columns (routes: entry_status.sql).
CREATE TABLE liquidations (
    entry_number        VARCHAR NOT NULL,
    liquidation_date    DATE,
    liquidation_status  VARCHAR,
    problems            VARCHAR[] NOT NULL,
    file_id             INTEGER NOT NULL,
    source_file         VARCHAR NOT NULL,
    source_row          INTEGER NOT NULL
);

-- The user's working columns of the entry tracker (tracker.py), matched by entry number. An upload
-- of a tracker replaces the previous one.
CREATE TABLE tracker (
    entry_number     VARCHAR PRIMARY KEY,
    action_status    VARCHAR NOT NULL,        -- not started | prepared | filed | accepted | rejected | refunded
    filed_date       DATE,
    reference        VARCHAR,                 -- PSC, CAPE declaration or protest number
    refund_amount    DECIMAL(18, 2),
    refund_date      DATE,
    interest_amount  DECIMAL(18, 2),
    notes            VARCHAR,
    source_file      VARCHAR NOT NULL,
    source_row       INTEGER NOT NULL
);
