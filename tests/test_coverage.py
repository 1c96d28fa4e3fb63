"""Coverage over the window, against data whose truth the test counts itself."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from acecore.analysis import Analysis
from acecore.coverage import coverage, coverage_by, coverage_files
from acecore.sample import generate, to_csv
from tests.helpers import BASIC_HEADERS, csv_bytes, entry_number, row

AS_OF = dt.date(2026, 6, 15)
# entries per month: 2026-02 missing (gap), 2026-04 thin (low), 2026-06 the as-of month, under way
VOLUME = {
    "2025-06": 3,
    "2025-07": 8,
    "2025-08": 8,
    "2025-09": 8,
    "2025-10": 8,
    "2025-11": 8,
    "2025-12": 8,
    "2026-01": 8,
    "2026-03": 8,
    "2026-04": 1,
    "2026-05": 8,
}


def monthly_rows(volume: dict[str, int], filer: str = "Z4K", start: int = 3000000) -> list[dict[str, str]]:
    rows, serial = [], start
    for month, count in volume.items():
        year, mon = map(int, month.split("-"))
        for i in range(count):
            serial += 1
            day = f"{mon:02d}/{i % 27 + 1:02d}/{year}"
            rows.append(
                row(
                    entry_number(filer, serial),
                    1,
                    1,
                    "99030125",
                    "0",
                    "10.00",
                    summary=day,
                    entry_date=day,
                    port="2704" if i % 2 else "1001",
                    entry_type="01" if i % 4 else "11",
                )
            )
            rows.append(
                row(
                    entry_number(filer, serial),
                    1,
                    2,
                    "3923900080",
                    "100.00",
                    "3.00",
                    summary=day,
                    entry_date=day,
                    port="2704" if i % 2 else "1001",
                    entry_type="01" if i % 4 else "11",
                )
            )
    return rows


def test_months_gaps_low_months_and_verdict() -> None:
    analysis = Analysis()
    extra = [
        row(entry_number("Z4K", 3999991), 1, 1, "3923900080", "1", "1.00", summary="06/20/2026"),  # after as-of
        row(entry_number("Z4K", 3999992), 1, 1, "3923900080", "1", "1.00", summary=""),
    ]  # no date
    analysis.add_file("es003.csv", csv_bytes(monthly_rows(VOLUME) + extra, BASIC_HEADERS))
    cov = coverage(analysis, AS_OF, 12)
    assert [m.month for m in cov.months] == [
        f"{y}-{m:02d}" for y, m in [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 7)]
    ]
    counts = {m.month: m.entries for m in cov.months}
    assert counts == {m: VOLUME.get(m, 0) for m in counts}
    assert cov.gaps == ["2026-02"]  # June is under way on June 15: no gap, whatever it holds so far
    assert cov.months[-1].status == "in progress"
    assert cov.low == ["2026-04"]  # 1 < 25% of the median (8)
    assert cov.median_entries == 8
    assert (cov.before_window, cov.after_as_of, cov.no_summary_date) == (3, 1, 1)
    assert cov.verdict == (
        "10 of 11 months present (2026-06 in progress); no entries in 2026-02; 1 month with under 25% of your "
        "median volume (2026-04); 4 entries outside the window counted apart; 1 entry with no "
        "entry summary date (in no month)"
    )
    march = next(m for m in cov.months if m.month == "2026-03")
    assert (march.lines, march.total_duty, march.ieepa_duty, march.entered_value) == (
        8,
        Decimal("104.00"),
        Decimal("80.00"),
        Decimal("800.00"),
    )


def test_six_month_window() -> None:
    analysis = Analysis()
    analysis.add_file("es003.csv", csv_bytes(monthly_rows(VOLUME), BASIC_HEADERS))
    cov = coverage(analysis, AS_OF, 6)
    assert [m.month for m in cov.months][0] == "2026-01"
    assert cov.verdict.startswith("4 of 5 months present (2026-06 in progress)")
    assert cov.before_window == sum(v for m, v in VOLUME.items() if m < "2026-01")
    month_end = coverage(analysis, dt.date(2026, 6, 30), 6)  # on its last day a month is whole: a gap
    assert month_end.gaps == ["2026-02", "2026-06"] and month_end.verdict.startswith("4 of 6 months present;")


def test_empty_window() -> None:
    analysis = Analysis()
    analysis.add_file("es003.csv", csv_bytes(monthly_rows(VOLUME), BASIC_HEADERS))
    cov = coverage(analysis, dt.date(2030, 1, 31), 12)
    assert all(m.status == "gap" and m.entries == 0 and m.total_duty == 0 for m in cov.months)
    assert cov.median_entries is None and cov.low == []
    assert cov.before_window == sum(VOLUME.values())
    assert cov.verdict.startswith("0 of 12 months present")
    assert coverage_by(analysis, dt.date(2030, 1, 31)).num_rows == 0


def test_by_type_port_and_filer_match_an_independent_count() -> None:
    rows = generate(entries=300, seed=9)
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(rows))
    as_of = dt.date(2026, 10, 31)
    first = dt.date(2025, 11, 1)
    entries = {r["Entry Summary Number"]: r for r in rows if first <= r["Entry Summary Date"] <= as_of}
    expected = {
        "entry type": Counter(r["Entry Type Code"] for r in entries.values()),
        "port": Counter(r["Port of Entry Code"] for r in entries.values()),
        "filer": Counter(e[:3] for e in entries),
    }
    got: dict[str, Counter] = {d: Counter() for d in expected}
    for r in coverage_by(analysis, as_of, 12).to_pylist():
        got[r["dimension"]][r["value"]] += r["entries"]
    named = {"01": "consumption", "06": "consumption from a foreign-trade zone", "11": "informal", "21": "warehouse"}
    expected["entry type"] = Counter({f"{t} {named[t]}": n for t, n in expected["entry type"].items()})
    assert got == expected  # entry types with their names (data/entry_types.csv)


def test_which_file_covered_which_month() -> None:
    analysis = Analysis()
    first_half = {m: v for m, v in VOLUME.items() if m < "2026-01"}
    second_half = {m: v for m, v in VOLUME.items() if m >= "2026-01"}
    analysis.add_file("2025.csv", csv_bytes(monthly_rows(first_half), BASIC_HEADERS))
    analysis.add_file("2026.csv", csv_bytes(monthly_rows(second_half, start=3500000), BASIC_HEADERS))
    grid = {(r["file"], r["month"]): r["entries"] for r in coverage_files(analysis, AS_OF, 12).to_pylist()}
    assert grid == {
        **{("2025.csv", m): v for m, v in first_half.items() if m >= "2025-07"},
        **{("2026.csv", m): v for m, v in second_half.items()},
    }


@pytest.mark.parametrize("months", [0, 37])
def test_window_bounds(months: int) -> None:
    with pytest.raises(ValueError, match="1 to 36"):
        coverage(Analysis(), AS_OF, months)
