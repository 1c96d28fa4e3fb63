-- Tables of one analysis (one DuckDB connection per user session). Fields match acecore.models.
-- IF NOT EXISTS: a workspace file saved before a table was added gets it when opened (stores.FileStore).
CREATE TABLE IF NOT EXISTS files (
    file_id     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    status      VARCHAR NOT NULL           -- ok | error
);

-- Every loaded row of every file, typed; merged into `lines` by merge_lines.sql.
CREATE TABLE IF NOT EXISTS raw_lines (
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
    quantity_1          DECIMAL(15, 3),
    uom_1               VARCHAR,
    quantity_2          DECIMAL(15, 3),
    uom_2               VARCHAR,
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
CREATE TABLE IF NOT EXISTS liquidations (
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
CREATE TABLE IF NOT EXISTS tracker (
    entry_number     VARCHAR PRIMARY KEY,
    action_status    VARCHAR NOT NULL,        -- not started | prepared | filed | accepted | rejected | refunded
    filed_date       DATE,
    reference        VARCHAR,                 -- PSC, CAPE declaration or protest number
    refund_amount    DECIMAL(18, 2),
    refund_date      DATE,
    interest_amount  DECIMAL(18, 2),
    notes            VARCHAR,
    source_file      VARCHAR NOT NULL,
    source_row       INTEGER NOT NULL,
    offset_amount    DECIMAL(18, 2),          -- of the refund, diverted to a debt (19 CFR 24.72; REV-603)
    paid_to          VARCHAR,                 -- importer | 4811 party | broker (empty: the importer)
    ach_status       VARCHAR,                 -- paid | rejected (REV-613)
    contested_status VARCHAR                  -- of a contested duty: not started | protest filed | suit filed | not pursued
);

-- Column 1 (MFN) rates from a user's upload of the USITC annual tariff database (rates_stage.sql): the
-- same fields as the shipped table (install_data.sql, mfn_rates), and they outrank it.
CREATE TABLE IF NOT EXISTS rates (
    hts             VARCHAR NOT NULL,
    first_day       DATE,
    last_day        DATE,
    general         VARCHAR,
    ad_valorem_pct  DECIMAL(9, 4),             -- NULL: a rate the database says to compute from the HTS
    specific        DECIMAL(12, 6),            -- dollars per specific_unit
    specific_unit   VARCHAR,
    other           DECIMAL(12, 6),
    other_unit      VARCHAR,
    special         VARCHAR NOT NULL,          -- program=ad valorem percent, ';'-joined: KR=0;JP=3.4
    source          VARCHAR NOT NULL,
    file_id         INTEGER NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_row      INTEGER NOT NULL
);
