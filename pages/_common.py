"""What every page shares: the session's own analysis, the sidebar settings, formatting, and tables
that download. Nothing here is shared between browser sessions."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import streamlit as st

from acecore.analysis import Analysis
from acecore.coverage import DEFAULT_WINDOW
from acecore.export import csv_bytes
from acecore.models import FileReport
from acecore.sample import generate, to_csv

SAMPLE_NAME = "sample ES-003 (synthetic).csv"


@st.cache_data(show_spinner=False)
def sample_bytes() -> bytes:
    """The built-in synthetic sample: the same for everyone, holds no user data."""
    return to_csv(generate(entries=400))


def analysis() -> Analysis:
    """This browser session's analysis (its own in-memory DuckDB); the sample until a file is uploaded."""
    if "analysis" not in st.session_state:
        start_over(with_sample=True)
    return st.session_state.analysis


def start_over(with_sample: bool) -> None:
    fresh = Analysis()
    if with_sample:
        fresh.add_file(SAMPLE_NAME, sample_bytes())
    st.session_state.analysis = fresh
    st.session_state.using_sample = with_sample
    st.session_state.seen_uploads = set()
    st.session_state.tracker_message = None
    # a new uploader widget: the old one would hand its files straight back after a start-over
    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1


def add_uploads(files: list) -> list[FileReport]:
    """Load files not loaded yet in this session; the first real upload replaces the sample."""
    new = [f for f in files if (f.name, f.size, f.file_id) not in st.session_state.seen_uploads]
    if new and st.session_state.using_sample:
        start_over(with_sample=False)
    reports = []
    progress = st.progress(0.0, text="Reading files…") if new else None
    for done, upload in enumerate(new):
        with st.spinner(f"Reading {plain(upload.name)} ({upload.size / 1e6:.1f} MB)…"):
            reports.append(st.session_state.analysis.add_file(upload.name, upload.getvalue()))
        st.session_state.seen_uploads.add((upload.name, upload.size, upload.file_id))
        progress.progress((done + 1) / len(new), text=f"Read {done + 1} of {len(new)} files")
    if progress:
        progress.empty()
    return reports


def as_of() -> dt.date:
    return st.session_state.get("as_of", dt.date.today())


def window() -> int:
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
    money_columns = {f.name: st.column_config.NumberColumn(f.name, format="dollar")
                     for f in data.schema if pa.types.is_decimal(f.type) and f.name != "rate_pct"}
    st.dataframe(data, hide_index=True, width="stretch", height=height or "auto", column_config=money_columns)
    st.download_button(f"Download {file_name}", csv_bytes(data), file_name=file_name, mime="text/csv", key=key,
                       on_click="ignore")
