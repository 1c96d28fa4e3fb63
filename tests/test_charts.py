"""Each chart carries the data of the query it was built from."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from acecore.analysis import Analysis
from acecore.charts import coverage_chart, ieepa_by_country_chart, ieepa_by_month_chart
from acecore.coverage import coverage
from acecore.ieepa import ieepa_by_month, ieepa_summary
from acecore.sample import generate, to_csv


def chart_rows(chart) -> list[dict]:  # noqa: ANN001 - any Altair chart
    spec = chart.to_dict()
    [rows] = spec["datasets"].values()
    return rows


def loaded() -> Analysis:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=200, seed=13)))
    return analysis


def test_coverage_chart_shows_every_month_and_marks_gaps() -> None:
    analysis = loaded()
    cov = coverage(analysis, dt.date(2026, 11, 24), 12)
    rows = chart_rows(coverage_chart(cov))
    assert [(r["month"], r["entries"], r["status"]) for r in rows] == [
        (m.month, m.entries, m.status) for m in cov.months
    ]
    assert [r["label"] for r in rows if r["status"] == "gap"] == ["no entries"] * len(cov.gaps)
    assert all(r["ieepa_duty_text"] == f"${m.ieepa_duty:,.2f}" for r, m in zip(rows, cov.months, strict=True))


def test_ieepa_by_month_chart_sums_to_the_query() -> None:
    analysis = loaded()
    table = ieepa_by_month(analysis)
    rows = chart_rows(ieepa_by_month_chart(table))
    assert len(rows) == table.num_rows
    assert round(sum(r["ieepa_duty"] for r in rows), 2) == float(
        analysis.sql("SELECT sum(ieepa_duty) AS d FROM entries").to_pylist()[0]["d"]
    )
    assert {r["program"] for r in rows} >= {"China/Hong Kong fentanyl", "Reciprocal baseline"}


def test_ieepa_by_country_chart() -> None:
    analysis = loaded()
    summary = ieepa_summary(analysis)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for r in summary.to_pylist():
        if r["authority"] == "IEEPA":
            expected[r["country_of_origin"]] += r["recoverable_duty"]
    rows = chart_rows(ieepa_by_country_chart(summary))
    assert {r["country"]: r["ieepa_duty_text"] for r in rows} == {c: f"${d:,.2f}" for c, d in expected.items() if d}


def test_the_next_90_days_show_every_week_however_few_the_dates() -> None:
    """One deadline is one bar among the 90 days' weeks, not a bar as wide as the chart (a user review)."""
    from acecore.charts import upcoming_chart

    as_of = dt.date(2026, 12, 3)  # a Thursday: its week starts on Monday, November 30
    item = {"kind": "deadline", "path": "CAPE declaration", "date": dt.date(2027, 1, 14), "ieepa_duty": Decimal("700")}
    chart = upcoming_chart([dict(item, entries=2)], as_of).to_dict()
    weeks = chart["encoding"]["x"]["scale"]["domain"]
    assert weeks[0] == "Nov 30" and weeks[-1] == "Mar 1" and len(weeks) == 14  # the week of March 3, 90 days on
    assert [(r["label"], r["what"]) for r in chart_rows(upcoming_chart([dict(item, entries=2)], as_of))] == [
        ("Jan 11", "CAPE declaration")
    ]
