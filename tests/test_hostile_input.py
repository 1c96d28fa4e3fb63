"""Real-world debris and hostile files (../shared/findings/security-review.md F1-F16, real-world-layouts.md
P-1..P-9): each reproduction, and what the user gets instead of a broken run."""

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from acecore.analysis import NO_CHAPTER_99, Analysis, log_error
from acecore.cape import cape_checks_table, cape_entries, cape_left_out
from acecore.cli import main
from acecore.coverage import coverage
from acecore.overview import headline
from acecore.readers import read_file
from acecore.recovery import routes
from acecore.tracker import export_tracker, load_tracker, reconcile
from tests.helpers import (
    BASIC_HEADERS,
    analysis_files,
    csv_bytes,
    entry_number,
    parse_csv,
    row,
    shared,
    write_csv,
)

AS_OF = dt.date(2026, 11, 24)
GOOD = entry_number("BII", 599285)
HEADER = "Entry Summary Number,Entry Summary Line Number,HTS Number - Full,Line Tariff Duty Amount,Entry Date\r\n"


def analyze(tmp_path: Path, *files: tuple[str, bytes], tracker: bytes | None = None) -> tuple[int, Path]:
    paths = []
    for name, data in files:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    extra = []
    if tracker is not None:
        (tmp_path / "tracker.csv").write_bytes(tracker)
        extra = ["--tracker", str(tmp_path / "tracker.csv")]
    code = main(["analyze", *paths, "--as-of", AS_OF.isoformat(), "--out", str(tmp_path / "out"), *extra])
    return code, tmp_path / "out"


def entries_csv(out: Path) -> dict[str, dict[str, str]]:
    with (out / "entries.csv").open(newline="", encoding="utf-8") as handle:
        return {r["entry_number"]: r for r in csv.DictReader(handle)}


# --- entry numbers (F2, P-7) -----------------------------------------------------------------------


@pytest.mark.parametrize("debris", ["N/A", "Grand Total", "E00A", "60576069342.", "TOTAL:"])
def test_text_in_the_entry_number_column_is_skipped_and_the_run_finishes(tmp_path: Path, debris: str) -> None:
    data = (HEADER + f"{GOOD},1,9903.01.24,10.00,10/01/2025\r\n{debris},1,9903.01.24,99.00,10/01/2025\r\n").encode()
    code, out = analyze(tmp_path, ("debris.csv", data))
    assert code == 0
    assert list(entries_csv(out)) == [GOOD]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["files"][0]["rows_skipped"] == 1 and summary["ieepa_duty"] == "10.00"


@pytest.mark.parametrize("written", [f"{GOOD}\u00a0", f'="{GOOD}"', f"\u200b{GOOD}\u2003", f"{GOOD[:3]}-{GOOD[3:]}"])
def test_wrappers_and_any_unicode_space_around_an_entry_number_come_off(analysis: Analysis, written: str) -> None:
    data = f'{HEADER}{written},1,="9903.01.24",10.00,10/01/2025\r\n'.encode()
    report = analysis.add_file("ace-portal.csv", data)
    assert report.rows_kept == 1
    [entry] = analysis.sql("SELECT entry_number, check_digit_valid, ieepa_duty FROM entries").to_pylist()
    assert entry == {"entry_number": GOOD, "check_digit_valid": True, "ieepa_duty": Decimal("10.00")}


def test_the_ace_portal_text_wrapper_probe_reads_as_plain_values(analysis: Analysis) -> None:
    analysis.add_file("probe.csv", shared("probe-excel-text-wrapper.csv").read_bytes())
    [entry] = analysis.sql("SELECT entry_number, entry_type, ieepa_duty FROM entries").to_pylist()
    assert entry == {"entry_number": "60576069342", "entry_type": "01", "ieepa_duty": Decimal("1000.00")}


# --- workbooks (F1, F1b) -------------------------------------------------------------------------


def workbook(far_cell: tuple[int, int] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Main Report"
    sheet.append(["Entry Summary Number", "Entry Summary Line Number", "HTS Number - Full", "Line Tariff Duty Amount"])
    sheet.append([GOOD, 1, "9903.01.24", "10.00"])
    if far_cell:
        sheet.cell(row=far_cell[0], column=far_cell[1], value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change: callable) -> bytes:  # noqa: ANN001 - bytes -> bytes
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            target.writestr(part.filename, change(content) if part.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


def test_a_cell_at_xfd1048576_is_refused_before_anything_is_allocated(analysis: Analysis) -> None:
    data = workbook(far_cell=(1048576, 16384))
    assert len(data) < 6000
    report = analysis.add_file("far.xlsx", data)
    assert report.status == "error" and "XFD1048576" in report.errors[0] and "16,384 columns" in report.errors[0]


def test_a_workbook_that_hides_its_size_kills_only_the_reader_process(analysis: Analysis) -> None:
    """The dimension says A1:D2, the cells say otherwise: calamine aborts (Rust), in the child only."""
    data = rewrite_sheet(workbook(far_cell=(1048576, 16384)), lambda xml: xml.replace(b"A1:XFD1048576", b"A1:D2"))
    report = analysis.add_file("liar.xlsx", data)
    assert report.status == "error" and "more memory than one file may take" in report.errors[0]
    assert analysis.add_file("after.xlsx", workbook()).status == "ok"  # and this process carries on


def test_reads_leave_no_descriptor_open_whether_the_reader_answers_fails_or_aborts(analysis: Analysis) -> None:
    """Each read hands the file over and takes the answer through in-memory files of its own: a server
    that reads files for weeks must not gather them."""
    good = csv_bytes([row(GOOD, 1, 1, "9903.01.24", "0", "20.00")], BASIC_HEADERS)
    analysis.add_file("first.csv", good)  # the waiting reader's files are open now
    before = len(list(Path("/proc/self/fd").iterdir()))
    liar = rewrite_sheet(workbook(far_cell=(1048576, 16384)), lambda xml: xml.replace(b"A1:XFD1048576", b"A1:D2"))
    for name, data in [("ok.csv", good), ("bin.csv", b"\x00" * 100), ("liar.xlsx", liar)]:
        analysis.add_file(name, data)
    assert [r.status for r in analysis.reports] == ["ok", "ok", "error", "error"]
    assert len(list(Path("/proc/self/fd").iterdir())) == before


def test_a_zip_bomb_is_refused_from_the_zip_directory(analysis: Analysis) -> None:
    cell = b"A" * 60_000_000
    data = rewrite_sheet(
        workbook(),
        lambda xml: (
            xml.replace(b"<v>", b"<v>" + cell, 1) if b"<v>" in xml else xml.replace(b"</is>", cell + b"</is>", 1)
        ),
    )
    assert len(data) < 1_000_000
    report = analysis.add_file("bomb.xlsx", data)
    assert report.status == "error" and "unpacks to" in report.errors[0] and "zip bomb" in report.errors[0]


# --- CSV (F4, F5, F15, F16, F13) ---------------------------------------------------------------


def hundred_rows(odd_row: int, odd_name: str) -> bytes:
    lines = [
        "Entry Summary Number,Entry Summary Line Number,HTS Number - Full,Line Tariff Duty Amount,Importer Name,"
        "Entry Date"
    ]
    for n in range(1, 101):
        name = odd_name if n == odd_row else '"ACME, Inc."'
        lines.append(f"{entry_number('BII', n)},1,9903.01.24,10.00,{name},10/01/2025")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize("odd_row", [3, 51])
def test_one_unquoted_comma_rejects_that_row_only(analysis: Analysis, odd_row: int) -> None:
    report = analysis.add_file("acme.csv", hundred_rows(odd_row, "ACME, Inc."))
    assert (report.rows_kept, report.rows_rejected) == (99, 1)
    assert report.issues[0].row == odd_row + 1 and "7 fields" in report.issues[0].message


def test_a_row_of_199000_fields_is_one_rejected_row(analysis: Analysis) -> None:
    report = analysis.add_file("wide.csv", hundred_rows(2, "," * 199_000))
    assert (report.rows_kept, report.rows_rejected) == (99, 1)
    assert report.columns_extra == []  # no column was added for the odd row


def test_a_50_mb_line_is_refused_quickly_with_a_plain_line(analysis: Analysis) -> None:
    started = time.monotonic()
    report = analysis.add_file("long.csv", HEADER.encode() + b"," * 50_000_000 + b"\r\n")
    assert report.status == "error" and "line 2 is 50,000,0" in report.errors[0] and "bytes long" in report.errors[0]
    assert time.monotonic() - started < 60  # it answered at all (the old reader hung forever)


def test_a_header_of_thousands_of_columns_is_refused(analysis: Analysis) -> None:
    report = analysis.add_file(
        "columns.csv", ("Entry Summary Number," + ",".join(f"c{i}" for i in range(5000)) + "\r\n").encode()
    )
    assert report.status == "error" and "5,001 columns" in report.errors[0]


def test_one_stray_windows_byte_changes_its_line_only_and_is_reported(analysis: Analysis) -> None:
    rows = [row(entry_number("BII", n), 1, 1, "99030124", "100.00", "20.00") for n in range(1, 3001)]
    for r in rows:
        r["Importer Name"] = "ACME"
    rows[0]["Importer Name"] = "Société Générale"
    data = csv_bytes(rows, [*BASIC_HEADERS, "Importer Name"])
    data = data[: data.rindex(b"ACME")] + b"Caf\xe9\r\n"  # the last row (line 3,001) in Windows-1252
    report = analysis.add_file("mixed.csv", data)
    assert report.status == "ok" and any("line 3,001" in w and "Windows-1252" in w for w in report.warnings)
    names = analysis.sql("SELECT DISTINCT importer_name FROM lines ORDER BY 1").column("importer_name").to_pylist()
    assert names == ["ACME", "Café", "Société Générale"]


def test_nul_bytes_are_taken_out_and_said(analysis: Analysis) -> None:
    rows = [row(entry_number("BII", n), 1, 1, "99030124", "100.00", "20.00") for n in range(1, 3001)]
    data = csv_bytes(rows, BASIC_HEADERS)
    data = data[:70_000] + b"\x00\x00" + data[70_000:]
    report = analysis.add_file("nul.csv", data)
    assert report.status == "ok" and report.rows_kept == 3000 and any("2 NUL bytes" in w for w in report.warnings)


def test_a_cell_longer_than_a_spreadsheet_cell_names_its_row_and_column(analysis: Analysis) -> None:
    data = (
        HEADER.rstrip("\r\n") + ",Importer Name\r\n" + f"{GOOD},1,9903.01.24,10.00,10/01/2025,{'x' * 200_000}\r\n"
    ).encode()
    report = analysis.add_file("cell.csv", data)
    assert report.status == "error" and "row 2, column 'Importer Name'" in report.errors[0]


def test_a_damaged_utf16_file_loads_and_says_where(analysis: Analysis) -> None:
    data = ("\ufeff" + HEADER + f"{GOOD},1,9903.01.24,10.00,10/01/2025\r\n" * 20_000).encode("utf-16-le") + b"\x41"
    report = analysis.add_file("utf16.csv", data)
    assert report.status == "ok" and report.rows_kept == 20_000
    assert any("UTF-16" in w for w in report.warnings)


def test_the_log_never_holds_a_file(capsys: pytest.CaptureFixture) -> None:
    data = b"\xff\xfe" + b"A" * 5_000_000
    log_error("utf16.csv", UnicodeDecodeError("utf-16", data, 0, 1, "truncated data"))
    assert len(capsys.readouterr().err) < 400


# --- which kind of file (P-5, P-8) ---------------------------------------------------------------


def test_a_line_file_missing_only_the_duty_column_says_so(analysis: Analysis) -> None:
    report = analysis.add_file("tariffback.csv", shared("tariffback-ACE_ES-003_Sample.csv").read_bytes())
    assert report.status == "error" and "'Line Tariff Duty Amount'" in report.errors[0]
    assert "'HTS Number - Full'" not in report.errors[0]
    assert "run it in the ACE Portal (Help, step 1) and upload its export" in report.errors[0]  # what to do instead


def test_a_liquidation_list_alone_is_named_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sample = shared("capeview-entry-count-as-liquidation-list.xlsx")
    code, _ = analyze(tmp_path, (sample.name, sample.read_bytes()))
    err = capsys.readouterr().err
    assert code == 2 and f"{sample.name} is a liquidation list" in err and "no ES-003 export was loaded" in err


def test_a_line_report_without_chapter_99_rows_warns_that_ieepa_cannot_be_isolated(analysis: Analysis) -> None:
    report = analysis.add_file("filingportal.xlsx", shared("filingportal-acereport-layout.xlsx").read_bytes())
    assert report.status == "ok" and report.warnings == [NO_CHAPTER_99]
    old = csv_bytes([row(GOOD, 1, 1, "8471300100", "100.00", "0.00", entry_date="01/10/2024", summary="01/12/2024")])
    assert Analysis().add_file("2024.csv", old).warnings == []  # nothing to isolate before IEEPA


def test_every_cli_message_names_its_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _ = analyze(
        tmp_path,
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("good.csv", csv_bytes([row(GOOD, 1, 1, "99030124", "100.00", "20.00")])),
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 0 and all(line.startswith(str(tmp_path)) for line in err)
    assert any("photo.csv: not loaded: the file is binary" in line for line in err)


# --- entry fields (P-6, P-4, P-2, P-1, P-9) ------------------------------------------------------


def test_a_blank_entry_type_keeps_every_path(analysis: Analysis) -> None:
    analysis.add_file("probe-B.csv", shared("probe-blank-entry-type-B.csv").read_bytes())
    by_entry = {r["entry_number"]: r for r in routes(analysis, AS_OF).to_pylist()}
    for typed, blank in (("E003", "E004"), ("E005", "E006")):
        assert (by_entry[blank]["path"], by_entry[blank]["deadline"]) == (
            by_entry[typed]["path"],
            by_entry[typed]["deadline"],
        )
    assert by_entry["E004"]["path"] == "protest (CBP Form 19)"


def test_pending_with_a_passed_liquidation_date_is_liquidated_on_that_date(analysis: Analysis) -> None:
    analysis.add_file("capeview.xlsx", shared("capeview-layout-realistic.xlsx").read_bytes())
    r = next(r for r in routes(analysis, AS_OF).to_pylist() if r["entry_number"] == "60576069367")
    assert (r["status"], r["liquidation_date"]) == ("liquidated", dt.date(2026, 5, 8))
    assert r["status_basis"] == "ES-003 columns, liquidation date passed"
    assert r["path"] == "at risk: needs counsel"


def test_entries_without_a_date_are_not_called_outside_the_window(analysis: Analysis) -> None:
    analysis.add_file("seed.xlsx", shared("capeview-test-seed-export.xlsx").read_bytes())
    verdict = coverage(analysis, AS_OF, 12).verdict
    assert "outside the window" not in verdict and "4 entries with no entry summary date" in verdict


def test_duty_on_an_ieepa_exception_heading_is_shown_apart(analysis: Analysis) -> None:
    analysis.add_file("klearnow.xlsx", shared("klearnow-es003-test-fixture.xlsx").read_bytes())
    totals = analysis.sql(
        "SELECT sum(ieepa_exception_duty) AS exception, sum(other_duty) AS other, sum(total_duty) AS total FROM entries"
    ).to_pylist()[0]
    assert totals["exception"] == Decimal("850.00") and totals["total"] == Decimal("1300.00")
    assert totals["other"] == Decimal("450.00")


def test_liquidation_status_says_when_a_liquidation_list_gave_it(tmp_path: Path) -> None:
    code, out = analyze(
        tmp_path,
        *(
            (n, shared(n).read_bytes())
            for n in ("capeview-layout-realistic.xlsx", "capeview-entry-count-as-liquidation-list.xlsx")
        ),
    )
    assert code == 0
    entry = entries_csv(out)["60576069367"]
    assert entry["liquidation_status"].endswith("(liquidation list)") and entry["status_basis"] == "liquidation file"


# --- trackers (F6, F10, F11, F13) --------------------------------------------------------------


@pytest.fixture
def loaded() -> Analysis:
    analysis = Analysis()
    rows = [
        row(entry_number("BII", n), 1, 1, "99030124", "1000.00", "200.00", port=("2704" if n % 2 else "1001"))
        for n in range(1, 11)
    ]
    analysis.add_file("es003.csv", csv_bytes(rows))
    return analysis


def test_absurd_refund_amounts_are_flagged_and_the_headline_still_adds_up(loaded: Analysis) -> None:
    rows = parse_csv(export_tracker(loaded, AS_OF))
    rows[0].update(refund_amount="100.00")
    load_tracker(loaded, "t1.csv", write_csv(rows))
    rows[0].update(refund_amount="9999999999999999.99")
    rows[1].update(refund_amount="9999999999999999.99", refund_date="9999-12-31")
    report = load_tracker(loaded, "t2.csv", write_csv(rows))
    assert report.status == "ok" and {(i.row, i.column) for i in report.issues} == {
        (2, "refund_amount"),
        (3, "refund_amount"),
        (3, "refund_date"),
    }
    assert headline(loaded, AS_OF).recovered == Decimal("100.00")  # the earlier good value was kept
    detail, total = reconcile(loaded, AS_OF)
    assert total["received"] == Decimal("100.00")


def test_a_huge_ieepa_duty_cell_is_flagged_not_summed_into_an_overflow(tmp_path: Path) -> None:
    rows = [row(entry_number("BII", n), 1, 1, "99030124", "1000.00", "9999999999999999.99") for n in (1, 2)]
    rows.append(row(entry_number("BII", 3), 1, 1, "99030124", "1000.00", "200.00"))
    code, out = analyze(tmp_path, ("huge.csv", csv_bytes(rows)))
    assert code == 0 and json.loads((out / "summary.json").read_text())["ieepa_duty"] == "200.00"


def test_the_tracker_download_holds_every_entry_whatever_the_filters(loaded: Analysis) -> None:
    rows = parse_csv(export_tracker(loaded, AS_OF))
    for r in rows:
        r["notes"] = f"note {r['entry_number']}"
    rows.append(dict(rows[0], entry_number=entry_number("ZZZ", 1), notes="from an older export"))
    load_tracker(loaded, "mine.csv", write_csv(rows))
    loaded.set_filters(ports=["2704"])
    again = parse_csv(export_tracker(loaded, AS_OF))
    assert {r["entry_number"]: r["notes"] for r in again} == {r["entry_number"]: r["notes"] for r in rows}
    assert [r["in_current_data"] for r in again if r["entry_number"] == entry_number("ZZZ", 1)] == ["false"]


def test_a_far_future_refund_date_never_breaks_reconciliation(tmp_path: Path) -> None:
    data = csv_bytes([row(GOOD, 1, 1, "99030124", "1000.00", "200.00")])
    tracker = (
        f"entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\r\n"
        f"{GOOD},refunded,,,200.00,9999-12-31,,\r\n"
    ).encode()
    code, out = analyze(tmp_path, ("es003.csv", data), tracker=tracker)
    assert code == 0 and (out / "reconciliation.csv").exists()


@pytest.mark.parametrize(
    "data, words",
    [
        (
            (
                "\ufeffentry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\r\n"
                f"{GOOD},filed,,,,,,x\r\n"
            ).encode("utf-16-le")
            + b"\x00",
            "UTF-16",
        ),
        (
            (
                "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\r\n"
                f"{GOOD},filed,,,,,,{'n' * 200_000}\r\n"
            ).encode(),
            "row 2, column 'notes'",
        ),
        (
            b"entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\r\n"
            b"N/A,filed,,,,,,\r\n",
            None,
        ),
    ],
    ids=["utf16-odd-byte", "200kb-note", "entry-na"],
)
def test_odd_tracker_files_get_a_plain_line(loaded: Analysis, data: bytes, words: str | None) -> None:
    report = load_tracker(loaded, "odd.csv", data)
    text = " ".join(report.errors + [i.message for i in report.issues])
    assert "Traceback" not in text
    if words:
        assert words in text or report.status == "ok"
    assert headline(loaded, AS_OF).ieepa_paid == Decimal("2000.00")


def test_extra_tracker_columns_are_reported(loaded: Analysis) -> None:
    rows = [dict(r, my_column="mine") for r in parse_csv(export_tracker(loaded, AS_OF))]
    assert load_tracker(loaded, "t.csv", write_csv(rows)).ignored_columns == ["my_column"]


# --- exports (F3) ------------------------------------------------------------------------------


def unliquidated(entry: str) -> list[dict[str, str]]:
    """An entry CAPE takes with nothing CBP would reject: the 9903 row and its Chapter 1-97 row."""
    return [
        row(entry, 1, 1, "99030124", "0.00", "200.00", summary="02/10/2026", entry_date="02/05/2026"),
        row(entry, 1, 2, "3923900080", "1000.00", "30.00", summary="02/10/2026", entry_date="02/05/2026"),
    ]


def test_cape_files_hold_only_valid_entry_numbers_and_list_the_rest(tmp_path: Path) -> None:
    entries = (GOOD, "=cmd|' /C calc'!A0", '=HYPERLINK("X")1', "ÉII05992854", "BII05992855")
    rows = [r for e in entries for r in unliquidated(e)]
    code, out = analyze(tmp_path, ("es003.csv", csv_bytes(rows)))
    assert code == 0
    declaration = (out / "cape-declaration-1-of-1.csv").read_bytes().decode("ascii")
    assert declaration == f"Entry Number\r\n{GOOD}\r\n"
    summary = json.loads((out / "summary.json").read_text())
    assert [e["entry_number"] for e in summary["cape_left_out"]] == ["BII05992855"]  # check digit: fix it first
    assert summary["files"][0]["rows_skipped"] == 6  # formula and non-ASCII text are no entry numbers


def test_cape_entries_and_left_out_split_the_candidates(analysis: Analysis) -> None:
    analysis.add_file("x.csv", csv_bytes(unliquidated(GOOD) + unliquidated("BII05992855")))
    assert [e["entry_number"] for e in cape_entries(analysis, AS_OF)] == [GOOD]
    assert [e["entry_number"] for e in cape_left_out(cape_checks_table(analysis, AS_OF))] == ["BII05992855"]


# --- any text anywhere (the property the scalar tests cannot show: DuckDB folds constants) -------

VALID = [
    row(entry_number("BII", n), 1, ordinal, hts, "1000.00", duty, summary="02/10/2026", entry_date="02/05/2026")
    for n in range(1, 6)
    for ordinal, hts, duty in ((1, "99030124", "100.00"), (2, "3923900080", "30.00"))
]
junk_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=24)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.fixed_dictionaries({h: junk_text for h in BASIC_HEADERS}), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=len(VALID)),
)
def test_any_text_in_any_column_leaves_the_valid_rows_totals_alone(junk: list[dict[str, str]], at: int) -> None:
    analysis = Analysis()
    report = analysis.add_file("mixed.csv", csv_bytes(VALID[:at] + junk + VALID[at:], BASIC_HEADERS))
    assert report.status == "ok"
    valid = sorted({r["Entry Summary Number"] for r in VALID})
    totals = analysis.sql(
        "SELECT sum(total_duty) AS duty, sum(ieepa_duty) AS ieepa FROM entries "
        "WHERE list_contains($valid, entry_number)",
        valid=valid,
    ).to_pylist()[0]
    assert totals == {"duty": Decimal("650.00"), "ieepa": Decimal("500.00")}
    files = analysis_files(analysis, AS_OF)  # every output of the CLI is written
    assert files["entries.csv"].count(b"\r\n") >= 1 + len(valid)
    headline(analysis, AS_OF)


def test_the_reader_works_where_the_system_has_no_memfd(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS has no memfd_create: the file and the answer pass through unlinked temporary files."""
    from acecore import isolation

    monkeypatch.delattr(isolation.os, "memfd_create")
    monkeypatch.setattr(isolation, "_spare", None)  # a waiting reader was started with memfds
    data = csv_bytes([row(GOOD, 1, 1, "9903.01.24", "0", "20.00")], BASIC_HEADERS)
    sheet = isolation.read_isolated("plain.csv", data)
    assert sheet.table.num_rows == 1 and sheet.headers == BASIC_HEADERS


def test_a_file_that_cannot_be_handed_to_the_reader_is_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the file for the reader fails (the host's memory is short): the reader is told there is no
    request and ends, instead of waiting out the time limit."""
    from acecore import isolation
    from acecore.limits import Limits
    from acecore.readers import ReadError

    made = isolation._memory_file
    monkeypatch.setattr(
        isolation,
        "_memory_file",
        lambda name: os.open(os.devnull, os.O_RDONLY) if name == "ace-request" else made(name),
    )
    monkeypatch.setattr(isolation, "_spare", None)  # the waiting reader was started with a writable file
    data = csv_bytes([row(GOOD, 1, 1, "9903.01.24", "0", "20.00")], BASIC_HEADERS)
    with pytest.raises(ReadError, match="more memory than one file may take"):
        isolation.read_isolated("plain.csv", data, limits=Limits(parse_seconds=120))


def test_a_reader_is_kept_waiting_for_the_next_file_unless_none_follows(analysis: Analysis) -> None:
    """The dashboard keeps a reader process waiting, its imports done; the command line's last file
    starts none (its imports would take a core from that file's load)."""
    from acecore import isolation

    good = csv_bytes([row(GOOD, 1, 1, "9903.01.24", "0", "20.00")], BASIC_HEADERS)
    analysis.add_file("first.csv", good)
    assert isolation._spare is not None and isolation._spare.process.poll() is None
    analysis.add_file("last.csv", good, more_to_come=False)
    assert isolation._spare is None
    assert [r.status for r in analysis.reports] == ["ok", "ok"]


def test_the_reader_process_maps_its_memory_without_huge_pages() -> None:
    """Each first touch of a huge page zeroes 2 MB: the reader runs with 4 KB pages (Linux)."""
    from acecore import isolation

    if "THP_enabled" not in Path("/proc/self/status").read_text():
        pytest.skip("this kernel does not say whether a process may use huge pages")
    isolation.warm()
    status = Path(f"/proc/{isolation._spare.process.pid}/status")  # type: ignore[union-attr]
    for _ in range(100):  # set once its imports are done
        if "THP_enabled:\t0" in status.read_text():
            break
        time.sleep(0.1)
    assert "THP_enabled:\t0" in status.read_text()
    assert "THP_enabled:\t1" in Path("/proc/self/status").read_text()  # the server's own pages are left as they are


def test_the_reader_reads_without_pandas_which_pyarrow_would_import_for_nothing() -> None:
    """The reader process turns pandas away (0.25 s and some 40 MB a read): files read the same."""
    program = (
        "import sys; from acecore.isolation import _NoPandas; sys.meta_path.insert(0, _NoPandas())\n"
        "from acecore.readers import read_file\n"
        "for name in sys.argv[1:]:\n"
        "    sheet = read_file(name, open(name, 'rb').read())\n"
        "    print(sheet.table.num_rows, len(sheet.headers))\n"
        "print('pandas' in sys.modules)\n"
    )
    files = [str(shared(n)) for n in ("probe-excel-text-wrapper.csv", "es003-default-27col-layout.xlsx")]
    done = subprocess.run([sys.executable, "-c", program, *files], capture_output=True, text=True, check=True)
    *shapes, loaded = done.stdout.split("\n")[:-1]
    expected = [f"{s.table.num_rows} {len(s.headers)}" for s in (read_file(f, Path(f).read_bytes()) for f in files)]
    assert (shapes, loaded) == (expected, "False")


def test_the_log_never_holds_a_workspace_key_a_file_name_or_a_second_line(capsys: pytest.CaptureFixture) -> None:
    """Security review 2, N8: with sign-in off a workspace id is the key to the work, and a file's name is
    often the importer's; a PostgreSQL message runs over several lines."""
    from acecore.analysis import log_error, short_hash
    from acecore.stores import new_id

    key = new_id()
    log_error("opening a workspace", OSError(f'IO Error: The file "/srv/ws/{key}.duckdb" is not valid\nDETAIL: x'))
    line = capsys.readouterr().err
    assert key not in line and f"ws#{short_hash(key)}" in line and line.count("\n") == 1
    analysis = Analysis()
    analysis.add_file("ACME Imports LLC 2025.csv", b"Entry Summary Number\n" + b"\xff" * 10)
    assert "ACME" not in capsys.readouterr().err


def test_the_sessions_database_reads_no_file_and_cannot_be_told_to() -> None:
    """Security review 2, N9: no query of a session reads or writes a file, so none may, even if SQL were
    ever built from user text; nor can a statement switch that back on."""
    import duckdb

    con = Analysis().con
    with pytest.raises(duckdb.PermissionException):
        con.execute("SELECT count(*) FROM read_csv('/etc/passwd', header = false, sep = ':')")
    with pytest.raises(duckdb.Error):
        con.execute("SET enable_external_access = true")
