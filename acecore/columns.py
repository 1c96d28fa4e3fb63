"""The ES-003 columns acecore understands, with the header spellings seen in real exports.

Source: ../shared/domain/es003-format.md, sections 1a and 1b (default column set, added
columns, and the fallback names other parsers accept). Headers are matched by `header_key`,
so case, spaces and punctuation never matter ("HTS Number - Full" == "hts number (full)").
Columns not listed here are kept as extra data, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["entry", "code", "text", "int", "date", "money", "hts", "quantity"]


@dataclass(frozen=True)
class Column:
    name: str  # canonical column name in DuckDB and in the CSV outputs
    header: str  # the header as ACE spells it
    kind: Kind
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "entry_number",
        "Entry Summary Number",
        "entry",
        ("Entry Number", "Entry Summary No", "Entry No", "Entry Summary Nbr"),
        required=True,
    ),
    Column("entry_type", "Entry Type Code", "code", ("Entry Type",)),
    Column("importer_number", "Importer Number", "code", ("Importer of Record Number", "IOR Number")),
    Column("importer_name", "Importer Name", "text"),
    Column("filer_name", "Filer Name", "text"),
    Column("port_code", "Port of Entry Code", "code", ("Port Code", "Port of Entry", "Entry Port Code")),
    Column("entry_date", "Entry Date", "date"),
    Column("entry_summary_date", "Entry Summary Date", "date"),
    Column("initial_create_date", "Initial Entry Summary Create Date", "date", ("Initial Create Date",)),
    Column("importation_date", "Importation Date", "date"),
    Column(
        "line_number",
        "Entry Summary Line Number",
        "int",
        ("Line Number", "Entry Line Number", "Line No"),
        required=True,
    ),
    Column("country_of_origin", "Country of Origin Code", "code", ("Country of Origin",)),
    Column("country_of_export", "Country of Export Code", "code", ("Country of Export",)),
    Column("line_spi", "Line SPI Code", "code", ("Line SPI",)),
    Column("tariff_ordinal", "Tariff Ordinal Number", "int", ("Tariff Ordinal", "Line Tariff Ordinal Number")),
    Column(
        "hts",
        "HTS Number - Full",
        "hts",
        ("HTS Number (Full)", "HTS Number", "HTS", "HTS Code", "HTSUS Number", "Tariff Number"),
        required=True,
    ),
    Column(
        "goods_value",
        "Line Tariff Goods Value Amount",
        "money",
        ("Line Goods Value Amount", "Goods Value Amount", "Entered Value"),
    ),
    Column(
        "duty",
        "Line Tariff Duty Amount",
        "money",
        ("Line Tariff Amount", "Line Duty Amount", "Duty Amount"),
        required=True,
    ),
    # The line's reported quantities: a specific MFN rate (per kg, per dozen, ...) applies to the quantity
    # in its unit (a top-up line's net refund, classify.sql).
    Column("quantity_1", "Line Tariff Quantity (1)", "quantity", ("Line Quantity (1)", "Quantity (1)", "Quantity 1")),
    Column("uom_1", "Line Tariff UOM (1) Code", "code", ("Line Tariff UOM (1)", "UOM (1) Code", "UOM 1")),
    Column("quantity_2", "Line Tariff Quantity (2)", "quantity", ("Line Quantity (2)", "Quantity (2)", "Quantity 2")),
    Column("uom_2", "Line Tariff UOM (2) Code", "code", ("Line Tariff UOM (2)", "UOM (2) Code", "UOM 2")),
    Column("liquidation_date", "Liquidation Date", "date"),
    Column("liquidation_status", "Liquidation Status", "text", ("Liquidation Status Code",)),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}


def header_key(header: object) -> str:
    """Lower-case letters and digits only: the form in which headers are compared."""
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


_KEY_TO_NAME: dict[str, str] = {header_key(spelling): c.name for c in COLUMNS for spelling in (c.header, *c.aliases)}
ENTRY_NUMBER_KEYS: frozenset[str] = frozenset(
    header_key(s) for s in (BY_NAME["entry_number"].header, *BY_NAME["entry_number"].aliases)
)


# The USITC annual tariff database (a user's copy of the MFN rates, rates_stage.sql): found by its own
# snake_case field names; the rest of its fields are optional (a special program's rate, dates).
RATE_TABLE_KEY = "hts8"
RATE_TABLE_REQUIRED = ("hts8", "mfn_text_rate", "mfn_rate_type_code", "mfn_ad_val_rate")
RATE_TABLE_FIELDS = (
    *RATE_TABLE_REQUIRED,
    "mfn_specific_rate",
    "mfn_other_rate",
    "quantity_1_code",
    "quantity_2_code",
    "begin_effect_date",
    "end_effective_date",
    "korea_indicator",
    "korea_rate_type_code",
    "korea_ad_val_rate",
    "japan_indicator",
    "japan_rate_type_code",
    "japan_ad_val_rate",
    "civil_air_indicator",
)


def is_rate_table(headers: list[str]) -> bool:
    names = {str(h).strip().lower() for h in headers}
    return set(RATE_TABLE_REQUIRED) <= names


def match_headers(headers: list[str]) -> dict[int, str]:
    """Map header positions to canonical names; the first occurrence of a column wins."""
    mapping: dict[int, str] = {}
    for position, header in enumerate(headers):
        name = _KEY_TO_NAME.get(header_key(header))
        if name is not None and name not in mapping.values():
            mapping[position] = name
    return mapping


def missing_required(mapped: dict[int, str]) -> list[Column]:
    present = set(mapped.values())
    return [c for c in COLUMNS if c.required and c.name not in present]
