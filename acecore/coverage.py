"""Does the data cover the importer's recent entries? Month by month, by entry type, port and broker.

Importers must confirm that what they exported from ACE holds all their recent entries before they
trust any total: a missing month usually means a missing export (ACE reports time out on long date
ranges, so users split them: es003-format.md section 2, "Row limits").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
from pydantic import BaseModel

from acecore.analysis import Analysis

LOW_SHARE = 0.25  # a month under this share of the median month's entries is called low
WINDOWS = (6, 12)
DEFAULT_WINDOW = 12


class MonthCoverage(BaseModel):
    month: str  # YYYY-MM of entry summary date
    entries: int
    lines: int
    total_duty: Decimal
    ieepa_duty: Decimal
    entered_value: Decimal
    status: str  # ok | low | gap


class Coverage(BaseModel):
    as_of: dt.date
    window_months: int
    months: list[MonthCoverage]
    median_entries: float | None
    gaps: list[str]
    low: list[str]
    before_window: int
    after_as_of: int
    no_summary_date: int
    verdict: str


def coverage(analysis: Analysis, as_of: dt.date, months: int = DEFAULT_WINDOW) -> Coverage:
    if not 1 <= months <= 36:
        raise ValueError(f"the window is 1 to 36 months, not {months}")
    params = {"as_of": as_of, "months": months}
    rows = analysis.query("coverage_months", low_share=LOW_SHARE, **params).to_pylist()
    outside = analysis.query("coverage_outside", **params).to_pylist()[0]
    month_rows = [MonthCoverage(**{k: v for k, v in r.items() if k != "median_entries"}) for r in rows]
    gaps = [m.month for m in month_rows if m.status == "gap"]
    low = [m.month for m in month_rows if m.status == "low"]
    median = rows[0]["median_entries"] if rows else None
    return Coverage(as_of=as_of, window_months=months, months=month_rows,
                    median_entries=float(median) if median is not None else None, gaps=gaps, low=low,
                    verdict=_verdict(month_rows, gaps, low, outside), **outside)


def _verdict(months: list[MonthCoverage], gaps: list[str], low: list[str], outside: dict[str, int]) -> str:
    present = len(months) - len(gaps)
    parts = [f"{present} of {len(months)} months present"]
    if gaps:
        parts.append(f"no entries in {', '.join(gaps)}")
    parts.append(f"{len(low)} month{'s' if len(low) != 1 else ''} with under {LOW_SHARE:.0%} of your median volume"
                 + (f" ({', '.join(low)})" if low else ""))
    apart = outside["before_window"] + outside["after_as_of"]
    if apart:
        parts.append(f"{apart} entries outside the window counted apart")
    undated = outside["no_summary_date"]
    if undated:
        parts.append(f"{undated} {'entry' if undated == 1 else 'entries'} with no entry summary date (in no month)")
    return "; ".join(parts)


def coverage_by(analysis: Analysis, as_of: dt.date, months: int = DEFAULT_WINDOW) -> pa.Table:
    """Entries per month by entry type, port and filer code (long form: dimension, value, month)."""
    return analysis.query("coverage_by", as_of=as_of, months=months)


def coverage_files(analysis: Analysis, as_of: dt.date, months: int = DEFAULT_WINDOW) -> pa.Table:
    """Entries per uploaded file and month, from every row of every file before merging."""
    return analysis.query("coverage_files", as_of=as_of, months=months)
