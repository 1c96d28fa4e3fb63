"""Altair charts built from query results. Amounts are plotted as floats (a bar's height needs no
cents) but every tooltip shows the exact amount, formatted from the decimal."""

from __future__ import annotations

from decimal import Decimal

import altair as alt
import pandas as pd
import pyarrow as pa

from acecore.coverage import Coverage, MonthCoverage
from acecore.export import dollars

STATUS_COLORS = {"ok": "#4c78a8", "low": "#f58518", "gap": "#e45756"}


def _frame(rows: list[dict], columns: list[str], money: tuple[str, ...]) -> pd.DataFrame:
    """The rows as a frame with these columns, also when there are none (a chart of nothing is empty)."""
    frame = pd.DataFrame(rows, columns=columns)
    for column in money:
        frame[f"{column}_text"] = [dollars(v) for v in frame[column]] if len(frame) else []
        frame[column] = [float(v or 0) for v in frame[column]] if len(frame) else []
    return frame


def coverage_chart(cov: Coverage) -> alt.LayerChart:
    """Entries per month of the window, coloured ok / low / gap, with gaps marked by a label."""
    frame = _frame(
        [m.model_dump() for m in cov.months],
        list(MonthCoverage.model_fields),
        ("entered_value", "total_duty", "ieepa_duty"),
    )
    frame["label"] = ["no entries" if s == "gap" else "" for s in frame["status"]]
    base = alt.Chart(frame).encode(x=alt.X("month:O", title="Month of entry summary date"))
    bars = base.mark_bar().encode(
        y=alt.Y("entries:Q", title="Entries"),
        color=alt.Color(
            "status:N", title="Month", scale=alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values()))
        ),
        tooltip=[
            "month",
            "entries",
            "lines",
            alt.Tooltip("total_duty_text", title="duty"),
            alt.Tooltip("ieepa_duty_text", title="IEEPA duty"),
            "status",
        ],
    )
    gaps = (
        base.transform_filter(alt.datum.status == "gap")
        .mark_text(angle=270, align="left", dx=4, color=STATUS_COLORS["gap"], fontWeight="bold")
        .encode(y=alt.value(0), text="label:N")
    )
    gap_ticks = (
        base.transform_filter(alt.datum.status == "gap")
        .mark_tick(color=STATUS_COLORS["gap"], thickness=3)
        .encode(y=alt.Y("entries:Q"))
    )
    return alt.LayerChart(layer=[bars, gap_ticks, gaps]).properties(height=260)


def ieepa_by_month_chart(table: pa.Table) -> alt.Chart:
    """Recoverable IEEPA duty per month, stacked by program."""
    frame = _frame(table.to_pylist(), table.column_names, ("ieepa_duty",))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="Month of entry summary date"),
            y=alt.Y("sum(ieepa_duty):Q", title="IEEPA duty ($)"),
            color=alt.Color("program:N", title="Program"),
            tooltip=["month:O", "program:N", alt.Tooltip("ieepa_duty_text", title="IEEPA duty")],
        )
        .properties(height=300)
    )


def ieepa_by_country_chart(summary: pa.Table) -> alt.Chart:
    """Recoverable IEEPA duty by country of origin, largest first."""
    totals: dict[str, Decimal] = {}
    for row in summary.to_pylist():
        if row["authority"] == "IEEPA" and row["recoverable_duty"]:
            country = row["country_of_origin"]
            totals[country] = totals.get(country, Decimal(0)) + row["recoverable_duty"]
    frame = _frame(
        [{"country": c, "ieepa_duty": d} for c, d in totals.items()], ["country", "ieepa_duty"], ("ieepa_duty",)
    )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", sort="-x", title="Country of origin"),
            x=alt.X("ieepa_duty:Q", title="IEEPA duty ($)"),
            tooltip=["country:N", alt.Tooltip("ieepa_duty_text", title="IEEPA duty")],
        )
        .properties(height=alt.Step(22))
    )
