"""How the pages show things: user text as text, metrics that are never cut, and tables with plain headers
whose download holds every row."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

import pyarrow as pa
import streamlit as st

from acecore.export import csv_bytes, long_date
from acecore.words import header
from pages.common.session import analysis

SHOWN_ROWS = 10_000  # rows a grid holds: more are no use to read in a browser, and slow every page run
WIDE = 5  # columns past which a grid says it scrolls sideways
DATE = "MM/DD/YYYY"  # a date in a grid or a date box, as ACE and an American import manager write it
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def plain(text: object) -> str:
    """User text (file names, notes) shown as text: markdown characters escaped, never HTML."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def dated(text: str) -> str:
    """Dates inside the rules data's text as people read them in a sentence: 2026-08-25 -> August 25, 2026."""
    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda d: long_date(dt.date.fromisoformat(d.group(0))), text)


def months_named(text: str) -> str:
    """A coverage verdict as people read it: its dates as dates, its months by name (2026-01 -> Jan 2026)."""
    return re.sub(r"\b(\d{4})-(\d{2})\b", lambda m: f"{dt.date(int(m[1]), int(m[2]), 1):%b %Y}", dated(text))


def entries(n: int) -> str:
    """A count of entries as people say it: 1 entry, 2 entries."""
    return f"{n:,} {'entry' if n == 1 else 'entries'}"


def sentences(lines: list[str]) -> str:
    """Lines of a report ("the header was found ...") as sentences: each begun in capitals, ended with a stop."""
    return " ".join(line[:1].upper() + line[1:] + ("" if line.endswith((".", "?", "!")) else ".") for line in lines)


# The most characters of an amount that four metrics side by side show whole: at 1,400 px 14 fit
# ("$12,345,678.90") and 15 are cut ("$123,456,78..."); 13 leaves room for a narrower window.
FITS_FOUR = 13


class Metric(NamedTuple):
    label: str
    value: str
    help: str | None = None
    delta: str | None = None  # shown plain under the value (no colour: a variance is not good or bad)


def metric_row(metrics: list[Metric]) -> None:
    """Metrics side by side, two to a row when a value is too long for four (a large importer's
    amounts): a cut amount would read as another number."""
    per_row = len(metrics) if max(len(m.value) for m in metrics) <= FITS_FOUR else 2
    for start in range(0, len(metrics), per_row):
        for column, m in zip(st.columns(per_row), metrics[start : start + per_row], strict=False):  # a last odd one
            column.metric(m.label, m.value, delta=m.delta, delta_color="off", delta_arrow="off", help=m.help)


def for_people(data: pa.Table) -> pa.Table:
    """The table with plain headers."""
    return data.rename_columns([header(n) for n in data.column_names])


def table(
    data: pa.Table,
    file_name: str,
    key: str,
    caption: str | None = None,
    height: int | None = None,
    whole: tuple[int, Callable[[], pa.Table]] | None = None,
    download: str | None = None,
) -> None:
    """A table with its CSV download (Excel-safe, amounts exact). The grid holds the first SHOWN_ROWS
    rows and says so; the download holds every row, its CSV made only when it is clicked (a page run of
    400,000 IEEPA lines sent them all to the browser and wrote their CSV every time: 3 s). `whole`, for a
    table queried only as far as the grid shows: how many rows it has, and how to get all of them;
    `download`, the button's words."""
    if caption:
        st.caption(caption)
    if data.num_rows == 0:
        filtered = any(analysis().filters.values())
        st.info(f"Nothing to show{' for the current filters' if filtered else ''}.")
        return
    shown_as = {  # amounts in dollars, dates as Americans write them (the download keeps ISO dates)
        header(f.name): st.column_config.NumberColumn(header(f.name), format="dollar")
        if pa.types.is_decimal(f.type)
        else st.column_config.DateColumn(header(f.name), format=DATE)
        for f in data.schema
        if (pa.types.is_decimal(f.type) and not f.name.endswith("_pct")) or pa.types.is_date(f.type)
    }
    rows, everything = whole or (data.num_rows, lambda: data)
    st.dataframe(
        for_people(data.slice(0, SHOWN_ROWS)),
        hide_index=True,
        placeholder="",
        width="stretch",
        height=height or "auto",
        column_config=shown_as,
    )
    told = [f"The first {SHOWN_ROWS:,} of {rows:,} rows; the download holds all of them."] if rows > SHOWN_ROWS else []
    if data.num_columns > WIDE:  # a phone shows three or four columns, and nothing says there are more
        told.append(f"{data.num_columns} columns: on a narrow screen, scroll the table sideways to see them all.")
    if told:
        st.caption(" ".join(told))
    st.download_button(
        download or f"Download this table ({file_name})",
        lambda: csv_bytes(for_people(everything())),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
