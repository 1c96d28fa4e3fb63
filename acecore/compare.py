"""Two ES-003 pulls compared entry by entry: which entries lost their IEEPA lines (CBP accepted the CAPE
declaration and reliquidated without them), which lost part, liquidated, appeared, went or changed duty.
A confirmation of refunds that no other record gives an importer before the money arrives."""

from __future__ import annotations

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis
from acecore.tracker import TrackerReport, saved_rows, take_changes

CHANGES = ("ieepa removed", "ieepa reduced", "liquidated", "new entry", "entry gone", "duty changed")
# tracker statuses that a confirmed acceptance moves on; 'rejected' or 'refunded' the user set stay
ACCEPTABLE = ("not started", "prepared", "filed")
ACCEPTED_NOTE = "IEEPA lines gone in a later ES-003 pull: CAPE accepted"


def compare(before: Analysis, after: Analysis) -> pa.Table:
    """One row per entry that changed from `before` to `after` (sql/compare.sql)."""
    earlier = before.sql("SELECT entry_number, ieepa_duty, ieepa_rows, total_duty, liquidation_date FROM entries")
    with after.lock:
        after.merge()
        after.con.register("before_entries", earlier)
        try:
            return db.arrow_file(after.con, "compare")
        finally:
            after.con.unregister("before_entries")


def accept_removed(after: Analysis, changes: pa.Table) -> TrackerReport | None:
    """Mark 'accepted' in `after`'s tracker the entries whose IEEPA lines are gone, unless the user set
    another status than not started, prepared or filed; their other working columns stay. None when no
    entry is to be marked."""
    removed = {r["entry_number"] for r in changes.to_pylist() if r["change"] == "ieepa removed"}
    kept = saved_rows(after)
    accepted = {
        entry: {"action_status": "accepted"}
        for entry in sorted(removed)
        if kept.get(entry, {}).get("action_status", "not started") in ACCEPTABLE
    }
    return take_changes(after, "compare: IEEPA lines gone", accepted, ACCEPTED_NOTE)
