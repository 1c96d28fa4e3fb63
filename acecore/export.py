"""Write query results as CSV and JSON: ISO dates, money with two decimals, no symbols."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

FORMULA_START = pa.array(["=", "+", "-", "@", "\t", "\r"])


def neutralise(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text that Excel would run as a formula gets a leading apostrophe (OWASP CSV injection).
    Only text columns: amounts stay numbers, so "-12.50" remains a negative amount."""
    risky = pc.fill_null(pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=FORMULA_START), False)
    if not pc.any(risky).as_py():
        return column
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def csv_bytes(table: pa.Table) -> bytes:
    """CSV with a plain header, safe to open in Excel; list columns become ';'-joined text.
    Decimals keep their scale, dates are ISO."""
    out = io.BytesIO()
    write_csv(table, out)
    return out.getvalue()


def write_csv(table: pa.Table, sink: pa.NativeFile | io.BytesIO) -> None:
    """The CSV of `csv_bytes`, written to a file or buffer (written to a file, pyarrow formats and writes
    it without the interpreter: in a thread beside other work, and never all in memory at once)."""
    columns = []
    for column in table.columns:
        if pa.types.is_list(column.type):
            column = pc.binary_join(column, ";")
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = neutralise(column)
        columns.append(column)
    table = pa.table(columns, names=table.column_names)
    sink.write((",".join(table.column_names) + "\r\n").encode("utf-8"))
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, quoting_style="needed", eol=b"\r\n"))


def money(value: Decimal | None) -> str:
    """An amount as files carry it: two decimals, no symbol."""
    return f"{(value or Decimal(0)):.2f}"


def dollars(value: Decimal | None) -> str:
    """An amount as people read it: $1,234.50, and -$1,234.50 below zero."""
    amount = value or Decimal(0)
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def long_date(day: dt.date) -> str:
    """A date as people read it: December 2, 2026."""
    return f"{day:%B} {day.day}, {day.year}"


def json_bytes(data: object) -> bytes:
    return (json.dumps(data, indent=2, default=str) + "\n").encode("utf-8")
