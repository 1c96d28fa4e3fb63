"""Read an uploaded file (name and bytes) into a table of text cells, one per sheet cell.

Everything is read as text here; typing (money, dates, codes) happens in SQL
(`sql/macros.sql`), in bulk. The format facts come from ../shared/domain/es003-format.md,
section 2 and the parser checklist in section 6.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import python_calamine

from acecore.columns import ENTRY_NUMBER_KEYS, RATE_TABLE_KEY, header_key

HEADER_SCAN_ROWS = 20
DELIMITERS = (",", ";", "\t", "|")
MAX_ROW_ERRORS = 50
# Rows whose field count is not the header's cost some 12 us each in the parser's slow path (counted,
# then numbered in a second parse): past this many the file is refused, before it can hold one of the
# host's reader slots for minutes (a 7 MB file of them took 6 s). No export that loads has this many.
MAX_MALFORMED_ROWS = 100_000
NOT_ES003 = "this does not look like an ES-003 Entry Summary Line Tariff Details export"

# Bounds on what one upload may be, checked before anything large is allocated. An ES-003 export has
# some 30 to 60 columns and rows of well under 2 KB; Excel itself stops at 32,767 characters a cell.
MAX_COLUMNS = 512
MAX_LINE_BYTES = 1 << 20
MAX_CELL_CHARS = 32_767
MAX_SHEET_CELLS = 60_000_000  # about 1.2 million rows of 50 columns
MAX_UNPACKED_BYTES = 2 << 30  # what the parts of an .xlsx may unpack to, together
MAX_PACK_RATIO = 100  # an .xlsx part larger than 10 MB may unpack to at most this times its packed size
csv.field_size_limit(MAX_LINE_BYTES)
# Characters that frame a cell without being part of it, in any order: Unicode white space (the
# White_Space property, no-break space too), and the zero-width ones and a stray byte-order mark.
_FRAMING = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)
# ACE Portal CSVs write ="60576069342" so that Excel keeps codes as text.
_EXCEL_TEXT = r'^="([^"]*)"$'


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
    warnings: list[str] = field(default_factory=list)  # about the whole file, one plain line each


def read_file(name: str, data: bytes | bytearray, multiline: bool = False) -> RawSheet:
    """Read a CSV or Excel export; the content decides the format, not the file name. `multiline`
    allows line breaks inside quoted CSV cells (tracker notes); row numbers then count records. A
    bytearray is emptied once its CSV rows are parsed: the reader child hands its copy over so, and
    cleaning the cells then works without it (for 1.5M rows, 212 MB)."""
    if not data or data.isspace():
        raise ReadError("the file is empty")
    if (kind := workbook_kind(data)) is not None:
        sheet = _read_workbook(data, kind)
    elif name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ReadError("the file is named like an Excel workbook but is not one (damaged or renamed?)")
    else:
        return _read_csv(data, multiline)
    return _cleaned(sheet)


def workbook_kind(data: bytes | bytearray) -> str | None:
    """ "xlsx" (a zip) or "xls" (an OLE file) by the file's first bytes, whatever its name; None for text."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return None


def _cleaned(sheet: RawSheet, long_cells: bool = True, ascii_only: bool = False, wrapped: bool = True) -> RawSheet:
    """Every cell without the white space, zero-width characters and ="..." text wrapper around it (the
    SQL parsers take cells so, and trim nothing again); a cell longer than Excel allows refuses the file
    (nothing an export writes is that long). What a CSV's bytes show as a whole spares a pass over every
    column: no cell can be that long (`long_cells` false), no cell holds Unicode space or zero-width
    characters (`ascii_only`), no cell is wrapped (`wrapped` false: no '=' anywhere). Two columns are
    cleaned at a time (Arrow's kernels let go of the interpreter)."""
    names, rows = sheet.table.column_names, sheet.table.column("_row")
    waiting: list[pa.ChunkedArray | None] = [sheet.table.column(name) for name in names]
    sheet.table = pa.table({})  # each column's text goes as soon as its cleaned copy is made

    def clean(position: int) -> pa.ChunkedArray:
        column = waiting[position]
        waiting[position] = None
        if names[position] == "_row":
            return column
        ascii = ascii_only or pc.all(pc.string_is_ascii(column)).as_py() is not False  # no Unicode space, no zero-width
        column = _trimmed(column, ascii)
        if wrapped and pc.any(pc.starts_with(column, '="')).as_py():
            column = _trimmed(pc.replace_substring_regex(column, _EXCEL_TEXT, r"\1"), ascii)  # =" 12 " is 12
        if long_cells and (pc.max(pc.binary_length(column)).as_py() or 0) > MAX_CELL_CHARS:
            _refuse_long_cell(sheet, rows, names[position], column)  # more bytes than the limit: maybe too long
        return column

    with ThreadPoolExecutor(2) as pool:
        sheet.table = pa.table(dict(zip(names, pool.map(clean, range(len(names))), strict=True)))
    return sheet


def _framed(column: pa.ChunkedArray) -> bool:
    """Whether some cell of an ASCII column may begin or end with white space: its first or last byte is
    one (or another control character). A look at two bytes of each cell, where trimming copies every
    cell (for 1.5M rows, 0.01 s a column instead of 0.03-0.05 s)."""
    if column.type != pa.string():
        return True
    for chunk in column.chunks:
        if chunk.null_count:
            return True  # a null's offsets may point anywhere: trim
        _, offsets_buffer, data_buffer = chunk.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=len(chunk) + 1, offset=chunk.offset * 4)
        data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.empty(0, np.uint8)
        starts, ends = offsets[:-1], offsets[1:]
        filled = ends > starts
        if (data[starts[filled]] <= 32).any() or (data[ends[filled] - 1] <= 32).any():
            return True
    return False


def _trimmed(column: pa.ChunkedArray, ascii: bool) -> pa.ChunkedArray:
    """The column without the framing characters around its cells; an ASCII column none of whose cells is
    framed comes back as it is (no copy)."""
    if not ascii:
        return pc.utf8_trim(column, _FRAMING)
    return pc.ascii_trim_whitespace(column) if _framed(column) else column


def _refuse_long_cell(sheet: RawSheet, rows: pa.ChunkedArray, name: str, column: pa.ChunkedArray) -> None:
    lengths = pc.utf8_length(column)
    too_long = pc.indices_nonzero(pc.greater(lengths, MAX_CELL_CHARS))
    if len(too_long):
        first = too_long[0].as_py()
        raise ReadError(
            f"row {rows[first].as_py()}, column '{sheet.headers[int(name[1:])]}': a cell of {lengths[first]} "
            f"characters, more than the {MAX_CELL_CHARS:,} a spreadsheet cell can hold"
        )


def _find_header(rows: list[list[str]]) -> int:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(header_key(cell) in ENTRY_NUMBER_KEYS or header_key(cell) == RATE_TABLE_KEY for cell in row):
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


def _utf8(data: bytes | bytearray, warnings: list[str]) -> bytes | bytearray:
    """The text as UTF-8 bytes: UTF-8 passes through (pyarrow validates it), a BOM is dropped,
    UTF-16 is transcoded (es003-format.md section 2). NUL bytes past the start are taken out, and said."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            warnings.append(
                f"the UTF-16 text is damaged or cut short at byte {error.start:,}: what could not be "
                "read shows as \ufffd"
            )
            return data.decode("utf-16", errors="replace").encode("utf-8")
    if b"\x00" in data[:65536]:
        raise ReadError("the file is binary, not a CSV or Excel export")
    if b"\x00" in data:
        first, count = data[: data.index(b"\x00")].count(b"\n") + 1, data.count(b"\x00")
        warnings.append(
            f"{count:,} NUL bytes (from line {first:,} on) were taken out: check those rows against the export"
        )
        data = data.replace(b"\x00", b"")
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _lines_within(body: bytes, bound: int) -> bool:
    """No line is longer than `bound` bytes, or one may be: a line longer than it covers a whole block of
    half its size that holds no line end, so looking at the blocks suffices."""
    half = bound // 2
    return all(body.find(b"\n", start, start + half) >= 0 for start in range(0, len(body) - half + 1, half))


def _check_line_lengths(body: bytes) -> None:
    """Refuse a line no export writes before the parser allocates for it."""
    if _lines_within(body, MAX_LINE_BYTES):
        return
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == 10)
    lengths = np.diff(np.concatenate(([-1], ends, [len(body)])))
    longest = int(lengths.argmax())
    if lengths[longest] > MAX_LINE_BYTES:
        raise ReadError(
            f"line {longest + 1:,} is {int(lengths[longest]):,} bytes long; no export line is longer "
            f"than {MAX_LINE_BYTES:,}: not an ES-003 export, or a damaged one"
        )


def _mixed_to_utf8(body: bytes, warnings: list[str]) -> bytes:
    """Lines that are not UTF-8 are read as Windows-1252 (what Excel writes on Windows), one line at a
    time, so that one stray byte never turns the rest of the file into mojibake; a file that mixes
    both is said to."""
    lines = body.split(b"\n")
    utf8_lines, cp1252_lines = 0, []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            lines[index] = line.decode("cp1252", errors="replace").encode("utf-8")
            cp1252_lines.append(index + 1)
    if utf8_lines and cp1252_lines:
        more = f" and {len(cp1252_lines) - 1:,} more" if len(cp1252_lines) > 1 else ""
        warnings.append(
            f"line {cp1252_lines[0]:,}{more} are not UTF-8 like the rest of the file; read as "
            "Windows-1252: check the names on those lines"
        )
    return b"\n".join(lines)


def _sniff(head_lines: list[str]) -> tuple[str, int, list[str]]:
    """Pick the delimiter and header line: the first line that holds an entry-number header (or the
    hts8 field of the USITC tariff database)."""
    for delimiter in DELIMITERS:
        rows = list(csv.reader(head_lines, delimiter=delimiter))
        try:
            index = _find_header(rows)
        except ReadError:
            continue
        return delimiter, index, rows[index]
    raise ReadError(f"no 'Entry Summary Number' header in the first {HEADER_SCAN_ROWS} rows: {NOT_ES003}")


def _parse(
    body: bytes, header_index: int, names: list[str], delimiter: str, use_threads: bool, multiline: bool
) -> tuple[pa.Table, list[tuple[int | None, str]]]:
    bad: list[tuple[int | None, str]] = []

    def on_bad_row(row: pacsv.InvalidRow) -> str:
        if len(bad) == MAX_MALFORMED_ROWS:
            return "error"  # pyarrow stops the parse: refused below
        bad.append((row.number, f"{row.actual_columns} fields where the header has {row.expected_columns}"))
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),  # the bytes themselves, not a copy
            read_options=pacsv.ReadOptions(
                skip_rows=header_index + 1, column_names=names, use_threads=use_threads, block_size=16 << 20
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                ignore_empty_lines=False,
                newlines_in_values=multiline,
                invalid_row_handler=on_bad_row,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as error:
        if len(bad) == MAX_MALFORMED_ROWS:
            raise ReadError(
                f"more than {MAX_MALFORMED_ROWS:,} rows do not have the header's {len(names)} fields: a wrong "
                "delimiter, or a damaged export; nothing was loaded from it"
            ) from None
        if "UTF8" in str(error) or "UTF-8" in str(error):
            raise UnicodeError(str(error)) from None
        raise ReadError(f"the CSV cannot be parsed: {str(error).splitlines()[0]}") from None
    return table, bad


def _width(headers: list[str], rows: list[list[str]]) -> int:
    """The number of columns. Some exporters end every data row with a delimiter the header lacks:
    widen to the width most of the first rows share, never to one odd row's (an unquoted comma)."""
    common = Counter(len(r) for r in rows).most_common(1)
    width = max(len(headers), common[0][0] if common else 0)
    if width > MAX_COLUMNS:
        raise ReadError(f"the header has {width:,} columns; an ES-003 export has well under {MAX_COLUMNS}: {NOT_ES003}")
    return width


def _read_csv(data: bytes | bytearray, multiline: bool) -> RawSheet:
    warnings: list[str] = []
    body = _utf8(data, warnings)
    _check_line_lengths(body)
    head_lines = body[:200_000].decode("utf-8", errors="replace").splitlines()[:HEADER_SCAN_ROWS]
    delimiter, header_index, headers = _sniff(head_lines)
    width = _width(headers, list(csv.reader(head_lines[header_index + 1 :], delimiter=delimiter)))
    headers = _unique_headers(headers + [""] * (width - len(headers)))
    names = [f"c{i}" for i in range(len(headers))]
    try:
        table, bad = _parse(body, header_index, names, delimiter, True, multiline)
    except UnicodeError:  # some lines are not UTF-8
        body = _mixed_to_utf8(body, warnings)
        table, bad = _parse(body, header_index, names, delimiter, True, multiline)
    if bad:  # only a single-threaded parse numbers the malformed rows: parse again to name them
        table, bad = _parse(body, header_index, names, delimiter, False, multiline)

    # pyarrow numbers the rows it skipped with their line in the file; every other line is a row.
    first = header_index + 2
    skipped = np.array(sorted(n for n, _ in bad if n is not None), dtype=np.int64)
    lines = np.arange(first, first + table.num_rows + len(skipped), dtype=np.int64)
    rows = lines[~np.isin(lines, skipped)] if len(skipped) else lines
    table = table.append_column("_row", pa.array(rows))
    sheet = RawSheet("csv", None, header_index + 1, headers, table, bad[:MAX_ROW_ERRORS], len(bad), warnings)
    # without line breaks in cells, a cell is no longer than its line
    long_cells = multiline or not _lines_within(body, MAX_CELL_CHARS)
    ascii_only, wrapped = body.isascii(), b"=" in body  # each a fast scan of the bytes
    for text in (data, body):
        if isinstance(text, bytearray):
            _let_go(text)
    return _cleaned(sheet, long_cells, ascii_only, wrapped)


def _let_go(text: bytearray) -> None:
    """Empty a bytearray the parser has read. Its view of the bytes is let go by one of pyarrow's threads,
    which needs the GIL: a moment after the parse returns, at times. Past a second it is left to the
    caller (the memory only)."""
    for _ in range(100):
        try:
            text.clear()
            return
        except BufferError:
            time.sleep(0.01)  # lets the GIL go to that thread


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


def _pick_sheet(workbook: python_calamine.CalamineWorkbook) -> tuple[str, list[list[Any]], int]:
    """The sheet named like "Main Report", else the first sheet with the header near its top."""
    names = workbook.sheet_names
    ordered = sorted(names, key=lambda n: "mainreport" not in header_key(n))  # stable: Main Report first
    for name in ordered:
        sheet = workbook.get_sheet_by_name(name)
        head = [[_cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)]
        try:
            header_index = _find_header(head)
        except ReadError:
            continue
        return name, sheet.to_python(skip_empty_area=False), header_index
    sheets = ", ".join(f"'{n}'" for n in names)
    raise ReadError(
        f"no sheet ({sheets}) has an 'Entry Summary Number' header in its first {HEADER_SCAN_ROWS} rows: {NOT_ES003}"
    )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_xlsx(data: bytes) -> None:
    """Refuse a workbook that would unpack or spread far beyond any export, from the zip directory and
    each sheet's declared dimension, before a reader builds anything (a reader sizes its grid by the
    farthest cell: one cell at XFD1048576 asks for half a terabyte)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # the reader says what is wrong with it
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(
            f"the workbook unpacks to {unpacked / 1e6:,.0f} MB; the most this tool reads is "
            f"{MAX_UNPACKED_BYTES / 1e6:,.0f} MB: split the export by date range"
        )
    for part in parts:
        if part.file_size > 10_000_000 and part.file_size > MAX_PACK_RATIO * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            raise ReadError(
                f"the workbook part '{part.filename}' unpacks to {ratio:,} times its size: no export "
                "does that (a damaged file, or a zip bomb)"
            )
    for part in parts:
        if not part.filename.startswith("xl/worksheets/") or not part.filename.endswith(".xml"):
            continue
        with archive.open(part) as stream:
            found = _DIMENSION.search(stream.read(65536))
        if found and found.group(3):
            columns = _column_number(found.group(3)) - _column_number(found.group(1)) + 1
            rows = int(found.group(4)) - int(found.group(2)) + 1
            if columns > MAX_COLUMNS or columns * rows > MAX_SHEET_CELLS:
                span = found.group(0).split(b'"')[1].decode()
                raise ReadError(
                    f"a sheet spans {span} ({columns:,} columns x {rows:,} rows): far more than any "
                    "export; delete the stray cells far from the data, or export again"
                )


def _read_workbook(data: bytes, kind: str) -> RawSheet:
    if kind == "xlsx":
        _check_xlsx(data)
    try:
        workbook = python_calamine.load_workbook(io.BytesIO(data))
        sheet, rows, header_index = _pick_sheet(workbook)
    except ReadError:
        raise
    except Exception as error:  # calamine raises several types for damaged workbooks
        detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise ReadError(f"the Excel workbook cannot be opened ({detail})") from None
    headers = _unique_headers([_cell_text(v) for v in rows[header_index]])
    if len(headers) > MAX_COLUMNS:
        raise ReadError(
            f"the header has {len(headers):,} columns; an ES-003 export has well under {MAX_COLUMNS}: {NOT_ES003}"
        )
    body = rows[header_index + 1 :]
    width = len(headers)
    columns = list(zip(*body, strict=True)) if body else [()] * width
    arrays = {
        f"c{i}": pa.array([_cell_text(v) for v in columns[i]] if i < len(columns) else [], pa.string())
        for i in range(width)
    }
    arrays["_row"] = pa.array(np.arange(header_index + 2, header_index + 2 + len(body), dtype=np.int64))
    return RawSheet(kind, sheet, header_index + 1, headers, pa.table(arrays))
