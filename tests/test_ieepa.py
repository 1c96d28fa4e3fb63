"""IEEPA isolation against hand-built entries whose truth the test states row by row."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from acecore import catalogue
from acecore.analysis import Analysis
from acecore.ieepa import duty_by_authority, headings, ieepa_line_count, ieepa_lines, ieepa_summary
from acecore.sample import generate, to_csv
from tests.helpers import BASIC_HEADERS, csv_bytes, entry_number, row

A, B, C, D, E, F, G = (entry_number("Z4K", n) for n in range(2000001, 2000008))

# (entry, line, ordinal, hts, value, duty, country, entry date) -> (authority, program, recoverable, rate check,
# period check)
CASES = [
    # China, May 2025: Section 301, fentanyl 20%, reciprocal 10%, commodity
    (
        (A, 1, 1, "99038803", "0", "2500.00", "CN", "05/05/2025"),
        ("Section 301", "Section 301 China (List 3)", "0", None, None),
    ),
    (
        (A, 1, 2, "99030124", "0", "2000.00", "CN", "05/05/2025"),
        ("IEEPA", "China/Hong Kong fentanyl", "2000.00", "ok", "ok"),
    ),
    (
        (A, 1, 3, "99030125", "0", "1000.00", "CN", "05/05/2025"),
        ("IEEPA", "Reciprocal baseline", "1000.00", "ok", "ok"),
    ),
    (
        (A, 1, 4, "3923900080", "10000.00", "300.00", "CN", "05/05/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # same entry, a steel line: Section 301 and 232 on one line, reciprocal exception heading at $0
    (
        (A, 2, 1, "99038803", "0", "500.00", "CN", "05/05/2025"),
        ("Section 301", "Section 301 China (List 3)", "0", None, None),
    ),
    (
        (A, 2, 2, "99030133", "0", "0.00", "CN", "05/05/2025"),
        ("IEEPA", "Reciprocal exception", "0", "exception: no duty", "ok"),
    ),
    (
        (A, 2, 3, "99038191", "0", "500.00", "CN", "05/05/2025"),
        ("Section 232", "Section 232 steel and aluminum", "0", None, None),
    ),
    (
        (A, 2, 4, "7318158066", "2000.00", "0.00", "CN", "05/05/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # Vietnam after 2025-08-07: country rate 20%
    (
        (B, 1, 1, "99030269", "0", "1000.00", "VN", "09/10/2025"),
        ("IEEPA", "Reciprocal by country", "1000.00", "ok", "ok"),
    ),
    (
        (B, 1, 2, "6110202079", "5000.00", "825.00", "VN", "09/10/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # a 9903 heading the catalogue does not know: shown, never counted as IEEPA
    (
        (C, 1, 1, "99030199", "0", "50.00", "CN", "05/05/2025"),
        ("unknown Chapter 99", "unknown Chapter 99", "0", None, None),
    ),
    (
        (C, 1, 2, "9503000073", "500.00", "0.00", "CN", "05/05/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # a duty far from rate x value: still recoverable (it was paid), but flagged
    (
        (D, 1, 1, "99030269", "0", "500.00", "VN", "09/10/2025"),
        ("IEEPA", "Reciprocal by country", "500.00", "duty far from rate x value", "ok"),
    ),
    (
        (D, 1, 2, "6110202079", "5000.00", "825.00", "VN", "09/10/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # a heading used before its period began
    (
        (E, 1, 1, "99030124", "0", "100.00", "CN", "01/15/2025"),
        ("IEEPA", "China/Hong Kong fentanyl", "100.00", "no rate to check", "outside the heading's period"),
    ),
    (
        (E, 1, 2, "3923900080", "1000.00", "30.00", "CN", "01/15/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # Section 122 after the ruling: not IEEPA
    (
        (F, 1, 1, "99030301", "0", "100.00", "DE", "03/02/2026"),
        ("Section 122", "Section 122 surcharge", "0", None, None),
    ),
    (
        (F, 1, 2, "8516604000", "1000.00", "0.00", "DE", "03/02/2026"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    # Mexico, USMCA: exception heading, nothing recoverable; and a Vietnam heading on a Mexican line
    (
        (G, 1, 1, "99030104", "0", "0.00", "MX", "06/02/2025"),
        ("IEEPA", "Mexico (border) exception", "0", "exception: no duty", "ok"),
    ),
    (
        (G, 1, 2, "8516604000", "800.00", "0.00", "MX", "06/02/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
    (
        (G, 2, 1, "99030269", "0", "20.00", "MX", "09/10/2025"),
        ("IEEPA", "Reciprocal by country", "20.00", "ok", "heading is for another country"),
    ),
    (
        (G, 2, 2, "8516604000", "100.00", "0.00", "MX", "09/10/2025"),
        ("ordinary duty", "ordinary duty", "0", None, None),
    ),
]


def load() -> Analysis:
    rows = [
        row(e, line, ordinal, hts, value, duty, country=country, entry_date=date, summary=date)
        for (e, line, ordinal, hts, value, duty, country, date), _ in CASES
    ]
    analysis = Analysis()
    analysis.add_file("cases.csv", csv_bytes(rows, BASIC_HEADERS))
    return analysis


def test_each_row_is_classified_as_stated() -> None:
    got = {
        (r["entry_number"], r["line_number"], r["tariff_ordinal"]): r
        for r in load().sql("SELECT * FROM tariff_classes").to_pylist()
    }
    assert len(got) == len(CASES)
    for (e, line, ordinal, *_), (authority, program, recoverable, rate_check, period_check) in CASES:
        r = got[(e, line, ordinal)]
        assert (r["authority"], r["program"]) == (authority, program), (e, line, ordinal)
        assert r["recoverable_duty"] == Decimal(recoverable), (e, line, ordinal)
        assert (r["rate_check"], r["period_check"]) == (rate_check, period_check), (e, line, ordinal)


def test_entry_totals_keep_ieepa_apart() -> None:
    entries = {r["entry_number"]: r for r in load().sql("SELECT * FROM entries").to_pylist()}
    expected: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for (e, _, _, _, _, duty, *_), (authority, _, recoverable, _, _) in CASES:
        expected[e]["total"] += Decimal(duty)
        expected[e]["ieepa"] += Decimal(recoverable)
        expected[e][authority] += Decimal(duty)
    for e, want in expected.items():
        got = entries[e]
        assert got["total_duty"] == want["total"]
        assert got["ieepa_duty"] == want["ieepa"]
        assert got["section301_duty"] == want["Section 301"]
        assert got["section232_duty"] == want["Section 232"]
        assert got["section122_duty"] == want["Section 122"]
        assert got["unknown_ch99_duty"] == want["unknown Chapter 99"]
        assert (
            got["ieepa_duty"]
            + got["section301_duty"]
            + got["section232_duty"]
            + got["section122_duty"]
            + got["unknown_ch99_duty"]
            + got["other_duty"]
            == got["total_duty"]
        )
    assert entries[C]["ieepa_duty"] == 0 and entries[C]["unknown_ch99_duty"] == Decimal("50.00")
    assert [entries[x]["ieepa_checks_failed"] for x in (A, B, D, E, G)] == [0, 0, 1, 1, 1]


def test_ieepa_lines_list_ieepa_and_unknown_rows_only() -> None:
    analysis = load()
    lines = ieepa_lines(analysis).to_pylist()
    expected = [
        (e, line, ordinal)
        for (e, line, ordinal, *_), (authority, *_) in CASES
        if authority in ("IEEPA", "unknown Chapter 99")
    ]
    assert sorted((r["entry_number"], r["line_number"], r["tariff_ordinal"]) for r in lines) == sorted(expected)
    unknown = [r for r in lines if r["authority"] == "unknown Chapter 99"]
    assert [(r["heading"], r["duty"], r["recoverable_duty"]) for r in unknown] == [
        ("9903.01.99", Decimal("50.00"), Decimal("0.00"))
    ]
    by_authority = {r["authority"]: r["duty"] for r in duty_by_authority(analysis).to_pylist()}
    assert by_authority["IEEPA"] == Decimal("4620.00")
    assert by_authority["Section 301"] == Decimal("3000.00") and by_authority["Section 232"] == Decimal("500.00")
    summary = {(r["program"], r["heading"], r["country_of_origin"]): r for r in ieepa_summary(analysis).to_pylist()}
    assert summary[("Reciprocal by country", "9903.02.69", "VN")]["recoverable_duty"] == Decimal("1500.00")
    assert summary[("Reciprocal by country", "9903.02.69", "VN")]["rows_flagged"] == 1


def test_the_lines_to_check_are_those_a_check_failed_on_or_no_heading_can_be_checked_for() -> None:
    analysis = load()
    every = ieepa_lines(analysis).to_pylist()
    passed = {"ok", "exception: no duty", "no rate to check"}
    expected = [r for r in every if r["rate_check"] not in passed or r["period_check"] != "ok"]
    assert ieepa_lines(analysis, to_check_only=True).to_pylist() == expected
    assert {r["entry_number"] for r in expected} == {C, D, E, G}  # the unknown heading, and a failed check each
    assert [ieepa_line_count(analysis, flag) for flag in (False, True)] == [len(every), len(expected)]
    assert ieepa_lines(analysis, limit=3).to_pylist() == every[:3]
    assert ieepa_lines(analysis, to_check_only=True, limit=2).to_pylist() == expected[:2]


def test_sample_recoverable_duty_matches_an_independent_reading_of_the_catalogue() -> None:
    rows = generate(entries=250, seed=21)
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(rows))
    recoverable: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        hts = r["HTS Number - Full"]
        matches = [h for h in catalogue.headings() if h.heading_from <= hts[:8] <= h.heading_to]
        if matches and matches[0].authority == "IEEPA" and matches[0].carries_duty:
            recoverable[r["Entry Summary Number"]] += r["Line Tariff Duty Amount"]
    got = {r["entry_number"]: r["ieepa_duty"] for r in analysis.sql("SELECT * FROM entries").to_pylist()}
    assert {e: d for e, d in got.items() if d} == {e: d for e, d in recoverable.items() if d}
    checks = analysis.sql("SELECT DISTINCT rate_check, period_check FROM tariff_classes WHERE authority = 'IEEPA'")
    assert set(map(tuple, (r.values() for r in checks.to_pylist()))) <= {("ok", "ok"), ("exception: no duty", "ok")}


def test_every_catalogue_row_cites_a_source_and_a_valid_period() -> None:
    for h in catalogue.headings():
        assert h.source.strip(), h
        assert len(h.heading_from) == len(h.heading_to) == 8 and h.heading_from <= h.heading_to
        assert h.heading_from.startswith("9903")
        assert h.last_day is None or h.first_day <= h.last_day
        assert h.authority in {"IEEPA", "Section 301", "Section 232", "Section 201", "Section 122", "Section 338"}
        if h.authority == "IEEPA":  # no IEEPA duty was collected on or after 2026-02-24 (CSMS #67834313)
            assert h.last_day is not None and h.last_day <= dt.date(2026, 2, 23)


def test_each_ieepa_line_finds_its_heading_and_source_once_in_headings() -> None:
    """ieepa_lines.csv says each heading's source no more: headings.csv does, once per heading and period."""
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=300, seed=11)))
    cited = {(h["heading"], h["period_from"]): h for h in headings(analysis).to_pylist()}
    assert len(cited) == headings(analysis).num_rows  # one row per heading and period
    ieepa = [r for r in ieepa_lines(analysis).to_pylist() if r["authority"] == "IEEPA"]
    assert ieepa and "source" not in ieepa[0]
    for line in ieepa:
        heading = cited[(line["heading"], line["period_from"])]
        assert heading["source"].strip() and heading["program"] == line["program"]
        assert heading["rate_pct"] == line["rate_pct"]
        assert heading["period_from"] <= line["entry_summary_date"] or line["period_check"] != "ok"
    assert sum(h["lines"] for h in cited.values()) == len(ieepa)
