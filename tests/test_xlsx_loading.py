"""Excel exports: sheet choice, header position, real date and number cells (es003-format.md section 2)."""

import datetime as dt
from decimal import Decimal

from acecore.analysis import Analysis
from tests.helpers import BASIC_HEADERS, entry_number, xlsx_bytes

E1 = entry_number("BII", 599285)
E2 = entry_number("001", 2345)  # an all-digit filer code: Excel drops its leading zeros


def cells() -> list[list[object]]:
    day = dt.datetime(2025, 3, 14)
    return [
        [E1, "01", "2704", day, day, 1, "CN", 1, "99030124", 0.0, 2000.0],
        [E1, "01", "2704", day, day, 1, "CN", 2, 3923900080, 10000.0, 300.1 + 0.2],  # float noise
        [E1, "01", "2704", day, day, 2, "CN", 1, 101300000, 55.55, 1.11],  # HTS lost its leading zero
        [int(E2), 1, 101, day, day, 1, "MX", 1, "99030101", 0.0, 250.0],  # numbers Excel stripped
    ]


def test_main_report_sheet_is_found_after_other_tabs(analysis: Analysis) -> None:
    report = analysis.add_file("ES-003 Entry Summary Line Tariff Details (10).xlsx", xlsx_bytes(cells(), BASIC_HEADERS))
    assert report.status == "ok", report.errors
    assert (report.kind, report.sheet, report.header_row) == ("xlsx", "Main Report", 1)
    assert report.rows_kept == 4


def test_cells_are_typed_exactly(analysis: Analysis) -> None:
    analysis.add_file("es003.xlsx", xlsx_bytes(cells(), BASIC_HEADERS, title_rows=2))
    lines = analysis.sql("SELECT * FROM lines ORDER BY entry_number, line_number, tariff_ordinal").to_pylist()
    by_key = {(r["entry_number"], r["line_number"], r["tariff_ordinal"]): r for r in lines}
    assert by_key[(E1, 1, 2)]["duty"] == Decimal("300.30")
    assert by_key[(E1, 1, 2)]["hts"] == "3923900080"
    assert by_key[(E1, 2, 1)]["hts"] == "0101300000"
    assert by_key[(E1, 1, 1)]["entry_summary_date"] == dt.date(2025, 3, 14)
    mexican = by_key[(E2, 1, 1)]
    assert mexican["entry_number"] == E2 and E2.startswith("00")
    assert (mexican["entry_type"], mexican["port_code"]) == ("01", "0101")
    assert analysis.sql("SELECT sum(duty) AS d FROM lines").to_pylist()[0]["d"] == Decimal("2551.41")


def test_sheet_found_by_header_when_not_named_main_report(analysis: Analysis) -> None:
    data = xlsx_bytes(cells(), BASIC_HEADERS, sheet="Sheet1", before=["Cover"], title_rows=3)
    report = analysis.add_file("export.xlsx", data)
    assert (report.sheet, report.header_row) == ("Sheet1", 4)
    assert report.rows_kept == 4
    assert report.issues == []


def test_a_workbook_without_the_header_is_refused_by_name(analysis: Analysis) -> None:
    report = analysis.add_file("other.xlsx", xlsx_bytes([[1, 2]], ["Invoice", "Amount"], sheet="Data"))
    assert report.status == "error"
    assert "'Data'" in report.errors[0] and "Entry Summary Number" in report.errors[0]


def test_legacy_xls_is_read(analysis: Analysis) -> None:
    import pathlib

    xls = pathlib.Path(__file__).parent / "data" / "es003-sample.xls"
    report = analysis.add_file(xls.name, xls.read_bytes())
    assert report.status == "ok", report.errors
    assert report.kind == "xls" and report.rows_kept == 3
