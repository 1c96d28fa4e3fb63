"""CSV exports as ACE and brokers produce them (es003-format.md section 2)."""

import json
import random
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acecore.analysis import Analysis
from tests.helpers import BASIC_HEADERS, csv_bytes, dec, entry_number, row

E1 = entry_number("BII", 599285)
E2 = entry_number("Z4K", 1234567)


def basic_rows() -> list[dict[str, str]]:
    return [
        row(E1, 1, 1, "99038803", "$0.00", "$2,500.00"),
        row(E1, 1, 2, "99030124", "$0.00", "$2,000.00"),
        row(E1, 1, 3, "3923900080", "$10,000.00", "$300.00"),
        row(E2, 1, 1, "99030125", "0.00", "150.25", country="VN", summary="2025-05-02"),
        row(E2, 1, 2, "6110202079", "1502.50", "(12.50)", country="VN", summary="2025-05-02"),
    ]


def loaded_lines(analysis: Analysis) -> list[dict]:
    return analysis.sql("SELECT * FROM lines ORDER BY entry_number, line_number, tariff_ordinal").to_pylist()


def expected_duty(rows: list[dict[str, str]]) -> Decimal:
    return sum((dec(r["Line Tariff Duty Amount"]) for r in rows), Decimal(0))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(analysis: Analysis, encoding: str) -> None:
    rows = basic_rows()
    headers = BASIC_HEADERS + ["Importer Name"]
    for r in rows:
        r["Importer Name"] = "Société Générale d’Import"  # é and a curly apostrophe: cp1252 has both
    report = analysis.add_file("es003.csv", csv_bytes(rows, headers, encoding=encoding))
    assert report.status == "ok", report.errors
    assert report.rows_kept == 5
    names = {r["importer_name"] for r in loaded_lines(analysis)}
    assert names == {"Société Générale d’Import"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(analysis: Analysis, delimiter: str) -> None:
    rows = basic_rows()
    report = analysis.add_file("es003.csv", csv_bytes(rows, BASIC_HEADERS, delimiter=delimiter))
    assert report.status == "ok", report.errors
    total = analysis.sql("SELECT sum(duty) AS d FROM lines").to_pylist()[0]["d"]
    assert total == expected_duty(rows)


def test_title_and_blank_rows_above_header(analysis: Analysis) -> None:
    data = csv_bytes(
        basic_rows(),
        BASIC_HEADERS,
        preamble=[
            "ES-003 Entry Summary Line Tariff Details",
            "FOR OFFICIAL USE ONLY",
            "",
            "Report Parameters: 01/01/2025 - 06/30/2025",
            "",
        ],
    )
    report = analysis.add_file("es003.csv", data)
    assert report.header_row == 6
    assert report.rows_kept == 5
    first = min(r["source_row"] for r in loaded_lines(analysis))
    assert first == 7  # the first data row is line 7 of the file


def test_blank_rows_among_the_data_are_not_rows_and_a_row_without_entry_number_is_skipped(
    analysis: Analysis,
) -> None:
    """Blank rows (every cell empty, as Excel writes them) are not counted as read; a row with cells but
    no entry number is read and skipped; and the row numbers stay those of the file."""
    width = len(BASIC_HEADERS)
    blank = ("," * (width - 1) + "\r\n").encode()
    no_entry = ("," * 3 + "Harbor Lane Goods" + "," * (width - 4) + "\r\n").encode()
    lines = csv_bytes(basic_rows(), BASIC_HEADERS).split(b"\r\n")
    data = b"\r\n".join([*lines[:3], b""]) + blank + blank + no_entry + b"\r\n".join(lines[3:])
    report = analysis.add_file("es003.csv", data)
    assert report.status == "ok", report.errors
    assert (report.rows_read, report.rows_kept, report.rows_skipped) == (6, 5, 1)
    rows = [r["source_row"] for r in loaded_lines(analysis)]
    assert sorted(rows) == [2, 3, 7, 8, 9]


def test_any_column_order_and_header_spelling(analysis: Analysis) -> None:
    rows = basic_rows()
    shuffled = BASIC_HEADERS[:]
    random.Random(3).shuffle(shuffled)
    respelled = {h: h.upper().replace(" ", "  ") for h in shuffled}
    respelled["HTS Number - Full"] = "hts number (full)"
    respelled["Line Tariff Duty Amount"] = "Line Duty Amount"  # an alias other parsers accept
    data = csv_bytes([{respelled[h]: r[h] for h in shuffled} for r in rows], [respelled[h] for h in shuffled])
    report = analysis.add_file("es003.csv", data)
    assert report.status == "ok", report.errors
    lines = loaded_lines(analysis)
    assert [(r["entry_number"], r["line_number"], r["tariff_ordinal"], r["hts"], r["duty"]) for r in lines] == [
        (
            r["Entry Summary Number"],
            int(r["Entry Summary Line Number"]),
            int(r["Tariff Ordinal Number"]),
            r["HTS Number - Full"],
            dec(r["Line Tariff Duty Amount"]),
        )
        for r in sorted(rows, key=lambda r: (r["Entry Summary Number"], r["Tariff Ordinal Number"]))
    ]


def test_unknown_columns_are_kept(analysis: Analysis) -> None:
    rows = basic_rows()
    for i, r in enumerate(rows):
        r["Broker Reference"] = f"REF-{i}"
        r["Manufacturer ID"] = "CNACMEFAC123SHE"
    report = analysis.add_file("es003.csv", csv_bytes(rows, BASIC_HEADERS + ["Broker Reference", "Manufacturer ID"]))
    assert report.columns_extra == ["Broker Reference", "Manufacturer ID"]
    extras = [json.loads(r["extra"]) for r in loaded_lines(analysis)]
    assert {e["Broker Reference"] for e in extras} == {f"REF-{i}" for i in range(5)}


def test_dates_in_mixed_forms(analysis: Analysis) -> None:
    rows = basic_rows()
    rows[0]["Entry Summary Date"] = "2025-03-14"
    rows[1]["Entry Summary Date"] = "45730"  # Excel serial for 2025-03-14
    rows[2]["Entry Summary Date"] = "3/14/2025"
    analysis.add_file("es003.csv", csv_bytes(rows, BASIC_HEADERS))
    entry = analysis.sql("SELECT entry_summary_date FROM entries WHERE entry_number = $e", e=E1).to_pylist()[0]
    assert str(entry["entry_summary_date"]) == "2025-03-14"


def test_dashed_entry_numbers_and_no_ordinal_column(analysis: Analysis) -> None:
    rows = basic_rows()
    headers = [h for h in BASIC_HEADERS if h != "Tariff Ordinal Number"]
    for r in rows:
        e = r["Entry Summary Number"]
        r["Entry Summary Number"] = f"{e[:3]}-{e[3:10]}-{e[10]}"
    report = analysis.add_file("es003.csv", csv_bytes(rows, headers))
    assert report.status == "ok"
    lines = loaded_lines(analysis)
    assert {r["entry_number"] for r in lines} == {E1, E2}
    # without the column, ordinals follow the rows' order within each line
    assert [(r["hts"], r["tariff_ordinal"]) for r in lines if r["entry_number"] == E1] == [
        ("99038803", 1),
        ("99030124", 2),
        ("3923900080", 3),
    ]


def test_unreadable_amount_flags_the_row_with_row_and_column(analysis: Analysis) -> None:
    rows = basic_rows()
    rows[3]["Line Tariff Duty Amount"] = "12,5"
    report = analysis.add_file("bad-amount.csv", csv_bytes(rows, BASIC_HEADERS))
    assert report.status == "ok"
    assert report.rows_kept == 5 and report.rows_flagged == 1
    issue = report.issues[0]
    assert (issue.row, issue.column) == (5, "Line Tariff Duty Amount")
    assert "12,5" in issue.message
    flagged = analysis.sql("SELECT problems, duty FROM lines WHERE len(problems) > 0").to_pylist()
    assert flagged == [{"problems": ["duty"], "duty": None}]


def test_cells_padded_with_spaces_or_wrapped_load_as_their_values(analysis: Analysis) -> None:
    """The reader trims every cell (white space, no-break and zero-width spaces, inside ="..." too):
    the SQL parsers trim nothing again."""
    rows = basic_rows()
    rows[0]["Line Tariff Duty Amount"] = " $2,500.00 "
    rows[1]["Line Tariff Duty Amount"] = "\u00a02000.00\u200b"
    rows[2]["Entry Summary Date"] = "\t03/14/2025 "
    rows[3]["Country of Origin Code"] = '=" vn "'
    rows[4]["Entry Summary Line Number"] = " 1 "
    rows[4]["Line Tariff Goods Value Amount"] = "  "
    report = analysis.add_file("padded.csv", csv_bytes(rows, BASIC_HEADERS))
    assert report.status == "ok" and report.rows_kept == 5 and report.rows_flagged == 0, report.issues
    lines = {(r["entry_number"], r["tariff_ordinal"]): r for r in loaded_lines(analysis)}
    assert lines[(E1, 1)]["duty"] == Decimal("2500.00") and lines[(E1, 2)]["duty"] == Decimal("2000.00")
    assert str(lines[(E1, 3)]["entry_summary_date"]) == "2025-03-14"
    assert lines[(E2, 1)]["country_of_origin"] == "VN"
    assert lines[(E2, 2)]["line_number"] == 1 and lines[(E2, 2)]["goods_value"] is None


def test_rows_without_entry_number_are_skipped_and_malformed_rows_reported(analysis: Analysis) -> None:
    data = csv_bytes(basic_rows(), BASIC_HEADERS) + b'Total,,,,,,,,,,"$4,938.25"\r\n' + b"oops,1,2\r\n"
    report = analysis.add_file("es003.csv", data)
    assert report.rows_kept == 5
    assert report.rows_skipped == 1  # "Total" is no entry number
    assert report.rows_rejected == 1  # "oops" has 3 fields
    messages = {i.row: i.message for i in report.issues}
    assert messages[7] == "not an entry number ('Total'): the row and its duty of $4,938.25 were skipped"
    assert "3 fields" in messages[8]  # a skipped row with money is named, never dropped without a word


def test_a_file_of_more_malformed_rows_than_any_export_has_is_refused_and_the_rest_stays(analysis: Analysis) -> None:
    """Each malformed row takes the parser's slow path: past readers.MAX_MALFORMED_ROWS the file is
    refused (a wrong delimiter, or a file made to hold a reader for minutes); up to it, it loads."""
    from acecore.readers import MAX_MALFORMED_ROWS

    good = csv_bytes(basic_rows(), BASIC_HEADERS)
    analysis.add_file("good.csv", good)
    broken = good + b"BII00000010,1\r\n" * MAX_MALFORMED_ROWS
    report = analysis.add_file("at-the-bound.csv", broken)
    assert (report.status, report.rows_kept, report.rows_rejected) == ("ok", 5, MAX_MALFORMED_ROWS)
    report = analysis.add_file("past-it.csv", broken + b"BII00000010,1\r\n")
    assert report.status == "error"
    assert report.errors == [
        f"more than {MAX_MALFORMED_ROWS:,} rows do not have the header's {len(BASIC_HEADERS)} fields: a wrong "
        "delimiter, or a damaged export; nothing was loaded from it"
    ]
    assert [r.rows_kept for r in analysis.reports] == [5, 5, 0]
    assert analysis.sql("SELECT count(*) AS n FROM lines")["n"].to_pylist() == [5]  # the same rows, merged


@pytest.mark.parametrize("start", [b"", b"\xef\xbb\xbf"])
def test_a_file_handed_over_as_a_bytearray_reads_the_same_and_is_let_go(start: bytes) -> None:
    """The reader child hands read_file its copy of the file as a bytearray, emptied once parsed."""
    from acecore.readers import read_file

    rows = [row(entry_number("BII", n), 1, 1, "9903.01.24", "100.00", f"{n}.25") for n in range(1, 40)]
    data = start + csv_bytes(rows, BASIC_HEADERS) + b"\r\n\r\n"
    handed = bytearray(data)
    mine, theirs = read_file("x.csv", handed), read_file("x.csv", data)
    assert handed == b"" and len(data) > 1000
    assert mine.table.equals(theirs.table) and mine.headers == theirs.headers and mine.table.num_rows == 41


def test_a_bytearray_still_viewed_by_a_parser_thread_is_emptied_once_let_go_and_never_fails_the_read() -> None:
    """pyarrow's threads let go of their view of the parsed bytes a moment after the parse returns, at
    times (CI once failed a read so: 'Existing exports of data'); emptying waits for it, and a view
    never let go leaves the bytes to the caller rather than failing the read."""
    import threading

    from acecore.readers import _let_go

    handed = bytearray(b"Entry Summary Number\n" * 100)
    view = memoryview(handed)
    threading.Timer(0.05, view.release).start()
    _let_go(handed)
    assert handed == b""

    kept = bytearray(b"x" * 100)
    held = memoryview(kept)
    _let_go(kept)
    assert len(kept) == 100 and held[0] == ord("x")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=' \t=",ab9\u00a0\u200b\u2003', max_size=8), min_size=1, max_size=6))
def test_what_a_csv_shows_as_a_whole_never_changes_how_its_cells_are_cleaned(cells: list[str]) -> None:
    """A file that is all ASCII, or has no '=' anywhere, skips those checks per column: its cells come
    out as the checks of every column would have made them."""
    import csv
    import io

    from acecore.readers import _cleaned, read_file

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Entry Summary Number", *(f"c{i}" for i in range(len(cells)))])
    writer.writerow(["BII00000010", *cells])
    data = out.getvalue().encode()
    fast = read_file("x.csv", data)
    raw = read_file("x.csv", data)
    written = dict(zip(raw.table.column_names, ["BII00000010", *cells], strict=False))  # c0.. cN, as written
    raw.table = pa.table(
        {**{name: pa.array([cell]) for name, cell in written.items()}, "_row": raw.table.column("_row")}
    )
    assert fast.table.equals(_cleaned(raw).table)
    framing = " \t\u00a0\u2003\u200b"  # and the SQL parsers rely on it: no cell comes out framed
    out_cells = [cell for name in fast.table.column_names[:-1] for cell in fast.table.column(name).to_pylist()]
    assert all(cell == cell.strip(framing) for cell in out_cells), out_cells


def test_a_column_is_seen_framed_by_white_space_in_any_chunk_or_slice() -> None:
    """The look at each cell's first and last byte that spares trimming reads Arrow's buffers itself:
    offsets of a slice, several chunks, empty cells and control characters."""
    from acecore.readers import _framed

    def framed(*chunks: pa.Array) -> bool:
        return _framed(pa.chunked_array(chunks, pa.string()))

    assert not framed(pa.array(["BII", "", "12.50"]), pa.array(["x"]))
    assert framed(pa.array(["BII", ""]), pa.array(["x", "12.50 "]))
    assert framed(pa.array(["a", "\tb"]))
    assert framed(pa.array(["a", "b\r"]))
    assert not framed(pa.array([" a", "b", "c "]).slice(1, 1))
    assert framed(pa.array([" a", "b", "c "]).slice(1, 2))
    assert framed(pa.array(["a", None]))  # a null: trimmed, to be safe
    assert not framed()


def test_an_export_without_entry_summary_dates_says_what_that_costs(analysis: Analysis) -> None:
    """A user's look (2026-12-02): a file without the column loaded green, and the Summary then said the
    files held no entry in the very month its entry dates named. Its rows load; the report says why
    coverage and deadlines cannot see them, and what to do."""
    from acecore.analysis import NO_SUMMARY_DATE

    rows = basic_rows()
    whole = analysis.add_file("whole.csv", csv_bytes(rows, BASIC_HEADERS))
    headers = [h for h in BASIC_HEADERS if h != "Entry Summary Date"]
    without = analysis.add_file("without.csv", csv_bytes(rows, headers))
    assert whole.status == without.status == "ok" and without.rows_kept == len(rows)
    assert NO_SUMMARY_DATE not in whole.warnings and NO_SUMMARY_DATE in without.warnings
