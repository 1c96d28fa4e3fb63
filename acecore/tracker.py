"""The entry tracker: download it, edit it (in Excel or on the page), upload it again; and reconcile
what CBP paid back against what was expected.

The tracker holds the facts from the data (re-derived on every download) and the user's working
columns (kept, matched by entry number). A download, upload and download again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, Field

from acecore import db
from acecore.analysis import Analysis, log_error, short_hash
from acecore.columns import header_key
from acecore.contested import build_contested
from acecore.export import csv_bytes
from acecore.isolation import read_isolated
from acecore.models import RowIssue
from acecore.readers import RawSheet, ReadError
from acecore.recovery import build_routes

ACTION_STATUSES = ("not started", "prepared", "filed", "accepted", "rejected", "refunded", "protest open")
# nothing left to file for these entries; an open protest is filed, and keeps the entry out of CAPE
DONE_STATUSES = ("filed", "accepted", "refunded", "protest open")
PAYEES = ("importer", "4811 party", "broker")  # who CBP paid: the importer, a Form 4811 party, a broker
ACH_STATUSES = ("paid", "rejected")  # an ACH refund CBP sent, or one the bank returned (REV-613)
CONTESTED_STATUSES = ("not started", "protest filed", "suit filed", "not pursued")  # a contested duty's claim
USER_COLUMNS = (
    "action_status",
    "filed_date",
    "reference",
    "refund_amount",
    "refund_date",
    "interest_amount",
    "notes",
    "offset_amount",
    "paid_to",
    "ach_status",
    "contested_status",
)
LATER_COLUMNS = USER_COLUMNS[7:]  # a tracker saved before these existed is still a tracker: they stay as saved
REFUND_STATUSES = (  # reconcile.sql's refund_status, in the order the page tells them
    "not yet refunded",
    "refunded in full",
    "offset (funds diverted)",
    "paid to another party",
    "refunded short",
    "refunded more than expected",
    "ACH rejected",
)
MATCH_TOLERANCE = Decimal("1.00")  # a refund within a dollar of the expected amount is a match
_FLAG_TEXT = {
    "entry_number": "not a valid entry number (check digit)",
    "action_status": "unknown status {value!r}: use " + ", ".join(ACTION_STATUSES),
    "filed_date": "cannot read {value!r} as a date",
    "refund_date": "cannot read {value!r} as a date",
    "refund_amount": "cannot read {value!r} as an amount of 0 or more; the previous value is kept",
    "interest_amount": "cannot read {value!r} as an amount; the previous value is kept",
    "offset_amount": "cannot read {value!r} as an amount of 0 or more; the previous value is kept",
    "paid_to": "unknown payee {value!r}: use " + ", ".join(PAYEES),
    "ach_status": "unknown ACH status {value!r}: use " + ", ".join(ACH_STATUSES),
    "contested_status": "unknown status {value!r}: use " + ", ".join(CONTESTED_STATUSES),
}
_FACT_COLUMNS = (
    "importer_number",
    "importer_name",
    "filer_code",
    "entry_type",
    "entry_summary_date",
    "port_code",
    "ieepa_duty",
    "liquidation_status",
    "liquidation_date",
    "liquidation_date_estimated",
    "liquidation_basis",
    "path",
    "deadline",
    "days_left",
    "urgency",
    "rule_id",
    "rule_ends",
    "contested_duty",
    "contested_path",
    "contested_deadline",
    "in_current_data",
)


class TrackerReport(BaseModel):
    name: str
    status: str  # ok | error
    rows_read: int = 0
    entries: int = 0
    matched: int = Field(0, description="tracker entries found in the data")
    left: list[str] = Field(default_factory=list, description="in the tracker, no longer in the data")
    joined: list[str] = Field(default_factory=list, description="IEEPA entries in the data, not in the tracker")
    errors: list[str] = Field(default_factory=list)
    ignored_columns: list[str] = Field(default_factory=list, description="columns the tracker does not keep")
    issues: list[RowIssue] = Field(default_factory=list)


def tracker_table(analysis: Analysis, as_of: dt.date, everything: bool = False) -> pa.Table:
    """The entries in view (filters applied); with `everything`, every entry and every tracker row."""
    with analysis.lock:
        build_routes(analysis, as_of)
        build_contested(analysis, as_of)
        return db.arrow_file(analysis.con, "tracker_view", everything=everything)


def export_tracker(analysis: Analysis, as_of: dt.date) -> bytes:
    """The whole tracker, whatever the filters, with the entries no longer in the data marked."""
    return csv_bytes(tracker_table(analysis, as_of, everything=True))


def load_tracker(analysis: Analysis, name: str, data: bytes) -> TrackerReport:
    """Take the user's columns from an uploaded tracker; a bad file leaves the current tracker as it is."""
    try:
        analysis.check_room(len(data))  # a tracker is bounded like any upload (it is read, typed and saved)
        sheet = read_isolated(name, data, multiline=True, limits=analysis.limits)
        with analysis.lock:
            return _take(analysis, name, sheet)
    except ReadError as error:
        return TrackerReport(name=name, status="error", errors=[str(error)])
    except Exception as error:  # not foreseen: the transaction is undone, the tracker stays as it was
        log_error(f"loading tracker#{short_hash(name)}", error)
        return TrackerReport(
            name=name,
            status="error",
            errors=[f"the tracker could not be taken ({type(error).__name__}); the tracker is as it was before"],
        )


def saved_rows(analysis: Analysis) -> dict[str, dict[str, Any]]:
    """The tracker's rows as they are, by entry number."""
    return {r["entry_number"]: r for r in analysis.tracker_rows().to_pylist()}


def take_changes(analysis: Analysis, name: str, changes: dict[str, dict[str, Any]], note: str) -> TrackerReport | None:
    """Set some working columns of some entries (entry -> column -> value), keep their other columns,
    add `note` to their notes; through the same path as an uploaded tracker. None when nothing changes."""
    if not changes:
        return None
    kept = saved_rows(analysis)
    rows = []
    for entry, values in changes.items():
        before = kept.get(entry, {})
        notes = "; ".join(n for n in (before.get("notes"), note) if n)
        rows.append({"entry_number": entry} | {c: before.get(c) for c in USER_COLUMNS} | values | {"notes": notes})
    return load_tracker(analysis, name, csv_bytes(pa.Table.from_pylist(rows)))


def _take(analysis: Analysis, name: str, sheet: RawSheet) -> TrackerReport:
    positions = {header_key(h): i for i, h in enumerate(sheet.headers)}
    wanted = ("entry_number", *USER_COLUMNS)
    absent = [c for c in LATER_COLUMNS if header_key(c) not in positions]
    missing = [c for c in wanted if header_key(c) not in positions and c not in absent]
    if missing:
        return TrackerReport(
            name=name,
            status="error",
            errors=[
                f"not an ace-refunds tracker: no column(s) {', '.join(missing)} in the header on row {sheet.header_row}"
            ],
        )
    blank = pa.nulls(sheet.table.num_rows, pa.string())
    staged = pa.table(
        {c: sheet.table.column(f"c{positions[header_key(c)]}") if c not in absent else blank for c in wanted}
        | {"_row": sheet.table.column("_row")}
    )
    analysis.merge()
    con = analysis.con
    with db.staged(con, staged):
        db.run(
            con,
            "tracker_stage",
            statuses=list(ACTION_STATUSES),
            payees=list(PAYEES),
            ach_statuses=list(ACH_STATUSES),
            contested_statuses=list(CONTESTED_STATUSES),
        )
        issues_found = db.run(con, "tracker_issues").fetchall()
        db.run(con, "tracker_replace", source_file=name, absent=[*absent, ""])  # typed VARCHAR[] even when empty
        rows_read, entries = db.run(con, "tracker_counts").fetchall()[0]
        changes = db.arrow_file(con, "tracker_changes").to_pylist()
        con.execute("DROP TABLE tracker_typed")
    headers = {c: sheet.headers[positions[header_key(c)]] for c in wanted if c not in absent}
    issues = [
        RowIssue(
            row=row,
            column=headers[column],
            message=_FLAG_TEXT[column].format(value=value)
            if kind == "flag"
            else f"{value} appears again further down: the last row is kept",
        )
        for row, column, value, kind in issues_found
    ]
    left = [c["entry_number"] for c in changes if c["change"] == "left"]
    known = {header_key(c) for c in (*wanted, *_FACT_COLUMNS)}
    report = TrackerReport(
        name=name,
        status="ok",
        rows_read=rows_read,
        entries=entries,
        matched=entries - len(left),
        left=left,
        joined=[c["entry_number"] for c in changes if c["change"] == "joined"],
        ignored_columns=[h for h in sheet.headers if header_key(h) not in known],
        issues=sorted(issues, key=lambda i: i.row or 0),
    )
    analysis.tracker_report = report
    return report


def reconcile(analysis: Analysis, as_of: dt.date, corporate: bool = True) -> tuple[pa.Table, dict[str, Any]]:
    """Per entry: expected refund, received, variance, refund status, interest estimate vs received;
    and the totals."""
    analysis.merge()
    table = db.arrow_file(
        analysis.con,
        "reconcile",
        as_of=as_of,
        rate_column="corporate" if corporate else "noncorporate",
        tolerance=MATCH_TOLERANCE,
    )
    total: dict[str, Any] = {"entries": table.num_rows}
    for column in ("expected", "received", "interest_estimate", "interest_received", "offset_amount"):
        total[column] = pc.sum(table[column]).as_py() or Decimal(0)  # DECIMAL sums: exact
    total["variance"] = total["received"] - total["expected"]
    # what came against what the entries paid were owed: nothing before the first refund
    paid = pc.is_valid(table["received"])
    total["paid variance"] = pc.sum(pc.filter(table["variance"], paid)).as_py() or Decimal(0)
    for status in REFUND_STATUSES:
        total[status] = pc.sum(pc.equal(table["refund_status"], status)).as_py() or 0
    for status, column, name in (
        ("paid to another party", "received", "paid to another party amount"),  # for the 4811 party or broker
        ("refunded short", "shortfall", "refunded short shortfall"),  # what no offset explains
    ):
        chosen = pc.filter(table[column], pc.equal(table["refund_status"], status))
        total[name] = pc.sum(chosen).as_py() or Decimal(0)
    return table, total
