"""Tracker edits of several sessions on one workspace, merged cell by cell, never lost.

Each session remembers the tracker as it last read or wrote it (its base). Saving, it sends only the
entries it changed since; the store's current rows are merged with them in one transaction: a cell only
this session changed takes its value, a cell only the other changed keeps theirs, and a cell both changed
to different values keeps theirs and comes back as a conflict, for the person to choose "yours" or "theirs".
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from acecore.tracker import USER_COLUMNS

Rows = dict[str, dict[str, Any]]  # entry number -> its tracker row


class CellConflict(BaseModel):
    """A cell that another session changed to something else while this one changed it too."""

    entry_number: str
    column: str
    yours: Any
    theirs: Any


def by_entry(table: pa.Table | None) -> Rows:
    return {} if table is None else {row["entry_number"]: row for row in table.to_pylist()}


def changed_since(mine: Rows, base: Rows) -> Rows:
    """The rows whose working columns this session changed since its base."""
    return {e: row for e, row in mine.items() if _work(row) != _work(base.get(e))}


def merge(theirs: Rows, base: Rows, changed: Rows) -> tuple[Rows, list[CellConflict]]:
    """The store's rows with this session's changes laid over them, cell by cell."""
    merged, conflicts = dict(theirs), []
    for entry, mine in changed.items():
        stored = theirs.get(entry)
        if stored is None:  # new to the store (or the store never had it): this session's row
            merged[entry] = mine
            continue
        before = base.get(entry) or {}
        row = dict(stored)
        for column in USER_COLUMNS:
            yours, was, now = mine.get(column), before.get(column), stored.get(column)
            if yours == was:  # not changed here
                continue
            if now in (was, yours):
                row[column] = yours
            else:
                conflicts.append(CellConflict(entry_number=entry, column=column, yours=yours, theirs=now))
        if row != stored:
            row["source_file"], row["source_row"] = mine["source_file"], mine["source_row"]
        merged[entry] = row
    return merged, conflicts


def as_table(rows: Rows, schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist([rows[e] for e in sorted(rows)], schema=schema)


def _work(row: dict[str, Any] | None) -> tuple[Any, ...] | None:
    return None if row is None else tuple(row.get(c) for c in USER_COLUMNS)
