"""What every page shares: the session's own analysis and upload queue, the sidebar settings,
formatting, and tables that download. Nothing here is shared between browser sessions."""

from __future__ import annotations

import datetime as dt
import re
import time
from functools import cache

import pyarrow as pa
import streamlit as st

from acecore.analysis import Analysis
from acecore.coverage import DEFAULT_WINDOW
from acecore.export import csv_bytes
from acecore.limits import Limits
from acecore.sample import generate, to_csv
from acecore.uploads import Kind, Uploads

SAMPLE_NAME = "sample ES-003 (synthetic).csv"


@st.cache_data(show_spinner=False)
def sample_bytes() -> bytes:
    """The built-in synthetic sample: the same for everyone, holds no user data."""
    return to_csv(generate(entries=400))


@cache
def limits() -> Limits:
    """The host's bounds: ACE_* environment variables, then the [limits] section of secrets.toml."""
    try:
        overrides = dict(st.secrets.get("limits", {}))
    except Exception:  # no secrets file at all
        overrides = {}
    return Limits.load(overrides)


def analysis() -> Analysis:
    """This browser session's analysis (its own in-memory DuckDB); the sample until a file is uploaded."""
    if "analysis" not in st.session_state:
        start_over(with_sample=True)
    return st.session_state.analysis


def uploads() -> Uploads:
    """The queue that loads this session's files, to the end, whatever the pages do meanwhile."""
    analysis()
    return st.session_state.uploads


def start_over(with_sample: bool) -> None:
    fresh = Analysis(limits())
    if with_sample:
        fresh.add_file(SAMPLE_NAME, sample_bytes())
    st.session_state.analysis = fresh
    st.session_state.uploads = Uploads(fresh)
    st.session_state.using_sample = with_sample
    new_uploader()


def new_uploader() -> None:
    """A new uploader widget: Streamlit lets go of the files the old one held (they are loaded or
    queued by then), and a start-over does not get them handed straight back."""
    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1


def submit(kind: Kind, files: list) -> None:
    """Queue uploaded files for loading; the first ES-003 upload replaces the sample."""
    if kind == "es003" and files and st.session_state.using_sample:
        start_over(with_sample=False)
    for upload in files:
        uploads().submit(kind, upload.name, upload.getvalue())
    new_uploader()


def wait_for_uploads() -> None:
    """While files are loading, show how far it got; when they are in, draw the page again. A click
    elsewhere ends this wait, not the loading."""
    queue = uploads()
    if not queue.pending():
        return
    bar = st.progress(0.0, text="Reading your files…")
    while pending := queue.pending():
        total = len(queue.jobs)
        current = pending[0]
        bar.progress(
            (total - len(pending)) / total,
            text=f"Reading {plain(current.name)} ({current.size / 1e6:,.1f} MB): "
            f"{total - len(pending) + 1} of {total}. The page appears when they are in; "
            "leaving it does not stop the loading.",
        )
        time.sleep(0.25)
    bar.empty()
    st.rerun()


def as_of() -> dt.date:
    return st.session_state.get("as_of", dt.date.today())


def window() -> int | str:
    """The coverage window; the default when the user clears the choice."""
    return st.session_state.get("window") or DEFAULT_WINDOW


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def plain(text: object) -> str:
    """User text (file names, notes) shown as text: markdown characters escaped, never HTML."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def table(data: pa.Table, file_name: str, key: str, caption: str | None = None, height: int | None = None) -> None:
    """A table with its CSV download (Excel-safe, amounts exact)."""
    if caption:
        st.caption(caption)
    if data.num_rows == 0:
        st.info("Nothing to show for the current filters.")
        return
    money_columns = {
        f.name: st.column_config.NumberColumn(f.name, format="dollar")
        for f in data.schema
        if pa.types.is_decimal(f.type) and f.name != "rate_pct"
    }
    st.dataframe(data, hide_index=True, width="stretch", height=height or "auto", column_config=money_columns)
    st.download_button(
        f"Download {file_name}", csv_bytes(data), file_name=file_name, mime="text/csv", key=key, on_click="ignore"
    )
