"""Does the data cover the importer's recent entries? Month by month, by entry type, port and broker.

Importers must confirm that what they exported from ACE holds all their recent entries before they
trust any total: a missing month usually means a missing export (ACE reports time out on long date
ranges, so users split them: es003-format.md section 2, "Row limits"). For refunds the months that
must be complete are those of the IEEPA period (its first and last day come from data/chapter99.csv),
whatever the as-of date: that is a window of its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
from pydantic import BaseModel

from acecore.analysis import Analysis

LOW_SHARE = 0.25  # a month under this share of the median month's entries is called low
IEEPA_PERIOD = "IEEPA period"
WINDOWS: tuple[int | str, ...] = (6, 12, IEEPA_PERIOD)
DEFAULT_WINDOW = 12
Window = int | str  # months ending with the as-of month, or IEEPA_PERIOD


class MonthCoverage(BaseModel):
    month: str  # YYYY-MM of entry summary date
    entries: int
    lines: int
    total_duty: Decimal
    ieepa_duty: Decimal
    entered_value: Decimal
    status: str  # ok | low | gap | in progress (the as-of month, not over yet)


class Coverage(BaseModel):
    as_of: dt.date
    window: str  # what the window is, in words
    first_day: dt.date
    last_day: dt.date
    window_months: int
    months: list[MonthCoverage]
    median_entries: float | None
    gaps: list[str]
    low: list[str]
    before_window: int
    after_as_of: int
    no_summary_date: int
    verdict: str


def window_bounds(analysis: Analysis, as_of: dt.date, window: Window) -> tuple[dt.date, dt.date, str]:
    """First day (a month's first), last day, and the window in words."""
    if window == IEEPA_PERIOD:
        first, last = (
            analysis.sql("SELECT min(first_day) AS f, max(last_day) AS l FROM chapter99 WHERE authority = 'IEEPA'")
            .to_pylist()[0]
            .values()
        )
        return first.replace(day=1), min(last, as_of), f"IEEPA period ({first:%Y-%m-%d} to {last:%Y-%m-%d})"
    if not isinstance(window, int) or not 1 <= window <= 36:
        raise ValueError(f"the window is 1 to 36 months or {IEEPA_PERIOD!r}, not {window!r}")
    month = as_of.year * 12 + as_of.month - 1 - (window - 1)
    return dt.date(month // 12, month % 12 + 1, 1), as_of, f"the {window} months ending {as_of:%B %Y}"


def coverage(analysis: Analysis, as_of: dt.date, months: Window = DEFAULT_WINDOW) -> Coverage:
    first, last, words = window_bounds(analysis, as_of, months)
    params = {"first_day": first, "last_day": last}
    month_end = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    partial = last == as_of and last < month_end  # the as-of month, still under way
    rows = analysis.query("coverage_months", low_share=LOW_SHARE, partial_last=partial, **params).to_pylist()
    outside = analysis.query("coverage_outside", **params).to_pylist()[0]
    month_rows = [MonthCoverage(**{k: v for k, v in r.items() if k != "median_entries"}) for r in rows]
    gaps = [m.month for m in month_rows if m.status == "gap"]
    low = [m.month for m in month_rows if m.status == "low"]
    median = rows[0]["median_entries"] if rows else None
    verdict = _verdict(month_rows, gaps, low, outside)
    if months == IEEPA_PERIOD:
        verdict = f"{words}: {verdict}"
    return Coverage(
        as_of=as_of,
        window=words,
        first_day=first,
        last_day=last,
        window_months=len(month_rows),
        months=month_rows,
        median_entries=float(median) if median is not None else None,
        gaps=gaps,
        low=low,
        verdict=verdict,
        **outside,
    )


def _verdict(months: list[MonthCoverage], gaps: list[str], low: list[str], outside: dict[str, int]) -> str:
    running = [m.month for m in months if m.status == "in progress"]
    whole = len(months) - len(running)
    parts = [f"{whole - len(gaps)} of {whole} months present" + (f" ({running[0]} in progress)" if running else "")]
    if gaps:
        parts.append(f"no entries in {', '.join(gaps)}")
    parts.append(
        f"{len(low)} month{'s' if len(low) != 1 else ''} with under {LOW_SHARE:.0%} of your median volume"
        + (f" ({', '.join(low)})" if low else "")
    )
    apart = outside["before_window"] + outside["after_as_of"]
    if apart:
        parts.append(f"{apart:,} {'entry' if apart == 1 else 'entries'} outside the window counted apart")
    undated = outside["no_summary_date"]
    if undated:
        parts.append(f"{undated} {'entry' if undated == 1 else 'entries'} with no entry summary date (in no month)")
    return "; ".join(parts)


def coverage_by(analysis: Analysis, as_of: dt.date, months: Window = DEFAULT_WINDOW) -> pa.Table:
    """Entries per month by entry type, port and filer code (long form: dimension, value, month)."""
    first, last, _ = window_bounds(analysis, as_of, months)
    return analysis.query("coverage_by", first_day=first, last_day=last)


def coverage_files(analysis: Analysis, as_of: dt.date, months: Window = DEFAULT_WINDOW) -> pa.Table:
    """Entries per uploaded file and month, from every row of every file before merging."""
    first, last, _ = window_bounds(analysis, as_of, months)
    return analysis.query("coverage_files", first_day=first, last_day=last)
