"""What the dashboard shows on top of every page and in the weekly to-do: headline numbers, the next
deadlines by path, and the choices the filters offer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel

from acecore import db
from acecore.analysis import Analysis
from acecore.recovery import build_routes
from acecore.tracker import DONE_STATUSES

ADMINISTRATIVE_PATHS = ("CAPE declaration", "post-summary correction", "protest (CBP Form 19)")
# What the importer (or its broker) does for each path: shown beside the week's deadlines.
ACTIONS = {
    "CAPE declaration": "Upload a CAPE declaration in the ACE Portal (CAPE tab): download the declaration "
    "file on the Recovery plan page.",
    "post-summary correction": "Ask your broker to file a post-summary correction removing the IEEPA lines.",
    "protest (CBP Form 19)": "File a protest (CBP Form 19) in ACE before the deadline; your broker or counsel "
    "can file it.",
    "at risk: needs counsel": "Talk to trade counsel: these entries are finally liquidated; refunds may need a "
    "court action.",
}


class Headline(BaseModel):
    ieepa_paid: Decimal
    recoverable_now: Decimal
    at_risk_15_days: Decimal
    recovered: Decimal
    ieepa_entries: int
    needs_counsel: Decimal


def headline(analysis: Analysis, as_of: dt.date) -> Headline:
    build_routes(analysis, as_of)
    [row] = db.arrow_file(
        analysis.con, "headline", open_paths=list(ADMINISTRATIVE_PATHS), done=list(DONE_STATUSES)
    ).to_pylist()
    return Headline(**row)


def this_week(analysis: Analysis, as_of: dt.date, days: int = 7) -> list[dict]:
    build_routes(analysis, as_of)
    rows = db.arrow_file(analysis.con, "this_week", as_of=as_of, days=days, done=list(DONE_STATUSES)).to_pylist()
    return [dict(r, action=ACTIONS.get(r["path"], "")) for r in rows]


UPCOMING_DAYS = 90  # the horizon of the dated things that change what an importer must do


def upcoming(analysis: Analysis, as_of: dt.date, days: int = UPCOMING_DAYS) -> list[dict]:
    """Deadlines (overdue ones first), liquidations and dated rule changes or court steps of the next
    `days` days, each with this importer's entries and IEEPA duty (sql/upcoming.sql)."""
    build_routes(analysis, as_of)
    return db.arrow_file(analysis.con, "upcoming", as_of=as_of, days=days, done=list(DONE_STATUSES)).to_pylist()


def filter_options(analysis: Analysis) -> dict[str, list[tuple[str, str]]]:
    """kind -> [(value, label)]: importer numbers (with names), filer codes, ports, IEEPA programs."""
    analysis.query_setup("filter_options")
    options: dict[str, list[tuple[str, str]]] = {"importer": [], "filer": [], "port": [], "program": []}
    for r in analysis.sql("SELECT * FROM filter_choices ORDER BY kind, value").to_pylist():
        label = f"{r['value']} {r['label']}" if r["label"] else r["value"]
        options[r["kind"]].append((r["value"], label))
    return options
