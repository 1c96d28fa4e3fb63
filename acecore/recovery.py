"""Liquidation status, recovery path and deadline per entry, evaluated for an as-of date.

The rules are data (data/recovery_rules.csv: each with its source and the date it came into force);
sql/entry_status.sql and sql/routes.sql apply them. Where sources disagree the cautious deadline is
taken and the rule's note says so.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis
from acecore.words import PATH_ACTIONS

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


def plan_for_people(analysis: Analysis, as_of: dt.date, only: list[str] | None = None) -> pa.Table:
    """The plan as the page and its download show it (sql/plan_view.sql), plain headers, with "What to do"
    beside each path; `only`: these entries alone."""
    build_routes(analysis, as_of)
    plan = db.arrow_file(analysis.con, "plan_view", only=only)
    todo = [PATH_ACTIONS.get(p, "") for p in plan["Path"].to_pylist()]
    return plan.add_column(plan.column_names.index("Tracker"), "What to do", pa.array(todo, pa.string()))


def rules(analysis: Analysis) -> pa.Table:
    """The rule table as loaded, with sources: what the Help page and the notes show."""
    return db.arrow_file(analysis.con, "rules_table")
