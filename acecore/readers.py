"""Read an uploaded file (name and bytes) into a table of text cells, one per sheet cell.

Everything is read as text here; typing (money, dates, codes) happens in SQL
(`sql/macros.sql`), in bulk. The format facts come from ../shared/domain/es003-format.md,
section 2 and the parser checklist in section 6.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import python_calamine

from acecore.columns import ENTRY_NUMBER_KEYS, header_key

HEADER_SCAN_ROWS = 20
DELIMITERS = (",", ";", "\t", "|")
MAX_ROW_ERRORS = 50
NOT_ES003 = "this does not look like an ES-003 Entry Summary Line Tariff Details export"


class ReadError(Exception):
    """A file that cannot be read at all; the message is one plain line for the user."""


@dataclass
class RawSheet:
    """A file's data rows as text columns named c0..cN, with the header and where it was found."""

    kind: str  # "csv", "xlsx" or "xls"
    sheet: str | None
    header_row: int  # 1-based row of the header in the file or sheet
    headers: list[str]
    table: pa.Table  # all string columns c0..cN, plus "_row": the 1-based source row number
    row_errors: list[tuple[int | None, str]] = field(default_factory=list)
    malformed_rows: int = 0


def read_file(name: str, data: bytes, multiline: bool = False) -> RawSheet:
    """Read a CSV or Excel export; the content decides the format, not the file name. `multiline`
    allows line breaks inside quoted CSV cells (tracker notes); row numbers then count records."""
    if not data or not data.strip():
        raise ReadError("the file is empty")
    if data[:4] == b"PK\x03\x04":
        return _read_workbook(data, "xlsx")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _read_workbook(data, "xls")
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ReadError("the file is named like an Excel workbook but is not one (damaged or renamed?)")
    return _read_csv(data, multiline)


def _find_header(rows: list[list[str]]) -> int:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(header_key(cell) in ENTRY_NUMBER_KEYS for cell in row):
            return index
    raise ReadError(f"no 'Entry Summary Number' header in the first {HEADER_SCAN_ROWS} rows: {NOT_ES003}")


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for position, header in enumerate(headers):
        text = str(header).strip() or f"Column {position + 1}"
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


# --- CSV ---------------------------------------------------------------------------------


def _utf8(data: bytes) -> bytes:
    """The text as UTF-8 bytes: UTF-8 passes through (pyarrow validates it), a BOM is dropped,
    UTF-16 is transcoded (es003-format.md section 2)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").encode("utf-8")
    if b"\x00" in data[:65536]:
        raise ReadError("the file is binary, not a CSV or Excel export")
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _sniff(head_lines: list[str]) -> tuple[str, int, list[str]]:
    """Pick the delimiter and header line: the first line that holds an entry-number header."""
    for delimiter in DELIMITERS:
        rows = list(csv.reader(head_lines, delimiter=delimiter))
        try:
            index = _find_header(rows)
        except ReadError:
            continue
        return delimiter, index, rows[index]
    raise ReadError(f"no 'Entry Summary Number' header in the first {HEADER_SCAN_ROWS} rows: {NOT_ES003}")


def _parse(body: bytes, header_index: int, names: list[str], delimiter: str, use_threads: bool,
           multiline: bool) -> tuple[pa.Table, list[tuple[int | None, str]]]:
    bad: list[tuple[int | None, str]] = []

    def on_bad_row(row: pacsv.InvalidRow) -> str:
        bad.append((row.number, f"{row.actual_columns} fields where the header has {row.expected_columns}"))
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=names, use_threads=use_threads,
                                           block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                             newlines_in_values=multiline, invalid_row_handler=on_bad_row),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error) or "UTF-8" in str(error):
            raise UnicodeError(str(error)) from None
        raise ReadError(f"the CSV cannot be parsed: {str(error).splitlines()[0]}") from None
    return table, bad


def _read_csv(data: bytes, multiline: bool) -> RawSheet:
    body = _utf8(data)
    head_lines = body[:200_000].decode("utf-8", errors="replace").splitlines()[:HEADER_SCAN_ROWS]
    delimiter, header_index, headers = _sniff(head_lines)
    # Some exporters end every data row with a delimiter the header lacks: widen to fit.
    widest = max((len(r) for r in csv.reader(head_lines[header_index + 1:], delimiter=delimiter)), default=0)
    headers = _unique_headers(headers + [""] * max(0, widest - len(headers)))
    names = [f"c{i}" for i in range(len(headers))]
    try:
        table, bad = _parse(body, header_index, names, delimiter, True, multiline)
    except UnicodeError:  # not UTF-8: Windows-1252 is what Excel and WebI write on Windows
        body = body.decode("cp1252", errors="replace").encode("utf-8")
        table, bad = _parse(body, header_index, names, delimiter, True, multiline)
    if bad:  # only a single-threaded parse numbers the malformed rows: parse again to name them
        table, bad = _parse(body, header_index, names, delimiter, False, multiline)

    # pyarrow numbers the rows it skipped with their line in the file; every other line is a row.
    first = header_index + 2
    skipped = np.array(sorted(n for n, _ in bad if n is not None), dtype=np.int64)
    lines = np.arange(first, first + table.num_rows + len(skipped), dtype=np.int64)
    rows = lines[~np.isin(lines, skipped)] if len(skipped) else lines
    table = table.append_column("_row", pa.array(rows))
    return RawSheet("csv", None, header_index + 1, headers, table, bad[:MAX_ROW_ERRORS], len(bad))


# --- Excel -------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell as the text ACE would have written: integral numbers without '.0', dates ISO."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return "" if value is None else str(value)


def _pick_sheet(workbook: python_calamine.CalamineWorkbook) -> tuple[str, list[list[object]], int]:
    """The sheet named like "Main Report", else the first sheet with the header near its top."""
    names = workbook.sheet_names
    ordered = sorted(names, key=lambda n: "mainreport" not in header_key(n))  # stable: Main Report first
    for name in ordered:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        head = [[_cell_text(v) for v in row] for row in rows[:HEADER_SCAN_ROWS]]
        try:
            return name, rows, _find_header(head)
        except ReadError:
            continue
    sheets = ", ".join(f"'{n}'" for n in names)
    raise ReadError(f"no sheet ({sheets}) has an 'Entry Summary Number' header in its first {HEADER_SCAN_ROWS} rows: "
                    f"{NOT_ES003}")


def _read_workbook(data: bytes, kind: str) -> RawSheet:
    try:
        workbook = python_calamine.load_workbook(io.BytesIO(data))
        sheet, rows, header_index = _pick_sheet(workbook)
    except ReadError:
        raise
    except Exception as error:  # calamine raises several types for damaged workbooks
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ReadError(f"the Excel workbook cannot be opened ({detail})") from None
    headers = _unique_headers([_cell_text(v) for v in rows[header_index]])
    body = rows[header_index + 1:]
    width = len(headers)
    columns = list(zip(*body, strict=True)) if body else [()] * width
    arrays = {f"c{i}": pa.array([_cell_text(v) for v in columns[i]] if i < len(columns) else [], pa.string())
              for i in range(width)}
    arrays["_row"] = pa.array(np.arange(header_index + 2, header_index + 2 + len(body), dtype=np.int64))
    return RawSheet(kind, sheet, header_index + 1, headers, pa.table(arrays))
