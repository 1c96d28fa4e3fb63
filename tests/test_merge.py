"""Several overlapping exports: one row per (entry, line, ordinal); totals reconcile to the cent."""

from collections import Counter
from decimal import Decimal

from acecore.analysis import Analysis
from acecore.sample import generate, to_csv, to_xlsx
from tests.helpers import BASIC_HEADERS, csv_bytes, entry_number, row

KEY = ("Entry Summary Number", "Entry Summary Line Number", "Tariff Ordinal Number")


def test_identical_repeats_count_once_across_csv_and_xlsx(analysis: Analysis) -> None:
    rows = generate(entries=80, seed=11)
    first_half = [r for r in rows if r["Entry Summary Date"].month % 2 == 0 or r["Entry Summary Date"].year == 2025]
    analysis.add_file("jan-jun.xlsx", to_xlsx(first_half))
    analysis.add_file("all.csv", to_csv(rows))
    analysis.add_file("all-again.csv", to_csv(rows))
    distinct = {tuple(r[k] for k in KEY) for r in rows}
    assert analysis.sql("SELECT count(*) AS n FROM lines").to_pylist()[0]["n"] == len(distinct) == len(rows)
    assert analysis.conflicts() == []
    expected = sum((r["Line Tariff Duty Amount"] for r in rows), Decimal(0))
    totals = analysis.sql("SELECT (SELECT sum(duty) FROM lines) AS l, sum(total_duty) AS e FROM entries").to_pylist()[0]
    assert totals["l"] == totals["e"] == expected


def test_differing_repeat_keeps_the_later_file_and_is_listed(analysis: Analysis) -> None:
    e = entry_number("Z4K", 1000001)
    old = [row(e, 1, 1, "99030124", "0", "2000.00"), row(e, 1, 2, "3923900080", "10000", "300.00")]
    new = [row(e, 1, 1, "99030124", "0", "2000.00"), row(e, 1, 2, "3923900080", "10000", "310.00")]
    analysis.add_file("march.csv", csv_bytes(old, BASIC_HEADERS))
    analysis.add_file("march-corrected.csv", csv_bytes(new, BASIC_HEADERS))
    lines = analysis.sql("SELECT tariff_ordinal, duty, source_file FROM lines ORDER BY 1").to_pylist()
    assert lines == [
        {"tariff_ordinal": 1, "duty": Decimal("2000.00"), "source_file": "march-corrected.csv"},
        {"tariff_ordinal": 2, "duty": Decimal("310.00"), "source_file": "march-corrected.csv"},
    ]
    [conflict] = analysis.conflicts()
    assert conflict.tariff_ordinal == 2
    assert (conflict.kept_file, conflict.dropped_file) == ("march-corrected.csv", "march.csv")
    assert conflict.differing == ["duty"]


def test_entry_fields_come_from_the_latest_file(analysis: Analysis) -> None:
    e = entry_number("Z4K", 1000002)
    first = [dict(row(e, 1, 1, "3923900080", "100", "3.00"), **{"Liquidation Status": "Unliquidated"})]
    later = [
        dict(
            row(e, 1, 1, "3923900080", "100", "3.00"),
            **{"Liquidation Status": "Liquidated", "Liquidation Date": "01/09/2026"},
        )
    ]
    headers = BASIC_HEADERS + ["Liquidation Status", "Liquidation Date"]
    analysis.add_file("a.csv", csv_bytes(first, headers))
    analysis.add_file("b.csv", csv_bytes(later, headers))
    entry = analysis.sql("SELECT liquidation_status, liquidation_date::VARCHAR AS d FROM entries").to_pylist()
    assert entry == [{"liquidation_status": "Liquidated", "d": "2026-01-09"}]


def test_per_entry_totals_reconcile_with_source_rows(analysis: Analysis) -> None:
    rows = generate(entries=150, seed=5)
    analysis.add_file("sample.csv", to_csv(rows))
    duty: Counter = Counter()
    ieepa: Counter = Counter()
    lines: dict[str, set] = {}
    for r in rows:
        e = r["Entry Summary Number"]
        duty[e] += r["Line Tariff Duty Amount"]
        if r["HTS Number - Full"].startswith(("990301", "990302")):
            ieepa[e] += r["Line Tariff Duty Amount"]
        lines.setdefault(e, set()).add(r["Entry Summary Line Number"])
    got = {r["entry_number"]: r for r in analysis.sql("SELECT * FROM entries").to_pylist()}
    assert set(got) == set(duty)
    for e, r in got.items():
        assert r["total_duty"] == duty[e]
        assert r["ieepa_duty"] == ieepa.get(e, Decimal(0))
        assert r["lines"] == len(lines[e])
        assert r["check_digit_valid"] is True
        assert r["filer_code"] == e[:3]
