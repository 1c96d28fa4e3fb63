"""Build ES-003 files for tests the way ACE and brokers produce them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from acecore.analysis import Analysis
from acecore.coverage import DEFAULT_WINDOW
from acecore.outputs import write_analysis_files

SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"  # other tools' files, read in place


def shared(name: str) -> Path:
    """A file of ../shared/samples (beside this project's own checkout, not in a clone of it): the test
    skips without it, and fails where .ci/run requires it (ACE_REQUIRE_SHARED)."""
    path = SAMPLES / name
    if not path.exists():
        if os.environ.get("ACE_REQUIRE_SHARED"):
            raise FileNotFoundError(f"{path}: .ci/run needs ../shared/samples beside the checkout")
        pytest.skip(f"{name} is in ../shared/samples, which a clone of this project does not have")
    return path


BASIC_HEADERS = [
    "Entry Summary Number",
    "Entry Type Code",
    "Port of Entry Code",
    "Entry Date",
    "Entry Summary Date",
    "Entry Summary Line Number",
    "Country of Origin Code",
    "Tariff Ordinal Number",
    "HTS Number - Full",
    "Line Tariff Goods Value Amount",
    "Line Tariff Duty Amount",
]


def luhn_check_digit(base: str) -> int:
    """Independent reference for the CBP check digit (CATAIR Appendix E), written for the tests."""
    letters = {c: (i % 9) + 1 for i, c in enumerate("ABCDEFGHIJKLMNOPQR")}
    letters.update({c: i + 2 for i, c in enumerate("STUVWXYZ")})
    total = 0
    for position, char in enumerate(base, start=1):
        value = int(char) if char.isdigit() else letters[char]
        if position % 2 == 0:
            value *= 2
            value = value // 10 + value % 10
        total += value
    return (10 - total % 10) % 10


def entry_number(filer: str, serial: int) -> str:
    base = f"{filer}{serial:07d}"
    return f"{base}{luhn_check_digit(base)}"


def row(
    entry: str,
    line: int,
    ordinal: int,
    hts: str,
    value: str,
    duty: str,
    *,
    summary: str = "03/14/2025",
    country: str = "CN",
    port: str = "2704",
    entry_type: str = "01",
    entry_date: str = "03/10/2025",
) -> dict[str, str]:
    return {
        "Entry Summary Number": entry,
        "Entry Type Code": entry_type,
        "Port of Entry Code": port,
        "Entry Date": entry_date,
        "Entry Summary Date": summary,
        "Entry Summary Line Number": str(line),
        "Country of Origin Code": country,
        "Tariff Ordinal Number": str(ordinal),
        "HTS Number - Full": hts,
        "Line Tariff Goods Value Amount": value,
        "Line Tariff Duty Amount": duty,
    }


def csv_bytes(
    rows: list[dict[str, object]],
    headers: list[str] | None = None,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    preamble: list[str] = (),
    line_end: str = "\r\n",
) -> bytes:
    headers = headers or list(rows[0])
    out = io.StringIO()
    for text in preamble:
        out.write(text + line_end)
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([_text(r.get(h, "")) for h in headers])
    return out.getvalue().encode(encoding)


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    return "" if value is None else str(value)


def xlsx_bytes(
    rows: list[list[object]],
    headers: list[str],
    *,
    sheet: str = "Main Report",
    before: list[str] = ("Parameters",),
    title_rows: int = 0,
) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in before:
        other = workbook.create_sheet(name)
        other["A1"] = "ES-003 Entry Summary Line Tariff Details"
        other["A4"] = "Report Parameters:"
    target = workbook.create_sheet(sheet)
    for _ in range(title_rows):
        target.append(["Entry Summary Line Tariff Details - run 11/20/2026"])
    target.append(headers)
    for values in rows:
        target.append(values)
        for cell in target[target.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = '"$"#,##0.00'
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def dec(text: str) -> Decimal:
    """Reference money parser for the tests: '$1,234.50' and '(1.00)' forms."""
    text = text.replace("$", "").replace(",", "").strip()
    return -Decimal(text[1:-1]) if text.startswith("(") else Decimal(text)


def parse_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def write_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def analysis_files(analysis: Analysis, as_of: dt.date, window: int = DEFAULT_WINDOW) -> dict[str, bytes]:
    """What `analyze` writes for an analysis: each file's name and bytes."""
    with tempfile.TemporaryDirectory() as out:
        names = write_analysis_files(analysis, as_of, Path(out), window)
        return {name: Path(out, name).read_bytes() for name in names}
