"""Bad input: one plain line naming the file (and row and column), and nothing already loaded is lost."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from acecore.analysis import Analysis
from acecore.sample import generate, to_csv, to_xlsx

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)) * 4


def broken_xlsx() -> bytes:
    whole = to_xlsx(generate(entries=5))
    return whole[: len(whole) // 2]


def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    return out.getvalue()


HALF_EXPORT = b"Entry Summary Number,Entry Summary Line Number,Entry Date\r\nBII05992854,1,01/09/2026\r\n"


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n  \r\n", "empty"),
        ("photo.csv", PNG, "binary"),
        ("photo.png", PNG, "binary"),
        ("half.xlsx", broken_xlsx(), "cannot be opened"),
        ("zip.xlsx", zip_without_workbook(), "cannot be opened"),
        ("renamed.xlsx", b"Entry Summary Number,HTS\r\n", "not one"),
        ("invoice.csv", b"Invoice,Amount\r\n1,2\r\n", "does not look like an ES-003"),
        (
            "half.csv",
            HALF_EXPORT,
            "missing required column(s) 'HTS Number - Full', 'Line Tariff Duty Amount' in the header on row 1",
        ),
    ],
)
def test_bad_file_gives_one_line_and_keeps_what_was_loaded(name: str, data: bytes, words: str) -> None:
    analysis = Analysis()
    good = analysis.add_file("good.csv", to_csv(generate(entries=20)))
    before = analysis.sql("SELECT count(*) AS n, sum(total_duty) AS d FROM entries").to_pylist()
    report = analysis.add_file(name, data)
    assert report.status == "error"
    assert len(report.errors) == 1 and "\n" not in report.errors[0]
    assert words in report.errors[0]
    assert "Traceback" not in report.errors[0]
    after = analysis.sql("SELECT count(*) AS n, sum(total_duty) AS d FROM entries").to_pylist()
    assert after == before and before[0]["n"] == good.entries
    # and the analysis still takes new files afterwards
    assert analysis.add_file("more.csv", to_csv(generate(entries=5, seed=99))).status == "ok"


def test_header_only_file_loads_nothing_and_says_so(analysis: Analysis) -> None:
    report = analysis.add_file("header.csv", to_csv([]))
    assert report.status == "ok" and report.rows_read == 0
    assert report.warnings == ["the header was found but there are no data rows under it"]
    assert not analysis.loaded


def test_an_empty_analysis_answers_every_page_with_nothing() -> None:
    import datetime as dt

    from acecore.coverage import coverage
    from acecore.ieepa import ieepa_lines
    from acecore.overview import filter_options, headline
    from acecore.recovery import routes
    from acecore.tracker import reconcile

    analysis = Analysis()
    day = dt.date(2026, 11, 24)
    assert headline(analysis, day).ieepa_paid == 0
    assert coverage(analysis, day).verdict.startswith("0 of 11 months present (2026-11 in progress)")
    assert routes(analysis, day).num_rows == 0 and ieepa_lines(analysis).num_rows == 0
    assert reconcile(analysis, day)[1]["expected"] == 0
    assert filter_options(analysis) == {"importer": [], "filer": [], "port": [], "program": []}


def test_an_unforeseen_failure_is_one_line_and_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from acecore import db

    analysis = Analysis()
    analysis.add_file("good.csv", to_csv(generate(entries=20)))
    before = analysis.sql("SELECT count(*) AS n FROM lines").to_pylist()
    real_run = db.run

    def failing_run(con, name, **params):  # noqa: ANN001, ANN003
        if name == "insert_staged":
            real_run(con, name, **params)  # half done when it fails: the transaction must undo it
            raise MemoryError("out of memory")
        return real_run(con, name, **params)

    monkeypatch.setattr(db, "run", failing_run)
    report = analysis.add_file("huge.csv", to_csv(generate(entries=30, seed=3)))
    monkeypatch.setattr(db, "run", real_run)
    assert report.status == "error" and report.errors == [
        "the file could not be loaded (MemoryError); nothing from it was kept"
    ]
    assert analysis.sql("SELECT count(*) AS n FROM lines").to_pylist() == before


def test_entry_numbers_with_en_or_em_dashes_are_read_and_rows_without_one_are_named_with_their_duty(
    tmp_path: Path,
) -> None:
    """Entry numbers pasted from Word or Excel come with en and em dashes ('ABC–1234567–6'): read as any
    other. A row whose entry number column holds no entry number ('E1', a total) is skipped, and named with
    its duty in the report, summary.json and the command line's warning: no dollar goes silently."""
    from acecore.cli import main
    from tests.helpers import csv_bytes, entry_number, row

    en, em = entry_number("ABC", 1234567), entry_number("ABC", 1234568)
    rows = [
        row(f"{en[:3]}\u2013{en[3:10]}\u2013{en[10]}", 1, 1, "99030124", "0", "200.00"),
        row(f"{en[:3]}\u2013{en[3:10]}\u2013{en[10]}", 1, 2, "3923900080", "1000.00", "30.00"),
        row(f"{em[:3]}\u2014{em[3:10]}\u2014{em[10]}", 1, 1, "99030124", "0", "150.00"),
        row(f"{em[:3]}\u2014{em[3:10]}\u2014{em[10]}", 1, 2, "3923900080", "750.00", "22.50"),
        row("E1", 1, 1, "99030124", "0", "50.00"),
        row("Grand Total", 1, 1, "", "", "452.50"),
    ]
    (tmp_path / "pasted.csv").write_bytes(csv_bytes(rows))
    assert main(["analyze", str(tmp_path / "pasted.csv"), "--as-of", "2026-11-24", "--out", str(tmp_path / "out")]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["ieepa_duty"] == "350.00" and summary["entry_count"] == 2
    [report] = summary["files"]
    assert report["rows_skipped"] == 2
    assert [(i["row"], i["column"]) for i in report["issues"]] == [
        (6, "Entry Summary Number"),
        (7, "Entry Summary Number"),
    ]
    assert "'E1'" in report["issues"][0]["message"] and "$50.00" in report["issues"][0]["message"]
    assert any("2 rows with no entry number" in w and "$502.50" in w for w in report["warnings"])


def test_a_list_whose_entry_number_column_holds_no_entry_number_says_what_it_read() -> None:
    """'no row has an entry number' misled the reader of a file that has an Entry Number column."""
    report = Analysis().add_file("list.csv", b"Entry Number,Liquidation Date\r\nE1,01/02/2026\r\nE2,01/03/2026\r\n")
    assert report.status == "error"
    assert report.errors[0].startswith(
        "no value in 'Entry Number' is an entry number CBP would take (the first reads 'E1')"
    )


def test_a_tracker_upload_counts_against_the_sessions_one_cap() -> None:
    """Security review 2, N5: tracker uploads skipped the per-session cap (120 MB taken under a 50 MB cap)."""
    from acecore.limits import Limits
    from acecore.tracker import load_tracker

    analysis = Analysis(Limits(session_upload_mb=1))
    header = "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\n"
    huge = (header + "BII05992854,filed,2026-05-01,X," + ",,," + "n" * 1_200_000 + "\n").encode()
    report = load_tracker(analysis, "big tracker.csv", huge)
    assert report.status == "error" and "takes at most" in report.errors[0]
    assert analysis.tracker_rows().num_rows == 0
