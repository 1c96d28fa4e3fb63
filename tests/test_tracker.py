"""The entry tracker: round trip, user edits kept, Excel-safe cells, reconciliation and interest."""

import csv
import datetime as dt
import io
import math
from decimal import Decimal

import pytest

from acecore.analysis import Analysis
from acecore.export import csv_bytes
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker, load_tracker, reconcile, tracker_table
from tests.helpers import parse_csv, write_csv

AS_OF = dt.date(2026, 11, 24)


def loaded(entries: int = 120, seed: int = 31) -> Analysis:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=entries, seed=seed)))
    return analysis


def test_round_trip_changes_nothing() -> None:
    analysis = loaded()
    first = export_tracker(analysis, AS_OF)
    rows = parse_csv(first)
    rows[0].update(
        action_status="filed",
        filed_date="2026-11-02",
        reference="CAPE-000123",
        notes='=HYPERLINK("http://x")\nsecond line, "quoted"',
    )
    rows[1].update(
        action_status="refunded",
        refund_amount="1234.56",
        refund_date="2026-10-30",
        interest_amount="-12.50",
        notes="-minus first; +plus; @at",
    )
    report = load_tracker(analysis, "tracker.csv", write_csv(rows))
    assert report.status == "ok" and report.issues == [] and report.matched == len(rows)
    second = export_tracker(analysis, AS_OF)
    assert load_tracker(analysis, "tracker.csv", second).issues == []
    assert export_tracker(analysis, AS_OF) == second
    kept = {r["entry_number"]: r for r in parse_csv(second)}
    assert kept[rows[0]["entry_number"]]["notes"] == "'" + '=HYPERLINK("http://x")\nsecond line, "quoted"'
    assert kept[rows[1]["entry_number"]]["interest_amount"] == "-12.50"  # a negative amount stays a number
    assert kept[rows[1]["entry_number"]]["notes"] == "'-minus first; +plus; @at"
    values = {r["entry_number"]: r for r in tracker_table(analysis, AS_OF).to_pylist()}
    assert values[rows[0]["entry_number"]]["notes"] == '=HYPERLINK("http://x")\nsecond line, "quoted"'
    assert values[rows[1]["entry_number"]]["refund_amount"] == Decimal("1234.56")


def test_edits_made_in_excel_are_read() -> None:
    analysis = loaded()
    rows = parse_csv(export_tracker(analysis, AS_OF))
    target = rows[2]["entry_number"]
    rows[2].update(
        entry_number=f"{target[:3]}-{target[3:10]}-{target[10]}",
        action_status="Accepted",
        filed_date="11/2/2026",
        refund_amount="$1,000.00",
        refund_date="12/01/2026",
    )
    load_tracker(analysis, "from-excel.csv", write_csv(rows))
    row = next(r for r in tracker_table(analysis, AS_OF).to_pylist() if r["entry_number"] == target)
    assert (row["action_status"], row["filed_date"], row["refund_amount"], row["refund_date"]) == (
        "accepted",
        dt.date(2026, 11, 2),
        Decimal("1000.00"),
        dt.date(2026, 12, 1),
    )


def test_bad_cells_are_named_and_the_rest_kept() -> None:
    analysis = loaded()
    rows = parse_csv(export_tracker(analysis, AS_OF))
    rows[0]["action_status"] = "sent to broker"
    rows[1]["refund_amount"] = "12,5"
    rows[3]["filed_date"] = "yesterday"
    rows.append(dict(rows[4], notes="second copy"))
    report = load_tracker(analysis, "tracker.csv", write_csv(rows))
    assert report.status == "ok"
    found = {(i.row, i.column) for i in report.issues}
    assert {(2, "action_status"), (3, "refund_amount"), (5, "filed_date"), (6, "entry_number")} <= found
    assert any("appears again" in i.message for i in report.issues)
    notes = {r["entry_number"]: r["notes"] for r in tracker_table(analysis, AS_OF).to_pylist()}
    assert notes[rows[4]["entry_number"]] == "second copy"  # the last row of an entry wins


def test_a_file_that_is_not_a_tracker_keeps_the_current_one() -> None:
    analysis = loaded()
    rows = parse_csv(export_tracker(analysis, AS_OF))
    rows[0]["notes"] = "keep me"
    load_tracker(analysis, "tracker.csv", write_csv(rows))
    report = load_tracker(analysis, "es003.csv", to_csv(generate(entries=5)))
    assert report.status == "error" and "not an ace-refunds tracker" in report.errors[0]
    assert "keep me" in [r["notes"] for r in tracker_table(analysis, AS_OF).to_pylist()]


def test_entries_that_left_and_joined_are_listed() -> None:
    analysis = loaded()
    rows = parse_csv(export_tracker(analysis, AS_OF))
    gone = {"entry_number": "Z4K99999990", **{k: "" for k in rows[0] if k != "entry_number"}}
    gone["notes"] = "from an older export"
    kept = rows[1:]
    report = load_tracker(analysis, "tracker.csv", write_csv([gone, *kept]))
    assert report.left == ["Z4K99999990"]
    assert report.joined == [rows[0]["entry_number"]]
    assert report.matched == len(kept)


def test_reconciliation_and_interest() -> None:
    analysis = loaded()
    table = {r["entry_number"]: r for r in tracker_table(analysis, AS_OF).to_pylist()}
    full, short, over = list(table)[:3]
    rows = parse_csv(export_tracker(analysis, AS_OF))
    by_entry = {r["entry_number"]: r for r in rows}
    by_entry[full].update(
        refund_amount=f"{table[full]['ieepa_duty']:.2f}",
        refund_date="2026-08-14",
        interest_amount="100.00",
        action_status="refunded",
    )
    by_entry[short].update(refund_amount=f"{table[short]['ieepa_duty'] - Decimal('50'):.2f}", refund_date="2026-09-01")
    by_entry[over].update(refund_amount=f"{table[over]['ieepa_duty'] + Decimal('0.50'):.2f}", refund_date="2026-09-01")
    load_tracker(analysis, "tracker.csv", write_csv(rows))
    detail, total = reconcile(analysis, AS_OF)
    got = {r["entry_number"]: r for r in detail.to_pylist()}
    assert got[full]["refund_status"] == "refunded in full" and got[full]["variance"] == 0
    assert got[short]["refund_status"] == "refunded short" and got[short]["variance"] == Decimal("-50.00")
    assert got[over]["refund_status"] == "refunded in full"  # within the dollar tolerance
    assert total["expected"] == sum(r["ieepa_duty"] for r in table.values())
    assert total["received"] == sum(Decimal(by_entry[e]["refund_amount"]) for e in (full, short, over))
    assert total["variance"] == total["received"] - total["expected"]
    assert total["not yet refunded"] == len(got) - 3
    # interest: daily compounding at the quarterly overpayment rate, from deposit to refund
    r = got[full]
    expected_interest = _interest(r["expected"], r["deposit_date"], dt.date(2026, 8, 14))
    assert r["interest_estimate"] == expected_interest
    assert r["interest_received"] == Decimal("100.00")
    assert r["interest_rate_assumed"] is False  # 2026 quarters are in data/interest_rates.csv (rules-audit.md)


def _interest(principal: Decimal, start: dt.date, end: dt.date) -> Decimal:
    """Independent reference: corporate overpayment rates of data/interest_rates.csv (5% in 2026 Q2)."""

    def rate(day: dt.date) -> float:
        if day < dt.date(2025, 1, 1):
            return 0.07
        return 0.05 if dt.date(2026, 4, 1) <= day <= dt.date(2026, 6, 30) else 0.06

    log_factor = 0.0
    day = start
    while day < end:
        log_factor += math.log(1 + rate(day) / (366 if day.year % 4 == 0 else 365))
        day += dt.timedelta(days=1)
    return (principal * Decimal(str(math.exp(log_factor) - 1))).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    "text, safe",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
    ],
)
def test_formula_cells_are_neutralised_and_numbers_are_not(text: str, safe: str) -> None:
    import pyarrow as pa

    data = csv_bytes(pa.table({"note": [text], "amount": pa.array([Decimal("-12.50")], pa.decimal128(18, 2))}))
    [row] = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
    assert row["note"] == safe
    assert row["amount"] == "-12.50"


def test_a_tracker_saved_as_xlsx_is_read() -> None:
    from openpyxl import Workbook

    analysis = loaded()
    rows = parse_csv(export_tracker(analysis, AS_OF))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for r in rows:
        r = dict(r, action_status="Prepared", notes="saved from Excel")
        sheet.append([dt.date.fromisoformat(v) if k.endswith("_date") and v else v for k, v in r.items()])
    out = io.BytesIO()
    workbook.save(out)
    report = load_tracker(analysis, "tracker.xlsx", out.getvalue())
    assert report.status == "ok" and report.issues == [] and report.matched == len(rows)
    assert {(r["action_status"], r["notes"]) for r in tracker_table(analysis, AS_OF).to_pylist()} == {
        ("prepared", "saved from Excel")
    }
