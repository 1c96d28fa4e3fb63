"""Liquidation status, recovery path and deadline per entry, evaluated for an as-of date.

The rules are data (data/recovery_rules.csv: each with its source and the date it came into force);
sql/entry_status.sql and sql/routes.sql apply them. Where sources disagree the cautious deadline is
taken and the rule's note says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis

URGENCIES = ("overdue", "under 15 days", "under 45 days", "later", "no deadline")


def build_routes(analysis: Analysis, as_of: dt.date) -> None:
    """Build (or keep) the temporary table `routes` that later queries join: once per as-of date,
    data and filters."""
    analysis.query_setup("entry_status", as_of=as_of)
    analysis.query_setup("routes", as_of=as_of)


def routes(analysis: Analysis, as_of: dt.date) -> pa.Table:
    """Per entry: status, its basis, liquidation date (estimated or not), path, rule, deadline, days
    left, urgency, why, and every other path still open."""
    build_routes(analysis, as_of)
    return db.arrow(analysis.con, "SELECT * FROM routes ORDER BY entry_number")  # the table routes.sql built


RULES_CURRENT_AS_OF = dt.date(2026, 12, 1)  # the day the rules data was last checked against its sources


def events(as_of: dt.date) -> list[dict[str, str]]:
    """CAPE phases and court steps (data/events.csv) that had happened by the as-of date, newest first."""
    text = resources.files("acecore").joinpath("data", "events.csv").read_text(encoding="utf-8")
    with io.StringIO(text, newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if dt.date.fromisoformat(r["date"]) <= as_of]
    return sorted(rows, key=lambda r: r["date"], reverse=True)


def rules(analysis: Analysis) -> pa.Table:
    """The rule table as loaded, with sources: what the Help page and the notes show."""
    return db.arrow_file(analysis.con, "rules_table")
