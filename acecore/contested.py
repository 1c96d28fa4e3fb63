"""Duties other than IEEPA that a court may yet strike down (Section 122, Section 301 forced labor, ...):
per entry, the duty paid under the measure's headings and what keeps a claim to it open on a date.

The measures are data (data/contested.csv: the case, where it stands, its source, the protest and suit
spans); sql/contested.sql applies them. A protest keeps a claim open; it does not win one. Nothing here
changes an IEEPA figure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis
from acecore.export import dollars

NOT_ADVICE = (
    "A protest or a suit keeps a claim open; it does not win one. Whether these duties come back depends on "
    "the courts. This is not legal advice: decide with counsel."
)


def build_contested(analysis: Analysis, as_of: dt.date) -> None:
    """Build (or keep) the temporary table `contested` that later queries join: once per as-of date and data."""
    analysis.query_setup("entry_status", as_of=as_of)
    analysis.query_setup("contested", as_of=as_of)


def contested(analysis: Analysis, as_of: dt.date, only: list[str] | None = None) -> pa.Table:
    """Per entry in view and contested measure: duty, liquidation status, path, deadline (estimated or
    not), days left, the date of the suit deadline, and the case's status with its source; `only`: these
    entries alone."""
    build_contested(analysis, as_of)
    with analysis.lock:
        return db.arrow_file(analysis.con, "contested_view", only=only)


def groups(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """The duty and entries on each measure and path (sql/contested_groups.sql), first deadline first."""
    build_contested(analysis, as_of)
    with analysis.lock:
        return db.arrow_file(analysis.con, "contested_groups", as_of=as_of).to_pylist()


def sentence(table: pa.Table) -> str | None:
    """One line for the first screen: how much contested duty, and the soonest protest to file."""
    if not table.num_rows:
        return None
    total = sum(table["duty"].to_pylist(), Decimal("0.00"))
    measures = sorted(set(table["measure"].to_pylist()))
    return (
        f"{dollars(total)} of other duty on {len(set(table['entry_number'].to_pylist())):,} entries "
        f"({', '.join(measures)}) is contested in court: not refundable today; a protest after liquidation keeps "
        "a claim open."
    )
