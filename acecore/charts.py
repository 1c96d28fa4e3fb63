"""Altair charts built from query results. Amounts are plotted as floats (a bar's height needs no
cents) but every tooltip shows the exact amount, formatted from the decimal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import altair as alt
import pandas as pd
import pyarrow as pa

from acecore.coverage import Coverage, MonthCoverage
from acecore.export import dollars

STATUS_COLORS = {"ok": "#4c78a8", "low": "#f58518", "gap": "#e45756", "in progress": "#9ecae9"}
# $2.8M, $150k, $115: three significant digits (two made the ticks of small amounts repeat: $110 $110 $120); never "G"
DOLLAR_AXIS = alt.Axis(format="$,.3~s", labelExpr="replace(datum.label, 'G', 'B')")
# One colour per place of the money split, the same in every data set (a program's colour moved with the data).
PLACE_COLORS = {
    "CAPE declaration": "#2f7ed8",
    "protest (CBP Form 19)": "#8bbc21",
    "post-summary correction": "#77a1e5",
    "filed, waiting for CBP": "#a6c96a",
    "refunded": "#1aadce",
    "at risk: needs counsel": "#f28f43",
    "no path open today": "#b5b5b5",
}


def _frame(rows: list[dict], columns: list[str], money: tuple[str, ...]) -> pd.DataFrame:
    """The rows as a frame with these columns, also when there are none (a chart of nothing is empty)."""
    frame = pd.DataFrame(rows, columns=columns)
    for column in money:
        frame[f"{column}_text"] = [dollars(v) for v in frame[column]] if len(frame) else []
        frame[column] = [float(v or 0) for v in frame[column]] if len(frame) else []
    return frame


def _scale(colors: dict[str, str], present: set[str]) -> alt.Scale:
    """Fixed colours for the values a chart holds (the legend lists only those)."""
    shown = [k for k in colors if k in present]
    return alt.Scale(domain=shown, range=[colors[k] for k in shown])


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
        y=alt.Y("entries:Q", title="Entries", axis=alt.Axis(format="d", tickMinStep=1)),
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
            y=alt.Y("sum(ieepa_duty):Q", title="IEEPA duty", axis=DOLLAR_AXIS),
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
            x=alt.X("ieepa_duty:Q", title="IEEPA duty", axis=DOLLAR_AXIS),
            tooltip=["country:N", alt.Tooltip("ieepa_duty_text", title="IEEPA duty")],
        )
        .properties(height=alt.Step(22))
    )


def money_split_chart(split: list) -> alt.Chart:  # list[overview.Place]
    """One bar: where each dollar of IEEPA duty paid stands, place by place, in the summary's order."""
    rows = [
        {"place": p.place, "ieepa_duty": p.ieepa_duty, "entries": p.entries, "order": n} for n, p in enumerate(split)
    ]
    frame = _frame([r for r in rows if r["ieepa_duty"]], ["place", "ieepa_duty", "entries", "order"], ("ieepa_duty",))
    return (
        alt.Chart(frame)
        .mark_bar(size=36)
        .encode(
            x=alt.X("sum(ieepa_duty):Q", title=None, axis=DOLLAR_AXIS, stack="zero"),
            color=alt.Color(
                "place:N",
                title=None,
                scale=_scale(PLACE_COLORS, set(frame["place"])),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=260),  # a phone has room for one
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("place:N", title="Where"),
                alt.Tooltip("ieepa_duty_text", title="IEEPA duty"),
                "entries:Q",
            ],
        )
        .properties(height=140)  # the bar and its legend below (a chart's height holds both)
    )


KIND_WORDS = {"deadline": "deadline", "liquidation": "entries liquidate", "event": "rule or court date"}


def upcoming_chart(items: list[dict], as_of: dt.date) -> alt.Chart:
    """The next 90 days week by week (overdue ones in this week): the IEEPA duty whose deadline falls in each
    week, by path, and the duty of the entries that liquidate in it (from then the 80 days for CAPE run).
    The two-year dates for counsel are left out: one such date can dwarf every filing deadline; and contested
    duties, which are not IEEPA duty."""
    rows = []
    for i in items:
        if i["kind"] in ("event", "contested") or (i["kind"] == "deadline" and i["path"] == "at risk: needs counsel"):
            continue
        day = max(i["date"], as_of)
        monday = day - dt.timedelta(days=day.weekday())
        rows.append(
            {
                "week": monday.isoformat(),
                "label": f"{monday:%b} {monday.day}",
                "what": i["path"] if i["kind"] == "deadline" else "entries liquidating",
                "ieepa_duty": i["ieepa_duty"],
                "entries": i["entries"],
            }
        )
    frame = _frame(rows, ["week", "label", "what", "ieepa_duty", "entries"], ("ieepa_duty",))
    colors = {**PLACE_COLORS, "entries liquidating": "#c5b0d5"}
    first = as_of - dt.timedelta(days=as_of.weekday())
    weeks = [first + dt.timedelta(weeks=n) for n in range((as_of + dt.timedelta(days=90) - first).days // 7 + 1)]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            # every week of the 90 days on the axis, in order: one date alone is one narrow bar, not the width
            x=alt.X("label:O", title="Week of", scale=alt.Scale(domain=[f"{w:%b} {w.day}" for w in weeks])),
            y=alt.Y("sum(ieepa_duty):Q", title="IEEPA duty", axis=DOLLAR_AXIS),
            color=alt.Color(
                "what:N",
                title=None,
                scale=_scale(colors, set(frame["what"])),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=260),  # a phone has room for one
            ),
            tooltip=[
                alt.Tooltip("label:O", title="Week of"),
                "what:N",
                alt.Tooltip("ieepa_duty_text", title="IEEPA duty"),
                "entries:Q",
            ],
        )
        .properties(height=400)  # the bars, the week labels and the legend below
    )
