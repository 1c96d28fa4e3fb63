"""Two ES-003 pulls compared entry by entry: which entries lost their IEEPA lines (CBP accepted the CAPE
declaration and reliquidated without them), which lost part, liquidated, appeared, went or changed duty.
A confirmation of refunds that no other record gives an importer before the money arrives."""

from __future__ import annotations

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis
from acecore.export import csv_bytes
from acecore.tracker import USER_COLUMNS, TrackerReport, load_tracker

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
    kept = {r["entry_number"]: r for r in after.tracker_rows().to_pylist()}
    rows = []
    for entry in sorted(removed):
        row = kept.get(entry, {})
        if row.get("action_status", "not started") not in ACCEPTABLE:
            continue
        notes = "; ".join(n for n in (row.get("notes"), ACCEPTED_NOTE) if n)
        rows.append(
            {"entry_number": entry}
            | {c: row.get(c) for c in USER_COLUMNS}
            | {"action_status": "accepted", "notes": notes}
        )
    if not rows:
        return None
    return load_tracker(after, "compare: IEEPA lines gone", csv_bytes(pa.Table.from_pylist(rows)))
