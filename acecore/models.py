"""The documented shapes of acecore's data: the rows of the DuckDB tables and the reports on files.

The DuckDB tables (`sql/schema.sql`, `sql/merge_lines.sql`, `sql/entries.sql`) have exactly the
fields of `LineRow` and `EntryRow`; tests check that the two stay in step.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

Content = Literal["es003", "liquidation", "rates"]  # what an uploaded file holds


class LineRow(BaseModel):
    """One tariff row of an entry summary line after merging: key (entry, line, ordinal)."""

    entry_number: str = Field(description="11 characters, no dashes, upper case")
    line_number: int
    tariff_ordinal: int = Field(description="from the file, or the row's order within its line if absent")
    hts: str = Field(description="digits only: 10 for a commodity, 8 for a Chapter 99 number")
    goods_value: Decimal | None
    duty: Decimal | None
    entry_type: str | None
    importer_number: str | None
    importer_name: str | None
    filer_name: str | None
    port_code: str | None
    entry_date: dt.date | None
    entry_summary_date: dt.date | None
    initial_create_date: dt.date | None
    importation_date: dt.date | None
    country_of_origin: str | None
    country_of_export: str | None
    line_spi: str | None
    quantity_1: Decimal | None = Field(description="Line Tariff Quantity (1), in uom_1")
    uom_1: str | None = Field(description="the unit of quantity code (KG, NO, DOZ, ...)")
    quantity_2: Decimal | None
    uom_2: str | None
    liquidation_date: dt.date | None
    liquidation_status: str | None
    problems: list[str] = Field(description="headers of the cells that could not be read")
    extra: str | None = Field(description="JSON object of the columns acecore does not use, by header")
    file_id: int
    source_file: str
    source_row: int


class EntryRow(BaseModel):
    """One entry summary, built from its lines (entry-level fields from the latest file)."""

    entry_number: str
    filer_code: str = Field(description="first 3 characters of the entry number (the broker)")
    check_digit_valid: bool
    entry_type: str | None
    importer_number: str | None
    importer_name: str | None
    port_code: str | None
    entry_date: dt.date | None
    entry_summary_date: dt.date | None
    liquidation_status: str | None
    liquidation_date: dt.date | None
    lines: int = Field(description="distinct entry summary line numbers")
    tariff_rows: int
    goods_value: Decimal
    total_duty: Decimal
    ieepa_duty: Decimal = Field(description="recoverable: duty on IEEPA headings that carry duty")
    section301_duty: Decimal
    section232_duty: Decimal
    section122_duty: Decimal
    unknown_ch99_duty: Decimal = Field(description="9903 headings the catalogue does not know: never IEEPA")
    ieepa_exception_duty: Decimal = Field(description="duty reported on IEEPA exception headings: shown, not counted")
    other_duty: Decimal = Field(description="ordinary duty, Chapter 98, other Chapter 99")
    ieepa_rows: int = Field(description="tariff rows under IEEPA headings, exceptions included")
    ieepa_checks_failed: int = Field(description="IEEPA rows whose rate or period check did not pass")
    rows_with_problems: int


class TariffClass(BaseModel):
    """How one merged tariff row is classified against the Chapter 99 catalogue (classify.sql)."""

    entry_number: str
    line_number: int
    tariff_ordinal: int
    hts: str
    heading: str | None = Field(description="9903.01.24 form, for Chapter 99 numbers")
    authority: str = Field(
        description="IEEPA, Section 301/232/201/122, unknown/other Chapter 99, Chapter 98, ordinary duty"
    )
    program: str
    carries_duty: bool
    country_of_origin: str | None
    duty: Decimal | None
    recoverable_duty: Decimal
    mfn_rate_pct: Decimal | None = Field(description="top-up headings: the ad valorem part of the MFN rate netted out")
    mfn_duty: Decimal | None = Field(description="top-up headings: the column 1 duty CAPE puts back on the line")
    recoverable_basis: str | None = Field(description="top-up headings: how the recoverable amount was found")
    rate_pct: Decimal | None
    line_value: Decimal | None = Field(description="goods value of the line's commodity rows")
    expected_duty: Decimal | None
    rate_check: str | None
    period_check: str | None
    source: str | None
    sureness: str | None = Field(description="how sure the heading's facts are, in words; empty when confirmed")
    measure_date: dt.date | None = Field(description="IEEPA headings: signing of the executive order behind it")
    catalogue_row: int | None = Field(description="the row of data/chapter99.csv the heading matched")
    period_from: dt.date | None = Field(description="the first day of that row's period (headings.csv joins on it)")


class RowIssue(BaseModel):
    row: int | None = Field(description="1-based row in the file or sheet")
    column: str | None = Field(description="header of the cell, as in the file")
    message: str


class FileReport(BaseModel):
    """What happened to one uploaded file."""

    file_id: int
    name: str
    status: Literal["ok", "error"]
    kind: str | None = None
    content: Content | None = Field(
        None,
        description="an ES-003 export, a liquidation list (entry number + liquidation date/status), or MFN "
        "rates (the USITC tariff database)",
    )
    sheet: str | None = None
    header_row: int | None = None
    rows_read: int = Field(0, description="data rows under the header, blank rows excluded")
    rows_kept: int = Field(0, description="rows loaded (some may carry flagged cells)")
    rows_skipped: int = Field(0, description="rows without an entry summary number, e.g. totals")
    rows_rejected: int = Field(0, description="rows that could not be loaded (malformed, no line or HTS)")
    rows_flagged: int = Field(0, description="rows loaded with a cell that could not be read")
    entries: int = 0
    first_summary_date: dt.date | None = None
    last_summary_date: dt.date | None = None
    columns_matched: dict[str, str] = Field(default_factory=dict, description="canonical name -> header")
    columns_extra: list[str] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list, description="why the file was not loaded: one plain line each")
    warnings: list[str] = Field(default_factory=list, description="about a file that loaded: one plain line each")
    issues: list[RowIssue] = Field(default_factory=list, description="first row-level problems")
    awaiting_use: bool = Field(
        False, description="a rate table that would change the figures, checked and held until the user says to use it"
    )


class Conflict(BaseModel):
    """The same (entry, line, ordinal) with different contents in two places; the later one is kept."""

    entry_number: str
    line_number: int
    tariff_ordinal: int
    kept_file: str
    kept_row: int
    dropped_file: str
    dropped_row: int
    differing: list[str]
