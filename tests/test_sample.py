"""The built-in sample follows the rules it is meant to exercise."""

import datetime as dt
from decimal import Decimal

from acecore import catalogue
from acecore.sample import generate
from tests.helpers import luhn_check_digit


def test_sample_is_deterministic_and_realistic() -> None:
    rows = generate(entries=200, seed=4)
    assert rows == generate(entries=200, seed=4)
    entries = {r["Entry Summary Number"] for r in rows}
    assert all(int(e[-1]) == luhn_check_digit(e[:10]) for e in entries)
    assert len({e[:3] for e in entries}) >= 3  # several brokers
    assert len({r["Importer Number"] for r in rows}) >= 3
    dates = [r["Entry Summary Date"] for r in rows]
    assert min(dates) >= dt.date(2024, 12, 1) and max(dates) <= dt.date(2026, 10, 31)
    assert {r["Liquidation Status"] for r in rows} >= {"Liquidated", "Unliquidated"}


def test_chapter99_rows_come_before_their_commodity_and_match_rates() -> None:
    rows = generate(entries=200, seed=4)
    by_line: dict[tuple, list[dict]] = {}
    for r in rows:
        by_line.setdefault((r["Entry Summary Number"], r["Entry Summary Line Number"]), []).append(r)
    ieepa_rows = 0
    for line in by_line.values():
        line.sort(key=lambda r: r["Tariff Ordinal Number"])
        *extra, commodity = line
        assert not commodity["HTS Number - Full"].startswith("99")
        assert all(r["HTS Number - Full"].startswith("99") and r["Line Tariff Goods Value Amount"] == 0 for r in extra)
        for r in extra:
            periods = [h for h in catalogue.headings() if h.heading_from <= r["HTS Number - Full"] <= h.heading_to]
            if periods[0].authority == "IEEPA" and periods[0].carries_duty:
                ieepa_rows += 1
                [heading] = [h for h in periods if h.applies(r["Country of Origin Code"], r["Entry Date"])]
                rate = heading.rate_pct / 100
                expected = (commodity["Line Tariff Goods Value Amount"] * rate).quantize(Decimal("0.01"))
                assert abs(r["Line Tariff Duty Amount"] - expected) <= Decimal("0.01")
    assert ieepa_rows > 100
    assert not any(
        r["HTS Number - Full"].startswith(("990301", "990302")) and r["Entry Date"] >= dt.date(2026, 2, 24)
        for r in rows
    )
