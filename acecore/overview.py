"""What the dashboard shows first: the headline numbers, where every dollar of IEEPA duty paid stands,
what is due within the one horizon of "urgent" (shared by the headline, the summary and the plan), the
dated things of the next 90 days, and the choices the filters offer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel

from acecore import db
from acecore.analysis import Analysis
from acecore.contested import build_contested
from acecore.export import dollars
from acecore.recovery import build_routes
from acecore.tracker import DONE_STATUSES
from acecore.words import PATH_ACTIONS

ADMINISTRATIVE_PATHS = ("CAPE declaration", "post-summary correction", "protest (CBP Form 19)")
URGENT_DAYS = 14  # "urgent": due by the as-of date + 14 days (the urgency buckets overdue and under 15 days)
UPCOMING_DAYS = 90  # the horizon of the dated things that change what an importer must do

# The places of the money split, in the order the summary tells them.
PLACES = (
    "CAPE declaration",
    "protest (CBP Form 19)",
    "post-summary correction",
    "filed, waiting for CBP",
    "refunded",
    "at risk: needs counsel",
    "no path open today",
)


def urgent_by(as_of: dt.date) -> dt.date:
    """The last day of the one horizon of "urgent"."""
    return as_of + dt.timedelta(days=URGENT_DAYS)


class Headline(BaseModel):
    ieepa_paid: Decimal
    recoverable_now: Decimal
    due_soon: Decimal  # not yet filed, due by urgent_by(as_of) or overdue
    recovered: Decimal
    ieepa_entries: int
    needs_counsel: Decimal


def headline(analysis: Analysis, as_of: dt.date) -> Headline:
    build_routes(analysis, as_of)
    [row] = db.arrow_file(
        analysis.con, "headline", open_paths=list(ADMINISTRATIVE_PATHS), done=list(DONE_STATUSES)
    ).to_pylist()
    return Headline(**row)


class Place(BaseModel):
    place: str
    entries: int
    ieepa_duty: Decimal


def money_split(analysis: Analysis, as_of: dt.date) -> list[Place]:
    """Where the IEEPA duty paid stands, place by place (PLACES order, none left out): the amounts add up
    to the headline's IEEPA duty paid, and the first four to its recoverable now."""
    build_routes(analysis, as_of)
    found = {
        r["place"]: Place(**r)
        for r in db.arrow_file(
            analysis.con, "money_split", open_paths=list(ADMINISTRATIVE_PATHS), done=list(DONE_STATUSES)
        ).to_pylist()
    }
    return [found.get(p, Place(place=p, entries=0, ieepa_duty=Decimal("0.00"))) for p in PLACES]


def money_sentence(split: list[Place]) -> str:
    """The split in one or two sentences that add up: paid, recoverable now by path, and the rest."""
    amount = {p.place: p.ieepa_duty for p in split}
    paid = sum(amount.values(), Decimal("0.00"))
    if not paid:
        return "No IEEPA duty to recover in these files."
    now = [p for p in split[:4] if p.ieepa_duty]
    recoverable = sum((p.ieepa_duty for p in now), Decimal("0.00"))
    ways = {
        "CAPE declaration": "by CAPE declaration",
        "protest (CBP Form 19)": "by protest",
        "post-summary correction": "by post-summary correction",
        "filed, waiting for CBP": "already filed and waiting for CBP",
    }
    parts = [f"{dollars(p.ieepa_duty)} {ways[p.place]}" for p in now]
    said = f"You paid {dollars(paid)} in IEEPA duty. "
    said += f"{dollars(recoverable)} can be recovered now: {_listed(parts)}. " if now else "Nothing can be filed now. "
    rest = {
        "refunded": "is refunded",
        "at risk: needs counsel": "is at risk: needs counsel (finally liquidated)",
        "no path open today": "has no path open today",
    }
    others = [f"{dollars(amount[k])} {words}." for k, words in rest.items() if amount[k]]  # a sentence each
    if not amount["refunded"]:
        others.append("Nothing is refunded yet.")
    return said + " ".join(others)


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def due_soon(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """By path, what is due by urgent_by(as_of) and not yet filed, with those due today or overdue
    (`due_now`, `due_now_duty`) counted apart, and what to do."""
    build_routes(analysis, as_of)
    rows = db.arrow_file(analysis.con, "due_soon", as_of=as_of, days=URGENT_DAYS, done=list(DONE_STATUSES))
    return [dict(r, action=PATH_ACTIONS.get(r["path"], "")) for r in rows.to_pylist()]


def next_deadline(groups: list[dict]) -> dt.date | None:
    """The first deadline after today among `due_soon`'s groups (each holds its path's next one), if any."""
    return min((g["next_deadline"] for g in groups if g["next_deadline"] is not None), default=None)


def upcoming(analysis: Analysis, as_of: dt.date, days: int = UPCOMING_DAYS) -> list[dict]:
    """Deadlines (overdue ones first), liquidations and dated rule changes or court steps of the next
    `days` days, each with this importer's entries and IEEPA duty, and the last days to protest contested
    duties, with that duty apart (sql/upcoming.sql)."""
    build_routes(analysis, as_of)
    build_contested(analysis, as_of)
    return db.arrow_file(analysis.con, "upcoming", as_of=as_of, days=days, done=list(DONE_STATUSES)).to_pylist()


def filter_options(analysis: Analysis) -> dict[str, list[tuple[str, str]]]:
    """kind -> [(value, label)]: importer numbers (with names), filer codes, ports, IEEPA programs."""
    analysis.query_setup("filter_options")
    options: dict[str, list[tuple[str, str]]] = {"importer": [], "filer": [], "port": [], "program": []}
    for r in analysis.sql("SELECT * FROM filter_choices ORDER BY kind, value").to_pylist():
        label = f"{r['value']} {r['label']}" if r["label"] else r["value"]
        options[r["kind"]].append((r["value"], label))
    return options
